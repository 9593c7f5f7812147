import { DateTime } from "luxon";
import type { BusinessProfile } from "../calendar/profile.ts";
import { WEEKDAY_KEYS } from "../calendar/profile.ts";
import { dayBounds, toInstant } from "../time/instant.ts";
import { resolve } from "../time/resolve.ts";
import type { Requested, UnavailableReason } from "./types.ts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** The result of reading the caller's day and time words. */
export interface ReadRequest {
  requested: Requested;
  /** The words could only mean a time already gone. */
  past: boolean;
}

/**
 * Reads the model's `day` and `time` arguments (the caller's own words, or ISO values) with `src/time`
 * against the call's clock. A time without a day keeps the day asked for before ("doch lieber um elf").
 */
export function readRequest(
  day: string | null,
  time: string | null,
  now: DateTime,
  zone: string,
  previous: Requested | null,
): ReadRequest {
  let date: string | null = null;
  let clock: string | null = null;
  let window: Requested["window"] = null;
  let past = false;
  const words: string[] = [];
  // An ISO date only counts when it exists ("2025-11-31" does not); otherwise the resolver reads the words.
  if (day !== null && ISO_DATE.test(day.trim()) && DateTime.fromISO(day.trim(), { zone }).isValid)
    date = day.trim();
  else if (day !== null && day.trim() !== "") words.push(day.trim());
  if (time !== null && HHMM.test(time.trim())) clock = time.trim().padStart(5, "0");
  else if (time !== null && time.trim() !== "") words.push(time.trim());
  if (words.length > 0) {
    const r = resolve(words.join(" "), { now, zone });
    date = date ?? r.date;
    clock = clock ?? r.time;
    window = r.window;
    past = r.past;
  }
  if (date === null && (clock !== null || window !== null)) date = previous?.date ?? null;
  if (date !== null && clock !== null) {
    const at = toInstant(date, clock, zone);
    if (at < now) past = true;
  } else if (date !== null && date < (now.toISODate() ?? "")) past = true;
  return { requested: { date, time: clock, window }, past };
}

/** Opening ranges (`[from, to]` local HH:MM) of the business on a local date. */
export function openingHours(profile: BusinessProfile, date: string): [string, string][] {
  const weekday = dayBounds(date, profile.timezone).start.weekday;
  const key = WEEKDAY_KEYS[weekday - 1];
  return key === undefined ? [] : (profile.hours[key] ?? []);
}

/**
 * Why the requested time (or day) is not offered as asked: past, too soon, beyond the booking window,
 * a closed day, outside opening hours, or taken. `hasFreeSlots` says whether the requested day (inside the
 * caller's daypart window, if any) still has a free slot.
 */
export function unavailableReason(
  requested: Requested,
  past: boolean,
  profile: BusinessProfile,
  now: DateTime,
  serviceMinutes: number,
  hasFreeSlots: boolean,
): UnavailableReason | null {
  if (requested.date === null) return null;
  if (past) return "past";
  const zone = profile.timezone;
  if (requested.time !== null) {
    const at = toInstant(requested.date, requested.time, zone);
    if (at < now.plus({ minutes: profile.minimumNoticeMinutes })) return "too_soon";
  }
  const lastDay =
    now.setZone(zone).startOf("day").plus({ days: profile.bookingWindowDays }).toISODate() ?? "";
  if (requested.date > lastDay) return "beyond_window";
  const hours = openingHours(profile, requested.date);
  if (hours.length === 0) return "closed_day";
  if (requested.time !== null) {
    const t = requested.time;
    const end = toInstant(requested.date, t, zone).plus({ minutes: serviceMinutes }).toFormat("HH:mm");
    const range = hours.find(([from, to]) => t >= from && (end <= to || to === "24:00") && end > t);
    if (range === undefined) return "outside_hours";
    // Slots start at opening time and repeat every service length (Cal.com's default).
    const offset = toInstant(requested.date, t, zone).diff(
      toInstant(requested.date, range[0], zone),
      "minutes",
    ).minutes;
    if (offset % serviceMinutes !== 0) return "not_a_start";
    return "taken";
  }
  const window = requested.window;
  if (window !== null && !hours.some(([from, to]) => from < window.to && window.from < to))
    return "outside_hours";
  return hasFreeSlots ? null : "taken";
}
