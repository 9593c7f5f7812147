/**
 * Instants to spoken German, always in the business zone. This is the only place that turns an absolute
 * instant into local words (`instant.ts` gives its local date and time as data), so a UTC time can never reach the
 * caller (F2 of the reference call) and every list of times is sorted and grouped under its own date (F1, F3).
 */
import { type DateTime, Info } from "luxon";
import { type Instant, inZone as instantInZone, localDateOf } from "./instant.ts";
import { plainDate } from "./plain-date.ts";

export { type Instant, localDateOf, localTimeOf } from "./instant.ts";

/** The glue words of spoken dates and times; weekday and month names come from luxon's `de` locale. */
const WORDS = {
  at: "um",
  on: "am",
  oclock: "Uhr",
  or: "oder",
  and: "und",
  between: "zwischen",
  from: "von",
  until: "bis",
  since: "ab",
  before: "vor",
  midnight: "Mitternacht",
  /** Index = days after today. */
  relativeDays: ["heute", "morgen", "übermorgen"],
} as const;

const LOCALE = "de";

/** Where and when the words are spoken. */
export interface SpeakOptions {
  /** IANA zone of the business; every output is local time there. */
  zone: string;
  /** The call's clock; enables "heute/morgen/übermorgen" and hides the current year. */
  now?: string | DateTime;
  /** Word between alternatives; "and" when listing the caller's own bookings. Default "or". */
  conjunction?: "or" | "and";
}

/** An instant (or a plain `YYYY-MM-DD`, taken as that local date) in the zone; throws when unusable. */
const inZone = instantInZone;

/**
 * luxon's German names, read once: weekdays Monday first as `cccc` writes them, months as `MMMM` (the form used in a
 * date) and as `LLLL` (the form standing alone). Formatting a date from them spares luxon's formatter, which asks
 * `Intl` for each name of each date it writes.
 */
let names: { weekdays: string[]; months: string[]; standaloneMonths: string[] } | undefined;
function germanNames(): NonNullable<typeof names> {
  names ??= {
    weekdays: Info.weekdays("long", { locale: LOCALE }),
    months: Info.monthsFormat("long", { locale: LOCALE }),
    standaloneMonths: Info.months("long", { locale: LOCALE }),
  };
  return names;
}

/** "Montag" for the date's weekday (luxon's `cccc` in German). */
function weekdayName(dt: DateTime): string {
  return germanNames().weekdays[dt.weekday - 1] ?? "";
}

/** Whether two DateTimes of one zone fall on the same local date (luxon's `hasSame(other, "day")`). */
function sameDate(a: DateTime, b: DateTime): boolean {
  return a.day === b.day && a.month === b.month && a.year === b.year;
}

/** The year as luxon's `yyyy` writes it: at least four digits. */
function year4(dt: DateTime): string {
  return String(dt.year).padStart(4, "0");
}

/** A number below 100 as two digits. */
function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The local date, `YYYY-MM-DD` (luxon's `toISODate()` for four-digit years). */
function isoDate(dt: DateTime): string {
  return `${year4(dt)}-${two(dt.month)}-${two(dt.day)}`;
}

/** Sorted by instant, duplicates dropped: spoken lists are always chronological (invariant 7). */
function sortedUnique(instants: readonly Instant[], zone: string): DateTime[] {
  const byMillis = new Map<number, DateTime>();
  for (const instant of instants) {
    const dt = inZone(instant, zone);
    byMillis.set(dt.toMillis(), dt);
  }
  return [...byMillis.values()].sort((a, b) => a.toMillis() - b.toMillis());
}

/** "a", "a oder b", "a, b oder c". */
function joinList(items: readonly string[], word: string): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

function conjunctionOf(o: SpeakOptions): string {
  return o.conjunction === "and" ? WORDS.and : WORDS.or;
}

/** Whole calendar days from now's date to the day's date; counted on dates, so a 25-hour day is still one. */
function daysFromNow(day: DateTime, now: DateTime): number {
  const dayNumber = (d: DateTime) => plainDate(d.year, d.month, d.day) ?? Number.NaN;
  return dayNumber(day) - dayNumber(now);
}

/** "7:00", "14:45" (luxon's `H:mm`). */
function clock(dt: DateTime): string {
  return `${dt.hour}:${two(dt.minute)}`;
}

/** Weekday, day, month (year only outside now's year), and the relative word when now is known. */
function dateParts(instantOrDate: Instant, o: SpeakOptions): { relative: string | undefined; date: string } {
  const day = inZone(instantOrDate, o.zone);
  const now = o.now === undefined ? undefined : inZone(o.now, o.zone);
  const showYear = now !== undefined && now.year !== day.year;
  // luxon's "cccc, d. MMMM" and "cccc, d. MMMM yyyy".
  const date = `${weekdayName(day)}, ${day.day}. ${germanNames().months[day.month - 1]}${showYear ? ` ${year4(day)}` : ""}`;
  const relative = now === undefined ? undefined : WORDS.relativeDays[daysFromNow(day, now)];
  return { relative, date };
}

/** Local clock time: "7:00 Uhr", "14:45 Uhr" (24h, no leading zero). */
export function speakTime(instant: Instant, o: SpeakOptions): string {
  return `${clock(inZone(instant, o.zone))} ${WORDS.oclock}`;
}

/** "Montag, 27. Oktober"; "morgen, Sonntag, 26. Oktober" near now; "Montag, 4. Januar 2027" in another year. */
export function speakDate(instantOrDate: Instant, o: SpeakOptions): string {
  const { relative, date } = dateParts(instantOrDate, o);
  return relative === undefined ? date : `${relative}, ${date}`;
}

/** The date as an adverbial: "am Montag, 27. Oktober", or "morgen, Sonntag, 26. Oktober" (no "am" before "morgen"). */
export function speakOnDate(instantOrDate: Instant, o: SpeakOptions): string {
  const { relative, date } = dateParts(instantOrDate, o);
  return relative === undefined ? `${WORDS.on} ${date}` : `${relative}, ${date}`;
}

/** "Montag, 27. Oktober, um 7:00 Uhr" (relative prefix as in speakDate). */
export function speakSlot(instant: Instant, o: SpeakOptions): string {
  return `${speakDate(instant, o)}, ${WORDS.at} ${speakTime(instant, o)}`;
}

/** "um 9:00, 9:30 oder 10:00 Uhr": sorted; all instants must fall on one local day. */
export function speakTimesOnDay(instants: readonly Instant[], o: SpeakOptions): string {
  const sorted = sortedUnique(instants, o.zone);
  if (sorted.length === 0) throw new RangeError("speakTimesOnDay needs at least one instant");
  const days = new Set(sorted.map(isoDate));
  if (days.size > 1) {
    throw new RangeError(`speakTimesOnDay got several days (${[...days].join(", ")}); use speakSlotsByDay`);
  }
  return `${WORDS.at} ${joinList(sorted.map(clock), conjunctionOf(o))} ${WORDS.oclock}`;
}

/** A daypart window on one day: "zwischen 14:00 und 18:00 Uhr". */
export function speakBetween(from: Instant, to: Instant, o: SpeakOptions): string {
  const [start, end] = [inZone(from, o.zone), inZone(to, o.zone)];
  return `${WORDS.between} ${clock(start)} ${WORDS.and} ${clock(end)} ${WORDS.oclock}`;
}

/**
 * Chronological, grouped per local day, every group under its own date:
 * "am Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr".
 */
export function speakSlotsByDay(instants: readonly Instant[], o: SpeakOptions): string {
  const sorted = sortedUnique(instants, o.zone);
  if (sorted.length === 0) throw new RangeError("speakSlotsByDay needs at least one instant");
  const groups: DateTime[][] = [];
  for (const dt of sorted) {
    const last = groups.at(-1);
    const first = last?.[0];
    if (first !== undefined && sameDate(first, dt)) last?.push(dt);
    else groups.push([dt]);
  }
  // The conjunction goes between every pair of days: each group has inner commas, so a bare comma would blur them.
  return groups
    .map((group) => `${speakOnDate(group[0]!, o)}, ${speakTimesOnDay(group, o)}`)
    .join(`, ${conjunctionOf(o)} `);
}

/** A bound on one day: "ab 14:00 Uhr" (`since`) or "vor 10:00 Uhr" (`before`). */
export function speakBound(kind: "since" | "before", at: Instant, o: SpeakOptions): string {
  return `${WORDS[kind]} ${speakTime(at, o)}`;
}

/** A closing time: "bis 12:00 Uhr"; midnight (a range ending "24:00") is "bis Mitternacht", never "bis 0:00 Uhr". */
export function speakUntil(at: Instant, o: SpeakOptions): string {
  const end = inZone(at, o.zone);
  return end.hour === 0 && end.minute === 0
    ? `${WORDS.until} ${WORDS.midnight}`
    : `${WORDS.until} ${speakTime(end, o)}`;
}

/**
 * Opening ranges of one day: "von 7:00 bis 12:00 Uhr", "von 7:30 bis 12:30 Uhr und von 13:30 bis 19:00 Uhr";
 * a range to midnight is "ab 16:00 Uhr bis Mitternacht".
 */
export function speakOpening(ranges: readonly { from: Instant; to: Instant }[], o: SpeakOptions): string {
  if (ranges.length === 0) throw new RangeError("speakOpening needs at least one range");
  const one = (r: { from: Instant; to: Instant }) => {
    const [from, to] = [inZone(r.from, o.zone), inZone(r.to, o.zone)];
    if (to.hour === 0 && to.minute === 0) return `${speakBound("since", from, o)} ${speakUntil(to, o)}`;
    return `${WORDS.from} ${clock(from)} ${WORDS.until} ${clock(to)} ${WORDS.oclock}`;
  };
  return joinList(ranges.map(one), WORDS.and);
}

/**
 * A span of days as an adverbial: "von Samstag, 1. November, bis Sonntag, 2. November", "von morgen, Sonntag,
 * 26. Oktober, bis Dienstag, 28. Oktober"; a span of one day is {@link speakOnDate}.
 */
export function speakDays(from: Instant, to: Instant, o: SpeakOptions): string {
  if (localDateOf(from, o.zone) === localDateOf(to, o.zone)) return speakOnDate(from, o);
  return `${WORDS.from} ${speakDate(from, o)}, ${WORDS.until} ${speakDate(to, o)}`;
}

/**
 * Weekday names of dates, in the order given, runs of three or more consecutive days joined with "bis":
 * "Dienstag und Freitag", "Montag bis Donnerstag".
 */
export function speakWeekdays(dates: readonly Instant[], o: SpeakOptions): string {
  const days = dates.map((d) => inZone(d, o.zone));
  const runs: DateTime[][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run !== undefined && last !== undefined && day.weekday === last.weekday + 1) run.push(day);
    else runs.push([day]);
  }
  const name = weekdayName;
  const parts = runs.flatMap((run) => {
    const [first] = run;
    const last = run.at(-1);
    if (first === undefined || last === undefined) return [];
    return run.length >= 3 ? [`${name(first)} ${WORDS.until} ${name(last)}`] : run.map(name);
  });
  return joinList(parts, WORDS.and);
}

/** Names joined as spoken: "a", "a oder b", "a, b oder c" (`and`: "a, b und c"). */
export function speakList(items: readonly string[], conjunction: "or" | "and" = "or"): string {
  return joinList(items, conjunction === "and" ? WORDS.and : WORDS.or);
}

/** German weekday names, Monday first: "Montag" to "Sonntag". */
export function weekdayNames(): string[] {
  return [...germanNames().weekdays];
}

/** A moment as the agent is told it: weekday "Samstag", date "25. Oktober 2025", time "20:17" (24h), in the zone. */
export function speakMoment(now: Instant, zone: string): { weekday: string; date: string; time: string } {
  const local = inZone(now, zone);
  // luxon's "cccc", "d. LLLL yyyy" and "HH:mm".
  return {
    weekday: weekdayName(local),
    date: `${local.day}. ${germanNames().standaloneMonths[local.month - 1]} ${year4(local)}`,
    time: `${two(local.hour)}:${two(local.minute)}`,
  };
}
