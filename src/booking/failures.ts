import type { SlotsByDate } from "../calendar/backend.ts";
import { refusalVerified } from "../calendar/lost-attempts.ts";
import { CalendarError } from "../errors.ts";
import { dayBounds } from "../time/instant.ts";
import { rankAlternatives } from "./alternatives.ts";
import { type BookingSession, instantKey } from "./session.ts";
import { querySlots } from "./slot-query.ts";
import type { SlotOffer, SlotTakenResult, UnavailableResult } from "./types.ts";

/** Whether an error came from the calendar. */
export function isCalendarError(error: unknown): error is CalendarError {
  return error instanceof CalendarError;
}

/** The calendar failed or cannot be reached: say so honestly (F5), never "unerwarteter Fehler". */
export function calendarUnavailable(session: BookingSession, error?: CalendarError): UnavailableResult {
  const retryable = error === undefined ? true : error.retryable;
  // Too many requests (Cal.com's 429, or the client holding back to stay under it): busy, not unreachable.
  const busy = error?.kind === "rate_limited";
  return {
    status: "calendar_unavailable",
    retryable,
    say: session.say("calendar-unavailable", { retryable, busy }),
  };
}

/** Kinds that mean "this slot is gone", whoever took it. */
export function slotGone(error: CalendarError): boolean {
  return (
    error.kind === "slot_taken" ||
    error.kind === "held_by_other" ||
    error.kind === "outside_window" ||
    error.kind === "in_past" ||
    error.kind === "no_slot"
  );
}

/**
 * Why the slot is gone, as far as the calendar proved it (the `reason` of `slot-taken.hbs`):
 * - `booked`: another customer's booking covers it (looked up after Cal.com refused a first booking attempt:
 *   its "already has booking at this time or is not available" alone does not say which);
 * - `held`: Cal.com refused a first attempt because someone else reserved it ("reserved by another user");
 * - `unverified`: refused, but not proven to be someone else's: after an attempt whose answer was lost (perhaps
 *   this call's own lost hold or booking), or a conflict no other booking explains: nobody is blamed;
 * - `gone`: no longer bookable for another reason (too soon by now, in the past, not a slot any more).
 */
export async function goneReason(
  session: BookingSession,
  chosen: SlotOffer,
  cause: CalendarError | undefined,
): Promise<"booked" | "held" | "unverified" | "gone"> {
  if (cause === undefined) return "unverified";
  if (cause.kind !== "slot_taken" && cause.kind !== "held_by_other") return "gone";
  if (!refusalVerified(cause)) return "unverified";
  // This call's own earlier booking of the slot, whose answer was lost, may be what the calendar refuses for:
  // nobody else is blamed then. (A request still running is this one: the loop never sends two for one slot.)
  if (session.unverified.has(instantKey(chosen.start))) return "unverified";
  if (cause.kind === "held_by_other")
    return session.possibleOwnHold(chosen) === undefined ? "held" : "unverified";
  // A hold refused with "Can't reserve a slot if the event is already booked" says so itself; a booking refused
  // with "already has booking at this time or is not available" does not: look.
  if (/already booked/i.test(cause.message)) return "booked";
  return (await bookedByOther(session, chosen)) ? "booked" : "unverified";
}

/** Whether a booking of another call overlaps the slot (busy times only reach the trace). */
async function bookedByOther(session: BookingSession, chosen: SlotOffer): Promise<boolean> {
  try {
    // The whole day: a longer booking that began earlier overlaps the slot too.
    const day = dayBounds(chosen.date, session.zone);
    const found = await session.calendar.findBookings({
      from: day.start.toUTC().toISO() ?? "",
      to: day.end.toUTC().toISO() ?? "",
    });
    const [from, to] = [instantKey(chosen.start), instantKey(chosen.end)];
    return found.some(
      (b) => b.metadata["callId"] !== session.callId && instantKey(b.start) < to && instantKey(b.end) > from,
    );
  } catch (error) {
    if (isCalendarError(error)) return false;
    throw error;
  }
}

/**
 * The chosen slot went away between offer and booking (F5): one fresh slot query around it, and the same
 * result carries the new alternatives nearest to the chosen time, with a `say` that apologises and offers them.
 */
export async function slotTaken(
  session: BookingSession,
  chosen: SlotOffer,
  cause?: CalendarError,
): Promise<SlotTakenResult> {
  const reason = await goneReason(session, chosen, cause);
  const service = session.serviceOf(chosen);
  const zone = session.zone;
  const lastSearched = dayBounds(chosen.date, zone).start.plus({ days: session.searchDays }).toISODate();
  let slots: SlotsByDate | null = null;
  let lookupError: CalendarError | null = null;
  try {
    slots = await querySlots(session, service, { from: chosen.date, to: lastSearched ?? chosen.date });
  } catch (error) {
    // The calendar has just proved the slot gone: that stays what the caller hears, with the look-up of other
    // times said to have failed, rather than one "calendar unavailable" for the whole answer.
    if (!isCalendarError(error)) throw error;
    lookupError = error;
  }
  const ranked =
    slots === null
      ? []
      : rankAlternatives(
          slots,
          { date: chosen.date, time: chosen.time, window: null },
          { zone, exclude: [chosen.start] },
        );
  const alternatives = session.offer(service, ranked, chosen.person);
  session.askedAbout(alternatives);
  return {
    status: "slot_taken",
    chosen,
    alternatives,
    say: session.say("slot-taken", {
      service: { id: service.id, name: service.name },
      chosen,
      alternatives,
      reason,
      lookupFailed: slots === null,
      // Why, as far as it is known: too many requests (Cal.com's 429, or the kit holding back) is a busy calendar,
      // no answer is an unreachable one; any other refusal is said without a reason.
      lookupBusy: lookupError?.kind === "rate_limited",
      lookupUnanswered: lookupError?.kind === "unavailable",
    }),
  };
}
