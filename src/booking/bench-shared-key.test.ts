/**
 * `termin bench sharedkey`, small and fast (time 200x): the figures add up, nothing is double-booked, and with the
 * request budget no request ever meets Cal.com's throttler. No timing or service level is asserted: real timers on
 * a shared machine decide the details.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/testing.ts";
import { friseur } from "./__fixtures__/call.ts";
import { benchSharedKey } from "./bench-shared-key.ts";

describe("bench sharedkey", () => {
  it.each([false, true])(
    "protect %s: every caller is served, told busy or found no slot; no double booking",
    async (protect) => {
      const r = await benchSharedKey(friseur, { calls: 4, callers: 6, protect, speed: 200 });
      expect(r.served + r.gaveUpBusy + r.noSlot).toBe(6);
      expect(r.doubleBookings).toBe(0);
      expect(r.calendarRequests).toBeGreaterThan(0);
      if (protect) expect(r.http429).toBe(0);
      else expect([r.shed, r.slotCacheHits]).toEqual([0, 0]);
    },
  );

  it("termin bench sharedkey --json: one run before and one after per --calls", async () => {
    const r = await runCli(["bench", "sharedkey", "--calls", "3", "--speed", "200", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const rows = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(rows.map((row) => [row["calls"], row["callers"], row["protect"]])).toEqual([
      [3, 6, false],
      [3, 6, true],
    ]);
  });

  it("refuses a bad --calls", async () => {
    const r = await runCli(["bench", "sharedkey", "--calls", "3,x"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--calls");
  });
});
