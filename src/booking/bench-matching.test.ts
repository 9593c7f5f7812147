import { describe, expect, it } from "vitest";
import { seededRandom } from "../calendar/faults.ts";
import { maximumMatching } from "./bench-matching.ts";

/** The largest matching by trying every assignment: exponential, only for tiny graphs. */
function bruteForce(accepts: number[][], slots: number): number {
  const best = (caller: number, used: Set<number>): number => {
    if (caller === accepts.length) return 0;
    let most = best(caller + 1, used); // this caller goes without
    for (const slot of accepts[caller] ?? []) {
      if (slot >= slots || used.has(slot)) continue;
      used.add(slot);
      most = Math.max(most, 1 + best(caller + 1, used));
      used.delete(slot);
    }
    return most;
  };
  return best(0, new Set());
}

/** The matching pairs each caller with a slot it accepts, and no slot with two callers. */
function expectValid(accepts: number[][], slotOf: number[], size: number): void {
  const taken = slotOf.filter((s) => s !== -1);
  expect(taken).toHaveLength(size);
  expect(new Set(taken).size).toBe(size);
  slotOf.forEach((slot, caller) => {
    if (slot !== -1) expect(accepts[caller]).toContain(slot);
  });
}

describe("maximumMatching", () => {
  it.each([
    // first come, first served gives caller 0 the only slot caller 1 accepts: 1; the best is 2
    { name: "greedy trap", accepts: [[0, 1], [0]], slots: 2, size: 2 },
    // each later caller forces the earlier ones to move one slot along: an augmenting path of length 7
    { name: "long augmenting path", accepts: [[0, 1], [1, 2], [2, 3], [0]], slots: 4, size: 4 },
    // three callers who all want the same two slots (Hall's condition fails): 2
    {
      name: "more callers than their slots",
      accepts: [
        [0, 1],
        [0, 1],
        [1, 0],
      ],
      slots: 3,
      size: 2,
    },
    { name: "nobody accepts anything", accepts: [[], [], []], slots: 2, size: 0 },
    { name: "no slots at all", accepts: [[0], [1]], slots: 0, size: 0 },
    { name: "no callers", accepts: [], slots: 5, size: 0 },
    {
      name: "a full week row: 5 callers, 5 slots, a perfect matching",
      accepts: [[0, 1], [0], [1, 2, 3], [2], [3, 4]],
      slots: 5,
      size: 5,
    },
  ])("$name: $size", ({ accepts, slots, size }) => {
    const m = maximumMatching(accepts, slots);
    expect(m.size).toBe(size);
    expectValid(accepts, m.slotOf, size);
  });

  it("equals an exhaustive search on 300 random small graphs", () => {
    const random = seededRandom(42);
    for (let run = 0; run < 300; run++) {
      const callers = 1 + Math.floor(random() * 7);
      const slots = 1 + Math.floor(random() * 6);
      const accepts = Array.from({ length: callers }, () =>
        Array.from({ length: slots }, (_, s) => s).filter(() => random() < 0.35),
      );
      const m = maximumMatching(accepts, slots);
      expect(m.size, JSON.stringify({ accepts, slots })).toBe(bruteForce(accepts, slots));
      expectValid(accepts, m.slotOf, m.size);
    }
  });
});
