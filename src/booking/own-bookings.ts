import type { Booking, FindBookingsQuery } from "../calendar/backend.ts";
import { isCalendarError } from "./failures.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { SlotOffer } from "./types.ts";

/**
 * The calendar's bookings under the caller's number (from telephony, never from the model), or "unavailable" when
 * the calendar cannot answer. A withheld number has no bookings to show.
 */
async function callerBookings(
  session: BookingSession,
  range: Pick<FindBookingsQuery, "from" | "to">,
): Promise<Booking[] | "unavailable"> {
  try {
    return await session.calendar.findBookings({
      ...(session.callerPhone === null ? {} : { phone: session.callerPhone }),
      ...range,
    });
  } catch (error) {
    if (isCalendarError(error)) return "unavailable";
    throw error;
  }
}

/**
 * A booking of the caller's own by its uid; never another caller's. Only upcoming bookings can be cancelled or
 * moved, so the search starts today instead of paging through the salon's history.
 */
export async function ownBooking(
  session: BookingSession,
  uid: string,
): Promise<Booking | undefined | "unavailable"> {
  if (session.callerPhone === null) return undefined;
  const from = session.now().startOf("day").toUTC().toISO();
  const mine = await callerBookings(session, from === null ? {} : { from });
  return mine === "unavailable" ? mine : mine.find((b) => b.uid === uid.trim());
}

/** After a failed or lost booking request: the booking this call may already have made at the offer's instant. */
export async function bookingMadeByCall(
  session: BookingSession,
  offer: SlotOffer,
): Promise<Booking | undefined> {
  const found = await callerBookings(session, { from: offer.start, to: offer.end });
  if (found === "unavailable") return undefined;
  return found.find(
    (b) => b.metadata["callId"] === session.callId && instantKey(b.start) === instantKey(offer.start),
  );
}
