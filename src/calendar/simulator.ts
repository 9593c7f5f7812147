/**
 * An in-memory Cal.com: the same slots, holds, bookings and refusals as Cal.com API v2
 * (reference/calcom-v2.md), for one business that is one host (every booking blocks every event type).
 * `termin calsim` serves it over HTTP; chat, replays and benchmarks use it directly.
 */
import type { DateTime } from "luxon";
import { ConfigError } from "../errors.ts";
import type {
  Attendee,
  Booking,
  BookingRequest,
  BookingStatus,
  CalendarBackend,
  FindBookingsQuery,
  Hold,
  SlotsByDate,
  SlotsQuery,
} from "./backend.ts";
import { type Clock, systemClock } from "./clock.ts";
import { noticeStartMs, type SlotSpan, slotsBetween, spansOverlap, windowEndMs } from "./grid.ts";
import { type CountryCode, phoneKey, regionForTimezone } from "./phone.ts";
import { type BusinessProfile, findService, type Service } from "./profile.ts";
import { simErrors } from "./sim-errors.ts";
import { createIdSource } from "./sim-ids.ts";
import { isValidZoneName, parseApiInstant, parseWallOrInstant, utcIso, zoneClock } from "./sim-time.ts";
import { checkAttendee, checkMetadata } from "./sim-validate.ts";

/** How to build a simulator. */
export interface SimulatorOptions {
  profile: BusinessProfile;
  /** Default: the system clock. */
  clock?: Clock;
  /** How long a hold lasts (Cal.com's default reservation is 5 minutes). */
  holdMinutes?: number;
}

/** An existing booking for set-up. `start` is a business-local wall time or an instant with an offset. */
export interface SimBookingInput {
  eventTypeId?: number;
  /** Service id (or name/alias) from the profile; used when `eventTypeId` is absent. */
  service?: string;
  start: string;
  name: string;
  phone?: string;
  email?: string;
  metadata?: Record<string, string>;
}

/** A time the business is closed, [from, to). Business-local wall times or instants with an offset. */
export interface SimClosureInput {
  from: string;
  to: string;
}

interface StoredBooking extends SlotSpan {
  booking: Booking;
}

interface StoredHold extends SlotSpan {
  hold: Hold;
  untilMs: number;
}

const BLOCKING: readonly BookingStatus[] = ["accepted", "pending"];

/** The phones a booking can be found by: its attendees', and one kept in `metadata.phone` (as the client does). */
function phonesOf(booking: Booking): string[] {
  const phones = booking.attendees.flatMap((a) => (a.phoneNumber ? [a.phoneNumber] : []));
  const kept = booking.metadata["phone"];
  return kept === undefined ? phones : [...phones, kept];
}

/**
 * The in-memory Cal.com. Every method runs synchronously inside its promise (no `await` between check and
 * write), so concurrent calls are serialised by the event loop and can never double-book or double-hold.
 */
export class CalendarSimulator implements CalendarBackend {
  /** The business this calendar belongs to. */
  readonly profile: BusinessProfile;
  /**
   * The business's country (from its time zone): stored national numbers are read in it. A Cal.com client in front
   * of this calendar (`termin calsim`) takes the same `region`.
   */
  readonly region: CountryCode;
  private readonly clock: Clock;
  private readonly holdMs: number;
  private readonly ids = createIdSource();
  private readonly bookings: StoredBooking[] = [];
  private readonly closures: SlotSpan[] = [];
  private readonly holds = new Map<string, StoredHold>();
  private nextBookingId = 1;

  constructor(options: SimulatorOptions) {
    const holdMinutes = options.holdMinutes ?? 5;
    if (!(holdMinutes > 0)) throw new ConfigError(`holdMinutes must be positive, got ${holdMinutes}`);
    this.profile = options.profile;
    this.region = regionForTimezone(options.profile.timezone);
    this.clock = options.clock ?? systemClock;
    this.holdMs = holdMinutes * 60_000;
  }

  /** The simulator's current instant, in the business zone. */
  now(): DateTime {
    return this.clock().setZone(this.profile.timezone);
  }

  /** Free slots grouped by local date in `query.timeZone` (Cal.com `GET /v2/slots`). */
  async getSlots(query: SlotsQuery): Promise<SlotsByDate> {
    const service = this.serviceById(query.eventTypeId);
    const from = parseApiInstant(query.start);
    const to = parseApiInstant(query.end, "end");
    if (from === null || to === null || to < from) throw simErrors.invalidRange();
    if (!isValidZoneName(query.timeZone)) {
      throw simErrors.badRequest(`timeZone must be a valid IANA time zone, got "${query.timeZone}"`);
    }
    const nowMs = this.nowMs();
    const spans = this.openSpans(service.minutes, from.toMillis(), to.toMillis(), nowMs);
    const result: SlotsByDate = {};
    const first = spans[0];
    if (first === undefined) return result;
    // Bookings and holds are narrowed to the query's span once, so each slot is checked against a handful.
    // The spans are chronological and of one length, so the last one ends last.
    const all = { startMs: first.startMs, endMs: (spans.at(-1) ?? first).endMs };
    const booked = this.bookingsOver(all, query.bookingUidToReschedule);
    const held = this.holdsOver(all, nowMs);
    const clock = zoneClock(query.timeZone);
    for (const span of spans) {
      if (booked.some((b) => spansOverlap(b, span)) || held.some((h) => spansOverlap(h, span))) continue;
      const day = clock.localDate(span.startMs);
      const list = result[day] ?? [];
      list.push({ start: clock.iso(span.startMs), end: clock.iso(span.endMs) });
      result[day] = list;
    }
    return result;
  }

  /**
   * Reserves a slot for `holdMinutes` (Cal.com `POST /v2/slots/reservations`). The owner is accepted as the
   * interface asks and, as by Cal.com, not kept: an answer never gets lost in memory, so no hold is unverified.
   */
  async hold(eventTypeId: number, slotStart: string, _owner?: string): Promise<Hold> {
    const service = this.serviceById(eventTypeId);
    const start = parseApiInstant(slotStart);
    if (start === null) throw simErrors.invalidStartDate();
    const nowMs = this.nowMs();
    const span = this.openSlotAt(service.minutes, start.toMillis(), nowMs);
    if (span === undefined) throw simErrors.invalidStartDate();
    if (this.bookingOver(span)) throw simErrors.reserveBooked();
    if (this.holdsOver(span, nowMs).length > 0) throw simErrors.reservedByOther();
    const untilMs = nowMs + this.holdMs;
    const hold: Hold = {
      uid: this.ids.uuid(),
      eventTypeId,
      slotStart: utcIso(span.startMs),
      slotEnd: utcIso(span.endMs),
      until: utcIso(untilMs),
    };
    this.holds.set(hold.uid, { ...span, untilMs, hold });
    return { ...hold };
  }

  /** Deletes a hold. An expired hold no longer exists, so it is not found either. */
  async releaseHold(uid: string): Promise<void> {
    // An unverified hold (backend.ts) has no uid: there is nothing to delete.
    if (uid === "") return;
    this.pruneHolds(this.nowMs());
    if (!this.holds.delete(uid)) throw simErrors.holdNotFound(uid);
  }

  /** Books a slot (Cal.com `POST /v2/bookings`); a named hold is consumed. Check and insert are atomic. */
  async book(request: BookingRequest): Promise<Booking> {
    const service = this.serviceById(request.eventTypeId);
    const attendee = checkAttendee(request.attendee);
    const metadata = checkMetadata(request.metadata ?? {});
    // An empty uid (an unverified hold) names no reservation, as if it were left out.
    const holdUid = request.holdUid === "" ? undefined : request.holdUid;
    const span = this.admit(service, request.start, holdUid, undefined);
    const booking = this.insert(service, span, [attendee], metadata, undefined);
    if (holdUid !== undefined) this.holds.delete(holdUid);
    return structuredClone(booking);
  }

  /** Bookings matching the query, chronological (phone and name matched here, as the Cal.com client must). */
  async findBookings(query: FindBookingsQuery): Promise<Booking[]> {
    const fromMs = this.optionalInstant(query.from, "from");
    const toMs = this.optionalInstant(query.to, "to");
    const statuses = query.status ?? BLOCKING;
    const phone = query.phone === undefined ? undefined : phoneKey(query.phone, this.region);
    const name = query.name?.trim().toLowerCase();
    return this.bookings
      .filter(({ booking, startMs, endMs }) => {
        if (!statuses.includes(booking.status)) return false;
        if (query.eventTypeId !== undefined && booking.eventTypeId !== query.eventTypeId) return false;
        if (fromMs !== undefined && startMs < fromMs) return false;
        if (toMs !== undefined && endMs > toMs) return false;
        if (phone !== undefined && !phonesOf(booking).some((p) => phoneKey(p, this.region) === phone))
          return false;
        if (name !== undefined && !booking.attendees.some((a) => a.name.toLowerCase().includes(name)))
          return false;
        return true;
      })
      .sort((a, b) => a.startMs - b.startMs || a.booking.id - b.booking.id)
      .map(({ booking }) => structuredClone(booking));
  }

  /** Cancels a booking (Cal.com `POST /v2/bookings/{uid}/cancel`); its time becomes free. */
  async cancel(uid: string, _reason?: string): Promise<Booking> {
    const stored = this.storedBooking(uid);
    if (stored.booking.status === "cancelled") throw simErrors.alreadyCancelled();
    if (!BLOCKING.includes(stored.booking.status)) {
      throw simErrors.badRequest(
        `Only accepted or pending bookings can be cancelled; this one is ${stored.booking.status}.`,
      );
    }
    stored.booking.status = "cancelled";
    return structuredClone(stored.booking);
  }

  /**
   * Moves a booking (Cal.com `POST /v2/bookings/{uid}/reschedule`): the new time is checked like a booking
   * that ignores the old one; a new booking is made and the old one cancelled. No hold can be named here, so a
   * caller that held the new time must release its hold first.
   */
  async reschedule(uid: string, start: string, _reason?: string): Promise<Booking> {
    const old = this.storedBooking(uid);
    if (!BLOCKING.includes(old.booking.status)) {
      throw simErrors.badRequest(`Can't reschedule a ${old.booking.status} booking.`);
    }
    const service = this.serviceById(old.booking.eventTypeId);
    const span = this.admit(service, start, undefined, uid);
    old.booking.status = "cancelled";
    const created = this.insert(
      service,
      span,
      structuredClone(old.booking.attendees),
      { ...old.booking.metadata },
      uid,
    );
    return structuredClone(created);
  }

  /**
   * Set-up: an existing booking, accepted, placed as given (no hours or overlap checks, since set-up may
   * describe any state the real calendar could be in).
   */
  addBooking(input: SimBookingInput): Booking {
    const service = this.setupService(input);
    const start = parseWallOrInstant(input.start, this.profile.timezone);
    if (start === null) throw new ConfigError(`addBooking: cannot read start "${input.start}"`);
    const startMs = start.toMillis();
    const attendee: Attendee = {
      name: input.name,
      ...(input.phone ? { phoneNumber: input.phone } : {}),
      ...(input.email ? { email: input.email } : {}),
      timeZone: this.profile.timezone,
    };
    const span = { startMs, endMs: startMs + service.minutes * 60_000 };
    return structuredClone(this.insert(service, span, [attendee], { ...(input.metadata ?? {}) }, undefined));
  }

  /** Set-up: the business is closed in [from, to) (holiday, staff meeting, the rest of a day). */
  addClosure(input: SimClosureInput): void {
    const from = parseWallOrInstant(input.from, this.profile.timezone);
    const to = parseWallOrInstant(input.to, this.profile.timezone);
    if (from === null || to === null || to <= from) {
      throw new ConfigError(`addClosure: expected from < to, got "${input.from}" to "${input.to}"`);
    }
    this.closures.push({ startMs: from.toMillis(), endMs: to.toMillis() });
  }

  /** Every booking, cancelled ones included, in creation order (copies). */
  listBookings(): Booking[] {
    return this.bookings.map(({ booking }) => structuredClone(booking));
  }

  /** Holds that have not expired (copies). */
  listHolds(): Hold[] {
    this.pruneHolds(this.nowMs());
    return [...this.holds.values()].map(({ hold }) => ({ ...hold }));
  }

  private nowMs(): number {
    return this.clock().toMillis();
  }

  private serviceById(eventTypeId: number): Service {
    const service = this.profile.services.find((s) => s.eventTypeId === eventTypeId);
    if (service === undefined) throw simErrors.eventTypeNotFound(eventTypeId);
    return service;
  }

  private setupService(input: SimBookingInput): Service {
    if (input.eventTypeId !== undefined) {
      const byId = this.profile.services.find((s) => s.eventTypeId === input.eventTypeId);
      if (byId === undefined) throw new ConfigError(`addBooking: unknown eventTypeId ${input.eventTypeId}`);
      return byId;
    }
    if (input.service === undefined) throw new ConfigError("addBooking: name a service or an eventTypeId");
    const byName = findService(this.profile, input.service);
    if (byName === undefined) throw new ConfigError(`addBooking: unknown service "${input.service}"`);
    return byName;
  }

  private storedBooking(uid: string): StoredBooking {
    const stored = this.bookings.find(({ booking }) => booking.uid === uid);
    if (stored === undefined) throw simErrors.bookingNotFound(uid);
    return stored;
  }

  private optionalInstant(text: string | undefined, field: string): number | undefined {
    if (text === undefined) return undefined;
    const parsed = parseApiInstant(text);
    if (parsed === null) throw simErrors.badRequest(`${field} must be an ISO 8601 instant, got "${text}"`);
    return parsed.toMillis();
  }

  /** Slots by hours, notice, window and closures (bookings and holds not yet considered). */
  private openSpans(minutes: number, fromMs: number, toMs: number, nowMs: number): SlotSpan[] {
    // Clamping to [notice, window] first keeps a query over years as cheap as one over the window.
    const lo = Math.max(fromMs, noticeStartMs(this.profile, nowMs));
    const hi = Math.min(toMs, windowEndMs(this.profile, nowMs));
    if (hi <= lo) return [];
    const spans = slotsBetween(this.profile, minutes, lo, hi);
    // Only closures reaching into [lo, the last slot's end) can close a slot.
    const reach = { startMs: lo, endMs: hi + minutes * 60_000 };
    const closures = this.closures.filter((closure) => spansOverlap(closure, reach));
    if (closures.length === 0) return spans;
    return spans.filter((span) => !closures.some((closure) => spansOverlap(span, closure)));
  }

  /** The open slot starting exactly at `startMs`, if there is one. */
  private openSlotAt(minutes: number, startMs: number, nowMs: number): SlotSpan | undefined {
    return this.openSpans(minutes, startMs, startMs + 1, nowMs).find((span) => span.startMs === startMs);
  }

  /** An accepted or pending booking overlapping `span`, other than `ignoreUid`. */
  private bookingOver(span: SlotSpan, ignoreUid?: string): StoredBooking | undefined {
    return this.bookingsOver(span, ignoreUid)[0];
  }

  /** The accepted or pending bookings overlapping `span`, other than `ignoreUid`. */
  private bookingsOver(span: SlotSpan, ignoreUid?: string): StoredBooking[] {
    return this.bookings.filter(
      (stored) =>
        BLOCKING.includes(stored.booking.status) &&
        stored.booking.uid !== ignoreUid &&
        spansOverlap(stored, span),
    );
  }

  /** Unexpired holds overlapping `span`, other than `exceptUid`. */
  private holdsOver(span: SlotSpan, nowMs: number, exceptUid?: string): StoredHold[] {
    this.pruneHolds(nowMs);
    return [...this.holds.values()].filter((held) => held.hold.uid !== exceptUid && spansOverlap(held, span));
  }

  private pruneHolds(nowMs: number): void {
    for (const [uid, held] of this.holds) if (held.untilMs <= nowMs) this.holds.delete(uid);
  }

  /** The checks a new booking time passes, in Cal.com's order; returns the slot it takes. */
  private admit(
    service: Service,
    startText: string,
    holdUid: string | undefined,
    ignoreUid: string | undefined,
  ) {
    const start = parseApiInstant(startText);
    if (start === null) throw simErrors.badRequest(`start must be an ISO 8601 instant, got "${startText}"`);
    const nowMs = this.nowMs();
    const startMs = start.toMillis();
    if (startMs < nowMs) throw simErrors.inPast();
    const span = this.openSlotAt(service.minutes, startMs, nowMs);
    if (span === undefined) throw simErrors.outsideWindow();
    if (this.bookingOver(span, ignoreUid)) throw simErrors.hostBusy(this.profile.teamEvent);
    // calcom-v2.md: a booking that omits `reservedSlotUid` is not blocked by a hold; one that names another
    // reservation than the hold on this time is ("Someone else reserved this booking time slot before you").
    const blocking = holdUid === undefined ? [] : this.holdsOver(span, nowMs, holdUid);
    if (blocking.length > 0) {
      const freeAtMs = Math.max(...blocking.map((held) => held.untilMs));
      throw simErrors.heldForBooking(Math.ceil((freeAtMs - nowMs) / 1000));
    }
    return span;
  }

  private insert(
    service: Service,
    span: SlotSpan,
    attendees: Attendee[],
    metadata: Record<string, string>,
    rescheduledFromUid: string | undefined,
  ): Booking {
    const booking: Booking = {
      id: this.nextBookingId++,
      uid: this.ids.token(22),
      eventTypeId: service.eventTypeId,
      start: utcIso(span.startMs),
      end: utcIso(span.endMs),
      status: "accepted",
      attendees,
      metadata,
      ...(rescheduledFromUid === undefined ? {} : { rescheduledFromUid }),
    };
    this.bookings.push({ startMs: span.startMs, endMs: span.endMs, booking });
    return booking;
  }
}
