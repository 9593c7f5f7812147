/**
 * What the Cal.com client knows after a write whose answer was lost (timeout, dropped connection, a 5xx after
 * the write may have happened): Cal.com may have done it. A later refusal may then be the lost attempt's own
 * work, and Cal.com's answer never says whose work it is (a reservation has no owner, no metadata, and there is
 * no endpoint that lists reservations). So the client says what it verified, and no more.
 */
import { CalendarError } from "../errors.ts";

/**
 * A refusal met by a retry after a lost attempt: real, but perhaps caused by that attempt ("already has booking"
 * for a booking the lost attempt made). Same kind, message, status and code as the refusal; callers that speak
 * about who took a slot must not blame someone else for it.
 */
export class RefusalAfterLostAttempt extends CalendarError {
  /** What happened to the attempt whose answer was lost. */
  readonly lostAttempt: CalendarError;

  constructor(refusal: CalendarError, lostAttempt: CalendarError) {
    const details: { status?: number; code?: string; retryAfterMs?: number; cause: unknown } = {
      cause: refusal,
    };
    if (refusal.status !== undefined) details.status = refusal.status;
    if (refusal.code !== undefined) details.code = refusal.code;
    if (refusal.retryAfterMs !== undefined) details.retryAfterMs = refusal.retryAfterMs;
    super(refusal.kind, refusal.message, details);
    this.lostAttempt = lostAttempt;
  }
}

/** Whether a calendar refusal is verified to be the calendar's own state, not perhaps a lost attempt's work. */
export function refusalVerified(error: CalendarError): boolean {
  return !(error instanceof RefusalAfterLostAttempt);
}

/** A time span in epoch ms, [startMs, endMs). */
export interface Span {
  startMs: number;
  endMs: number;
}

interface PossibleHold extends Span {
  /** Who made the attempt (a call id), undefined when the caller named nobody. */
  owner: string | undefined;
  /** The client's clock when the attempt was given up: the reservation, if made, is no younger. */
  lostAtMs: number;
  /** After this, the reservation has expired for sure (client clock). */
  goneAtMs: number;
}

/** Enough for every call of a busy process; the oldest entry goes first beyond it. */
const MAX_POSSIBLE_HOLDS = 1_000;

/** How long Cal.com keeps a slot reservation unless told otherwise (calcom-v2.md): 5 minutes. */
export const RESERVATION_MINUTES = 5;

/**
 * Reservations this client may have made without hearing back: one per hold attempt whose answer was lost, kept
 * until the reservation would have expired, with the owner (call) that attempted it. A hold refusal ("already
 * reserved") on a slot overlapping one of them may be that owner's own reservation, and only that owner's: in a
 * server one client serves every call, and another call's lost reservation is someone else's to every other call.
 * Attempts without an owner count as one owner among themselves (a client that serves a single caller).
 */
export class PossibleHolds {
  private entries: PossibleHold[] = [];

  /**
   * @param reservationMs how long Cal.com keeps a reservation (5 minutes by default)
   * @param lateMs how much later than the client gave up a request may still reach Cal.com
   */
  constructor(
    private readonly reservationMs: number,
    private readonly lateMs: number,
  ) {}

  /** A hold attempt of `owner` on `span` was lost at `nowMs`. */
  lost(span: Span, nowMs: number, owner?: string): void {
    this.prune(nowMs);
    if (this.entries.length >= MAX_POSSIBLE_HOLDS) this.entries.shift();
    this.entries.push({
      startMs: span.startMs,
      endMs: span.endMs,
      owner,
      lostAtMs: nowMs,
      goneAtMs: nowMs + this.lateMs + this.reservationMs,
    });
  }

  /** A hold on `span` succeeded: no reservation overlaps it, so none of ours can exist there. */
  cleared(span: Span): void {
    this.entries = this.entries.filter((entry) => !overlaps(entry, span));
  }

  /**
   * The latest lost attempt of `owner` overlapping `span` whose reservation may still exist, if any. Another
   * owner's attempts never match: their reservation is not `owner`'s hold.
   */
  overlapping(span: Span, nowMs: number, owner?: string): { lostAtMs: number } | undefined {
    this.prune(nowMs);
    const entry = this.entries.findLast((e) => e.owner === owner && overlaps(e, span));
    return entry === undefined ? undefined : { lostAtMs: entry.lostAtMs };
  }

  private prune(nowMs: number): void {
    this.entries = this.entries.filter((entry) => entry.goneAtMs > nowMs);
  }
}

function overlaps(a: Span, b: Span): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}
