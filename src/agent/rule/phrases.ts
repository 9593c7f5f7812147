/**
 * What the rule-based model says in its own words, from `prompts/rule-model.de.yaml`. Code passes values;
 * the YAML holds the German (CONVENTIONS 8).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { PROMPTS_DIR } from "../../calendar/profile.ts";
import { ConfigError } from "../../errors.ts";

/** Every key the model may say; the file must define all of them. */
export const PHRASE_KEYS = [
  "askService",
  "askServiceWhich",
  "askDay",
  "askName",
  "askNameAgain",
  "askOtherDay",
  "askWhichSlot",
  "askWhichBooking",
  "askNewDay",
  "anythingElse",
  "thanksName",
  "stillHere",
  "stillWaiting",
  "stillWaitingAgain",
  "notUnderstood",
  "howCanIHelp",
  "noMoreThatDay",
  "limitOne",
  "limitMany",
  "askServiceExample",
  "askDayExample",
  "whatElse",
  "confirmCancel",
  "confirmCancelFound",
  "cancelKept",
  "refuseInjection",
  "refuseManyBookings",
  "refuseMoreBookings",
  "anotherFor",
  "refuseLimit",
  "abuseWarning",
  "retryFailed",
  "invalidAsk",
  "farewell",
  "farewellNoProgress",
  "farewellAbuse",
  "listOr",
  "listAnd",
  "askWhat",
  "askWhichOf",
  "slotAt",
  "laterWords",
  "earlierWords",
  "atWords",
  "betweenWords",
  "earliestDay",
  "nothingElseNear",
  "twoServices",
  "oneBookingOnly",
  "twoServicesWhich",
  "oneBookingOnlyWhich",
  "nextService",
  "onlyOneBooked",
  "offTopic",
  "phoneNotNeeded",
  "waitOk",
  "callback",
  "callbackOutage",
  "englishNote",
  "englishHint",
  "englishGoodbye",
  "farewellEnglish",
  "understoodSoFar",
  "factName",
  "factPerson",
  "factTime",
  "stuckCheck",
  "stuckChoose",
  "stuckName",
  "stuckService",
  "foundBooking",
  "askCancelIt",
  "moveOffer",
  "moveNotDone",
  "refuseOnlyOne",
  "farewellNotBooked",
  "notBookedNoProgress",
] as const;

/** A key of `prompts/rule-model.de.yaml`. */
export type PhraseKey = (typeof PHRASE_KEYS)[number];

/** Path of the shipped phrase file. */
export const PHRASES_FILE = join(PROMPTS_DIR, "rule-model.de.yaml");

type Compiled = Record<PhraseKey, Handlebars.TemplateDelegate>;
let cached: Compiled | undefined;

function load(): Compiled {
  if (cached !== undefined) return cached;
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(PHRASES_FILE, "utf8"));
  } catch (cause) {
    throw new ConfigError(`cannot read ${PHRASES_FILE}`, { cause });
  }
  const shape = Object.fromEntries(PHRASE_KEYS.map((k) => [k, z.string().min(1)]));
  const parsed = z.object(shape).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`${PHRASES_FILE}: invalid rule-model phrases: ${issues}`);
  }
  const data = parsed.data as Record<PhraseKey, string>;
  // noEscape: the output is spoken, never HTML; strict: a missing value is a bug, not an empty gap.
  cached = Object.fromEntries(
    PHRASE_KEYS.map((k) => [k, Handlebars.compile(data[k], { noEscape: true, strict: true })]),
  ) as Compiled;
  return cached;
}

/** Renders one phrase with its placeholders. */
export function phrase(key: PhraseKey, values: Record<string, string> = {}): string {
  return load()[key](values).trim();
}

/** "a", "a oder b", "a, b oder c" with the YAML's glue word. */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return phrase("listOr", { head: items.slice(0, -1).join(", "), last: items.at(-1) ?? "" });
}

/** "a", "a und b", "a, b und c". */
export function listAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return phrase("listAnd", { head: items.slice(0, -1).join(", "), last: items.at(-1) ?? "" });
}

/** Joins spoken sentences, skipping empty parts. */
export function sentences(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === "string" && p.trim() !== "")
    .map((p) => p.trim())
    .join(" ");
}
