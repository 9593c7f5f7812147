/**
 * Resolver throughput, for `termin bench resolve`: the phrases of the resolver's phrase table, cycled, each pass said
 * at another of the table's reference instants so `now`-dependent rules (month and year roll-over, DST days) all run.
 * `--vs chrono` times chrono-node's German parser (a dev dependency) on the same phrases in the same process.
 */
import { DateTime } from "luxon";
import { INSTANTS, PHRASES } from "./phrase-table.ts";
import { resolve } from "./resolve.ts";

const ZONE = "Europe/Berlin";
const NOWS: readonly string[] = Object.values(INSTANTS);

/** The i-th phrase of a run and the moment it is said at. */
function phraseAt(i: number): { text: string; now: string } {
  const phrase = PHRASES[i % PHRASES.length];
  if (phrase === undefined) throw new Error("the phrase table is empty");
  return { text: phrase.text, now: NOWS[Math.floor(i / PHRASES.length) % NOWS.length] ?? phrase.now };
}

/** CPU seconds (user + system, so a busy machine does not skew it) that `work` takes. */
function cpuSeconds(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function perSecond(count: number, seconds: number): number {
  return seconds > 0 ? Math.round(count / seconds) : Number.POSITIVE_INFINITY;
}

/** Resolves phrases `from` to `to` (exclusive) of the cycled table. */
function resolveRange(from: number, to: number): void {
  for (let i = from; i < to; i += 1) {
    const { text, now } = phraseAt(i);
    resolve(text, { now, zone: ZONE });
  }
}

/** Resolves `count` phrases and reports the CPU time they took. */
export function benchResolve(count: number): { phrases: number; seconds: number; perSecond: number } {
  const seconds = cpuSeconds(() => resolveRange(0, count));
  return { phrases: count, seconds, perSecond: perSecond(count, seconds) };
}

/** min / median / max of several runs' figures. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? Number.NaN)
      : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted.at(-1) ?? Number.NaN };
}

/** Figures of `termin bench resolve --vs chrono`. */
export interface VersusChrono {
  /** Phrases per run and engine. */
  phrases: number;
  runs: number;
  /** Phrases per CPU second. */
  resolver: Spread;
  chrono: Spread;
  /** The resolver's throughput over chrono's, per run (both engines timed in the same run). */
  ratio: Spread;
}

/** What the benchmark needs of chrono-node: its German parser. */
interface ChronoDe {
  parse(text: string, reference: { instant: Date; timezone: number }): unknown[];
}

async function loadChrono(): Promise<ChronoDe> {
  try {
    const chrono = await import("chrono-node");
    return chrono.de;
  } catch (error) {
    throw new Error("chrono-node is not installed (it is a dev dependency of termin-kit: npm install)", {
      cause: error,
    });
  }
}

/** Slices of a run: the engines take turns slice by slice, so a busy spell of the machine falls on both alike. */
const SLICES = 10;

/**
 * Times the resolver and chrono-node's German parser on the same `count` phrases, `runs` times, in CPU time. Each
 * run is cut into {@link SLICES} slices that both engines parse in turn, the one going first alternating from slice
 * to slice; one untimed pass of each warms the JIT first. Each engine gets the moment a phrase is said at in its
 * own form: the resolver the table's ISO string, chrono a Date and the offset in minutes, each made once per
 * instant as a caller would.
 */
export async function benchResolveVsChrono(options: { count: number; runs: number }): Promise<VersusChrono> {
  const { count, runs } = options;
  const chrono = await loadChrono();
  const references = new Map(
    NOWS.map((now) => {
      const at = DateTime.fromISO(now, { zone: ZONE });
      return [now, { instant: at.toJSDate(), timezone: at.offset }] as const;
    }),
  );
  const chronoRange = (from: number, to: number) => {
    for (let i = from; i < to; i += 1) {
      const { text, now } = phraseAt(i);
      const reference = references.get(now);
      if (reference !== undefined) chrono.parse(text, reference);
    }
  };
  resolveRange(0, PHRASES.length);
  chronoRange(0, PHRASES.length);
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    let oursSeconds = 0;
    let theirSeconds = 0;
    for (let slice = 0; slice < SLICES; slice += 1) {
      const from = Math.floor((count * slice) / SLICES);
      const to = Math.floor((count * (slice + 1)) / SLICES);
      if ((run + slice) % 2 === 0) {
        oursSeconds += cpuSeconds(() => resolveRange(from, to));
        theirSeconds += cpuSeconds(() => chronoRange(from, to));
      } else {
        theirSeconds += cpuSeconds(() => chronoRange(from, to));
        oursSeconds += cpuSeconds(() => resolveRange(from, to));
      }
    }
    ours.push(perSecond(count, oursSeconds));
    theirs.push(perSecond(count, theirSeconds));
    ratios.push(theirSeconds / oursSeconds);
  }
  return { phrases: count, runs, resolver: spread(ours), chrono: spread(theirs), ratio: spread(ratios) };
}

/** The figures for people, one line each. */
export function versusChronoTable(r: VersusChrono): string[] {
  const row = (s: Spread, digits: number) =>
    [s.min, s.median, s.max].map((v) => v.toFixed(digits)).join(" / ");
  return [
    `resolve vs chrono-node (de), ${r.phrases} phrases per run, ${r.runs} runs, CPU time; min / median / max`,
    `  resolver  ${row(r.resolver, 0)} phrases/s`,
    `  chrono    ${row(r.chrono, 0)} phrases/s`,
    `  ratio     ${row(r.ratio, 2)} (resolver throughput / chrono's, per run)`,
  ];
}
