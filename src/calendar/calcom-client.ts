/**
 * The Cal.com v2 client: a `CalendarBackend` over HTTP, for api.cal.com, api.cal.eu or `termin calsim`.
 *
 * Why it looks the way it does:
 * - Each endpoint family has its own `cal-api-version`; the wrong one on /v2/slots silently reaches an old
 *   controller with another shape, so the version is chosen per call, never by a default header.
 * - Instants go out as UTC (`toUTC().toISO()`): a date-only value is read by Cal.com as a UTC day.
 * - Reads are retried freely. Writes are retried only when a retry cannot do harm: Cal.com has no
 *   idempotency key, so a booking whose answer was lost is first looked up by its `metadata.callId`.
 * - After a lost attempt, a refusal may be that attempt's own work, and Cal.com does not say whose it is: it is
 *   thrown as `RefusalAfterLostAttempt`; a hold refused as "already reserved" while a lost hold attempt of the same
 *   owner (call) may still reserve the slot is an `unverified` hold (lost-attempts.ts), never "someone else's".
 *   Another call's lost attempt explains nothing: to this call that reservation is someone else's.
 * - Every client of the process on one account (base URL + key) shares one request budget, so a busy salon waits
 *   a moment or hears "busy" instead of getting its key blocked for 60 s (request-budget.ts); slot answers are
 *   cached for seconds, never across this process's own writes (slot-cache.ts).
 */
import { DateTime } from "luxon";
import type { z } from "zod";
import { CalendarError } from "../errors.ts";
import type {
  Booking,
  BookingRequest,
  BookingStatus,
  CalendarBackend,
  FindBookingsQuery,
  Hold,
  SlotsByDate,
  SlotsQuery,
} from "./backend.ts";
import {
  bookingListResponseSchema,
  bookingResponseSchema,
  bookingSchema,
  CAL_API_VERSION,
  errorEnvelopeSchema,
  errorFromResponse,
  reservationResponseSchema,
  retryAfterMs,
  slotsResponseSchema,
  toBooking,
  toHold,
  toSlots,
} from "./calcom-wire.ts";
import { PossibleHolds, RESERVATION_MINUTES, RefusalAfterLostAttempt, type Span } from "./lost-attempts.ts";
import { type CountryCode, DEFAULT_REGION, phoneKey } from "./phone.ts";
import {
  type AccountBudget,
  accountId,
  type BudgetTicket,
  type RequestBudgetOptions,
  sharedAccount,
} from "./request-budget.ts";
import { backoffMs, realSleep } from "./retry.ts";
import { SlotCache } from "./slot-cache.ts";

/** One HTTP exchange, reported for call traces. Never carries the API key. */
export interface CalcomRequestEvent {
  method: string;
  /** Path without the query, e.g. `/v2/slots`. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Missing when no response arrived (timeout, dropped connection). */
  status?: number;
  durationMs: number;
  /** The parsed response body. */
  response?: unknown;
  /** Why no response arrived. */
  error?: string;
}

/** How to reach Cal.com and how patient to be. */
export interface CalcomClientOptions {
  /** `https://api.cal.com`, `https://api.cal.eu`, or a simulator's URL. */
  baseUrl: string;
  apiKey?: string;
  /** Per attempt, including reading the body. Default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /**
   * Longest `Retry-After` the client waits out. A longer one (Cal.com blocks a key for 60 s) is thrown
   * at once as `rate_limited`: a caller on the phone should hear an answer, not silence. Default 10000.
   */
  maxRetryAfterMs?: number;
  /**
   * The request budget of the account (base URL + API key), shared by every client of this process on it; the
   * first client that asks for one sets it up. `false`: this client sends without a budget. Default: 120 requests
   * per 60 s, a request waits at most 6 s for a token and is refused as `rate_limited` beyond that. A budget object
   * (e.g. `RedisBudget`) is used as it is: several processes share it.
   */
  budget?: RequestBudgetOptions | false | AccountBudget;
  /** How long a slot answer is served again (never across this process's own writes); 0: no cache. Default 20000. */
  slotCacheMs?: number;
  /** Cal.com's reservation length: how long a hold attempt whose answer was lost may block its slot. Default 5. */
  reservationMinutes?: number;
  /**
   * The business's country, for stored national numbers ("0664 1234567") in phone look-ups:
   * `regionForTimezone(profile.timezone)` (phone.ts). Default DE.
   */
  region?: CountryCode;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms for the budget, the slot cache and lost holds. Default `Date.now`. */
  now?: () => number;
  /** Source of backoff jitter. */
  random?: () => number;
  onRequest?: (event: CalcomRequestEvent) => void;
}

type Version = (typeof CAL_API_VERSION)[keyof typeof CAL_API_VERSION];

interface RequestSpec {
  method: "GET" | "POST" | "DELETE";
  path: string;
  version: Version;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

/**
 * What a call does when an attempt's outcome is unknown (no answer, or a 5xx after which the write may
 * have happened): send again, first look whether it took effect, or give up.
 */
interface Plan<T> {
  parse: (body: unknown) => T;
  unknown: "retry" | "recover" | "fail";
  /** For `recover`: the result of the lost attempt if it took effect, else undefined. */
  recover?: () => Promise<T | undefined>;
  /** A refusal on a retry after a lost attempt may be the lost attempt's own doing: settle it here. */
  settle?: (error: CalendarError) => Promise<T | undefined>;
  /** Called for every attempt whose outcome is unknown, before the next one. */
  onUnknown?: () => void;
  /** A refusal (on any attempt) that still has an answer for the caller; undefined throws it. */
  refused?: (error: CalendarError, answer: Answer) => T | undefined;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;
/** 50 pages of 100: more than any salon's history a phone call needs to search. */
const MAX_PAGES = 50;

/** Creates the Cal.com v2 client. */
export function createCalcomClient(options: CalcomClientOptions): CalendarBackend {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 3;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // A test's `sleep` that does not move the budget's clock would spin: the budget sleeps for real unless it is
  // given a clock too.
  const budgetClock = { now, sleep: options.now === undefined ? realSleep : sleep };
  const given = options.budget;
  const own = given !== undefined && given !== false && "take" in given ? given : undefined;
  const account = sharedAccount(
    accountId(baseUrl, options.apiKey),
    budgetClock,
    own !== undefined ? false : (given ?? {}),
  );
  const budget = own ?? (given === false ? undefined : account.budget);
  const slotCacheMs = options.slotCacheMs ?? 20_000;
  const slotCache = slotCacheMs > 0 ? new SlotCache(slotCacheMs, account, now) : undefined;
  const reservationMs = (options.reservationMinutes ?? RESERVATION_MINUTES) * 60_000;
  // A request may reach Cal.com as late as the client's timeout after it was sent.
  const possibleHolds = new PossibleHolds(reservationMs, timeoutMs);
  /** Slot length per event type, from slot answers and holds: the span a lost hold may block. */
  const slotLengths = new Map<number, number>();
  const region = options.region ?? DEFAULT_REGION;

  async function send(spec: RequestSpec, ticket: BudgetTicket | undefined): Promise<Answer> {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) query[key] = String(value);
    }
    const search = new URLSearchParams(query).toString();
    const url = `${baseUrl}${spec.path}${search === "" ? "" : `?${search}`}`;
    const headers: Record<string, string> = { "cal-api-version": spec.version, accept: "application/json" };
    if (options.apiKey !== undefined) headers["authorization"] = `Bearer ${options.apiKey}`;
    if (spec.body !== undefined) headers["content-type"] = "application/json";

    const event: CalcomRequestEvent = { method: spec.method, path: spec.path, durationMs: 0 };
    if (search !== "") event.query = query;
    if (spec.body !== undefined) event.body = spec.body;
    const controller = new AbortController();
    // The timer covers the body too: a server that sends headers and then trickles must not hang a call.
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    try {
      const init: RequestInit = { method: spec.method, headers, signal: controller.signal };
      if (spec.body !== undefined) init.body = JSON.stringify(spec.body);
      const response = await fetchImpl(url, init);
      if (budget !== undefined && ticket !== undefined) {
        budget.observe(response.headers, ticket.seq);
        if (response.status === 429)
          budget.blocked(retryAfterMs(response.headers) ?? budget.windowMs, ticket.seq);
      }
      // Recorded before the body: a trace should show that headers came and the body did not.
      event.status = response.status;
      const body = parseBody(await response.text());
      event.response = body;
      return { status: response.status, body, headers: response.headers };
    } catch (cause) {
      const error = controller.signal.aborted
        ? new CalendarError("unavailable", `Cal.com did not answer within ${timeoutMs} ms`, { cause })
        : new CalendarError("unavailable", `connection to Cal.com failed: ${describe(cause)}`, { cause });
      event.error = error.message;
      throw error;
    } finally {
      clearTimeout(timer);
      event.durationMs = Math.round(performance.now() - started);
      options.onRequest?.(event);
    }
  }

  async function call<T>(spec: RequestSpec, plan: Plan<T>): Promise<T> {
    let lost: CalendarError | undefined;
    for (let attempt = 0; ; attempt++) {
      // Refused at once when the budget has no token within a caller's patience: nothing was sent.
      const ticket = budget === undefined ? undefined : await budget.take();
      const answer = await send(spec, ticket).catch((error: unknown) => {
        if (error instanceof CalendarError) return error;
        throw error;
      });
      // Not retried when a 2xx body does not parse: the request did take effect.
      if (!(answer instanceof CalendarError) && answer.status >= 200 && answer.status < 300) {
        return parseWith(plan.parse, answer.body, spec);
      }
      const failure =
        answer instanceof CalendarError
          ? answer
          : errorFromResponse(answer.status, answer.body, answer.headers);
      // No answer, or a 5xx that may come after the write happened: the outcome is unknown. A 429 comes from
      // the throttler, before anything ran.
      const unknownOutcome = answer instanceof CalendarError || failure.kind === "unavailable";
      if (!failure.retryable) {
        const settled =
          lost !== undefined && plan.settle !== undefined ? await plan.settle(failure) : undefined;
        if (settled !== undefined) return settled;
        const answered = answer instanceof CalendarError ? undefined : plan.refused?.(failure, answer);
        if (answered !== undefined) return answered;
        throw lost === undefined ? failure : new RefusalAfterLostAttempt(failure, lost);
      }
      if (unknownOutcome) {
        lost ??= failure;
        plan.onUnknown?.();
        if (plan.unknown === "fail") {
          throw new CalendarError(
            "unavailable",
            `${failure.message}; ${spec.method} ${spec.path} may or may not have taken effect`,
            { ...statusOf(failure), cause: failure },
          );
        }
        if (plan.unknown === "recover" && plan.recover !== undefined) {
          const found = await recoverOrThrow(plan.recover, spec, failure);
          if (found !== undefined) return found;
        }
      }
      const wait = failure.retryAfterMs ?? backoffMs(attempt, random);
      if (attempt >= retries || wait > maxRetryAfterMs) throw failure;
      await sleep(wait);
    }
  }

  async function recoverOrThrow<T>(
    recover: () => Promise<T | undefined>,
    spec: RequestSpec,
    failure: CalendarError,
  ): Promise<T | undefined> {
    try {
      return await recover();
    } catch (cause) {
      throw new CalendarError(
        "unavailable",
        `${failure.message}; could not check whether ${spec.method} ${spec.path} took effect`,
        { cause },
      );
    }
  }

  const parseBooking = (body: unknown) => toBooking(bookingResponseSchema.parse(body).data);

  /** Runs a write; slot answers from before its start or end are stale for every client of the account. */
  async function write<T>(run: () => Promise<T>): Promise<T> {
    account.generation += 1;
    try {
      return await run();
    } finally {
      account.generation += 1;
    }
  }

  /** The span a slot of `eventTypeId` starting at `startMs` covers (a moment when its length is unknown). */
  function slotSpan(eventTypeId: number, startMs: number): Span {
    return { startMs, endMs: startMs + (slotLengths.get(eventTypeId) ?? 1) };
  }

  /**
   * The hold a refusal "already reserved" stands for when `owner` lost a hold attempt on an overlapping slot that
   * may still be reserved: perhaps that attempt's reservation. Its expiry is the latest the lost one can have, on
   * Cal.com's clock (the refusal's timestamp, less the time since the attempt was given up). Undefined when no lost
   * attempt of `owner` explains the refusal (another call's does not): the slot is someone else's.
   */
  function unverifiedHold(
    eventTypeId: number,
    slotStart: string,
    answer: Answer,
    owner: string | undefined,
  ): Hold | undefined {
    const span = slotSpan(eventTypeId, DateTime.fromISO(slotStart).toMillis());
    const clientNow = now();
    const lost = possibleHolds.overlapping(span, clientNow, owner);
    if (lost === undefined) return undefined;
    const calcomNow = answerTime(answer) ?? clientNow;
    return {
      uid: "",
      unverified: true,
      eventTypeId,
      slotStart,
      // The slot's start again when the event type's length is unknown (no slot answer seen yet).
      slotEnd: utcIso(span.endMs - span.startMs > 1 ? span.endMs : span.startMs),
      until: utcIso(calcomNow - (clientNow - lost.lostAtMs) + reservationMs),
    };
  }

  async function getBooking(uid: string): Promise<Booking> {
    const spec: RequestSpec = { method: "GET", path: bookingPath(uid), version: CAL_API_VERSION.bookings };
    return call(spec, { parse: parseBooking, unknown: "retry" });
  }

  /** All bookings matching Cal.com's own filters, page by page. */
  async function listBookings(filters: Record<string, string | number | undefined>): Promise<Booking[]> {
    const found: Booking[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const spec: RequestSpec = {
        method: "GET",
        path: "/v2/bookings",
        version: CAL_API_VERSION.bookings,
        query: { ...filters, take: PAGE_SIZE, skip: page * PAGE_SIZE },
      };
      const list = await call(spec, {
        parse: (body) => bookingListResponseSchema.parse(body),
        unknown: "retry",
      });
      // One odd booking (a deleted event type, a status we do not know) must not hide all the others.
      for (const item of list.data) {
        const parsed = bookingSchema.safeParse(item);
        if (parsed.success) found.push(toBooking(parsed.data));
      }
      const more = list.pagination?.hasNextPage ?? list.data.length === PAGE_SIZE;
      if (!more) return found;
    }
    // Silently stopping would report a caller's booking as missing: say the search was too wide instead.
    throw new CalendarError(
      "unavailable",
      `more than ${MAX_PAGES * PAGE_SIZE} bookings match; search a narrower time range`,
    );
  }

  /** The booking a lost `POST /v2/bookings` may have made, found by its call id. */
  async function findByCallId(request: BookingRequest, callId: string): Promise<Booking | undefined> {
    const start = utcInstant(request.start, "start");
    const startMs = DateTime.fromISO(start).toMillis();
    const candidates = await listBookings({
      eventTypeId: request.eventTypeId,
      afterStart: start,
      // Any appointment ends within a day of its start; Cal.com has no exact-start filter.
      beforeEnd: utcIso(startMs + DAY_MS),
    });
    return candidates.find(
      (b) =>
        b.metadata["callId"] === callId &&
        DateTime.fromISO(b.start).toMillis() === startMs &&
        (b.status === "accepted" || b.status === "pending"),
    );
  }

  /** The booking a lost reschedule of `uid` may have made. */
  async function findRescheduled(uid: string, start: string): Promise<Booking | undefined> {
    const old = await getBooking(uid);
    if (old.status !== "cancelled") return undefined;
    const startIso = utcInstant(start, "start");
    const candidates = await listBookings({
      eventTypeId: old.eventTypeId,
      afterStart: startIso,
      beforeEnd: utcIso(DateTime.fromISO(startIso).toMillis() + DAY_MS),
    });
    return candidates.find((b) => b.rescheduledFromUid === uid);
  }

  return {
    async getSlots(query: SlotsQuery): Promise<SlotsByDate> {
      const spec: RequestSpec = {
        method: "GET",
        path: "/v2/slots",
        version: CAL_API_VERSION.slots,
        query: {
          eventTypeId: query.eventTypeId,
          start: utcInstant(query.start, "start"),
          end: utcInstant(query.end, "end"),
          timeZone: query.timeZone,
          format: "range",
          bookingUidToReschedule: query.bookingUidToReschedule,
        },
      };
      const load = async () => {
        const slots = await call(spec, {
          parse: (body) => toSlots(slotsResponseSchema.parse(body).data),
          unknown: "retry",
        });
        const first = Object.values(slots)[0]?.[0];
        if (first !== undefined) {
          const length = DateTime.fromISO(first.end).toMillis() - DateTime.fromISO(first.start).toMillis();
          if (length > 0) slotLengths.set(query.eventTypeId, length);
        }
        return slots;
      };
      if (slotCache === undefined) return load();
      const { start, end } = spec.query ?? {};
      const key = JSON.stringify([
        query.eventTypeId,
        start,
        end,
        query.timeZone,
        query.bookingUidToReschedule,
      ]);
      return slotCache.get(key, load);
    },

    async hold(eventTypeId: number, slotStart: string, owner?: string): Promise<Hold> {
      const start = utcInstant(slotStart, "slotStart");
      const spec: RequestSpec = {
        method: "POST",
        path: "/v2/slots/reservations",
        version: CAL_API_VERSION.slots,
        body: { eventTypeId, slotStart: start },
      };
      return write(async () => {
        // A lost attempt may have reserved the slot; the retry (or a later hold of the same owner) then gets 422
        // "already reserved by another user", which cannot be told apart from a competitor: it becomes an
        // unverified hold, never "someone else's". A refusal no lost attempt of this owner can explain stays
        // held_by_other, even when another call's lost attempt overlaps: to this owner that one is someone else.
        const hold = await call(spec, {
          parse: (body) => toHold(reservationResponseSchema.parse(body).data),
          unknown: "retry",
          onUnknown: () =>
            possibleHolds.lost(slotSpan(eventTypeId, DateTime.fromISO(start).toMillis()), now(), owner),
          refused: (error, answer) =>
            error.kind === "held_by_other" ? unverifiedHold(eventTypeId, start, answer, owner) : undefined,
        });
        if (hold.unverified) return hold;
        const startMs = DateTime.fromISO(hold.slotStart).toMillis();
        const endMs = DateTime.fromISO(hold.slotEnd).toMillis();
        if (endMs > startMs) slotLengths.set(eventTypeId, endMs - startMs);
        // Nothing overlapping is reserved (or this hold would have been refused): no lost reservation of ours either.
        possibleHolds.cleared({ startMs, endMs: Math.max(endMs, startMs + 1) });
        return hold;
      });
    },

    async releaseHold(uid: string): Promise<void> {
      // An unverified hold has no uid; its reservation expires on its own.
      if (uid === "") return;
      const spec: RequestSpec = {
        method: "DELETE",
        path: `/v2/slots/reservations/${encodeURIComponent(uid)}`,
        version: CAL_API_VERSION.slots,
      };
      await write(() =>
        call<true>(spec, {
          parse: () => true,
          unknown: "retry",
          // The lost attempt deleted it.
          settle: async (error) => (error.kind === "not_found" ? true : undefined),
        }),
      );
    },

    async book(request: BookingRequest): Promise<Booking> {
      const body: Record<string, unknown> = {
        start: utcInstant(request.start, "start"),
        eventTypeId: request.eventTypeId,
        attendee: request.attendee,
      };
      if (request.metadata !== undefined) body["metadata"] = request.metadata;
      // Without a uid (an unverified hold) the booking goes without one: Cal.com's holds do not block it.
      if (request.holdUid !== undefined && request.holdUid !== "") body["reservedSlotUid"] = request.holdUid;
      const spec: RequestSpec = {
        method: "POST",
        path: "/v2/bookings",
        version: CAL_API_VERSION.bookings,
        body,
      };
      const callId = request.metadata?.["callId"];
      if (callId === undefined) return write(() => call(spec, { parse: parseBooking, unknown: "fail" }));
      const recover = () => findByCallId(request, callId);
      return write(() =>
        call(spec, {
          parse: parseBooking,
          unknown: "recover",
          recover,
          // Any refusal of a retry after a lost attempt ("already has booking", a duplicate, too soon by now) may
          // be that attempt's own doing: look for our booking before reporting the refusal.
          settle: async () => recover(),
        }),
      );
    },

    async findBookings(query: FindBookingsQuery): Promise<Booking[]> {
      const wanted: BookingStatus[] = query.status ?? ["accepted", "pending"];
      const bookings = await listBookings({
        // Not `attendeeName`: Cal.com matches it exactly; the kit's name filter is a substring, applied below.
        eventTypeId: query.eventTypeId,
        afterStart: query.from === undefined ? undefined : utcInstant(query.from, "from"),
        beforeEnd: query.to === undefined ? undefined : utcInstant(query.to, "to"),
        status: calcomStatusFilter(wanted),
      });
      const name = query.name?.toLowerCase();
      const phone = query.phone === undefined ? undefined : phoneKey(query.phone, region);
      return bookings.filter(
        (b) =>
          wanted.includes(b.status) &&
          (name === undefined || b.attendees.some((a) => a.name.toLowerCase().includes(name))) &&
          (phone === undefined || bookingPhones(b).some((p) => phoneKey(p, region) === phone)),
      );
    },

    async cancel(uid: string, reason?: string): Promise<Booking> {
      const spec: RequestSpec = {
        method: "POST",
        path: `${bookingPath(uid)}/cancel`,
        version: CAL_API_VERSION.bookings,
        body: reason === undefined ? {} : { cancellationReason: reason },
      };
      const recover = async () => {
        const booking = await getBooking(uid);
        return booking.status === "cancelled" ? booking : undefined;
      };
      // "already cancelled" on a retry is the lost attempt's own work.
      return write(() => call(spec, { parse: parseBooking, unknown: "recover", recover, settle: recover }));
    },

    async reschedule(uid: string, start: string, reason?: string): Promise<Booking> {
      const body: Record<string, string> = { start: utcInstant(start, "start") };
      if (reason !== undefined) body["reschedulingReason"] = reason;
      const spec: RequestSpec = {
        method: "POST",
        path: `${bookingPath(uid)}/reschedule`,
        version: CAL_API_VERSION.bookings,
        body,
      };
      const recover = () => findRescheduled(uid, start);
      return write(() => call(spec, { parse: parseBooking, unknown: "recover", recover, settle: recover }));
    },
  };
}

function bookingPath(uid: string): string {
  return `/v2/bookings/${encodeURIComponent(uid)}`;
}

/** An instant as UTC ISO; refuses text without a valid instant before anything is sent. */
function utcInstant(text: string, field: string): string {
  const parsed = DateTime.fromISO(text, { setZone: true });
  // Without an offset the machine's own zone would decide the instant: refuse it, as the simulator does.
  if (!parsed.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(text.trim())) {
    throw new CalendarError("bad_request", `${field}: not an ISO instant with an offset: "${text}"`);
  }
  return utcIso(parsed.toMillis());
}

function utcIso(ms: number): string {
  return DateTime.fromMillis(ms, { zone: "utc" }).toISO() as string;
}

/** Cal.com's list filters are tabs (upcoming, past, ...), not statuses; the client filters exactly after. */
function calcomStatusFilter(wanted: BookingStatus[]): string | undefined {
  const tabs = new Set<string>();
  for (const status of wanted) {
    if (status === "accepted" || status === "pending") tabs.add("upcoming").add("past");
    else tabs.add("cancelled");
  }
  return tabs.size === 3 ? undefined : [...tabs].join(",");
}

function bookingPhones(booking: Booking): string[] {
  const phones = booking.attendees.flatMap((a) => (a.phoneNumber === undefined ? [] : [a.phoneNumber]));
  const kept = booking.metadata["phone"];
  return kept === undefined ? phones : [...phones, kept];
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseWith<T>(parse: (body: unknown) => T, body: unknown, spec: RequestSpec): T {
  try {
    return parse(body);
  } catch (cause) {
    const issues = (cause as Partial<z.ZodError>).issues?.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new CalendarError(
      "unavailable",
      `unexpected response from ${spec.method} ${spec.path}: ${issues?.join("; ") ?? describe(cause)}`,
      { cause },
    );
  }
}

/** Cal.com's clock when it answered: the error envelope's timestamp, else the `Date` header. */
function answerTime(answer: Answer): number | undefined {
  const envelope = errorEnvelopeSchema.safeParse(answer.body);
  const stamp = envelope.success ? envelope.data.timestamp : undefined;
  for (const text of [stamp, answer.headers.get("date") ?? undefined]) {
    const ms = text === undefined ? Number.NaN : Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  return undefined;
}

function statusOf(error: CalendarError): { status?: number; code?: string } {
  const details: { status?: number; code?: string } = {};
  if (error.status !== undefined) details.status = error.status;
  if (error.code !== undefined) details.code = error.code;
  return details;
}

/** fetch's errors hide the reason in `cause` (e.g. ECONNRESET, "other side closed"). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}
