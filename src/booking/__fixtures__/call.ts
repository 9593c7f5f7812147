/**
 * Test set-up for the booking handlers: the reference call's clock and caller on a simulated friseur-1
 * calendar, a backend wrapper that counts calls, and typed helpers that go through `runTool` like the agent.
 */
import { DateTime } from "luxon";
import { expect } from "vitest";
import type { CalendarBackend, SlotsQuery } from "../../calendar/backend.ts";
import { type ManualClock, manualClock } from "../../calendar/clock.ts";
import { type BusinessProfile, loadBusinessProfile } from "../../calendar/profile.ts";
import { CalendarSimulator } from "../../calendar/simulator.ts";
import { runTool } from "../run-tool.ts";
import { BookingSession } from "../session.ts";
import type {
  BookResult,
  CancelResult,
  CheckAvailabilityResult,
  FindResult,
  HoldResult,
  InvalidArgumentsResult,
  RescheduleResult,
  UnavailableResult,
} from "../types.ts";

/** The frozen clock of the reference call (Saturday evening; Sunday 26 Oct 2025 has 25 hours). */
export const CALL_NOW = "2025-10-25T20:17:50+02:00";
export const CALLER_PHONE = "+491701234567";
export const OTHER_PHONE = "+4917000000001";
export const ZONE = "Europe/Berlin";
export const HERREN = 3672814;
export const friseur: BusinessProfile = loadBusinessProfile("friseur-1");

/** Calls a wrapped backend received, by method; `getSlots` keeps its queries. */
export interface CallLog {
  getSlots: SlotsQuery[];
  hold: number;
  releaseHold: number;
  book: number;
  findBookings: number;
  cancel: number;
  reschedule: number;
}

/** Total calls in a log. */
export function totalCalls(log: CallLog): number {
  return (
    log.getSlots.length +
    log.hold +
    log.releaseHold +
    log.book +
    log.findBookings +
    log.cancel +
    log.reschedule
  );
}

/** Wraps a backend; `overrides` replace single methods (to inject failures), every call is counted. */
export function countingBackend(
  inner: CalendarBackend,
  overrides: Partial<CalendarBackend> = {},
): { backend: CalendarBackend; log: CallLog } {
  const log: CallLog = {
    getSlots: [],
    hold: 0,
    releaseHold: 0,
    book: 0,
    findBookings: 0,
    cancel: 0,
    reschedule: 0,
  };
  const backend: CalendarBackend = {
    getSlots: (q) => {
      log.getSlots.push(q);
      return (overrides.getSlots ?? inner.getSlots.bind(inner))(q);
    },
    hold: (e, s, owner) => {
      log.hold++;
      return (overrides.hold ?? inner.hold.bind(inner))(e, s, owner);
    },
    releaseHold: (u) => {
      log.releaseHold++;
      return (overrides.releaseHold ?? inner.releaseHold.bind(inner))(u);
    },
    book: (r) => {
      log.book++;
      return (overrides.book ?? inner.book.bind(inner))(r);
    },
    findBookings: (q) => {
      log.findBookings++;
      return (overrides.findBookings ?? inner.findBookings.bind(inner))(q);
    },
    cancel: (u, r) => {
      log.cancel++;
      return (overrides.cancel ?? inner.cancel.bind(inner))(u, r);
    },
    reschedule: (u, s, r) => {
      log.reschedule++;
      return (overrides.reschedule ?? inner.reschedule.bind(inner))(u, s, r);
    },
  };
  return { backend, log };
}

export interface CallSetup {
  clock: ManualClock;
  sim: CalendarSimulator;
  session: BookingSession;
  log: CallLog;
}

export interface CallOptions {
  now?: string;
  profile?: BusinessProfile;
  callId?: string;
  phone?: string | null;
  searchDays?: number;
  maxBookings?: number;
  /** Replace backend methods (the counting wrapper still counts them). */
  overrides?: (sim: CalendarSimulator) => Partial<CalendarBackend>;
}

/** One call: a manual clock, a simulator, and a session whose calendar is the counting wrapper. */
export function newCall(options: CallOptions = {}): CallSetup {
  const clock = manualClock(options.now ?? CALL_NOW);
  const sim = new CalendarSimulator({ profile: options.profile ?? friseur, clock });
  return { clock, sim, ...sessionOn(sim, clock, options) };
}

/** Another session (another caller) on the same calendar and clock. */
export function sessionOn(
  sim: CalendarSimulator,
  clock: ManualClock,
  options: CallOptions = {},
): { session: BookingSession; log: CallLog } {
  const { backend, log } = countingBackend(sim, options.overrides?.(sim) ?? {});
  const session = new BookingSession({
    callId: options.callId ?? "call_24977a803e9bd80b586fca06259",
    business: options.profile ?? friseur,
    callerPhone: options.phone === undefined ? CALLER_PHONE : options.phone,
    calendar: backend,
    clock,
    ...(options.searchDays === undefined ? {} : { searchDays: options.searchDays }),
    ...(options.maxBookings === undefined ? {} : { maxBookings: options.maxBookings }),
  });
  return { session, log };
}

type CheckOutcome = CheckAvailabilityResult | UnavailableResult | InvalidArgumentsResult;
type BookOutcome = BookResult | UnavailableResult | InvalidArgumentsResult;
type HoldOutcome = HoldResult | UnavailableResult | InvalidArgumentsResult;

/** `check_availability` through `runTool`, with the caller's own words. */
export async function check(
  session: BookingSession,
  day: string | null,
  time: string | null,
  service = "Herrenhaarschnitt",
  person: string | null = null,
): Promise<CheckOutcome> {
  const args = { service, day, time, person, reschedule_booking_id: null };
  return (await runTool(session, "check_availability", JSON.stringify(args))).result as CheckOutcome;
}

/** `check_availability` for a new time of an existing booking. */
export async function checkReschedule(
  session: BookingSession,
  bookingId: string,
  day: string | null,
  time: string | null,
): Promise<CheckOutcome> {
  const args = { service: "Herrenhaarschnitt", day, time, person: null, reschedule_booking_id: bookingId };
  return (await runTool(session, "check_availability", JSON.stringify(args))).result as CheckOutcome;
}

export async function book(
  session: BookingSession,
  slotId: string,
  name = "Hans Schuster",
): Promise<BookOutcome> {
  return (await runTool(session, "book_appointment", JSON.stringify({ slot_id: slotId, name })))
    .result as BookOutcome;
}

export async function hold(session: BookingSession, slotId: string): Promise<HoldOutcome> {
  return (await runTool(session, "hold_slot", JSON.stringify({ slot_id: slotId }))).result as HoldOutcome;
}

export async function find(
  session: BookingSession,
  day: string | null = null,
): Promise<FindResult | UnavailableResult> {
  return (await runTool(session, "find_appointments", JSON.stringify({ day }))).result as
    | FindResult
    | UnavailableResult;
}

export async function cancel(
  session: BookingSession,
  bookingId: string,
): Promise<CancelResult | UnavailableResult> {
  return (await runTool(session, "cancel_appointment", JSON.stringify({ booking_id: bookingId }))).result as
    | CancelResult
    | UnavailableResult;
}

export async function reschedule(
  session: BookingSession,
  bookingId: string,
  slotId: string,
): Promise<RescheduleResult | UnavailableResult | InvalidArgumentsResult> {
  const args = { booking_id: bookingId, slot_id: slotId };
  return (await runTool(session, "reschedule_appointment", JSON.stringify(args))).result as
    | RescheduleResult
    | UnavailableResult
    | InvalidArgumentsResult;
}

/** Asserts a result's status and narrows its type. */
export function expectStatus<R extends { status: string }, S extends R["status"]>(
  result: R,
  status: S,
): Extract<R, { status: S }> {
  expect(result.status, JSON.stringify(result)).toBe(status);
  return result as Extract<R, { status: S }>;
}

/** Epoch milliseconds of an ISO instant with an offset. */
export function ms(iso: string): number {
  const t = DateTime.fromISO(iso, { setZone: true });
  if (!t.isValid) throw new Error(`not an instant: ${iso}`);
  return t.toMillis();
}

/** Accepted bookings in the simulator. */
export function accepted(sim: CalendarSimulator) {
  return sim.listBookings().filter((b) => b.status === "accepted");
}

/** Whether a slot starting at `iso` is among the calendar's free slots right now (any day). */
export async function isFree(sim: CalendarSimulator, iso: string, eventTypeId = HERREN): Promise<boolean> {
  const at = ms(iso);
  const slots = await sim.getSlots({
    eventTypeId,
    start: new Date(at - 60_000).toISOString(),
    end: new Date(at + 60_000).toISOString(),
    timeZone: ZONE,
  });
  return Object.values(slots)
    .flat()
    .some((s) => ms(s.start) === at);
}

/** Offers "Dienstag 10 Uhr" (28 Oct, 09:00Z) in a fresh call. */
export async function offeredTuesday(options: Parameters<typeof newCall>[0] = {}) {
  const call = newCall(options);
  const r = expectStatus(await check(call.session, "Dienstag", "10 Uhr"), "available");
  return { ...call, offer: r.slot };
}
