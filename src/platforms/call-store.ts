/**
 * Where `termin serve` keeps its calls between requests: each call's booking state (offers, holds, bookings), the
 * answers already given to a delivery (so a platform's retry books nothing twice) and a lock that lets one request
 * of a call run at a time. In memory by default; in Redis (`--redis URL`, redis-store.ts) when several instances
 * behind a load balancer serve the same calls.
 */
import type { ServedOutcome } from "../booking/run-tool.ts";
import type { SessionSnapshot } from "../booking/session.ts";

/** One call as stored. */
export interface CallRecord {
  /** The caller's number from the platform's call data (E.164), never from the model. */
  caller: string | null;
  session: SessionSnapshot;
  /** When a request of the call last came (ms). */
  used: number;
  /** Answers of calendar-changing deliveries, oldest first: a platform's retry gets the same answer. */
  delivered: Delivery[];
}

/** One delivery answered: its key (the platform's tool-call id, or the tool and arguments), when, and the answer. */
export interface Delivery {
  key: string;
  at: number;
  outcome: ServedOutcome;
}

/** Deliveries remembered per call: more than any call's calendar changes; the oldest go first. */
export const MAX_DELIVERIES = 30;

export interface CallStore {
  /** "memory" or "redis", for /healthz and logs. */
  readonly kind: string;
  /**
   * Runs `work` while no other request of the call runs, in this process or (Redis) in another instance. Waits for
   * the call to be free at most `waitMs`; then throws `CallBusyError`.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T>;
  load(key: string): Promise<CallRecord | null>;
  /** Stores the call (its `used` is when it was last used). */
  save(key: string, record: CallRecord): Promise<void>;
  /** Removes the call (and its place in the index, even when the record itself expired); returns what was stored. */
  remove(key: string): Promise<CallRecord | null>;
  /** Calls stored. */
  count(): Promise<number>;
  /** Keys of calls last used before `before` (ms). */
  idleSince(before: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * Longest a request waits for its call's lock: below the platforms' tool timeouts (Vapi's default is 20 s), so a
 * request the platform gave up on does not act later.
 */
export const CALL_WAIT_MS = 15_000;

/** The call's lock was not free in time: another request of the call is still running. */
export class CallBusyError extends Error {
  constructor(key: string, waitMs: number) {
    super(`call ${key} is busy with another request (waited ${waitMs} ms)`);
    this.name = "CallBusyError";
  }
}

/** Adds a delivery's answer, keeping at most `MAX_DELIVERIES`. */
export function withDelivery(delivered: readonly Delivery[], delivery: Delivery): Delivery[] {
  return [...delivered, delivery].slice(-MAX_DELIVERIES);
}

/** The store of a single process. Records are kept as JSON text, so memory and Redis behave alike. */
export class MemoryCallStore implements CallStore {
  readonly kind = "memory";
  private readonly calls = new Map<string, { json: string; used: number }>();
  /** The tail of each call's queue of requests. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly waitMs = CALL_WAIT_MS) {}

  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const turn = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new CallBusyError(key, this.waitMs)), this.waitMs);
      void before.then(
        () => resolve(),
        () => resolve(),
      );
    }).finally(() => clearTimeout(timer));
    const mine = turn.then(work);
    // The next request waits for the ones before this too: a request that gave up waiting lets nobody in early.
    const tail = Promise.allSettled([before, mine]);
    this.queues.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    }
  }

  async load(key: string): Promise<CallRecord | null> {
    const stored = this.calls.get(key);
    return stored === undefined ? null : (JSON.parse(stored.json) as CallRecord);
  }

  async save(key: string, record: CallRecord): Promise<void> {
    this.calls.set(key, { json: JSON.stringify(record), used: record.used });
  }

  async remove(key: string): Promise<CallRecord | null> {
    const record = await this.load(key);
    this.calls.delete(key);
    return record;
  }

  async count(): Promise<number> {
    return this.calls.size;
  }

  async idleSince(before: number): Promise<string[]> {
    return [...this.calls].filter(([, stored]) => stored.used < before).map(([key]) => key);
  }

  async close(): Promise<void> {}
}
