/**
 * The call store and the Cal.com request budget in Redis (`termin serve --redis URL`), for several instances behind
 * one load balancer: a Vapi call's tool requests may land on any of them, and one Cal.com key's budget (120 requests
 * per 60 s) is spent by all of them together. Client: ioredis.
 *
 * Keys (prefix `termin:` by default): `call:<key>` the record (JSON, expires after twice the idle time), `calls` a
 * sorted set of call keys by last use, `lock:<key>` a call's lock (a random token, expires), `budget:<account>` a
 * sorted set of send times, `budget:<account>:blocked` until when Cal.com refused the key.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { BudgetTicket } from "../calendar/request-budget.ts";
import { CalendarError } from "../errors.ts";
import { CALL_WAIT_MS, CallBusyError, type CallRecord, type CallStore } from "./call-store.ts";

/** Connects to `url` (`redis://host:port/db`); fails fast with a clear error when nobody answers. */
export async function connectRedis(url: string): Promise<Redis> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--redis must be a redis:// URL, got "${url}"`);
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new Error(`--redis must be a redis:// or rediss:// URL, got "${url}"`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 3_000 });
  // ioredis reports connection trouble as events too; the requests that fail carry it.
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (cause) {
    redis.disconnect();
    throw new Error(`Redis at ${parsed.host} does not answer: ${(cause as Error).message}`);
  }
  return redis;
}

/** Deletes a lock only if it still holds our token. */
const UNLOCK = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends a lock only if it still holds our token. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
/** Stores a call only while the lock still holds our token: a request whose lock lapsed must not overwrite. */
const SAVE = `if redis.call("get", KEYS[1]) ~= ARGV[1] then return 0 end
redis.call("set", KEYS[2], ARGV[2], "PX", ARGV[3])
redis.call("zadd", KEYS[3], ARGV[4], ARGV[5])
return 1`;

export interface RedisCallStoreOptions {
  prefix?: string;
  /** A call's lock lapses this long after its holder stopped renewing it (a crashed instance). Default 30000. */
  lockMs?: number;
  /** Longest a request waits for a call's lock. Default `CALL_WAIT_MS`. */
  waitMs?: number;
  /** Records expire this long after their last use. Default 1 hour. */
  ttlMs?: number;
}

export class RedisCallStore implements CallStore {
  readonly kind = "redis";
  private readonly prefix: string;
  private readonly lockMs: number;
  private readonly waitMs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisCallStoreOptions = {},
  ) {
    this.prefix = options.prefix ?? "termin:";
    this.lockMs = options.lockMs ?? 30_000;
    this.waitMs = options.waitMs ?? CALL_WAIT_MS;
    this.ttlMs = options.ttlMs ?? 3_600_000;
  }

  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `${this.prefix}lock:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let pause = 5;
    while ((await this.redis.set(lock, token, "PX", this.lockMs, "NX")) !== "OK") {
      if (Date.now() >= deadline) throw new CallBusyError(key, this.waitMs);
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
    }
    // Renewed while the work runs: a slow Cal.com does not let another instance in on the same call.
    const renewing = setInterval(
      () => void this.redis.eval(RENEW, 1, lock, token, this.lockMs).catch(() => undefined),
      Math.max(100, Math.floor(this.lockMs / 3)),
    );
    try {
      return await this.holding.run({ lock, token }, work);
    } finally {
      clearInterval(renewing);
      await this.redis.eval(UNLOCK, 1, lock, token).catch(() => undefined);
    }
  }

  /** The lock the current request holds (`exclusive` enters it), which `save` checks. */
  private readonly holding = new AsyncLocalStorage<{ lock: string; token: string }>();

  async load(key: string): Promise<CallRecord | null> {
    const json = await this.redis.get(`${this.prefix}call:${key}`);
    return json === null ? null : (JSON.parse(json) as CallRecord);
  }

  async save(key: string, record: CallRecord): Promise<void> {
    const held = this.holding.getStore();
    if (held === undefined || held.lock !== `${this.prefix}lock:${key}`)
      throw new Error(`saving call ${key} without holding its lock`);
    const saved = await this.redis.eval(
      SAVE,
      3,
      held.lock,
      `${this.prefix}call:${key}`,
      `${this.prefix}calls`,
      held.token,
      JSON.stringify(record),
      this.ttlMs,
      record.used,
      key,
    );
    if (saved !== 1) throw new Error(`call ${key}: its lock lapsed before the state was saved`);
  }

  async remove(key: string): Promise<CallRecord | null> {
    const record = await this.load(key);
    await this.redis.multi().del(`${this.prefix}call:${key}`).zrem(`${this.prefix}calls`, key).exec();
    return record;
  }

  async count(): Promise<number> {
    // Index entries of records that expired on their own are dropped first: they are no live calls.
    const index = `${this.prefix}calls`;
    const answers = await this.redis
      .multi()
      .zremrangebyscore(index, "-inf", `(${Date.now() - this.ttlMs}`)
      .zcard(index)
      .exec();
    return Number(answers?.[1]?.[1] ?? 0);
  }

  async idleSince(before: number): Promise<string[]> {
    return this.redis.zrangebyscore(`${this.prefix}calls`, "-inf", `(${before}`);
  }

  /**
   * Lets go of the lock context: while it is enabled, Node runs an async hook on every promise of the process. The
   * connection is its opener's to close (`termin serve` quits it after the server closed).
   */
  async close(): Promise<void> {
    this.holding.disable();
  }
}

/**
 * Takes a token if one is free: drops send times older than window + margin; refused while Cal.com blocks the key;
 * else sends when fewer than `limit` remain. Returns {1, seq} or {0, ms when the next token comes}.
 */
/** Redis's own clock in milliseconds: every instance counts the window on the same clock, whatever its own says. */
const SERVER_NOW = `local t = redis.call("time") local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Takes one request from the window, or answers when one can be taken; `{ok, seq or free-at, server now}`. */
const TAKE = `
${SERVER_NOW}
local span = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call("zremrangebyscore", KEYS[1], "-inf", now - span)
local blocked = tonumber(redis.call("get", KEYS[2]) or "0")
if blocked > now then return {0, blocked, now} end
if redis.call("zcard", KEYS[1]) < limit then
  local seq = redis.call("incr", KEYS[3])
  redis.call("zadd", KEYS[1], now, seq)
  redis.call("pexpire", KEYS[1], span)
  redis.call("pexpire", KEYS[3], span)
  return {1, seq, now}
end
local oldest = redis.call("zrange", KEYS[1], 0, 0, "WITHSCORES")
return {0, tonumber(oldest[2]) + span, now}
`;

/** Blocks the key until `ARGV[1]` ms from Redis's now, unless it is blocked longer already. */
const BLOCK = `
${SERVER_NOW}
local untilMs = now + tonumber(ARGV[1])
local v = tonumber(redis.call("get", KEYS[1]) or "0")
if untilMs > v then redis.call("set", KEYS[1], untilMs, "PX", math.ceil(tonumber(ARGV[1]))) end
return 0
`;

export interface RedisBudgetOptions {
  limit?: number;
  windowMs?: number;
  marginMs?: number;
  maxWaitMs?: number;
  prefix?: string;
  /** This instance's clock, only to measure how long `take` has waited; the window runs on Redis's clock. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One Cal.com account's request budget shared by every instance on one Redis: the same rule as `RequestBudget`
 * (no window of `windowMs + marginMs` sees more than `limit` requests; wait at most `maxWaitMs`, else refused
 * unsent), counted in Redis. Cal.com's 429 blocks the key for every instance.
 */
export class RedisBudget {
  readonly limit: number;
  readonly windowMs: number;
  readonly marginMs: number;
  readonly maxWaitMs: number;
  private readonly keys: [string, string, string];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly redis: Redis,
    account: string,
    options: RedisBudgetOptions = {},
  ) {
    this.limit = options.limit ?? 120;
    this.windowMs = options.windowMs ?? 60_000;
    this.marginMs = options.marginMs ?? 1_000;
    this.maxWaitMs = options.maxWaitMs ?? 6_000;
    const base = `${options.prefix ?? "termin:"}budget:${account}`;
    this.keys = [base, `${base}:blocked`, `${base}:seq`];
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async take(): Promise<BudgetTicket> {
    // The window is counted on Redis's clock; this instance's clock only measures how long it has waited.
    const started = this.now();
    for (;;) {
      let answer: [number, number, number];
      try {
        answer = (await this.redis.eval(
          TAKE,
          3,
          ...this.keys,
          this.windowMs + this.marginMs,
          this.limit,
        )) as [number, number, number];
      } catch (cause) {
        // Without the shared count nothing may be sent: the key's budget is not this instance's alone.
        throw new CalendarError(
          "unavailable",
          `request budget in Redis unreachable: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
      const [ok, value, serverNow] = answer;
      if (ok === 1) return { seq: value };
      const waitMs = Math.max(0, value - serverNow);
      if (this.now() - started + waitMs > this.maxWaitMs) {
        throw new CalendarError(
          "rate_limited",
          `Cal.com request budget (${this.limit} per ${this.windowMs / 1000} s, shared in Redis) spent: the next ` +
            `request could go in ${Math.ceil(waitMs / 1000)} s, longer than ${this.maxWaitMs} ms; not sent`,
          { retryAfterMs: waitMs },
        );
      }
      // Another instance may take the token first: ask again when it should be free.
      await this.sleep(Math.max(1, waitMs));
    }
  }

  /** Cal.com's own count: none left means the key is blocked until the reset, for every instance. */
  observe(headers: Headers, _seq: number): void {
    const remaining = Number(headers.get("x-ratelimit-remaining-default") ?? Number.NaN);
    const reset = Number(headers.get("x-ratelimit-reset-default") ?? Number.NaN);
    if (remaining === 0 && Number.isFinite(reset) && reset > 0) this.blocked(reset * 1000, _seq);
  }

  /** Cal.com refused the key for `retryAfterMs`: no instance sends until then (on Redis's clock). */
  blocked(retryAfterMs: number, _seq: number): void {
    void this.redis.eval(BLOCK, 1, this.keys[1], retryAfterMs).catch(() => undefined);
  }
}
