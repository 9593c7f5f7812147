/**
 * The slot grid of a business profile, as Cal.com computes it by default: each opening range yields starts at
 * opening time, one every service length, each ending by closing time. The simulator offers slots from it, and
 * the booking handlers read it to say why a time is not offered (closing time, the latest start that fits). Opening and closing are built per
 * local date in the business zone (never by adding hours to midnight), and the steps between them are
 * exact minutes, so a 25-hour or 23-hour day gets exactly the slots its wall-clock hours promise.
 */
import { DateTime } from "luxon";
import { type BusinessProfile, WEEKDAY_KEYS } from "./profile.ts";
import { zoneClock } from "./sim-time.ts";

/** A candidate slot as epoch milliseconds (half-open: [startMs, endMs)). */
export interface SlotSpan {
  startMs: number;
  endMs: number;
}

/** True when two half-open spans share any instant. */
export function spansOverlap(a: SlotSpan, b: SlotSpan): boolean {
  return a.startMs < b.endMs && b.startMs < a.endMs;
}

/** Wall time `HH:MM` (or `24:00`, the next midnight) on a local date, as an instant in `zone`. */
export function wallTime(date: DateTime, hhmm: string, zone: string): DateTime {
  const [hour = 0, minute = 0] = hhmm.split(":").map(Number);
  const day = { year: date.year, month: date.month, day: date.day };
  if (hour === 24) return DateTime.fromObject(day, { zone }).plus({ days: 1 }).startOf("day");
  return DateTime.fromObject({ ...day, hour, minute }, { zone });
}

const DAY_MS = 86_400_000;

// The grid of one date depends only on the profile's hours, so it is computed once per profile, length and
// date (a day count from 1970-01-01): luxon's zone offset lookups (Intl) dominate the simulator's time otherwise.
const gridCache = new WeakMap<BusinessProfile, Map<number, Map<number, readonly SlotSpan[]>>>();

/** The cached grid of local date `day`; `date` is that date as a DateTime in the business zone, if at hand. */
function gridOf(
  profile: BusinessProfile,
  minutes: number,
  day: number,
  date?: DateTime,
): readonly SlotSpan[] {
  let byMinutes = gridCache.get(profile);
  if (byMinutes === undefined) {
    byMinutes = new Map();
    gridCache.set(profile, byMinutes);
  }
  let byDay = byMinutes.get(minutes);
  if (byDay === undefined) {
    byDay = new Map();
    byMinutes.set(minutes, byDay);
  }
  let grid = byDay.get(day);
  if (grid === undefined) {
    grid = computeSlotsOnDate(profile, minutes, date ?? dateOfDay(day, profile.timezone));
    byDay.set(day, grid);
  }
  return grid;
}

/** The day count from 1970-01-01 of a calendar date. */
function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** Local date `day` as a DateTime in `zone` (its start; null for a date the zone skipped). */
function dateOfDay(day: number, zone: string): DateTime | null {
  const d = new Date(day * DAY_MS);
  const date = DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    { zone },
  );
  return dayOf(date.year, date.month, date.day) === day ? date : null;
}

/** The slots opening hours allow on one local date (`date` is any time on that date, in the business zone). */
export function slotsOnDate(profile: BusinessProfile, minutes: number, date: DateTime): SlotSpan[] {
  return gridOf(profile, minutes, dayOf(date.year, date.month, date.day), date).map((span) => ({ ...span }));
}

/** The opening ranges of one local date (any time on it, in the business zone) as instants; closed: none. */
export function openingRanges(
  profile: BusinessProfile,
  date: DateTime,
): { open: DateTime; close: DateTime }[] {
  const key = WEEKDAY_KEYS[date.weekday - 1];
  const ranges = key === undefined ? [] : (profile.hours[key] ?? []);
  return ranges
    .map(([open, close]) => ({
      open: wallTime(date, open, profile.timezone),
      close: wallTime(date, close, profile.timezone),
    }))
    .sort((a, b) => a.open.toMillis() - b.open.toMillis());
}

function computeSlotsOnDate(profile: BusinessProfile, minutes: number, date: DateTime | null): SlotSpan[] {
  if (date === null) return [];
  const stepMs = minutes * 60_000;
  const spans: SlotSpan[] = [];
  for (const { open, close } of openingRanges(profile, date)) {
    // Exact minutes from opening (as luxon's plus({ minutes }) counts them), so a DST night inside a range
    // gets the slots its real length holds.
    const closeMs = close.toMillis();
    for (let startMs = open.toMillis(); startMs + stepMs <= closeMs; startMs += stepMs) {
      spans.push({ startMs, endMs: startMs + stepMs });
    }
  }
  return spans.sort((a, b) => a.startMs - b.startMs);
}

/** The slots opening hours allow with a start in [fromMs, toMs), chronological. */
export function slotsBetween(
  profile: BusinessProfile,
  minutes: number,
  fromMs: number,
  toMs: number,
): SlotSpan[] {
  const clock = zoneClock(profile.timezone);
  const lastDay = clock.localDay(toMs);
  const spans: SlotSpan[] = [];
  // Walk local dates (calendar days, not 24-hour steps) from the range's first local date to its last.
  for (let day = clock.localDay(fromMs); day <= lastDay; day++) {
    for (const span of gridOf(profile, minutes, day)) {
      if (span.startMs >= fromMs && span.startMs < toMs) spans.push({ ...span });
    }
  }
  return spans;
}

/** Window ends kept (one per zone, window length, local date and offset of "now"). */
const MAX_WINDOW_ENDS = 1_000;
const windowEnds = new Map<string, number>();

/**
 * The end of the booking window: the end of the local day `bookingWindowDays` calendar days after today, as
 * Cal.com's rolling period counts it (`isOutOfBounds`: now + periodDays, `endOf("day")`). Exclusive.
 */
export function windowEndMs(profile: BusinessProfile, nowMs: number): number {
  // luxon's answer depends on today's local date and the offset now (its guess for midnight's offset), so it is
  // kept per both: the simulator asks on every query.
  const zone = profile.timezone;
  const clock = zoneClock(zone);
  const key = `${zone}|${profile.bookingWindowDays}|${clock.localDay(nowMs)}|${clock.offsetMinutes(nowMs)}`;
  let endMs = windowEnds.get(key);
  if (endMs === undefined) {
    endMs = DateTime.fromMillis(nowMs, { zone })
      .startOf("day")
      .plus({ days: profile.bookingWindowDays + 1 })
      .toMillis();
    if (windowEnds.size >= MAX_WINDOW_ENDS) windowEnds.clear();
    windowEnds.set(key, endMs);
  }
  return endMs;
}

/** The last local date (`YYYY-MM-DD`) the booking window allows. */
export function lastBookableDate(profile: BusinessProfile, nowMs: number): string {
  return (
    DateTime.fromMillis(nowMs, { zone: profile.timezone })
      .startOf("day")
      .plus({ days: profile.bookingWindowDays })
      .toISODate() ?? ""
  );
}

/** The earliest bookable start: now plus the minimum notice. */
export function noticeStartMs(profile: BusinessProfile, nowMs: number): number {
  return nowMs + profile.minimumNoticeMinutes * 60_000;
}
