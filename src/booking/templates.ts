/**
 * Renders the German `say` of every tool result from `prompts/responses/*.hbs`. Templates only get exact
 * instants; the helpers below turn them into local words through `src/time/speak.ts`, so a template cannot
 * speak a UTC time or an undated clock time.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import { DateTime } from "luxon";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
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
import { NO_DETAIL, type Requested } from "./types.ts";

/** Every template a handler may render; each is `prompts/responses/<name>.hbs`. */
export const TEMPLATE_NAMES = [
  "available",
  "alternatives",
  "earliest",
  "closed-day",
  "too-soon",
  "none-free",
  "need-input",
  "held",
  "slot-taken",
  "service-mismatch",
  "booked",
  "not-booked",
  "found",
  "cancelled",
  "not-found",
  "rescheduled",
  "calendar-unavailable",
  "booking-limit",
  "model-unavailable",
  "booking-unverified",
  "booking-not-made",
  "turn-delayed",
  "speech-guarded",
  "turn-limit",
  "business-hours",
  "business-day-hours",
  "business-address",
  "business-prices",
  "business-payment",
  "business-services",
] as const;

/** Name of a response template. */
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Zone and clock the words are spoken in, and where the templates live. */
export interface TemplateContext {
  /** Business IANA zone. */
  zone: string;
  /** The call's clock: decides "heute/morgen/übermorgen" and whether the year is said. */
  now: string | DateTime;
  /** Folder with `<name>.hbs` and `partials/*.hbs`; default `<PROMPTS_DIR>/responses`. */
  dir?: string;
}

/** Renders one template to a single line of speech. */
export interface Renderer {
  /** Throws ConfigError naming the file when the template fails (missing value, bad data). */
  render(name: TemplateName, data: Record<string, unknown>, now?: string | DateTime): string;
}

type HelperOptions = Handlebars.HelperOptions;
type Helper = (this: unknown, ...args: unknown[]) => unknown;

/** Speech, not HTML; `knownHelpersOnly` makes a misspelt helper a load-time error instead of a silent blank. */
function compileOptions(helpers: Record<string, unknown>): CompileOptions {
  return {
    noEscape: true,
    strict: true,
    preventIndent: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  };
}

/** The compile options type is global in the Handlebars typings; re-derive it from `compile`. */
type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]>;

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
      if (value === undefined) throw new TypeError(`{{${name}}}: argument ${i + 1} is missing`);
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
const OPTIONAL_DATA = {
  service: null,
  caller: null,
  reason: null,
  detail: NO_DETAIL,
  closedNow: false,
  allClosed: false,
  options: [],
  unconfirmed: [],
  busy: false,
} as const;

/** The helpers of the README; `speakNow` gives the zone and clock of the render in progress. */
function buildHelpers(zone: string, speakNow: () => SpeakOptions): Record<string, Helper> {
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

/** Built-in block helpers that must not treat a misspelt field as false or empty. */
const GUARDED_BUILTINS = ["if", "unless", "each", "with"] as const;

function guardBuiltins(hb: typeof Handlebars): void {
  for (const name of GUARDED_BUILTINS) {
    const builtin = hb.helpers[name] as Helper;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      if (args.length < 2 || args[0] === undefined) throw new TypeError(`{{#${name}}}: its value is missing`);
      return builtin.apply(this, args);
    });
  }
}

/** Reads and fully compiles one file once, so a syntax error or an unknown helper shows at load with its path. */
function compileFile(
  hb: typeof Handlebars,
  file: string,
  options: CompileOptions,
): Handlebars.TemplateDelegate {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError(`response template missing: ${file}`, { cause });
  }
  try {
    hb.precompile(source, options);
  } catch (cause) {
    throw new ConfigError(`response template ${file} does not compile: ${(cause as Error).message}`, {
      cause,
    });
  }
  return hb.compile(source, options);
}

/** Registers every `partials/*.hbs` under its base name; a folder without partials is fine. */
function registerPartials(hb: typeof Handlebars, dir: string, options: CompileOptions): void {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".hbs"));
  } catch {
    return;
  }
  for (const file of files)
    hb.registerPartial(basename(file, ".hbs"), compileFile(hb, join(dir, file), options));
}

/** Folds the template's line breaks and indentation into single spaces; no space before punctuation. */
function foldWhitespace(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/ ([,.?!:;])/g, "$1")
    .trim();
}

/**
 * Loads and compiles every response template and partial of `ctx.dir` once. A missing or broken file is a
 * ConfigError naming it, at creation rather than in the middle of a call. `ctx.now` is read at every render,
 * so a getter lets "heute/morgen" follow the call's clock.
 */
export function createRenderer(ctx: TemplateContext): Renderer {
  const dir = ctx.dir ?? join(PROMPTS_DIR, "responses");
  try {
    localDateOf(ctx.now, ctx.zone);
  } catch (cause) {
    throw new ConfigError(`renderer: bad zone or now: ${(cause as Error).message}`, { cause });
  }
  const hb = Handlebars.create();
  // `now` is read again at every render (it may be a getter on a moving replay clock), once per render.
  let current: SpeakOptions = { zone: ctx.zone, now: ctx.now };
  const helpers = buildHelpers(ctx.zone, () => current);
  for (const [name, fn] of Object.entries(helpers)) hb.registerHelper(name, fn);
  guardBuiltins(hb);
  const options = compileOptions(helpers);
  registerPartials(hb, join(dir, "partials"), options);
  const templates = new Map(
    TEMPLATE_NAMES.map((name) => {
      const file = join(dir, `${name}.hbs`);
      return [name, { file, run: compileFile(hb, file, options) }] as const;
    }),
  );

  return {
    render(name, data, now) {
      const template = templates.get(name);
      if (template === undefined) throw new ConfigError(`unknown response template "${name}"`);
      try {
        current = { zone: ctx.zone, now: now ?? ctx.now };
        // Optional parts default to null so templates can test them without strict mode calling them missing.
        return foldWhitespace(template.run({ ...OPTIONAL_DATA, ...data }));
      } catch (cause) {
        throw new ConfigError(`response template ${template.file} failed: ${(cause as Error).message}`, {
          cause,
        });
      }
    },
  };
}

const shared = new Map<string, Renderer>();

/** A fingerprint of a template folder: names, sizes and modification times of its files and partials. */
function folderSignature(dir: string): string {
  const parts: string[] = [];
  for (const sub of [dir, join(dir, "partials")]) {
    let files: string[] = [];
    try {
      files = readdirSync(sub).filter((f) => f.endsWith(".hbs"));
    } catch {
      continue;
    }
    for (const f of files.sort()) {
      const st = statSync(join(sub, f));
      parts.push(`${sub}/${f}:${st.size}:${st.mtimeMs}`);
    }
  }
  return parts.join("|");
}

/**
 * A renderer shared by every call with the same folder and zone, compiled once; pass the call's `now` to
 * `render`. A template edited on disk changes the folder's signature, so the next call compiles it afresh.
 */
export function sharedRenderer(zone: string, dir: string = join(PROMPTS_DIR, "responses")): Renderer {
  const key = `${zone}\u0000${dir}\u0000${folderSignature(dir)}`;
  let renderer = shared.get(key);
  if (renderer === undefined) {
    renderer = createRenderer({ zone, now: DateTime.now(), dir });
    shared.set(key, renderer);
  }
  return renderer;
}
