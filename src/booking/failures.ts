import { DateTime } from "luxon";
import { CalendarError } from "../errors.ts";
import { dayBounds } from "../time/instant.ts";
import { rankAlternatives } from "./alternatives.ts";
import type { BookingSession } from "./session.ts";
import type { SlotOffer, SlotTakenResult, UnavailableResult } from "./types.ts";

/** Whether an error came from the calendar. */
export function isCalendarError(error: unknown): error is CalendarError {
  return error instanceof CalendarError;
}

/** The calendar failed or cannot be reached: say so honestly (F5), never "unerwarteter Fehler". */
export function calendarUnavailable(session: BookingSession, error?: CalendarError): UnavailableResult {
  const retryable = error === undefined ? true : error.retryable;
  return {
    status: "calendar_unavailable",
    retryable,
    say: session.say("calendar-unavailable", { retryable }),
  };
}

/** Kinds that mean "this slot is gone", whoever took it. */
export function slotGone(error: CalendarError): boolean {
  return (
    error.kind === "slot_taken" ||
    error.kind === "held_by_other" ||
    error.kind === "outside_window" ||
    error.kind === "in_past" ||
    (error.kind === "bad_request" && /invalid start/i.test(error.message))
  );
}

/**
 * The chosen slot went away between offer and booking (F5): one fresh slot query around it, and the same
 * result carries the new alternatives nearest to the chosen time, with a `say` that apologises and offers them.
 */
export async function slotTaken(
  session: BookingSession,
  chosen: SlotOffer,
  cause?: CalendarError,
): Promise<SlotTakenResult | UnavailableResult> {
  // Taken or held by someone else, or no longer bookable for another reason (too soon by now, say).
  const reason =
    cause === undefined || cause.kind === "slot_taken" || cause.kind === "held_by_other" ? "taken" : "gone";
  const service = session.serviceOf(chosen);
  const zone = session.zone;
  const now = session.now();
  const dayStart = dayBounds(chosen.date, zone).start;
  const start = DateTime.max(dayStart, now);
  const end = dayStart.plus({ days: session.searchDays + 1 });
  let alternatives: SlotOffer[] = [];
  try {
    const slots = await session.calendar.getSlots({
      eventTypeId: service.eventTypeId,
      start: start.toUTC().toISO() ?? "",
      end: end.toUTC().toISO() ?? "",
      timeZone: zone,
    });
    const ranked = rankAlternatives(
      slots,
      { date: chosen.date, time: chosen.time, window: null },
      { zone, exclude: [chosen.start] },
    );
    alternatives = session.offer(service, ranked, chosen.person);
    session.askedAbout(alternatives);
  } catch (error) {
    if (isCalendarError(error)) return calendarUnavailable(session, error);
    throw error;
  }
  return {
    status: "slot_taken",
    chosen,
    alternatives,
    say: session.say("slot-taken", {
      service: { id: service.id, name: service.name },
      chosen,
      alternatives,
      reason,
    }),
  };
}
