import { describe, expect, it } from "vitest";
import { benchResolve } from "./bench.ts";

describe("benchResolve", () => {
  it("resolves 1,000 phrases in seconds of CPU time, not minutes (figures: termin bench resolve)", () => {
    const result = benchResolve(1000);
    expect(result.phrases).toBe(1000);
    expect(result.seconds).toBeGreaterThan(0);
    // A blow-up guard with room for a busy shared machine (it took ~0.3 s alone and over 1 s beside a second
    // test run); the throughput itself is the benchmark's to print.
    expect(result.seconds).toBeLessThan(5);
    expect(result.perSecond).toBeGreaterThan(200);
  });
});
