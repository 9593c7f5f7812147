/**
 * `termin bench contention`: what the kit's hold-then-book design wins over the seed's check-then-book, side by
 * side. The same callers (wishes spread over a week, seeded think times and Cal.com latencies, the same arrival
 * moments) meet the same starting calendar twice, on two fresh simulators in virtual time: once through the kit's
 * tool handlers, once through the seed's flow from the reference call. Both are measured against the best any
 * flow could do, a maximum matching of callers to the free slots they would accept.
 */
import { performance } from "node:perf_hooks";
import type { Booking } from "../calendar/backend.ts";
import { overlappingBookings } from "../calendar/overlap.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import {
  acceptable,
  type BenchWorld,
  buildWorld,
  CONTENTION_DEFAULTS,
  type ContentionOptions,
  startingCalendar,
} from "./bench-callers.ts";
import { CONFIRM_MS, type FlowRun, kitFlow, runFlow, seedFlow } from "./bench-flows.ts";
import { maximumMatching } from "./bench-matching.ts";
import { VirtualTime } from "./bench-virtual-time.ts";
import { instantKey } from "./session.ts";

export { CONTENTION_DEFAULTS, type ContentionOptions } from "./bench-callers.ts";

/** The figures of one flow. */
export interface FlowFigures {
  /** Callers who got a booking. */
  booked: number;
  /** `booked` / the best possible (1 when nobody could be booked). */
  ofBest: number;
  /** Callers whose offers held no slot they would accept (they said no and hung up). */
  noFit: number;
  /** Callers who picked a slot and hung up without a booking (the seed: every conflict). */
  lost: number;
  /** Times a chosen slot was gone at hold or booking time. */
  conflicts: number;
  /** Callers who booked after at least one conflict (the seed's flow: none, by design). */
  recovered: number;
  holds: number;
  /** Overlapping live bookings in the calendar afterwards (src/calendar/overlap.ts). */
  doubleBookings: number;
  /** Callers whose booking (reported, or found in the calendar) is not at the instant they accepted. */
  wrongInstant: number;
  calendarCalls: number;
  /** All Cal.com calls of the flow (failed calls included) per booking made. */
  callsPerBooking: number;
  toolCalls: number;
  /** Tool call duration in the latency model (virtual ms), nearest-rank percentiles. */
  toolLatencyMs: { p50: number; p99: number };
}

/** Both flows on one world. */
export interface ContentionResult {
  callers: number;
  seed: number;
  model: {
    start: string;
    week: { from: string; to: string };
    service: string;
    latencyMs: number;
    thinkMs: number;
    confirmMs: number;
    toleranceMin: number;
    tries: number;
    arrivalMin: number;
    /** Slots of the week, those booked before the run, and those free at its start. */
    slots: number;
    existing: number;
    free: number;
  };
  /** Maximum matching of callers to free slots they would accept: no flow can book more. */
  best: number;
  flows: { kit: FlowFigures; seed: FlowFigures };
  /** CPU (user + system) and wall time of the whole run, ms: the only figures a seed does not fix. */
  cpuMs: number;
  wallMs: number;
}

/** The best possible number of bookings: an exact maximum matching over the slots free at the start. */
export function bestPossible(world: BenchWorld, toleranceMin: number): number {
  const slotsByDate = new Map<string, number[]>();
  world.free.forEach((slot, i) => {
    slotsByDate.set(slot.date, [...(slotsByDate.get(slot.date) ?? []), i]);
  });
  const accepts = world.callers.map((caller) =>
    (slotsByDate.get(caller.date) ?? []).filter((i) => {
      const slot = world.free[i];
      return slot !== undefined && acceptable(caller, toleranceMin, slot.date, slot.minute);
    }),
  );
  return maximumMatching(accepts, world.free.length).size;
}

/** Nearest-rank percentile of a list (0 when empty). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Callers whose booking is not at the instant they accepted: as the flow reported it, or as the calendar holds it
 * (a booking is the caller's by the call id in its metadata).
 */
function wrongInstants(run: FlowRun, bookings: readonly Booking[], prefix: string): number {
  const wrong = new Set<number>();
  const accepted = new Map(run.outcomes.map((o) => [o.caller, o.accepted]));
  for (const o of run.outcomes) {
    if (o.booked !== null && (o.accepted === null || instantKey(o.booked) !== instantKey(o.accepted)))
      wrong.add(o.caller);
  }
  for (const b of bookings) {
    if (b.status !== "accepted" && b.status !== "pending") continue;
    const callId = b.metadata["callId"] ?? "";
    if (!callId.startsWith(prefix)) continue;
    const caller = Number(callId.slice(prefix.length));
    const instant = accepted.get(caller);
    if (instant == null || instantKey(instant) !== instantKey(b.start)) wrong.add(caller);
  }
  return wrong.size;
}

/** The figures of one flow run, from its outcomes and the calendar it left behind. */
export function flowFigures(
  run: FlowRun,
  bookings: readonly Booking[],
  prefix: string,
  best: number,
): FlowFigures {
  const count = (result: string) => run.outcomes.filter((o) => o.result === result).length;
  const booked = count("booked");
  return {
    booked,
    ofBest: best === 0 ? 1 : round(booked / best, 3),
    noFit: count("no_fit"),
    lost: count("lost"),
    conflicts: run.outcomes.reduce((s, o) => s + o.conflicts, 0),
    recovered: run.outcomes.filter((o) => o.result === "booked" && o.conflicts > 0).length,
    holds: run.outcomes.reduce((s, o) => s + o.holds, 0),
    doubleBookings: overlappingBookings(bookings).length,
    wrongInstant: wrongInstants(run, bookings, prefix),
    calendarCalls: run.calendarCalls,
    callsPerBooking: booked === 0 ? 0 : round(run.calendarCalls / booked),
    toolCalls: run.toolLatenciesMs.length,
    toolLatencyMs: {
      p50: Math.round(percentile(run.toolLatenciesMs, 50)),
      p99: Math.round(percentile(run.toolLatenciesMs, 99)),
    },
  };
}

/** Runs the benchmark: one world, both flows, each on a fresh simulator with its own virtual clock. */
export async function benchContention(
  profile: BusinessProfile,
  options: Partial<ContentionOptions> = {},
): Promise<ContentionResult> {
  const o: ContentionOptions = { ...CONTENTION_DEFAULTS, ...options };
  const cpu = process.cpuUsage();
  const started = performance.now();
  const world = await buildWorld(profile, o);
  const best = bestPossible(world, o.toleranceMin);

  const flow = async (which: typeof kitFlow, prefix: string): Promise<FlowFigures> => {
    const time = new VirtualTime(world.startIso);
    const sim = startingCalendar(world, time);
    const run = await runFlow(which, world, o, sim, time);
    return flowFigures(run, sim.listBookings(), prefix, best);
  };
  const kit = await flow(kitFlow, "bench_kit_");
  const seed = await flow(seedFlow, "bench_seed_");
  const used = process.cpuUsage(cpu);
  return {
    callers: o.callers,
    seed: o.seed,
    model: {
      start: world.startIso,
      week: world.week,
      service: world.service.id,
      latencyMs: o.latencyMs,
      thinkMs: o.thinkMs,
      confirmMs: CONFIRM_MS,
      toleranceMin: o.toleranceMin,
      tries: o.tries,
      arrivalMin: o.arrivalMin,
      slots: world.slots.length,
      existing: world.existing.length,
      free: world.free.length,
    },
    best,
    flows: { kit, seed },
    cpuMs: Math.round((used.user + used.system) / 1000),
    wallMs: Math.round(performance.now() - started),
  };
}
