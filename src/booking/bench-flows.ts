/**
 * The two booking flows the contention benchmark compares, one caller at a time on a shared simulated Cal.com in
 * virtual time: the kit's (the real tool handlers through `runTool`: check, hold the pick, book; a slot that is
 * gone comes back with fresh alternatives) and the seed's from the reference call (check, offer two, book after
 * the caller's think time with no hold and no re-check; a conflict ends the call with a generic error).
 */
import { DateTime } from "luxon";
import type { CalendarBackend } from "../calendar/backend.ts";
import { seededRandom } from "../calendar/faults.ts";
import { lastBookableDate } from "../calendar/grid.ts";
import type { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError } from "../errors.ts";
import { dayBounds } from "../time/instant.ts";
import { findExactSlot, rankAlternatives } from "./alternatives.ts";
import { type BenchCaller, type BenchWorld, type ContentionOptions, pickOffer } from "./bench-callers.ts";
import type { VirtualTime } from "./bench-virtual-time.ts";
import { runTool } from "./run-tool.ts";
import { BookingSession } from "./session.ts";
import type { SlotOffer, SlotTakenResult } from "./types.ts";

/**
 * The kit's agent asks "Soll ich ihn für Sie buchen?" after the hold and the caller says yes: this long, under
 * the hold. The seed's agent booked at once ("Perfekt! Einen Moment, ich buche den Termin...").
 */
export const CONFIRM_MS = 5_000;

/** Days after the wished one that one slot query covers: `BookingSession`'s default `searchDays`. */
const SEARCH_DAYS = 14;

/** How one call ended. `lost`: the caller picked a slot and hung up without a booking. */
export type CallResult = "booked" | "no_fit" | "lost";

/** One caller's call in one flow. */
export interface CallOutcome {
  caller: number;
  result: CallResult;
  /** The offered instant the caller accepted last, as it was offered; null when they accepted none. */
  accepted: string | null;
  /** The instant of the booking the flow reported to the caller; null when none. */
  booked: string | null;
  /** Times the chosen slot was gone at hold or booking time. */
  conflicts: number;
  holds: number;
}

/** What a flow run produced, for the figures. */
export interface FlowRun {
  outcomes: CallOutcome[];
  calendarCalls: number;
  /** Virtual duration of every tool call, ms (Cal.com latency; the handlers' CPU takes no virtual time). */
  toolLatenciesMs: number[];
}

/** Shared by the calls of one flow run. */
interface FlowContext {
  world: BenchWorld;
  options: ContentionOptions;
  sim: CalendarSimulator;
  time: VirtualTime;
  startMs: number;
  calls: number;
  latencies: number[];
}

/** A flow: one caller's whole call. */
type Flow = (caller: BenchCaller, ctx: FlowContext) => Promise<CallOutcome>;

/**
 * The simulator as one caller's agent reaches it: every call counted, and each takes its round trip in virtual
 * time (0.5x to 1.5x the mean, from the caller's own dice), executed in the middle, when the request arrives.
 */
function remote(ctx: FlowContext, caller: BenchCaller): CalendarBackend {
  const random = seededRandom(caller.latencySeed);
  const sim = ctx.sim;
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      ctx.calls++;
      const half = (ctx.options.latencyMs * (0.5 + random())) / 2;
      await ctx.time.sleep(half);
      try {
        return await fn(...args);
      } finally {
        await ctx.time.sleep(half);
      }
    };
  return {
    getSlots: wrap((q) => sim.getSlots(q)),
    hold: wrap((e: number, s: string, owner?: string) => sim.hold(e, s, owner)),
    releaseHold: wrap((u) => sim.releaseHold(u)),
    book: wrap((r) => sim.book(r)),
    findBookings: wrap((q) => sim.findBookings(q)),
    cancel: wrap((u, r) => sim.cancel(u, r)),
    reschedule: wrap((u, s, r) => sim.reschedule(u, s, r)),
  };
}

/** Runs one tool step and records how long it took in virtual time. */
async function timed<T>(ctx: FlowContext, step: () => Promise<T>): Promise<T> {
  const started = ctx.time.now();
  const result = await step();
  ctx.latencies.push(ctx.time.now() - started);
  return result;
}

const phoneOf = (caller: BenchCaller): string => `+49170${String(1_000_000 + caller.index)}`;
const nameOf = (caller: BenchCaller): string => `Kunde ${caller.index + 1}`;

/** The statuses the kit's flow branches on; anything else (calendar_unavailable, ...) ends the call. */
type ToolResult =
  | { status: "available"; slot: SlotOffer }
  | { status: "alternatives"; alternatives: SlotOffer[] }
  | { status: "held"; slot: SlotOffer }
  | { status: "booked"; booking: { start: string } }
  | SlotTakenResult
  | { status: "none_free" | "need_input" | "calendar_unavailable" | "invalid_arguments" };

/** The kit's flow: check_availability, hold_slot on the pick, book_appointment; on slot_taken, pick again. */
export const kitFlow: Flow = async (caller, ctx) => {
  const session = new BookingSession({
    callId: `bench_kit_${caller.index}`,
    business: ctx.world.profile,
    callerPhone: phoneOf(caller),
    calendar: remote(ctx, caller),
    clock: ctx.time.clock,
  });
  const tool = (name: string, args: object): Promise<ToolResult> =>
    timed(ctx, async () => (await runTool(session, name, JSON.stringify(args))).result as ToolResult);
  const outcome: CallOutcome = {
    caller: caller.index,
    result: "no_fit",
    accepted: null,
    booked: null,
    conflicts: 0,
    holds: 0,
  };
  const check = await tool("check_availability", {
    service: ctx.world.service.id,
    day: caller.date,
    time: caller.time,
    person: null,
    reschedule_booking_id: null,
  });
  let offers =
    check.status === "available" ? [check.slot] : check.status === "alternatives" ? check.alternatives : [];
  for (let pick = 0; pick < ctx.options.tries; pick++) {
    const offer = pickOffer(caller, ctx.options.toleranceMin, offers, pick);
    if (offer === undefined) break;
    await ctx.time.sleep(caller.thinkMs[pick] ?? ctx.options.thinkMs);
    outcome.accepted = offer.start;
    outcome.result = "lost";
    let step = await tool("hold_slot", { slot_id: offer.id });
    if (step.status === "held") {
      outcome.holds++;
      await ctx.time.sleep(CONFIRM_MS);
      step = await tool("book_appointment", { slot_id: offer.id, name: nameOf(caller) });
      if (step.status === "booked") return { ...outcome, result: "booked", booked: step.booking.start };
    }
    // Gone at hold or booking time: the result carries fresh alternatives, and the caller picks again.
    if (step.status !== "slot_taken") break;
    outcome.conflicts++;
    offers = step.alternatives;
  }
  return outcome;
};

/** A slot offer of the seed's flow: the calendar's instant and its local date and time. */
interface SeedOffer {
  start: string;
  date: string;
  time: string;
}

/**
 * The seed's check: the same single slot query as the kit's `check_availability` for a day and a time (from the
 * wish's day over the following 14 days, the session default, inside the booking window), and the same ranking,
 * cut to two offers. F1-F4 and F6 of the reference call are not reproduced: only holding, re-checking and
 * recovering differ between the flows.
 */
async function seedCheck(
  calendar: CalendarBackend,
  ctx: FlowContext,
  caller: BenchCaller,
): Promise<SeedOffer[]> {
  const { profile, service } = ctx.world;
  const zone = profile.timezone;
  const now = ctx.time.clock().setZone(zone);
  const latest = (a: string, b: string) => (a > b ? a : b);
  const earliest = (a: string, b: string) => (a < b ? a : b);
  const from = latest(caller.date, now.toISODate() ?? "");
  const afterFrom = dayBounds(from, zone).start.plus({ days: SEARCH_DAYS }).toISODate() ?? from;
  const to = earliest(latest(caller.date, afterFrom), lastBookableDate(profile, now.toMillis()));
  const slots = await calendar.getSlots({
    eventTypeId: service.eventTypeId,
    start: DateTime.max(dayBounds(from, zone).start, now).toUTC().toISO() ?? "",
    end: dayBounds(to, zone).end.toUTC().toISO() ?? "",
    timeZone: zone,
  });
  const exact = findExactSlot(slots, caller.date, caller.time, zone);
  const chosen =
    exact !== undefined
      ? [exact]
      : rankAlternatives(slots, { date: caller.date, time: caller.time, window: null }, { zone, max: 2 });
  return chosen.map((slot) => {
    const local = DateTime.fromISO(slot.start, { setZone: true }).setZone(zone);
    return { start: slot.start, date: local.toISODate() ?? "", time: local.toFormat("HH:mm") };
  });
}

/** The seed's flow: check, offer two, book the pick after the think time; no hold, no re-check, no second try. */
export const seedFlow: Flow = async (caller, ctx) => {
  const calendar = remote(ctx, caller);
  const outcome: CallOutcome = {
    caller: caller.index,
    result: "no_fit",
    accepted: null,
    booked: null,
    conflicts: 0,
    holds: 0,
  };
  const offers = await timed(ctx, () => seedCheck(calendar, ctx, caller));
  const offer = pickOffer(caller, ctx.options.toleranceMin, offers, 0);
  if (offer === undefined) return outcome;
  await ctx.time.sleep(caller.thinkMs[0] ?? ctx.options.thinkMs);
  outcome.accepted = offer.start;
  try {
    const booking = await timed(ctx, () =>
      calendar.book({
        eventTypeId: ctx.world.service.eventTypeId,
        start: offer.start,
        attendee: {
          name: nameOf(caller),
          phoneNumber: phoneOf(caller),
          timeZone: ctx.world.profile.timezone,
        },
        metadata: { callId: `bench_seed_${caller.index}` },
      }),
    );
    return { ...outcome, result: "booked", booked: booking.start };
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    // "Es tut mir leid, aber es ist ein unerwarteter Fehler aufgetreten." The caller is gone.
    if (error.kind === "slot_taken") outcome.conflicts++;
    return { ...outcome, result: "lost" };
  }
};

/** Runs one flow for every caller of the world on the given fresh simulator and virtual clock. */
export async function runFlow(
  flow: Flow,
  world: BenchWorld,
  options: ContentionOptions,
  sim: CalendarSimulator,
  time: VirtualTime,
): Promise<FlowRun> {
  const ctx: FlowContext = { world, options, sim, time, startMs: time.now(), calls: 0, latencies: [] };
  const outcomes = await time.run(
    Promise.all(
      world.callers.map(async (caller) => {
        await time.until(ctx.startMs + caller.arrivalMs);
        return flow(caller, ctx);
      }),
    ),
  );
  return { outcomes, calendarCalls: ctx.calls, toolLatenciesMs: ctx.latencies };
}
