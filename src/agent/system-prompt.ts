import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import Handlebars from "handlebars";
import type { DateTime } from "luxon";
import { compileStrict, guardBuiltins } from "../booking/template-strict.ts";
import { type BusinessProfile, PROMPTS_DIR, WEEKDAY_KEYS } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { speakMoment, weekdayNames } from "../time/speak.ts";

/** What the system prompt is rendered with. */
export interface SystemPromptInput {
  business: BusinessProfile;
  /** The call's clock. */
  now: DateTime;
  callerPhone: string | null;
  /** Template file (default `prompts/agent.de.hbs`). */
  file?: string;
}

// Compiled once per file version: an edited prompt is picked up by the next call (chat's /reset).
const compiled = new Map<string, { mtimeMs: number; run: HandlebarsTemplateDelegate }>();

function template(file: string): HandlebarsTemplateDelegate {
  let mtimeMs: number;
  let text: string;
  try {
    mtimeMs = statSync(file).mtimeMs;
    const cached = compiled.get(file);
    if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.run;
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError(`system prompt template not found: ${file}`, { cause });
  }
  // Strict, as the response templates: a misspelt field (`business.servics`) is an error naming it and its line,
  // not a blank or an empty list; only the built-in helpers exist, so a misspelt helper fails here, at compile.
  const hb = Handlebars.create();
  guardBuiltins(hb);
  let run: HandlebarsTemplateDelegate;
  try {
    run = compileStrict(hb, text, basename(file), { noEscape: true });
  } catch (cause) {
    throw new ConfigError(`system prompt ${file} does not compile: ${(cause as Error).message}`, { cause });
  }
  compiled.set(file, { mtimeMs, run });
  return run;
}

/** Renders `prompts/agent.de.hbs` with the business, the call's local date and time, and the caller's number. */
export function renderSystemPrompt(input: SystemPromptInput): string {
  const dayNames = weekdayNames();
  const hours = WEEKDAY_KEYS.map((key, i) => {
    const ranges = input.business.hours[key] ?? [];
    return { day: dayNames[i] ?? key, ranges: ranges.map(([from, to]) => ({ from, to })) };
  });
  const file = input.file ?? join(PROMPTS_DIR, "agent.de.hbs");
  const run = template(file);
  try {
    return run({
      business: input.business,
      now: speakMoment(input.now, input.business.timezone),
      callerPhone: input.callerPhone,
      hours,
    }).trim();
  } catch (cause) {
    // A typo in the prompt is the developer's setup, like a missing file: name the file, do not crash the call.
    throw new ConfigError(`system prompt ${file} failed: ${(cause as Error).message}`, { cause });
  }
}
