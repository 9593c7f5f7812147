/**
 * `termin bench serve`, small: every call of both paths books once, nothing fails, nothing is double-booked, every
 * calendar request is attributed to the request or socket that made it, and the figures hang together. No timing
 * is asserted (shared machines are noisy).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it, vi } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { runCli } from "../cli/testing.ts";
import { type BenchServeResult, benchServe, type Percentiles } from "./bench-serve.ts";

const profile = loadBusinessProfile("friseur-1");

/** A sane spread: p50 <= p99 <= max, none negative. */
function sane(p: Percentiles) {
  expect(p.p50).toBeGreaterThanOrEqual(0);
  expect(p.p50).toBeLessThanOrEqual(p.p99);
  expect(p.p99).toBeLessThanOrEqual(p.max);
}

describe("benchServe", () => {
  it("12 calls, half over Vapi, half over Retell: all booked, no errors, no double booking", {
    timeout: 60_000,
  }, async () => {
    // Its store of waits is let go after: an enabled one runs an async hook on every promise of the process.
    const disable = vi.spyOn(AsyncLocalStorage.prototype, "disable");
    const r: BenchServeResult = await benchServe({ profile, calls: 12, thinkMs: 10, seed: 3 });
    expect(disable).toHaveBeenCalled();
    disable.mockRestore();
    expect(r).toMatchObject({
      calls: 12,
      concurrency: 12,
      booked: 12,
      errors: 0,
      errorKinds: {},
      doubleBookings: 0,
      unattributedCalendarRequests: 0,
      vapi: { calls: 6, booked: 6 },
      retell: { calls: 6, booked: 6 },
    });
    // Vapi: check, book (again after slot_taken), end-of-call-report; Retell: wish, yes, name, goodbye at least.
    expect(r.vapi.requests).toBeGreaterThanOrEqual(18);
    expect(r.retell.requests).toBeGreaterThanOrEqual(24);
    for (const path of [r.vapi, r.retell]) {
      for (const p of [path.addedMs, path.wallMs, path.calendarMs]) sane(p);
      // Added is wall minus the wait, request by request: never above the wall time at the same rank.
      expect(path.addedMs.p50).toBeLessThanOrEqual(path.wallMs.p50);
      expect(path.addedMs.max).toBeLessThanOrEqual(path.wallMs.max);
      // Both paths waited on calsim, and the waits reached their requests.
      expect(path.calendarMs.max).toBeGreaterThan(0);
    }
    sane(r.retellConnectMs);
    // One booking at least per call, a check per Vapi call and per Retell wish.
    expect(r.calendarRequests).toBeGreaterThanOrEqual(24);
    expect(r.peakRssMb).toBeGreaterThan(0);
    expect(r.cpuSeconds).toBeGreaterThan(0);
    expect(r.wallSeconds).toBeGreaterThan(0);
  });
});

describe("termin bench serve", () => {
  it("--json: one object with the figures; exit 0", async () => {
    const r = await runCli(["bench", "serve", "--calls", "4", "--think-ms", "0", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.lines).toHaveLength(1);
    const f = JSON.parse(r.lines[0] ?? "") as BenchServeResult;
    expect(f).toMatchObject({
      calls: 4,
      concurrency: 4,
      thinkMs: 0,
      booked: 4,
      errors: 0,
      doubleBookings: 0,
    });
    expect(f.now).toBe("2025-10-28T09:00:00+01:00");
  });

  it("prints the figures as lines", async () => {
    const r = await runCli(["bench", "serve", "--calls", "2", "--think-ms", "0"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("added by the kit, ms (p50 / p99 / max)");
    expect(r.out).toContain("double bookings (must be 0) 0");
  });

  it.each([
    [["--calls", "0"], "--calls"],
    [["--calls", "2001"], "--calls"],
    [["--concurrency", "x"], "--concurrency"],
    [["--think-ms", "-1"], "--think-ms"],
    [["--now", "2025-10-28T09:00:00"], "--now"],
  ])("refuses %j", async (args, flag) => {
    const r = await runCli(["bench", "serve", ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(flag);
  });
});
