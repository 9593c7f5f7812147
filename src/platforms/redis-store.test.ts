/**
 * Several `serve` instances sharing one Redis (a real redis-server on a free loopback port): one call's tool requests
 * alternating between two instances complete a booking; a retry landing on the other instance books nothing twice;
 * the Cal.com request budget is spent by both together.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError } from "../errors.ts";
import { redisMissing, startRedis, type TestRedis } from "./redis-for-tests.ts";
import { connectRedis, RedisBudget, RedisCallStore } from "./redis-store.ts";
import { createServeApp } from "./server.ts";

if (redisMissing !== null) console.warn(redisMissing);

describe("RedisCallStore.close", () => {
  it("lets go of its lock context: an enabled one runs an async hook on every promise of the process", async () => {
    const disable = vi.spyOn(AsyncLocalStorage.prototype, "disable");
    // The connection is its opener's: close does not touch it.
    await new RedisCallStore({} as Redis).close();
    expect(disable).toHaveBeenCalledTimes(1);
    disable.mockRestore();
  });
});

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const vapiBody = () => JSON.parse(readFileSync(join(FIXTURES, "vapi-tool-calls.json"), "utf8"));
const business = loadBusinessProfile("friseur-1");
const SECRET = "vapi-secret-test";

describe.skipIf(redisMissing !== null)("two instances, one Redis", () => {
  let redis: TestRedis;
  const opened: { close: () => Promise<unknown> }[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const o of opened.splice(0)) await o.close();
    await redis?.stop();
  });

  /** Two instances with their own processes' state, one calendar, one Redis (a fresh prefix per test). */
  async function pair(prefix: string) {
    const clock = manualClock("2025-10-25T20:17:50+02:00");
    const sim = new CalendarSimulator({ profile: business, clock });
    const instance = async () => {
      const connection = await connectRedis(redis.url);
      const { app, sessions } = createServeApp({
        business,
        calendar: sim,
        clock,
        secrets: { vapi: SECRET },
        store: new RedisCallStore(connection, { prefix }),
      });
      opened.push(app);
      return { app, sessions };
    };
    return { sim, a: await instance(), b: await instance() };
  }

  const call = (
    app: Awaited<ReturnType<typeof pair>>["a"]["app"],
    id: string,
    name: string,
    args: unknown,
  ) => {
    const body = vapiBody();
    body.message.toolCallList = [{ id, type: "function", function: { name, arguments: args } }];
    return app
      .inject({
        method: "POST",
        url: "/vapi/tools",
        headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` },
        payload: JSON.stringify(body),
      })
      .then((r) => {
        expect(r.statusCode).toBe(200);
        return JSON.parse(r.json().results[0].result);
      });
  };

  it("completes one call whose tool requests alternate between them; a retry on the other books once", async () => {
    const { sim, a, b } = await pair("t1:");
    const check = await call(a.app, "t1", "check_availability", {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um zehn",
      person: null,
      reschedule_booking_id: null,
    });
    expect(check.status).toBe("available");
    // Instance b knows the offer a made: the slot id is the call's, not the process's.
    const held = await call(b.app, "t2", "hold_slot", { slot_id: check.slot.id });
    expect(held.status).toBe("held");
    const booked = await call(a.app, "t3", "book_appointment", {
      slot_id: check.slot.id,
      name: "Hans Schuster",
    });
    expect(booked.status).toBe("booked");
    // The platform retries the same delivery; a load balancer sends it to b.
    const again = await call(b.app, "t3", "book_appointment", {
      slot_id: check.slot.id,
      name: "Hans Schuster",
    });
    expect(again).toEqual(booked);
    expect(sim.listBookings()).toHaveLength(1);
    expect(await a.sessions.count()).toBe(1);
    const end = vapiBody();
    end.message = { type: "end-of-call-report", call: end.message.call };
    await b.app.inject({
      method: "POST",
      url: "/vapi/tools",
      headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` },
      payload: JSON.stringify(end),
    });
    expect(await a.sessions.count()).toBe(0);
  });

  it("the same delivery sent to both at once runs once (the call's lock is shared)", async () => {
    const { sim, a, b } = await pair("t2:");
    const check = await call(b.app, "c1", "check_availability", {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um elf",
      person: null,
      reschedule_booking_id: null,
    });
    const args = { slot_id: check.slot.id, name: "Hans Schuster" };
    const [x, y] = await Promise.all([
      call(a.app, "c2", "book_appointment", args),
      call(b.app, "c2", "book_appointment", args),
    ]);
    expect(x.status).toBe("booked");
    expect(y).toEqual(x);
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("a call's lock is renewed while a request works: another instance waits instead of running beside it", async () => {
    const one = await connectRedis(redis.url);
    const two = await connectRedis(redis.url);
    opened.push({ close: () => one.quit() }, { close: () => two.quit() });
    const a = new RedisCallStore(one, { prefix: "t5:", lockMs: 300 });
    const b = new RedisCallStore(two, { prefix: "t5:", lockMs: 300 });
    opened.push(a, b);
    const order: string[] = [];
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.all([
      a.exclusive("call", async () => {
        order.push("a starts");
        await pause(1_000);
        order.push("a ends");
      }),
      pause(50).then(() => b.exclusive("call", async () => void order.push("b runs"))),
    ]);
    expect(order).toEqual(["a starts", "a ends", "b runs"]);
    // Saving is only for the request holding the call's lock.
    const record = { caller: null, session: {} as never, used: Date.now(), delivered: [] };
    await expect(a.save("call", record)).rejects.toThrow(/without holding its lock/);
    await a.exclusive("call", () => a.save("call", record));
    expect(await a.count()).toBe(1);
  });

  it("shares one Cal.com request budget and Cal.com's block between instances", async () => {
    const one = await connectRedis(redis.url);
    const two = await connectRedis(redis.url);
    opened.push({ close: () => one.quit() }, { close: () => two.quit() });
    const options = { limit: 3, windowMs: 60_000, marginMs: 0, maxWaitMs: 0, prefix: "t3:" };
    const first = new RedisBudget(one, "acct", options);
    const second = new RedisBudget(two, "acct", options);
    const seqs = [(await first.take()).seq, (await second.take()).seq, (await first.take()).seq];
    expect(seqs).toEqual([1, 2, 3]);
    await expect(second.take()).rejects.toMatchObject({ kind: "rate_limited" });
    // Another account has its own budget.
    expect((await new RedisBudget(one, "other", options).take()).seq).toBe(1);
    const fresh = { ...options, prefix: "t4:" };
    new RedisBudget(one, "acct", fresh).blocked(30_000, 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await new RedisBudget(two, "acct", fresh).take().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CalendarError);
    expect((refused as CalendarError).kind).toBe("rate_limited");
  });

  it("counts the window on Redis's clock: instances whose clocks are a minute apart still share one limit", async () => {
    const one = await connectRedis(redis.url);
    const two = await connectRedis(redis.url);
    opened.push({ close: () => one.quit() }, { close: () => two.quit() });
    const options = { limit: 2, windowMs: 10_000, marginMs: 0, maxWaitMs: 0, prefix: "t5:" };
    // One instance's clock runs 30 s ahead, the other's 30 s behind.
    const ahead = new RedisBudget(one, "acct", { ...options, now: () => Date.now() + 30_000 });
    const behind = new RedisBudget(two, "acct", { ...options, now: () => Date.now() - 30_000 });
    expect((await behind.take()).seq).toBe(1);
    expect((await ahead.take()).seq).toBe(2);
    for (const budget of [behind, ahead]) {
      await expect(budget.take()).rejects.toMatchObject({ kind: "rate_limited" });
    }
  });

  it("an unreachable Redis is a clear error, not a hang", async () => {
    await expect(connectRedis("redis://127.0.0.1:1")).rejects.toThrow(/does not answer/);
    await expect(connectRedis("http://x")).rejects.toThrow(/redis:\/\//);
    const dead = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0 });
    dead.on("error", () => undefined);
    await expect(new RedisBudget(dead, "acct").take()).rejects.toMatchObject({ kind: "unavailable" });
    dead.disconnect();
  });
});
