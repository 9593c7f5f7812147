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

/** Speech, not HTML: no escaping, and no indentation added to a partial's lines. */
function compileOptions(helpers: Record<string, unknown>): CompileOptions {
  return {
    noEscape: true,
    preventIndent: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  };
}

/**
 * The compile options type is global in the Handlebars typings; re-derive it from `compile`. `trackIds` and
 * `srcName` are compile options of Handlebars 4 that the typings leave out (`srcName` is typed for precompile).
 */
export type CompileOptions = NonNullable<Parameters<typeof Handlebars.compile>[1]> & {
  trackIds?: boolean;
  srcName?: string;
};

/**
 * What Handlebars also passes a helper, beyond its typings: the paths its arguments were written as (with the
 * `trackIds` compile option) and where the call is in the template (file with the `srcName` option).
 */
interface CallSite {
  ids?: unknown[];
  loc?: { source?: string; start?: { line?: number } };
}

/** The field an argument came from (`detail.closesAt`), or null for a literal or a sub-expression. */
function fieldOf(options: HelperOptions, index: number): string | null {
  const id = (options as HelperOptions & CallSite).ids?.[index];
  return typeof id === "string" ? id : null;
}

/** `{{#if closedNow}} (alternatives.hbs, line 3)`: what was written, in which file (`srcName`), on which line. */
function at(written: string, options: HelperOptions): string {
  const loc = (options as HelperOptions & CallSite).loc;
  const where = [loc?.source, loc?.start?.line === undefined ? undefined : `line ${loc.start.line}`];
  const place = where.filter((part) => part !== undefined).join(", ");
  return place === "" ? written : `${written} (${place})`;
}

/** `{{#if closedNow}} (alternatives.hbs, line 3)`: the helper call as its author wrote it, and where. */
function callSite(name: string, options: HelperOptions, arity: number): string {
  const fields = Array.from({ length: arity }, (_, i) => fieldOf(options, i) ?? "…");
  return at(`{{${options.fn === undefined ? "" : "#"}${[name, ...fields].join(" ")}}}`, options);
}

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

/**
 * The helper every path of two or more parts goes through (`parseStrict`). Not a name for template authors:
 * the underscore keeps it apart from the README's helpers.
 */
export const PATH_HELPER = "_path";

/**
 * `{{_path alternatives "length"}}`: reads `alternatives.length` part by part, own properties only (as
 * Handlebars does), and names the first part that is missing, or null before the last. Handlebars' strict mode
 * leaves both to a bare "Cannot read properties of undefined (reading 'length')".
 */
function pathHelper(head: unknown, ...rest: unknown[]): unknown {
  const options = rest.pop() as HelperOptions;
  const parts = rest as string[];
  let path = fieldOf(options, 0) ?? "…";
  const where = at([path, ...parts].join("."), options);
  const missing = () => new TypeError(`${where}: the field "${path}" is missing from the data`);
  let value = head;
  if (value === undefined) throw missing();
  for (const part of parts) {
    if (value === null) throw new TypeError(`${where}: "${path}" is null, so it has no "${part}"`);
    path = `${path}.${part}`;
    if (!Object.hasOwn(value as object, part)) throw missing();
    value = (value as Record<string, unknown>)[part];
  }
  if (value === undefined) throw missing();
  return value;
}

type Ast = ReturnType<typeof Handlebars.parse>;
type AstPath = hbs.AST.PathExpression;

/** `alternatives.length` as `(_path alternatives "length")`; other expressions as they are. */
function viaPathHelper(expression: hbs.AST.Expression): hbs.AST.Expression {
  if (expression.type !== "PathExpression") return expression;
  const path = expression as AstPath;
  // `@index`, `../x` and `this` are Handlebars' own; only plain data paths of 2+ parts are read part by part.
  if (path.data || path.depth > 0 || path.parts.length < 2) return expression;
  const [head = "", ...rest] = path.parts;
  const { loc } = path;
  const literal = (value: string) =>
    ({ type: "StringLiteral", value, original: value, loc }) as hbs.AST.StringLiteral;
  const call: hbs.AST.SubExpression = {
    type: "SubExpression",
    path: { type: "PathExpression", data: false, depth: 0, parts: [PATH_HELPER], original: PATH_HELPER, loc },
    params: [
      { type: "PathExpression", data: false, depth: 0, parts: [head], original: head, loc } as AstPath,
      ...rest.map(literal),
    ],
    hash: { type: "Hash", pairs: [], loc },
    loc,
  };
  return call;
}

/** Rewrites every multi-part path of a parsed template, as a parameter, a hash value or a mustache of its own. */
function rewritePaths(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) rewritePaths(child);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const n = node as Partial<hbs.AST.MustacheStatement> & { type?: string };
  if (
    n.type === "MustacheStatement" &&
    n.path?.type === "PathExpression" &&
    n.params?.length === 0 &&
    !n.hash
  ) {
    const call = viaPathHelper(n.path as AstPath);
    if (call.type === "SubExpression") {
      n.path = (call as hbs.AST.SubExpression).path;
      n.params = (call as hbs.AST.SubExpression).params;
    }
  }
  if (Array.isArray(n.params)) n.params = n.params.map(viaPathHelper);
  for (const pair of n.hash?.pairs ?? []) pair.value = viaPathHelper(pair.value);
  for (const [key, child] of Object.entries(node)) {
    if (key !== "loc" && key !== "path" && key !== "strip" && typeof child === "object") rewritePaths(child);
  }
}

/**
 * Parses a kit template so that a misspelt field is named wherever it is: every path of two or more parts
 * (`service.name`, `alternatives.length`) is read through {@link PATH_HELPER}. Compile the result with
 * `PATH_HELPER` among the known helpers, on an instance set up by {@link guardBuiltins}.
 */
export function parseStrict(source: string, srcName: string): Ast {
  const ast = Handlebars.parse(source, { srcName });
  rewritePaths(ast);
  return ast;
}

/**
 * Compiles a kit template (`srcName` is the name a failing call gives as its place) on an instance set up by
 * {@link guardBuiltins}: strict (a missing field is an error naming it, see {@link parseStrict}), only known
 * helpers (a misspelt one fails here, not as a blank), and `trackIds`, which hands every helper the paths of its
 * arguments. A syntax error or an unknown helper throws Handlebars' error at once, not at the first render.
 */
export function compileStrict(
  hb: typeof Handlebars,
  source: string,
  srcName: string,
  options: CompileOptions = {},
): Handlebars.TemplateDelegate {
  const strict: CompileOptions = {
    ...options,
    strict: true,
    trackIds: true,
    knownHelpersOnly: true,
    knownHelpers: { ...options.knownHelpers, [PATH_HELPER]: true },
    srcName,
  };
  // Compiling marks the tree, so the check and the template each get their own.
  hb.precompile(parseStrict(source, srcName), strict);
  return hb.compile(parseStrict(source, srcName), strict);
}

/**
 * Makes `{{#if}}`, `{{#unless}}`, `{{#each}}` and `{{#with}}` of `hb` throw, naming the field, when their value
 * is missing from the data: strict mode alone lets a misspelt last part of a block's path (`business.servics`)
 * through as false or an empty list. Also registers {@link PATH_HELPER}. Compile with `strict` and `trackIds`
 * (and `srcName` for the file).
 */
export function guardBuiltins(hb: typeof Handlebars): void {
  hb.registerHelper(PATH_HELPER, pathHelper);
  for (const name of GUARDED_BUILTINS) {
    const builtin = hb.helpers[name] as Helper;
    hb.registerHelper(name, function (this: unknown, ...args: unknown[]) {
      const options = args.at(-1) as HelperOptions;
      if (args.length < 2 || args[0] === undefined) {
        const field = fieldOf(options, 0);
        const what = field === null ? "its value" : `the field "${field}"`;
        throw new TypeError(`${callSite(name, options, 1)}: ${what} is missing from the data`);
      }
      return builtin.apply(this, args);
    });
  }
}

/**
 * Reads and fully compiles one file once, so a syntax error or an unknown helper shows at load with its path.
 * `name` (the path inside the templates folder) is what a failing helper call names as its place.
 */
function compileFile(
  hb: typeof Handlebars,
  file: string,
  name: string,
  options: CompileOptions,
): Handlebars.TemplateDelegate {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError(`response template missing: ${file}`, { cause });
  }
  try {
    return compileStrict(hb, source, name, options);
  } catch (cause) {
    throw new ConfigError(`response template ${file} does not compile: ${(cause as Error).message}`, {
      cause,
    });
  }
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
    hb.registerPartial(basename(file, ".hbs"), compileFile(hb, join(dir, file), `partials/${file}`, options));
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
      return [name, { file, run: compileFile(hb, file, `${name}.hbs`, options) }] as const;
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
