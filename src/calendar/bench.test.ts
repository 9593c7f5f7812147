/**
 * `termin bench calsim`: a normal run reports no errors (it reported 16: the free-slot list of nine years blocked the
 * event loop past the server's keep-alive timeout, so the client's idle sockets were closed under it), and any
 * error it does report is counted by kind.
 */
import { DateTime } from "luxon";
import { describe, expect, it, vi } from "vitest";
import { benchCalsim, freeSlotFeed } from "./bench.ts";
import { manualClock } from "./clock.ts";
import { loadBusinessProfile } from "./profile.ts";
import { CalendarSimulator } from "./simulator.ts";

const ZONE = "Europe/Berlin";

describe("freeSlotFeed", () => {
  it("hands out each free slot once, in order, fetching four weeks at a time", async () => {
    const base = loadBusinessProfile("friseur-1");
    const profile = { ...base, bookingWindowDays: 3_650, minimumNoticeMinutes: 0 };
    const sim = new CalendarSimulator({ profile, clock: manualClock("2025-10-25T20:17:50+02:00") });
    const getSlots = vi.spyOn(sim, "getSlots");
    const from = DateTime.fromISO("2025-10-27T00:00", { zone: ZONE });
    const next = freeSlotFeed(sim, profile.services[0]?.eventTypeId ?? 0, from, from.plus({ years: 9 }));
    // Concurrent takers, as the benchmark's workers are.
    const starts = await Promise.all(Array.from({ length: 600 }, () => next()));
    expect(new Set(starts).size).toBe(600);
    expect(starts).toEqual([...starts].sort((a, b) => Date.parse(a ?? "") - Date.parse(b ?? "")));
    // Monday opens at 07:00.
    expect(DateTime.fromISO(starts[0] ?? "").toMillis()).toBe(from.plus({ hours: 7 }).toMillis());
    // 600 slots are a few weeks of this salon: a handful of queries, never the nine years at once.
    const spans = getSlots.mock.calls.map(
      ([q]) => DateTime.fromISO(q.end).diff(DateTime.fromISO(q.start), "weeks").weeks,
    );
    expect(spans.length).toBeGreaterThan(1);
    expect(spans.length).toBeLessThan(10);
    expect(Math.max(...spans)).toBeLessThanOrEqual(4);
  });

  it("runs dry at the end of the window", async () => {
    const sim = new CalendarSimulator({
      profile: loadBusinessProfile("friseur-1"),
      clock: manualClock("2025-10-25T20:17:50+02:00"),
    });
    const from = DateTime.fromISO("2025-10-27T00:00", { zone: ZONE });
    const next = freeSlotFeed(sim, sim.profile.services[0]?.eventTypeId ?? 0, from, from.plus({ days: 1 }));
    const starts: (string | undefined)[] = [];
    for (let i = 0; i < 40; i++) starts.push(await next());
    expect(starts.filter((s) => s !== undefined).length).toBeGreaterThan(5);
    expect(starts.at(-1)).toBeUndefined();
  });
});

describe("benchCalsim", () => {
  it("a normal run has no errors, and says so by kind", async () => {
    const r = await benchCalsim({ seconds: 0.5, concurrency: 16 });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.bookingsPerSecond).toBeGreaterThan(0);
    expect(r.errorKinds).toEqual({});
    expect(r.errors).toBe(0);
  }, 60_000);
});
