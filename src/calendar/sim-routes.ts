/**
 * The Cal.com v2 routes of `termin calsim`: HTTP requests in, the simulator's answers out, in Cal.com's
 * paths, versions, shapes and error envelopes (reference/calcom-v2.md). Transport concerns (sockets,
 * throttling, faults) live in sim-server.ts.
 *
 * `cal-api-version` is checked the way Cal.com routes versions, since a client that sends the wrong one is
 * exactly the bug the simulator must expose:
 * - `/v2/slots` and `/v2/slots/reservations` need `2024-09-04`. Any other value (or none) reaches Cal.com's
 *   old slots controller, which has no handler at these paths: 404 `NotFoundException` "Cannot GET /v2/slots".
 *   The old controller's own `GET /v2/slots/available` answers in its old shape
 *   (`{"data":{"slots":{"2025-10-27":[{"time":"...Z"}]}}}`), as the seed call's tooling expected.
 * - `/v2/bookings` needs `2024-08-13` (or `2026-02-25`). Other values reach the 2024-04-15 bookings controller,
 *   whose body differs; the simulator answers 400 `BadRequestException` naming the version instead of
 *   imitating that controller's validation messages.
 */
import { DateTime } from "luxon";
import { z } from "zod";
import { CalendarError } from "../errors.ts";
import type { Attendee, Booking, BookingRequest, BookingStatus } from "./backend.ts";
import type { Service } from "./profile.ts";
import type { CalendarSimulator } from "./simulator.ts";

/** A parsed HTTP request. */
export interface SimRequest {
  method: string;
  /** Path and query as sent (Cal.com's envelopes echo it). */
  url: string;
  pathname: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, undefined when there was none. */
  body: unknown;
}

/** What to send back. */
export interface SimResponse {
  status: number;
  body: unknown;
}

const SLOTS_VERSION = "2024-09-04";
const BOOKING_VERSIONS = new Set(["2024-08-13", "2026-02-25"]);
const ALL_STATUSES: BookingStatus[] = ["accepted", "pending", "cancelled", "rejected"];
const LIST_TABS = new Set(["upcoming", "recurring", "past", "cancelled", "unconfirmed"]);
/** Cal.com's `take` limit on `GET /v2/bookings`. */
const MAX_TAKE = 250;

/** NestJS exception code per status, as Cal.com's envelopes carry them. */
const CODES: Record<number, string> = {
  400: "BadRequestException",
  401: "UnauthorizedException",
  404: "NotFoundException",
  409: "ConflictException",
  422: "UnprocessableEntityException",
  429: "ThrottlerException",
  500: "InternalServerErrorException",
};

/** The short reason phrase Nest puts into `details.error`. */
const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  409: "Conflict",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** Cal.com's error envelope. */
export function errorEnvelope(
  status: number,
  message: string,
  path: string,
  timestamp: string,
  code = CODES[status] ?? "HttpException",
): unknown {
  return {
    status: "error",
    timestamp,
    path,
    error: { code, message, details: { message, error: REASONS[status] ?? "Error", statusCode: status } },
  };
}

const attendeeBody = z.object({
  name: z.string(),
  timeZone: z.string(),
  email: z.string().optional(),
  phoneNumber: z.string().optional(),
  language: z.string().optional(),
});

const bookingBody = z.object({
  start: z.string(),
  eventTypeId: z.number().int(),
  attendee: attendeeBody,
  // Any values: the simulator checks Cal.com's metadata limits and answers in its words.
  metadata: z.record(z.string(), z.unknown()).optional(),
  reservedSlotUid: z.string().optional(),
  lengthInMinutes: z.number().optional(),
});

const reservationBody = z.object({
  eventTypeId: z.number().int(),
  slotStart: z.string(),
  slotDuration: z.number().int().positive().optional(),
  reservationDuration: z.number().int().positive().optional(),
});

const cancelBody = z.object({ cancellationReason: z.string().optional() }).optional();
const rescheduleBody = z.object({ start: z.string(), reschedulingReason: z.string().optional() });

function badRequest(message: string): CalendarError {
  return new CalendarError("bad_request", message, { status: 400, code: "BadRequestException" });
}

function notFound(method: string, pathname: string): CalendarError {
  return new CalendarError("not_found", `Cannot ${method} ${pathname}`, {
    status: 404,
    code: "NotFoundException",
  });
}

/** Validates a body with Zod; the first issue becomes a 400 in Cal.com's class-validator style. */
function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? "body" : issue.path.join(".");
  throw badRequest(`${field}: ${issue?.message ?? "invalid"}`);
}

function header(req: SimRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Options of the routes. */
export interface SimRoutesOptions {
  /** When set, listing bookings needs `Authorization: Bearer <apiKey>`, and a wrong key is refused anywhere. */
  apiKey?: string;
}

/** Builds the request handler for one simulator. */
export function createSimRoutes(sim: CalendarSimulator, options: SimRoutesOptions = {}) {
  // Cal.com keeps these on the booking; the simulator's Booking has no place for them.
  const reasons = new Map<string, { cancellationReason?: string; reschedulingReason?: string }>();
  const reservationMinutes = new Map<string, number>();
  const profile = sim.profile;

  const timestamp = () => sim.now().toUTC().toISO() ?? new Date().toISOString();

  function service(eventTypeId: number): Service | undefined {
    return profile.services.find((s) => s.eventTypeId === eventTypeId);
  }

  function bookingJson(booking: Booking): unknown {
    const svc = service(booking.eventTypeId);
    const minutes = Math.round(
      (DateTime.fromISO(booking.start).toMillis() - DateTime.fromISO(booking.end).toMillis()) / -60_000,
    );
    const first = booking.attendees[0];
    return {
      id: booking.id,
      uid: booking.uid,
      title: `${svc?.name ?? "Termin"} between ${profile.name} and ${first?.name ?? "Gast"}`,
      description: "",
      hosts: [{ id: 1, name: profile.name, timeZone: profile.timezone }],
      status: booking.status,
      ...reasons.get(booking.uid),
      ...(booking.rescheduledFromUid === undefined ? {} : { rescheduledFromUid: booking.rescheduledFromUid }),
      start: booking.start,
      end: booking.end,
      duration: minutes,
      eventTypeId: booking.eventTypeId,
      eventType: { id: booking.eventTypeId, slug: svc?.id ?? String(booking.eventTypeId) },
      location: "",
      absentHost: false,
      attendees: booking.attendees.map((a) => ({ ...a, absent: false })),
      guests: [],
      metadata: booking.metadata,
    };
  }

  function reservationJson(hold: {
    uid: string;
    eventTypeId: number;
    slotStart: string;
    slotEnd: string;
    until: string;
  }) {
    const slotMinutes =
      (DateTime.fromISO(hold.slotEnd).toMillis() - DateTime.fromISO(hold.slotStart).toMillis()) / 60_000;
    return {
      eventTypeId: hold.eventTypeId,
      slotStart: hold.slotStart,
      slotEnd: hold.slotEnd,
      slotDuration: slotMinutes,
      reservationDuration: reservationMinutes.get(hold.uid) ?? 5,
      reservationUid: hold.uid,
      reservationUntil: hold.until,
    };
  }

  async function getSlots(req: SimRequest): Promise<SimResponse> {
    const eventTypeId = Number(req.query.get("eventTypeId"));
    if (!Number.isInteger(eventTypeId) || eventTypeId <= 0)
      throw badRequest("eventTypeId must be an integer");
    const start = req.query.get("start");
    const end = req.query.get("end");
    if (start === null || end === null) {
      throw badRequest("Invalid time range given - check the 'start' and 'end' query parameters.");
    }
    const timeZone = req.query.get("timeZone");
    const uid = req.query.get("bookingUidToReschedule");
    const slots = await sim.getSlots({
      eventTypeId,
      start,
      end,
      // Without a zone Cal.com answers in UTC: `...Z` starts and UTC date keys.
      timeZone: timeZone ?? "UTC",
      ...(uid === null ? {} : { bookingUidToReschedule: uid }),
    });
    const range = req.query.get("format") === "range";
    const data: Record<string, Array<{ start: string; end?: string }>> = {};
    for (const [date, list] of Object.entries(slots)) {
      data[date] = list.map((slot) => {
        const s = timeZone === null ? utc(slot.start) : slot.start;
        const e = timeZone === null ? utc(slot.end) : slot.end;
        return range ? { start: s, end: e } : { start: s };
      });
    }
    return { status: 200, body: { status: "success", data } };
  }

  /** The old (2024-04-15) `GET /v2/slots/available` shape. */
  async function getSlotsOld(req: SimRequest): Promise<SimResponse> {
    const eventTypeId = Number(req.query.get("eventTypeId"));
    const start = req.query.get("startTime");
    const end = req.query.get("endTime");
    if (!Number.isInteger(eventTypeId) || start === null || end === null) {
      throw badRequest("eventTypeId, startTime and endTime are required");
    }
    const timeZone = req.query.get("timeZone") ?? "UTC";
    const slots = await sim.getSlots({ eventTypeId, start, end, timeZone });
    const old: Record<string, Array<{ time: string }>> = {};
    for (const [date, list] of Object.entries(slots)) old[date] = list.map((s) => ({ time: utc(s.start) }));
    return { status: 200, body: { status: "success", data: { slots: old } } };
  }

  async function reserve(req: SimRequest): Promise<SimResponse> {
    const body = parseBody(reservationBody, req.body);
    // The simulator's hold length is its own `holdMinutes`; a requested `reservationDuration` is not honoured.
    const hold = await sim.hold(body.eventTypeId, body.slotStart);
    const minutes = Math.round((DateTime.fromISO(hold.until).toMillis() - sim.now().toMillis()) / 60_000);
    reservationMinutes.set(hold.uid, minutes);
    return { status: 201, body: { status: "success", data: reservationJson(hold) } };
  }

  function getReservation(uid: string): SimResponse {
    const hold = sim.listHolds().find((h) => h.uid === uid);
    if (hold === undefined) {
      throw new CalendarError("not_found", `Slot reservation with uid=${uid} not found`, {
        status: 404,
        code: "NotFoundException",
      });
    }
    return { status: 200, body: { status: "success", data: reservationJson(hold) } };
  }

  async function book(req: SimRequest): Promise<SimResponse> {
    const body = parseBody(bookingBody, req.body);
    const request: BookingRequest = {
      eventTypeId: body.eventTypeId,
      start: body.start,
      attendee: attendeeFrom(body.attendee),
      metadata: (body.metadata ?? {}) as Record<string, string>,
    };
    if (body.reservedSlotUid !== undefined) request.holdUid = body.reservedSlotUid;
    const booking = await sim.book(request);
    return { status: 201, body: { status: "success", data: bookingJson(booking) } };
  }

  async function listBookings(req: SimRequest): Promise<SimResponse> {
    const q = req.query;
    const take = q.get("take") === null ? 100 : Number(q.get("take"));
    const skip = q.get("skip") === null ? 0 : Number(q.get("skip"));
    if (!Number.isInteger(take) || take < 1 || take > MAX_TAKE)
      throw badRequest(`take must be 1..${MAX_TAKE}`);
    if (!Number.isInteger(skip) || skip < 0) throw badRequest("skip must be a non-negative integer");
    const eventTypeId = q.get("eventTypeId");
    const afterStart = q.get("afterStart");
    const beforeEnd = q.get("beforeEnd");
    const name = q.get("attendeeName");
    const all = await sim.findBookings({
      status: ALL_STATUSES,
      ...(eventTypeId === null ? {} : { eventTypeId: Number(eventTypeId) }),
      ...(afterStart === null ? {} : { from: afterStart }),
      ...(beforeEnd === null ? {} : { to: beforeEnd }),
      ...(name === null ? {} : { name }),
    });
    const email = q.get("attendeeEmail")?.toLowerCase();
    const tabs = q.get("status")?.split(",").filter(Boolean) ?? [];
    const unknownTab = tabs.find((tab) => !LIST_TABS.has(tab));
    if (unknownTab !== undefined) throw badRequest(`status must be one of ${[...LIST_TABS].join(", ")}`);
    const nowMs = sim.now().toMillis();
    const matching = all.filter(
      (b) =>
        (email === undefined || b.attendees.some((a) => a.email?.toLowerCase() === email)) &&
        (tabs.length === 0 || tabs.some((tab) => inTab(tab, b, nowMs))),
    );
    const page = matching.slice(skip, skip + take);
    const pagination = {
      totalItems: matching.length,
      remainingItems: Math.max(0, matching.length - skip - page.length),
      returnedItems: page.length,
      itemsPerPage: take,
      currentPage: Math.floor(skip / take) + 1,
      totalPages: Math.max(1, Math.ceil(matching.length / take)),
      hasNextPage: skip + page.length < matching.length,
      hasPreviousPage: skip > 0,
    };
    return { status: 200, body: { status: "success", data: page.map(bookingJson), pagination } };
  }

  async function getBooking(uid: string): Promise<SimResponse> {
    const booking = sim.listBookings().find((b) => b.uid === uid);
    if (booking === undefined) {
      throw new CalendarError("not_found", `Booking with uid=${uid} was not found in the database`, {
        status: 404,
        code: "NotFoundException",
      });
    }
    return { status: 200, body: { status: "success", data: bookingJson(booking) } };
  }

  async function cancel(uid: string, req: SimRequest): Promise<SimResponse> {
    const body = parseBody(cancelBody, req.body);
    const booking = await sim.cancel(uid, body?.cancellationReason);
    if (body?.cancellationReason !== undefined)
      reasons.set(uid, { cancellationReason: body.cancellationReason });
    return { status: 200, body: { status: "success", data: bookingJson(booking) } };
  }

  async function reschedule(uid: string, req: SimRequest): Promise<SimResponse> {
    const body = parseBody(rescheduleBody, req.body);
    const booking = await sim.reschedule(uid, body.start, body.reschedulingReason);
    if (body.reschedulingReason !== undefined) {
      reasons.set(booking.uid, { reschedulingReason: body.reschedulingReason });
    }
    return { status: 201, body: { status: "success", data: bookingJson(booking) } };
  }

  /** Refuses a wrong key anywhere and a missing key where Cal.com needs one. */
  function authorize(req: SimRequest, required: boolean): void {
    if (options.apiKey === undefined) return;
    const auth = header(req, "authorization");
    const given = auth?.replace(/^Bearer\s+/i, "");
    if (given === undefined && !required) return;
    if (given !== options.apiKey) {
      throw new CalendarError(
        "bad_request",
        given === undefined ? "No API key provided" : "Invalid API Key",
        {
          status: 401,
          code: "UnauthorizedException",
        },
      );
    }
  }

  async function route(req: SimRequest): Promise<SimResponse> {
    const { method, pathname } = req;
    const version = header(req, "cal-api-version");
    const segments = pathname.replace(/\/+$/, "").split("/").slice(1);
    const [v2, family, second, third] = segments;
    if (v2 !== "v2") throw notFound(method, pathname);

    if (family === "slots") {
      authorize(req, false);
      if (second === "available" && segments.length === 3 && method === "GET" && version !== SLOTS_VERSION) {
        return getSlotsOld(req);
      }
      if (version !== SLOTS_VERSION) throw notFound(method, pathname);
      if (segments.length === 2 && method === "GET") return getSlots(req);
      if (second === "reservations" && segments.length === 3 && method === "POST") return reserve(req);
      if (second === "reservations" && third !== undefined && segments.length === 4) {
        const uid = decodeURIComponent(third);
        if (method === "GET") return getReservation(uid);
        if (method === "DELETE") {
          await sim.releaseHold(uid);
          return { status: 200, body: { status: "success" } };
        }
      }
      throw notFound(method, pathname);
    }

    if (family === "bookings") {
      const listing = method === "GET";
      authorize(req, listing);
      if (version === undefined || !BOOKING_VERSIONS.has(version)) {
        throw badRequest(
          `cal-api-version "${version ?? ""}" reaches Cal.com's 2024-04-15 bookings controller; ` +
            "this simulator speaks 2024-08-13",
        );
      }
      if (segments.length === 2 && method === "POST") return book(req);
      if (segments.length === 2 && method === "GET") return listBookings(req);
      if (second !== undefined) {
        const uid = decodeURIComponent(second);
        if (segments.length === 3 && method === "GET") return getBooking(uid);
        if (segments.length === 4 && method === "POST" && third === "cancel") return cancel(uid, req);
        if (segments.length === 4 && method === "POST" && third === "reschedule") return reschedule(uid, req);
      }
    }
    throw notFound(method, pathname);
  }

  return {
    timestamp,
    /** Answers one request; every refusal becomes Cal.com's error envelope. */
    async handle(req: SimRequest): Promise<SimResponse> {
      try {
        return await route(req);
      } catch (error) {
        if (error instanceof CalendarError && error.status !== undefined && error.status < 500) {
          return {
            status: error.status,
            body: errorEnvelope(error.status, error.message, req.url, timestamp(), error.code),
          };
        }
        const message = error instanceof Error ? error.message : String(error);
        return { status: 500, body: errorEnvelope(500, message, req.url, timestamp()) };
      }
    },
  };
}

/** The routes of one simulator. */
export type SimRoutes = ReturnType<typeof createSimRoutes>;

function attendeeFrom(body: z.infer<typeof attendeeBody>): Attendee {
  const attendee: Attendee = { name: body.name, timeZone: body.timeZone };
  if (body.email !== undefined) attendee.email = body.email;
  if (body.phoneNumber !== undefined) attendee.phoneNumber = body.phoneNumber;
  if (body.language !== undefined) attendee.language = body.language;
  return attendee;
}

/** Cal.com's list tabs: upcoming and past exclude cancelled/rejected; unconfirmed is pending and not over. */
function inTab(tab: string, booking: Booking, nowMs: number): boolean {
  const endMs = DateTime.fromISO(booking.end).toMillis();
  const live = booking.status === "accepted" || booking.status === "pending";
  switch (tab) {
    case "upcoming":
      return live && endMs >= nowMs;
    case "past":
      return live && endMs <= nowMs;
    case "unconfirmed":
      return booking.status === "pending" && endMs >= nowMs;
    case "cancelled":
      return !live;
    default:
      // "recurring": the simulator makes no recurring bookings.
      return false;
  }
}

function utc(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toISO() ?? iso;
}
