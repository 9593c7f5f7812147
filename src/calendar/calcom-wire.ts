/**
 * Cal.com v2 on the wire: versions, Zod schemas of the responses the client reads, and the mapping from an
 * error envelope to a `CalendarError`. Schemas are loose objects: Cal.com adds fields over time, and a new
 * field must never break a call.
 */
import { z } from "zod";
import { CalendarError, type CalendarErrorKind } from "../errors.ts";
import type { Attendee, Booking, BookingStatus, Hold, SlotsByDate } from "./backend.ts";

/** `cal-api-version` per endpoint family; sending the bookings version to /v2/slots reaches the old controller. */
export const CAL_API_VERSION = { slots: "2024-09-04", bookings: "2024-08-13" } as const;

/** A `{"status":"success","data":...}` envelope around `data`. */
function success<T extends z.ZodType>(data: T) {
  return z.looseObject({ status: z.literal("success"), data });
}

const slotSchema = z.looseObject({ start: z.string(), end: z.string() });

/** `GET /v2/slots?format=range`. */
export const slotsResponseSchema = success(z.record(z.string(), z.array(slotSchema)));

const reservationSchema = z.looseObject({
  eventTypeId: z.number(),
  slotStart: z.string(),
  slotEnd: z.string(),
  reservationUid: z.string(),
  reservationUntil: z.string(),
});

/** `POST /v2/slots/reservations` and `GET /v2/slots/reservations/{uid}`. */
export const reservationResponseSchema = success(reservationSchema);

const attendeeSchema = z.looseObject({
  name: z.string(),
  timeZone: z.string(),
  email: z.string().nullish(),
  phoneNumber: z.string().nullish(),
  language: z.string().nullish(),
});

/** One booking as Cal.com sends it; tolerant of a deleted event type and of statuses the kit does not name. */
export const bookingSchema = z.looseObject({
  id: z.number(),
  uid: z.string(),
  eventTypeId: z.number().nullish(),
  start: z.string(),
  end: z.string(),
  status: z.string(),
  attendees: z.array(attendeeSchema).default([]),
  // Cal.com keeps whatever was sent; only string values are ours, the rest is dropped when mapping.
  metadata: z.record(z.string(), z.unknown()).nullish(),
  rescheduledFromUid: z.string().nullish(),
});

/** One booking: `POST /v2/bookings`, `.../cancel`, `.../reschedule`, `GET /v2/bookings/{uid}`. */
export const bookingResponseSchema = success(bookingSchema);

/** `GET /v2/bookings`; `pagination` only in newer deployments. */
export const bookingListResponseSchema = success(z.array(z.unknown())).extend({
  pagination: z.looseObject({ hasNextPage: z.boolean() }).optional(),
});

/** `{"status":"error","timestamp","path","error":{code,message,details}}`. */
export const errorEnvelopeSchema = z.looseObject({
  status: z.literal("error"),
  timestamp: z.string().optional(),
  path: z.string().optional(),
  error: z.looseObject({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

/** The reference call's body: the envelope without `status`/`error` around it (seen from proxies and v1). */
const bareErrorSchema = z.looseObject({ code: z.string(), message: z.string() });

/** Maps a Cal.com booking to the backend's `Booking`. */
export function toBooking(wire: z.infer<typeof bookingSchema>): Booking {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(wire.metadata ?? {})) {
    if (typeof value === "string") metadata[key] = value;
  }
  const booking: Booking = {
    id: wire.id,
    uid: wire.uid,
    eventTypeId: wire.eventTypeId ?? 0,
    start: wire.start,
    end: wire.end,
    status: bookingStatus(wire.status),
    attendees: wire.attendees.map(toAttendee),
    metadata,
  };
  if (wire.rescheduledFromUid) booking.rescheduledFromUid = wire.rescheduledFromUid;
  return booking;
}

/** Cal.com's status, in the kit's four; anything else (e.g. `awaiting_host`) still holds its time: pending. */
function bookingStatus(status: string): BookingStatus {
  const known: BookingStatus[] = ["accepted", "pending", "cancelled", "rejected"];
  const lower = status.toLowerCase();
  return known.find((k) => k === lower) ?? "pending";
}

function toAttendee(wire: z.infer<typeof attendeeSchema>): Attendee {
  const attendee: Attendee = { name: wire.name, timeZone: wire.timeZone };
  if (wire.email) attendee.email = wire.email;
  if (wire.phoneNumber) attendee.phoneNumber = wire.phoneNumber;
  if (wire.language) attendee.language = wire.language;
  return attendee;
}

/** Maps a reservation to the backend's `Hold`. */
export function toHold(wire: z.infer<typeof reservationSchema>): Hold {
  return {
    uid: wire.reservationUid,
    eventTypeId: wire.eventTypeId,
    slotStart: wire.slotStart,
    slotEnd: wire.slotEnd,
    until: wire.reservationUntil,
  };
}

/** Maps slots; a date with no slots is dropped so "no slots" is always `{}`. */
export function toSlots(data: z.infer<typeof slotsResponseSchema>["data"]): SlotsByDate {
  const slots: SlotsByDate = {};
  for (const [date, list] of Object.entries(data)) {
    if (list.length > 0) slots[date] = list.map((s) => ({ start: s.start, end: s.end }));
  }
  return slots;
}

/**
 * The kit's kind for a Cal.com refusal. Messages win over statuses because Cal.com answers the same
 * status (400) for a taken slot, a window violation and a malformed body.
 */
export function errorKind(status: number, message: string): CalendarErrorKind {
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  if (/already has booking/i.test(message)) return "slot_taken";
  if (/already reserved by another user|someone else reserved/i.test(message)) return "held_by_other";
  if (/can't reserve a slot if the event is already booked/i.test(message)) return "slot_taken";
  if (/can't be booked at the "start" time/i.test(message)) return "outside_window";
  if (/in the past/i.test(message)) return "in_past";
  if (/invalid start/i.test(message)) return "no_slot";
  if (status === 404) return "not_found";
  return "bad_request";
}

/** Seconds from `Retry-After` (or, failing that, `X-RateLimit-Reset-Default`) as milliseconds. */
export function retryAfterMs(headers: Headers): number | undefined {
  for (const name of ["retry-after", "x-ratelimit-reset-default"]) {
    const value = headers.get(name);
    if (value === null) continue;
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}

/** A `CalendarError` from a non-2xx response: Cal.com's message and code when the body has them. */
export function errorFromResponse(status: number, body: unknown, headers: Headers): CalendarError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  const bare = envelope.success ? undefined : bareErrorSchema.safeParse(body);
  const error = envelope.success ? envelope.data.error : bare?.success ? bare.data : undefined;
  const message = error?.message ?? `Cal.com answered HTTP ${status}`;
  const kind = errorKind(status, message);
  const details: { status: number; code?: string; retryAfterMs?: number } = { status };
  if (error !== undefined) details.code = error.code;
  const wait = kind === "rate_limited" ? retryAfterMs(headers) : undefined;
  if (wait !== undefined) details.retryAfterMs = wait;
  return new CalendarError(kind, message, details);
}
