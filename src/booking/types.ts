/**
 * What the booking handlers return to the model. Every result is structured data (exact instants, ids,
 * status) plus `say`, the German sentence rendered from `prompts/responses/<template>.hbs`.
 */

/** A slot offered to the caller. `start` is the calendar's exact instant; `date`/`time` are derived from it. */
export interface SlotOffer {
  /** Id the model copies into `hold_slot` / `book_appointment`, e.g. `S1`. Unique within a call. */
  id: string;
  /** Service id from the business profile. */
  service: string;
  /** Who the slot was offered for when not the caller ("mein Sohn", "Emre Yilmaz"); null for the caller. */
  person: string | null;
  /** Exact instant with the business zone's offset. */
  start: string;
  end: string;
  /** Local date in the business zone, `YYYY-MM-DD`. */
  date: string;
  /** Local time in the business zone, `HH:MM`. */
  time: string;
}

/** What the caller asked for, after `src/time` resolved it. */
export interface Requested {
  /** Local date `YYYY-MM-DD`, or null when the caller named none (or a span of days). */
  date: string | null;
  /** Local `HH:MM`, or null. */
  time: string | null;
  /**
   * Time-of-day window (`HH:MM`; a slot is inside when its start is >= `from` and < `to`): a daypart said without a
   * clock time ("nachmittags"), a range ("zwischen 14 und 16 Uhr") or a bound ("ab 14 Uhr", `to` "23:59").
   */
  window: { from: string; to: string } | null;
  /** A span of days ("am Wochenende", "nächste Woche"): inclusive local dates; `date` is null then. */
  days: { from: string; to: string } | null;
  /** The caller wants the earliest bookable slot ("so schnell wie möglich", "in einer halben Stunde"). */
  earliest: boolean;
}

/** A booking as the caller may hear about it (only the caller's own). */
export interface BookingInfo {
  uid: string;
  service: string;
  start: string;
  end: string;
  date: string;
  time: string;
}

/**
 * Why the requested time (or day, or span) was not offered as it was. Each reason is a fact the kit verified:
 * the profile's hours, notice and window, or the calendar's own bookings.
 */
export type UnavailableReason =
  | "taken" // every slot of the day, daypart or span asked for overlaps another customer's booking (looked up)
  | "not_free" // the calendar offers no slot there: one clock time, or a day no booking explains (a closure, a hold)
  | "closed_day" // the profile's hours say the business is closed that day (every day of a span)
  | "day_over" // today, and no slot can start any more today (closing time reached)
  | "outside_hours" // the day is open but not at that time (or not in that daypart)
  | "ends_after_closing" // opens then, but the appointment would end after closing
  | "not_a_start" // open, but no slot of this service starts then (slots repeat every service length)
  | "too_soon" // inside the minimum notice
  | "past" // before now
  | "beyond_window"; // after the booking window

/**
 * The profile's facts behind a reason, as exact instants the template speaks and the model may repeat: when the
 * business closes that day and the latest start that still fits; the earliest bookable moment (minimum notice);
 * the last bookable day (booking window). Each is null when the reason does not need it.
 */
export interface ReasonDetail {
  /** Closing instant of the opening range the requested time falls into (or today's last closing). */
  closesAt: { start: string } | null;
  /** When that range closes for a break: the opening of the next range the same day. */
  reopensAt: { start: string } | null;
  /** The latest slot start of that range for this service (a profile fact; it may be booked). */
  latestStart: { start: string; date: string; time: string } | null;
  /** The first free slot at or after the minimum notice: nothing can be booked before it. */
  earliestStart: { start: string; date: string; time: string } | null;
  /** The last local date that can be booked. */
  bookableUntil: string | null;
  /** The requested day's opening hours as instants, when the time asked is outside them. */
  hours: { from: string; to: string }[] | null;
}

/** A reason with no facts to name (every part null). */
export const NO_DETAIL: Readonly<ReasonDetail> = Object.freeze({
  closesAt: null,
  reopensAt: null,
  latestStart: null,
  earliestStart: null,
  bookableUntil: null,
  hours: null,
});

export type CheckAvailabilityResult =
  | { status: "available"; requested: Requested; slot: SlotOffer; say: string }
  | {
      status: "alternatives";
      requested: Requested;
      /** Null: the wish is met as asked (a day, a span, the earliest), these are the offers for it. */
      reason: UnavailableReason | null;
      detail: ReasonDetail;
      /** Chronological, every one a free slot with its exact instant. */
      alternatives: SlotOffer[];
      say: string;
    }
  | {
      status: "none_free";
      requested: Requested;
      reason: UnavailableReason | null;
      detail: ReasonDetail;
      searchedUntil: string;
      /** First day searched when it is not today (the caller asked for a later day); else null. */
      searchedFrom: string | null;
      /** The searched days the profile's hours say are closed; `allClosed` when none of them is open. */
      closedDays: string[];
      allClosed: boolean;
      say: string;
    }
  | {
      status: "need_input";
      missing: ("service" | "day")[];
      /** Service ids the caller's words fit equally, when the service is missing for that reason. */
      serviceOptions: string[];
      say: string;
    };

export type HoldResult =
  | { status: "held"; slot: SlotOffer; holdUntil: string; say: string }
  /** The slot is already booked by this very call. */
  | { status: "booked"; booking: BookingInfo; say: string }
  | SlotTakenResult;

export type BookResult =
  | { status: "booked"; booking: BookingInfo; say: string }
  | SlotTakenResult
  | { status: "need_input"; missing: ("name" | "slot")[]; say: string }
  /** The call already made as many bookings as it may (one by default): by construction, not by prompt. */
  | { status: "limit_reached"; booked: BookingInfo[]; say: string }
  /**
   * The slot was offered (and perhaps held) for another service than the one the caller asked for last: booking
   * it would give the caller a service they no longer want. The `say` names both.
   */
  | {
      status: "service_mismatch";
      chosen: SlotOffer;
      wanted: { id: string; name: string };
      say: string;
    }
  /**
   * The booking request got no answer and the look-up for it failed too: the slot may be booked or not. The session
   * keeps it (`BookingSession.unverified`) and it is looked up again before anything else is said about it.
   */
  | { status: "unverified"; chosen: SlotOffer; say: string }
  /** A look-up after an unverified request found no booking of this call at the slot: nothing is booked. */
  | { status: "not_made"; chosen: SlotOffer; say: string };

/** A booking request whose outcome is unknown: its answer was lost and the look-up for it failed too. */
export interface UnverifiedBooking {
  offer: SlotOffer;
  /** The name the booking was requested for. */
  name: string;
  /** The call id the request carried in its metadata: the look-up matches the booking by it. */
  callId: string;
}

/** A slot went away between offer and booking: the same result carries fresh alternatives (F5). */
export type SlotTakenResult = {
  status: "slot_taken";
  chosen: SlotOffer;
  alternatives: SlotOffer[];
  say: string;
};

export type FindResult =
  | { status: "found"; bookings: BookingInfo[]; say: string }
  | { status: "none"; say: string };

export type CancelResult =
  | { status: "cancelled"; booking: BookingInfo; say: string }
  | { status: "not_found"; say: string };

export type RescheduleResult =
  | { status: "rescheduled"; previous: BookingInfo; booking: BookingInfo; say: string }
  | SlotTakenResult
  | { status: "not_found"; say: string };

/**
 * `end_call`: the call may end (`ended`), or it must not yet because the caller was just asked whether to book a
 * slot (held or offered alone) and nothing is booked: the `say` tells them so and asks; a second `end_call` ends.
 */
export type EndCallResult =
  | { status: "ended"; reason: string }
  | { status: "not_booked"; slot: SlotOffer; held: boolean; say: string };

/** What `business_info` can answer, always from the business profile. */
export type BusinessTopic = "hours" | "day_hours" | "address" | "prices" | "payment" | "services";

/** One day's opening hours, as exact instants (empty `ranges`: closed that day). */
export interface DayHours {
  date: string;
  ranges: { from: string; to: string }[];
}

export type BusinessInfoResult =
  | {
      status: "info";
      topic: BusinessTopic;
      /** False when the profile does not carry the fact: the `say` says it cannot be given on the phone. */
      known: boolean;
      say: string;
    }
  | { status: "need_input"; missing: ("day" | "service")[]; say: string };

/** The calendar could not be reached or failed: an honest message, never "unerwarteter Fehler". */
export type UnavailableResult = {
  status: "calendar_unavailable";
  retryable: boolean;
  say: string;
};

/** The model sent arguments that do not fit the schema; it can correct and call again. */
export type InvalidArgumentsResult = {
  status: "invalid_arguments";
  error: string;
};
