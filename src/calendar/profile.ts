import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { ConfigError } from "../errors.ts";
import { cacheZoneOffsets, isValidZoneName } from "../time/zone-clock.ts";

// Bounds at the edge: a profile is hand-written YAML; anything this large is a mistake, not a salon.
const MAX_FILE_BYTES = 256 * 1024;
const MAX_ISSUES = 5;
const bounded = (max: number) => z.string().min(1).max(max);

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const hhmm = z.string().regex(HHMM, "expected HH:MM");

/** One day's opening ranges: each ends after it starts, sorted, none overlapping (touching is fine). */
const dayRanges = z
  .array(z.tuple([hhmm, hhmm]))
  .max(8)
  .superRefine((ranges, ctx) => {
    let previous: [string, string] | undefined;
    for (const [i, range] of ranges.entries()) {
      const [from, to] = range;
      // A malformed time already has its own issue; "HH:MM" strings compare in time order.
      if (!HHMM.test(from) || !HHMM.test(to)) continue;
      if (to <= from) {
        ctx.addIssue({ code: "custom", path: [i], message: `end ${to} is not after start ${from}` });
        continue;
      }
      if (previous !== undefined) {
        const shown = `${from}-${to}`;
        const before = `${previous[0]}-${previous[1]}`;
        if (from < previous[0]) {
          ctx.addIssue({
            code: "custom",
            path: [i],
            message: `${shown} comes before ${before}; sort the ranges by time`,
          });
        } else if (from < previous[1]) {
          ctx.addIssue({ code: "custom", path: [i], message: `${shown} overlaps ${before}` });
        }
      }
      previous = range;
    }
  });

/** A service the business offers; one Cal.com event type each. */
export const serviceSchema = z.strictObject({
  id: bounded(80),
  name: bounded(120),
  aliases: z.array(bounded(120)).max(30).default([]),
  eventTypeId: z.number().int().positive(),
  minutes: z.number().int().positive(),
  /**
   * Price as the business says it, e.g. "28 €" or "ab 45 €", for `business_info`. Optional: a fact that is absent
   * is said to be unavailable on the phone, never guessed.
   */
  price: bounded(60).optional(),
});

/** Opening hours per weekday; a missing weekday is closed. */
const hoursSchema = z
  .strictObject({
    mon: dayRanges,
    tue: dayRanges,
    wed: dayRanges,
    thu: dayRanges,
    fri: dayRanges,
    sat: dayRanges,
    sun: dayRanges,
  })
  .partial();

/** The longest minimum notice a profile may ask for. */
export const MAX_NOTICE_MINUTES = 30 * 24 * 60;
/** The longest booking window a profile may open: slot queries cover it, so it stays within what Cal.com answers. */
export const MAX_WINDOW_DAYS = 730;
/** More bookings than this in one call are a list, not a call: the caller is asked to book them one call each. */
export const MAX_BOOKINGS_PER_CALL = 5;

/** The business profile contract of DESIGN.md. A missing weekday in `hours` is closed. */
export const businessProfileSchema = z.strictObject({
  id: bounded(80),
  name: bounded(120),
  timezone: z.string().refine((tz) => isValidZoneName(tz), "expected an IANA time zone"),
  greeting: bounded(500),
  /**
   * Street address, e.g. "Musterstraße 12, 10115 Berlin", for `business_info`. Optional: a fact that is absent is
   * said to be unavailable on the phone, never guessed.
   */
  address: bounded(200).optional(),
  /**
   * Accepted payment methods, e.g. ["Bargeld", "EC-Karte", "Kreditkarte"], for `business_info`. Optional: a fact
   * that is absent is said to be unavailable on the phone, never guessed.
   */
  payment: z.array(bounded(60)).min(1).max(20).optional(),
  services: z
    .array(serviceSchema)
    .min(1)
    .max(100)
    .superRefine((services, ctx) => {
      // One event type per service, or a booking could not be traced back to what the caller asked for.
      const ids = new Map<string, number>();
      const eventTypes = new Map<number, number>();
      for (const [i, s] of services.entries()) {
        const sameId = ids.get(s.id);
        if (sameId !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [i, "id"],
            message: `"${s.id}" is already the id of services.${sameId}`,
          });
        } else ids.set(s.id, i);
        const sameType = eventTypes.get(s.eventTypeId);
        if (sameType !== undefined) {
          const other = services[sameType]?.id ?? "";
          ctx.addIssue({
            code: "custom",
            path: [i, "eventTypeId"],
            message: `${s.eventTypeId} is already the event type of services.${sameType} (${other})`,
          });
        } else eventTypes.set(s.eventTypeId, i);
      }
    }),
  hours: hoursSchema,
  // Sane bounds: a window of 100000000 days made every slot query a range no calendar answers ("calendar down").
  minimumNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(MAX_NOTICE_MINUTES, `at most ${MAX_NOTICE_MINUTES} (30 days)`)
    .default(0),
  bookingWindowDays: z
    .number()
    .int()
    .positive()
    .max(MAX_WINDOW_DAYS, `at most ${MAX_WINDOW_DAYS} (two years)`)
    .default(60),
  /**
   * New bookings one call may make: 1 by default; 2 lets a caller book two services back to back ("Haarschnitt
   * und danach den Bart"). Replays allow more only where the transcript expects more (invariant 6).
   */
  bookingsPerCall: z
    .number()
    .int()
    .min(1)
    .max(MAX_BOOKINGS_PER_CALL, `at most ${MAX_BOOKINGS_PER_CALL}`)
    .default(1),
  /** Team event types answer conflicts with "One of the hosts ..."; individual ones with "User ...". */
  teamEvent: z.boolean().default(true),
});

export type BusinessProfile = z.infer<typeof businessProfileSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Weekday = keyof BusinessProfile["hours"];
/** Luxon weekday number (1 = Monday) to the profile's key. */
export const WEEKDAY_KEYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/**
 * Folder of the shipped prompts (profiles, templates, system prompt): `prompts/` at the package's root, found from
 * this module whether it runs as source (`src/calendar/`) or built (`dist/src/calendar/`).
 */
export const PROMPTS_DIR = promptsDir(dirname(fileURLToPath(import.meta.url)));

function promptsDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "prompts");
    if (existsSync(join(candidate, "agent.de.hbs"))) return candidate;
    if (dirname(dir) === dir) return resolve(from, "../../prompts");
  }
}

/** "did you mean X?" for a near miss of a known key (a prefix either way, or at most two edits). */
function nearest(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  if (k.length < 3 || k.length > 60) return undefined;
  return known.find((c) => {
    const l = c.toLowerCase();
    return l.startsWith(k) || k.startsWith(l) || editDistance(k, l) <= 2;
  });
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost));
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The message for a key the profile does not know; the strict objects are the profile, a service and `hours`. */
function unknownKey(path: readonly PropertyKey[], key: string): string {
  if (path.length === 1 && path[0] === "hours") return `unknown weekday; use ${WEEKDAY_KEYS.join(", ")}`;
  const known = Object.keys(path.length === 0 ? businessProfileSchema.shape : serviceSchema.shape);
  const near = nearest(key, known);
  return near === undefined
    ? `unknown field; use ${known.join(", ")}`
    : `unknown field; did you mean ${near}?`;
}

/** One "path: message" per problem; an unknown key is named in the path, like any other field. */
function issueLines(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${[...path, key].join(".")}: ${unknownKey(issue.path, key)}`);
    }
    return [`${path.join(".") || "(root)"}: ${issue.message}`];
  });
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return `a ${typeof value}`;
}

/**
 * Validates a profile; `expectedId` is the file name a profile file must carry as its `id`. Problems come back as
 * lines, at most MAX_ISSUES of them.
 */
function validate(
  input: unknown,
  expectedId?: string,
): { ok: true; value: BusinessProfile } | { ok: false; lines: string[] } {
  if (input === null || input === undefined) {
    return {
      ok: false,
      lines: ["empty; expected a mapping with id, name, timezone, greeting, services, hours"],
    };
  }
  if (typeof input !== "object" || Array.isArray(input)) {
    return {
      ok: false,
      lines: [`expected a mapping with id, name, timezone, greeting, services, hours; got ${kindOf(input)}`],
    };
  }
  const parsed = businessProfileSchema.safeParse(input, {
    error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? "missing" : undefined),
  });
  // Unknown keys first: a misspelled key is usually also why a required one is reported missing.
  const issues = parsed.success
    ? []
    : [...parsed.error.issues].sort(
        (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
      );
  const lines = issueLines(issues);
  const id = (input as { id?: unknown }).id;
  if (expectedId !== undefined && typeof id === "string" && id !== expectedId) {
    lines.push(`id: "${id}" differs from the file name; use id: ${expectedId}`);
  }
  if (parsed.success && lines.length === 0) {
    // Every instant of this business is built in its zone: luxon's offsets for it come from a per-hour cache.
    cacheZoneOffsets(parsed.data.timezone);
    return { ok: true, value: parsed.data };
  }
  const shown = lines.slice(0, MAX_ISSUES);
  if (lines.length > MAX_ISSUES) shown.push(`and ${lines.length - MAX_ISSUES} more`);
  return { ok: false, lines: shown };
}

/** Validates an inline profile object (e.g. from a transcript); problems are one ConfigError line naming `source`. */
export function parseBusinessProfile(input: unknown, source = "inline profile"): BusinessProfile {
  const result = validate(input);
  if (!result.ok) throw new ConfigError(`${source}: invalid business profile: ${result.lines.join("; ")}`);
  return result.value;
}

/**
 * Profiles read, by their text: a replay, a server or a test suite loads the same few profiles for every call, and
 * parsing the YAML was most of the cost. Each caller gets its own copy of the data.
 */
const parsedProfiles = new Map<string, unknown>();
const MAX_PARSED_PROFILES = 32;

/** YAML text to data; a syntax error is one line with line, column and the parser's short message. */
function readYaml(file: string, source: string): unknown {
  const known = parsedProfiles.get(source);
  if (known !== undefined) return structuredClone(known);
  try {
    const data: unknown = parseYaml(source);
    if (parsedProfiles.size >= MAX_PARSED_PROFILES) parsedProfiles.clear();
    parsedProfiles.set(source, structuredClone(data));
    return data;
  } catch (cause) {
    if (cause instanceof YAMLParseError) {
      // The parser's message repeats the position and quotes the source over several lines; keep its first clause.
      const short = cause.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? cause.code;
      const at = cause.linePos?.[0];
      const where = at === undefined ? "" : ` at line ${at.line}, column ${at.col}`;
      throw new ConfigError(`${file}: not valid YAML${where}: ${short}`, { cause });
    }
    throw new ConfigError(`${file}: not valid YAML: ${(cause as Error).message.split("\n")[0]}`, { cause });
  }
}

/** Loads `prompts/businesses/<id>.yaml` (or a path to a YAML file); its `id` must be its file name. */
export function loadBusinessProfile(idOrPath: string): BusinessProfile {
  const file =
    idOrPath.endsWith(".yaml") || idOrPath.endsWith(".yml")
      ? idOrPath
      : join(PROMPTS_DIR, "businesses", `${idOrPath}.yaml`);
  let source: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      throw new ConfigError(`${file}: larger than ${MAX_FILE_BYTES / 1024} KiB; not a business profile`);
    }
    source = readFileSync(file, "utf8");
  } catch (cause) {
    if (cause instanceof ConfigError) throw cause;
    throw new ConfigError(`business profile "${idOrPath}" not found (looked for ${file})`, { cause });
  }
  const result = validate(readYaml(file, source), basename(file, extname(file)));
  if (!result.ok) throw new ConfigError(`${file}: invalid business profile: ${result.lines.join("; ")}`);
  return result.value;
}

/** Finds a service by id, name or alias (case-insensitive). */
export function findService(profile: BusinessProfile, text: string): Service | undefined {
  const needle = text.trim().toLowerCase();
  return profile.services.find(
    (s) =>
      s.id.toLowerCase() === needle ||
      s.name.toLowerCase() === needle ||
      s.aliases.some((a) => a.toLowerCase() === needle),
  );
}
