/**
 * Virtual time for the contention benchmark: callers thinking and Cal.com answering wait on a simulated clock,
 * so half an hour of phone calls costs only the CPU of the tool calls, and a seed gives the same run every time.
 */
import { DateTime } from "luxon";
import type { Clock } from "../calendar/clock.ts";

interface Timer {
  atMs: number;
  /** Order of creation: timers due at the same instant wake in the order they were set, so runs repeat. */
  seq: number;
  wake: () => void;
}

const earlier = (a: Timer, b: Timer): boolean => a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);

/**
 * A clock that moves only from one timer to the next. `run` drives the work: it lets every promise chain settle
 * (until each waits on a timer again), then jumps to the earliest timer and wakes it.
 */
export class VirtualTime {
  private nowMs: number;
  private current: DateTime;
  private seq = 0;
  /** Binary min-heap of pending timers. */
  private readonly heap: Timer[] = [];

  /** The clock the simulator and the sessions read. */
  readonly clock: Clock = () => this.current;

  constructor(startIso: string) {
    const start = DateTime.fromISO(startIso, { setZone: true });
    if (!start.isValid) throw new RangeError(`virtual time: not an instant: ${startIso}`);
    this.nowMs = start.toMillis();
    this.current = start.toUTC();
  }

  /** The current virtual instant, epoch ms. */
  now(): number {
    return this.nowMs;
  }

  /** Resolves when the virtual clock reaches `atMs` (at once, on the next turn, when it is not in the future). */
  until(atMs: number): Promise<void> {
    return new Promise((wake) => this.push({ atMs: Math.max(atMs, this.nowMs), seq: this.seq++, wake }));
  }

  /** Resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void> {
    return this.until(this.nowMs + Math.max(0, ms));
  }

  /** Runs `work` to its end in virtual time. Work that waits on anything but these timers is a bug: it throws. */
  async run<T>(work: Promise<T>): Promise<T> {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    work.then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    for (;;) {
      // setImmediate runs after every queued promise job: each caller has reached its next timer (or its end).
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (outcome !== undefined) break;
      const next = this.pop();
      if (next === undefined)
        throw new Error("virtual time: the work waits on something that is not a timer");
      if (next.atMs > this.nowMs) {
        this.nowMs = next.atMs;
        this.current = DateTime.fromMillis(next.atMs, { zone: "utc" });
      }
      next.wake();
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Timer;
      if (!earlier(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): Timer | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && earlier(heap[right] as Timer, heap[left] as Timer) ? right : left;
      const c = heap[child] as Timer;
      if (!earlier(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
