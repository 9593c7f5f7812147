/**
 * `termin bench rule` runs a short call and prints its fields; no timing is asserted (shared machines are noisy).
 * What must hold: every turn is played, every window has steps, and the same seed says the same lines.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { runCli } from "../cli/testing.ts";
import { benchRule, benchRuleLines } from "./bench-rule.ts";
import { BENCH_RULE_LINES } from "./bench-rule-lines.de.ts";

const spread = { min: expect.any(Number), median: expect.any(Number), max: expect.any(Number) };

describe("benchRule", () => {
  it("plays every turn of the call and times the steps near turn 10 and near the last turn", async () => {
    const r = await benchRule({ profile: loadBusinessProfile("friseur-1"), turns: 12, runs: 2, seed: 3 });
    expect(r).toMatchObject({ business: "friseur-1", turns: 12, runs: 2, seed: 3, reached: 12 });
    expect(r.early).toEqual({ from: 1, to: 10, steps: expect.any(Number), p50Ms: spread, p99Ms: spread });
    expect(r.late).toMatchObject({ from: 3, to: 12 });
    for (const w of [r.early, r.late]) {
      expect(w.steps).toBeGreaterThanOrEqual(10);
      expect(w.p50Ms.min).toBeLessThanOrEqual(w.p50Ms.median);
      expect(w.p50Ms.median).toBeLessThanOrEqual(w.p50Ms.max);
      expect(w.p99Ms.median).toBeGreaterThanOrEqual(w.p50Ms.min);
    }
    expect(r.steps).toBeGreaterThanOrEqual(12);
  }, 30_000);

  it("the same seed says the same lines: a booking first, then moves, each line from its kind", () => {
    const lines = benchRuleLines(20, 7);
    expect(benchRuleLines(20, 7)).toEqual(lines);
    expect(lines).toHaveLength(20);
    expect(BENCH_RULE_LINES.requests).toContain(lines[0]);
    expect(BENCH_RULE_LINES.names).toContain(lines[5]);
    expect(BENCH_RULE_LINES.moves).toContain(lines[6]);
    expect(benchRuleLines(20, 8)).not.toEqual(lines);
  });
});

describe("termin bench rule", () => {
  it("--json prints one object with the fields", async () => {
    const r = await runCli(["bench", "rule", "--turns", "10", "--runs", "1", "--json"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.lines).toHaveLength(1);
    const f = JSON.parse(r.lines[0] ?? "") as Record<string, unknown>;
    expect(Object.keys(f).sort()).toEqual(
      [
        "business",
        "cpuMs",
        "early",
        "growth",
        "hangUps",
        "late",
        "reached",
        "runs",
        "seed",
        "steps",
        "turns",
        "wallMs",
      ].sort(),
    );
    expect(f).toMatchObject({ turns: 10, runs: 1, seed: 1, reached: 10, early: { from: 1, to: 10 } });
  }, 30_000);

  it("prints the two windows for people, and --help explains the flags", async () => {
    const r = await runCli(["bench", "rule", "--turns", "12", "--runs", "1"]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toContain(
      "rule model complete() per step, ms (min / median / max over 1 runs of one 12-turn call",
    );
    expect(r.lines[1]).toMatch(
      /^ {2}turns 1-10 +p50 [\d.]+ \/ [\d.]+ \/ [\d.]+ {3}p99 [\d.]+ \/ [\d.]+ \/ [\d.]+ {3}\(\d+ steps a run\)$/,
    );
    expect(r.lines[2]).toMatch(/^ {2}turns 3-12 +p50 /);
    expect(r.lines[3]).toMatch(/median p50 at turn 12 is [\d.]+x the one at turn 10/);
    const help = await runCli(["bench", "--help"]);
    for (const flag of ["termin bench rule", "--turns N", "--runs N"]) expect(help.out).toContain(flag);
  }, 30_000);

  it("bounds its flags (exit 2)", async () => {
    for (const [flag, value, err] of [
      ["--turns", "0", 'termin bench: --turns must be a positive number, got "0"'],
      ["--turns", "501", 'termin bench: --turns must be at most 500, got "501"'],
      ["--runs", "21", 'termin bench: --runs must be at most 20, got "21"'],
    ] as const) {
      const r = await runCli(["bench", "rule", flag, value]);
      expect(r).toMatchObject({ code: 2, out: "", err: `${err}\n` });
    }
  });
});
