import v8 from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Long, digit-heavy or otherwise hostile texts for the resolver's cost tests, and a loose CPU-time scaling measure:
 * the ratio of the CPU time on a text of length 4n to the one of length n. Linear cost gives about 4, quadratic 16,
 * bounded cost 1. CPU time, not wall time, and a ratio, not a threshold, so a busy or slow machine does not decide the
 * result; the factor of 4 leaves room for noise on a loaded machine (a factor of 2 with a bound of 3 flaked).
 */

/** The text `unit` repeated to exactly `n` characters. */
const repeated = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** "1 2 3 4 5 6 7 8 9 0 1 2 …": every token a candidate clock time. */
function counting(n: number): string {
  let text = "";
  for (let i = 1; text.length < n; i += 1) text += `${i % 10} `;
  return text.slice(0, n);
}

/** Hostile texts by name; each maker returns a text of exactly (or about) `n` characters. */
export const HOSTILE: Readonly<Record<string, (n: number) => string>> = {
  "1 2 3 4 …": counting,
  "1 2 3 … um 10 (a list that grows backwards from its clock)": (n) => `${counting(n - 6)} um 10`,
  "9, 10 oder 11, …": repeated("9, 10 oder 11, "),
  "12.12.12.12…": repeated("12."),
  "12. 12. 12. …": repeated("12. "),
  "um um um …": repeated("um "),
  "one 64 KB word": repeated("a"),
  "Montag + spaces + x": (n) => `Montag${" ".repeat(n - 7)}x`,
  "zehn zehn zehn …": repeated("zehn "),
  "Montag, den Montag, den …": repeated("Montag, den "),
  "a. a. a. … (sentence ends)": repeated("a. "),
};

/** V8's collector, called between timed runs so garbage left by one run is not collected on another's time. */
v8.setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (options: { type: "minor" | "major" }) => void;
/** A young-generation collection: cheap, and it clears what the last run left. */
const collect = () => gc({ type: "minor" });

function cpuMs(run: () => void): number {
  collect();
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** How much larger the large text is than the small one. */
export const SCALE = 4;

/**
 * CPU time of `run` on `make(4n)` over its time on `make(n)`, after a warm-up run of both (so the compiler's first
 * work counts for neither): the median of five ratios (or an upper bound of it, see `below`), each of a small run and
 * a large one taken in turn, with the garbage collected before each (and all of it once before the first). Each run
 * repeats the call until the smaller text takes at least 10 ms, so a fast call is not measured in clock ticks. A
 * median, not the fastest of each: one lucky small run or one interrupted large run moves the fastest-of ratio far (up
 * to twice the typical ratio while the machine was loaded), the median not.
 *
 * `below` is the bound the test compares the ratio with: the measuring stops as soon as three ratios fall below it
 * (then the median of five does too, whatever the other two would be) and returns the largest of those three: it is
 * at least the median of the ratios measured, so `ratio < below` decides as the median of five would, in three pairs
 * of runs instead of five when the cost is as it should be. Otherwise all five are measured and their median returned.
 */
export function cpuRatio(
  make: (n: number) => string,
  run: (text: string) => unknown,
  n: number,
  below: number,
): number {
  const small = make(n);
  const large = make(SCALE * n);
  // Test files share their worker: a full collection first, so garbage of earlier files is not collected on a
  // timed run's time.
  gc({ type: "major" });
  run(large);
  let repeat = 1;
  const timed = (text: string) =>
    cpuMs(() => {
      for (let i = 0; i < repeat; i += 1) run(text);
    });
  // Calibrated on the timed block itself: one hiccup while timing a single call must not leave it too short.
  while (repeat < 4096 && timed(small) < 10) repeat *= 2;
  return medianOfFive(() => {
    const smallMs = timed(small);
    return timed(large) / Math.max(smallMs, 0.001);
  }, below);
}

/**
 * The median of five values that `measure` returns one at a time, measuring only as many as it takes to tell whether
 * the median is below `below`: once three values are below it, the largest of them (an upper bound of the median of
 * any five that include them).
 */
export function medianOfFive(measure: () => number, below: number): number {
  const values: number[] = [];
  while (values.length < 5) {
    values.push(measure());
    const under = values.filter((v) => v < below);
    if (under.length === 3) return Math.max(...under);
  }
  return values.sort((x, y) => x - y)[2] as number;
}
