/**
 * Wall time in the business zone -> absolute instant, and the bounds of a local day.
 * Both are built with `DateTime.fromObject(..., { zone })`, never by adding hours, because local days are not all
 * 24 hours long (26 Oct 2025 has 25 in Europe/Berlin, 29 Mar 2026 has 23).
 */
import { DateTime } from "luxon";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = DATE.exec(date);
  if (m === null) throw new RangeError(`expected a date as YYYY-MM-DD, got "${date}"`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
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
    { zone },
  );
  return checked(at, `${date} ${time} in ${zone}`);
}

/** Start of the local day and start of the next one, in `zone`; the span is 23, 24 or 25 hours. */
export function dayBounds(date: string, zone: string): { start: DateTime; end: DateTime } {
  const start = checked(DateTime.fromObject(parseDate(date), { zone }), `${date} in ${zone}`);
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
