/**
 * The calendar as the booking handlers see it. Two implementations pass one contract suite:
 * the Cal.com v2 client (over HTTP, also against `termin calsim`) and the in-memory simulator.
 *
 * Instants are ISO 8601 strings with an explicit offset (`...Z` or `+01:00`); never wall-clock strings.
 * Failures throw `CalendarError` (src/errors.ts) with a `kind` the handlers branch on.
 */

/** One bookable start, exactly as the calendar returned it. */
export interface Slot {
  /** Start instant with the business zone's offset, e.g. `2025-10-27T07:00:00.000+01:00`. */
  start: string;
  /** End instant (start + service length). */
  end: string;
}

export interface SlotsQuery {
  eventTypeId: number;
  /** Range start, an instant (the client sends it as UTC). */
  start: string;
  /** Range end, an instant (inclusive of slots starting before it). */
  end: string;
  /** IANA zone the slots are grouped and offset in. */
  timeZone: string;
  /** Reschedule: the booking whose own time should show as free. */
  bookingUidToReschedule?: string;
}

/** Slots grouped by local date (`YYYY-MM-DD` in `timeZone`), each list in chronological order. */
export type SlotsByDate = Record<string, Slot[]>;

export interface Hold {
  /** Cal.com's `reservationUid`; empty for an `unverified` hold, whose uid nobody knows. */
  uid: string;
  eventTypeId: number;
  /** UTC ISO. */
  slotStart: string;
  slotEnd: string;
  /** Hold expiry, UTC ISO. For an `unverified` hold: when the lost attempt's reservation expires at the latest. */
  until: string;
  /**
   * The slot may be held for this owner (call), but nothing proves it and no uid is known: an attempt of the same
   * owner lost its answer (timeout, dropped connection) and Cal.com then refused the slot as "already reserved".
   * Cal.com's reservations carry no owner and cannot be listed, so the refusal may be the lost attempt's own
   * reservation or a competitor's; it is treated as the owner's hold, but nobody may be told it is held. A booking
   * then goes without `reservedSlotUid` (not blocked by holds, per calcom-v2.md); releasing it does nothing, it
   * expires on its own.
   */
  unverified?: true;
}

export interface Attendee {
  name: string;
  /** International format, e.g. `+491701234567`. */
  phoneNumber?: string;
  email?: string;
  timeZone: string;
  language?: string;
}

export interface BookingRequest {
  eventTypeId: number;
  /** The exact instant that was offered. */
  start: string;
  attendee: Attendee;
  /** The hold this booking consumes (Cal.com `reservedSlotUid`); empty (an unverified hold) is the same as none. */
  holdUid?: string;
  /** <= 50 keys, string values. Carries `callId`, which makes a lost response recoverable. */
  metadata?: Record<string, string>;
}

export type BookingStatus = "accepted" | "pending" | "cancelled" | "rejected";

export interface Booking {
  id: number;
  uid: string;
  eventTypeId: number;
  /** UTC ISO. */
  start: string;
  end: string;
  status: BookingStatus;
  attendees: Attendee[];
  metadata: Record<string, string>;
  /** For a booking made by a reschedule: the uid it replaced. */
  rescheduledFromUid?: string;
}

export interface FindBookingsQuery {
  /** Matched on the client against attendees' phone numbers (Cal.com has no phone filter). */
  phone?: string;
  /** Substring match, case-insensitive. */
  name?: string;
  eventTypeId?: number;
  /** Instants: bookings starting at or after `from` and ending at or before `to`. */
  from?: string;
  to?: string;
  /** Default: only accepted and pending bookings. */
  status?: BookingStatus[];
}

export interface CalendarBackend {
  getSlots(query: SlotsQuery): Promise<SlotsByDate>;
  /**
   * Hold a slot (Cal.com reservation, default 5 minutes) so nobody else can take it. May return an `unverified`
   * hold when an attempt of the same `owner` lost its answer; never reports the owner's own lost reservation as
   * someone else's, and never another owner's as this one's.
   * @param owner who holds: the call id. One backend serves many calls in a server, and Cal.com's reservations
   *   name no owner, so only the caller can say whose lost attempt a refusal may be. Left out, every ownerless
   *   hold counts as one owner (a backend that serves a single caller).
   */
  hold(eventTypeId: number, slotStart: string, owner?: string): Promise<Hold>;
  /** Deletes a hold; an empty uid (an unverified hold) is nothing to delete. */
  releaseHold(uid: string): Promise<void>;
  book(request: BookingRequest): Promise<Booking>;
  findBookings(query: FindBookingsQuery): Promise<Booking[]>;
  cancel(uid: string, reason?: string): Promise<Booking>;
  /** Moves a booking; returns the new booking (new uid), the old one is cancelled. */
  reschedule(uid: string, start: string, reason?: string): Promise<Booking>;
}
