import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { createTraceRecorder } from "./recorder.ts";

function tickingClock(iso: string) {
  let now = DateTime.fromISO(iso);
  return () => {
    const current = now;
    now = now.plus({ seconds: 1 });
    return current;
  };
}

describe("createTraceRecorder", () => {
  it("stamps events with the business offset and a sequence number", () => {
    const recorder = createTraceRecorder({
      clock: tickingClock("2025-10-25T18:17:50Z"),
      zone: "Europe/Berlin",
    });
    recorder.record({ type: "note", text: "a" });
    const second = recorder.record({ type: "caller_said", text: "Hallo", turn: 1 });
    expect(second).toEqual({
      type: "caller_said",
      text: "Hallo",
      turn: 1,
      at: "2025-10-25T20:17:51.000+02:00",
      seq: 2,
    });
    expect(recorder.events().map((e) => [e.seq, e.at])).toEqual([
      [1, "2025-10-25T20:17:50.000+02:00"],
      [2, "2025-10-25T20:17:51.000+02:00"],
    ]);
  });

  it("uses the offset valid at each instant across the end of summer time", () => {
    const recorder = createTraceRecorder({
      clock: tickingClock("2025-10-26T00:59:59Z"),
      zone: "Europe/Berlin",
    });
    recorder.record({ type: "note", text: "before" });
    recorder.record({ type: "note", text: "after" });
    expect(recorder.events().map((e) => e.at)).toEqual([
      "2025-10-26T02:59:59.000+02:00",
      "2025-10-26T02:00:00.000+01:00",
    ]);
  });

  it("refuses an unknown zone", () => {
    expect(() => createTraceRecorder({ clock: () => DateTime.now(), zone: "Europe/Atlantis" })).toThrow(
      ConfigError,
    );
  });

  it("summarizes turns, tool calls, calendar requests and the booking made", () => {
    const recorder = createTraceRecorder({
      clock: tickingClock("2025-10-25T18:17:50Z"),
      zone: "Europe/Berlin",
    });
    const calendar = {
      type: "calendar_request",
      method: "book",
      path: "book",
      request: {},
      durationMs: 5,
    } as const;
    recorder.record({ type: "caller_said", text: "Termin?", turn: 1 });
    recorder.record({ ...calendar, status: "error", error: { kind: "slot_taken", message: "taken" } });
    recorder.record({ ...calendar, status: 400 });
    recorder.record({ ...calendar, status: "ok" });
    recorder.record({ type: "caller_said", text: "Ja", turn: 2 });
    const tool = {
      type: "tool_call",
      turn: 2,
      id: "t1",
      name: "book_appointment",
      arguments: {},
      durationMs: 9,
    } as const;
    recorder.record({ ...tool, result: { status: "slot_taken", say: "..." } });
    expect(recorder.summary()).toMatchObject({
      turns: 2,
      toolCalls: 1,
      calendarRequests: 3,
      calendarErrors: 2,
    });
    expect(recorder.summary().bookingMade).toBe(false);

    recorder.record({
      ...tool,
      result: { status: "booked", booking: { start: "2025-10-26T10:30:00.000+01:00" } },
    });
    recorder.record({
      ...tool,
      result: { status: "cancelled", booking: { start: "2025-10-31T10:00:00.000+01:00" } },
    });
    expect(recorder.summary()).toEqual({
      turns: 2,
      toolCalls: 3,
      calendarRequests: 3,
      calendarErrors: 2,
      bookingMade: true,
      bookedStart: "2025-10-26T10:30:00.000+01:00",
      rescheduledFrom: null,
      cancelled: ["2025-10-31T10:00:00.000+01:00"],
    });
  });

  it("reports a reschedule with the start it moved from", () => {
    const recorder = createTraceRecorder({
      clock: tickingClock("2025-10-25T18:17:50Z"),
      zone: "Europe/Berlin",
    });
    recorder.record({
      type: "tool_call",
      turn: 1,
      id: "t1",
      name: "reschedule_appointment",
      arguments: {},
      durationMs: 1,
      result: {
        status: "rescheduled",
        previous: { start: "2025-10-31T10:00+01:00" },
        booking: { start: "2025-11-03T11:00+01:00" },
      },
    });
    expect(recorder.summary()).toMatchObject({
      bookingMade: true,
      bookedStart: "2025-11-03T11:00+01:00",
      rescheduledFrom: "2025-10-31T10:00+01:00",
      cancelled: [],
    });
  });
});
