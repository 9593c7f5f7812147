/**
 * Errors grouped by who is at fault. A tool failure goes back to the model as a short message it can act on;
 * none of these ever ends a call on its own.
 */

/** Base class: sets `name` and passes `cause`. */
export class KitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The developer's setup is wrong: a missing profile, a bad flag, a missing key. */
export class ConfigError extends KitError {}

/** The model sent tool arguments that do not fit the tool's schema, or named an unknown tool. */
export class ModelOutputError extends KitError {
  constructor(
    message: string,
    readonly toolName: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What went wrong at the calendar, in the kit's words (Cal.com's text stays in `message`). */
export type CalendarErrorKind =
  | "slot_taken"
  | "held_by_other"
  | "outside_window"
  | "in_past"
  // The time is no slot of the event type (Cal.com: "Invalid start date"): off the grid, or no longer offered.
  | "no_slot"
  | "not_found"
  | "rate_limited"
  | "unavailable"
  | "bad_request";

/** The calendar (Cal.com or the simulator) refused or failed a request. */
export class CalendarError extends KitError {
  readonly kind: CalendarErrorKind;
  /** HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** Cal.com's error code, e.g. `BadRequestException`. */
  readonly code: string | undefined;
  /** Whether the same request may succeed later. */
  readonly retryable: boolean;
  /** For `rate_limited`: how long Cal.com asked us to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: CalendarErrorKind,
    message: string,
    details: { status?: number; code?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.code = details.code;
    this.retryAfterMs = details.retryAfterMs;
    this.retryable = kind === "rate_limited" || kind === "unavailable";
  }
}

/** Result of a `safe*` function: branch on `ok` instead of catching. */
export type SafeResult<T, E = Error> = { ok: true; value: T } | { ok: false; error: E };
