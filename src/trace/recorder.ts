/**
 * Collects a call's events in memory. Recording sits on the per-turn path, so it only stamps and pushes;
 * redaction, rendering and I/O happen once, after the call (see markdown.ts and write.ts).
 */
import type { DateTime } from "luxon";
import { ConfigError } from "../errors.ts";
import { isValidZoneName } from "../time/zone-clock.ts";
import { resultStatus, resultString, type TraceEvent, type TraceEventInput } from "./events.ts";

/** Counts and outcome of a call, as a report's header and the CLI need them. */
export interface TraceSummary {
  /** Caller utterances. */
  turns: number;
  toolCalls: number;
  calendarRequests: number;
  /** Calendar requests that failed (error, or HTTP status >= 400). */
  calendarErrors: number;
  /** Whether the call made (or moved to) a booking. */
  bookingMade: boolean;
  /** Start instant of the last booking the call made, or null. */
  bookedStart: string | null;
  /** For a reschedule: the start it moved from. */
  rescheduledFrom: string | null;
  /** Start instants of bookings the call cancelled (a reschedule is not counted here). */
  cancelled: string[];
}

/** Records the events of one call. */
export interface TraceRecorder {
  /** Stamps the event with the call clock's time and a sequence number, stores it and returns it. */
  record(event: TraceEventInput): TraceEvent;
  /** All events so far, in order. */
  events(): readonly TraceEvent[];
  /** Counts and outcome so far. */
  summary(): TraceSummary;
}

/** Options of `createTraceRecorder`. */
export interface TraceRecorderOptions {
  /** The call clock (frozen or manual in replays), so `at` matches the call's own time. */
  clock: () => DateTime;
  /** Business IANA zone; `at` carries its offset so a trace reads in local time. */
  zone: string;
}

/** Creates an in-memory recorder; throws `ConfigError` for an unknown zone. */
export function createTraceRecorder(options: TraceRecorderOptions): TraceRecorder {
  if (!isValidZoneName(options.zone)) {
    throw new ConfigError(`trace: unknown time zone "${options.zone}"`);
  }
  const recorded: TraceEvent[] = [];
  return {
    record(event) {
      const now = options.clock().setZone(options.zone);
      const at = now.toISO();
      if (at === null) throw new ConfigError(`trace: the call clock returned an invalid time`);
      const stamped: TraceEvent = { ...event, at, seq: recorded.length + 1 };
      recorded.push(stamped);
      return stamped;
    },
    events: () => recorded,
    summary: () => summarizeEvents(recorded),
  };
}

/** Counts and outcome of any event list, e.g. one read back from a `.json` trace. */
export function summarizeEvents(events: readonly TraceEvent[]): TraceSummary {
  const summary: TraceSummary = {
    turns: 0,
    toolCalls: 0,
    calendarRequests: 0,
    calendarErrors: 0,
    bookingMade: false,
    bookedStart: null,
    rescheduledFrom: null,
    cancelled: [],
  };
  for (const event of events) {
    if (event.type === "caller_said") summary.turns += 1;
    if (event.type === "calendar_request") {
      summary.calendarRequests += 1;
      const failed =
        event.error !== undefined ||
        event.status === "error" ||
        (typeof event.status === "number" && event.status >= 400);
      if (failed) summary.calendarErrors += 1;
    }
    if (event.type !== "tool_call") continue;
    summary.toolCalls += 1;
    // The outcome comes from what the tools told the model, the same facts the caller heard about.
    const status = resultStatus(event.result);
    const start = resultString(event.result, "booking", "start");
    if ((status === "booked" || status === "rescheduled") && start !== undefined) {
      summary.bookingMade = true;
      summary.bookedStart = start;
      summary.rescheduledFrom =
        status === "rescheduled" ? (resultString(event.result, "previous", "start") ?? null) : null;
    }
    if (status === "cancelled" && start !== undefined) summary.cancelled.push(start);
  }
  return summary;
}
