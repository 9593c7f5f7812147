import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Booking, CalendarBackend } from "../calendar/backend.ts";
import { CalendarError } from "../errors.ts";
import { createTraceRecorder } from "./recorder.ts";
import { calcomRequestListener, traceBackend } from "./tracing-backend.ts";

const booking: Booking = {
  id: 1,
  uid: "bk_1",
  eventTypeId: 7,
  start: "2025-10-26T09:30:00.000Z",
  end: "2025-10-26T10:00:00.000Z",
  status: "accepted",
  attendees: [{ name: "Hans Schuster", phoneNumber: "+491701234567", timeZone: "Europe/Berlin" }],
  metadata: {},
};

const taken = new CalendarError(
  "slot_taken",
  "User either already has booking at this time or is not available",
  {
    status: 400,
    code: "BadRequestException",
  },
);

function unused(): never {
  throw new Error("not used in this test");
}

const fakeBackend: CalendarBackend = {
  getSlots: async () => ({
    "2025-10-26": [{ start: "2025-10-26T09:30:00.000+01:00", end: "2025-10-26T10:00:00.000+01:00" }],
  }),
  hold: async () => {
    throw taken;
  },
  releaseHold: async () => {},
  book: async () => booking,
  findBookings: async () => [booking],
  cancel: async () => ({ ...booking, status: "cancelled" }),
  reschedule: unused,
};

function setup() {
  const recorder = createTraceRecorder({
    clock: () => DateTime.fromISO("2025-10-25T18:18:32Z"),
    zone: "Europe/Berlin",
  });
  let t = 1000;
  // Each reading advances 40 ms, so every request lasts exactly 40 ms.
  const traced = traceBackend(fakeBackend, recorder, () => (t += 40));
  return { recorder, traced };
}

describe("traceBackend", () => {
  it("records a successful call with method, arguments, response and duration", async () => {
    const { recorder, traced } = setup();
    const query = {
      eventTypeId: 7,
      start: "2025-10-25T22:00:00Z",
      end: "2025-10-26T22:59:59Z",
      timeZone: "Europe/Berlin",
    };
    const slots = await traced.getSlots(query);
    expect(slots["2025-10-26"]).toHaveLength(1);
    expect(recorder.events()).toEqual([
      {
        type: "calendar_request",
        method: "getSlots",
        path: "getSlots",
        request: query,
        status: "ok",
        response: slots,
        durationMs: 40,
        at: "2025-10-25T20:18:32.000+02:00",
        seq: 1,
      },
    ]);
  });

  it("records the error's kind and message and rethrows the same error", async () => {
    const { recorder, traced } = setup();
    await expect(traced.hold(7, "2025-10-26T08:30:00Z")).rejects.toBe(taken);
    expect(recorder.events()[0]).toMatchObject({
      method: "hold",
      request: { eventTypeId: 7, slotStart: "2025-10-26T08:30:00Z" },
      status: "error",
      error: {
        kind: "slot_taken",
        message: "User either already has booking at this time or is not available",
      },
      durationMs: 40,
    });
    expect(recorder.events()[0]).not.toHaveProperty("response");
  });

  it("a look-up without the caller's number keeps only busy times, never other customers' names or numbers", async () => {
    const { recorder, traced } = setup();
    const all = await traced.findBookings({ from: "2025-10-25T22:00:00Z", to: "2025-10-26T23:00:00Z" });
    expect(all).toEqual([booking]);
    await traced.findBookings({ phone: "+491701234567" });
    const [others, own] = recorder.events();
    expect(others).toMatchObject({
      response: { bookings: 1, busy: [{ start: booking.start, end: booking.end }] },
    });
    expect(JSON.stringify(others)).not.toMatch(/Hans|491701234567/);
    // The caller's own bookings, found by their number, stay as they are (redaction masks the number later).
    expect(own).toMatchObject({ response: [booking] });
  });

  it("names positional arguments and leaves out absent optional ones", async () => {
    const { recorder, traced } = setup();
    await traced.releaseHold("rsv_1");
    await traced.cancel("bk_1");
    await traced.cancel("bk_1", "Kunde verhindert");
    const events = recorder.events();
    expect(events.map((e) => (e.type === "calendar_request" ? e.request : null))).toEqual([
      { uid: "rsv_1" },
      { uid: "bk_1" },
      { uid: "bk_1", reason: "Kunde verhindert" },
    ]);
    expect(events[0]).not.toHaveProperty("response");
  });

  it("passes a hold's owner (the call id) on and records it", async () => {
    const recorder = createTraceRecorder({
      clock: () => DateTime.fromISO("2025-10-25T18:18:32Z"),
      zone: "Europe/Berlin",
    });
    const owners: Array<string | undefined> = [];
    const traced = traceBackend(
      {
        ...fakeBackend,
        hold: async (eventTypeId, slotStart, owner) => {
          owners.push(owner);
          return { uid: "rsv_1", eventTypeId, slotStart, slotEnd: slotStart, until: slotStart };
        },
      },
      recorder,
    );
    await traced.hold(7, "2025-10-26T08:30:00Z", "call_a");
    await traced.hold(7, "2025-10-26T08:30:00Z");
    expect(owners).toEqual(["call_a", undefined]);
    expect(recorder.events().map((e) => (e.type === "calendar_request" ? e.request : null))).toEqual([
      { eventTypeId: 7, slotStart: "2025-10-26T08:30:00Z", owner: "call_a" },
      { eventTypeId: 7, slotStart: "2025-10-26T08:30:00Z" },
    ]);
  });
});

describe("calcomRequestListener", () => {
  it("turns the client's reports into calendar requests", () => {
    const recorder = createTraceRecorder({
      clock: () => DateTime.fromISO("2025-10-25T18:18:54Z"),
      zone: "Europe/Berlin",
    });
    const listen = calcomRequestListener(recorder);
    listen({
      method: "get",
      path: "/v2/slots",
      query: { eventTypeId: "7" },
      status: 200,
      durationMs: 812.4,
      response: {},
    });
    listen({
      method: "POST",
      path: "/v2/bookings",
      body: { start: "2025-10-27T07:30:00Z" },
      status: 400,
      durationMs: 1900,
      response: { status: "error", error: { code: "BadRequestException", message: "One of the hosts ..." } },
    });
    listen({
      method: "POST",
      path: "/v2/bookings",
      durationMs: 10000,
      error: "Cal.com did not answer within 10000 ms",
    });
    expect(recorder.events().map(({ at: _at, seq: _seq, ...rest }) => rest)).toEqual([
      {
        type: "calendar_request",
        method: "GET",
        path: "/v2/slots",
        request: { query: { eventTypeId: "7" } },
        status: 200,
        response: {},
        durationMs: 812,
      },
      {
        type: "calendar_request",
        method: "POST",
        path: "/v2/bookings",
        request: { body: { start: "2025-10-27T07:30:00Z" } },
        status: 400,
        response: {
          status: "error",
          error: { code: "BadRequestException", message: "One of the hosts ..." },
        },
        error: { kind: "BadRequestException", message: "One of the hosts ..." },
        durationMs: 1900,
      },
      {
        type: "calendar_request",
        method: "POST",
        path: "/v2/bookings",
        request: {},
        error: { kind: "no_response", message: "Cal.com did not answer within 10000 ms" },
        durationMs: 10000,
      },
    ]);
  });
});
