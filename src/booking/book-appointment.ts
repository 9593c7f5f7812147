import type { ArgsOf } from "../../tools/index.ts";
import type { Booking, Hold } from "../calendar/backend.ts";
import { RESERVATION_MINUTES } from "../calendar/lost-attempts.ts";
import type { CalendarError } from "../errors.ts";
import { calendarUnavailable, isCalendarError, slotGone, slotTaken } from "./failures.ts";
import { lookUpBookingOfCall, recordOwnBooking, unverifiedBooking } from "./own-bookings.ts";
import { type BookingSession, instantKey, samePerson } from "./session.ts";
import type {
  BookResult,
  HoldResult,
  InvalidArgumentsResult,
  SlotOffer,
  UnavailableResult,
} from "./types.ts";

type ServiceMismatch = Extract<BookResult, { status: "service_mismatch" }>;

/**
 * The slot was offered for another service than the one the caller asked for last (for the same person): refuse
 * it, naming both, so "Dann um 9:40" after switching to a massage never books the held Krankengymnastik.
 */
function serviceMismatch(session: BookingSession, offer: SlotOffer): ServiceMismatch | null {
  const wanted = session.wanted;
  if (wanted === null || wanted.service === offer.service || !samePerson(wanted.person, offer.person))
    return null;
  const want = session.business.services.find((s) => s.id === wanted.service);
  if (want === undefined) return null;
  const had = session.serviceOf(offer);
  return {
    status: "service_mismatch",
    chosen: offer,
    wanted: { id: want.id, name: want.name },
    say: session.say("service-mismatch", {
      slot: offer,
      offered: { id: had.id, name: had.name },
      wanted: { id: want.id, name: want.name },
    }),
  };
}

/** An id the model sent that this call never offered: it may copy a real one and try again. */
export function unknownSlot(session: BookingSession, slotId: string): InvalidArgumentsResult {
  const known = [...session.offers.keys()].slice(-6).join(", ") || "none yet: call check_availability first";
  return { status: "invalid_arguments", error: `unknown slot_id "${slotId}"; offered ids: ${known}` };
}

/** A hold of this call on the offer that has not expired yet. */
function liveHold(session: BookingSession, offer: SlotOffer): Hold | undefined {
  const hold = session.holds.get(offer.id);
  if (hold === undefined) return undefined;
  if (instantKey(hold.until) <= session.now().toMillis()) {
    session.holds.delete(offer.id);
    return undefined;
  }
  return hold;
}

/**
 * Takes (or reuses) this call's hold on the offer; on failure returns the calendar's error. The hold is taken in the
 * call's name (`callId`): a backend serving many calls must not take another call's lost reservation for this one's.
 * An `unverified` hold (backend.ts: an attempt of this call lost its answer, then the slot was refused as reserved,
 * perhaps by that attempt) is kept like any other until its expiry, the booking goes without a reservation uid
 * (Cal.com does not block that), and nobody tells the caller that someone else has the slot, nor that it is held.
 */
export async function ensureHold(session: BookingSession, offer: SlotOffer): Promise<Hold | HoldFailure> {
  const existing = liveHold(session, offer);
  if (existing !== undefined) return existing;
  // A caller picks one slot at a time: letting go of the others keeps a call from holding a whole day.
  for (const other of [...session.holds.keys()]) if (other !== offer.id) await session.releaseHold(other);
  try {
    const hold = await session.calendar.hold(
      session.serviceOf(offer).eventTypeId,
      offer.start,
      session.callId,
    );
    session.holds.set(offer.id, hold);
    // A reservation was granted: nothing overlapping is reserved, a lost one of this call neither.
    if (hold.unverified !== true) session.lostHolds.delete(instantKey(offer.start));
    return hold;
  } catch (error) {
    if (!isCalendarError(error)) throw error;
    // No answer (or a 5xx): the reservation may exist (see BookingSession.lostHolds).
    if (error.kind === "unavailable")
      session.lostHolds.set(instantKey(offer.start), {
        endMs: instantKey(offer.end),
        lostAtMs: session.now().toMillis(),
      });
    // Refused as reserved while a lost request of this call may hold it: this call's hold, unproven (as the Cal.com
    // client does for a request it lost itself). The booking then goes without a reservation uid.
    const lost = error.kind === "held_by_other" ? session.possibleOwnHold(offer) : undefined;
    if (lost !== undefined) {
      const hold: Hold = {
        uid: "",
        unverified: true,
        eventTypeId: session.serviceOf(offer).eventTypeId,
        slotStart: offer.start,
        slotEnd: offer.end,
        // When the lost request's reservation expires at the latest, on this call's clock.
        until: new Date(lost.lostAtMs + RESERVATION_MINUTES * 60_000).toISOString(),
      };
      session.holds.set(offer.id, hold);
      return hold;
    }
    return { failure: error };
  }
}

/** Why a hold could not be taken. */
export interface HoldFailure {
  failure: CalendarError;
}

/** A failed hold or booking: the slot is gone (fresh alternatives) or the calendar is unavailable. */
export async function failureResult(session: BookingSession, offer: SlotOffer, error: CalendarError) {
  return slotGone(error) ? slotTaken(session, offer, error) : calendarUnavailable(session, error);
}

/**
 * `hold_slot`: reserves the offered slot (Cal.com reservation) from the moment the caller picks it, so nobody
 * can take it while the agent asks for the name and the confirmation. The caller hears that it is held only when
 * the calendar confirmed the reservation: of an `unverified` hold nothing is known to be held.
 */
export async function holdSlot(
  args: ArgsOf<"hold_slot">,
  session: BookingSession,
): Promise<HoldResult | ServiceMismatch | UnavailableResult | InvalidArgumentsResult> {
  const offer = session.offers.get(args.slot_id.trim());
  if (offer === undefined) return unknownSlot(session, args.slot_id);
  // This call's own booking is not "taken by someone else".
  const mine = session.booked.get(instantKey(offer.start));
  if (mine !== undefined) {
    const service = session.serviceOf(offer);
    const data = {
      service: { id: service.id, name: service.name },
      caller: callerOf(session),
      booking: mine,
    };
    return { status: "booked", booking: mine, say: session.say("booked", data) };
  }
  const mismatch = serviceMismatch(session, offer);
  if (mismatch !== null) return mismatch;
  const hold = await ensureHold(session, offer);
  if ("failure" in hold) return failureResult(session, offer, hold.failure);
  session.askedAbout([offer]);
  return {
    status: "held",
    slot: offer,
    holdUntil: hold.until,
    say: session.say("held", {
      slot: offer,
      holdUntil: hold.until,
      unverified: hold.unverified === true,
      caller: callerOf(session),
    }),
  };
}

function callerOf(session: BookingSession): { name: string } | null {
  return session.callerName === null ? null : { name: session.callerName };
}

/**
 * `book_appointment`: books exactly the offered instant (F4), through the hold. Booking the same slot twice in one
 * call returns the first booking, and a request for a slot whose first request is still running (a turn's deadline
 * may pass while it runs) waits for that one's result: the model asking again never books twice. A slot that is gone
 * yields fresh alternatives in the same result (F5). When the calendar fails mid-request, the handler looks for the
 * booking it may already have made before saying anything; when that look-up fails too, the booking is `unverified`:
 * the session keeps it, and it is looked up again before any further request for the slot is sent.
 */
export async function bookAppointment(
  args: ArgsOf<"book_appointment">,
  session: BookingSession,
): Promise<BookResult | UnavailableResult | InvalidArgumentsResult> {
  const offer = session.offers.get(args.slot_id.trim());
  if (offer === undefined) return unknownSlot(session, args.slot_id);
  const name = args.name.trim();
  if (name === "")
    return { status: "need_input", missing: ["name"], say: session.say("need-input", { missing: ["name"] }) };
  session.callerName = name;
  const service = session.serviceOf(offer);
  const data = { service: { id: service.id, name: service.name }, caller: { name } };

  const key = instantKey(offer.start);
  const already = session.booked.get(key);
  if (already !== undefined)
    return { status: "booked", booking: already, say: session.say("booked", { ...data, booking: already }) };
  const running = session.bookingsInFlight.get(key);
  if (running !== undefined) return running;
  const request = requestBooking(session, offer, name).finally(() => session.bookingsInFlight.delete(key));
  session.bookingsInFlight.set(key, request);
  return request;
}

/** The one booking request for an offer (see {@link bookAppointment}); at most one runs per slot. */
async function requestBooking(
  session: BookingSession,
  offer: SlotOffer,
  name: string,
): Promise<BookResult | UnavailableResult | InvalidArgumentsResult> {
  const key = instantKey(offer.start);
  const earlier = session.unverified.get(key);
  if (earlier !== undefined) {
    // An earlier request for this slot got no answer and no look-up could tell whether it booked: look again, and
    // send no second request while that is still unknown.
    const found = await lookUpBookingOfCall(session, offer, earlier.callId);
    if (found === "unavailable") return unverifiedBooking(session, offer, earlier.name);
    session.unverified.delete(key);
    if (found !== "absent") return recordOwnBooking(session, offer, found, earlier.name);
  }
  const mismatch = serviceMismatch(session, offer);
  if (mismatch !== null) return mismatch;
  // A request still running or unverified may be a booking too: it counts against the call's limit.
  const maybe = [...session.bookingsInFlight.keys(), ...session.unverified.keys()].filter((k) => k !== key);
  if (session.booked.size + new Set(maybe).size >= session.maxBookings) {
    // Bookings whose outcome is still unknown are named as such, never as made.
    const unconfirmed = [...session.unverified.values()].map((u) => u.offer);
    return {
      status: "limit_reached",
      booked: [...session.booked.values()],
      say: session.say("booking-limit", { booked: [...session.booked.values()], unconfirmed }),
    };
  }

  const service = session.serviceOf(offer);
  const hold = await ensureHold(session, offer);
  if ("failure" in hold) return failureResult(session, offer, hold.failure);
  // The caller said yes: while the request runs no question is open, so an `end_call` meanwhile does not tell them
  // "noch nicht gebucht" about a booking being made. A plain failure below opens the question again.
  const asked = session.pendingConsent;
  session.askedAbout([]);
  let booking: Booking;
  try {
    booking = await session.calendar.book({
      eventTypeId: service.eventTypeId,
      start: offer.start,
      holdUid: hold.uid,
      attendee: {
        name,
        ...(session.callerPhone === null
          ? { email: `anrufer+${emailSafe(session.callId)}@termin-kit.invalid` }
          : { phoneNumber: session.callerPhone }),
        timeZone: session.zone,
        language: "de",
      },
      metadata: {
        callId: session.callId,
        slotId: offer.id,
        ...(session.callerPhone ? { phone: session.callerPhone } : {}),
      },
    });
  } catch (error) {
    if (!isCalendarError(error)) throw error;
    // The booking may exist already: this attempt's answer was lost, or an earlier attempt's was and Cal.com now
    // refuses the retry as a conflict with itself. Look before telling the caller anything.
    const found = await lookUpBookingOfCall(session, offer);
    if (typeof found === "object") return recordOwnBooking(session, offer, found, name);
    if (slotGone(error)) {
      await session.releaseHold(offer.id);
      return slotTaken(session, offer, error);
    }
    // The request may have reached the calendar (no answer, a 5xx, or a refusal to retry it: 429, the request
    // budget) and the look-up could not say: it may be booked. Say only that, and keep it.
    if (found === "unavailable" && (error.kind === "unavailable" || error.retryable))
      return unverifiedBooking(session, offer, name);
    session.pendingConsent = asked;
    return calendarUnavailable(session, error);
  }
  return recordOwnBooking(session, offer, booking, name);
}

/** A call id as an e-mail local part: platform ids carry ":" and other characters an address may not. */
export function emailSafe(callId: string): string {
  return callId.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 64) || "call";
}
