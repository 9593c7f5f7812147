import type { Booking, FindBookingsQuery } from "../calendar/backend.ts";
import { isCalendarError } from "./failures.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { BookResult, SlotOffer } from "./types.ts";

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
 * moved, so the search starts today instead of paging through the salon's history. A calendar error is thrown:
 * `runTool` tells the caller what kind of failure it was (busy or unreachable).
 */
export async function ownBooking(session: BookingSession, uid: string): Promise<Booking | undefined> {
  if (session.callerPhone === null) return undefined;
  const from = session.now().startOf("day").toUTC().toISO();
  const mine = await session.calendar.findBookings({
    phone: session.callerPhone,
    ...(from === null ? {} : { from }),
  });
  return mine.find((b) => b.uid === uid.trim());
}

/**
 * This call's booking at the offer's instant, matched by the call id its request carried in the metadata; "absent"
 * when the calendar answered without one, "unavailable" when it could not answer. With a withheld number the
 * look-up lists the slot's time range: only the busy times of other customers reach the trace, and only this
 * call's own booking is returned.
 */
export async function lookUpBookingOfCall(
  session: BookingSession,
  offer: SlotOffer,
  callId: string = session.callId,
): Promise<Booking | "absent" | "unavailable"> {
  const found = await callerBookings(session, { from: offer.start, to: offer.end });
  if (found === "unavailable") return found;
  const mine = found.find(
    (b) => b.metadata["callId"] === callId && instantKey(b.start) === instantKey(offer.start),
  );
  return mine ?? "absent";
}

type Booked = Extract<BookResult, { status: "booked" }>;

/** Records a booking this call made for an offer (its hold is used up) and returns the confirmation. */
export function recordOwnBooking(
  session: BookingSession,
  offer: SlotOffer,
  booking: Booking,
  name: string,
): Booked {
  session.holds.delete(offer.id);
  if (instantKey(booking.start) !== instantKey(offer.start)) {
    // The calendar booked another instant than the one offered: never tell the caller a time that is not theirs.
    throw new Error(`calendar booked ${booking.start} for offer ${offer.id} at ${offer.start}`);
  }
  const info = session.bookingInfo(booking);
  session.booked.set(instantKey(offer.start), info);
  session.changes.push({ kind: "booked", booking: info });
  session.askedAbout([]);
  const service = session.serviceOf(offer);
  const data = { service: { id: service.id, name: service.name }, caller: { name }, booking: info };
  return { status: "booked", booking: info, say: session.say("booked", data) };
}

/**
 * The request for this offer got no answer and no look-up could tell whether it booked: kept in the session, and
 * the caller hears only that (`final`: the call ends without knowing).
 */
export function unverifiedBooking(
  session: BookingSession,
  offer: SlotOffer,
  name: string,
  final = false,
): Extract<BookResult, { status: "unverified" }> {
  session.unverified.set(instantKey(offer.start), { offer, name, callId: session.callId });
  // Nothing to consent to any more: end_call must not tell the caller this slot is "noch nicht gebucht".
  session.askedAbout([]);
  const service = session.serviceOf(offer);
  return {
    status: "unverified",
    chosen: offer,
    say: session.say("booking-unverified", {
      service: { id: service.id, name: service.name },
      chosen: offer,
      final,
      withheld: session.callerPhone === null,
    }),
  };
}

/**
 * Looks up an unverified booking of this call again. Found: it is recorded and confirmed. Absent: nothing is
 * booked, the caller hears so. Still no answer: null (nothing new to tell), or with `final` (the call ends) the
 * honest sentence that it could not be confirmed.
 */
export async function recheckUnverified(
  session: BookingSession,
  key: number,
  final = false,
): Promise<Extract<BookResult, { status: "booked" | "not_made" | "unverified" }> | null> {
  const entry = session.unverified.get(key);
  if (entry === undefined) return null;
  const found = await lookUpBookingOfCall(session, entry.offer, entry.callId);
  if (found === "unavailable")
    return final ? unverifiedBooking(session, entry.offer, entry.name, true) : null;
  session.unverified.delete(key);
  if (found !== "absent") return recordOwnBooking(session, entry.offer, found, entry.name);
  const service = session.serviceOf(entry.offer);
  return {
    status: "not_made",
    chosen: entry.offer,
    say: session.say("booking-not-made", {
      service: { id: service.id, name: service.name },
      chosen: entry.offer,
      final,
    }),
  };
}
