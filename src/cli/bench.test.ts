/**
 * `termin bench`: the figures are printed for people and as JSON for scripts. No timing is asserted (shared
 * machines are noisy); what must hold is correctness: no double booking, every conflict answered with
 * alternatives, every booked instant the offered one, and the same seed giving the same run.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

const run = (args: string[]) => runCli(["bench", ...args]);

/** Parses the single JSON line a `--json` run prints. */
function json(out: string): Record<string, unknown> {
  const lines = out.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? "") as Record<string, unknown>;
}

describe("termin bench contention", () => {
  it("--json: 20 callers on one calendar, no double booking, every conflict gets alternatives", async () => {
    const r = await run(["contention", "--callers", "20", "--seed", "3", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const f = json(r.out);
    expect(f).toMatchObject({ callers: 20, seed: 3, doubleBookings: 0, mismatches: 0 });
    expect(f["booked"]).toBeGreaterThan(0);
    expect(Number(f["booked"]) + Number(f["gaveUp"])).toBe(20);
    expect(f["conflictsWithAlternatives"]).toBe(f["conflicts"]);
    expect(f["conflicts"]).toBeGreaterThan(0); // 20 callers wanting the same times do collide
    for (const key of ["calendarCalls", "callsPerBookingHappy", "callsPerBookingOneConflict", "wallMs"])
      expect(typeof f[key]).toBe("number");
  });

  it("the same seed gives the same run (apart from wall time)", async () => {
    const a = json((await run(["contention", "--callers", "20", "--seed", "3", "--json"])).out);
    const b = json((await run(["contention", "--callers", "20", "--seed", "3", "--json"])).out);
    const { wallMs: _a, ...restA } = a;
    const { wallMs: _b, ...restB } = b;
    expect(restA).toEqual(restB);
  });

  it("without --json prints readable figures", async () => {
    const r = await run(["contention", "--callers", "5", "--seed", "1"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^contention: 5 callers, seed 1, \d+ ms\n/);
    expect(r.out).toMatch(/^ {2}double bookings +0$/m);
    expect(r.out).toMatch(/^ {2}booked +[1-5]$/m);
  });
});

describe("termin bench resolve", () => {
  it("--count 200 --json reports the phrases resolved", async () => {
    const r = await run(["resolve", "--count", "200", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const f = json(r.out);
    expect(f["phrases"]).toBe(200);
    expect(f["seconds"]).toBeGreaterThanOrEqual(0);
    expect(f["perSecond"]).toBeGreaterThan(0);
  });

  it("prints one readable line without --json", async () => {
    const r = await run(["resolve", "--count", "50"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^resolve: 50 phrases in \d+\.\d{3} s CPU = \d+ phrases\/s\n$/);
  });
});

describe("termin bench usage errors (exit 2)", () => {
  it("no benchmark named, or an unknown one", async () => {
    for (const args of [[], ["nope"], ["--json"]]) {
      const r = await run(args);
      expect(r).toMatchObject({ code: 2, out: "" });
      expect(r.err).toContain("name a benchmark: contention, resolve or calsim");
    }
  });

  it("a count that is not a positive number names the flag", async () => {
    for (const [flag, value] of [
      ["--callers", "0"],
      ["--callers", "viele"],
      ["--seed", "keiner"],
    ] as const) {
      const r = await run(["contention", flag, value]);
      expect(r).toMatchObject({ code: 2, out: "" });
      expect(r.err).toBe(`termin bench: ${flag} must be a positive number, got "${value}"\n`);
    }
    expect(await run(["resolve", "--count", "x"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--count"),
    });
  });
});
