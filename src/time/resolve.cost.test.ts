/**
 * The resolver's and the scanner's cost grows linearly with the text, and the resolver's stops growing at its input
 * bound. Ratios of CPU time in one process (see `cpuRatio`), kept out of the extra time-zone projects: the machine's
 * zone does not change them, and each run on a loaded machine is one more chance of noise.
 */
import { describe, expect, it } from "vitest";
import { cpuRatio, HOSTILE, medianOfFive, SCALE } from "./__fixtures__/hostile.ts";
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
      expect(cpuRatio(make, findMentions, 8_192, LINEAR)).toBeLessThan(LINEAR);
    },
  );

  it("resolve costs the same on 32 KB and 128 KB of hostile text: it reads only the end", () => {
    const run = (text: string) => resolve(text, { now: INSTANTS.call, zone: ZONE });
    expect(cpuRatio(HOSTILE["1 2 3 4 …"] as (n: number) => string, run, 32_768, BOUNDED)).toBeLessThan(
      BOUNDED,
    );
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
    expect(cpuRatio(make, (text) => scanMentions(text, options), 8_192, LINEAR)).toBeLessThan(LINEAR);
  });
});

describe("medianOfFive: measures only until the median's side of the bound is known", () => {
  /** The values in turn, and how many were measured. */
  const measured = (values: number[], below: number) => {
    let taken = 0;
    const median = medianOfFive(() => values[taken++] as number, below);
    return { median, taken };
  };

  it.each([
    // Three below the bound at once: the largest of them, after three.
    [[1, 3, 2, 9, 9], 5, 3, 3],
    // One above among the first three: a fourth is needed.
    [[1, 9, 2, 4, 9], 5, 4, 4],
    // Three above: all five, and the true median (the third smallest).
    [[9, 1, 8, 7, 2], 5, 5, 7],
    // Two above, then three below by the fifth: the largest below, which is the median.
    [[9, 1, 9, 2, 3], 5, 5, 3],
  ])("%j below %d: %d measured, %d returned", (values, below, taken, median) => {
    expect(measured(values, below)).toEqual({ median, taken });
  });

  it("decides as the median of all five would, for every order of five values around the bound", () => {
    const values = [1, 2, 6, 7, 8];
    const orders = (rest: number[]): number[][] =>
      rest.length <= 1
        ? [rest]
        : rest.flatMap((v, i) => orders(rest.filter((_, j) => j !== i)).map((o) => [v, ...o]));
    for (const below of [1.5, 2.5, 6.5, 7.5, 9]) {
      for (const order of orders(values)) {
        const { median } = measured(order, below);
        expect(median < below, `${order} below ${below}`).toBe(6 < below);
        // The largest of three values below the bound is at least the median: three values are not above it.
        expect(median).toBeGreaterThanOrEqual(6);
      }
    }
  });
});
