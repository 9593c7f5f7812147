/**
 * The time and size bounds of a call as the conversation loop keeps them: a filler sentence while a tool call is
 * slow, a deadline per turn after which the caller hears an honest sentence while the work goes on in the
 * background, a bound on a caller line and on the turns of a call. Timers are injectable, so tests run on fake time.
 */

/** A tool call still running after this long gets its filler sentence (the tool's `messages.requestStart`). */
export const FILLER_AFTER_MS = 1_500;

/**
 * From the caller's line to the agent's answer at most this long: then the caller hears the `turn-delayed` sentence
 * and a tool call still running goes on in the background (its result is told at the next turn or before the end).
 */
export const TURN_DEADLINE_MS = 8_000;

/** When the call ends, how long tool calls and look-ups still running are waited for before saying what is known. */
export const CLOSING_WAIT_MS = 8_000;

/** Longest caller line the loop takes (characters); a longer one is cut here, at the edge, and the trace notes it. */
export const MAX_CALLER_CHARS = 2_000;

/** Caller turns per call; the line after the last one gets the `turn-limit` goodbye and the call ends. */
export const MAX_CALLER_TURNS = 200;

/** The bounds one conversation keeps; every field defaults to the constant of the same meaning above. */
export interface TurnBudget {
  /** {@link FILLER_AFTER_MS} */
  fillerAfterMs: number;
  /** {@link TURN_DEADLINE_MS} */
  deadlineMs: number;
  /** {@link CLOSING_WAIT_MS} */
  closingWaitMs: number;
  /** {@link MAX_CALLER_CHARS} */
  maxCallerChars: number;
  /** {@link MAX_CALLER_TURNS} */
  maxCallerTurns: number;
}

/** The defaults of {@link TurnBudget}. */
export const DEFAULT_TURN_BUDGET: Readonly<TurnBudget> = Object.freeze({
  fillerAfterMs: FILLER_AFTER_MS,
  deadlineMs: TURN_DEADLINE_MS,
  closingWaitMs: CLOSING_WAIT_MS,
  maxCallerChars: MAX_CALLER_CHARS,
  maxCallerTurns: MAX_CALLER_TURNS,
});

/** Where the loop's timers and elapsed time come from. */
export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds on a monotonic clock, for durations. */
  now(): number;
}

/** The machine's timers, looked up at each use so that a test's fake timers (`vi.useFakeTimers`) apply. */
export const systemTimers: Timers = {
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => performance.now(),
};

/** Work that finished before the deadline, or the deadline that came first. */
export type Raced<T> = { done: true; value: T } | { done: false };

/** One deadline (a turn's, or the wait at the end of a call), started when it is created. */
export class Deadline {
  private expired = false;
  private readonly handle: unknown;
  private readonly reached: Promise<void>;

  constructor(
    private readonly timers: Timers,
    readonly ms: number,
  ) {
    let fire: () => void = () => undefined;
    this.reached = new Promise<void>((resolve) => {
      fire = resolve;
    });
    this.handle = timers.setTimeout(() => {
      this.expired = true;
      fire();
    }, ms);
  }

  /** Whether the deadline has passed. */
  get passed(): boolean {
    return this.expired;
  }

  /**
   * Waits for `work` until the deadline. `slow.run` is called once when the work is still running after
   * `slow.afterMs`. A rejection of `work` before the deadline is thrown; after it, the caller owns the promise.
   */
  async race<T>(work: Promise<T>, slow?: { afterMs: number; run: () => void }): Promise<Raced<T>> {
    if (this.expired) return { done: false };
    const slowHandle = slow === undefined ? undefined : this.timers.setTimeout(slow.run, slow.afterMs);
    try {
      return await Promise.race([
        work.then((value): Raced<T> => ({ done: true, value })),
        this.reached.then((): Raced<T> => ({ done: false })),
      ]);
    } finally {
      if (slowHandle !== undefined) this.timers.clearTimeout(slowHandle);
    }
  }

  /** Stops the timer (the turn finished in time). */
  dispose(): void {
    this.timers.clearTimeout(this.handle);
  }
}

/** A caller line cut to `max` characters, and its length before when it was cut. */
export function boundCallerText(text: string, max: number): { text: string; cutFrom?: number } {
  if (text.length <= max) return { text };
  // Never split a surrogate pair: an emoji cut in half is not valid text for the model's server.
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end), cutFrom: text.length };
}
