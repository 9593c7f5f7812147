/** The budget's building blocks on fake timers; the loop's behaviour with them is in conversation.test.ts. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countedTimers } from "./__fixtures__/timers.ts";
import {
  boundCallerText,
  CLOSING_WAIT_MS,
  DEFAULT_TURN_BUDGET,
  Deadline,
  FILLER_AFTER_MS,
  MAX_CALLER_CHARS,
  MAX_CALLER_TURNS,
  systemTimers,
  TURN_DEADLINE_MS,
} from "./turn-budget.ts";

describe("the bounds", () => {
  it("are the issue's numbers, and the defaults of a budget", () => {
    expect([FILLER_AFTER_MS, TURN_DEADLINE_MS, CLOSING_WAIT_MS, MAX_CALLER_CHARS, MAX_CALLER_TURNS]).toEqual([
      1_500, 8_000, 8_000, 2_000, 200,
    ]);
    expect(DEFAULT_TURN_BUDGET).toEqual({
      fillerAfterMs: 1_500,
      deadlineMs: 8_000,
      closingWaitMs: 8_000,
      maxCallerChars: 2_000,
      maxCallerTurns: 200,
    });
  });
});

describe("Deadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives the work's value when it finishes first, and calls `slow` only once it is slow", async () => {
    const { timers, live } = countedTimers();
    const deadline = new Deadline(timers, 1_000);
    const slow = vi.fn();
    let finish: (value: string) => void = () => undefined;
    const raced = deadline.race(new Promise<string>((resolve) => (finish = resolve)), {
      afterMs: 300,
      run: slow,
    });
    await vi.advanceTimersByTimeAsync(299);
    expect(slow).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(slow).toHaveBeenCalledTimes(1);
    finish("fertig");
    expect(await raced).toEqual({ done: true, value: "fertig" });
    deadline.dispose();
    expect(live()).toBe(0);
  });

  it("ends the wait at the deadline; afterwards every race ends at once", async () => {
    const deadline = new Deadline(systemTimers, 1_000);
    const never = new Promise<never>(() => undefined);
    const raced = deadline.race(never);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await raced).toEqual({ done: false });
    expect(deadline.passed).toBe(true);
    expect(await deadline.race(Promise.resolve(1))).toEqual({ done: false });
  });

  it("throws the work's rejection when it comes before the deadline", async () => {
    const deadline = new Deadline(systemTimers, 1_000);
    await expect(deadline.race(Promise.reject(new Error("kaputt")))).rejects.toThrow("kaputt");
    deadline.dispose();
  });
});

describe("boundCallerText", () => {
  it("keeps a line within the bound as it is", () => {
    expect(boundCallerText("Hallo", 10)).toEqual({ text: "Hallo" });
    expect(boundCallerText("a".repeat(10), 10)).toEqual({ text: "a".repeat(10) });
  });

  it("cuts a longer line at the bound and says how long it was, never inside a surrogate pair", () => {
    expect(boundCallerText("a".repeat(11), 10)).toEqual({ text: "a".repeat(10), cutFrom: 11 });
    const emoji = `${"a".repeat(9)}😀b`;
    expect(boundCallerText(emoji, 10)).toEqual({ text: "a".repeat(9), cutFrom: 12 });
  });
});
