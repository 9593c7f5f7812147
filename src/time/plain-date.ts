/**
 * Calendar dates as whole days since 1970-01-01, for the resolver's day arithmetic. A date has no zone and no hours,
 * so "übermorgen" is two days later whatever the length of the days between (26 Oct 2025 has 25 hours in Berlin),
 * and adding days is adding integers: no objects, no time zone look-ups. Proleptic Gregorian calendar, the
 * conversions of Howard Hinnant's `chrono`-compatible date algorithms.
 */

/** A calendar date: days since 1970-01-01 (a Thursday). */
export type PlainDate = number;

/** Days before 1970-01-01 from 0000-03-01, the start of a 400-year era in these algorithms. */
const EPOCH_SHIFT = 719_468;
const DAYS_PER_ERA = 146_097;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days in a month (1-12) of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The date of a year, month (1-12) and day; null when there is no such day ("30. Februar", month 13). */
export function plainDate(year: number, month: number, day: number): PlainDate | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
}

/** Year, month (1-12) and day of a date. */
export function partsOf(date: PlainDate): { year: number; month: number; day: number } {
  const z = date + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const m = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * m + 2) / 5) + 1;
  const month = m < 10 ? m + 3 : m - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday of a date: Monday 1 to Sunday 7. */
export function weekdayOf(date: PlainDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((date + 3) % 7) + 7) % 7) + 1;
}

/** The Monday of the Monday-Sunday week of a date. */
export function mondayOf(date: PlainDate): PlainDate {
  return date - weekdayOf(date) + 1;
}

/** `YYYY-MM-DD`. */
export function isoOf(date: PlainDate): string {
  const { year, month, day } = partsOf(date);
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The date of a `YYYY-MM-DD`; null for any other text or a day that does not exist. */
export function plainDateOfIso(text: string): PlainDate | null {
  const m = ISO_DATE.exec(text);
  return m === null ? null : plainDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
