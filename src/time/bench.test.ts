import { describe, expect, it } from "vitest";
import { benchResolve } from "./bench.ts";

describe("benchResolve", () => {
  it("resolves 1,000 phrases well under a second of CPU time", () => {
    const result = benchResolve(1000);
    expect(result.phrases).toBe(1000);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.seconds).toBeLessThan(1);
    expect(result.perSecond).toBeGreaterThan(1000);
  });
});
