/**
 * The calendar pane's data: one Monday-to-Sunday week of the business, with opening hours, the free slots of one
 * service, the slots this call offered (with their ids), holds (with their expiry) and bookings (this call's with
 * the name, everyone else's only as taken).
 */
import { DateTime } from "luxon";
import type { BookingSession } from "../booking/session.ts";
import type { Booking, CalendarBackend, Hold } from "../calendar/backend.ts";
import type { Clock } from "../calendar/clock.ts";
import { type BusinessProfile, findService, type Service, WEEKDAY_KEYS } from "../calendar/profile.ts";
import type { CalendarSimulator } from "../calendar/simulator.ts";
import { localDateOf, localTimeOf } from "../time/instant.ts";
import { plainDateOfIso } from "../time/plain-date.ts";
import { describeError } from "../trace/tracing-backend.ts";

/** A span on one local day, as `HH:MM` wall times. */
export interface DaySpan {
  date: string;
  from: string;
  to: string;
}

/** One day column of the week. */
export interface WeekDay {
  date: string;
  /** `mon` .. `sun`, the profile's key for the day. */
  weekday: string;
  /** Opening ranges from the profile, `[]` when closed. */
  open: { from: string; to: string }[];
}

/** Everything the calendar pane draws for one week. */
export interface WeekView {
  zone: string;
  /** Monday and Sunday of the week, `YYYY-MM-DD`. */
  from: string;
  to: string;
  /** The Mondays before and after, for the week buttons. */
  previous: string;
  next: string;
  /** The clock's local date: the pane marks it. */
  today: string;
  service: { id: string; name: string; minutes: number };
  services: { id: string; name: string }[];
  days: WeekDay[];
  free: (DaySpan & { start: string })[];
  /** Why the free slots are missing (the calendar refused), or null. */
  freeError: string | null;
  offered: (DaySpan & { id: string; service: string; start: string })[];
  holds: (DaySpan & { mine: boolean; offerId: string | null; until: string })[];
  /**
   * Others' bookings carry no name or service: the pane shows them as taken. This call's bookings are `mine`;
   * `confirmed` says whether the call knows of it (a booking whose answer was lost exists in the calendar while
   * the call still does not know it was made).
   */
  bookings: (DaySpan & {
    mine: boolean;
    confirmed: boolean;
    status: string;
    name: string | null;
    service: string | null;
  })[];
  /** What this calendar cannot show (a remote Cal.com lists no one else's bookings here), or null. */
  note: string | null;
}

/** Where the week's data comes from. */
export interface WeekSource {
  business: BusinessProfile;
  /** The calendar itself, not the traced one: the pane's own queries stay out of the call's trace. */
  backend: CalendarBackend;
  /** Set for the in-process simulator, which lists every booking and hold. */
  simulator: CalendarSimulator | null;
  session: BookingSession;
  clock: Clock;
}

/** What the page asks for: a day in the week (default: the latest offer's day, else today) and a service. */
export interface WeekQuery {
  week?: string | undefined;
  service?: string | undefined;
}

/** Builds the week view; a `week` that is not a date, or an unknown service, falls back to the default. */
export async function weekView(source: WeekSource, query: WeekQuery): Promise<WeekView> {
  const { business, session } = source;
  const zone = business.timezone;
  const today = source.clock().setZone(zone);
  const offers = [...session.offers.values()];
  const asked =
    query.week !== undefined && plainDateOfIso(query.week) !== null
      ? DateTime.fromISO(query.week, { zone })
      : null;
  const latestOffer = offers.at(-1);
  const shown =
    asked?.isValid === true
      ? asked
      : latestOffer === undefined
        ? today
        : DateTime.fromISO(latestOffer.start, { zone });
  const monday = shown.startOf("week");
  const sunday = monday.plus({ days: 6 });
  const inWeek = (date: string) => date >= isoDate(monday) && date <= isoDate(sunday);
  const service = pickService(business, session, query.service);
  const span = (start: string, end: string): DaySpan => ({
    date: localDateOf(start, zone),
    from: localTimeOf(start, zone),
    to: localTimeOf(end, zone),
  });

  let free: WeekView["free"] = [];
  let freeError: string | null = null;
  try {
    const slots = await source.backend.getSlots({
      eventTypeId: service.eventTypeId,
      start: monday.toUTC().toISO() ?? "",
      end: monday.plus({ days: 7 }).toUTC().toISO() ?? "",
      timeZone: zone,
    });
    free = Object.values(slots)
      .flat()
      .map((slot) => ({ ...span(slot.start, slot.end), start: slot.start }));
  } catch (error) {
    freeError = describeError(error).message;
  }

  const mineHolds = new Map([...session.holds].map(([offerId, hold]) => [hold.uid, { offerId, hold }]));
  const allHolds: Hold[] = source.simulator?.listHolds() ?? [...session.holds.values()];
  const holds = allHolds.map((hold) => {
    const mine = hold.uid !== "" ? mineHolds.get(hold.uid) : undefined;
    return {
      ...span(hold.slotStart, hold.slotEnd),
      mine: mine !== undefined || source.simulator === null,
      offerId: mine?.offerId ?? null,
      until: DateTime.fromISO(hold.until).setZone(zone).toFormat("HH:mm:ss"),
    };
  });

  const mineBooked = new Set([...session.booked.values()].map((b) => b.uid));
  const listed: Booking[] = source.simulator?.listBookings() ?? [];
  const bookings: WeekView["bookings"] =
    source.simulator === null
      ? [...session.booked.values()].map((b) => ({
          ...span(b.start, b.end),
          mine: true,
          confirmed: true,
          status: "accepted",
          name: session.callerName,
          service: serviceName(business, b.service),
        }))
      : listed
          .filter((b) => b.status !== "cancelled" || mineBooked.has(b.uid))
          .map((b) => {
            const confirmed = mineBooked.has(b.uid);
            const mine = confirmed || b.metadata["callId"] === session.callId;
            return {
              ...span(b.start, b.end),
              mine,
              confirmed,
              status: b.status,
              name: mine ? (b.attendees[0]?.name ?? null) : null,
              service: mine
                ? (business.services.find((s) => s.eventTypeId === b.eventTypeId)?.name ?? null)
                : null,
            };
          });

  return {
    zone,
    from: isoDate(monday),
    to: isoDate(sunday),
    previous: isoDate(monday.minus({ days: 7 })),
    next: isoDate(monday.plus({ days: 7 })),
    today: isoDate(today),
    service: { id: service.id, name: service.name, minutes: service.minutes },
    services: business.services.map((s) => ({ id: s.id, name: s.name })),
    days: WEEKDAY_KEYS.map((weekday, i) => ({
      date: isoDate(monday.plus({ days: i })),
      weekday,
      open: (business.hours[weekday] ?? []).map(([from, to]) => ({ from, to })),
    })),
    free: free.filter((s) => inWeek(s.date)),
    freeError,
    offered: offers
      .map((o) => ({
        ...span(o.start, o.end),
        id: o.id,
        service: serviceName(business, o.service),
        start: o.start,
      }))
      .filter((o) => inWeek(o.date)),
    holds: holds.filter((h) => inWeek(h.date)),
    bookings: bookings.filter((b) => inWeek(b.date)),
    note:
      source.simulator === null
        ? "Remote calendar: only this call's bookings and holds are listed; others show as missing free slots."
        : null,
  };
}

/** The service asked for, else the one the caller wants now, else the latest offer's, else the first. */
function pickService(business: BusinessProfile, session: BookingSession, asked: string | undefined): Service {
  const byId = (id: string | undefined) =>
    id === undefined ? undefined : business.services.find((s) => s.id === id);
  return (
    byId(asked) ??
    (session.wanted === null ? undefined : findService(business, session.wanted.service)) ??
    byId([...session.offers.values()].at(-1)?.service) ??
    (business.services[0] as Service)
  );
}

function serviceName(business: BusinessProfile, id: string): string {
  return business.services.find((s) => s.id === id)?.name ?? id;
}

function isoDate(day: DateTime): string {
  return day.toISODate() ?? "";
}
