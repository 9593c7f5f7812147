/**
 * Puts every calendar request of a call into its trace: `traceBackend` wraps any `CalendarBackend`
 * (simulator or Cal.com client) by method; `calcomRequestListener` turns the HTTP client's `onRequest`
 * reports into the same events, so a Cal.com trace shows real paths and statuses.
 */
import type { CalendarBackend } from "../calendar/backend.ts";
import type { CalendarRequestEvent } from "./events.ts";
import type { TraceRecorder } from "./recorder.ts";

/** The kind and message of any thrown value; `CalendarError` carries a `kind`, others are named by class. */
export function describeError(error: unknown): { kind: string; message: string } {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return { kind: typeof kind === "string" ? kind : error.name, message: error.message };
  }
  if (typeof error === "object" && error !== null) {
    const { kind, message } = error as { kind?: unknown; message?: unknown };
    if (typeof message === "string") return { kind: typeof kind === "string" ? kind : "error", message };
  }
  return { kind: "error", message: String(error) };
}

/**
 * Wraps a backend so each method call records a `calendar_request` (method name as path, arguments as
 * request, result or error, duration). Errors are rethrown unchanged: tracing never alters a call.
 * `clockForDuration` defaults to `performance.now()`; tests pass a fake to get stable durations.
 */
export function traceBackend(
  backend: CalendarBackend,
  recorder: TraceRecorder,
  clockForDuration: () => number = () => performance.now(),
): CalendarBackend {
  const call = async <R>(
    method: string,
    request: unknown,
    run: () => Promise<R>,
    shown: (response: R) => unknown = (response) => response,
  ): Promise<R> => {
    const started = clockForDuration();
    const base = { type: "calendar_request", method, path: method, request } as const;
    try {
      const response = await run();
      const durationMs = Math.round(clockForDuration() - started);
      // A void method (releaseHold) has no response; exactOptionalPropertyTypes forbids `response: undefined`.
      const event: CalendarRequestEvent =
        response === undefined
          ? { ...base, status: "ok", durationMs }
          : { ...base, status: "ok", response: shown(response), durationMs };
      recorder.record(event);
      return response;
    } catch (error) {
      const durationMs = Math.round(clockForDuration() - started);
      recorder.record({ ...base, status: "error", error: describeError(error), durationMs });
      throw error;
    }
  };
  // Optional arguments are left out of the request when absent, so a trace shows what was really passed.
  const withReason = (uid: string, reason: string | undefined) =>
    reason === undefined ? { uid } : { uid, reason };
  return {
    getSlots: (query) => call("getSlots", query, () => backend.getSlots(query)),
    // The owner is the call id: it says whose lost attempt an unverified hold may be, and is no personal data.
    hold: (eventTypeId, slotStart, owner) =>
      call("hold", owner === undefined ? { eventTypeId, slotStart } : { eventTypeId, slotStart, owner }, () =>
        backend.hold(eventTypeId, slotStart, owner),
      ),
    releaseHold: (uid) => call("releaseHold", { uid }, () => backend.releaseHold(uid)),
    book: (request) => call("book", request, () => backend.book(request)),
    // A look-up by the caller's number shows their own bookings; one without (is a day booked out?) lists other
    // customers: the trace keeps only the busy times, never their names or numbers.
    findBookings: (query) =>
      call(
        "findBookings",
        query,
        () => backend.findBookings(query),
        (found) =>
          query.phone === undefined
            ? { bookings: found.length, busy: found.map((b) => ({ start: b.start, end: b.end })) }
            : found,
      ),
    cancel: (uid, reason) => call("cancel", withReason(uid, reason), () => backend.cancel(uid, reason)),
    reschedule: (uid, start, reason) =>
      call("reschedule", { ...withReason(uid, reason), start }, () => backend.reschedule(uid, start, reason)),
  };
}

/**
 * What the Cal.com HTTP client reports through its `onRequest` hook, once per attempt
 * (the client's `CalcomRequestEvent`, repeated here so tracing does not depend on the client module).
 */
export interface CalcomRequestInfo {
  method: string;
  /** Path without the query, e.g. `/v2/slots`. */
  path: string;
  query?: unknown;
  body?: unknown;
  /** HTTP status, absent when no response arrived (timeout, network error). */
  status?: number | undefined;
  durationMs: number;
  /** The parsed response body. */
  response?: unknown;
  /** Why no response arrived (the client passes a message). */
  error?: unknown;
}

// Cal.com's error envelope: {"status":"error","error":{"code":"BadRequestException","message":...}}.
function envelopeError(response: unknown): { kind: string; message: string } | undefined {
  const error =
    typeof response === "object" && response !== null ? (response as { error?: unknown }).error : undefined;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== "string") return undefined;
  return { kind: typeof code === "string" ? code : "error", message };
}

/**
 * Returns an `onRequest` hook for the Cal.com client that records each request as a `calendar_request`:
 * a failure without a response becomes `no_response`, an HTTP error takes Cal.com's error code as kind.
 */
export function calcomRequestListener(recorder: TraceRecorder): (info: CalcomRequestInfo) => void {
  return (info) => {
    const request: Record<string, unknown> = {};
    if (info.query !== undefined) request["query"] = info.query;
    if (info.body !== undefined) request["body"] = info.body;
    const event: CalendarRequestEvent = {
      type: "calendar_request",
      method: info.method.toUpperCase(),
      path: info.path,
      request,
      durationMs: Math.round(info.durationMs),
    };
    if (info.status !== undefined) event.status = info.status;
    if (info.response !== undefined) event.response = info.response;
    if (typeof info.error === "string") {
      event.error = { kind: info.status === undefined ? "no_response" : "error", message: info.error };
    } else if (info.error !== undefined && info.error !== null) {
      event.error = describeError(info.error);
    } else if (info.status !== undefined && info.status >= 400) {
      event.error = envelopeError(info.response) ?? {
        kind: `http_${info.status}`,
        message: `HTTP ${info.status}`,
      };
    }
    recorder.record(event);
  };
}
