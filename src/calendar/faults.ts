/**
 * Fault injection for the simulator's HTTP server: what a flaky network and a busy Cal.com do to a client.
 * Random faults come from options (seeded, so a run repeats); one-off faults are armed by tests through
 * the `FaultController`. The server asks `decide()` once per request and obeys the answer.
 */

/**
 * - `error`: 500 `InternalServerErrorException`.
 * - `throttle`: 429 `ThrottlerException` with the rate-limit headers and `Retry-After`.
 * - `drop`: the socket is destroyed without a response.
 * - `slow`: before handling, the request stalls for `slowMs` and is skipped if the client has gone by then;
 *   after handling, headers are sent at once and the body is trickled over `slowMs`.
 */
export type FaultKind = "error" | "throttle" | "drop" | "slow";

/** Random faults, e.g. from `termin calsim` flags. Rates are fractions of requests (0..1). */
export interface FaultOptions {
  /** Added before every request is handled. */
  latencyMs?: number;
  /** Up to this much more latency, uniformly random. */
  jitterMs?: number;
  /** Fraction of requests answered 500 without being handled. */
  errorRate?: number;
  /** Every Nth request (N, 2N, ...) is answered 429. */
  throttleEvery?: number;
  /** Fraction of requests whose connection is dropped before they are handled. */
  dropRate?: number;
  /** How long a slow response takes; with no `slowRate` every response is slow. */
  slowMs?: number;
  /** Fraction of requests answered slowly (default 1 when `slowMs` is set). */
  slowRate?: number;
  /** `Retry-After` (seconds) of an injected 429. Default 1. */
  throttleRetryAfterSeconds?: number;
  /** Seed of the random choices; the same seed gives the same faults for the same request order. */
  seed?: number;
}

/** One-off options of `failNext`. */
export interface ArmOptions {
  /** Execute the request first (e.g. create the booking), then apply the fault: a lost response. */
  afterHandling?: boolean;
  /** Only requests whose `METHOD /path` matches (default: every request). */
  match?: RegExp;
}

/** What the server does with one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Applied before the handler runs (the request is not executed). */
  before?: FaultKind;
  /** Applied after the handler ran (the request is executed, its response replaced or lost). */
  after?: FaultKind;
  slowMs: number;
  throttleRetryAfterSeconds: number;
}

/** Arms one-off faults from tests; counts requests. */
export interface FaultController {
  /** The next `count` matching requests get `kind`. Armed faults queue in the order they were armed. */
  failNext(kind: FaultKind, count?: number, options?: ArmOptions): void;
  /** Drops every armed fault (random faults from the options stay). */
  reset(): void;
  /** Requests seen so far. */
  readonly requests: number;
  /** Faults applied so far, by kind. */
  readonly injected: Readonly<Record<FaultKind, number>>;
}

/** Server side of the controller: the per-request decision. */
export interface FaultInjector extends FaultController {
  decide(requestLine: string): FaultDecision;
  /** Counts a fault the server actually applied. */
  record(kind: FaultKind): void;
}

/** Default slow response when a test arms `slow` without configuring `slowMs`. */
const DEFAULT_SLOW_MS = 2_000;

/** mulberry32: tiny, good enough for fault dice, and repeatable from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Armed {
  kind: FaultKind;
  remaining: number;
  afterHandling: boolean;
  match: RegExp | undefined;
}

/** Creates the injector a server uses; tests reach it as the server's `faults`. */
export function createFaultInjector(options: FaultOptions = {}): FaultInjector {
  const random = seededRandom(options.seed ?? Date.now());
  const armed: Armed[] = [];
  const injected: Record<FaultKind, number> = { error: 0, throttle: 0, drop: 0, slow: 0 };
  let requests = 0;
  const slowMs = options.slowMs ?? DEFAULT_SLOW_MS;
  const slowRate = options.slowRate ?? (options.slowMs === undefined ? 0 : 1);

  function takeArmed(requestLine: string): Armed | undefined {
    const index = armed.findIndex((a) => a.match === undefined || a.match.test(requestLine));
    const hit = armed[index];
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) armed.splice(index, 1);
    return hit;
  }

  // Every die is rolled on every request, so one flag does not shift the sequence of another.
  function randomFault(): FaultKind | undefined {
    const drop = random() < (options.dropRate ?? 0);
    const error = random() < (options.errorRate ?? 0);
    const slow = random() < slowRate;
    const every = options.throttleEvery ?? 0;
    // "Every Nth" is a promise about counts, so it wins over the dice.
    if (every > 0 && requests % every === 0) return "throttle";
    if (drop) return "drop";
    if (error) return "error";
    if (slow) return "slow";
    return undefined;
  }

  return {
    get requests() {
      return requests;
    },
    get injected() {
      return injected;
    },
    failNext(kind, count = 1, arm = {}) {
      armed.push({ kind, remaining: count, afterHandling: arm.afterHandling ?? false, match: arm.match });
    },
    reset() {
      armed.length = 0;
    },
    record(kind) {
      injected[kind] += 1;
    },
    decide(requestLine) {
      requests += 1;
      const jitter = (options.jitterMs ?? 0) * random();
      const decision: FaultDecision = {
        latencyMs: Math.round((options.latencyMs ?? 0) + jitter),
        slowMs,
        throttleRetryAfterSeconds: options.throttleRetryAfterSeconds ?? 1,
      };
      const fromRandom = randomFault();
      const hit = takeArmed(requestLine);
      if (hit !== undefined) {
        if (hit.afterHandling) decision.after = hit.kind;
        else decision.before = hit.kind;
      } else if (fromRandom === "slow") {
        // A random slow response is a real answer that arrives slowly.
        decision.after = "slow";
      } else if (fromRandom !== undefined) {
        decision.before = fromRandom;
      }
      return decision;
    },
  };
}
