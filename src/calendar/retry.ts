/**
 * Backoff for the Cal.com client: exponential with full jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"), so many agents that failed together do not retry together.
 */

/** Backoff tuning; the defaults keep a phone caller waiting at most a few seconds. */
export interface BackoffOptions {
  /** First step's ceiling. Default 200 ms. */
  baseMs?: number;
  /** Largest ceiling of any step. Default 2000 ms. */
  capMs?: number;
}

/** The wait before retry number `attempt` (0 = first retry): uniform in [0, min(cap, base * 2^attempt)). */
export function backoffMs(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 200;
  const cap = options.capMs ?? 2_000;
  return Math.floor(random() * Math.min(cap, base * 2 ** attempt));
}

/** `setTimeout` as a promise; the client takes a `sleep` so tests can record waits instead of waiting. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
