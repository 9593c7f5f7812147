import type { DateTime } from "luxon";
import { toInstant } from "../time/instant.ts";
import { plainDateOfIso } from "../time/plain-date.ts";
import { resolve } from "../time/resolve.ts";
import type { Requested } from "./types.ts";

const HHMM = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** The result of reading the caller's day and time words. */
export interface ReadRequest {
  requested: Requested;
  /** The words could only mean a time already gone. */
  past: boolean;
}

/** Whether the caller said when at all: a day, a span of days, or "as soon as possible". */
export function namesWhen(requested: Requested): boolean {
  return requested.date !== null || requested.days !== null || requested.earliest;
}

/**
 * Reads the model's `day` and `time` arguments (the caller's own words, or ISO values) with `src/time`
 * against the call's clock. A time without a day keeps the day (or span) asked for before ("doch lieber um elf").
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
  let days: Requested["days"] = null;
  let earliest = false;
  let past = false;
  const words: string[] = [];
  // An ISO date only counts when it exists ("2025-11-31" does not); otherwise the resolver reads the words.
  if (day !== null && plainDateOfIso(day.trim()) !== null) date = day.trim();
  else if (day !== null && day.trim() !== "") words.push(day.trim());
  if (time !== null && HHMM.test(time.trim())) clock = time.trim().padStart(5, "0");
  else if (time !== null && time.trim() !== "") words.push(time.trim());
  if (words.length > 0) {
    const r = resolve(words.join(" "), { now, zone });
    date = date ?? r.date;
    clock = clock ?? r.time;
    window = r.window;
    past = r.past;
    if (date === null) days = r.days;
    earliest = r.earliest;
  }
  if (date === null && days === null && !earliest && (clock !== null || window !== null)) {
    date = previous?.date ?? null;
    days = previous?.days ?? null;
    earliest = date === null && days === null && (previous?.earliest ?? false);
  }
  if (date !== null && clock !== null) {
    const at = toInstant(date, clock, zone);
    if (at < now) past = true;
  } else if (date !== null && date < (now.toISODate() ?? "")) past = true;
  return { requested: { date, time: clock, window, days, earliest }, past };
}
