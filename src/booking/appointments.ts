import type { ArgsOf } from "../../tools/index.ts";
import type { Booking } from "../calendar/backend.ts";
import { dayBounds } from "../time/instant.ts";
import { ensureHold, failureResult, unknownSlot } from "./book-appointment.ts";
import { calendarUnavailable, isCalendarError, slotGone, slotTaken } from "./failures.ts";
import { ownBooking } from "./own-bookings.ts";
import { readRequest } from "./requested.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type {
  CancelResult,
  FindResult,
  InvalidArgumentsResult,
  RescheduleResult,
  UnavailableResult,
} from "./types.ts";

/**
 * `find_appointments`: the caller's own upcoming bookings, matched by the number telephony gave us (Cal.com has
 * no phone filter; the backend matches attendees on the client). Nobody else's booking is ever listed.
 */
export async function findAppointments(
  args: ArgsOf<"find_appointments">,
  session: BookingSession,
): Promise<FindResult | UnavailableResult> {
  if (session.callerPhone === null) return { status: "none", say: session.say("found", { bookings: [] }) };
  const now = session.now();
  let from = now;
  let to = now.plus({ days: session.business.bookingWindowDays + 1 });
  if (args.day !== null && args.day.trim() !== "") {
    const { requested } = readRequest(args.day, null, now, session.zone, null);
    if (requested.date !== null) {
      from = dayBounds(requested.date, session.zone).start;
      to = from.plus({ days: 1 });
    }
  }
  // A calendar failure throws on to runTool, the one place that turns it into `unavailable`.
  const bookings = await session.calendar.findBookings({
    phone: session.callerPhone,
    from: from.toUTC().toISO() ?? "",
    to: to.toUTC().toISO() ?? "",
  });
  const infos = bookings
    .map((b) => session.bookingInfo(b))
    .sort((a, b) => instantKey(a.start) - instantKey(b.start));
  if (infos.length === 0) return { status: "none", say: session.say("found", { bookings: [] }) };
  return { status: "found", bookings: infos, say: session.say("found", { bookings: infos }) };
}

/** `cancel_appointment`: only a booking made with the caller's own number; anything else is "not found". */
export async function cancelAppointment(
  args: ArgsOf<"cancel_appointment">,
  session: BookingSession,
): Promise<CancelResult | UnavailableResult> {
  const own = await ownBooking(session, args.booking_id);
  if (own === undefined) return { status: "not_found", say: session.say("not-found", {}) };
  try {
    await session.calendar.cancel(own.uid, "cancelled by the caller on the phone (termin-kit)");
  } catch (error) {
    if (isCalendarError(error)) {
      if (error.kind === "not_found") return { status: "not_found", say: session.say("not-found", {}) };
      return calendarUnavailable(session, error);
    }
    throw error;
  }
  session.forgetBooking(own.uid);
  const booking = session.bookingInfo(own);
  session.changes.push({ kind: "cancelled", booking });
  return { status: "cancelled", booking, say: session.say("cancelled", { booking }) };
}

/** `reschedule_appointment`: moves the caller's own booking to an offered slot, by its exact instant. */
export async function rescheduleAppointment(
  args: ArgsOf<"reschedule_appointment">,
  session: BookingSession,
): Promise<RescheduleResult | UnavailableResult | InvalidArgumentsResult> {
  const offer = session.offers.get(args.slot_id.trim());
  if (offer === undefined) return unknownSlot(session, args.slot_id);
  const own = await ownBooking(session, args.booking_id);
  if (own === undefined) return { status: "not_found", say: session.say("not-found", {}) };
  if (session.serviceOf(offer).eventTypeId !== own.eventTypeId) {
    // A booking keeps its event type (and length) when it moves: a slot offered for another service may not fit.
    const booked = session.serviceByEventType(own.eventTypeId)?.name ?? String(own.eventTypeId);
    return {
      status: "invalid_arguments",
      error: `slot ${offer.id} was offered for ${session.serviceOf(offer).name}, but the booking is ${booked}: call check_availability with reschedule_booking_id "${own.uid}" first`,
    };
  }
  // Cal.com's reschedule takes no reservation uid and is not blocked by holds, so hold the new time first:
  // a time someone else holds fails here, and nobody can take ours while the booking moves.
  const hold = await ensureHold(session, offer);
  if ("failure" in hold) return failureResult(session, offer, hold.failure);
  let moved: Booking;
  try {
    moved = await session.calendar.reschedule(
      own.uid,
      offer.start,
      "rescheduled by the caller on the phone (termin-kit)",
    );
  } catch (error) {
    if (!isCalendarError(error)) throw error;
    if (slotGone(error)) return slotTaken(session, offer, error);
    return calendarUnavailable(session, error);
  } finally {
    session.holds.delete(offer.id);
    await session.calendar.releaseHold(hold.uid).catch(() => undefined);
  }
  const previous = session.bookingInfo(own);
  const booking = session.bookingInfo(moved);
  if ([...session.booked.values()].some((b) => b.uid === own.uid)) {
    session.forgetBooking(own.uid);
    session.booked.set(instantKey(moved.start), booking);
  }
  session.changes.push({ kind: "rescheduled", booking });
  // The slot the caller was asked about is now theirs: no booking question is open any more.
  session.askedAbout([]);
  return { status: "rescheduled", previous, booking, say: session.say("rescheduled", { previous, booking }) };
}
