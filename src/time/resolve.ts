/**
 * German phrase -> date and clock time in the business zone ("morgen um halb elf" -> 2025-10-26, 10:30).
 *
 * Two layers: `findMentions` finds every date, clock, daypart, day span ("nächste Woche"), earliest-slot wish and
 * "am gleichen Tag" in a text (the scanner reuses it for the agent's own words), and `resolve` picks the caller's
 * date and time from them and applies the calendar rules of DESIGN.md "Time semantics". Calendar arithmetic runs on
 * plain dates (luxon in UTC, which has no DST), so "übermorgen" never adds 48 hours across the 25-hour 26 Oct 2025.
 */
import { DateTime } from "luxon";
import { ConfigError, type SafeResult } from "../errors.ts";
import {
  WORD_START as B,
  CARDINAL_WORD,
  DAYPART_WORD,
  type Daypart,
  DIALECT_HOUR_WORD,
  de,
  WORD_END as E,
  EARLIEST_WORDS,
  fold,
  HOUR_FRACTIONS,
  HOUR_WORD,
  HOUR12_WORD,
  MONTH_WORD,
  ORDINAL_ADJECTIVE,
  ORDINAL_NOUN,
  ORDINAL_WORD,
  parseCardinal,
  parseDaypart,
  parseMonth,
  parseOrdinal,
  parseWeekday,
  UNIT_WORD,
  WEEK_PARTS,
  WEEKDAY_ABBREVIATION,
  WEEKDAY_WORD,
  WORK_WORDS,
} from "./numbers.ts";

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

/** How a date mention picks its day. */
export type DateSpec =
  /** Days from today: heute 0, morgen 1, gestern -1, "in zwei Wochen" 14. */
  | {
      type: "offset";
      days: number;
      word: "heute" | "morgen" | "übermorgen" | "gestern" | "vorgestern" | null;
    }
  /**
   * A weekday: next after today, the one before today, in a Monday-Sunday week `weeks` from this one, or with an
   * offset ("Dienstag in einer Woche", `inDays` 7): see {@link dateOf}.
   */
  | {
      type: "weekday";
      weekday: number;
      /** `this`: today or the next after today ("diesen Freitag" said on a Friday is today). */
      rule: "next" | "this" | "after-next" | "last" | { weeks: number } | { inDays: number };
    }
  /** The n-th weekday of a month ("den zweiten Dienstag im November"): this year unless past, else next year. */
  | { type: "nth-weekday"; n: number; weekday: number; month: number }
  /** A day of the month, with month and year when said; `weekday` when one was said with it. */
  | { type: "day"; day: number; month: number | null; year: number | null; weekday: number | null };

/** How a day-span mention picks its days; see {@link daysOf}. */
export type DaysSpec =
  /** A Monday-Sunday week `weeks` from this one, whole or a part of it ("Anfang nächster Woche"). */
  | { type: "week"; weeks: number; part: "all" | keyof typeof WEEK_PARTS }
  /** Saturday-Sunday: of the week `weeks` from this one, the next or the one after starting after today, or the last. */
  | { type: "weekend"; rule: "next" | "after-next" | "last" | { weeks: number } }
  /** Today and the `days` after it ("in den nächsten Tagen"). */
  | { type: "next-days"; days: number };

interface Span {
  /** Offset of the mention in the original text. */
  index: number;
  /** The mention as written in the original text. */
  text: string;
}

/** A date, time, daypart or same-day phrase found in a text, before any reference date is applied. */
export type RawMention =
  | (Span & {
      kind: "date";
      spec: DateSpec;
      daypart: Daypart | null;
      /** "der Dritte": an article and an ordinal, which may also pick one of the options read out. */
      maybePick?: true;
    })
  | (Span & {
      kind: "time";
      hour: number;
      minute: number;
      /** Said on a 12-hour dial ("halb drei", "um 3"), so a daypart or the salon rule may move it by 12 hours. */
      twelveHour: boolean;
      /** A daypart said right after the clock ("um 8 abends"). */
      daypart: Daypart | "nachts" | null;
    })
  | (Span & { kind: "daypart"; daypart: Daypart | "nachts" })
  | (Span & { kind: "same-day" })
  /** A span of days ("am Wochenende", "nächste Woche", "in den nächsten Tagen"). */
  | (Span & { kind: "days"; spec: DaysSpec })
  /** "so schnell wie möglich", "nächster freier Termin", "egal wann". */
  | (Span & { kind: "earliest" })
  /** "in einer halben Stunde", "in 20 Minuten": this long after the moment it was said. */
  | (Span & { kind: "from-now"; minutes: number })
  /** "nach Feierabend", "vor der Arbeit": a time window named by the caller's working day. */
  | (Span & { kind: "work"; which: keyof typeof WORK_WORDS })
  /** "heuer" (Austrian and Bavarian): a date said with it is this year's, even when it is past. */
  | (Span & { kind: "this-year" })
  | (Span & { kind: "unresolved" });

// ---------------------------------------------------------------------------------------------------------------
// Patterns. Text is lower-cased first (same length, so offsets hold); every pattern runs with the `u` flag.

const WD = `(?:${WEEKDAY_WORD})`;
const DAY_PREFIX = de("(?:am|den|dem|zum|vom|ab\\s+dem|bis\\s+zum|für\\s+den)");
/** "Montag, ", "Sonntag, den ", "Mo., " before a day number. */
const WEEKDAY_LEAD = `(?:(${WD}|(?:${WEEKDAY_ABBREVIATION})\\.)\\s*(?:,\\s*)?(?:(?:den|der|dem)\\s+)?)`;
const CUE = de("(?:so\\s+gegen|so\\s+um|ungefähr\\s+um|etwa\\s+um|circa\\s+um|ca\\.\\s*um|gegen|um|ab)");
const DAYPART_AFTER = de(
  `(?:\\s+(frühmorgens|früh|morgens|vormittags|mittags|nachmittags|abends|nachts|` +
    `(?:am|in\\s+der)\\s+(?:früh|morgen|vormittag|mittag|nachmittag|abend|nacht)|in\\s+aller\\s+früh)${E})?`,
);
const NOT_QUANTITY = `(?!\\s*(?:(?:${UNIT_WORD})${E}|[€%]))`;
const WEEK_WORD = de(
  "(nächste|nächsten|nächster|übernächste|übernächsten|übernächster|kommende|kommenden|kommender|letzte|letzten|letzter|vergangene|vergangenen|vergangener|diese|dieser)",
);
const DAYPART_SUFFIX = de("(früh|morgen|vormittag|nachmittag|mittag|abend|nacht)");

function rx(source: string): RegExp {
  return new RegExp(source, "gu");
}

const SAME_DAY = rx(
  de(`${B}(?:(?:noch\\s+)?am\\s+)?(?:gleichen|selben|selbigen|demselben)\\s+tag(?:e|s)?${E}`),
);
/** "3.11.", "3.11.2025", "am 3.11"; with a space ("am 4. 11.") only with the closing dot ("am 4. 11 Uhr" is a clock). */
const NUMERIC_DATE = rx(
  `${B}(?<![\\d.:])(?:(${DAY_PREFIX})\\s+)?${WEEKDAY_LEAD}?(\\d{1,2})\\.` +
    `(?:(\\d{1,2})(\\.(\\d{4}|\\d{2})?)?|\\s(\\d{1,2})\\.(?:\\s?(\\d{4}))?)(?!\\d)(?!\\s*uhr)`,
);
/** "den zweiten Dienstag im November", "am 1. Montag im Dezember". */
const NTH_WEEKDAY = rx(
  `${B}(?:(?:am|den|dem)\\s+)?(?:(\\d)\\.|(${ORDINAL_WORD}))\\s+(${WD})\\s+(?:im|in|des)\\s+(${MONTH_WORD})${E}`,
);
/** An ordinal that counts something other than days of the month ("am 1. Advent"): no date, and not "am 1.". */
const ORDINAL_FEAST = rx(
  de(
    `${B}(?:(?:am|den|dem|zum|bis\\s+zum)\\s+)?(?:\\d{1,2}\\.|${ORDINAL_WORD})\\s*` +
      `(?:advent|weihnacht|feiertag|oster|pfingst|sonntag\\s+(?:im|nach|vor)\\s)\\p{L}*`,
  ),
);
const MONTH_DATE = rx(
  `${B}(?:${DAY_PREFIX}\\s+)?${WEEKDAY_LEAD}?(?:(\\d{1,2})\\.?|(${ORDINAL_WORD}))\\s*(${MONTH_WORD})${E}(?:\\s+(\\d{4})(?!\\d))?`,
);
const WEEKDAY_DAY = rx(
  `${B}(?:am\\s+)?(${WD})\\s*(?:,\\s*)?(?:den|der|dem)\\s+(?:(\\d{1,2})\\.(?!\\d)|(${ORDINAL_WORD})${E})`,
);
/**
 * After an ordinal: a noun (with an adjective) or a weekday that it counts, so it is no day of the month: "den zweiten
 * Termin", "der erste freie Termin", "zum ersten Mal", "den zweiten Dienstag".
 */
const NOT_DAY_COUNT = `(?!\\s+(?:(?:${ORDINAL_ADJECTIVE})\\s+)?(?:${ORDINAL_NOUN}|${WD})${E})`;
const PREFIXED_DAY = rx(
  `${B}${DAY_PREFIX}\\s+(?:(\\d{1,2})\\.(?![\\d\\p{L}])|(${ORDINAL_WORD})${E})${NOT_DAY_COUNT}`,
);
/** "der Dreizehnte": an article and an ordinal word; "der 13." is left out, "der 2. Termin" is too common a pick. */
const ARTICLE_DAY = rx(`${B}der\\s+(${ORDINAL_WORD})${E}${NOT_DAY_COUNT}`);
/** "am zwölften dritten", "den 12. dritten": an ordinal day and an ordinal month (checked to be 1-12). */
const ORDINAL_DATE = rx(
  `${B}(?:(${DAY_PREFIX}|der)\\s+)?${WEEKDAY_LEAD}?(?:(\\d{1,2})\\.|(${ORDINAL_WORD}))\\s+(${ORDINAL_WORD})${E}` +
    `${NOT_DAY_COUNT}(?:\\s+(\\d{4})(?!\\d))?`,
);
const WEEK_THEN_WEEKDAY = rx(
  `${B}(?:in\\s+der\\s+)?${WEEK_WORD}\\s+woche\\s*(?:,\\s*)?(?:am\\s+)?(${WD})s?${DAYPART_SUFFIX}?s?${E}`,
);
const WEEKDAY = rx(
  `${B}(?:${de("(am|kommenden|kommender|kommendem|nächsten|nächster|nächstem|diesen|dieser|diesem|übernächsten|letzten|letzter|letztem|vergangenen|vergangener)")}\\s+)?` +
    `(${WD})s?${DAYPART_SUFFIX}?s?${E}(?:\\s*(?:,\\s*)?(?:in\\s+der\\s+)?${WEEK_WORD}\\s+woche${E})?`,
);
const COUNT = `(\\d{1,3}|${CARDINAL_WORD}|einem|einer|ein)`;
const IN_DAYS = rx(
  de(`${B}(?:(heute|übermorgen|morgen)\\s+)?in\\s+${COUNT}\\s+(tag|tagen|woche|wochen)${E}`),
);
/** "Dienstag in einer Woche", "Montag in 8 Tagen"; the other order in {@link IN_DAYS_WEEKDAY}. */
const WEEKDAY_IN_DAYS = rx(
  `${B}(?:am\\s+)?(${WD})s?${DAYPART_SUFFIX}?s?(?:\\s*,)?\\s+in\\s+${COUNT}\\s+(tag|tagen|woche|wochen)${E}`,
);
const IN_DAYS_WEEKDAY = rx(
  `${B}in\\s+${COUNT}\\s+(tag|tagen|woche|wochen)(?:\\s*,)?\\s+(?:am\\s+)?(${WD})s?${DAYPART_SUFFIX}?s?${E}`,
);
const RELATIVE = rx(de(`${B}(vorgestern|gestern|heute|übermorgen|morgen)${E}`));
/** A weekday said with no week rule of its own ("Mittwoch", "am Mittwoch"): a week named elsewhere moves it. */
const FLOATING_WEEKDAY = new RegExp(`^(?:am\\s+)?${WD}`, "u");

const EARLIEST = rx(`${B}(?:${EARLIEST_WORDS})${E}`);
/**
 * "in einer halben Stunde", "in einer Dreiviertelstunde", "in anderthalb Stunden", "in 20 Minuten". Not "in drei
 * Tagen" ({@link IN_DAYS}); the number here never becomes a clock time.
 */
const FROM_NOW = rx(
  `${B}in\\s+(?:${de("(?:etwa|ungefähr|circa|ca\\.)")}\\s+)?(?:` +
    `(?:einer|['’]?ner)\\s+(viertel|halben|dreiviertel)\\s*stunde` +
    `|(anderthalb|eineinhalb|(?:${CARDINAL_WORD})einhalb|\\d{1,2},5|\\d{1,3}|${CARDINAL_WORD}|einer|['’]?ner)\\s+` +
    `(stunden|stunde|std\\.?|minuten|minute|min\\.?)` +
    `)${E}`,
);
const WORK = rx(`${B}(?:(${WORK_WORDS.after})|(${WORK_WORDS.before}))${E}`);
const THIS_YEAR = rx(`${B}heuer${E}`);

/** "nächstes Wochenende", "am Wochenende nächster Woche", "nächste Woche am Wochenende", "übers Wochenende". */
const WEEKEND = rx(
  `${B}(?:${WEEK_WORD}\\s+woche\\s*(?:,\\s*)?)?(?:${de("(?:am|übers|über\\s+das|fürs|für\\s+das|zum|an\\s+dem)")}\\s+)?` +
    `(?:${de("(nächstes|nächsten|nächste|kommendes|kommenden|kommende|übernächstes|übernächsten|übernächste|letztes|letzten|letzte|vergangenes|vergangenen|vergangene|dieses|diesem|diese)")}\\s+)?` +
    `wochenende${E}(?:\\s*(?:,\\s*)?(?:in\\s+der\\s+)?${WEEK_WORD}\\s+woche${E})?`,
);
const WEEK_PART = `(${Object.keys(WEEK_PARTS).join("|")})`;
/**
 * "Anfang nächster Woche", "Mitte der kommenden Woche", "Ende der Woche", "Ende dieser Woche". "bis"/"ab" are left
 * out: "bis Ende der Woche" runs from today, which a part of a week does not say.
 */
const PART_OF_WEEK = rx(
  `${B}(?:(?:am|gegen|zum)\\s+)?${WEEK_PART}\\s+(?:der\\s+)?(?:${WEEK_WORD}\\s+)?woche${E}`,
);
/** "nächste Woche Anfang", "nächste Woche, am Ende". */
const WEEK_THEN_PART = rx(
  `${B}(?:in\\s+der\\s+)?${WEEK_WORD}\\s+woche\\s*(?:,\\s*)?(?:(?:am|gegen)\\s+)?${WEEK_PART}${E}`,
);
/** "nächste Woche", "in der kommenden Woche", "noch diese Woche", "diese Woche noch", "die Woche noch". */
const WEEK = rx(
  `${B}(noch\\s+)?(?:(?:in|im\\s+laufe)\\s+der\\s+|in\\s+)?(?:${WEEK_WORD}|die)\\s+woche${E}(\\s+noch${E})?`,
);
/** "in den nächsten Tagen", "die kommenden Tage", "in den nächsten drei Tagen". */
const NEXT_DAYS = rx(
  `${B}(?:in\\s+den\\s+|die\\s+)?${de("(?:nächsten|kommenden|folgenden)")}\\s+` +
    `(?:(paar|\\d{1,2}|${CARDINAL_WORD})\\s+)?tagen?${E}`,
);

const DIGIT_CLOCK = rx(
  `${B}(?<![\\d.:])(?:(${CUE})\\s+)?(\\d{1,2})([:.])(\\d{2})(?![\\d:])(?:\\s*(uhr)${E})?${DAYPART_AFTER}`,
);
const UHR_CLOCK = rx(
  `${B}(?:${CUE}\\s+)?(\\d{1,2}|${HOUR_WORD}|ein)\\s*uhr${E}` +
    `(?:\\s+(?:und\\s+)?(\\d{1,2}|${CARDINAL_WORD})${E}${NOT_QUANTITY})?${DAYPART_AFTER}`,
);
const HALF_CLOCK = rx(
  `${B}(?:${CUE}\\s+)?(?:(\\d{1,2}|${CARDINAL_WORD})\\s+(nach|vor)\\s+)?halb\\s+(\\d{1,2}|${HOUR12_WORD})${E}${NOT_QUANTITY}` +
    `(?:\\s*uhr${E})?${DAYPART_AFTER}`,
);
const PAST_TO_CLOCK = rx(
  `${B}(?:${CUE}\\s+)?(viertel|\\d{1,2}|${CARDINAL_WORD})\\s+(nach|vor)\\s+(\\d{1,2}|${HOUR12_WORD})${E}${NOT_QUANTITY}` +
    `(?:\\s*uhr${E})?${DAYPART_AFTER}`,
);
const QUARTER_CLOCK = rx(
  `${B}(?:${CUE}\\s+)?(dreiviertel|drei\\s+viertel|viertel)\\s+(\\d{1,2}|${HOUR12_WORD})${E}(?:\\s*uhr${E})?${DAYPART_AFTER}`,
);
const CUED_CLOCK = rx(
  `${B}${CUE}\\s+(\\d{1,2}|${HOUR_WORD}|${DIALECT_HOUR_WORD})${E}(?![:.]\\d)${NOT_QUANTITY}${DAYPART_AFTER}`,
);
const BARE_NUMBER = rx(`${B}(\\d{1,2}|${HOUR_WORD})${E}(?![:.]\\d)${NOT_QUANTITY}`);
const DAYPART = rx(`${B}(?:(am|in\\s+der|in\\s+aller|gegen|über|zu)\\s+)?(${DAYPART_WORD})${E}`);

/** Words before "morgen" that make it a daypart ("heute Morgen", "Montag Morgen") or a greeting. */
const MORGEN_LEAD = new RegExp(
  `(?:^|[^\\p{L}])(${de("heute|gestern|vorgestern|morgen|übermorgen|am|jeden|guten|schönen")}|${WD}s?)\\s+$`,
  "u",
);
/** Words before "früh" that make it "early" rather than the early-morning daypart ("zu früh"). */
const FRUEH_LEAD = new RegExp(
  `(?:^|[^\\p{L}])${de("(zu|so|sehr|möglichst|ziemlich|recht|wie|etwas|bisschen)")}\\s+$`,
  "u",
);
/** What may stand between two clock times of one list: "9:30 oder 10:30 Uhr", "um 9, 10 oder 11 Uhr". */
const LIST_GAP = /^\s*(?:,|oder|und|bzw\.?|beziehungsweise)?\s*(?:oder|und)?\s*$|^\s*(?:bis|-|–)\s*$/u;
/** Words before a bare number that make it a clock time: "zwischen 10 und 12", "bis 12", "nicht vor zehn". */
const BOUND_LEAD = new RegExp(
  `(?:^|[^\\p{L}])${de("(?:zwischen|vor|bis|nach|spätestens|frühestens|später\\s+als|früher\\s+als)")}\\s+$`,
  "u",
);
/** Filler that may surround a clock said alone ("Ja, zehn bitte"). */
const FILLER = new RegExp(
  `${B}${de("(?:ja|nein|also|so|gerne|gern|bitte|vielleicht|lieber|doch|äh|ähm|hm|dann|eher|genau|okay|ok)")}${E}|[\\s,.!?;:-]+`,
  "gu",
);

function morgenRole(lower: string, index: number): "tomorrow" | "daypart" | "greeting" {
  const lead = MORGEN_LEAD.exec(lower.slice(Math.max(0, index - 24), index));
  if (lead === null) return "tomorrow";
  return lead[1] === "guten" || lead[1] === "schönen" || lead[1] === "schoenen" ? "greeting" : "daypart";
}

function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  // A few characters change length when lower-cased ("İ"); keep those as they are so offsets still match.
  return Array.from(text, (c) => (c.toLowerCase().length === c.length ? c.toLowerCase() : c)).join("");
}

function daypartOf(phrase: string | undefined): Daypart | "nachts" | null {
  return phrase === undefined ? null : parseDaypart(phrase);
}

function hourValue(text: string): number | null {
  return parseCardinal(text);
}

/** "halb drei" is 2:30: the hour before the named one, and "halb eins" is 12:30, not 0:30. */
function hourBefore(hour: number): number {
  return hour === 1 ? 12 : hour - 1;
}

type Body<M> = M extends unknown ? Omit<M, "index" | "text"> : never;
/** A mention before its place in the text is known. */
type MentionBody = Body<RawMention>;
/** Marks text as read without reporting it: "Guten Morgen" is neither tomorrow nor a daypart. */
const IGNORE = { kind: "ignore" } as const;
type Reader = (m: RegExpExecArray, lower: string) => MentionBody | typeof IGNORE | null;

const unresolved = { kind: "unresolved" } as const;

function clock(hour: number, minute: number, twelveHour: boolean, daypart: string | undefined) {
  if (hour > 23 || minute > 59) return unresolved;
  return {
    kind: "time" as const,
    hour,
    minute,
    twelveHour: twelveHour && hour <= 12,
    daypart: daypartOf(daypart),
  };
}

const RELATIVE_WORDS: Record<string, [Extract<DateSpec, { type: "offset" }>["word"] & string, number]> = {
  vorgestern: ["vorgestern", -2],
  gestern: ["gestern", -1],
  heute: ["heute", 0],
  morgen: ["morgen", 1],
  uebermorgen: ["übermorgen", 2],
};

/** The week offset of a week word ("nächste" 1, "diese" 0); `fallback` when none was said. */
function weeksOf(word: string | undefined, fallback: number): number {
  return word === undefined ? fallback : (WEEK_OFFSETS[fold(word)] ?? fallback);
}

/** Minutes of "in einer halben Stunde", "in anderthalb Stunden", "in 20 Minuten"; null when it is no duration. */
function fromNowMinutes(fraction: string | undefined, count: string | undefined, unit: string | undefined) {
  if (fraction !== undefined) return (HOUR_FRACTIONS[fraction] ?? 0) * 60;
  // "in 'ner Stunde" is spoken "in einer Stunde".
  const word = fold(count ?? "").replace(/^['’]?ner$/u, "einer");
  let amount = HOUR_FRACTIONS[word] ?? parseCardinal(word.replace(/einhalb$/u, "").replace(/,5$/u, ""));
  if (amount === null) return null;
  if (word !== "anderthalb" && word !== "eineinhalb" && /(?:einhalb|,5)$/u.test(word)) amount += 0.5;
  const minutes = unit?.startsWith("st") ? amount * 60 : amount;
  return minutes > 0 ? Math.round(minutes) : null;
}

const readers: [RegExp, Reader][] = [
  [SAME_DAY, () => ({ kind: "same-day" })],
  // Read first: their words ("so früh wie möglich", "in zwei Stunden") must not become dayparts or clock times.
  [EARLIEST, () => ({ kind: "earliest" })],
  [
    FROM_NOW,
    (m) => {
      const minutes = fromNowMinutes(m[1], m[2], m[3]);
      return minutes === null ? null : { kind: "from-now", minutes };
    },
  ],
  [WORK, (m) => ({ kind: "work", which: m[1] === undefined ? "before" : "after" })],
  [
    NTH_WEEKDAY,
    (m) => {
      const n = m[1] !== undefined ? Number(m[1]) : (parseOrdinal(m[2] ?? "") ?? 0);
      const weekday = parseWeekday(m[3] ?? "");
      const month = parseMonth(m[4] ?? "");
      if (n < 1 || n > 5 || weekday === null || month === null) return unresolved;
      return { kind: "date", spec: { type: "nth-weekday", n, weekday, month }, daypart: null };
    },
  ],
  [ORDINAL_FEAST, () => unresolved],
  [
    NUMERIC_DATE,
    (m) => {
      const [, prefix, weekday, day, tightMonth, tightTrailing, tightYear, spacedMonth, spacedYear] = m;
      const month = tightMonth ?? spacedMonth;
      const trailing = spacedMonth === undefined ? tightTrailing : ".";
      const year = tightYear ?? spacedYear;
      // "13.30" is a clock, not the 30th month; "3.11" needs "am"/"den" or a closing dot to be a date.
      if (Number(month) < 1 || Number(month) > 12) return null;
      if (trailing === undefined && prefix === undefined) return null;
      return dayDate(day, month, year, weekday);
    },
  ],
  [MONTH_DATE, (m) => dayDate(m[2] ?? m[3], String(parseMonth(m[4] ?? "") ?? 0), m[5], m[1])],
  [
    ORDINAL_DATE,
    (m) => {
      const month = parseOrdinal(m[5] ?? "") ?? 0;
      // "am zwölften dritten" is 12 March; without "am"/"den" two ordinals in a row are too loose to be a date.
      if (month < 1 || month > 12 || (m[1] === undefined && m[2] === undefined)) return null;
      return dayDate(m[3] ?? m[4], String(month), m[6], m[2]);
    },
  ],
  [WEEKDAY_DAY, (m) => dayDate(m[2] ?? m[3], undefined, undefined, m[1])],
  [PREFIXED_DAY, (m) => dayDate(m[1] ?? m[2], undefined, undefined, undefined)],
  [ARTICLE_DAY, (m) => ({ ...dayDate(m[1], undefined, undefined, undefined), maybePick: true })],
  [WEEKDAY_IN_DAYS, (m) => weekdayInDays(m[1], m[2], m[3], m[4])],
  [IN_DAYS_WEEKDAY, (m) => weekdayInDays(m[3], m[4], m[1], m[2])],
  [WEEK_THEN_WEEKDAY, (m) => weekdayDate(m[2], m[3], undefined, m[1])],
  [WEEKDAY, (m) => weekdayDate(m[2], m[3], m[1], m[4])],
  // Spans after the weekday patterns, so "nächste Woche Dienstag" stays one day.
  [
    WEEKEND,
    (m) => {
      const lead = fold(m[2] ?? "");
      let rule: Extract<DaysSpec, { type: "weekend" }>["rule"] = { weeks: 0 };
      if (m[1] !== undefined || m[3] !== undefined) rule = { weeks: weeksOf(m[1] ?? m[3], 0) };
      else if (lead.startsWith("uebernaechst")) rule = "after-next";
      else if (/^(?:naechst|kommend)/u.test(lead)) rule = "next";
      else if (/^(?:letzt|vergangen)/u.test(lead)) rule = "last";
      return { kind: "days", spec: { type: "weekend", rule } };
    },
  ],
  [
    PART_OF_WEEK,
    (m) => ({ kind: "days", spec: { type: "week", weeks: weeksOf(m[2], 0), part: partOf(m[1]) } }),
  ],
  [
    WEEK_THEN_PART,
    (m) => ({ kind: "days", spec: { type: "week", weeks: weeksOf(m[1], 0), part: partOf(m[2]) } }),
  ],
  [
    WEEK,
    (m) => {
      // "die Woche" alone is any week ("Ich war die Woche krank"); with "noch" it is this one.
      if (m[2] === undefined && m[1] === undefined && m[3] === undefined) return null;
      return { kind: "days", spec: { type: "week", weeks: weeksOf(m[2], 0), part: "all" } };
    },
  ],
  [
    NEXT_DAYS,
    (m) => {
      const count = m[1] === undefined || m[1] === "paar" ? 3 : (parseCardinal(m[1]) ?? 0);
      return count < 1 || count > 31 ? null : { kind: "days", spec: { type: "next-days", days: count } };
    },
  ],
  [THIS_YEAR, () => ({ kind: "this-year" })],
  [
    IN_DAYS,
    (m) => {
      const count = parseCardinal(m[2] ?? "") ?? 0;
      let days = m[3]?.startsWith("woche") ? count * 7 : count;
      // "morgen in acht Tagen" is the same weekday a week later, as "Dienstag in acht Tagen" is (see dateOf).
      const anchor = m[1] === undefined ? null : (RELATIVE_WORDS[fold(m[1])]?.[1] ?? 0);
      if (anchor !== null && days >= 8 && days % 7 === 1) days -= 1;
      return {
        kind: "date",
        spec: { type: "offset", days: (anchor ?? 0) + days, word: null },
        daypart: null,
      };
    },
  ],
  [
    RELATIVE,
    (m, lower) => {
      const word = RELATIVE_WORDS[fold(m[1] ?? "")];
      if (word === undefined) return null;
      if (word[0] === "morgen" && morgenRole(lower, m.index) !== "tomorrow") return null;
      return { kind: "date", spec: { type: "offset", days: word[1], word: word[0] }, daypart: null };
    },
  ],
  [
    DIGIT_CLOCK,
    (m) => {
      const [, cue, hour = "", separator, minute, uhr, daypart] = m;
      // "10.15" alone may be a price or a score; it is a clock with "um"/"gegen" before or "Uhr" after.
      if (separator === "." && cue === undefined && uhr === undefined) return null;
      return clock(Number(hour), Number(minute), !hour.startsWith("0"), daypart);
    },
  ],
  [
    HALF_CLOCK,
    (m) => {
      const named = hourValue(m[3] ?? "") ?? 99;
      if (named < 1 || named > 12) return null;
      const offset = m[1] === undefined ? 0 : (parseCardinal(m[1]) ?? 99) * (m[2] === "vor" ? -1 : 1);
      if (Math.abs(offset) > 29) return null;
      return clock(hourBefore(named), 30 + offset, true, m[4]);
    },
  ],
  [
    PAST_TO_CLOCK,
    (m) => {
      const named = hourValue(m[3] ?? "") ?? 99;
      const minutes = m[1] === "viertel" ? 15 : (parseCardinal(m[1] ?? "") ?? 99);
      if (named < 1 || named > 23 || minutes < 1 || minutes > 30) return null;
      if (m[2] === "nach") return clock(named, minutes, true, m[4]);
      return clock(named > 12 ? named - 1 : hourBefore(named), 60 - minutes, true, m[4]);
    },
  ],
  [
    QUARTER_CLOCK,
    (m) => {
      const named = hourValue(m[2] ?? "") ?? 99;
      if (named < 1 || named > 12) return null;
      // "viertel zehn" = 9:15 and "dreiviertel zehn" = 9:45: quarters of the hour leading up to ten.
      return clock(hourBefore(named), m[1] === "viertel" ? 15 : 45, true, m[3]);
    },
  ],
  [
    UHR_CLOCK,
    (m) => {
      const hour = m[1] === "ein" ? 1 : (hourValue(m[1] ?? "") ?? 99);
      return clock(hour, m[2] === undefined ? 0 : (parseCardinal(m[2]) ?? 99), !m[1]?.startsWith("0"), m[3]);
    },
  ],
  [
    CUED_CLOCK,
    (m) => {
      const hour = hourValue(m[1] ?? "") ?? 99;
      if (hour > 23) return null;
      return clock(hour, 0, !m[1]?.startsWith("0"), m[2]);
    },
  ],
  [
    DAYPART,
    (m, lower) => {
      const word = m[2] ?? "";
      const at = m.index + m[0].length - word.length;
      if (word === "morgen" && morgenRole(lower, at) === "greeting") return IGNORE;
      if (word === "morgen" && morgenRole(lower, at) !== "daypart") return null;
      if (word.startsWith("fr") && FRUEH_LEAD.test(lower.slice(Math.max(0, at - 16), at))) return null;
      // The lead word matters only for "in der Früh" (the morning) against "früh" (early).
      const daypart = parseDaypart(m[1] === undefined ? word : m[0]);
      return daypart === null ? null : { kind: "daypart", daypart };
    },
  ],
];

/** A weekday name: every one but Mittwoch and Sonnabend ends in "tag". */
const NEEDS_WEEKDAY = /tag|mittwoch|sonnabend/u;
const NEEDS_WEEK = /woche/u;
/**
 * A word a pattern cannot match without. A pattern whose word is missing from the text is not run: one plain search
 * is far cheaper than trying a pattern that opens with optional words at every position of the text.
 */
const NEEDS = new Map<RegExp, RegExp>([
  [SAME_DAY, /tag/u],
  [EARLIEST, /möglich|moeglich|egal|wann|frei|bald|schnell|zeitnah|früh|frueh/u],
  [FROM_NOW, /stunde|std|min/u],
  [WORK, /arbeit|feierabend|dienst/u],
  [NTH_WEEKDAY, NEEDS_WEEKDAY],
  [ORDINAL_FEAST, /advent|weihnacht|feiertag|oster|pfingst|sonntag/u],
  [NUMERIC_DATE, /\d\./u],
  // Every ordinal word ends in "te", "ten", "ter", "tes" or "tem".
  [ORDINAL_DATE, /te[nrsm]?(?![\p{L}])/u],
  [WEEKDAY_DAY, NEEDS_WEEKDAY],
  [ARTICLE_DAY, /der\s/u],
  [WEEKDAY_IN_DAYS, NEEDS_WEEKDAY],
  [IN_DAYS_WEEKDAY, NEEDS_WEEKDAY],
  [WEEK_THEN_WEEKDAY, NEEDS_WEEK],
  [WEEKDAY, NEEDS_WEEKDAY],
  [WEEKEND, /wochenende/u],
  [PART_OF_WEEK, NEEDS_WEEK],
  [WEEK_THEN_PART, NEEDS_WEEK],
  [WEEK, NEEDS_WEEK],
  [NEXT_DAYS, /tage/u],
  [THIS_YEAR, /heuer/u],
  [IN_DAYS, /tag|woche/u],
  [RELATIVE, /gestern|heute|morgen/u],
  [DIGIT_CLOCK, /\d[:.]\d/u],
  [HALF_CLOCK, /halb/u],
  [PAST_TO_CLOCK, /nach|vor/u],
  [QUARTER_CLOCK, /viertel/u],
  [UHR_CLOCK, /uhr/u],
]);

function dayDate(
  day: string | undefined,
  month: string | undefined,
  year: string | undefined,
  weekday: string | undefined,
): MentionBody {
  const dayNumber = day === undefined ? 0 : /^\d/.test(day) ? Number(day) : (parseOrdinal(day) ?? 0);
  let yearNumber = year === undefined ? null : Number(year);
  if (yearNumber !== null && yearNumber < 100) yearNumber += 2000;
  const spec: DateSpec = {
    type: "day",
    day: dayNumber,
    month: month === undefined ? null : Number(month),
    year: yearNumber,
    weekday: weekday === undefined ? null : parseWeekday(weekday),
  };
  return { kind: "date", spec, daypart: null };
}

/** Week words, folded to ASCII: "nächste Woche" is the Monday-Sunday week after this one. */
const WEEK_OFFSETS: Record<string, number> = {
  naechste: 1,
  naechsten: 1,
  naechster: 1,
  kommende: 1,
  kommenden: 1,
  kommender: 1,
  uebernaechste: 2,
  uebernaechsten: 2,
  uebernaechster: 2,
  letzte: -1,
  letzten: -1,
  letzter: -1,
  vergangene: -1,
  vergangenen: -1,
  vergangener: -1,
  diese: 0,
  dieser: 0,
};

function weekdayDate(
  name: string | undefined,
  suffix: string | undefined,
  lead: string | undefined,
  week: string | undefined,
): MentionBody {
  const weekday = parseWeekday(name ?? "") ?? 1;
  const daypart = daypartOf(suffix);
  let rule: Extract<DateSpec, { type: "weekday" }>["rule"] = "next";
  const leadWord = fold(lead ?? "");
  if (week !== undefined) rule = { weeks: WEEK_OFFSETS[fold(week)] ?? 0 };
  else if (/^(letzt|vergangen)/u.test(leadWord)) rule = "last";
  else if (leadWord.startsWith("uebernaechst")) rule = "after-next";
  else if (leadWord.startsWith("dies")) rule = "this";
  return {
    kind: "date",
    spec: { type: "weekday", weekday, rule },
    daypart: daypart === "nachts" ? null : daypart,
  };
}

function partOf(word: string | undefined): Extract<DaysSpec, { type: "week" }>["part"] {
  return word === "anfang" || word === "mitte" || word === "ende" ? word : "all";
}

/** "Dienstag in einer Woche": the weekday with an offset of `count` days or weeks. */
function weekdayInDays(
  name: string | undefined,
  suffix: string | undefined,
  count: string | undefined,
  unit: string | undefined,
): MentionBody {
  const n = parseCardinal(count ?? "") ?? 0;
  const mention = weekdayDate(name, suffix, undefined, undefined);
  if (mention.kind !== "date" || mention.spec.type !== "weekday") return mention;
  const inDays = unit?.startsWith("woche") ? n * 7 : n;
  return { ...mention, spec: { ...mention.spec, rule: { inDays } } };
}

/**
 * Every date, clock time, daypart and "am gleichen Tag" in `text`, in text order. Earlier patterns win where
 * two overlap ("27.10." is a date before "10" can be a clock). A bare number counts as a clock only next to another
 * clock in a list, next to a date or daypart ("morgen 10"), or when it is all that was said ("zehn").
 */
export function findMentions(text: string): RawMention[] {
  const lower = lowerSameLength(text);
  const taken = new Uint8Array(text.length);
  const found: (RawMention & { end: number })[] = [];
  const isFree = (start: number, end: number) => taken.subarray(start, end).every((t) => t === 0);
  const add = (start: number, end: number, mention: MentionBody) => {
    taken.fill(1, start, end);
    found.push({ ...mention, index: start, end, text: text.slice(start, end) } as RawMention & {
      end: number;
    });
  };

  for (const [pattern, read] of readers) {
    if (NEEDS.get(pattern)?.test(lower) === false) continue;
    for (const m of lower.matchAll(pattern)) {
      const end = m.index + m[0].trimEnd().length;
      if (!isFree(m.index, end)) continue;
      const mention = read(m, lower);
      if (mention === null) continue;
      if (mention.kind === "ignore") taken.fill(1, m.index, end);
      else add(m.index, end, mention);
    }
  }
  addBareNumbers(lower, found, isFree, add);
  found.sort((a, b) => a.index - b.index);
  return found.map(({ end: _end, ...mention }) => mention as RawMention);
}

/** Between a date or daypart and a bare number that is its clock ("morgen 10", "Montag, um 9"). */
const DATE_GAP = /^\s*(?:,\s*)?(?:um\s+)?$/u;
/**
 * Longest gap between two mentions worth testing once its white space is folded; the longest that can fit
 * {@link LIST_GAP} is " , beziehungsweise oder ". Folding and this cap keep each test to a few steps.
 */
const MAX_GAP = 32;

/** Whether the text between two mentions fits `pattern`; white space runs are folded first. */
function gapFits(gap: string, pattern: RegExp): boolean {
  const folded = gap.length > MAX_GAP ? gap.replace(/\s+/gu, " ") : gap;
  return folded.length <= MAX_GAP && pattern.test(folded);
}

/** A bare number that may become a clock time, and where it stands among the mentions. */
interface BareNumber {
  index: number;
  end: number;
  digits: string;
  hour: number;
  accepted: boolean;
}

/**
 * Bare numbers that are clock times: said alone, after a bound word, next to a date or daypart, or in a list with
 * another clock ("um 9, 10 oder 11"). Only the next mention on either side can be such a neighbour (the gap must
 * hold nothing but list words), so the numbers and mentions are walked once in text order, and each number a list
 * makes a clock passes that on to its own neighbours: linear in the text, however many numbers it holds.
 */
function addBareNumbers(
  lower: string,
  found: (RawMention & { end: number })[],
  isFree: (start: number, end: number) => boolean,
  add: (start: number, end: number, mention: MentionBody) => void,
): void {
  const numbers: BareNumber[] = [];
  for (const m of lower.matchAll(BARE_NUMBER)) {
    const end = m.index + m[0].length;
    const hour = hourValue(m[1] ?? "") ?? 99;
    if (hour <= 23 && isFree(m.index, end))
      numbers.push({ index: m.index, end, digits: m[1] ?? "", hour, accepted: false });
  }
  if (numbers.length === 0) return;
  type Item = { index: number; end: number; number?: BareNumber; kind?: RawMention["kind"] };
  const items: Item[] = [
    ...found.map((f) => ({ index: f.index, end: f.end, kind: f.kind })),
    ...numbers.map((n) => ({ index: n.index, end: n.end, number: n })),
  ].sort((a, b) => a.index - b.index);
  const gap = (a: Item, b: Item) => lower.slice(a.end, b.index);
  const nextTo = (i: number, kinds: RawMention["kind"][], pattern: RegExp) => {
    const before = items[i - 1];
    const after = items[i + 1];
    const item = items[i] as Item;
    return (
      (before?.kind !== undefined && kinds.includes(before.kind) && gapFits(gap(before, item), pattern)) ||
      (after?.kind !== undefined && kinds.includes(after.kind) && gapFits(gap(item, after), pattern))
    );
  };
  // Said alone: nothing but filler around it, i.e. the whole text without filler is this number.
  const rest = lower.replace(FILLER, "");
  const queue: number[] = [];
  items.forEach((item, i) => {
    const n = item.number;
    if (n === undefined) return;
    n.accepted =
      rest === lower.slice(n.index, n.end) ||
      BOUND_LEAD.test(lower.slice(Math.max(0, n.index - 24), n.index)) ||
      nextTo(i, ["time"], LIST_GAP) ||
      nextTo(i, ["date", "daypart"], DATE_GAP);
    if (n.accepted) queue.push(i);
  });
  // A number that became a clock makes its list neighbours clocks too ("9, 10 oder 11 Uhr").
  for (let i = queue.pop(); i !== undefined; i = queue.pop()) {
    const item = items[i] as Item;
    for (const j of [i - 1, i + 1]) {
      const other = items[j];
      const n = other?.number;
      if (other === undefined || n === undefined || n.accepted) continue;
      if (gapFits(j < i ? gap(other, item) : gap(item, other), LIST_GAP)) {
        n.accepted = true;
        queue.push(j);
      }
    }
  }
  for (const n of numbers) {
    if (!n.accepted) continue;
    add(n.index, n.end, {
      kind: "time",
      hour: n.hour,
      minute: 0,
      twelveHour: !n.digits.startsWith("0") && n.hour <= 12,
      daypart: null,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Applying the calendar.

/** The reference moment: today's date (a plain date) and the wall-clock minute in the zone. */
export interface Reference {
  /** Today in the zone, as a plain calendar date (a luxon UTC DateTime at midnight, so day arithmetic has no DST). */
  today: DateTime;
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

/** Turns `now` and `zone` into a {@link Reference}; throws ConfigError for an unknown zone or an unreadable `now`. */
export function referenceOf(now: string | DateTime, zone: string): Reference {
  // The messages quote the value cut short: it may come from a JSONL line or a transcript.
  const shown = (value: string) =>
    value.length > MAX_ZONE_NAME_LENGTH ? `${value.slice(0, MAX_ZONE_NAME_LENGTH)}…` : value;
  if (!isKnownZone(zone))
    throw new ConfigError(`unknown time zone "${shown(zone)}" (expected an IANA name like Europe/Berlin)`);
  const local = typeof now === "string" ? DateTime.fromISO(now, { zone }) : now.setZone(zone);
  if (!local.isValid) {
    throw new ConfigError(
      `cannot read the time "${shown(String(now))}" (expected ISO 8601 like 2025-10-25T20:17:50+02:00)`,
    );
  }
  return {
    today: DateTime.utc(local.year, local.month, local.day),
    minuteOfDay: local.hour * 60 + local.minute,
    moment: local,
  };
}

function plainDate(year: number, month: number, day: number): DateTime | null {
  const date = DateTime.utc(year, month, day);
  return date.isValid && date.day === day ? date : null;
}

/** The calendar date a date mention names, seen from `today`; null when no such day exists ("30. Februar"). */
export function dateOf(spec: DateSpec, today: DateTime): DateTime | null {
  switch (spec.type) {
    case "offset":
      return today.plus({ days: spec.days });
    case "weekday": {
      const { rule, weekday } = spec;
      if (rule === "last") return today.minus({ days: (today.weekday - weekday + 7) % 7 || 7 });
      if (typeof rule === "object" && "inDays" in rule) return weekdayInDaysOf(weekday, rule.inDays, today);
      if (typeof rule === "object") {
        return today.minus({ days: today.weekday - 1 }).plus({ weeks: rule.weeks, days: weekday - 1 });
      }
      if (rule === "this") return today.plus({ days: (weekday - today.weekday + 7) % 7 });
      const ahead = (weekday - today.weekday + 7) % 7 || 7;
      return today.plus({ days: rule === "after-next" ? ahead + 7 : ahead });
    }
    case "nth-weekday": {
      for (const year of [today.year, today.year + 1]) {
        const first = DateTime.utc(year, spec.month, 1);
        const date = first.plus({ days: ((spec.weekday - first.weekday + 7) % 7) + 7 * (spec.n - 1) });
        // A fifth Monday that falls into the next month does not exist.
        if (date.month !== spec.month) return null;
        if (date >= today) return date;
      }
      return null;
    }
    case "day": {
      const date = dayOfMonth(spec, today);
      if (date === null || (spec.weekday !== null && date.weekday !== spec.weekday)) return null;
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
function weekdayInDaysOf(weekday: number, inDays: number, today: DateTime): DateTime | null {
  const exact = today.plus({ days: inDays });
  if (exact.weekday === weekday) return exact;
  const weeks = inDays % 7 === 0 ? inDays / 7 : inDays >= 8 && inDays % 7 === 1 ? (inDays - 1) / 7 : 0;
  if (weeks === 0) return null;
  if (today.weekday === weekday) return today.plus({ weeks });
  const ahead = (weekday - today.weekday + 7) % 7;
  return today.plus({ days: ahead + 7 * weeks });
}

function dayOfMonth(spec: Extract<DateSpec, { type: "day" }>, today: DateTime): DateTime | null {
  const { day, month, year } = spec;
  if (month !== null && year !== null) return plainDate(year, month, day);
  if (month !== null) {
    // This year if that day is still to come (today counts), else next year.
    const thisYear = plainDate(today.year, month, day);
    if (thisYear !== null && thisYear >= today) return thisYear;
    return plainDate(today.year + 1, month, day);
  }
  // "am 27.": this month if the 27th is still to come, else the next month that has one ("am 31." on 3 Nov = 31 Dec).
  const start = day >= today.day ? today : today.plus({ months: 1 });
  for (let months = 0; months < 12; months++) {
    const month = start.startOf("month").plus({ months });
    const date = plainDate(month.year, month.month, day);
    if (date !== null) return date;
  }
  return null;
}

/** Monday of the Monday-Sunday week of `date`. */
function mondayOf(date: DateTime): DateTime {
  return date.minus({ days: date.weekday - 1 });
}

/**
 * The first and last day of a day-span mention, seen from `today`. A span that reaches today starts no earlier than
 * today ("diese Woche" said on Wednesday is Wednesday-Sunday); a part of this week that is over is that part of
 * next week ("Anfang der Woche" said on Wednesday). Only "letzte Woche" and "letztes Wochenende" lie in the past.
 */
export function daysOf(spec: DaysSpec, today: DateTime): { from: DateTime; to: DateTime } {
  let from: DateTime;
  let to: DateTime;
  switch (spec.type) {
    case "next-days":
      return { from: today, to: today.plus({ days: spec.days }) };
    case "week": {
      const [first, last] = spec.part === "all" ? [1, 7] : WEEK_PARTS[spec.part];
      let monday = mondayOf(today).plus({ weeks: spec.weeks });
      if (spec.weeks === 0 && monday.plus({ days: last - 1 }) < today) monday = monday.plus({ weeks: 1 });
      from = monday.plus({ days: first - 1 });
      to = monday.plus({ days: last - 1 });
      break;
    }
    case "weekend": {
      const { rule } = spec;
      // The next Saturday after today: said Monday-Friday the coming one, said on a weekend the following one.
      const next = today.plus({ days: (6 - today.weekday + 7) % 7 || 7 });
      if (rule === "next" || rule === "after-next") from = rule === "next" ? next : next.plus({ weeks: 1 });
      else if (rule === "last") from = mondayOf(today).minus({ days: 2 });
      else from = mondayOf(today).plus({ weeks: rule.weeks, days: 5 });
      to = from.plus({ days: 1 });
      break;
    }
  }
  return { from: to >= today && from < today ? today : from, to };
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
export function clockOf(
  mention: Extract<RawMention, { kind: "time" }>,
  daypart: Daypart | "nachts" | null,
  salonHours: boolean,
): string {
  let hour = mention.hour;
  if (mention.twelveHour) {
    if ((daypart === "nachmittags" || daypart === "abends") && hour <= 11) hour += 12;
    else if (daypart === "mittags" && hour <= 4) hour += 12;
    else if (daypart === "nachts" && hour === 12) hour = 0;
    else if (daypart === "nachts" && hour >= 9) hour += 12;
    else if (daypart === null && salonHours && hour >= 1 && hour <= 6) hour += 12;
  }
  return `${String(hour).padStart(2, "0")}:${String(mention.minute).padStart(2, "0")}`;
}

function lastOf<K extends RawMention["kind"]>(mentions: RawMention[], kind: K) {
  return mentions.findLast((m): m is Extract<RawMention, { kind: K }> => m.kind === kind);
}

function minuteOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

type DateMention = Extract<RawMention, { kind: "date" }>;

/**
 * "Dienstag nächste Woche in einer Woche": a weekday right before an offset ("in N Tagen/Wochen") that lands on
 * another weekday. The text from the weekday to the offset when they clash, else null.
 */
function weekdayOffsetClash(
  text: string,
  mentions: RawMention[],
  last: DateMention | undefined,
  date: DateTime | null,
): string | null {
  if (last === undefined || date === null || last.spec.type !== "offset" || last.spec.word !== null)
    return null;
  const dates = mentions.filter((m): m is DateMention => m.kind === "date");
  const before = dates.at(-2);
  if (before === undefined || before.spec.type !== "weekday") return null;
  const gap = text.slice(before.index + before.text.length, last.index);
  if (!/^\s*(?:,\s*)?$/u.test(gap) || date.weekday === before.spec.weekday) return null;
  return text.slice(before.index, last.index + last.text.length);
}

type TimeMention = Extract<RawMention, { kind: "time" }>;

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
  const lower = lowerSameLength(text);
  const times = mentions.filter((m): m is TimeMention => m.kind === "time");
  let last = times.at(-1);
  if (last === undefined) return undefined;
  const end = (m: TimeMention) => m.index + m.text.length;
  const gap = (a: TimeMention, b: TimeMention) => lower.slice(end(a), b.index);
  const lead = (m: TimeMention) => lower.slice(Math.max(0, m.index - 32), m.index);
  const prev = times.at(-2);
  if (prev !== undefined) {
    const between = BETWEEN_LEAD.exec(lead(prev));
    if (RANGE_GAP.test(gap(prev, last)) || (between?.[1] === "zwischen" && AND_GAP.test(gap(prev, last)))) {
      const start = between === null ? prev.index : leadStart(prev.index, between[0], between[1] ?? "");
      return { kind: "range", first: prev, last, index: start, text: text.slice(start, end(last)) };
    }
  }
  let index = times.length - 1;
  while (index > 0 && OR_GAP.test(gap(times[index - 1] as TimeMention, times[index] as TimeMention))) index--;
  last = times[index] as TimeMention;
  const cue = /^ab\s/u.test(lower.slice(last.index, end(last)));
  const bound = BOUND_WORDS.exec(lead(last));
  if (bound !== null && bound[1] === undefined) {
    const word = fold(bound[2] ?? "").replace(/\s+/gu, " ");
    const start = leadStart(last.index, bound[0], bound[2] ?? "");
    const kind = UNTIL_WORDS.has(word) ? "until" : "from";
    return { kind, last, index: start, text: text.slice(start, end(last)) };
  }
  return { kind: cue ? "from" : "clock", last, index: last.index, text: last.text };
}

/**
 * The times in `text` that are an end of a range ("zwischen 9:00 und 12:00 Uhr", "von 7 bis 13 Uhr") or a bound
 * ("ab 9 Uhr", "bis 18 Uhr"): they speak of opening hours or a window, not of one clock time. Same patterns as the
 * caller's reading above.
 */
export function rangeTimes(text: string, mentions: RawMention[]): Set<RawMention> {
  const lower = lowerSameLength(text);
  const times = mentions.filter((m): m is TimeMention => m.kind === "time");
  const end = (m: TimeMention) => m.index + m.text.length;
  const lead = (m: TimeMention) => lower.slice(Math.max(0, m.index - 32), m.index);
  const out = new Set<RawMention>();
  times.forEach((time, i) => {
    const prev = times[i - 1];
    if (prev !== undefined) {
      const gap = lower.slice(end(prev), time.index);
      const between = BETWEEN_LEAD.exec(lead(prev));
      if (RANGE_GAP.test(gap) || (between?.[1] === "zwischen" && AND_GAP.test(gap))) out.add(prev).add(time);
    }
    const bound = BOUND_WORDS.exec(lead(time));
    if ((bound !== null && bound[1] === undefined) || /^ab\s/u.test(lower.slice(time.index, end(time))))
      out.add(time);
  });
  return out;
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
  today: DateTime,
): { monday: DateTime; mention: Span } | null {
  for (let i = mentions.length - 1; i >= 0; i--) {
    const m = mentions[i];
    if (m?.kind === "days" && m.spec.type === "week") {
      return { monday: mondayOf(daysOf(m.spec, today).from), mention: m };
    }
    if (m?.kind === "date" && m !== chosen && m.spec.type === "weekday" && typeof m.spec.rule === "object") {
      const { rule } = m.spec;
      if ("weeks" in rule) return { monday: mondayOf(today).plus({ weeks: rule.weeks }), mention: m };
    }
  }
  return null;
}

function isHeute(mention: DateMention): boolean {
  return mention.spec.type === "offset" && mention.spec.word === "heute";
}

/** The day a caller's words name: one date, or a span of days, and the mentions that gave it. */
interface DayReading {
  date: DateTime | null;
  days: { from: DateTime; to: DateTime } | null;
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
    const at = moment.plus({ minutes: fromNow.minutes });
    const parts: Span[] = [fromNow];
    const gap =
      dateMention === undefined ? "" : text.slice(dateMention.index + dateMention.text.length, fromNow.index);
    if (dateMention !== undefined && isHeute(dateMention) && /^\s*(?:,\s*)?$/u.test(gap))
      parts.push(dateMention);
    return {
      date: DateTime.utc(at.year, at.month, at.day),
      days: null,
      fromNow: at.toFormat("HH:mm"),
      parts,
    };
  }
  if (dateMention !== undefined) {
    let { spec } = dateMention;
    const parts: Span[] = [dateMention];
    let date: DateTime | null = null;
    const week =
      spec.type === "weekday" &&
      spec.rule === "next" &&
      FLOATING_WEEKDAY.test(lowerSameLength(dateMention.text))
        ? weekNamed(mentions, dateMention, today)
        : null;
    if (week !== null && spec.type === "weekday") {
      date = week.monday.plus({ days: spec.weekday - 1 });
      parts.push(week.mention);
    }
    const thisYear = lastOf(mentions, "this-year");
    if (spec.type === "day" && spec.month !== null && spec.year === null && thisYear !== undefined) {
      spec = { ...spec, year: today.year };
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
  const unresolvedTexts = mentions.filter((m) => m.kind === "unresolved").map((m) => m.text);
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
  if (date !== null && +date === +today) {
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
    date: date === null ? null : date.toISODate(),
    time,
    window,
    days: day.days === null ? null : { from: isoDate(day.days.from), to: isoDate(day.days.to) },
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

function isoDate(date: DateTime): string {
  return date.toISODate() ?? "";
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
