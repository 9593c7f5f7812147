import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CalendarError, type CalendarErrorKind } from "../errors.ts";
import { runCalendarContract } from "./__fixtures__/contract.ts";
import type { Attendee, CalendarBackend } from "./backend.ts";
import { type CalcomClientOptions, type CalcomRequestEvent, createCalcomClient } from "./calcom-client.ts";
import { type ManualClock, manualClock } from "./clock.ts";
import type { FaultOptions } from "./faults.ts";
import { RefusalAfterLostAttempt, refusalVerified } from "./lost-attempts.ts";
import { loadBusinessProfile } from "./profile.ts";
import { type SimServer, type SimServerOptions, startSimServer } from "./sim-server.ts";
import { CalendarSimulator } from "./simulator.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const ZONE = "Europe/Berlin";
const HERREN = 3672814;
const DAMEN = 3672815;
const KEY = "cal_live_test_key_0123456789";
const HANS: Attendee = { name: "Hans Schuster", phoneNumber: "+491701234567", timeZone: ZONE };
/** 26 Oct 2025, the 25-hour local day, as local midnights. */
const DAY_26 = { start: "2025-10-26T00:00:00.000+02:00", end: "2025-10-27T00:00:00.000+01:00" };
const FIXTURES = join(import.meta.dirname, "__fixtures__");
const profile = loadBusinessProfile("friseur-1");

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
}

runCalendarContract("Cal.com client over HTTP against termin calsim", async () => {
  const clock = manualClock(NOW);
  const sim = new CalendarSimulator({ profile, clock });
  const server = await startSimServer(sim, { apiKey: KEY });
  // No slot cache: the suite changes the calendar behind the client's back (set-up, clock jumps that expire
  // holds), which a cache may serve stale for its few seconds by design (slot-cache.test.ts).
  const backend = createCalcomClient({
    baseUrl: server.url,
    apiKey: KEY,
    sleep: async () => {},
    slotCacheMs: 0,
  });
  return { backend, sim, clock, teardown: () => server.close() };
});

describe("Cal.com client: recorded response shapes (__fixtures__)", () => {
  /** A client whose every request is answered with `body` and `status`. */
  function answering(body: unknown, status = 200, headers: Record<string, string> = {}): CalendarBackend {
    const fetchStub = (async () =>
      new Response(JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json", ...headers },
      })) as typeof fetch;
    return createCalcomClient({ baseUrl: "https://api.cal.com", fetch: fetchStub, retries: 0 });
  }

  it("slots with timeZone and format=range keep Cal.com's strings", async () => {
    const slots = await answering(fixture("slots-range.json")).getSlots({
      eventTypeId: HERREN,
      ...DAY_26,
      timeZone: ZONE,
    });
    expect(Object.keys(slots)).toEqual(["2025-10-26", "2025-10-27"]);
    expect(slots["2025-10-26"]?.[0]).toEqual({
      start: "2025-10-26T07:00:00.000+01:00",
      end: "2025-10-26T07:30:00.000+01:00",
    });
    expect(
      await answering(fixture("slots-empty.json")).getSlots({
        eventTypeId: HERREN,
        ...DAY_26,
        timeZone: ZONE,
      }),
    ).toEqual({});
  });

  it("a slots answer without `end` (no format=range) is refused as unexpected, not guessed", async () => {
    const error = await answering(fixture("slots-utc.json"))
      .getSlots({ eventTypeId: HERREN, ...DAY_26, timeZone: ZONE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).message).toMatch(
      /unexpected response from GET \/v2\/slots: data\.2025-10-27\.0\.end/,
    );
  });

  it("a reservation becomes a Hold", async () => {
    expect(
      await answering(fixture("reservation.json"), 201).hold(HERREN, "2025-10-26T10:00:00+01:00"),
    ).toEqual({
      uid: "e84be5a3-4696-49e3-acc7-b2f3999c3b94",
      eventTypeId: HERREN,
      slotStart: "2025-10-26T09:00:00.000Z",
      slotEnd: "2025-10-26T09:30:00.000Z",
      until: "2025-10-25T18:22:50.000Z",
    });
  });

  it("a booking (with Cal.com's many extra and null fields) becomes a Booking", async () => {
    const booking = await answering(fixture("booking.json"), 201).book({
      eventTypeId: HERREN,
      start: "2025-10-26T09:30:00+01:00",
      attendee: HANS,
    });
    expect(booking).toEqual({
      id: 8861221,
      uid: "Lrgys58PpwI27AZGKfRmwL",
      eventTypeId: HERREN,
      start: "2025-10-26T08:30:00.000Z",
      end: "2025-10-26T09:00:00.000Z",
      status: "accepted",
      attendees: [
        {
          name: "Hans Schuster",
          email: "hans.schuster@sms.cal.com",
          timeZone: ZONE,
          phoneNumber: "+491701234567",
          language: "de",
        },
      ],
      metadata: { callId: "call_24977a803e9bd80b586fca06259" },
    });
  });

  it("a bookings list is filtered by status and phone on the client", async () => {
    const client = answering(fixture("bookings-list.json"));
    expect((await client.findBookings({ phone: "0049 170 1234567" })).map((b) => b.id)).toEqual([8861221]);
    expect((await client.findBookings({ phone: "+491709999999" })).map((b) => b.id)).toEqual([]);
    expect((await client.findBookings({ status: ["cancelled"] })).map((b) => b.id)).toEqual([8861300]);
  });

  const errors: Array<[file: string, status: number, kind: CalendarErrorKind, code: string]> = [
    ["error-host-busy.json", 400, "slot_taken", "BadRequestException"],
    ["error-user-busy.json", 400, "slot_taken", "BadRequestException"],
    ["error-outside-window.json", 400, "outside_window", "BadRequestException"],
    ["error-in-past.json", 400, "in_past", "BadRequestException"],
    ["error-held-for-booking.json", 409, "held_by_other", "ConflictException"],
    ["error-reserved-by-other.json", 422, "held_by_other", "UnprocessableEntityException"],
    ["error-reserve-booked.json", 422, "slot_taken", "UnprocessableEntityException"],
    ["error-invalid-range.json", 400, "bad_request", "BadRequestException"],
    ["error-event-type-not-found.json", 404, "not_found", "NotFoundException"],
    ["error-internal.json", 500, "unavailable", "InternalServerErrorException"],
    ["error-reference-call.json", 400, "slot_taken", "BadRequestException"],
  ];

  it.each(errors)("%s (HTTP %i) is %s", async (file, status, kind, code) => {
    const body = fixture(file) as { error?: { message: string }; message?: string };
    const error = await answering(body, status)
      .book({ eventTypeId: HERREN, start: "2025-10-26T09:30:00Z", attendee: HANS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarError);
    expect(error).toMatchObject({ kind, status, code });
    // A 5xx on a booking without callId adds that the outcome is unknown.
    expect((error as Error).message.startsWith(body.error?.message ?? body.message ?? "?")).toBe(true);
  });

  it("a 429 is rate_limited with the wait from Retry-After", async () => {
    const error = await answering(fixture("error-throttled.json"), 429, {
      "retry-after": "60",
      "x-ratelimit-reset-default": "60",
    })
      .getSlots({ eventTypeId: HERREN, ...DAY_26, timeZone: ZONE })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "rate_limited",
      status: 429,
      code: "ThrottlerException",
      retryAfterMs: 60_000,
    });
    expect((error as CalendarError).retryable).toBe(true);
  });
});

/** A simulator served over HTTP, a client with recorded waits, and a log of what went over the wire. */
interface Rig {
  sim: CalendarSimulator;
  /** The simulator's clock. */
  clock: ManualClock;
  server: SimServer;
  client: CalendarBackend;
  sleeps: number[];
  /** The client's clock (ms), moved only by its sleeps and by tests. */
  time: { ms: number };
  events: CalcomRequestEvent[];
  wire: Array<{ method: string; url: URL; headers: Headers; body: unknown }>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.server.close();
  rig = undefined;
});

async function startRig(
  client: Partial<CalcomClientOptions> = {},
  server: SimServerOptions = {},
  faults: FaultOptions = {},
): Promise<Rig> {
  const clock = manualClock(NOW);
  const sim = new CalendarSimulator({ profile, clock });
  const time = { ms: Date.parse(NOW) };
  // Cal.com's throttler counts on the client's clock, so a test can let a rate-limit window pass.
  const started = await startSimServer(sim, {
    apiKey: KEY,
    now: () => time.ms,
    ...server,
    faults: { seed: 1, ...faults },
  });
  const sleeps: number[] = [];
  const events: CalcomRequestEvent[] = [];
  const wire: Rig["wire"] = [];
  const recording = (async (input: string | URL | Request, init?: RequestInit) => {
    const body = typeof init?.body === "string" ? JSON.parse(init.body) : undefined;
    wire.push({
      method: init?.method ?? "GET",
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
      body,
    });
    return fetch(input, init);
  }) as typeof fetch;
  const backend = createCalcomClient({
    baseUrl: started.url,
    apiKey: KEY,
    fetch: recording,
    sleep: async (ms) => {
      sleeps.push(ms);
      time.ms += ms;
    },
    now: () => time.ms,
    random: () => 0.5,
    onRequest: (event) => events.push(event),
    ...client,
  });
  rig = { sim, clock, server: started, client: backend, sleeps, time, events, wire };
  return rig;
}

const slotsQuery = { eventTypeId: HERREN, ...DAY_26, timeZone: ZONE };
const bookRequest = {
  eventTypeId: HERREN,
  start: "2025-10-26T09:30:00.000+01:00",
  attendee: HANS,
  metadata: { callId: "call_24977a803e9bd80b586fca06259" },
};

describe("Cal.com client: phone look-ups read national numbers in the business's country", () => {
  it("an Austrian business finds a booking stored with a national number", async () => {
    const vienna = { ...profile, timezone: "Europe/Vienna" };
    const sim = new CalendarSimulator({ profile: vienna, clock: manualClock(NOW) });
    expect(sim.region).toBe("AT");
    sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-27T10:00",
      name: "Anna Huber",
      phone: "0664 1234567",
    });
    const server = await startSimServer(sim, { apiKey: KEY });
    try {
      const connect = (more: Partial<CalcomClientOptions> = {}) =>
        createCalcomClient({ baseUrl: server.url, apiKey: KEY, slotCacheMs: 0, ...more });
      const names = (found: { attendees: Attendee[] }[]) => found.map((b) => b.attendees[0]?.name);
      // The caller's number from telephony, in every spelling, finds it: through the client and in the simulator.
      for (const phone of ["+436641234567", "0043 664 1234567", "0664 1234567"]) {
        expect(names(await connect({ region: "AT" }).findBookings({ phone }))).toEqual(["Anna Huber"]);
        expect(names(await sim.findBookings({ phone }))).toEqual(["Anna Huber"]);
      }
      // Read as German (the default), the stored number is another caller's.
      expect(await connect().findBookings({ phone: "+436641234567" })).toEqual([]);
      expect(names(await connect().findBookings({ phone: "+496641234567" }))).toEqual(["Anna Huber"]);
    } finally {
      await server.close();
    }
  });
});

describe("Cal.com client: what goes over the wire", () => {
  it("sends cal-api-version per endpoint, the Bearer key, and UTC instants from the local day", async () => {
    const { client, wire } = await startRig();
    await client.getSlots(slotsQuery);
    const hold = await client.hold(HERREN, "2025-10-26T10:00:00.000+01:00");
    await client.releaseHold(hold.uid);
    const booking = await client.book(bookRequest);
    await client.findBookings({ phone: "+491701234567" });
    const moved = await client.reschedule(booking.uid, "2025-10-26T11:00:00+01:00");
    await client.cancel(moved.uid, "Kunde hat abgesagt");

    expect(wire.map((w) => `${w.method} ${w.url.pathname} ${w.headers.get("cal-api-version")}`)).toEqual([
      "GET /v2/slots 2024-09-04",
      "POST /v2/slots/reservations 2024-09-04",
      `DELETE /v2/slots/reservations/${hold.uid} 2024-09-04`,
      "POST /v2/bookings 2024-08-13",
      "GET /v2/bookings 2024-08-13",
      `POST /v2/bookings/${booking.uid}/reschedule 2024-08-13`,
      `POST /v2/bookings/${moved.uid}/cancel 2024-08-13`,
    ]);
    for (const w of wire) expect(w.headers.get("authorization")).toBe(`Bearer ${KEY}`);

    const slots = wire[0]?.url.searchParams;
    expect(Object.fromEntries(slots ?? [])).toEqual({
      eventTypeId: String(HERREN),
      start: "2025-10-25T22:00:00.000Z",
      end: "2025-10-26T23:00:00.000Z",
      timeZone: ZONE,
      format: "range",
    });
    expect(wire[1]?.body).toEqual({ eventTypeId: HERREN, slotStart: "2025-10-26T09:00:00.000Z" });
    expect(wire[3]?.body).toEqual({
      start: "2025-10-26T08:30:00.000Z",
      eventTypeId: HERREN,
      attendee: HANS,
      metadata: { callId: "call_24977a803e9bd80b586fca06259" },
    });
    expect(wire[5]?.body).toEqual({ start: "2025-10-26T10:00:00.000Z" });
    expect(wire[6]?.body).toEqual({ cancellationReason: "Kunde hat abgesagt" });
  });

  it("reports every exchange to onRequest, without the API key", async () => {
    const { client, events } = await startRig();
    await client.getSlots(slotsQuery);
    await client.book({ ...bookRequest, start: "2025-10-26T09:00:00Z" }).catch(() => undefined);
    await client.book({ ...bookRequest, start: "2025-10-26T09:00:00Z" }).catch(() => undefined);
    expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      "GET /v2/slots 200",
      "POST /v2/bookings 201",
      "POST /v2/bookings 400",
    ]);
    expect(events[0]?.query).toMatchObject({ start: "2025-10-25T22:00:00.000Z" });
    expect(events[2]?.response).toMatchObject({ status: "error", error: { code: "BadRequestException" } });
    for (const e of events) expect(e.durationMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it("with the slot cache (on by default), every write of the client shows in the next slot answer", async () => {
    const { client, events } = await startRig();
    const times = async () =>
      ((await client.getSlots(slotsQuery))["2025-10-26"] ?? []).map((s) => s.start.slice(11, 16));
    expect(await times()).toContain("10:00");
    expect(await times()).toContain("10:00");
    expect(events.filter((e) => e.path === "/v2/slots")).toHaveLength(1);
    const hold = await client.hold(HERREN, "2025-10-26T10:00:00+01:00");
    expect(await times()).not.toContain("10:00");
    await client.releaseHold(hold.uid);
    expect(await times()).toContain("10:00");
    const booking = await client.book({ ...bookRequest, start: "2025-10-26T10:00:00+01:00" });
    expect(await times()).not.toContain("10:00");
    const moved = await client.reschedule(booking.uid, "2025-10-26T11:00:00+01:00");
    expect(await times()).toContain("10:00");
    expect(await times()).not.toContain("11:00");
    await client.cancel(moved.uid);
    expect(await times()).toContain("11:00");
    expect(events.filter((e) => e.path === "/v2/slots")).toHaveLength(6);
  });

  it("refuses a start that is no instant before sending anything", async () => {
    const { client, wire } = await startRig();
    await expect(client.book({ ...bookRequest, start: "morgen um 10" })).rejects.toMatchObject({
      kind: "bad_request",
    });
    expect(wire).toEqual([]);
  });
});

describe("Cal.com client: resilience against termin calsim faults", () => {
  it("429 with headers, then success: waits as Retry-After says", async () => {
    const { client, server, sleeps, events } = await startRig({}, {}, { throttleRetryAfterSeconds: 2 });
    server.faults.failNext("throttle");
    const slots = await client.getSlots(slotsQuery);
    expect(slots["2025-10-26"]).toHaveLength(10);
    expect(sleeps).toEqual([2_000]);
    expect(events.map((e) => e.status)).toEqual([429, 200]);
  });

  it("a 429 on POST /v2/bookings is retried: the throttler answered before anything was booked", async () => {
    const { client, server, sim, sleeps } = await startRig();
    server.faults.failNext("throttle");
    await client.book(bookRequest);
    expect(sleeps).toEqual([1_000]);
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("500 twice, then success: two backoff waits with full jitter", async () => {
    const { client, server, sleeps } = await startRig();
    server.faults.failNext("error", 2);
    await client.getSlots(slotsQuery);
    // random() = 0.5: half of 200 * 2^0 and of 200 * 2^1.
    expect(sleeps).toEqual([100, 200]);
  });

  it("a GET that times out (headers sent, body trickled) is retried", async () => {
    const { client, server, events } = await startRig({ timeoutMs: 150 }, {}, { slowMs: 2_000, slowRate: 0 });
    server.faults.failNext("slow", 1, { afterHandling: true });
    const slots = await client.getSlots(slotsQuery);
    expect(slots["2025-10-26"]).toHaveLength(10);
    expect(events[0]).toMatchObject({ status: 200, error: "Cal.com did not answer within 150 ms" });
    expect(events[1]).toMatchObject({ status: 200 });
    expect(events[1]?.error).toBeUndefined();
  });

  it("a GET that stalls before any header is retried", async () => {
    const { client, server, events } = await startRig({ timeoutMs: 150 }, {}, { slowMs: 2_000, slowRate: 0 });
    server.faults.failNext("slow");
    await client.getSlots(slotsQuery);
    expect(events.map((e) => e.error ?? e.status)).toEqual(["Cal.com did not answer within 150 ms", 200]);
  });

  it("a dropped connection, then success", async () => {
    const { client, server, events } = await startRig();
    server.faults.failNext("drop");
    await client.getSlots(slotsQuery);
    expect(events[0]?.status).toBeUndefined();
    expect(events[0]?.error).toMatch(/^connection to Cal.com failed/);
    expect(events[1]?.status).toBe(200);
  });

  it("persistent 500: unavailable and retryable after 1 + 3 attempts", async () => {
    const { client, server, events } = await startRig();
    server.faults.failNext("error", 100);
    const error = await client.getSlots(slotsQuery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarError);
    expect(error).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    expect(events).toHaveLength(4);
  });

  it("without a budget, rate limit exhausted (120 per minute): rate_limited with Cal.com's 60 s, not waited out", async () => {
    const { client, sleeps } = await startRig({ budget: false, slotCacheMs: 0 });
    for (let i = 0; i < 120; i++) await client.getSlots(slotsQuery);
    const error = await client.getSlots(slotsQuery).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 60_000, retryable: true });
    expect(sleeps).toEqual([]);
  });

  it("with the budget (120 per 60 s): the 121st request is refused without being sent; the key is never blocked", async () => {
    const { client, events, time } = await startRig({ slotCacheMs: 0 });
    for (let i = 0; i < 120; i++) await client.getSlots(slotsQuery);
    const error = await client.getSlots(slotsQuery).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", status: undefined, retryable: true });
    expect(events).toHaveLength(120);
    expect(events.every((e) => e.status === 200)).toBe(true);
    // A window and the margin later the tokens are back, and Cal.com never blocked the key.
    time.ms += 61_000;
    await client.getSlots(slotsQuery);
    expect(events.at(-1)?.status).toBe(200);
  });

  describe("a booking whose answer was lost is found by its callId, never made twice", () => {
    const lost: Array<[string, "drop" | "slow" | "error"]> = [
      ["connection dropped after booking", "drop"],
      ["timed out while the body trickled", "slow"],
      ["500 after the booking was stored", "error"],
    ];
    it.each(lost)("%s", async (_label, kind) => {
      const { client, server, sim, events } = await startRig(
        { timeoutMs: 150 },
        {},
        { slowMs: 2_000, slowRate: 0 },
      );
      server.faults.failNext(kind, 1, { afterHandling: true, match: /^POST \/v2\/bookings$/ });
      const booking = await client.book(bookRequest);
      const stored = sim.listBookings();
      expect(stored).toHaveLength(1);
      expect(booking).toEqual(stored[0]);
      expect(booking.metadata["callId"]).toBe("call_24977a803e9bd80b586fca06259");
      expect(events.map((e) => `${e.method} ${e.path}`)).toEqual(["POST /v2/bookings", "GET /v2/bookings"]);
      expect(events[1]?.query).toMatchObject({
        eventTypeId: String(HERREN),
        afterStart: "2025-10-26T08:30:00.000Z",
        beforeEnd: "2025-10-27T08:30:00.000Z",
      });
    });

    it("dropped before it reached Cal.com: the lookup finds nothing, the retry books once", async () => {
      const { client, server, sim, events } = await startRig();
      server.faults.failNext("drop", 1, { match: /^POST \/v2\/bookings$/ });
      const booking = await client.book(bookRequest);
      expect(sim.listBookings().map((b) => b.uid)).toEqual([booking.uid]);
      expect(events.map((e) => `${e.method} ${e.path} ${e.status ?? "-"}`)).toEqual([
        "POST /v2/bookings -",
        "GET /v2/bookings 200",
        "POST /v2/bookings 201",
      ]);
    });

    it("without a callId the outcome cannot be checked: unavailable, no second POST", async () => {
      const { client, server, sim, events } = await startRig();
      server.faults.failNext("drop", 1, { afterHandling: true });
      const { metadata: _ignored, ...withoutCallId } = bookRequest;
      const error = await client.book(withoutCallId).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: "unavailable" });
      expect((error as Error).message).toMatch(/may or may not have taken effect/);
      expect(events).toHaveLength(1);
      expect(sim.listBookings()).toHaveLength(1);
    });
  });

  describe("a hold whose answer was lost is never reported as someone else's", () => {
    const reservations = /^POST \/v2\/slots\/reservations$/;
    const lost: Array<[string, "drop" | "slow" | "error"]> = [
      ["connection dropped after the reservation was made", "drop"],
      ["answer slower than the client's timeout", "slow"],
      ["500 after the reservation was made", "error"],
    ];
    it.each(lost)(
      "%s: an unverified hold without a uid; the booking goes without reservedSlotUid",
      async (_label, kind) => {
        const { client, server, sim, wire } = await startRig(
          { timeoutMs: 150 },
          {},
          { slowMs: 2_000, slowRate: 0 },
        );
        await client.getSlots(slotsQuery);
        server.faults.failNext(kind, 1, { afterHandling: true, match: reservations });
        const hold = await client.hold(HERREN, "2025-10-26T10:00:00+01:00");
        expect(hold).toMatchObject({
          uid: "",
          unverified: true,
          eventTypeId: HERREN,
          slotStart: "2025-10-26T09:00:00.000Z",
          slotEnd: "2025-10-26T09:30:00.000Z",
        });
        // The lost attempt's reservation, made at the simulator's frozen NOW: it expires at NOW + 5 min at the latest.
        const until = Date.parse(hold.until);
        expect(until).toBeLessThanOrEqual(Date.parse(NOW) + 5 * 60_000);
        expect(until).toBeGreaterThan(Date.parse(NOW) + 4 * 60_000);
        expect(sim.listHolds()).toHaveLength(1);

        const booking = await client.book({
          ...bookRequest,
          start: "2025-10-26T10:00:00+01:00",
          holdUid: hold.uid,
        });
        expect(booking).toMatchObject({ status: "accepted", start: "2025-10-26T09:00:00.000Z" });
        expect(wire.at(-1)?.body).not.toHaveProperty("reservedSlotUid");
        expect(sim.listBookings()).toHaveLength(1);
        const sent = wire.length;
        await client.releaseHold(hold.uid);
        expect(wire).toHaveLength(sent);
      },
    );

    it("a later hold on a slot the lost reservation overlaps (any service) is unverified too; a competitor's is not", async () => {
      const { client, server, sim } = await startRig();
      await client.getSlots(slotsQuery);
      server.faults.failNext("drop", 1, { afterHandling: true, match: reservations });
      expect(await client.hold(HERREN, "2025-10-26T10:00:00+01:00")).toMatchObject({ unverified: true });
      expect(await client.hold(HERREN, "2025-10-26T10:00:00+01:00")).toMatchObject({ unverified: true });
      // Damenhaarschnitt 10:00-11:00 overlaps the lost Herrenhaarschnitt reservation 10:00-10:30.
      expect(await client.hold(DAMEN, "2025-10-26T10:00:00+01:00")).toMatchObject({
        unverified: true,
        uid: "",
      });
      await sim.hold(HERREN, "2025-10-26T10:00:00.000Z");
      await expect(client.hold(HERREN, "2025-10-26T11:00:00+01:00")).rejects.toMatchObject({
        kind: "held_by_other",
        status: 422,
      });
    });

    it("another owner's (call's) lost reservation is someone else's: held_by_other, verified", async () => {
      const { client, server } = await startRig();
      await client.getSlots(slotsQuery);
      server.faults.failNext("drop", 1, { afterHandling: true, match: reservations });
      const mine = await client.hold(HERREN, "2025-10-26T10:00:00+01:00", "call_a");
      expect(mine).toMatchObject({ unverified: true, uid: "" });
      const theirs = await client
        .hold(HERREN, "2025-10-26T10:00:00+01:00", "call_b")
        .catch((e: unknown) => e);
      expect(theirs).toMatchObject({ kind: "held_by_other", status: 422 });
      expect(refusalVerified(theirs as CalendarError)).toBe(true);
      // Without an owner neither: an ownerless attempt and an owner's never stand for each other.
      await expect(client.hold(DAMEN, "2025-10-26T10:00:00+01:00")).rejects.toMatchObject({
        kind: "held_by_other",
      });
      // The owner's own later hold (another service overlapping it) is still its unverified hold.
      expect(await client.hold(DAMEN, "2025-10-26T10:00:00+01:00", "call_a")).toMatchObject({
        unverified: true,
      });
    });

    it("once the lost reservation has expired, the slot is held again with a uid", async () => {
      const { client, server, clock, time } = await startRig();
      server.faults.failNext("drop", 1, { afterHandling: true, match: reservations });
      expect(await client.hold(HERREN, "2025-10-26T10:00:00+01:00")).toMatchObject({ unverified: true });
      clock.advance({ minutes: 5 });
      // The client forgets the lost attempt after the reservation length and its timeout (10 s by default).
      time.ms += 5 * 60_000 + 10_000;
      const hold = await client.hold(HERREN, "2025-10-26T10:00:00+01:00");
      expect(hold.unverified).toBeUndefined();
      expect(hold.uid).not.toBe("");
    });
  });

  describe("a refusal after a lost attempt is not blamed on anyone", () => {
    it("a booking lost before Cal.com, then refused because another customer booked: RefusalAfterLostAttempt", async () => {
      const { sim, server } = await startRig();
      const client = createCalcomClient({
        baseUrl: server.url,
        apiKey: KEY,
        sleep: async () => {},
        random: () => 0.5,
        // Another customer books the slot while this client waits to retry.
        onRequest: (event) => {
          if (event.method === "POST" && event.status === 500) {
            sim.addBooking({ service: "herrenhaarschnitt", start: "2025-10-26T09:30", name: "Eva Brandt" });
          }
        },
      });
      server.faults.failNext("error", 1, { match: /^POST \/v2\/bookings$/ });
      const error = await client.book(bookRequest).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RefusalAfterLostAttempt);
      expect(error).toMatchObject({ kind: "slot_taken", status: 400 });
      expect(refusalVerified(error as CalendarError)).toBe(false);
      // On a first attempt the same refusal is verified.
      const first = await client
        .book({ ...bookRequest, metadata: { callId: "other" } })
        .catch((e: unknown) => e);
      expect(first).toMatchObject({ kind: "slot_taken" });
      expect(refusalVerified(first as CalendarError)).toBe(true);
    });
  });

  it("a release, cancel or reschedule whose answer was lost counts as done", async () => {
    const { client, server, sim } = await startRig();
    const hold = await client.hold(HERREN, "2025-10-26T10:00:00+01:00");
    server.faults.failNext("drop", 1, { afterHandling: true });
    await client.releaseHold(hold.uid);
    expect(sim.listHolds()).toEqual([]);

    const booking = await client.book(bookRequest);
    server.faults.failNext("drop", 1, { afterHandling: true });
    const moved = await client.reschedule(booking.uid, "2025-10-26T11:00:00+01:00");
    expect(moved).toMatchObject({ rescheduledFromUid: booking.uid, start: "2025-10-26T10:00:00.000Z" });

    server.faults.failNext("drop", 1, { afterHandling: true });
    const cancelled = await client.cancel(moved.uid);
    expect(cancelled).toMatchObject({ uid: moved.uid, status: "cancelled" });
    expect(sim.listBookings().map((b) => b.status)).toEqual(["cancelled", "cancelled"]);
  });
});
