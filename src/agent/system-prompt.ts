import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { DateTime } from "luxon";
import { type BusinessProfile, PROMPTS_DIR, WEEKDAY_KEYS } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";

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
  const run = Handlebars.create().compile(text, { noEscape: true, strict: true });
  compiled.set(file, { mtimeMs, run });
  return run;
}

/** Renders `prompts/agent.de.hbs` with the business, the call's local date and time, and the caller's number. */
export function renderSystemPrompt(input: SystemPromptInput): string {
  const local = input.now.setZone(input.business.timezone).setLocale("de");
  const dayNames = WEEKDAY_KEYS.map((_, i) => local.set({ weekday: (i + 1) as 1 }).toFormat("cccc"));
  const hours = WEEKDAY_KEYS.map((key, i) => {
    const ranges = input.business.hours[key] ?? [];
    return { day: dayNames[i] ?? key, ranges: ranges.map(([from, to]) => ({ from, to })) };
  });
  const file = input.file ?? join(PROMPTS_DIR, "agent.de.hbs");
  const run = template(file);
  try {
    return run({
      business: input.business,
      now: {
        weekday: local.toFormat("cccc"),
        date: local.toFormat("d. LLLL yyyy"),
        time: local.toFormat("HH:mm"),
      },
      callerPhone: input.callerPhone,
      hours,
    }).trim();
  } catch (cause) {
    // A typo in the prompt is the developer's setup, like a missing file: name the file, do not crash the call.
    throw new ConfigError(`system prompt ${file} failed: ${(cause as Error).message}`, { cause });
  }
}
