/**
 * The redactor's cost grows linearly with the text: a ratio of CPU time in one process (see `cpuRatio`). Cost tests
 * live in `*.cost.test.ts` files, apart from the behaviour they time.
 */
import { describe, expect, it } from "vitest";
import { cpuRatio, SCALE } from "../time/__fixtures__/hostile.ts";
import { redactText } from "./redact.ts";

describe("redactText cost", () => {
  // Hostile inputs: one long word, long digit runs, many "+" signs, digit groups that look like numbers,
  // e-mail-ish runs, endless dictation. Each is redacted on its own; all of them together must cost about
  // SCALE times as much at SCALE times the length.
  const hostile: ((n: number) => string)[] = [
    (n) => "a".repeat(n),
    (n) => "1".repeat(n),
    (n) => "+".repeat(n),
    (n) => "+1 ".repeat(n / 3),
    (n) => "0 ".repeat(n / 2),
    (n) => "(0".repeat(n / 2),
    (n) => "0170 1234567 ".repeat(n / 13),
    (n) => "a@".repeat(n / 2),
    (n) => `${"a.".repeat(n / 2)}@`,
    (n) => "null ".repeat(n / 5),
    (n) => "api_key:".repeat(n / 8),
  ];
  const SEPARATOR = "\u0000";

  it(`is linear: ${SCALE} times the text costs less than ${2 * SCALE} times the CPU time (quadratic: ${SCALE ** 2})`, () => {
    const ratio = cpuRatio(
      (n) => hostile.map((make) => make(n)).join(SEPARATOR),
      (texts) => {
        for (const text of texts.split(SEPARATOR)) redactText(text);
      },
      4_000,
      2 * SCALE,
    );
    expect(ratio).toBeLessThan(2 * SCALE);
  }, 60_000);
});
