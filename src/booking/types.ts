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
  /** Local date `YYYY-MM-DD`, or null when the caller named none. */
  date: string | null;
  /** Local `HH:MM`, or null. */
  time: string | null;
  /** Daypart window (`HH:MM`), when the caller said "nachmittags" without a clock time. */
  window: { from: string; to: string } | null;
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

/** Why the requested time was not offered as it was. */
export type UnavailableReason =
  | "taken" // booked or held by someone else
  | "closed_day" // the business is closed that day (hours or closure)
  | "outside_hours" // the day is open but not at that time
  | "not_a_start" // open, but no slot of this service starts then (slots repeat every service length)
  | "too_soon" // inside the minimum notice
  | "past" // before now
  | "beyond_window"; // after the booking window

export type CheckAvailabilityResult =
  | { status: "available"; requested: Requested; slot: SlotOffer; say: string }
  | {
      status: "alternatives";
      requested: Requested;
      reason: UnavailableReason | null;
      alternatives: SlotOffer[];
      say: string;
    }
  | {
      status: "none_free";
      requested: Requested;
      reason: UnavailableReason | null;
      searchedUntil: string;
      /** First day searched when it is not today (the caller asked for a later day); else null. */
      searchedFrom: string | null;
      say: string;
    }
  | { status: "need_input"; missing: ("service" | "day")[]; say: string };

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
  | { status: "limit_reached"; booked: BookingInfo[]; say: string };

/** A slot went away between offer and booking: the same result carries fresh alternatives (F5). */
export interface SlotTakenResult {
  status: "slot_taken";
  chosen: SlotOffer;
  alternatives: SlotOffer[];
  say: string;
}

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

/** The calendar could not be reached or failed: an honest message, never "unerwarteter Fehler". */
export interface UnavailableResult {
  status: "calendar_unavailable";
  retryable: boolean;
  say: string;
}

/** The model sent arguments that do not fit the schema; it can correct and call again. */
export interface InvalidArgumentsResult {
  status: "invalid_arguments";
  error: string;
}
