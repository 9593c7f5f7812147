/**
 * The resolver's and the scanner's cost grows linearly with the text, and the resolver's stops growing at its input
 * bound. Ratios of CPU time in one process (see `cpuRatio`), kept out of the extra time-zone projects: the machine's
 * zone does not change them, and each run on a loaded machine is one more chance of noise.
 */
import { describe, expect, it } from "vitest";
import { cpuRatio, HOSTILE, SCALE } from "./__fixtures__/hostile.ts";
import { INSTANTS } from "./phrase-table.ts";
import { findMentions, resolve } from "./resolve.ts";
import { scanMentions } from "./scan.ts";

const ZONE = "Europe/Berlin";
/** Linear cost gives a ratio of about SCALE and quadratic SCALE², so twice SCALE still tells them apart. */
const LINEAR = 2 * SCALE;
/** Bounded cost gives about 1 and linear SCALE. */
const BOUNDED = (1 + SCALE) / 2;

describe("resolve: cost linear in the input", () => {
  // Before: "1 2 3 4 …" took 4 s at 16 KB and 17 s at 32 KB (a bare number was tested against the whole text), and
  // "1 2 3 … um 10" did not finish (one pass over all numbers per number added to the list).
  it.each(Object.entries(HOSTILE))(
    `findMentions on %s: ${SCALE} times the text, about ${SCALE} times the CPU time`,
    (_name, make) => {
      expect(cpuRatio(make, findMentions, 8_192)).toBeLessThan(LINEAR);
    },
  );

  it("resolve costs the same on 32 KB and 128 KB of hostile text: it reads only the end", () => {
    const run = (text: string) => resolve(text, { now: INSTANTS.call, zone: ZONE });
    expect(cpuRatio(HOSTILE["1 2 3 4 …"] as (n: number) => string, run, 32_768)).toBeLessThan(BOUNDED);
  });
});

describe("scanMentions: cost linear in the text", () => {
  // Before: each sentence end re-read the text before it, and each mention counted every sentence end.
  const options = { now: INSTANTS.call, zone: ZONE };
  const sentences = (n: number) =>
    "Am Montag, 27. Oktober, um 10:00 Uhr. ".repeat(Math.ceil(n / 38)).slice(0, n);
  const initials = (n: number) => "a. ".repeat(Math.ceil(n / 3)).slice(0, n);
  it.each([
    ["many dated times, one per sentence", sentences],
    ["a. a. a. …", initials],
  ])(`%s: ${SCALE} times the text, about ${SCALE} times the CPU time`, (_name, make) => {
    expect(cpuRatio(make, (text) => scanMentions(text, options), 8_192)).toBeLessThan(LINEAR);
  });
});
