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

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * CPU time of `run` on `make(4n)` over its time on `make(n)`, each the fastest of four tries, taken in turns after a
 * warm-up run of both (so the compiler's first work counts for neither). Each try repeats the call until the smaller
 * one takes some 15 ms, so a fast call is not measured in clock ticks.
 */
/** How much larger the large text is than the small one. */
export const SCALE = 4;

export function cpuRatio(make: (n: number) => string, run: (text: string) => unknown, n: number): number {
  const small = make(n);
  const large = make(SCALE * n);
  run(large);
  let repeat = 1;
  while (repeat < 4096 && cpuMs(() => run(small)) * repeat < 15) repeat *= 2;
  const timed = (text: string) =>
    cpuMs(() => {
      for (let i = 0; i < repeat; i += 1) run(text);
    });
  let smallBest = Number.POSITIVE_INFINITY;
  let largeBest = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    smallBest = Math.min(smallBest, timed(small));
    largeBest = Math.min(largeBest, timed(large));
  }
  return largeBest / Math.max(smallBest, 0.001);
}
