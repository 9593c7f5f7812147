/**
 * `termin bench rule`: how long the rule model's `complete()` takes per step as a call grows. One long call runs
 * through `startCall` (the conversation loop, the real tool handlers, the in-process simulator) with a mix of caller
 * lines (`bench-rule-lines.de.ts`); every `complete()` is timed with `performance.now()`. The step time near turn
 * 10 is set against the step time near the last turn: a model that re-reads the whole history on every step grows
 * with the call, one that remembers what it read does not. Several runs, each a fresh call and a fresh model with
 * the same lines; each figure is given as min / median / max over the runs, since shared machines are noisy.
 */
import { performance } from "node:perf_hooks";
import { startCall } from "../agent/call.ts";
import type { ChatModel } from "../agent/model.ts";
import { createRuleModel } from "../agent/rule-model.ts";
import { manualClock } from "../calendar/clock.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { BENCH_RULE_BOOKING, BENCH_RULE_LINES, BENCH_RULE_MOVE } from "./bench-rule-lines.de.ts";

/** Options of {@link benchRule}. */
export interface BenchRuleOptions {
  profile: BusinessProfile;
  /** Caller turns of the call (default 200). */
  turns?: number;
  /** Calls played, each with a fresh model (default 3). */
  runs?: number;
  /** Seed of the line mix; the same seed says the same lines (default 1). */
  seed?: number;
}

/** A figure over the runs. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** `complete()` step times in a window of turns, per run, then over the runs. */
export interface StepWindow {
  /** First and last caller turn of the window (the 10 turns up to `to`). */
  from: number;
  to: number;
  /** Model steps in the window, median over the runs. */
  steps: number;
  /** Median and 99th percentile (nearest rank) of the window's step times in one run, in ms; over the runs. */
  p50Ms: Spread;
  p99Ms: Spread;
}

/** What `termin bench rule` prints. */
export interface BenchRuleResult {
  business: string;
  turns: number;
  runs: number;
  seed: number;
  /** Turns every run reached (the call never ended before its last turn unless this is less than `turns`). */
  reached: number;
  /** Model steps of a whole call (median over the runs). */
  steps: number;
  /**
   * Times the model ended the call (the same sentence a third time, no progress), summed over the runs. The bench
   * keeps the line open (its `end_call` is dropped, its goodbye said) so every run has all its turns.
   */
  hangUps: number;
  /** The 10 turns up to turn 10. */
  early: StepWindow;
  /** The 10 turns up to the last turn. */
  late: StepWindow;
  /** Median p50 of the late window over median p50 of the early one: about 1 when the step time does not grow. */
  growth: number;
  /** Whole bench: CPU (user + system) and wall time. */
  cpuMs: number;
  wallMs: number;
}

/** Defaults of the CLI: one 200-turn call (a real one has a few dozen), three times over. */
export const BENCH_RULE_DEFAULTS = { turns: 200, runs: 3, seed: 1 } as const;
const WINDOW = 10;
const EARLY_TURN = 10;
const NOW = "2025-11-03T08:00:00+01:00";
const CALLER = "+4915112345678";

/** mulberry32: a small seeded generator, so the same seed gives the same call. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The caller's lines of one call: the booking episode, then moving episodes, until `turns` lines; each line drawn
 * at random (by `seed`) from its kind.
 */
export function benchRuleLines(turns: number, seed: number): string[] {
  const next = random(seed);
  const lines: string[] = [];
  for (let episode = 0; lines.length < turns; episode++) {
    for (const kind of episode === 0 ? BENCH_RULE_BOOKING : BENCH_RULE_MOVE) {
      if (lines.length === turns) break;
      const list = BENCH_RULE_LINES[kind];
      lines.push(list[Math.floor(next() * list.length)] ?? list[0]);
    }
  }
  return lines;
}

/** Nearest-rank percentile (0 when empty). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function spread(values: readonly number[]): Spread {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    min: round(Math.min(...values)),
    median: round(percentile(values, 50)),
    max: round(Math.max(...values)),
  };
}

interface Step {
  turn: number;
  ms: number;
}

/** What one call gave: every `complete()` step, the turns it reached and the goodbyes it went on from. */
interface Played {
  steps: Step[];
  reached: number;
  hangUps: number;
}

/** One call of `lines`: every `complete()` step with its caller turn and duration. */
async function playCall(profile: BusinessProfile, lines: readonly string[], run: number): Promise<Played> {
  const clock = manualClock(NOW);
  const calendar = new CalendarSimulator({ profile, clock });
  const rule = createRuleModel({ profile, now: clock().toISO() ?? NOW });
  const steps: Step[] = [];
  let turn = 0;
  let hangUps = 0;
  const model: ChatModel = {
    name: rule.name,
    async complete(request) {
      const start = performance.now();
      const response = await rule.complete(request);
      steps.push({ turn, ms: performance.now() - start });
      // The line stays open: a model that gives up on this caller (the same sentence a third time) says its
      // goodbye, and the caller simply goes on, so the call runs all its turns. Counted, not hidden.
      const kept = response.toolCalls.filter((c) => c.name !== "end_call");
      if (kept.length === response.toolCalls.length) return response;
      hangUps++;
      return { content: response.content, toolCalls: kept };
    },
  };
  const call = startCall({
    business: profile,
    calendar,
    clock,
    callerPhone: CALLER,
    callId: `bench_rule_${run}`,
    model,
    budget: { maxCallerTurns: lines.length + 1 },
  });
  call.conversation.greet();
  for (const line of lines) {
    if (call.conversation.ended) break;
    turn++;
    clock.advance({ seconds: 10 });
    await call.conversation.turn(line);
  }
  await call.conversation.finish();
  return { steps: steps.filter((s) => s.turn > 0), reached: turn, hangUps };
}

/** Plays the call `runs` times and reports the step times near turn 10 and near the last turn. */
export async function benchRule(options: BenchRuleOptions): Promise<BenchRuleResult> {
  const turns = options.turns ?? BENCH_RULE_DEFAULTS.turns;
  const runs = options.runs ?? BENCH_RULE_DEFAULTS.runs;
  const seed = options.seed ?? BENCH_RULE_DEFAULTS.seed;
  const lines = benchRuleLines(turns, seed);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const played: Played[] = [];
  for (let run = 1; run <= runs; run++) played.push(await playCall(options.profile, lines, run));

  const window = (to: number): StepWindow => {
    const from = Math.max(1, to - WINDOW + 1);
    const per = played.map((p) => p.steps.filter((s) => s.turn >= from && s.turn <= to).map((s) => s.ms));
    return {
      from,
      to,
      steps: percentile(
        per.map((ms) => ms.length),
        50,
      ),
      p50Ms: spread(per.map((ms) => percentile(ms, 50))),
      p99Ms: spread(per.map((ms) => percentile(ms, 99))),
    };
  };
  const early = window(Math.min(EARLY_TURN, turns));
  const late = window(turns);
  const used = process.cpuUsage(cpu);
  return {
    business: options.profile.id,
    turns,
    runs,
    seed,
    reached: Math.min(...played.map((p) => p.reached)),
    steps: percentile(
      played.map((p) => p.steps.length),
      50,
    ),
    hangUps: played.reduce((n, p) => n + p.hangUps, 0),
    early,
    late,
    growth: early.p50Ms.median > 0 ? Math.round((late.p50Ms.median / early.p50Ms.median) * 10) / 10 : 0,
    cpuMs: Math.round((used.user + used.system) / 1000),
    wallMs: Math.round(performance.now() - wall),
  };
}

/** The result for people: one line per window, ms as min / median / max over the runs. */
export function benchRuleTable(r: BenchRuleResult): string[] {
  const ms = (s: Spread) => `${s.min.toFixed(3)} / ${s.median.toFixed(3)} / ${s.max.toFixed(3)}`;
  const row = (w: StepWindow) =>
    `  turns ${`${w.from}-${w.to}`.padEnd(9)} p50 ${ms(w.p50Ms)}   p99 ${ms(w.p99Ms)}   (${w.steps} steps a run)`;
  return [
    `rule model complete() per step, ms (min / median / max over ${r.runs} runs of one ${r.turns}-turn call, ` +
      `${r.business}, seed ${r.seed}):`,
    row(r.early),
    row(r.late),
    `  median p50 at turn ${r.late.to} is ${r.growth}x the one at turn ${r.early.to}; ` +
      `${r.steps} steps a call, ${r.reached} turns reached, ${r.hangUps} goodbyes gone on from; ` +
      `${r.cpuMs} ms CPU, ${r.wallMs} ms wall`,
  ];
}
