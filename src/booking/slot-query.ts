import { DateTime } from "luxon";
import type { SlotsByDate } from "../calendar/backend.ts";
import { lastBookableDate } from "../calendar/grid.ts";
import type { Service } from "../calendar/profile.ts";
import { dayBounds } from "../time/instant.ts";
import type { BookingSession } from "./session.ts";

/** Local days, both ends included (ISO dates in the business zone). */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * The handlers' one slot query: a service's free slots on the days `from` to `to` in the business zone, from now at
 * the earliest and up to the last day the booking window allows (Cal.com refuses a range past it); no slots, and no
 * request, when nothing of the range is left. A calendar failure throws on to `runTool`, the one place that turns it
 * into `unavailable`.
 */
export function querySlots(
  session: BookingSession,
  service: Service,
  days: DayRange,
  rescheduleUid?: string,
): Promise<SlotsByDate> {
  const zone = session.zone;
  const now = session.now();
  const lastDay = lastBookableDate(session.business, now.toMillis());
  const start = DateTime.max(dayBounds(days.from, zone).start, now);
  const end = DateTime.min(dayBounds(days.to, zone).end, dayBounds(lastDay, zone).end);
  // Days all past, or all beyond the window: nothing is bookable there, and Cal.com would refuse the range.
  if (start >= end) return Promise.resolve({});
  return session.calendar.getSlots({
    eventTypeId: service.eventTypeId,
    start: start.toUTC().toISO() ?? "",
    end: end.toUTC().toISO() ?? "",
    timeZone: zone,
    ...(rescheduleUid === undefined ? {} : { bookingUidToReschedule: rescheduleUid }),
  });
}
