/**
 * A client-side request budget per Cal.com account (base URL + API key), shared by every client of this process
 * that uses that account. Cal.com allows 120 requests per 60 s per key and blocks the key for 60 s when one more
 * arrives (calcom-v2.md): a blocked key turns every call of the salon into "the calendar is down" for a minute.
 * So a request waits for a token (first come, first served) as long as a caller on the phone would wait, and is
 * refused at once beyond that, without being sent.
 *
 * The bucket: `limit` tokens; a token spent comes back `windowMs + marginMs` after it was spent. No interval of
 * that length ever sees more than `limit` requests, whatever window Cal.com counts in. (A bucket refilled
 * continuously at limit/window would let a full bucket plus a window's refill, twice the limit, into one window.)
 * The margin covers requests that reach Cal.com later than they were sent. Cal.com's own counters
 * (`X-RateLimit-Remaining-Default`, `X-RateLimit-Reset-Default`, a 429's `Retry-After`) narrow the budget further:
 * other processes may use the same key.
 */
import { createHash } from "node:crypto";
import { CalendarError } from "../errors.ts";

/** The budget's shape; the defaults are Cal.com's limit and a caller's patience. */
export interface RequestBudgetOptions {
  /** Requests per window. Default 120. */
  limit?: number;
  /** Default 60000. */
  windowMs?: number;
  /** Added to the window before a spent token comes back. Default 1000. */
  marginMs?: number;
  /** Longest wait for a token; a request that would wait longer is refused at once. Default 6000. */
  maxWaitMs?: number;
}

/** Time as the budget sees it; the first client of an account lends its own (tests pass fakes). */
export interface BudgetClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** A token taken; pass its `seq` back with the answer's headers. */
export interface BudgetTicket {
  /** Order of sending, from 1, over the whole account. */
  seq: number;
}

/** What the Cal.com client needs of a budget: this process's `RequestBudget`, or one shared by instances. */
export interface AccountBudget {
  readonly windowMs: number;
  /** Waits for a token; throws `rate_limited` (nothing sent) when it would wait longer than a caller would. */
  take(): Promise<BudgetTicket>;
  /** Cal.com's rate-limit headers on the answer to request `seq`. */
  observe(headers: Headers, seq: number): void;
  /** Cal.com refused the key (429) for `retryAfterMs`. */
  blocked(retryAfterMs: number, seq: number): void;
}

interface Waiter {
  resolve: (ticket: BudgetTicket) => void;
  reject: (error: CalendarError) => void;
  /** The latest moment this request may still be sent. */
  deadline: number;
}

/** What Cal.com said is left, until when that count holds, and the latest request it is known from. */
interface ServerCount {
  remaining: number;
  untilMs: number;
  seq: number;
}

/** The shared token bucket of one account. */
export class RequestBudget implements AccountBudget {
  readonly limit: number;
  readonly windowMs: number;
  readonly marginMs: number;
  readonly maxWaitMs: number;
  /** Send times of the tokens still spent, oldest first (at most `limit`). */
  private readonly spent: number[] = [];
  private readonly queue: Waiter[] = [];
  private server: ServerCount | undefined;
  private sentTotal = 0;
  private timerArmed = false;

  constructor(
    private readonly clock: BudgetClock,
    options: RequestBudgetOptions = {},
  ) {
    this.limit = options.limit ?? 120;
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 1_000;
    this.maxWaitMs = options.maxWaitMs ?? 6_000;
    if (!(this.limit >= 1) || !(this.windowMs > 0) || !(this.marginMs >= 0) || !(this.maxWaitMs >= 0)) {
      throw new CalendarError("bad_request", `invalid request budget ${JSON.stringify(options)}`);
    }
  }

  /** Requests waiting for a token now. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Waits for a token, first come first served. Throws `rate_limited` at once (nothing is sent) when the token
   * would come later than `maxWaitMs` from now.
   */
  take(): Promise<BudgetTicket> {
    const now = this.clock.now();
    this.prune(now);
    const readyAt = this.readyAt(this.queue.length, now);
    if (readyAt - now > this.maxWaitMs) return Promise.reject(this.shed(readyAt - now));
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject, deadline: now + this.maxWaitMs });
      this.pump();
    });
  }

  /**
   * Reads Cal.com's rate-limit headers from the answer to request `seq`: what is left in Cal.com's window,
   * less the requests sent since (Cal.com may not have counted them yet).
   */
  observe(headers: Headers, seq: number): void {
    const remaining = numberHeader(headers, "x-ratelimit-remaining-default");
    const resetSeconds = numberHeader(headers, "x-ratelimit-reset-default");
    if (remaining === undefined || resetSeconds === undefined) return;
    const now = this.clock.now();
    // Reset is given in whole seconds, rounded up: the count holds at most that long.
    const count = { remaining: remaining - (this.sentTotal - seq), untilMs: now + resetSeconds * 1000, seq };
    const current = this.server;
    if (current === undefined || current.untilMs <= now) {
      this.server = count;
    } else if (Math.abs(current.untilMs - count.untilMs) < 2_000) {
      // The same Cal.com window: answers arrive out of order, the lower count wins.
      current.remaining = Math.min(current.remaining, count.remaining);
      current.seq = Math.max(current.seq, seq);
    } else if (seq > current.seq) {
      // A later request's answer: Cal.com's window has moved on.
      this.server = count;
    }
    // Else an earlier request's answer about an earlier window: nothing new.
  }

  /** Cal.com refused the key (429) on request `seq` for `retryAfterMs`: nothing is sent until then. */
  blocked(retryAfterMs: number, seq: number): void {
    const now = this.clock.now();
    const current = this.server;
    // A block already known (this answer's own headers, or an earlier 429) may last longer; a window count may not.
    const blockedUntil = current !== undefined && current.remaining <= 0 ? current.untilMs : 0;
    this.server = {
      remaining: 0,
      untilMs: Math.max(now + retryAfterMs, blockedUntil),
      seq: Math.max(seq, current?.seq ?? 0),
    };
  }

  /** When the request at `position` in the queue (0 = the head) could be sent. */
  private readyAt(position: number, now: number): number {
    const index = this.spent.length + position - this.limit;
    const local =
      index < 0 ? now : (this.spent[index] ?? Number.POSITIVE_INFINITY) + this.windowMs + this.marginMs;
    const server = this.server;
    if (server === undefined || server.untilMs <= now || position < server.remaining) return local;
    return Math.max(local, server.untilMs);
  }

  /** Hands tokens to the head of the queue while there are any; sleeps until the next one otherwise. */
  private pump(): void {
    if (this.timerArmed) return;
    for (;;) {
      const head = this.queue[0];
      if (head === undefined) return;
      const now = this.clock.now();
      this.prune(now);
      const readyAt = this.readyAt(0, now);
      if (readyAt > head.deadline) {
        // Cal.com's count (headers, a 429) moved the token beyond what this caller will wait.
        this.queue.shift();
        head.reject(this.shed(readyAt - now));
        continue;
      }
      if (readyAt <= now) {
        this.queue.shift();
        this.spent.push(now);
        this.sentTotal += 1;
        if (this.server !== undefined && this.server.untilMs > now) this.server.remaining -= 1;
        head.resolve({ seq: this.sentTotal });
        continue;
      }
      this.timerArmed = true;
      void this.clock.sleep(readyAt - now).then(() => {
        this.timerArmed = false;
        this.pump();
      });
      return;
    }
  }

  private prune(now: number): void {
    const expired = now - this.windowMs - this.marginMs;
    let drop = 0;
    while (drop < this.spent.length && (this.spent[drop] ?? 0) <= expired) drop++;
    if (drop > 0) this.spent.splice(0, drop);
    if (this.server !== undefined && this.server.untilMs <= now) this.server = undefined;
  }

  private shed(waitMs: number): CalendarError {
    const seconds = Math.ceil(waitMs / 1000);
    return new CalendarError(
      "rate_limited",
      `Cal.com request budget (${this.limit} per ${this.windowMs / 1000} s) spent: the next request could go in ` +
        `${Number.isFinite(seconds) ? `${seconds} s` : "more than a window"}, longer than ${this.maxWaitMs} ms; not sent`,
      Number.isFinite(waitMs) ? { retryAfterMs: Math.ceil(waitMs) } : {},
    );
  }
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const text = headers.get(name);
  if (text === null || text.trim() === "") return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** What the process shares per account: the budget, and the write generation the slot caches check. */
export interface SharedAccount {
  /** Made by the first client of the account that wants one; clients without a budget ignore it. */
  budget: RequestBudget | undefined;
  /** Goes up when any client of the account starts or ends a write; a cached answer from before is stale. */
  generation: number;
}

const accounts = new Map<string, SharedAccount>();

/**
 * Forgets every account, as a new process would start: for programs that run unrelated work in one process, such
 * as a test runner whose files share a worker, where one file's spent budget (and its clock) must not carry into
 * the next.
 */
export function forgetSharedAccounts(): void {
  accounts.clear();
}

/**
 * The account id: base URL plus a hash of the key (never the key itself, so the id can be logged). Clients
 * without a key share one id per base URL (Cal.com counts those per address).
 */
export function accountId(baseUrl: string, apiKey: string | undefined): string {
  const key =
    apiKey === undefined ? "anonymous" : createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
  return `${baseUrl.replace(/\/+$/, "")}#${key}`;
}

/**
 * The process-wide state of an account. Its budget is made by the first client that asks for one, with that
 * client's clock and options; every later client of the account shares it as it is.
 */
export function sharedAccount(
  id: string,
  clock: BudgetClock,
  budget: RequestBudgetOptions | false,
): SharedAccount {
  let account = accounts.get(id);
  if (account === undefined) {
    account = { budget: undefined, generation: 0 };
    accounts.set(id, account);
  }
  if (budget !== false && account.budget === undefined) account.budget = new RequestBudget(clock, budget);
  return account;
}
