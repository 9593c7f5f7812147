import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { IANAZone } from "luxon";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ConfigError } from "../errors.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "expected HH:MM");
const ranges = z.array(z.tuple([hhmm, hhmm]));

/** A service the business offers; one Cal.com event type each. */
export const serviceSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  aliases: z.array(z.string()).default([]),
  eventTypeId: z.number().int().positive(),
  minutes: z.number().int().positive(),
});

/** The business profile contract of DESIGN.md. A missing weekday in `hours` is closed. */
export const businessProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  timezone: z.string().refine((tz) => IANAZone.isValidZone(tz), "expected an IANA time zone"),
  greeting: z.string().min(1),
  services: z.array(serviceSchema).min(1),
  hours: z
    .object({
      mon: ranges,
      tue: ranges,
      wed: ranges,
      thu: ranges,
      fri: ranges,
      sat: ranges,
      sun: ranges,
    })
    .partial(),
  minimumNoticeMinutes: z.number().int().min(0).default(0),
  bookingWindowDays: z.number().int().positive().default(60),
  /** Team event types answer conflicts with "One of the hosts ..."; individual ones with "User ...". */
  teamEvent: z.boolean().default(true),
});

export type BusinessProfile = z.infer<typeof businessProfileSchema>;
export type Service = z.infer<typeof serviceSchema>;
export type Weekday = keyof BusinessProfile["hours"];
/** Luxon weekday number (1 = Monday) to the profile's key. */
export const WEEKDAY_KEYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Folder of the shipped prompts (profiles, templates, system prompt). */
export const PROMPTS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../prompts");

/** Validates an inline profile object (e.g. from a transcript). */
export function parseBusinessProfile(input: unknown, source = "inline profile"): BusinessProfile {
  const parsed = businessProfileSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ConfigError(`${source}: invalid business profile: ${issues}`);
  }
  return parsed.data;
}

/** Loads `prompts/businesses/<id>.yaml` (or a path to a YAML file). */
export function loadBusinessProfile(idOrPath: string): BusinessProfile {
  const file =
    idOrPath.endsWith(".yaml") || idOrPath.endsWith(".yml")
      ? idOrPath
      : join(PROMPTS_DIR, "businesses", `${idOrPath}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ConfigError(`business profile "${idOrPath}" not found (looked for ${file})`, { cause });
  }
  return parseBusinessProfile(parseYaml(text), file);
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
