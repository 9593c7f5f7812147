import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "./clock.ts";
import { createFaultInjector, type FaultOptions } from "./faults.ts";
import { loadBusinessProfile } from "./profile.ts";
import { type SimServer, type SimServerOptions, startSimServer } from "./sim-server.ts";
import { CalendarSimulator } from "./simulator.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const HERREN = 3672814;
const KEY = "cal_test_key";
const SLOTS = { "cal-api-version": "2024-09-04" };
const BOOKINGS = { "cal-api-version": "2024-08-13", "content-type": "application/json" };
const HOST_BUSY = "One of the hosts either already has booking at this time or is not available";
const profile = loadBusinessProfile("friseur-1");

let server: SimServer | undefined;
let sim: CalendarSimulator;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: SimServerOptions = {}): Promise<SimServer> {
  sim = new CalendarSimulator({ profile, clock: manualClock(NOW) });
  server = await startSimServer(sim, options);
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read JSON answers by path; a type per shape would only repeat the assertions.
type Json = any;

async function call(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: Json }> {
  const base = server?.url ?? "";
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === "string"
        ? init.body
        : JSON.stringify(init.body);
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: init.headers ?? {},
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

function booking(name: string, start = "2025-10-26T09:00:00.000Z") {
  return {
    start,
    eventTypeId: HERREN,
    attendee: { name, timeZone: "Europe/Berlin", phoneNumber: "+491701234567" },
    metadata: { callId: `call-${name}` },
  };
}

describe("termin calsim over HTTP", () => {
  it("listens on 127.0.0.1 on a free port", async () => {
    const { url, port } = await start();
    expect(port).toBeGreaterThan(0);
    expect(url).toBe(`http://127.0.0.1:${port}`);
  });

  it("50 simultaneous POST /v2/bookings for one slot: exactly one 201, 49 × 400 'already has booking'", async () => {
    await start();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call("/v2/bookings", { method: "POST", headers: BOOKINGS, body: booking(`Anrufer ${i}`) }),
      ),
    );
    const created = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 400);
    expect(created).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const r of refused) {
      expect(r.body).toMatchObject({
        status: "error",
        error: { code: "BadRequestException", message: HOST_BUSY },
      });
    }
    expect(sim.listBookings()).toHaveLength(1);
    expect(sim.listBookings()[0]?.uid).toBe(created[0]?.body.data.uid);
  });

  describe("GET /v2/slots", () => {
    it("with timeZone: local date keys and local offsets; format=range adds end", async () => {
      await start();
      const q =
        "eventTypeId=3672814&start=2025-10-25T22:00:00.000Z&end=2025-10-26T23:00:00.000Z&timeZone=Europe/Berlin";
      const plain = await call(`/v2/slots?${q}`, { headers: SLOTS });
      expect(plain.status).toBe(200);
      expect(Object.keys(plain.body.data)).toEqual(["2025-10-26"]);
      expect(plain.body.data["2025-10-26"][0]).toEqual({ start: "2025-10-26T07:00:00.000+01:00" });
      const range = await call(`/v2/slots?${q}&format=range`, { headers: SLOTS });
      expect(range.body.data["2025-10-26"][0]).toEqual({
        start: "2025-10-26T07:00:00.000+01:00",
        end: "2025-10-26T07:30:00.000+01:00",
      });
    });

    it("without timeZone: UTC `Z` starts keyed by UTC date; a date-only range is the UTC day", async () => {
      await start();
      const { body } = await call("/v2/slots?eventTypeId=3672814&start=2025-10-27&end=2025-10-27", {
        headers: SLOTS,
      });
      expect(Object.keys(body.data)).toEqual(["2025-10-27"]);
      expect(body.data["2025-10-27"].slice(0, 2)).toEqual([
        { start: "2025-10-27T06:00:00.000Z" },
        { start: "2025-10-27T06:30:00.000Z" },
      ]);
    });

    it("an inverted range is Cal.com's 400", async () => {
      await start();
      const { status, body } = await call("/v2/slots?eventTypeId=3672814&start=2025-10-28&end=2025-10-27", {
        headers: SLOTS,
      });
      expect(status).toBe(400);
      expect(body.error.message).toBe(
        "Invalid time range given - check the 'start' and 'end' query parameters.",
      );
    });
  });

  describe("cal-api-version", () => {
    const q = "eventTypeId=3672814&start=2025-10-27&end=2025-10-27";

    it("/v2/slots with the bookings version (or none) misses: 404 from the old controller", async () => {
      await start();
      for (const headers of [{ "cal-api-version": "2024-08-13" }, {}]) {
        const { status, body } = await call(`/v2/slots?${q}`, { headers });
        expect(status).toBe(404);
        expect(body.error).toMatchObject({ code: "NotFoundException", message: "Cannot GET /v2/slots" });
      }
      const reserve = await call("/v2/slots/reservations", {
        method: "POST",
        headers: { ...BOOKINGS },
        body: { eventTypeId: HERREN, slotStart: "2025-10-26T09:00:00.000Z" },
      });
      expect(reserve.status).toBe(404);
    });

    it("the old controller's /v2/slots/available answers in the old shape", async () => {
      await start();
      const { status, body } = await call(
        "/v2/slots/available?eventTypeId=3672814&startTime=2025-10-27&endTime=2025-10-27",
        { headers: { "cal-api-version": "2024-08-13" } },
      );
      expect(status).toBe(200);
      expect(body.data.slots["2025-10-27"][0]).toEqual({ time: "2025-10-27T06:00:00.000Z" });
    });

    it("/v2/bookings with the slots version is refused", async () => {
      await start();
      const { status, body } = await call("/v2/bookings", {
        method: "POST",
        headers: { ...BOOKINGS, "cal-api-version": "2024-09-04" },
        body: booking("Hans"),
      });
      expect(status).toBe(400);
      expect(body.error.message).toMatch(/2024-08-13/);
      expect(sim.listBookings()).toEqual([]);
    });
  });

  describe("reservations and bookings", () => {
    it("POST, GET and DELETE /v2/slots/reservations", async () => {
      await start();
      const created = await call("/v2/slots/reservations", {
        method: "POST",
        headers: { ...SLOTS, "content-type": "application/json" },
        body: { eventTypeId: HERREN, slotStart: "2025-10-26T10:00:00+01:00", reservationDuration: 5 },
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        status: "success",
        data: {
          eventTypeId: HERREN,
          slotStart: "2025-10-26T09:00:00.000Z",
          slotEnd: "2025-10-26T09:30:00.000Z",
          slotDuration: 30,
          reservationDuration: 5,
          reservationUid: expect.any(String),
          reservationUntil: "2025-10-25T18:22:50.000Z",
        },
      });
      const uid = created.body.data.reservationUid;
      expect((await call(`/v2/slots/reservations/${uid}`, { headers: SLOTS })).body.data).toEqual(
        created.body.data,
      );
      const again = await call("/v2/slots/reservations", {
        method: "POST",
        headers: SLOTS,
        body: { eventTypeId: HERREN, slotStart: "2025-10-26T09:00:00Z" },
      });
      expect(again.status).toBe(422);
      expect(again.body.error.code).toBe("UnprocessableEntityException");
      expect((await call(`/v2/slots/reservations/${uid}`, { method: "DELETE", headers: SLOTS })).status).toBe(
        200,
      );
      expect((await call(`/v2/slots/reservations/${uid}`, { headers: SLOTS })).status).toBe(404);
    });

    it("a booking answers Cal.com's shape; cancel 200, reschedule 201 with a new uid", async () => {
      await start();
      const made = await call("/v2/bookings", { method: "POST", headers: BOOKINGS, body: booking("Hans") });
      expect(made.status).toBe(201);
      expect(made.body.data).toMatchObject({
        id: 1,
        title: "Herrenhaarschnitt between Friseur 1 and Hans",
        status: "accepted",
        start: "2025-10-26T09:00:00.000Z",
        end: "2025-10-26T09:30:00.000Z",
        duration: 30,
        eventTypeId: HERREN,
        attendees: [{ name: "Hans", phoneNumber: "+491701234567", timeZone: "Europe/Berlin" }],
        metadata: { callId: "call-Hans" },
      });
      const uid = made.body.data.uid;
      const moved = await call(`/v2/bookings/${uid}/reschedule`, {
        method: "POST",
        headers: BOOKINGS,
        body: { start: "2025-10-26T10:00:00.000Z", reschedulingReason: "später" },
      });
      expect(moved.status).toBe(201);
      expect(moved.body.data).toMatchObject({ rescheduledFromUid: uid, reschedulingReason: "später" });
      expect(moved.body.data.uid).not.toBe(uid);
      const cancelled = await call(`/v2/bookings/${moved.body.data.uid}/cancel`, {
        method: "POST",
        headers: BOOKINGS,
        body: { cancellationReason: "krank" },
      });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.data).toMatchObject({ status: "cancelled", cancellationReason: "krank" });
    });

    it("GET /v2/bookings needs the key, filters like Cal.com and pages with take/skip", async () => {
      await start({ apiKey: KEY });
      for (const [i, start] of [
        "2025-10-26T09:00:00Z",
        "2025-10-26T10:00:00Z",
        "2025-10-27T09:00:00Z",
      ].entries()) {
        await call("/v2/bookings", { method: "POST", headers: BOOKINGS, body: booking(`Gast ${i}`, start) });
      }
      expect((await call("/v2/bookings", { headers: BOOKINGS })).status).toBe(401);
      const wrong = await call("/v2/bookings", { headers: { ...BOOKINGS, authorization: "Bearer nope" } });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe("UnauthorizedException");
      const auth = { ...BOOKINGS, authorization: `Bearer ${KEY}` };
      const page = await call("/v2/bookings?take=2&skip=0&status=upcoming", { headers: auth });
      expect(page.body.data.map((b: { attendees: Array<{ name: string }> }) => b.attendees[0]?.name)).toEqual(
        ["Gast 0", "Gast 1"],
      );
      expect(page.body.pagination).toMatchObject({ totalItems: 3, hasNextPage: true });
      const next = await call("/v2/bookings?take=2&skip=2", { headers: auth });
      expect(next.body.data).toHaveLength(1);
      expect(next.body.pagination.hasNextPage).toBe(false);
      const ranged = await call(
        "/v2/bookings?afterStart=2025-10-26T09:30:00Z&beforeEnd=2025-10-26T23:00:00Z&attendeeName=gast",
        { headers: auth },
      );
      expect(ranged.body.data.map((b: { start: string }) => b.start)).toEqual(["2025-10-26T10:00:00.000Z"]);
      expect((await call("/v2/bookings?status=cancelled", { headers: auth })).body.data).toEqual([]);
      expect((await call("/v2/bookings?take=251", { headers: auth })).status).toBe(400);
    });
  });

  describe("error envelopes", () => {
    it("malformed JSON, missing fields and unknown routes", async () => {
      await start();
      const malformed = await call("/v2/bookings", { method: "POST", headers: BOOKINGS, body: "{not json" });
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({
        status: "error",
        timestamp: "2025-10-25T18:17:50.000Z",
        path: "/v2/bookings",
        error: {
          code: "BadRequestException",
          message: expect.stringMatching(/^Invalid JSON/),
          details: { message: expect.any(String), error: "Bad Request", statusCode: 400 },
        },
      });
      const missing = await call("/v2/bookings", {
        method: "POST",
        headers: BOOKINGS,
        body: { eventTypeId: HERREN },
      });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatchObject({
        code: "BadRequestException",
        message: expect.stringMatching(/^start/),
      });
      const unknown = await call("/v2/nothing", { headers: SLOTS });
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe("Cannot GET /v2/nothing");
    });

    it("the simulator's refusals keep their status, code and exact message", async () => {
      await start();
      const past = await call("/v2/bookings", {
        method: "POST",
        headers: BOOKINGS,
        body: booking("Hans", "2025-10-25T08:00:00Z"),
      });
      expect(past.status).toBe(400);
      expect(past.body.error).toMatchObject({
        code: "BadRequestException",
        message: "Attempting to book a meeting in the past.",
      });
    });
  });

  describe("rate limiting", () => {
    it("every response carries the headers; over the limit 429 ThrottlerException with Retry-After, per key", async () => {
      await start({ rateLimit: { limit: 3 } });
      const auth = { ...SLOTS, authorization: "Bearer a" };
      const q = "/v2/slots?eventTypeId=3672814&start=2025-10-27&end=2025-10-27";
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await call(i === 2 ? "/v2/nothing" : q, { headers: auth });
        remaining.push(r.headers.get("x-ratelimit-remaining-default") ?? "");
        expect(r.headers.get("x-ratelimit-limit-default")).toBe("3");
        expect(Number(r.headers.get("x-ratelimit-reset-default"))).toBeGreaterThan(0);
      }
      expect(remaining).toEqual(["2", "1", "0"]);
      const limited = await call(q, { headers: auth });
      expect(limited.status).toBe(429);
      expect(limited.body.error).toMatchObject({ code: "ThrottlerException" });
      expect(limited.headers.get("retry-after")).toBe("60");
      expect(limited.headers.get("x-ratelimit-reset-default")).toBe("60");
      expect(limited.headers.get("x-ratelimit-remaining-default")).toBe("0");
      expect((await call(q, { headers: { ...SLOTS, authorization: "Bearer b" } })).status).toBe(200);
    });

    it("the block lasts 60 s, then a new window starts", async () => {
      let now = 1_000_000;
      await start({ rateLimit: { limit: 1 }, now: () => now });
      const q = "/v2/slots?eventTypeId=3672814&start=2025-10-27&end=2025-10-27";
      expect((await call(q, { headers: SLOTS })).status).toBe(200);
      expect((await call(q, { headers: SLOTS })).status).toBe(429);
      now += 59_000;
      const still = await call(q, { headers: SLOTS });
      expect(still.status).toBe(429);
      expect(still.headers.get("retry-after")).toBe("1");
      now += 1_000;
      expect((await call(q, { headers: SLOTS })).status).toBe(200);
    });
  });

  describe("faults", () => {
    const q = "/v2/slots?eventTypeId=3672814&start=2025-10-27&end=2025-10-27";

    it("failNext: 500, 429 with headers, dropped socket, each for exactly K requests", async () => {
      const { faults } = await start({ faults: { throttleRetryAfterSeconds: 7 } });
      faults.failNext("error", 2);
      expect((await call(q, { headers: SLOTS })).body.error.code).toBe("InternalServerErrorException");
      expect((await call(q, { headers: SLOTS })).status).toBe(500);
      faults.failNext("throttle");
      const throttled = await call(q, { headers: SLOTS });
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("7");
      expect(throttled.headers.get("x-ratelimit-reset-default")).toBe("7");
      faults.failNext("drop");
      await expect(call(q, { headers: SLOTS })).rejects.toThrow(/fetch failed/);
      expect((await call(q, { headers: SLOTS })).status).toBe(200);
      expect(faults.injected).toEqual({ error: 2, throttle: 1, drop: 1, slow: 0 });
      expect(faults.requests).toBe(5);
    });

    it("afterHandling: the booking is made, then the connection drops", async () => {
      const { faults } = await start();
      faults.failNext("drop", 1, { afterHandling: true, match: /^POST / });
      await expect(
        call("/v2/bookings", { method: "POST", headers: BOOKINGS, body: booking("Hans") }),
      ).rejects.toThrow();
      expect(sim.listBookings()).toHaveLength(1);
    });

    it("latency delays answers; a slow answer trickles after its headers", async () => {
      const { faults } = await start({ faults: { latencyMs: 60, slowMs: 200, slowRate: 0 } });
      let t = performance.now();
      await call(q, { headers: SLOTS });
      expect(performance.now() - t).toBeGreaterThanOrEqual(55);
      faults.failNext("slow", 1, { afterHandling: true });
      t = performance.now();
      const response = await fetch(`${server?.url}${q}`, { headers: SLOTS });
      const headersAfter = performance.now() - t;
      await response.text();
      const bodyAfter = performance.now() - t;
      expect(response.status).toBe(200);
      expect(bodyAfter - headersAfter).toBeGreaterThanOrEqual(150);
    });

    it("close() cuts a pending slow answer at once", async () => {
      const { faults } = await start({ faults: { slowMs: 10_000, slowRate: 0 } });
      faults.failNext("slow", 1, { afterHandling: true });
      const response = await fetch(`${server?.url}${q}`, { headers: SLOTS });
      const body = response.text().catch((e: unknown) => e);
      const t = performance.now();
      await server?.close();
      server = undefined;
      expect(await body).toBeInstanceOf(Error);
      expect(performance.now() - t).toBeLessThan(1_000);
    });

    it("the same seed gives the same random faults", () => {
      const options: FaultOptions = {
        seed: 42,
        errorRate: 0.3,
        dropRate: 0.1,
        throttleEvery: 7,
        latencyMs: 5,
        jitterMs: 10,
      };
      const run = () => {
        const injector = createFaultInjector(options);
        return Array.from({ length: 50 }, () => injector.decide("GET /v2/slots"));
      };
      const first = run();
      expect(run()).toEqual(first);
      const kinds = first.map((d) => d.before ?? "ok");
      expect(kinds).toContain("error");
      expect(kinds).toContain("drop");
      expect(kinds[6]).toBe("throttle");
      expect(new Set(first.map((d) => d.latencyMs)).size).toBeGreaterThan(1);
      const other = createFaultInjector({ ...options, seed: 43 });
      expect(Array.from({ length: 50 }, () => other.decide("GET /v2/slots"))).not.toEqual(first);
    });
  });
});
