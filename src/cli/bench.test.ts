/**
 * `termin bench`: the figures are printed for people and as JSON for scripts. No timing is asserted (shared
 * machines are noisy); what must hold is correctness: no double booking, every conflict answered with
 * alternatives, every booked instant the offered one, and the same seed giving the same run.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

const run = (args: string[]) => runCli(["bench", ...args]);
const TRANSCRIPTS = join(import.meta.dirname, "..", "..", "evals", "transcripts");

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** A folder holding three of the shipped calls. */
function threeCalls(): string {
  const folder = mkdtempSync(join(tmpdir(), "termin-bench-guard-"));
  folders.push(folder);
  for (const name of ["direct-booking.yaml", "cancel-own.yaml", "weekend.yaml"])
    copyFileSync(join(TRANSCRIPTS, name), join(folder, name));
  return folder;
}

/** Parses the single JSON line a `--json` run prints. */
function json(out: string): Record<string, unknown> {
  const lines = out.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? "") as Record<string, unknown>;
}

describe("termin bench contention", () => {
  it("--json: one object with the model, the best possible and both flows", async () => {
    const r = await run(["contention", "--callers", "10", "--seed", "3", "--arrival-min", "1", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const f = json(r.out);
    expect(Object.keys(f).sort()).toEqual(["best", "callers", "cpuMs", "flows", "model", "seed", "wallMs"]);
    expect(f).toMatchObject({
      callers: 10,
      seed: 3,
      model: {
        start: "2025-10-25T20:17:50+02:00",
        week: { from: "2025-10-26", to: "2025-11-01" },
        service: "herrenhaarschnitt",
        latencyMs: 500,
        thinkMs: 20000,
        toleranceMin: 60,
        tries: 3,
        arrivalMin: 1,
      },
    });
    const flows = f["flows"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(flows).sort()).toEqual(["kit", "seed"]);
    for (const flow of Object.values(flows)) {
      expect(Object.keys(flow).sort()).toEqual(
        [
          "booked",
          "calendarCalls",
          "callsPerBooking",
          "conflicts",
          "doubleBookings",
          "holds",
          "lost",
          "noFit",
          "ofBest",
          "recovered",
          "toolCalls",
          "toolLatencyMs",
          "wrongInstant",
        ].sort(),
      );
      expect(flow).toMatchObject({ doubleBookings: 0, wrongInstant: 0 });
      expect(Number(flow["booked"])).toBeLessThanOrEqual(Number(f["best"]));
      expect(Number(flow["booked"]) + Number(flow["noFit"]) + Number(flow["lost"])).toBe(10);
      expect(flow["toolLatencyMs"]).toEqual({ p50: expect.any(Number), p99: expect.any(Number) });
    }
    expect(flows["seed"]?.["holds"]).toBe(0);
  });

  it("the same seed gives the same run (apart from CPU and wall time); the model flags reach it", async () => {
    const args = ["contention", "--callers", "6", "--seed", "3", "--json", "--think-ms", "5000"];
    const extra = ["--latency-ms", "0", "--tolerance-min", "30", "--tries", "2"];
    const a = json((await run([...args, ...extra])).out);
    const b = json((await run([...args, ...extra])).out);
    const { cpuMs: _a, wallMs: _b, ...restA } = a;
    const { cpuMs: _c, wallMs: _d, ...restB } = b;
    expect(restA).toEqual(restB);
    expect(a["model"]).toMatchObject({
      thinkMs: 5000,
      latencyMs: 0,
      toleranceMin: 30,
      tries: 2,
      arrivalMin: 10,
    });
    // no latency: every tool call takes no time in the model
    const flows = a["flows"] as Record<string, { toolLatencyMs: unknown }>;
    expect(flows["kit"]?.toolLatencyMs).toEqual({ p50: 0, p99: 0 });
  });

  it("without --json prints the two flows side by side", async () => {
    const r = await run(["contention", "--callers", "5", "--seed", "1"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^contention: 5 callers, seed 1, \d+\.\d s CPU for the run\n/);
    expect(r.out).toMatch(/^ {2}best possible \(max matching\) +[0-5]$/m);
    expect(r.out).toMatch(/^ {34}kit {13}seed$/m);
    expect(r.out).toMatch(/^ {2}double bookings +0 +0$/m);
    expect(r.out).toMatch(/^ {2}booked instant != offered +0 +0$/m);
    expect(r.out).toMatch(/^ {2}booked \(of best possible\) +[0-5] \(\d+%\) +[0-5] \(\d+%\)$/m);
  });

  it("--help names every option of the contention model", async () => {
    const r = await run(["--help"]);
    for (const flag of [
      "--callers",
      "--seed",
      "--business",
      "--latency-ms",
      "--think-ms",
      "--tolerance-min",
      "--tries",
      "--arrival-min",
      "--json",
    ])
      expect(r.out + r.err).toContain(flag);
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

describe("termin bench guard", () => {
  // The eval replays every shipped call and fails on any flagged template (evals/assertions.ts); this replays a file
  // and a folder of three.
  it("--runs 1 --json times every reply of the calls named; the templates are never flagged", async () => {
    const folder = threeCalls();
    // direct-booking.yaml is named alone and again through its folder: one call.
    const r = await run([
      "guard",
      join(TRANSCRIPTS, "hans-schuster.yaml"),
      join(folder, "direct-booking.yaml"),
      folder,
      "--runs",
      "1",
      "--json",
    ]);
    expect(r).toMatchObject({ code: 0, err: "" });
    const figures = json(r.out);
    expect(figures["calls"]).toBe(4);
    expect(figures["utterances"]).toBeGreaterThan(10);
    expect(figures["flagged"]).toBe(0);
    expect((figures["p50"] as number[]).length).toBe(1);
  }, 60_000);

  it("a path that does not exist is named, exit 2", async () => {
    const r = await run(["guard", join(TRANSCRIPTS, "nope.yaml"), "--runs", "1"]);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toContain("nope.yaml: no such file or directory");
  });

  it("--runs above 20 is refused", async () => {
    expect(await run(["guard", "--runs", "21"])).toMatchObject({ code: 2 });
  });
});

describe("termin bench usage errors (exit 2)", () => {
  it("no benchmark named, or an unknown one", async () => {
    for (const args of [[], ["nope"], ["--json"]]) {
      const r = await run(args);
      expect(r).toMatchObject({ code: 2, out: "" });
      expect(r.err).toContain(
        "name a benchmark: contention, resolve, calsim, sharedkey, faults, rule, guard, week or serve",
      );
    }
  });

  it("a count that is not a positive number names the flag", async () => {
    for (const [flag, value] of [
      ["--callers", "0"],
      ["--callers", "viele"],
      ["--seed", "keiner"],
      ["--tries", "0"],
    ] as const) {
      const r = await run(["contention", flag, value]);
      expect(r).toMatchObject({ code: 2, out: "" });
      expect(r.err).toBe(`termin bench: ${flag} must be a positive number, got "${value}"\n`);
    }
    for (const [flag, value, max] of [
      ["--latency-ms", "-1", "60000"],
      ["--think-ms", "lange", "3600000"],
      ["--tolerance-min", "", "1440"],
      ["--arrival-min", "1e9", "1440"],
    ] as const) {
      const r = await run(["contention", `${flag}=${value}`]);
      expect(r).toMatchObject({ code: 2, out: "" });
      expect(r.err).toBe(`termin bench: ${flag} must be a number from 0 to ${max}, got "${value}"\n`);
    }
    expect(await run(["contention", "--callers", "100000"])).toMatchObject({
      code: 2,
      err: 'termin bench: --callers must be at most 5000, got "100000"\n',
    });
    expect(await run(["resolve", "--count", "x"])).toMatchObject({
      code: 2,
      err: expect.stringContaining("--count"),
    });
  });
});
