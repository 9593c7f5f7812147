/**
 * German text -> the date and time mentions in it, before any reference date is applied: "morgen um halb elf" is
 * a relative day (+1) and a clock (10:30 on a 12-hour dial). `findMentions` finds every date, clock, daypart, span of
 * days ("nächste Woche"), earliest-slot wish and "am gleichen Tag"; the resolver (`resolve.ts`) picks the caller's
 * date and time from them, and the scanner (`scan.ts`) reads the agent's own words with them.
 */
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

/** Where a mention stands in the text it was found in. */
export interface Span {
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

export type DateMention = Extract<RawMention, { kind: "date" }>;
export type TimeMention = Extract<RawMention, { kind: "time" }>;

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
const BARE_WEEKDAY = new RegExp(`^(?:am\\s+)?${WD}`, "u");

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

/** `text` lower-cased, offset for offset: the patterns run on this, the mentions quote the original. */
export function lowerSameLength(text: string): string {
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

/** A fresh body each time: {@link Found.add} completes the body it is given into the mention. */
function unresolved(): MentionBody {
  return { kind: "unresolved" };
}

function clock(hour: number, minute: number, twelveHour: boolean, daypart: string | undefined) {
  if (hour > 23 || minute > 59) return unresolved();
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
      if (n < 1 || n > 5 || weekday === null || month === null) return unresolved();
      return { kind: "date", spec: { type: "nth-weekday", n, weekday, month }, daypart: null };
    },
  ],
  [ORDINAL_FEAST, unresolved],
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

/** A full weekday name ("Nachmittag" and "Tage" open none of the weekday patterns). */
const NEEDS_WEEKDAY = new RegExp(WEEKDAY_WORD, "u");
const NEEDS_WEEK = /woche/u;
/** Every ordinal word ends in "te", "ten", "ter", "tes" or "tem". */
const NEEDS_ORDINAL = /te[nrsm]?(?![\p{L}])/u;
const NEEDS_DAY_NUMBER = /\d\.|te[nrsm]?(?![\p{L}])/u;
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
  [MONTH_DATE, new RegExp(MONTH_WORD, "u")],
  [ORDINAL_DATE, NEEDS_ORDINAL],
  [PREFIXED_DAY, NEEDS_DAY_NUMBER],
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
  [CUED_CLOCK, new RegExp(CUE, "u")],
  [DAYPART, new RegExp(DAYPART_WORD, "u")],
]);

/** The words patterns cannot match without, each searched once per text (several patterns share one). */
const GATES = [...new Set(NEEDS.values())];
/** The readers in the order they run, each with the index of its gate in {@link GATES} (-1: none). */
const READERS = readers.map(([pattern, read]) => {
  const needs = NEEDS.get(pattern);
  return { pattern, read, gate: needs === undefined ? -1 : GATES.indexOf(needs) };
});

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
  const found = new Found(text);
  const open = GATES.map((gate) => gate.test(lower));
  for (const { pattern, gate, read } of READERS) {
    if (gate >= 0 && open[gate] === false) continue;
    // One global pattern, its `lastIndex` reset: `matchAll` would copy each of these large patterns per text.
    pattern.lastIndex = 0;
    for (let m = pattern.exec(lower); m !== null; m = pattern.exec(lower)) {
      if (m[0].length === 0) pattern.lastIndex += 1;
      const end = m.index + m[0].trimEnd().length;
      if (!found.isFree(m.index, end)) continue;
      const mention = read(m, lower);
      if (mention === null) continue;
      if (mention.kind === "ignore") found.take(m.index, end);
      else found.add(m.index, end, mention);
    }
  }
  addBareNumbers(lower, found);
  return found.inTextOrder();
}

/** A weekday said with no week rule of its own ("Mittwoch", "am Mittwoch"): a week named elsewhere moves it. */
export function isBareWeekday(mention: Span): boolean {
  return BARE_WEEKDAY.test(lowerSameLength(mention.text));
}

/** The mentions found so far in a text and the characters they cover; a character is read by one mention only. */
class Found {
  readonly items: { mention: RawMention; end: number }[] = [];
  private readonly taken: Uint8Array;

  constructor(private readonly text: string) {
    this.taken = new Uint8Array(text.length);
  }

  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.taken[i] !== 0) return false;
    return true;
  }

  /** Marks text as read without a mention ("Guten Morgen"). */
  take(start: number, end: number): void {
    this.taken.fill(1, start, end);
  }

  /** Adds a mention; `body` must be the reader's own new object, which becomes the mention (a copy costs more). */
  add(start: number, end: number, body: MentionBody): void {
    this.take(start, end);
    const mention = body as MentionBody & Span;
    mention.index = start;
    mention.text = this.text.slice(start, end);
    this.items.push({ mention: mention as RawMention, end });
  }

  inTextOrder(): RawMention[] {
    return this.items.sort((a, b) => a.mention.index - b.mention.index).map((item) => item.mention);
  }
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

/** A mention or a bare number, in text order, for {@link addBareNumbers}. */
interface Item {
  index: number;
  end: number;
  number?: BareNumber;
  kind?: RawMention["kind"];
}

const CLOCK_KINDS: readonly RawMention["kind"][] = ["time"];
const DAY_KINDS: readonly RawMention["kind"][] = ["date", "daypart"];

function gapOf(lower: string, a: Item, b: Item): string {
  return lower.slice(a.end, b.index);
}

/** Whether the item before or after `items[i]` is of one of `kinds`, with a gap that fits `pattern`. */
function nextTo(
  lower: string,
  items: readonly Item[],
  i: number,
  kinds: readonly RawMention["kind"][],
  pattern: RegExp,
): boolean {
  const before = items[i - 1];
  const after = items[i + 1];
  const item = items[i] as Item;
  return (
    (before?.kind !== undefined &&
      kinds.includes(before.kind) &&
      gapFits(gapOf(lower, before, item), pattern)) ||
    (after?.kind !== undefined && kinds.includes(after.kind) && gapFits(gapOf(lower, item, after), pattern))
  );
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
function addBareNumbers(lower: string, found: Found): void {
  const numbers: BareNumber[] = [];
  BARE_NUMBER.lastIndex = 0;
  for (let m = BARE_NUMBER.exec(lower); m !== null; m = BARE_NUMBER.exec(lower)) {
    const end = m.index + m[0].length;
    const hour = hourValue(m[1] ?? "") ?? 99;
    if (hour <= 23 && found.isFree(m.index, end))
      numbers.push({ index: m.index, end, digits: m[1] ?? "", hour, accepted: false });
  }
  if (numbers.length === 0) return;
  const items: Item[] = [];
  for (const f of found.items) items.push({ index: f.mention.index, end: f.end, kind: f.mention.kind });
  for (const n of numbers) items.push({ index: n.index, end: n.end, number: n });
  items.sort((a, b) => a.index - b.index);
  // Said alone: nothing but filler around it, i.e. the whole text without filler is this number.
  const rest = lower.replace(FILLER, "");
  const queue: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const n = items[i]?.number;
    if (n === undefined) continue;
    n.accepted =
      rest === lower.slice(n.index, n.end) ||
      BOUND_LEAD.test(lower.slice(Math.max(0, n.index - 24), n.index)) ||
      nextTo(lower, items, i, CLOCK_KINDS, LIST_GAP) ||
      nextTo(lower, items, i, DAY_KINDS, DATE_GAP);
    if (n.accepted) queue.push(i);
  }
  // A number that became a clock makes its list neighbours clocks too ("9, 10 oder 11 Uhr").
  for (let i = queue.pop(); i !== undefined; i = queue.pop()) {
    const item = items[i] as Item;
    for (const j of [i - 1, i + 1]) {
      const other = items[j];
      const n = other?.number;
      if (other === undefined || n === undefined || n.accepted) continue;
      if (gapFits(j < i ? gapOf(lower, other, item) : gapOf(lower, item, other), LIST_GAP)) {
        n.accepted = true;
        queue.push(j);
      }
    }
  }
  for (const n of numbers) {
    if (!n.accepted) continue;
    found.add(n.index, n.end, {
      kind: "time",
      hour: n.hour,
      minute: 0,
      twelveHour: !n.digits.startsWith("0") && n.hour <= 12,
      daypart: null,
    });
  }
}
