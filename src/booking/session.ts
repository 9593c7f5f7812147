import type { DateTime } from "luxon";
import type { CalendarBackend, Hold, Slot } from "../calendar/backend.ts";
import { RESERVATION_MINUTES } from "../calendar/lost-attempts.ts";
import type { BusinessProfile, Service } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { instantKey, localIsoOf, localOf } from "../time/instant.ts";
import { type Renderer, sharedRenderer, type TemplateName } from "./templates.ts";
import type {
  BookingInfo,
  BookResult,
  InvalidArgumentsResult,
  Requested,
  SlotOffer,
  UnavailableResult,
  UnverifiedBooking,
} from "./types.ts";

/** What one call knows before anyone speaks: who calls, which business, which calendar, which clock. */
export interface SessionOptions {
  callId: string;
  business: BusinessProfile;
  /** The caller's number from telephony (international format), or null when withheld. */
  callerPhone: string | null;
  calendar: CalendarBackend;
  /** The call's clock; replays pin it. */
  clock: () => DateTime;
  /** Folder of the response templates (default `prompts/responses`). */
  templatesDir?: string;
  /** New bookings one call may make (a reschedule does not count). */
  maxBookings?: number;
  /** How many days after the requested one a single availability query covers. */
  searchDays?: number;
}

/**
 * The state of one call that the tool handlers share: the slots offered so far (by id, with their exact
 * instants), the holds taken, the bookings made. Identity and authority come from here, never from the model.
 */
export class BookingSession {
  readonly callId: string;
  readonly business: BusinessProfile;
  readonly callerPhone: string | null;
  readonly calendar: CalendarBackend;
  readonly clock: () => DateTime;
  readonly maxBookings: number;
  readonly searchDays: number;
  /** Every slot offered in this call, by id; an id is never reused, so an earlier offer stays bookable. */
  readonly offers = new Map<string, SlotOffer>();
  /** Holds taken in this call, by slot id. */
  readonly holds = new Map<string, Hold>();
  /** Bookings made in this call, by exact start instant (epoch ms) — booking the same slot twice returns it. */
  readonly booked = new Map<number, BookingInfo>();
  /**
   * Booking requests of this call whose outcome is unknown (the answer was lost and the look-up failed too), by exact
   * start instant. Each is looked up again before the caller hears anything more about it, and never sent twice.
   */
  readonly unverified = new Map<number, UnverifiedBooking>();
  /**
   * Hold requests of this call that may have reached the calendar without an answer, by slot start (epoch ms): the
   * slot's end and when the answer was lost. Kept in the snapshot, because the call's next request may reach another
   * instance, whose Cal.com client never saw the lost request (see `possibleOwnHold`).
   */
  readonly lostHolds = new Map<number, LostHold>();
  /**
   * Booking requests still running, by exact start instant. A turn's deadline can pass while one runs; a second
   * request for the same slot (the model asking again) then waits for the first's result instead of booking twice.
   */
  readonly bookingsInFlight = new Map<
    number,
    Promise<BookResult | UnavailableResult | InvalidArgumentsResult>
  >();
  /**
   * The calendar writes this call made, in order. Each tool result tells its own; when a result is lost to a failure
   * after the write (a broken template), the conversation still tells the caller what was done.
   */
  readonly changes: CalendarChange[] = [];
  /** What the caller asked for last, so "doch lieber um elf" keeps the day. */
  lastRequested: Requested | null = null;
  /** The service (and person) of the latest availability check: what the caller wants booked now. */
  wanted: { service: string; person: string | null } | null = null;
  /**
   * The one slot the caller was last asked to book ("Soll ich ihn für Sie buchen?", a hold waiting for the name),
   * until it is booked or other offers replace it: hanging up then would leave the caller believing they are booked.
   */
  pendingConsent: SlotOffer | null = null;
  /** The pending slot `end_call` already warned about; a second `end_call` then ends the call. */
  endWarnedFor: string | null = null;
  /** The name the caller gave for the booking. */
  callerName: string | null = null;
  private nextOffer = 1;
  /** The response templates' folder (undefined: `prompts/responses`); compiled when the call first speaks. */
  private readonly templatesDir: string | undefined;
  private renderer: Renderer | undefined;

  /** What this call knows, as plain JSON: a server with several instances keeps it between a call's requests. */
  snapshot(): SessionSnapshot {
    return {
      offers: [...this.offers.values()],
      holds: [...this.holds],
      booked: [...this.booked],
      unverified: [...this.unverified],
      lostHolds: [...this.lostHolds],
      lastRequested: this.lastRequested,
      wanted: this.wanted,
      pendingConsent: this.pendingConsent,
      endWarnedFor: this.endWarnedFor,
      callerName: this.callerName,
      nextOffer: this.nextOffer,
    };
  }

  /** Takes over what a snapshot of the same call knew (bookings in flight are not kept: none runs between requests). */
  restore(snapshot: SessionSnapshot): this {
    for (const offer of snapshot.offers) this.offers.set(offer.id, offer);
    for (const [id, hold] of snapshot.holds) this.holds.set(id, hold);
    for (const [key, info] of snapshot.booked) this.booked.set(key, info);
    for (const [key, booking] of snapshot.unverified) this.unverified.set(key, booking);
    for (const [start, lost] of snapshot.lostHolds ?? []) this.lostHolds.set(start, lost);
    this.lastRequested = snapshot.lastRequested;
    this.wanted = snapshot.wanted;
    const pending = snapshot.pendingConsent;
    this.pendingConsent = pending === null ? null : (this.offers.get(pending.id) ?? pending);
    this.endWarnedFor = snapshot.endWarnedFor;
    this.callerName = snapshot.callerName;
    this.nextOffer = snapshot.nextOffer;
    return this;
  }

  constructor(options: SessionOptions) {
    this.callId = options.callId;
    this.business = options.business;
    this.callerPhone = options.callerPhone;
    this.calendar = options.calendar;
    this.clock = options.clock;
    this.maxBookings = options.maxBookings ?? options.business.bookingsPerCall;
    this.searchDays = options.searchDays ?? 14;
    // Not compiled here: ending a call and letting its holds go must work while an edited template is broken.
    // `startCall` has the session speak before the greeting, so a broken folder still stops a chat or replay at once.
    this.templatesDir = options.templatesDir;
  }

  get zone(): string {
    return this.business.timezone;
  }

  /** The call's current time in the business zone. */
  now(): DateTime {
    return this.clock().setZone(this.zone);
  }

  /**
   * The latest lost hold request of this call overlapping the offer whose reservation may still exist: then a
   * "reserved by another user" there may be this call's own reservation, never to be called someone else's.
   */
  possibleOwnHold(offer: SlotOffer): LostHold | undefined {
    const [from, to] = [instantKey(offer.start), instantKey(offer.end)];
    const now = this.now().toMillis();
    let latest: LostHold | undefined;
    for (const [start, lost] of this.lostHolds) {
      if (lost.lostAtMs + LOST_HOLD_MS <= now) this.lostHolds.delete(start);
      else if (start < to && lost.endMs > from && (latest === undefined || lost.lostAtMs > latest.lostAtMs))
        latest = lost;
    }
    return latest;
  }

  /** Renders a German response template with the call's zone and clock ("morgen" follows the call's now). */
  say(template: TemplateName, data: Record<string, unknown>): string {
    this.renderer ??= sharedRenderer(
      this.business.timezone,
      ...(this.templatesDir === undefined ? [] : [this.templatesDir]),
    );
    return this.renderer.render(template, data, this.now());
  }

  /** Lets go of this call's hold on an offer, if any; a hold the calendar no longer knows is fine. */
  async releaseHold(offerId: string): Promise<void> {
    const hold = this.holds.get(offerId);
    if (hold === undefined) return;
    this.holds.delete(offerId);
    await this.calendar.releaseHold(hold.uid).catch(() => undefined);
  }

  /**
   * Records what the caller wants now. Switching the service for the same person lets go of the hold made for the
   * old one (it would block the new service's slots it overlaps); a hold for another person stays.
   */
  async wantNow(service: Service, person: string | null): Promise<void> {
    this.wanted = { service: service.id, person };
    for (const [offerId] of this.holds) {
      const offer = this.offers.get(offerId);
      if (offer !== undefined && offer.service !== service.id && samePerson(offer.person, person))
        await this.releaseHold(offerId);
    }
  }

  /** The caller was just offered these slots: one alone is a yes/no question about booking it. */
  askedAbout(offers: readonly SlotOffer[]): void {
    this.pendingConsent = offers.length === 1 ? (offers[0] ?? null) : null;
  }

  /** Lets go of every hold of this call (the call ends). */
  async releaseAllHolds(): Promise<void> {
    for (const id of [...this.holds.keys()]) {
      // A booking still running for the slot uses its hold (`reservedSlotUid`): letting go would let anyone in.
      const offer = this.offers.get(id);
      if (offer !== undefined && this.bookingsInFlight.has(instantKey(offer.start))) continue;
      await this.releaseHold(id);
    }
  }

  /** Forgets bookings of this call that were cancelled or moved, so "booked" always means booked now. */
  forgetBooking(uid: string): void {
    for (const [key, info] of this.booked) if (info.uid === uid) this.booked.delete(key);
  }

  /** The service for an event type id. */
  serviceByEventType(eventTypeId: number): Service | undefined {
    return this.business.services.find((s) => s.eventTypeId === eventTypeId);
  }

  /** The service an offer was made for. */
  serviceOf(offer: SlotOffer): Service {
    const service = this.business.services.find((s) => s.id === offer.service);
    if (service === undefined)
      throw new ConfigError(`offer ${offer.id} names unknown service ${offer.service}`);
    return service;
  }

  /**
   * Turns calendar slots into offers with fresh ids. The instant is the calendar's own string: it is never
   * rebuilt from a date and a time (F4); `date` and `time` are read from it in the business zone.
   */
  offer(service: Service, slots: Slot[], person: string | null = null): SlotOffer[] {
    return slots.map((slot) => {
      const local = localOf(slot.start, this.zone);
      const offer: SlotOffer = {
        id: `S${this.nextOffer++}`,
        service: service.id,
        person,
        start: slot.start,
        end: slot.end,
        date: local.date,
        time: local.time,
      };
      this.offers.set(offer.id, offer);
      return offer;
    });
  }

  /** Describes a calendar booking for the caller. */
  bookingInfo(booking: { uid: string; eventTypeId: number; start: string; end: string }): BookingInfo {
    const local = localOf(booking.start, this.zone);
    return {
      uid: booking.uid,
      service: this.serviceByEventType(booking.eventTypeId)?.id ?? String(booking.eventTypeId),
      start: localIsoOf(booking.start, this.zone),
      end: localIsoOf(booking.end, this.zone),
      date: local.date,
      time: local.time,
    };
  }
}

/** A booking made, moved (`booking` is the new time) or cancelled by this call. */
export interface CalendarChange {
  kind: "booked" | "rescheduled" | "cancelled";
  booking: BookingInfo;
}

/** A hold request of the call whose answer was lost (see `BookingSession.lostHolds`). */
export interface LostHold {
  endMs: number;
  lostAtMs: number;
}

/** How long after a lost hold request its reservation may still exist: Cal.com's reservation, plus a minute in which
 * the request may still have reached Cal.com after the client gave up. */
const LOST_HOLD_MS = (RESERVATION_MINUTES + 1) * 60_000;

/** A call's state between requests (`BookingSession.snapshot`): JSON, so a shared store can keep it. */
export interface SessionSnapshot {
  offers: SlotOffer[];
  holds: [string, Hold][];
  booked: [number, BookingInfo][];
  unverified: [number, UnverifiedBooking][];
  /** Absent in snapshots written before it existed. */
  lostHolds?: [number, LostHold][];
  lastRequested: Requested | null;
  wanted: { service: string; person: string | null } | null;
  pendingConsent: SlotOffer | null;
  endWarnedFor: string | null;
  callerName: string | null;
  nextOffer: number;
}

/** Whether two "for whom" words name the same person (both the caller when null); case and spacing do not count. */
export function samePerson(a: string | null, b: string | null): boolean {
  const norm = (p: string | null) => (p ?? "").trim().toLowerCase().replace(/\s+/g, " ");
  return norm(a) === norm(b);
}

/** Epoch milliseconds of an ISO instant; lives in `src/time`, re-exported for the booking code that imports it here. */
export { instantKey };
