/**
 * The Handlebars helpers of the response templates (see `prompts/responses/README.md`). Templates only get exact
 * instants; these helpers turn them into local words through `src/time/speak.ts`, so a template cannot speak a
 * UTC time or an undated clock time.
 */
import { DateTime } from "luxon";
import { toInstant } from "../time/instant.ts";
import {
  type Instant,
  localDateOf,
  type SpeakOptions,
  speakBetween,
  speakBound,
  speakDate,
  speakDays,
  speakList,
  speakOnDate,
  speakOpening,
  speakSlot,
  speakSlotsByDay,
  speakTime,
  speakTimesOnDay,
  speakUntil,
  speakWeekdays,
} from "../time/speak.ts";
import { callSite, fieldOf, type Helper, type HelperOptions } from "./template-strict.ts";
import { NO_DETAIL, type Requested } from "./types.ts";

/** Wraps a helper so a missing argument (a template bug or incomplete data) throws instead of speaking "undefined". */
function strictHelper(
  name: string,
  arity: number,
  fn: (args: unknown[], options: HelperOptions) => unknown,
): Helper {
  return (...raw: unknown[]) => {
    const options = raw.pop() as HelperOptions;
    if (raw.length !== arity)
      throw new TypeError(`{{${name}}} takes ${arity} argument(s), got ${raw.length}`);
    raw.forEach((value, i) => {
      if (value !== undefined) return;
      const field = fieldOf(options, i);
      const what = field === null ? `argument ${i + 1}` : `argument ${i + 1}, "${field}",`;
      throw new TypeError(`${callSite(name, options, arity)}: ${what} is missing from the data`);
    });
    return fn(raw, options);
  };
}

/** An instant from a string, a DateTime, or an object with `start` (SlotOffer, BookingInfo). */
function instantOf(helper: string, value: unknown): Instant {
  if (typeof value === "string" || DateTime.isDateTime(value)) return value;
  if (typeof value === "object" && value !== null && "start" in value && typeof value.start === "string") {
    return value.start;
  }
  throw new TypeError(
    `{{${helper}}} needs an instant, a YYYY-MM-DD date or an object with "start"; got ${JSON.stringify(value)}`,
  );
}

/** A list of instants, each as {@link instantOf} reads it. */
function listOf(helper: string, value: unknown): Instant[] {
  if (!Array.isArray(value)) throw new TypeError(`{{${helper}}} needs a list; got ${JSON.stringify(value)}`);
  return value.map((item) => instantOf(helper, item));
}

/** `requested` (local date + time or daypart window) as a zoned DateTime. */
function requestedAt(date: unknown, hhmm: unknown, zone: string): DateTime {
  if (typeof date !== "string" || typeof hhmm !== "string") {
    throw new TypeError(`{{onRequested}} needs a date and HH:MM; got ${JSON.stringify({ date, hhmm })}`);
  }
  try {
    return toInstant(date, hhmm, zone);
  } catch {
    throw new TypeError(`{{onRequested}}: "${date}T${hhmm}" is not a local date and time`);
  }
}

/** A window's open ends: "ab 14 Uhr" is 14:00-23:59, "vor 10 Uhr" is 00:00-10:00 (see `src/time/resolve.ts`). */
const OPEN_END = "23:59";
const OPEN_START = "00:00";

/**
 * Parts of the data a template may test that not every result carries; they default to null (or false), so a
 * template can ask `{{#if detail.closesAt}}` without strict mode calling the part missing.
 */
export const OPTIONAL_DATA = {
  service: null,
  caller: null,
  reason: null,
  detail: NO_DETAIL,
  closedNow: false,
  allClosed: false,
  options: [],
  unconfirmed: [],
  busy: false,
  lookupFailed: false,
  lookupBusy: false,
  lookupUnanswered: false,
} as const;

/** The helpers of the README; `speakNow` gives the zone and clock of the render in progress. */
export function buildHelpers(zone: string, speakNow: () => SpeakOptions): Record<string, Helper> {
  const sameDay = (a: unknown, b: unknown, helper: string) =>
    localDateOf(instantOf(helper, a), zone) === localDateOf(instantOf(helper, b), zone);

  return {
    slot: strictHelper("slot", 1, ([s]) => speakSlot(instantOf("slot", s), speakNow())),
    onSlot: strictHelper("onSlot", 1, ([s]) => speakSlotsByDay([instantOf("onSlot", s)], speakNow())),
    date: strictHelper("date", 1, ([x]) => speakDate(instantOf("date", x), speakNow())),
    onDate: strictHelper("onDate", 1, ([x]) => speakOnDate(instantOf("onDate", x), speakNow())),
    time: strictHelper("time", 1, ([x]) => speakTime(instantOf("time", x), speakNow())),
    slotsByDay: strictHelper("slotsByDay", 1, ([list], options) => {
      const conjunction = options.hash["conjunction"] === "and" ? "and" : "or";
      return speakSlotsByDay(listOf("slotsByDay", list), { ...speakNow(), conjunction });
    }),
    timesOnDay: strictHelper("timesOnDay", 1, ([list]) =>
      speakTimesOnDay(listOf("timesOnDay", list), speakNow()),
    ),
    /**
     * "am Sonntag, 26. Oktober, um 10:00 Uhr" / "..., zwischen 14:00 und 18:00 Uhr" / "am Sonntag, 26. Oktober,":
     * a bare date keeps the comma that closes the apposition, since the sentence always goes on after it.
     */
    onRequested: strictHelper("onRequested", 1, ([requested]) => {
      const { date, time, window, days } = requested as Partial<Requested>;
      const speak = speakNow();
      const day =
        typeof date !== "string" && days
          ? speakDays(days.from, days.to, speak)
          : speakOnDate(instantOf("onRequested", date), speak);
      // The clock of a span is said on its first day: only the time of day matters in the sentence.
      const on = typeof date === "string" ? date : days?.from;
      if (typeof time === "string") return `${day}, ${speakTimesOnDay([requestedAt(on, time, zone)], speak)}`;
      if (window) {
        const [from, to] = [requestedAt(on, window.from, zone), requestedAt(on, window.to, zone)];
        if (window.to === OPEN_END) return `${day}, ${speakBound("since", from, speak)}`;
        if (window.from === OPEN_START) return `${day}, ${speakBound("before", to, speak)}`;
        return `${day}, ${speakBetween(from, to, speak)}`;
      }
      return `${day},`;
    }),
    /** A span of days: "von Samstag, 1. November, bis Sonntag, 2. November" (one day: "am Samstag, ..."). */
    onDays: strictHelper("onDays", 1, ([days]) => {
      const span = days as { from?: unknown; to?: unknown } | null;
      if (span === null || typeof span.from !== "string" || typeof span.to !== "string")
        throw new TypeError(`{{onDays}} needs {from, to} dates; got ${JSON.stringify(days)}`);
      return speakDays(span.from, span.to, speakNow());
    }),
    /** One day's opening ranges (instants): "von 7:00 bis 12:00 Uhr" / "... und von 13:30 bis 19:00 Uhr". */
    openingHours: strictHelper("openingHours", 1, ([ranges]) => {
      if (!Array.isArray(ranges) || ranges.length === 0)
        throw new TypeError(`{{openingHours}} needs a list of {from, to}; got ${JSON.stringify(ranges)}`);
      return speakOpening(ranges as { from: string; to: string }[], speakNow());
    }),
    /** A closing time: "bis 12:00 Uhr", "bis Mitternacht". */
    until: strictHelper("until", 1, ([x]) => speakUntil(instantOf("until", x), speakNow())),
    /** Weekday names of dates: "Dienstag und Freitag", "Montag bis Donnerstag". */
    weekdays: strictHelper("weekdays", 1, ([list]) => speakWeekdays(listOf("weekdays", list), speakNow())),
    /** Names as a spoken list: "a, b oder c" (`conjunction="and"`: "a, b und c"). */
    listOr: strictHelper("listOr", 1, ([list], options) => {
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
        throw new TypeError(`{{listOr}} needs a list of text; got ${JSON.stringify(list)}`);
      return speakList(list as string[], options.hash["conjunction"] === "and" ? "and" : "or");
    }),
    /** Null (e.g. no requested date) is never the same day; undefined still throws. */
    sameDay: strictHelper("sameDay", 2, ([a, b]) => a !== null && b !== null && sameDay(a, b, "sameDay")),
    allOnDay: strictHelper("allOnDay", 2, ([list, day]) => {
      if (day === null) return false;
      const items = listOf("allOnDay", list);
      return items.length > 0 && items.every((item) => sameDay(item, day, "allOnDay"));
    }),
    eq: strictHelper("eq", 2, ([a, b]) => a === b),
    gt: strictHelper("gt", 2, ([a, b]) => {
      if (typeof a !== "number" || typeof b !== "number")
        throw new TypeError(`{{gt}} compares numbers; got ${a}, ${b}`);
      return a > b;
    }),
    not: strictHelper("not", 1, ([a]) => !a),
    includes: strictHelper("includes", 2, ([list, item]) => {
      if (!Array.isArray(list)) throw new TypeError(`{{includes}} needs a list; got ${JSON.stringify(list)}`);
      return list.includes(item);
    }),
    capitalize: strictHelper("capitalize", 1, ([s]) => {
      if (typeof s !== "string") throw new TypeError(`{{capitalize}} needs text; got ${JSON.stringify(s)}`);
      return s.charAt(0).toUpperCase() + s.slice(1);
    }),
  };
}
