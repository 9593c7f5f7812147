import { describe, expect, it } from "vitest";
import { friseur } from "./__fixtures__/call.ts";
import { benchContention } from "./bench-contention.ts";

describe("benchContention", () => {
  it("30 callers racing for the same Saturday morning: no double booking, no mismatch, every conflict has alternatives", async () => {
    const r = await benchContention(friseur, 30, 1);
    expect(r.callers).toBe(30);
    expect(r.seed).toBe(1);
    expect(r.doubleBookings).toBe(0);
    expect(r.mismatches).toBe(0);
    expect(r.booked).toBeGreaterThan(0);
    expect(r.conflictsWithAlternatives).toBe(r.conflicts);
    // every caller either booked or gave up; nobody booked twice (one booking per call)
    expect(r.booked + r.gaveUp).toBe(30);
    expect(r.conflicts).toBeGreaterThan(0); // the run really contends
    expect(r.callsPerBookingHappy).toBe(3);
    expect(r.callsPerBookingOneConflict).toBe(5);
  });

  it("is deterministic for a seed (apart from wall time)", async () => {
    const { wallMs: _a, ...first } = await benchContention(friseur, 20, 7);
    const { wallMs: _b, ...second } = await benchContention(friseur, 20, 7);
    expect(second).toEqual(first);
    expect(first.doubleBookings).toBe(0);
  });
});
