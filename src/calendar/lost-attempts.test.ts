import { describe, expect, it } from "vitest";
import { PossibleHolds } from "./lost-attempts.ts";

const MINUTE = 60_000;
/** 10:00-10:30 and 10:15-11:15, as epoch ms from 0. */
const TEN = { startMs: 600 * MINUTE, endMs: 630 * MINUTE };
const QUARTER_PAST = { startMs: 615 * MINUTE, endMs: 675 * MINUTE };
const ELEVEN = { startMs: 660 * MINUTE, endMs: 690 * MINUTE };

/** Reservations last 5 minutes; a request may arrive 10 s after the client gave up. */
const possibleHolds = () => new PossibleHolds(5 * MINUTE, 10_000);

describe("PossibleHolds: a lost hold attempt explains only its own owner's refusals", () => {
  it("matches the same owner on an overlapping slot, never another owner's", () => {
    const holds = possibleHolds();
    holds.lost(TEN, 1_000, "call_a");
    expect(holds.overlapping(TEN, 2_000, "call_a")).toEqual({ lostAtMs: 1_000 });
    expect(holds.overlapping(QUARTER_PAST, 2_000, "call_a")).toEqual({ lostAtMs: 1_000 });
    expect(holds.overlapping(ELEVEN, 2_000, "call_a")).toBeUndefined();
    // Call B's refusal on the same slot is A's real reservation: someone else's to B.
    expect(holds.overlapping(TEN, 2_000, "call_b")).toBeUndefined();
  });

  it("an attempt without an owner matches nothing of an owner, and an owner's matches nothing ownerless", () => {
    const holds = possibleHolds();
    holds.lost(TEN, 1_000);
    expect(holds.overlapping(TEN, 2_000, "call_a")).toBeUndefined();
    // Ownerless attempts are one owner among themselves: a client that serves a single caller.
    expect(holds.overlapping(TEN, 2_000)).toEqual({ lostAtMs: 1_000 });

    const owned = possibleHolds();
    owned.lost(TEN, 1_000, "call_a");
    expect(owned.overlapping(TEN, 2_000)).toBeUndefined();
  });

  it("gives each owner its own latest attempt", () => {
    const holds = possibleHolds();
    holds.lost(TEN, 1_000, "call_a");
    holds.lost(TEN, 3_000, "call_b");
    holds.lost(QUARTER_PAST, 4_000, "call_c");
    expect(holds.overlapping(TEN, 5_000, "call_a")).toEqual({ lostAtMs: 1_000 });
    expect(holds.overlapping(TEN, 5_000, "call_b")).toEqual({ lostAtMs: 3_000 });
    expect(holds.overlapping(TEN, 5_000, "call_c")).toEqual({ lostAtMs: 4_000 });
  });

  it("a hold that succeeded clears every owner's attempts it overlaps; expired attempts are gone", () => {
    const holds = possibleHolds();
    holds.lost(TEN, 1_000, "call_a");
    holds.lost(ELEVEN, 1_000, "call_b");
    // A reservation on 10:15-11:15 was granted: nothing overlapping it is reserved, neither A's lost one nor B's.
    holds.cleared(QUARTER_PAST);
    expect(holds.overlapping(TEN, 2_000, "call_a")).toBeUndefined();
    expect(holds.overlapping(ELEVEN, 2_000, "call_b")).toBeUndefined();

    holds.lost(ELEVEN, 10_000, "call_b");
    expect(holds.overlapping(ELEVEN, 10_000 + 5 * MINUTE + 9_999, "call_b")).toEqual({ lostAtMs: 10_000 });
    expect(holds.overlapping(ELEVEN, 10_000 + 5 * MINUTE + 10_000, "call_b")).toBeUndefined();
  });
});
