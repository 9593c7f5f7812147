import { describe, expect, it } from "vitest";
import { benchResolve, benchResolveVsChrono, versusChronoTable } from "./bench.ts";

describe("benchResolve", () => {
  it("resolves 300 phrases in seconds of CPU time, not minutes (figures: termin bench resolve)", () => {
    const result = benchResolve(300);
    expect(result.phrases).toBe(300);
    expect(result.seconds).toBeGreaterThan(0);
    // A blow-up guard with room for a busy shared machine (1,000 phrases took ~0.3 s alone and over 1 s beside a
    // second test run); the throughput itself is the benchmark's to print.
    expect(result.seconds).toBeLessThan(5);
    expect(result.perSecond).toBeGreaterThan(200);
  });
});

describe("benchResolveVsChrono", () => {
  it("times both engines on the same phrases in every run and reports min / median / max of each", async () => {
    const r = await benchResolveVsChrono({ count: 100, runs: 3 });
    expect([r.phrases, r.runs]).toEqual([100, 3]);
    for (const s of [r.resolver, r.chrono, r.ratio]) {
      expect(s.min).toBeGreaterThan(0);
      expect(s.min).toBeLessThanOrEqual(s.median);
      expect(s.median).toBeLessThanOrEqual(s.max);
      expect(Number.isFinite(s.max)).toBe(true);
    }
    // The ratio is per run, so it lies within the spread of the two engines' throughputs over each other.
    expect(r.ratio.max).toBeLessThanOrEqual((r.resolver.max / r.chrono.min) * 1.01);
    expect(r.ratio.min).toBeGreaterThanOrEqual((r.resolver.min / r.chrono.max) * 0.99);
    const table = versusChronoTable(r);
    expect(table[0]).toBe(
      "resolve vs chrono-node (de), 100 phrases per run, 3 runs, CPU time; min / median / max",
    );
    expect(table.slice(1).map((line) => line.trim().split(/\s+/)[0])).toEqual([
      "resolver",
      "chrono",
      "ratio",
    ]);
  });
});
