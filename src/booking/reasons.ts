/**
 * Why the caller's wish is not met as asked, from facts the kit can verify: the profile's hours, minimum notice
 * and booking window, and, for "vergeben", the calendar's own bookings. A time the calendar does not offer is only
 * called taken when bookings cover it; otherwise (a closure, someone's hold, an absence) it is just "not free".
 */
import { DateTime } from "luxon";
import type { SlotsByDate } from "../calendar/backend.ts";
import { openingRanges, type SlotSpan, slotsOnDate, spansOverlap } from "../calendar/grid.ts";
import type { BusinessProfile, Service } from "../calendar/profile.ts";
import { dayBounds, toInstant } from "../time/instant.ts";
import { isCalendarError } from "./failures.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { ReasonDetail, Requested, UnavailableReason } from "./types.ts";

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

const NO_DETAIL: ReasonDetail = {
  closesAt: null,
  latestStart: null,
  earliestStart: null,
  bookableUntil: null,
  hours: null,
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** A local instant as the slot-like object templates and checks read (`start`, `date`, `time`). */
function slotLike(at: DateTime, zone: string): { start: string; date: string; time: string } {
  const local = at.setZone(zone);
  return { start: local.toISO() ?? "", date: local.toISODate() ?? "", time: local.toFormat("HH:mm") };
}

/** Whether a slot start (epoch ms) lies in the time-of-day window on its local day. */
export function inWindow(startMs: number, window: Requested["window"], zone: string): boolean {
  if (window === null) return true;
  const local = DateTime.fromMillis(startMs, { zone });
  const m = local.hour * 60 + local.minute;
  return m >= minutesOf(window.from) && m < minutesOf(window.to);
}

/** The local dates of a span, clipped to [first, last]. */
function datesOf(from: string, to: string, first: string, last: string, zone: string): string[] {
  const out: string[] = [];
  const start = from < first ? first : from;
  const end = to > last ? last : to;
  for (let day = dayBounds(start, zone).start; (day.toISODate() ?? "") <= end; day = day.plus({ days: 1 })) {
    out.push(day.toISODate() ?? "");
  }
  return out;
}

/**
 * "taken" when every span overlaps a live booking of the calendar (one look-up over the spans' days), else
 * "not_free": the calendar hides those slots for a reason it does not give. A failed look-up says nothing false.
 */
async function blockedBy(session: BookingSession, spans: SlotSpan[]): Promise<"taken" | "not_free"> {
  if (spans.length === 0) return "not_free";
  const zone = session.zone;
  const first = spans.reduce((a, b) => (b.startMs < a.startMs ? b : a));
  const last = spans.reduce((a, b) => (b.endMs > a.endMs ? b : a));
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
  const busy = bookings.map((b) => ({ startMs: instantKey(b.start), endMs: instantKey(b.end) }));
  return spans.every((s) => busy.some((b) => spansOverlap(s, b))) ? "taken" : "not_free";
}

/** The local date's opening facts for a service: ranges, grid of starts. */
function dayFacts(profile: BusinessProfile, minutes: number, date: string) {
  const start = dayBounds(date, profile.timezone).start;
  return { ranges: openingRanges(profile, start), grid: slotsOnDate(profile, minutes, start) };
}

/** The opening hours of one day as instants, for a reason that names them. */
function hoursOf(f: { ranges: { open: DateTime; close: DateTime }[] }): Partial<ReasonDetail> {
  return { hours: f.ranges.map((r) => ({ from: r.open.toISO() ?? "", to: r.close.toISO() ?? "" })) };
}

/** Now plus the minimum notice, to the next full minute: nothing can be booked before it. */
export function earliestBookable(profile: BusinessProfile, now: DateTime): DateTime {
  const at = now.plus({ minutes: profile.minimumNoticeMinutes });
  return at.second === 0 && at.millisecond === 0 ? at : at.startOf("minute").plus({ minutes: 1 });
}

/** The last local date the booking window allows. */
export function lastBookableDay(profile: BusinessProfile, now: DateTime): string {
  return (
    now.setZone(profile.timezone).startOf("day").plus({ days: profile.bookingWindowDays }).toISODate() ?? ""
  );
}

/**
 * Explains the wish. A clock time: past, beyond the window, closed, outside the hours (or today's closing gone),
 * ends after closing, too soon, not a slot start, else taken or not free. A day, daypart or span: the same facts
 * for its slots; null when at least one free slot meets it.
 */
export async function explain(input: ExplainInput): Promise<Explained> {
  const { session, service, requested, past, free } = input;
  const profile = session.business;
  const zone = session.zone;
  const now = session.now();
  const today = now.toISODate() ?? "";
  const lastDay = lastBookableDay(profile, now);
  const notice = earliestBookable(profile, now);
  const detail = (more: Partial<ReasonDetail>): ReasonDetail => ({ ...NO_DETAIL, ...more });
  const explained = (reason: UnavailableReason | null, more: Partial<ReasonDetail> = {}): Explained => ({
    reason,
    detail: detail(more),
  });
  const tooSoon = () => explained("too_soon", { earliestStart: slotLike(notice, zone) });

  if (requested.date === null && requested.days === null) return explained(null);
  if (past) return explained("past");
  const span = requested.days ?? { from: requested.date ?? today, to: requested.date ?? today };
  if (span.from > lastDay) return explained("beyond_window", { bookableUntil: lastDay });

  const dates = datesOf(span.from, span.to, today, lastDay, zone);
  const facts = dates.map((date) => ({ date, ...dayFacts(profile, service.minutes, date) }));
  const open = facts.filter((f) => f.ranges.length > 0);
  if (open.length === 0) return explained("closed_day");
  const lastClose = (f: (typeof facts)[number]) => f.ranges.at(-1)?.close;
  const dayOver = (f: (typeof facts)[number]) =>
    f.date === today && !f.grid.some((s) => s.startMs >= now.toMillis());
  const todayOver = open.length === 1 && open[0] !== undefined && dayOver(open[0]);
  const closedToday = (f: (typeof facts)[number]) => {
    const close = lastClose(f);
    return explained("day_over", close === undefined ? {} : { closesAt: { start: close.toISO() ?? "" } });
  };

  if (requested.time !== null && requested.date !== null) {
    const [f] = open;
    if (f === undefined) return explained("closed_day");
    const at = toInstant(requested.date, requested.time, zone);
    const range = f.ranges.find((r) => at >= r.open && at < r.close);
    if (range === undefined) return todayOver ? closedToday(f) : explained("outside_hours", hoursOf(f));
    if (at.plus({ minutes: service.minutes }) > range.close) {
      const starts = f.grid.filter(
        (s) => s.startMs >= range.open.toMillis() && s.endMs <= range.close.toMillis(),
      );
      const latest = starts.at(-1);
      const latestAt = latest === undefined ? null : slotLike(DateTime.fromMillis(latest.startMs), zone);
      return explained("ends_after_closing", {
        closesAt: { start: range.close.toISO() ?? "" },
        latestStart: latestAt,
      });
    }
    if (at < notice) return tooSoon();
    const span = f.grid.find((s) => s.startMs === at.toMillis());
    if (span === undefined) return explained("not_a_start");
    return explained(await blockedBy(session, [span]));
  }

  // A day, a daypart or a span of days: which of its slots could be had at all, and are any free?
  const within = (f: (typeof facts)[number]) =>
    f.grid.filter((s) => inWindow(s.startMs, requested.window, zone));
  const candidates = open.flatMap(within);
  if (candidates.length === 0) {
    if (todayOver && open[0] !== undefined) return closedToday(open[0]);
    return explained("outside_hours", open.length === 1 && open[0] !== undefined ? hoursOf(open[0]) : {});
  }
  const left = candidates.filter((s) => s.startMs >= now.toMillis());
  if (left.length === 0) return todayOver && open[0] !== undefined ? closedToday(open[0]) : explained("past");
  const bookable = left.filter((s) => s.startMs >= notice.toMillis());
  const freeHere = open.some((f) =>
    (free[f.date] ?? []).some((slot) => inWindow(instantKey(slot.start), requested.window, zone)),
  );
  if (freeHere) return explained(null);
  if (bookable.length === 0) return tooSoon();
  return explained(await blockedBy(session, bookable));
}
