/**
 * Absolute instants and wall time in the business zone, both ways: the instant of a local date and time, the bounds
 * of a local day, and the local date and time of an instant. Every such conversion in the kit goes through here or
 * `speak.ts` (which says them in German), so a UTC time never passes for a local one (F2 of the reference call).
 * Instants are built with `DateTime.fromObject(..., { zone })`, never by adding hours, because local days are not all
 * 24 hours long (26 Oct 2025 has 25 in Europe/Berlin, 29 Mar 2026 has 23).
 */
import { DateTime } from "luxon";
import { partsOf, plainDateOfIso } from "./plain-date.ts";
import { zoneNamed } from "./zone-clock.ts";

/** An instant must say where it is: a wall time without offset is exactly the ambiguity that leaked UTC. */
const WITH_OFFSET = /T.*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** An ISO instant with offset (`2025-10-27T06:00:00.000Z`, `...+01:00`) or a luxon DateTime. */
export type Instant = string | DateTime;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseDate(date: string): { year: number; month: number; day: number } {
  const plain = plainDateOfIso(date);
  if (plain === null) throw new RangeError(`expected a date as YYYY-MM-DD, got "${date}"`);
  return partsOf(plain);
}

function checked(value: DateTime, what: string): DateTime {
  if (!value.isValid)
    throw new RangeError(`${what}: ${value.invalidExplanation ?? value.invalidReason ?? "invalid"}`);
  return value;
}

/**
 * The instant of a local date and wall time in `zone`.
 * A wall time that does not exist (02:30 on 29 Mar 2026, skipped by spring-forward) moves forward by the gap, as
 * luxon does: 03:30+02:00. A wall time that happens twice (02:30 on 26 Oct 2025) is the later one, 02:30+01:00, as
 * luxon picks. Slots come from the calendar as instants, so neither case arises for a slot that was offered.
 */
export function toInstant(date: string, time: string, zone: string): DateTime {
  const clock = TIME.exec(time);
  if (clock === null) throw new RangeError(`expected a time as HH:MM, got "${time}"`);
  const at = DateTime.fromObject(
    { ...parseDate(date), hour: Number(clock[1]), minute: Number(clock[2]) },
    { zone: zoneNamed(zone) },
  );
  return checked(at, `${date} ${time} in ${zone}`);
}

/** Start of the local day and start of the next one, in `zone`; the span is 23, 24 or 25 hours. */
export function dayBounds(date: string, zone: string): { start: DateTime; end: DateTime } {
  const start = checked(
    DateTime.fromObject(parseDate(date), { zone: zoneNamed(zone) }),
    `${date} in ${zone}`,
  );
  // `plus({ days: 1 })` keeps the wall time (midnight) on the next day, whatever the length of this one.
  return { start, end: start.plus({ days: 1 }) };
}

/**
 * The local dates from `from` to `to` inclusive (`YYYY-MM-DD`), counted as calendar dates, so a 23- or 25-hour day
 * is one date like any other. Empty when `to` is before `from`.
 */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = DateTime.utc(...dateParts(from)); (d.toISODate() ?? "") <= to; d = d.plus({ days: 1 }))
    out.push(d.toISODate() ?? "");
  return out;
}

function dateParts(date: string): [number, number, number] {
  const { year, month, day } = parseDate(date);
  return [year, month, day];
}

/** A span of local dates clipped to [`first`, `last`] (all `YYYY-MM-DD`); null when nothing of it remains. */
export function clipDates(
  span: { from: string; to: string },
  first: string,
  last: string,
): { from: string; to: string } | null {
  const from = span.from < first ? first : span.from;
  const to = span.to > last ? last : span.to;
  return from <= to ? { from, to } : null;
}

/**
 * Instants read from text, by zone and text: a call speaks, compares and checks the same few slots many times, and
 * reading ISO text is most of what luxon costs. A DateTime never changes, so one can be handed out again.
 */
const readInstants = new Map<string, DateTime>();
const MAX_READ_INSTANTS = 4_096;

/**
 * An instant (or a plain `YYYY-MM-DD`, taken as that local date) in `zone`. Throws RangeError for a string with
 * neither form, a wall time without offset among them, or one luxon cannot read.
 */
export function inZone(value: Instant, zone: string): DateTime {
  let parsed: DateTime;
  if (typeof value === "string") {
    const key = `${zone} ${value}`;
    const known = readInstants.get(key);
    if (known !== undefined) return known;
    if (plainDateOfIso(value) === null && !WITH_OFFSET.test(value)) {
      throw new RangeError(`"${value}" is neither YYYY-MM-DD nor an ISO instant with offset`);
    }
    parsed = DateTime.fromISO(value, { zone: zoneNamed(zone) });
    if (parsed.isValid) {
      if (readInstants.size >= MAX_READ_INSTANTS) readInstants.clear();
      readInstants.set(key, parsed);
    }
  } else {
    parsed = value.setZone(zoneNamed(zone));
  }
  if (!parsed.isValid) {
    throw new RangeError(
      `cannot read "${String(value)}" in zone "${zone}": ${parsed.invalidExplanation ?? ""}`,
    );
  }
  return parsed;
}

/**
 * Epoch milliseconds of an ISO instant: the one way offers, holds and bookings are compared, whatever offset each
 * was written with ("07:00+01:00" and "06:00Z" are one key). NaN for a string luxon cannot read.
 */
export function instantKey(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

/** Where an instant falls on the business's wall clock. */
export interface LocalTime {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  /** Local wall time, `HH:MM`. */
  time: string;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** The instant, epoch milliseconds. */
  ms: number;
}

/** The local date and wall time of an instant in `zone`, read once; throws like {@link inZone}. */
export function localOf(instant: Instant, zone: string): LocalTime {
  const at = inZone(instant, zone);
  // Fields, not `toFormat`: this runs once per slot offered, and luxon's formatter re-reads its pattern every call.
  return {
    date: `${String(at.year).padStart(4, "0")}-${twoDigits(at.month)}-${twoDigits(at.day)}`,
    time: `${twoDigits(at.hour)}:${twoDigits(at.minute)}`,
    minuteOfDay: at.hour * 60 + at.minute,
    ms: at.toMillis(),
  };
}

/**
 * Like {@link localOf} for a value from outside the kit's own code (a tool result read back as JSON, a model's
 * argument): null, never a throw, when it is not an instant with an offset.
 */
export function safeLocalOf(value: unknown, zone: string): LocalTime | null {
  if (typeof value !== "string" && !DateTime.isDateTime(value)) return null;
  try {
    return localOf(value, zone);
  } catch {
    return null;
  }
}

function twoDigits(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The local date `YYYY-MM-DD` of an instant (or plain date) in the zone. */
export function localDateOf(instant: Instant, zone: string): string {
  const at = inZone(instant, zone);
  return `${String(at.year).padStart(4, "0")}-${twoDigits(at.month)}-${twoDigits(at.day)}`;
}

/** The local time `HH:MM` of an instant in the zone. */
export function localTimeOf(instant: Instant, zone: string): string {
  const at = inZone(instant, zone);
  return `${twoDigits(at.hour)}:${twoDigits(at.minute)}`;
}

/** The local date and minute of an instant, `YYYY-MM-DDTHH:MM` (how the checks compare booked times); throws like {@link inZone}. */
export function localMinuteOf(instant: Instant, zone: string): string {
  const { date, time } = localOf(instant, zone);
  return `${date}T${time}`;
}

/** The instant written with the zone's offset: "2025-10-27T06:00:00Z" in Berlin is "2025-10-27T07:00:00.000+01:00". */
export function localIsoOf(instant: Instant, zone: string): string {
  return inZone(instant, zone).toISO() ?? "";
}
