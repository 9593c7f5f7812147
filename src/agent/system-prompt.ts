import { readFileSync } from "node:fs";
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

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(file: string): HandlebarsTemplateDelegate {
  let t = compiled.get(file);
  if (t === undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (cause) {
      throw new ConfigError(`system prompt template not found: ${file}`, { cause });
    }
    t = Handlebars.create().compile(text, { noEscape: true, strict: true });
    compiled.set(file, t);
  }
  return t;
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
  return template(file)({
    business: input.business,
    now: {
      weekday: local.toFormat("cccc"),
      date: local.toFormat("d. LLLL yyyy"),
      time: local.toFormat("HH:mm"),
    },
    callerPhone: input.callerPhone,
    hours,
  }).trim();
}
