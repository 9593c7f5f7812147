/**
 * The calendar rules of DESIGN.md "Time semantics": which day a date or day-span mention names, seen from the
 * moment it was said in the business zone. Days are {@link PlainDate}s, so "übermorgen" never adds 48 hours across
 * the 25-hour 26 Oct 2025; only the reference moment itself is read with luxon, once per moment and zone.
 */
import { DateTime } from "luxon";
import { ConfigError } from "../errors.ts";
import type { DateSpec, DaysSpec } from "./mentions.ts";
import { WEEK_PARTS } from "./numbers.ts";
import { mondayOf, type PlainDate, partsOf, plainDate, weekdayOf } from "./plain-date.ts";
import { zoneNamed } from "./zone-clock.ts";

/** The reference moment: today's date and the wall-clock minute in the zone. */
export interface Reference {
  /** Today in the zone. */
  today: PlainDate;
  /** Minutes since local midnight on the wall clock. */
  minuteOfDay: number;
  /** The moment itself in the zone, for durations from now ("in zwei Stunden"). */
  moment: DateTime;
}

/**
 * Longest zone name looked up. The longest IANA name has 32 characters ("America/Argentina/ComodRivadavia"); a longer
 * one is unknown without asking luxon, so a hostile name never reaches the zone cache below.
 */
const MAX_ZONE_NAME_LENGTH = 64;

const knownZones = new Map<string, boolean>();
function isKnownZone(zone: string): boolean {
  if (zone.length > MAX_ZONE_NAME_LENGTH) return false;
  let known = knownZones.get(zone);
  if (known === undefined) {
    known = DateTime.now().setZone(zone).isValid;
    // Zones are few; the cache spares a luxon zone look-up per phrase in `termin resolve --jsonl`.
    if (knownZones.size < 1000) knownZones.set(zone, known);
  }
  return known;
}

/**
 * References already read, by zone and moment. A call's lines are all said at one moment, and reading an ISO string
 * in a zone (luxon's offset look-ups) costs more than resolving a phrase; bounded, since `termin resolve --jsonl`
 * may bring a new moment on every line.
 */
const references = new Map<string, Reference>();
const MAX_REFERENCES = 256;

/** Turns `now` and `zone` into a {@link Reference}; throws ConfigError for an unknown zone or an unreadable `now`. */
export function referenceOf(now: string | DateTime, zone: string): Reference {
  const key = typeof now === "string" ? `${zone}\n${now}` : `${zone}\n${now.toMillis()}`;
  const cached = references.get(key);
  if (cached !== undefined) return cached;
  // The messages quote the value cut short: it may come from a JSONL line or a transcript.
  const shown = (value: string) =>
    value.length > MAX_ZONE_NAME_LENGTH ? `${value.slice(0, MAX_ZONE_NAME_LENGTH)}…` : value;
  if (!isKnownZone(zone))
    throw new ConfigError(`unknown time zone "${shown(zone)}" (expected an IANA name like Europe/Berlin)`);
  const local =
    typeof now === "string" ? DateTime.fromISO(now, { zone: zoneNamed(zone) }) : now.setZone(zoneNamed(zone));
  const today = local.isValid ? plainDate(local.year, local.month, local.day) : null;
  if (today === null) {
    throw new ConfigError(
      `cannot read the time "${shown(String(now))}" (expected ISO 8601 like 2025-10-25T20:17:50+02:00)`,
    );
  }
  const reference = { today, minuteOfDay: local.hour * 60 + local.minute, moment: local };
  if (references.size >= MAX_REFERENCES) references.clear();
  references.set(key, reference);
  return reference;
}

/** The calendar date a date mention names, seen from `today`; null when no such day exists ("30. Februar"). */
export function dateOf(spec: DateSpec, today: PlainDate): PlainDate | null {
  switch (spec.type) {
    case "offset":
      return today + spec.days;
    case "weekday": {
      const { rule, weekday } = spec;
      const todayWeekday = weekdayOf(today);
      if (rule === "last") return today - ((todayWeekday - weekday + 7) % 7 || 7);
      if (typeof rule === "object" && "inDays" in rule) return weekdayInDaysOf(weekday, rule.inDays, today);
      if (typeof rule === "object") return mondayOf(today) + 7 * rule.weeks + weekday - 1;
      if (rule === "this") return today + ((weekday - todayWeekday + 7) % 7);
      const ahead = (weekday - todayWeekday + 7) % 7 || 7;
      return today + (rule === "after-next" ? ahead + 7 : ahead);
    }
    case "nth-weekday": {
      const { year } = partsOf(today);
      for (const y of [year, year + 1]) {
        const first = plainDate(y, spec.month, 1);
        if (first === null) return null;
        const date = first + ((spec.weekday - weekdayOf(first) + 7) % 7) + 7 * (spec.n - 1);
        // A fifth Monday that falls into the next month does not exist.
        if (partsOf(date).month !== spec.month) return null;
        if (date >= today) return date;
      }
      return null;
    }
    case "day": {
      const date = dayOfMonth(spec, today);
      if (date === null || (spec.weekday !== null && weekdayOf(date) !== spec.weekday)) return null;
      return date;
    }
  }
}

/**
 * "<Wochentag> in N Tagen/Wochen". The day N days from today when it is that weekday ("Dienstag in drei Tagen" said
 * on a Saturday). Otherwise the offset counts weeks: N = 7·w, or 7·w + 1 as German counts a week ("in acht Tagen",
 * "in fünfzehn Tagen"). The weekday is then w weeks after its next occurrence after today ("Dienstag in einer Woche"
 * said on Saturday 25 Oct = Tuesday 4 Nov), or today + w weeks when today is that weekday. Any other offset cannot be
 * reconciled with the weekday ("Dienstag in fünf Tagen" on a Saturday): null, like a weekday that contradicts a date.
 */
function weekdayInDaysOf(weekday: number, inDays: number, today: PlainDate): PlainDate | null {
  const exact = today + inDays;
  if (weekdayOf(exact) === weekday) return exact;
  const weeks = inDays % 7 === 0 ? inDays / 7 : inDays >= 8 && inDays % 7 === 1 ? (inDays - 1) / 7 : 0;
  if (weeks === 0) return null;
  const ahead = (weekday - weekdayOf(today) + 7) % 7;
  return today + ahead + 7 * weeks;
}

function dayOfMonth(spec: Extract<DateSpec, { type: "day" }>, today: PlainDate): PlainDate | null {
  const { day, month, year } = spec;
  if (month !== null && year !== null) return plainDate(year, month, day);
  const now = partsOf(today);
  if (month !== null) {
    // This year if that day is still to come (today counts), else next year.
    const thisYear = plainDate(now.year, month, day);
    if (thisYear !== null && thisYear >= today) return thisYear;
    return plainDate(now.year + 1, month, day);
  }
  // "am 27.": this month if the 27th is still to come, else the next month that has one ("am 31." on 3 Nov = 31 Dec).
  const first = now.year * 12 + now.month - 1 + (day >= now.day ? 0 : 1);
  for (let months = first; months < first + 12; months++) {
    const date = plainDate(Math.floor(months / 12), (months % 12) + 1, day);
    if (date !== null) return date;
  }
  return null;
}

/**
 * The first and last day of a day-span mention, seen from `today`. A span that reaches today starts no earlier than
 * today ("diese Woche" said on Wednesday is Wednesday-Sunday); a part of this week that is over is that part of
 * next week ("Anfang der Woche" said on Wednesday). Only "letzte Woche" and "letztes Wochenende" lie in the past.
 */
export function daysOf(spec: DaysSpec, today: PlainDate): { from: PlainDate; to: PlainDate } {
  let from: PlainDate;
  let to: PlainDate;
  switch (spec.type) {
    case "next-days":
      return { from: today, to: today + spec.days };
    case "week": {
      const [first, last] = spec.part === "all" ? [1, 7] : WEEK_PARTS[spec.part];
      let monday = mondayOf(today) + 7 * spec.weeks;
      if (spec.weeks === 0 && monday + last - 1 < today) monday += 7;
      from = monday + first - 1;
      to = monday + last - 1;
      break;
    }
    case "weekend": {
      const { rule } = spec;
      // The next Saturday after today: said Monday-Friday the coming one, said on a weekend the following one.
      const next = today + ((6 - weekdayOf(today) + 7) % 7 || 7);
      if (rule === "next" || rule === "after-next") from = rule === "next" ? next : next + 7;
      else if (rule === "last") from = mondayOf(today) - 2;
      else from = mondayOf(today) + 7 * rule.weeks + 5;
      to = from + 1;
      break;
    }
  }
  return { from: to >= today && from < today ? today : from, to };
}
