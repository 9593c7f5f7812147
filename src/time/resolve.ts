/**
 * German phrase -> date and clock time in the business zone ("morgen um halb elf" -> 2025-10-26, 10:30).
 *
 * `resolve` takes the mentions `findMentions` finds in the caller's words (`mentions.ts`), picks the caller's date
 * and time from them (the last said wins; lists, ranges and bounds of clock times; a week named apart) and applies
 * the calendar rules of DESIGN.md "Time semantics" (`calendar.ts`). `placeMentions` gives the scanner every mention
 * with the day or clock time it names, read with the same rules.
 */
import { DateTime } from "luxon";
import { ConfigError, type SafeResult } from "../errors.ts";
import { dateOf, daysOf, type Reference, referenceOf } from "./calendar.ts";
import {
  type DateMention,
  findMentions,
  isBareWeekday,
  lowerSameLength,
  type RawMention,
  type Span,
  type TimeMention,
} from "./mentions.ts";
import { type Daypart, de, fold, type WORK_WORDS } from "./numbers.ts";
import { isoOf, mondayOf, type PlainDate, partsOf, plainDate, weekdayOf } from "./plain-date.ts";

export type { DateSpec, DaysSpec, RawMention } from "./mentions.ts";
export { findMentions } from "./mentions.ts";
export type { Daypart } from "./numbers.ts";

/** Options of {@link resolve}. */
export interface ResolveOptions {
  /** The moment the phrase was said: ISO string (an offset is honoured, none means wall time in `zone`) or DateTime. */
  now: string | DateTime;
  /** IANA zone of the business, e.g. `Europe/Berlin`. */
  zone: string;
  /** Hours 1-6 said without a morning word mean 13-18 (a salon opens in the morning). Default true. */
  salonHours?: boolean;
}

/** What a phrase says about date and time, in the business zone. */
export interface ResolveResult {
  /** YYYY-MM-DD in the zone. */
  date: string | null;
  /** HH:MM, 24 hours. */
  time: string | null;
  /**
   * The span the caller gave instead of one clock time: a range ("zwischen 14 und 16 Uhr", "von 10 bis 12"), a
   * bound ("vor 10" = 00:00-10:00, "ab 14 Uhr" = 14:00-23:59; a daypart said narrows the open end), or a daypart
   * said without a clock time ("morgen Nachmittag"). `to` is the end: a slot should start before it.
   */
  window: { from: string; to: string } | null;
  daypart: Daypart | null;
  /** The phrase can only mean the past ("gestern", "letzten Montag", "heute um 8" said at 9); date/time stay filled. */
  past: boolean;
  /** Fragments shaped like a date or time that name none ("30. Februar", "25 Uhr", "Montag, der 28." on a Tuesday). */
  unresolved: string[];
  /**
   * A span of days the caller named instead of one day ("am Wochenende", "nächste Woche"): inclusive local dates
   * YYYY-MM-DD. `date` is null then (unless a single day was also named, which wins: "nächste Woche Dienstag" gives
   * date, days null).
   */
  days: { from: string; to: string } | null;
  /**
   * The caller wants the earliest bookable slot ("so schnell wie möglich", "nächster freier Termin", "egal wann";
   * also "in einer halben Stunde", which gives `date` and a `window` from then on).
   */
  earliest: boolean;
  /**
   * The substrings of the input that gave `date`, `days` or `earliest` (`day`) and `time` or `window` (`time`: a
   * range, a bound, "nach Feierabend"); resolving `day` and `time` alone gives the same result. Where the day came
   * from two places ("nächste Woche, am besten Mittwoch"), `day` runs from the first to the last.
   */
  matched: { day: string | null; time: string | null };
}

/** The caller's working day as a window, and the daypart it gives a clock said with it ("nach der Arbeit um 6"). */
const WORK_WINDOWS: Readonly<
  Record<keyof typeof WORK_WORDS, { from: string; to: string; daypart: Daypart }>
> = {
  after: { from: "17:00", to: "23:59", daypart: "abends" },
  before: { from: "06:00", to: "09:00", daypart: "frueh" },
};

/** A daypart's span when no clock time was said. */
export const DAYPART_WINDOWS: Readonly<Record<Daypart, { from: string; to: string }>> = {
  frueh: { from: "06:00", to: "09:00" },
  morgens: { from: "06:00", to: "11:00" },
  vormittags: { from: "08:00", to: "12:00" },
  mittags: { from: "11:00", to: "14:00" },
  nachmittags: { from: "12:00", to: "18:00" },
  abends: { from: "17:00", to: "22:00" },
};

/**
 * The 24-hour clock of a time mention. A daypart moves a 12-hour reading ("um 8 abends" = 20:00, "um 1 mittags" =
 * 13:00); with none, `salonHours` reads 1-6 as afternoon ("halb drei" = 14:30). Written 24-hour times ("06:00",
 * "14 Uhr") never move.
 */
function clockOf(mention: TimeMention, daypart: Daypart | "nachts" | null, salonHours: boolean): string {
  let hour = mention.hour;
  if (mention.twelveHour) {
    if ((daypart === "nachmittags" || daypart === "abends") && hour <= 11) hour += 12;
    else if (daypart === "mittags" && hour <= 4) hour += 12;
    else if (daypart === "nachts" && hour === 12) hour = 0;
    else if (daypart === "nachts" && hour >= 9) hour += 12;
    else if (daypart === null && salonHours && hour >= 1 && hour <= 6) hour += 12;
  }
  return hhmm(hour, mention.minute);
}

/** "09:05". */
function hhmm(hour: number, minute: number): string {
  return `${hour < 10 ? "0" : ""}${hour}:${minute < 10 ? "0" : ""}${minute}`;
}

function lastOf<K extends RawMention["kind"]>(
  mentions: RawMention[],
  kind: K,
): Extract<RawMention, { kind: K }> | undefined {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i] as RawMention;
    if (m.kind === kind) return m as Extract<RawMention, { kind: K }>;
  }
  return undefined;
}

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/**
 * "Dienstag nächste Woche in einer Woche": a weekday right before an offset ("in N Tagen/Wochen") that lands on
 * another weekday. The text from the weekday to the offset when they clash, else null.
 */
function weekdayOffsetClash(
  text: string,
  mentions: RawMention[],
  last: DateMention | undefined,
  date: PlainDate | null,
): string | null {
  if (last === undefined || date === null || last.spec.type !== "offset" || last.spec.word !== null)
    return null;
  const dates = mentions.filter((m): m is DateMention => m.kind === "date");
  const before = dates.at(-2);
  if (before === undefined || before.spec.type !== "weekday") return null;
  const gap = text.slice(before.index + before.text.length, last.index);
  if (!/^\s*(?:,\s*)?$/u.test(gap) || weekdayOf(date) === before.spec.weekday) return null;
  return text.slice(before.index, last.index + last.text.length);
}

/** How the caller's clock times are meant: one time, a range, or a bound; `text` is the wording that says so. */
type ClockReading = Span &
  (
    | { kind: "clock" | "until" | "from"; last: TimeMention }
    | { kind: "range"; first: TimeMention; last: TimeMention }
  );

/** Between two times of a list of alternatives ("um neun oder zehn", "um 9, 10 oder 11 Uhr"). */
const OR_GAP = /^\s*(?:,\s*|(?:,\s*)?(?:oder|bzw\.?|beziehungsweise)\s+)$/u;
/** Between the two ends of a range: "zwischen 14 und 16 Uhr", "von 10 bis 12", "10-12 Uhr". */
const RANGE_GAP = /^\s*(?:bis|-|–)\s*$/u;
const AND_GAP = /^\s*und\s*$/u;
const BETWEEN_LEAD = /(?:^|[^\p{L}])(zwischen|von)\s+$/u;
/** Words before a clock that make it a bound, and which end of the window it is; "kurz vor zehn" is about ten. */
const BOUND_WORDS = new RegExp(
  `(?:^|[^\\p{L}])(kurz\\s+)?(${de("nicht\\s+vor|nicht\\s+nach|nicht\\s+früher\\s+als|nicht\\s+später\\s+als|früher\\s+als|später\\s+als|spätestens|frühestens|vor|bis|nach|ab")})\\s+$`,
  "u",
);
const UNTIL_WORDS = new Set(["vor", "bis", "nicht nach", "nicht spaeter als", "frueher als", "spaetestens"]);

/**
 * Reads the caller's clock times. The last time said wins (a correction), unless it ends a list of alternatives
 * ("um neun oder zehn": the first, 09:00, which the caller offered first) or a range ("zwischen halb drei und vier"),
 * or follows a bound word ("vor 10 Uhr", "ab 14 Uhr", "nicht vor zehn").
 */
function readClock(text: string, mentions: RawMention[]): ClockReading | undefined {
  const times = mentions.filter((m): m is TimeMention => m.kind === "time");
  let last = times.at(-1);
  if (last === undefined) return undefined;
  const lower = lowerSameLength(text);
  const prev = times.at(-2);
  if (prev !== undefined) {
    const between = BETWEEN_LEAD.exec(leadOf(lower, prev));
    const gap = gapOf(lower, prev, last);
    if (RANGE_GAP.test(gap) || (between?.[1] === "zwischen" && AND_GAP.test(gap))) {
      const start = between === null ? prev.index : leadStart(prev.index, between[0], between[1] ?? "");
      return { kind: "range", first: prev, last, index: start, text: text.slice(start, endOf(last)) };
    }
  }
  let index = times.length - 1;
  while (index > 0 && OR_GAP.test(gapOf(lower, times[index - 1] as TimeMention, times[index] as TimeMention)))
    index--;
  last = times[index] as TimeMention;
  const cue = /^ab\s/u.test(lower.slice(last.index, endOf(last)));
  const bound = BOUND_WORDS.exec(leadOf(lower, last));
  if (bound !== null && bound[1] === undefined) {
    const word = fold(bound[2] ?? "").replace(/\s+/gu, " ");
    const start = leadStart(last.index, bound[0], bound[2] ?? "");
    const kind = UNTIL_WORDS.has(word) ? "until" : "from";
    return { kind, last, index: start, text: text.slice(start, endOf(last)) };
  }
  return { kind: cue ? "from" : "clock", last, index: last.index, text: last.text };
}

/**
 * The times in `text` that are an end of a range ("zwischen 9:00 und 12:00 Uhr", "von 7 bis 13 Uhr") or a bound
 * ("ab 9 Uhr", "bis 18 Uhr"): they speak of opening hours or a window, not of one clock time. Same patterns as the
 * caller's reading above.
 */
function rangeTimes(text: string, mentions: RawMention[]): Set<RawMention> {
  const lower = lowerSameLength(text);
  const times = mentions.filter((m): m is TimeMention => m.kind === "time");
  const out = new Set<RawMention>();
  times.forEach((time, i) => {
    const prev = times[i - 1];
    if (prev !== undefined) {
      const gap = gapOf(lower, prev, time);
      const between = BETWEEN_LEAD.exec(leadOf(lower, prev));
      if (RANGE_GAP.test(gap) || (between?.[1] === "zwischen" && AND_GAP.test(gap))) out.add(prev).add(time);
    }
    const bound = BOUND_WORDS.exec(leadOf(lower, time));
    if ((bound !== null && bound[1] === undefined) || /^ab\s/u.test(lower.slice(time.index, endOf(time))))
      out.add(time);
  });
  return out;
}

function endOf(mention: Span): number {
  return mention.index + mention.text.length;
}

/** The text between two mentions. */
function gapOf(lower: string, a: Span, b: Span): string {
  return lower.slice(endOf(a), b.index);
}

/** The few words before a mention, where a bound ("nicht vor") or a range ("zwischen") is said. */
function leadOf(lower: string, mention: Span): string {
  return lower.slice(Math.max(0, mention.index - 32), mention.index);
}

/** Where the lead word `word` of a lead `match` that ends at `index` starts. */
function leadStart(index: number, match: string, word: string): number {
  return index - match.length + match.indexOf(word);
}

/** The end of a range on a 12-hour dial is the first such time after its start: "von 5 bis 7" = 17:00-19:00. */
function rangeEnd(from: string, to: string, mention: TimeMention): string {
  const hour = Number(to.slice(0, 2));
  if (mention.twelveHour && minuteOf(to) <= minuteOf(from) && hour < 12) {
    return `${String(hour + 12).padStart(2, "0")}${to.slice(2)}`;
  }
  return to;
}

/** The text from the first to the last of `parts`: the caller's words for one thing said in several places. */
function wording(text: string, parts: (Span | undefined)[]): string | null {
  let start = Number.POSITIVE_INFINITY;
  let end = -1;
  for (const part of parts) {
    if (part === undefined) continue;
    start = Math.min(start, part.index);
    end = Math.max(end, part.index + part.text.length);
  }
  return end < 0 ? null : text.slice(start, end);
}

/**
 * The Monday of the last week named in the text: a week span ("nächste Woche", "Anfang der Woche") or a weekday said
 * with its week other than `chosen` ("nächste Woche Montag oder Dienstag"); null when no week was named.
 */
function weekNamed(
  mentions: RawMention[],
  chosen: DateMention,
  today: PlainDate,
): { monday: PlainDate; mention: Span } | null {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m?.kind === "days" && m.spec.type === "week") {
      return { monday: mondayOf(daysOf(m.spec, today).from), mention: m };
    }
    if (m?.kind === "date" && m !== chosen && m.spec.type === "weekday" && typeof m.spec.rule === "object") {
      const { rule } = m.spec;
      if ("weeks" in rule) return { monday: mondayOf(today) + 7 * rule.weeks, mention: m };
    }
  }
  return null;
}

function isHeute(mention: DateMention): boolean {
  return mention.spec.type === "offset" && mention.spec.word === "heute";
}

/** The day a caller's words name: one date, or a span of days, and the mentions that gave it. */
interface DayReading {
  date: PlainDate | null;
  days: { from: PlainDate; to: PlainDate } | null;
  /** Wall-clock start of "in zwei Stunden" on `date`. */
  fromNow: string | null;
  parts: Span[];
}

/**
 * Picks the day: a duration from now ("in zwei Stunden") when said after any date or with "heute"; else the last
 * date, where a bare weekday lands in a week named elsewhere ("nächste Woche, am besten Mittwoch") and "heuer" keeps
 * a date in this year; else the last span of days.
 */
function readDay(
  text: string,
  mentions: RawMention[],
  reference: Reference,
  unresolvedTexts: string[],
): DayReading {
  const { today, moment } = reference;
  const dateMention = lastOf(mentions, "date");
  const spanMention = lastOf(mentions, "days");
  const fromNow = lastOf(mentions, "from-now");
  if (
    fromNow !== undefined &&
    (dateMention === undefined || dateMention.index < fromNow.index || isHeute(dateMention))
  ) {
    // An absolute duration added to the instant: "in zwei Stunden" at 23:00 is tomorrow, and DST shifts the wall clock.
    const at = DateTime.fromMillis(moment.toMillis() + fromNow.minutes * 60_000, { zone: moment.zone });
    const parts: Span[] = [fromNow];
    const gap =
      dateMention === undefined ? "" : text.slice(dateMention.index + dateMention.text.length, fromNow.index);
    if (dateMention !== undefined && isHeute(dateMention) && /^\s*(?:,\s*)?$/u.test(gap))
      parts.push(dateMention);
    return {
      date: plainDate(at.year, at.month, at.day),
      days: null,
      fromNow: hhmm(at.hour, at.minute),
      parts,
    };
  }
  if (dateMention !== undefined) {
    let { spec } = dateMention;
    const parts: Span[] = [dateMention];
    let date: PlainDate | null = null;
    const week =
      spec.type === "weekday" && spec.rule === "next" && isBareWeekday(dateMention)
        ? weekNamed(mentions, dateMention, today)
        : null;
    if (week !== null && spec.type === "weekday") {
      date = week.monday + spec.weekday - 1;
      parts.push(week.mention);
    }
    const thisYear = lastOf(mentions, "this-year");
    if (spec.type === "day" && spec.month !== null && spec.year === null && thisYear !== undefined) {
      spec = { ...spec, year: partsOf(today).year };
      parts.push(thisYear);
    }
    date ??= dateOf(spec, today);
    const clash = weekdayOffsetClash(text, mentions, dateMention, date);
    if (clash !== null) {
      unresolvedTexts.push(clash);
      date = null;
    }
    if (date !== null) return { date, days: null, fromNow: null, parts };
  }
  if (spanMention !== undefined) {
    return { date: null, days: daysOf(spanMention.spec, today), fromNow: null, parts: [spanMention] };
  }
  return { date: null, days: null, fromNow: null, parts: [] };
}

/**
 * The most text {@link resolve} reads: a caller's line is a sentence or two (the longest in the shipped transcripts and
 * phrase tables is under 150 characters) and the model's `day`/`time` words are bounded at 500 by the tools, so 2,000 characters hold any
 * real request ten times over while keeping a hostile or runaway transcript line cheap.
 */
export const MAX_RESOLVE_TEXT = 2_000;

/**
 * The last {@link MAX_RESOLVE_TEXT} characters of `text`, starting at a word: the end is kept because the last date
 * or time said wins (callers correct themselves), and a word cut in half could read as another number.
 */
function lastWords(text: string): string {
  if (text.length <= MAX_RESOLVE_TEXT) return text;
  const tail = text.slice(text.length - MAX_RESOLVE_TEXT);
  const space = tail.search(/\s/u);
  return space < 0 ? tail : tail.slice(space + 1);
}

/**
 * Resolves what a German caller said to a date and clock time in the business zone. When several dates or times
 * are said, the last one wins: callers correct themselves ("morgen, nein, übermorgen"). A single day outranks a span
 * of days said with it; a wish for the earliest slot keeps the day or span it was said with. Only the last
 * {@link MAX_RESOLVE_TEXT} characters are read (from the first whole word there), so the cost is bounded by that.
 * Throws ConfigError for an unknown zone or unreadable `now`.
 */
export function resolve(said: string, options: ResolveOptions): ResolveResult {
  const text = lastWords(said);
  const reference = referenceOf(options.now, options.zone);
  const { today, minuteOfDay } = reference;
  const mentions = findMentions(text);
  const unresolvedTexts: string[] = [];
  for (const m of mentions) if (m.kind === "unresolved") unresolvedTexts.push(m.text);
  for (const m of mentions) {
    if (m.kind === "date" && dateOf(m.spec, today) === null) unresolvedTexts.push(m.text);
  }
  const day = readDay(text, mentions, reference, unresolvedTexts);
  const { date } = day;
  const earliestMention = lastOf(mentions, "earliest");
  const earliest = earliestMention !== undefined || day.fromNow !== null;

  const dateMention = lastOf(mentions, "date");
  const daypartMention = lastOf(mentions, "daypart");
  const daypartWord = daypartMention?.daypart ?? null;
  const work = lastOf(mentions, "work");
  const reading = readClock(text, mentions);
  const timeMention = reading?.last;
  const daypart = timeMention?.daypart ?? daypartWord ?? dateMention?.daypart ?? null;
  const salonHours = options.salonHours ?? true;
  const shownDaypart = daypart === "nachts" ? null : daypart;
  const workWindow = work === undefined ? null : WORK_WINDOWS[work.which];
  // "nach Feierabend" says more than a daypart said with it; its window is what a bound narrows, and it moves a
  // 12-hour clock as its daypart would ("nach der Arbeit um 7" = 19:00).
  const span = workWindow ?? (shownDaypart === null ? null : DAYPART_WINDOWS[shownDaypart]);
  const clockDaypart = daypart ?? workWindow?.daypart ?? null;
  let time: string | null = null;
  let window: ResolveResult["window"] = null;
  if (reading !== undefined) {
    const last = clockOf(reading.last, clockDaypart, salonHours);
    if (reading.kind === "clock") time = last;
    else if (reading.kind === "until") window = { from: span?.from ?? "00:00", to: last };
    else if (reading.kind === "from") window = { from: last, to: span?.to ?? "23:59" };
    else if (reading.kind === "range") {
      const from = clockOf(reading.first, reading.first.daypart ?? clockDaypart, salonHours);
      window = { from, to: rangeEnd(from, last, reading.last) };
      if (minuteOf(window.to) <= minuteOf(from)) {
        window = null;
        unresolvedTexts.push(reading.text);
      }
    }
  } else if (span !== null) {
    window = { from: span.from, to: span.to };
  }
  if (day.fromNow !== null && time === null) {
    // From then on, within any window said with it; a window already over by then gives way to the duration.
    const from = { from: day.fromNow, to: "23:59" };
    const narrowed = window === null ? from : { from: later(window.from, day.fromNow), to: window.to };
    window = minuteOf(narrowed.to) > minuteOf(narrowed.from) ? narrowed : from;
  }

  let past = date !== null && date < today;
  if (date !== null && date === today) {
    if (time !== null) past = minuteOf(time) < minuteOfDay;
    else if (window !== null) past = minuteOf(window.to) <= minuteOfDay;
  }
  if (day.days !== null) past = day.days.to < today;
  if (earliest) past = false;

  const gaveDay = date !== null || day.days !== null || earliest;
  const gaveTime = time !== null || (window !== null && (reading !== undefined || work !== undefined));
  // A daypart said apart narrows a bound ("morgen Nachmittag, aber später als drei"), so its word is part of the
  // bound's wording; alone it stays out of `matched.time` (callers read `daypart` for it).
  const bounded = reading?.kind === "until" || reading?.kind === "from";
  const narrowing =
    bounded && workWindow === null && (timeMention?.daypart ?? null) === null ? daypartMention : undefined;
  return {
    date: date === null ? null : isoOf(date),
    time,
    window,
    days: day.days === null ? null : { from: isoOf(day.days.from), to: isoOf(day.days.to) },
    earliest,
    daypart: shownDaypart,
    past,
    unresolved: unresolvedTexts,
    matched: {
      day: gaveDay ? wording(text, [...day.parts, earliestMention]) : null,
      time: gaveTime ? wording(text, [reading, work, narrowing]) : null,
    },
  };
}

/** The later of two HH:MM times. */
function later(a: string, b: string): string {
  return minuteOf(a) >= minuteOf(b) ? a : b;
}

/** {@link resolve} without throwing: an unknown zone or unreadable `now` comes back as `{ ok: false }`. */
export function safeResolve(text: string, options: ResolveOptions): SafeResult<ResolveResult, ConfigError> {
  try {
    return { ok: true, value: resolve(text, options) };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error };
    throw error;
  }
}

/** A mention of {@link findMentions} with what it names, seen from the moment it was said in the business zone. */
export type PlacedMention =
  | (DateMention & {
      /** The day it names, YYYY-MM-DD; null when there is no such day ("30. Februar"). */
      date: string | null;
    })
  | (TimeMention & {
      /** HH:MM, 24 hours, with only a daypart said with the clock itself applied ("um 8 Uhr abends"). */
      clock: string;
      /** An end of a range or a bound ("von 7 bis 13 Uhr", "ab 9 Uhr"): opening hours or a window, no one time. */
      range: boolean;
    })
  | Exclude<RawMention, DateMention | TimeMention>;

/**
 * Every mention in `text`, in text order, with the day a date names and the clock time a time names. Unlike
 * {@link resolve} nothing is picked and no salon rule or daypart said apart moves a clock: it reads text that
 * states its times, such as the agent's own words, where "06:00" must stay 06:00. Throws ConfigError for an
 * unknown zone or an unreadable `now`.
 */
export function placeMentions(
  text: string,
  options: { now: string | DateTime; zone: string },
): PlacedMention[] {
  const { today } = referenceOf(options.now, options.zone);
  const mentions = findMentions(text);
  const ranges = rangeTimes(text, mentions);
  return mentions.map((m): PlacedMention => {
    if (m.kind === "time") return { ...m, clock: clockOf(m, m.daypart, false), range: ranges.has(m) };
    if (m.kind === "date") {
      const date = dateOf(m.spec, today);
      return { ...m, date: date === null ? null : isoOf(date) };
    }
    return m;
  });
}
