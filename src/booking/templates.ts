/**
 * Loads `prompts/responses/*.hbs` into a renderer of the German `say` of every tool result, and keeps one
 * compiled renderer per zone and folder for the sessions. The helpers are in `template-helpers.ts`, the strict
 * compilation in `template-strict.ts`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import { DateTime } from "luxon";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { localDateOf, type SpeakOptions } from "../time/speak.ts";
import { buildHelpers, OPTIONAL_DATA } from "./template-helpers.ts";
import { type CompileOptions, compileStrict, guardBuiltins } from "./template-strict.ts";

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

/** Speech, not HTML: no escaping, and no indentation added to a partial's lines. */
function compileOptions(helpers: Record<string, unknown>): CompileOptions {
  return {
    noEscape: true,
    preventIndent: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  };
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

/**
 * One entry per zone and folder: the renderer and the folder signature it was compiled from. An edit replaces
 * the entry, so a long-running server holds one renderer per folder however often its templates change.
 */
const shared = new Map<string, { signature: string; renderer: Renderer }>();

/**
 * A fingerprint of a template folder: names, sizes and modification times of its files and partials. One
 * readdir and one stat per file, no reads: cheap enough for every session, so an edit needs no watcher.
 */
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
      // A file removed since the readdir leaves the signature; compiling then names it as missing.
      const st = statSync(join(sub, f), { throwIfNoEntry: false });
      if (st !== undefined) parts.push(`${sub}/${f}:${st.size}:${st.mtimeMs}`);
    }
  }
  return parts.join("|");
}

/**
 * A renderer shared by every call with the same folder and zone, compiled once; pass the call's `now` to
 * `render`. The folder's signature is checked at every call, so a template edited on disk is compiled afresh
 * for the next session and replaces the renderer compiled before the edit.
 */
export function sharedRenderer(zone: string, dir: string = join(PROMPTS_DIR, "responses")): Renderer {
  const key = `${zone}\u0000${dir}`;
  const signature = folderSignature(dir);
  const cached = shared.get(key);
  if (cached !== undefined && cached.signature === signature) return cached.renderer;
  // Dropped before compiling: a broken edit must not keep the stale renderer alive either.
  shared.delete(key);
  const renderer = createRenderer({ zone, now: DateTime.now(), dir });
  shared.set(key, { signature, renderer });
  return renderer;
}
