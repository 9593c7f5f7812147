import type { ToolOutcome } from "../booking/run-tool.ts";
import type { SlotOffer } from "../booking/types.ts";
import type { Booking } from "../calendar/backend.ts";
import { overlappingBookings } from "../calendar/overlap.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { instantKey, localMinuteOf } from "../time/instant.ts";
import type { ReplayFailure } from "./replay.ts";
import type { Transcript } from "./transcript.ts";

/** What a finished call left behind. */
export interface CallFacts {
  transcript: Transcript;
  business: BusinessProfile;
  zone: string;
  /** Every booking in the calendar at the end, cancelled ones included. */
  bookings: Booking[];
  /** Uids that existed before the call. */
  before: Set<string>;
  callId: string;
  /** Every slot offered during the call, by id. */
  offers: ReadonlyMap<string, SlotOffer>;
  outcomes: { turn: number; outcome: ToolOutcome }[];
}

const ms = instantKey;

/**
 * Whether the call itself made or changed a booking: a new one carries the call's id (other customers' bookings
 * during the call do not) or replaces one it moved; an existing one counts when the call cancelled it.
 */
export function byThisCall(booking: Booking, before: ReadonlySet<string>, callId: string): boolean {
  return before.has(booking.uid)
    ? booking.status === "cancelled"
    : booking.metadata["callId"] === callId || booking.rescheduledFromUid !== undefined;
}

/** Invariants 5 and 6 and the call's `expect` (booked, cancelled). */
export function checkCall(facts: CallFacts): ReplayFailure[] {
  const failures: ReplayFailure[] = [];
  const { transcript, zone } = facts;
  const wall = (iso: string): string => localMinuteOf(iso, zone);
  const serviceOf = (b: Booking): string =>
    facts.business.services.find((s) => s.eventTypeId === b.eventTypeId)?.id ?? String(b.eventTypeId);

  // 5. The booked instant equals the instant of the slot the caller accepted.
  for (const { turn, outcome } of facts.outcomes) {
    if (outcome.name !== "book_appointment" && outcome.name !== "reschedule_appointment") continue;
    const { result } = outcome;
    if (result.status !== "booked" && result.status !== "rescheduled") continue;
    const slotId = typeof outcome.arguments === "string" ? "" : outcome.arguments.slot_id;
    const offer = facts.offers.get(slotId);
    const booked = result.booking.start;
    if (offer === undefined || booked === undefined) {
      failures.push({
        check: "invariant 5",
        turn,
        message: `booking for slot "${slotId}" that was never offered`,
      });
    } else if (ms(offer.start) !== ms(booked)) {
      failures.push({
        check: "invariant 5",
        turn,
        message: `offered ${offer.start} (${offer.id}) but booked ${booked}`,
      });
    }
  }

  // 6. No double booking; at most one new booking per call unless the transcript expects more.
  for (const [a, b] of overlappingBookings(facts.bookings)) {
    failures.push({
      check: "invariant 6",
      turn: null,
      message: `double booking: ${wall(a.start)} and ${wall(b.start)} overlap`,
    });
  }
  const isNew = (b: Booking): boolean =>
    !facts.before.has(b.uid) && byThisCall(b, facts.before, facts.callId);
  // A reschedule replaces a booking: it does not count as another new one.
  const made = facts.bookings.filter((b) => isNew(b) && b.rescheduledFromUid === undefined);
  const expectedBooked = transcript.expect.booked;
  const allowed = Array.isArray(expectedBooked) ? expectedBooked.length : 1;
  if (made.length > allowed) {
    failures.push({
      check: "invariant 6",
      turn: null,
      message: `${made.length} new bookings in one call (allowed ${allowed}): ${made.map((b) => wall(b.start)).join(", ")}`,
    });
  }

  // expect.booked
  if (expectedBooked !== undefined) {
    const want =
      expectedBooked === "none" ? [] : Array.isArray(expectedBooked) ? expectedBooked : [expectedBooked];
    const newLive = facts.bookings.filter(
      (b) => isNew(b) && (b.status === "accepted" || b.status === "pending"),
    );
    const got = newLive.map((b) => `${serviceOf(b)}@${wall(b.start)}`).sort();
    const wanted = want.map((w) => `${w.service}@${w.start}`).sort();
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      failures.push({
        check: "booked",
        turn: null,
        message: `expected booked ${wanted.join(", ") || "none"}, got ${got.join(", ") || "none"}`,
      });
    }
  }

  // expect.cancelled (default: none)
  const cancelled = facts.bookings
    .filter((b) => facts.before.has(b.uid) && b.status === "cancelled")
    .map((b) => wall(b.start))
    .sort();
  const wantCancelled = transcript.expect.cancelled.map((c) => c.start).sort();
  if (JSON.stringify(cancelled) !== JSON.stringify(wantCancelled)) {
    failures.push({
      check: "cancelled",
      turn: null,
      message: `expected cancelled ${wantCancelled.join(", ") || "none"}, got ${cancelled.join(", ") || "none"}`,
    });
  }
  return failures;
}
