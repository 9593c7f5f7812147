/**
 * The request budget per Cal.com account, through the client on a fake fetch and a fake clock: requests queue
 * for a token first come first served, are refused at once (never sent) beyond a caller's patience, follow
 * Cal.com's rate-limit headers and 429s, and every client of one key shares one budget.
 */
import { describe, expect, it } from "vitest";
import { CalendarError } from "../errors.ts";
import { type CalcomClientOptions, createCalcomClient } from "./calcom-client.ts";
import { accountId } from "./request-budget.ts";

const KEY = "cal_live_budget_test_key_42";
const ZONE = "Europe/Berlin";
let hosts = 0;

/** A fake Cal.com: answers every request 200 (slots) with `headers`, or as `answer` says; records the URLs. */
function fakeCalcom(answer?: (url: URL, n: number) => { status: number; headers?: Record<string, string> }) {
  const urls: URL[] = [];
  const fetchStub = (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    urls.push(url);
    const { status, headers } = answer?.(url, urls.length) ?? { status: 200 };
    const body =
      status === 200
        ? { status: "success", data: {} }
        : { status: "error", error: { code: "ThrottlerException", message: "Too Many Requests" } };
    return new Response(JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json", ...headers },
    });
  }) as typeof fetch;
  return { urls, fetch: fetchStub };
}

/** A clock that moves only when the client sleeps or a test says so. */
function fakeTime() {
  const time = { ms: 0, sleeps: [] as number[] };
  return {
    time,
    now: () => time.ms,
    sleep: async (ms: number) => {
      time.sleeps.push(ms);
      time.ms += ms;
    },
  };
}

/** A fresh account (its own base URL), so tests do not share budgets. */
function freshBaseUrl(): string {
  hosts += 1;
  return `https://budget-${hosts}.cal.test`;
}

function client(options: Partial<CalcomClientOptions> & Pick<CalcomClientOptions, "baseUrl">) {
  return createCalcomClient({ apiKey: KEY, slotCacheMs: 0, retries: 0, ...options });
}

/** A slots query for day `n` (distinct queries, so the order of requests shows on the wire). */
function day(n: number) {
  const start = new Date(Date.UTC(2025, 9, 26 + n)).toISOString();
  const end = new Date(Date.UTC(2025, 9, 27 + n)).toISOString();
  return { eventTypeId: 1, start, end, timeZone: ZONE };
}

describe("request budget per Cal.com account", () => {
  it("queues a request for the next token, first come first served, and refuses at once beyond the wait bound", async () => {
    const baseUrl = freshBaseUrl();
    const { urls, fetch } = fakeCalcom();
    const { time, now, sleep } = fakeTime();
    const backend = client({
      baseUrl,
      fetch,
      now,
      sleep,
      budget: { limit: 3, windowMs: 1_000, marginMs: 0, maxWaitMs: 500 },
    });
    await Promise.all([0, 1, 2].map((n) => backend.getSlots(day(n))));
    expect(urls).toHaveLength(3);

    // The next token comes back at 1000 ms: 1000 ms away is beyond the 500 ms a request may wait.
    const shed = await backend.getSlots(day(3)).catch((e: unknown) => e);
    expect(shed).toBeInstanceOf(CalendarError);
    expect(shed).toMatchObject({
      kind: "rate_limited",
      status: undefined,
      retryable: true,
      retryAfterMs: 1_000,
    });
    expect(urls).toHaveLength(3);

    // 400 ms before the tokens come back, two requests wait for them, in order.
    time.ms = 600;
    await Promise.all([backend.getSlots(day(4)), backend.getSlots(day(5))]);
    expect(time.sleeps).toEqual([400]);
    expect(urls.slice(3).map((u) => u.searchParams.get("start"))).toEqual([day(4).start, day(5).start]);
    expect(time.ms).toBe(1_000);
  });

  it("Cal.com's remaining count lowers the budget until its reset: the request waits for it, or is refused", async () => {
    const baseUrl = freshBaseUrl();
    // Another process has used the key: Cal.com says nothing is left for 3 s, then for 30 s.
    let resetSeconds = "3";
    const { urls, fetch } = fakeCalcom(() => ({
      status: 200,
      headers: { "x-ratelimit-remaining-default": "0", "x-ratelimit-reset-default": resetSeconds },
    }));
    const { time, now, sleep } = fakeTime();
    const backend = client({ baseUrl, fetch, now, sleep });
    await backend.getSlots(day(0));
    resetSeconds = "30";
    await backend.getSlots(day(1));
    expect(time.sleeps).toEqual([3_000]);
    const error = await backend.getSlots(day(2)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", status: undefined, retryAfterMs: 30_000 });
    expect(urls).toHaveLength(2);
  });

  it("requests answered out of order: the lower remaining count wins, less what was sent since", async () => {
    const baseUrl = freshBaseUrl();
    const remaining: Record<number, string> = { 1: "5", 2: "9" };
    const { urls, fetch } = fakeCalcom((_url, n) => ({
      status: 200,
      headers: { "x-ratelimit-remaining-default": remaining[n] ?? "100", "x-ratelimit-reset-default": "60" },
    }));
    const { time, now, sleep } = fakeTime();
    const backend = client({ baseUrl, fetch, now, sleep, budget: { maxWaitMs: 0 } });
    await backend.getSlots(day(0));
    await backend.getSlots(day(1));
    // After request 1: 5 left; request 2 took one (4), and its own answer (9) does not raise that.
    for (let n = 2; n < 6; n++) await backend.getSlots(day(n));
    await expect(backend.getSlots(day(9))).rejects.toMatchObject({ kind: "rate_limited" });
    expect(urls).toHaveLength(6);
    expect(time.sleeps).toEqual([]);
  });

  it("a 429 stops every client of the key until Retry-After has passed: nothing more is sent", async () => {
    const baseUrl = freshBaseUrl();
    const { urls, fetch } = fakeCalcom(() => ({
      status: 429,
      headers: {
        "retry-after": "60",
        "x-ratelimit-reset-default": "60",
        "x-ratelimit-remaining-default": "0",
      },
    }));
    const { time, now, sleep } = fakeTime();
    const first = client({ baseUrl, fetch, now, sleep });
    await expect(first.getSlots(day(0))).rejects.toMatchObject({ kind: "rate_limited", status: 429 });
    const second = client({ baseUrl, fetch, now, sleep });
    await expect(second.getSlots(day(1))).rejects.toMatchObject({ kind: "rate_limited", status: undefined });
    expect(urls).toHaveLength(1);
    time.ms += 60_000;
    await expect(second.getSlots(day(1))).rejects.toMatchObject({ status: 429 });
    expect(urls).toHaveLength(2);
  });

  it("a late answer to an earlier request does not lift a block Cal.com set since", async () => {
    const baseUrl = freshBaseUrl();
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const urls: string[] = [];
    const fetchStub = (async (input: string | URL | Request) => {
      const n = urls.push(String(input));
      if (n === 1) {
        await gate;
        const headers = { "x-ratelimit-remaining-default": "50", "x-ratelimit-reset-default": "30" };
        return Response.json({ status: "success", data: {} }, { headers });
      }
      const headers = {
        "retry-after": "60",
        "x-ratelimit-remaining-default": "0",
        "x-ratelimit-reset-default": "60",
      };
      return Response.json(
        { status: "error", error: { code: "ThrottlerException", message: "x" } },
        {
          status: 429,
          headers,
        },
      );
    }) as typeof fetch;
    const { now, sleep } = fakeTime();
    const backend = client({ baseUrl, fetch: fetchStub, now, sleep });
    const slow = backend.getSlots(day(0));
    await expect(backend.getSlots(day(1))).rejects.toMatchObject({ status: 429 });
    release();
    await slow;
    await expect(backend.getSlots(day(2))).rejects.toMatchObject({ kind: "rate_limited", status: undefined });
    expect(urls).toHaveLength(2);
  });

  it("two clients on one key share one budget; another key on the same Cal.com has its own", async () => {
    const baseUrl = freshBaseUrl();
    const { urls, fetch } = fakeCalcom();
    const { now, sleep } = fakeTime();
    const budget = { limit: 2, maxWaitMs: 0 };
    const a = client({ baseUrl, fetch, now, sleep, budget });
    const b = client({ baseUrl, fetch, now, sleep, budget });
    const other = client({ baseUrl, fetch, now, sleep, budget, apiKey: "cal_live_another_key" });
    await a.getSlots(day(0));
    await b.getSlots(day(1));
    await expect(a.getSlots(day(2))).rejects.toMatchObject({ kind: "rate_limited" });
    await expect(b.getSlots(day(2))).rejects.toMatchObject({ kind: "rate_limited" });
    await other.getSlots(day(2));
    expect(urls).toHaveLength(3);
  });

  it("names an account by base URL and a hash of the key, never the key itself", () => {
    const id = accountId("https://api.cal.com/", KEY);
    expect(id).toMatch(/^https:\/\/api\.cal\.com#[0-9a-f]{16}$/);
    expect(id).not.toContain(KEY);
    expect(accountId("https://api.cal.com", KEY)).toBe(id);
    expect(accountId("https://api.cal.com", "other")).not.toBe(id);
  });

  it("budget: false sends without one", async () => {
    const baseUrl = freshBaseUrl();
    const { urls, fetch } = fakeCalcom();
    const { now, sleep } = fakeTime();
    client({ baseUrl, fetch, now, sleep, budget: { limit: 1, maxWaitMs: 0 } });
    const free = client({ baseUrl, fetch, now, sleep, budget: false });
    for (let n = 0; n < 5; n++) await free.getSlots(day(n));
    expect(urls).toHaveLength(5);
  });
});
