/**
 * Why the caller's wish is not met as asked, from facts the kit can verify: the profile's hours, minimum notice
 * and booking window, and, for "vergeben", the calendar's own bookings. A time the calendar does not offer is only
 * called taken when bookings cover it; otherwise (a closure, someone's hold, an absence) it is just "not free".
 */
import { DateTime } from "luxon";
import type { Slot, SlotsByDate } from "../calendar/backend.ts";
import {
  lastBookableDate,
  noticeStartMs,
  openingRanges,
  type SlotSpan,
  slotsOnDate,
  windowEndMs,
} from "../calendar/grid.ts";
import type { BusinessProfile, Service } from "../calendar/profile.ts";
import { clipDates, datesBetween, dayBounds, toInstant } from "../time/instant.ts";
import { inTimeWindow } from "./alternatives.ts";
import { isCalendarError } from "./failures.ts";
import { type BookingSession, instantKey } from "./session.ts";
import { NO_DETAIL, type ReasonDetail, type Requested, type UnavailableReason } from "./types.ts";

/** A reason and the facts that explain it; `reason` null: the wish can be met as asked. */
export interface Explained {
  reason: UnavailableReason | null;
  detail: ReasonDetail;
}

/** What the explanation needs: the call, the service, the caller's wish and the calendar's free slots. */
export interface ExplainInput {
  session: BookingSession;
  service: Service;
  requested: Requested;
  past: boolean;
  /** The free slots of the query (this call's own holds put back). */
  free: SlotsByDate;
}

/** Facts of the profile for one local date and service. */
interface DayFacts {
  date: string;
  ranges: { open: DateTime; close: DateTime }[];
  /** Every start the hours allow (the grid), bookable by the window or not. */
  grid: SlotSpan[];
}

/** A local instant as the slot-like object templates and checks read (`start`, `date`, `time`). */
function slotLike(at: DateTime, zone: string): { start: string; date: string; time: string } {
  const local = at.setZone(zone);
  return { start: local.toISO() ?? "", date: local.toISODate() ?? "", time: local.toFormat("HH:mm") };
}

/** The local minute of day of an instant (epoch ms). */
function minuteOfDay(ms: number, zone: string): number {
  const local = DateTime.fromMillis(ms, { zone });
  return local.hour * 60 + local.minute;
}

/**
 * "taken" when every span overlaps a live booking of the calendar (one look-up over the spans' days), else
 * "not_free": the calendar hides those slots for a reason it does not give. A failed look-up says nothing false.
 */
async function blockedBy(session: BookingSession, spans: SlotSpan[]): Promise<"taken" | "not_free"> {
  const first = spans[0];
  const last = spans.at(-1);
  if (first === undefined || last === undefined) return "not_free";
  const zone = session.zone;
  const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toISODate() ?? "";
  let bookings: { start: string; end: string }[];
  try {
    bookings = await session.calendar.findBookings({
      from: dayBounds(day(first.startMs), zone).start.toUTC().toISO() ?? "",
      to:
        dayBounds(day(last.endMs - 1), zone)
          .end.toUTC()
          .toISO() ?? "",
    });
  } catch (error) {
    if (isCalendarError(error)) return "not_free";
    throw error;
  }
  // Busy time as disjoint intervals in order, then one sweep with the spans (also in start order): a span is
  // covered when the first interval that ends after its start begins before its end.
  const busy: { startMs: number; endMs: number }[] = [];
  for (const b of bookings
    .map((x) => ({ startMs: instantKey(x.start), endMs: instantKey(x.end) }))
    .sort((a, b) => a.startMs - b.startMs)) {
    const top = busy.at(-1);
    if (top !== undefined && b.startMs <= top.endMs) top.endMs = Math.max(top.endMs, b.endMs);
    else busy.push(b);
  }
  let i = 0;
  for (const span of spans) {
    while (i < busy.length && (busy[i]?.endMs ?? 0) <= span.startMs) i++;
    const interval = busy[i];
    if (interval === undefined || interval.startMs >= span.endMs) return "not_free";
  }
  return "taken";
}

/** The opening hours of one day as instants, for a reason that names them. */
function hoursOf(f: DayFacts): Partial<ReasonDetail> {
  return { hours: f.ranges.map((r) => ({ from: r.open.toISO() ?? "", to: r.close.toISO() ?? "" })) };
}

/** The first free slot at or after the minimum notice: the earliest the caller can book. */
function firstFree(free: SlotsByDate, noticeMs: number): Slot | undefined {
  return Object.keys(free)
    .sort()
    .flatMap((d) => free[d] ?? [])
    .find((s) => instantKey(s.start) >= noticeMs);
}

/** Profile facts for the dates of a wish, clipped to today and the booking window. */
function factsOf(
  profile: BusinessProfile,
  minutes: number,
  span: { from: string; to: string },
  today: string,
  last: string,
): DayFacts[] {
  const searched = clipDates(span, today, last);
  if (searched === null) return [];
  return datesBetween(searched.from, searched.to).map((date): DayFacts => {
    const start = dayBounds(date, profile.timezone).start;
    return { date, ranges: openingRanges(profile, start), grid: slotsOnDate(profile, minutes, start) };
  });
}

/**
 * Explains the wish. A clock time: past, beyond the window, closed, outside the hours (or today's closing gone),
 * too soon, ends after closing (or before a break), not a slot start, else not free. A day, daypart or
 * span: the same facts for its slots; null when at least one free slot meets it.
 */
export async function explain(input: ExplainInput): Promise<Explained> {
  const { session, service, requested, past, free } = input;
  const profile = session.business;
  const zone = session.zone;
  const now = session.now();
  const nowMs = now.toMillis();
  const today = now.toISODate() ?? "";
  const lastDay = lastBookableDate(profile, nowMs);
  const endMs = windowEndMs(profile, nowMs);
  const noticeMs = noticeStartMs(profile, nowMs);
  const explained = (reason: UnavailableReason | null, more: Partial<ReasonDetail> = {}): Explained => ({
    reason,
    detail: { ...NO_DETAIL, ...more },
  });
  const earliest = firstFree(free, noticeMs);
  const tooSoon = () =>
    explained("too_soon", {
      earliestStart:
        earliest === undefined ? null : slotLike(DateTime.fromISO(earliest.start, { setZone: true }), zone),
    });
  const closingOf = (f: DayFacts) => {
    const close = f.ranges.at(-1)?.close;
    return explained("day_over", close === undefined ? {} : { closesAt: { start: close.toISO() ?? "" } });
  };
  /** Today, and no start of the day is still to come. */
  const dayOver = (f: DayFacts) => f.date === today && !f.grid.some((s) => s.startMs >= nowMs);

  if (requested.date === null && requested.days === null) return explained(null);
  if (past) return explained("past");
  const span = requested.days ?? { from: requested.date ?? today, to: requested.date ?? today };
  if (span.from > lastDay) return explained("beyond_window", { bookableUntil: lastDay });

  const facts = factsOf(profile, service.minutes, span, today, lastDay);
  const open = facts.filter((f) => f.ranges.length > 0);
  const [only] = open;
  if (only === undefined) return explained("closed_day");
  const todayOver = open.length === 1 && dayOver(only);

  if (requested.time !== null && requested.date !== null) {
    const at = toInstant(requested.date, requested.time, zone);
    const atMs = at.toMillis();
    const index = only.ranges.findIndex((r) => at >= r.open && at < r.close);
    const range = only.ranges[index];
    if (range === undefined) return todayOver ? closingOf(only) : explained("outside_hours", hoursOf(only));
    if (atMs < noticeMs) {
      // Nothing of the day can be booked any more: that is the news, not the notice.
      return only.date === today && !only.grid.some((s) => s.startMs >= noticeMs)
        ? closingOf(only)
        : tooSoon();
    }
    if (at.plus({ minutes: service.minutes }) > range.close) {
      const latest = only.grid
        .filter(
          (s) => s.startMs >= Math.max(range.open.toMillis(), noticeMs) && s.endMs <= range.close.toMillis(),
        )
        .at(-1);
      const reopens = only.ranges[index + 1]?.open;
      return explained("ends_after_closing", {
        closesAt: { start: range.close.toISO() ?? "" },
        reopensAt: reopens === undefined ? null : { start: reopens.toISO() ?? "" },
        latestStart: latest === undefined ? null : slotLike(DateTime.fromMillis(latest.startMs), zone),
      });
    }
    const slot = only.grid.find((s) => s.startMs === atMs);
    if (slot === undefined) return explained("not_a_start");
    if (atMs >= endMs) return explained("beyond_window", { bookableUntil: lastDay });
    // One slot that is not free is said as "nicht frei", which is true whoever blocks it: proving "vergeben" would
    // cost a Cal.com request on every unavailable time (120 per minute per key). Whole days and dayparts are
    // looked up, since there "vergeben" and "geschlossen" tell the caller different things.
    return explained("not_free");
  }

  // A day, a daypart or a span of days: which of its slots could be had at all, and are any free?
  const inWish = (ms: number) => inTimeWindow(minuteOfDay(ms, zone), requested.window);
  const candidates = open.flatMap((f) => f.grid.filter((s) => inWish(s.startMs) && s.startMs < endMs));
  if (candidates.length === 0)
    return todayOver ? closingOf(only) : explained("outside_hours", open.length === 1 ? hoursOf(only) : {});
  const left = candidates.filter((s) => s.startMs >= nowMs);
  if (left.length === 0) return todayOver ? closingOf(only) : explained("past");
  const freeHere = open.some((f) => (free[f.date] ?? []).some((slot) => inWish(instantKey(slot.start))));
  if (freeHere) return explained(null);
  const bookable = left.filter((s) => s.startMs >= noticeMs);
  if (bookable.length === 0) return tooSoon();
  return explained(await blockedBy(session, bookable));
}
