/**
 * The slot grid of a business profile, as Cal.com computes it by default: each opening range yields starts at
 * opening time, one every service length, each ending by closing time. The simulator offers slots from it, and
 * the booking handlers read it to say why a time is not offered (closing time, the latest start that fits). Opening and closing are built per
 * local date in the business zone (never by adding hours to midnight), and the steps between them are
 * exact minutes, so a 25-hour or 23-hour day gets exactly the slots its wall-clock hours promise.
 */
import { DateTime } from "luxon";
import { type BusinessProfile, WEEKDAY_KEYS } from "./profile.ts";

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

// The grid of one date depends only on the profile's hours, so it is computed once per profile, length and
// date: luxon's zone offset lookups (Intl) dominate the simulator's time otherwise.
const gridCache = new WeakMap<BusinessProfile, Map<string, readonly SlotSpan[]>>();

/** The slots opening hours allow on one local date (`date` is any time on that date, in the business zone). */
export function slotsOnDate(profile: BusinessProfile, minutes: number, date: DateTime): SlotSpan[] {
  let byDate = gridCache.get(profile);
  if (byDate === undefined) {
    byDate = new Map();
    gridCache.set(profile, byDate);
  }
  const key = `${minutes}|${date.toISODate()}`;
  let grid = byDate.get(key);
  if (grid === undefined) {
    grid = computeSlotsOnDate(profile, minutes, date);
    byDate.set(key, grid);
  }
  return grid.map((span) => ({ ...span }));
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

function computeSlotsOnDate(profile: BusinessProfile, minutes: number, date: DateTime): SlotSpan[] {
  const spans: SlotSpan[] = [];
  for (const { open, close } of openingRanges(profile, date)) {
    const closeMs = close.toMillis();
    for (let start = open; ; start = start.plus({ minutes })) {
      const end = start.plus({ minutes });
      if (end.toMillis() > closeMs) break;
      spans.push({ startMs: start.toMillis(), endMs: end.toMillis() });
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
  const zone = profile.timezone;
  const lastDate = DateTime.fromMillis(toMs, { zone }).startOf("day");
  const spans: SlotSpan[] = [];
  // Walk local dates (calendar days, not 24-hour steps) from the range's first local date to its last.
  for (
    let date = DateTime.fromMillis(fromMs, { zone }).startOf("day");
    date <= lastDate;
    date = date.plus({ days: 1 })
  ) {
    for (const span of slotsOnDate(profile, minutes, date)) {
      if (span.startMs >= fromMs && span.startMs < toMs) spans.push(span);
    }
  }
  return spans;
}

/**
 * The end of the booking window: the end of the local day `bookingWindowDays` calendar days after today, as
 * Cal.com's rolling period counts it (`isOutOfBounds`: now + periodDays, `endOf("day")`). Exclusive.
 */
export function windowEndMs(profile: BusinessProfile, nowMs: number): number {
  return DateTime.fromMillis(nowMs, { zone: profile.timezone })
    .startOf("day")
    .plus({ days: profile.bookingWindowDays + 1 })
    .toMillis();
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
