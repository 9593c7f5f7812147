import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { DateTime } from "luxon";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { type BusinessProfile, loadBusinessProfile, parseBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";

/**
 * Largest transcript file, in bytes. The longest shipped transcript is under 2 KB; a call of {@link MAX_TURNS} turns
 * with a calendar of bookings stays far below 1 MB. Read no further, so a wrong path (a log, a dump) fails at once.
 */
export const MAX_TRANSCRIPT_BYTES = 1024 * 1024;

/**
 * Most caller turns in one transcript. A real phone call has a few dozen; 500 is a very long call, and each turn
 * is a full model round trip in a replay, so more is a mistake in the file, not a test.
 */
export const MAX_TURNS = 500;

const instant = z
  .string()
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid && /[+-]\d\d:\d\d$|Z$/.test(s), {
    message: 'expected an ISO instant with offset, e.g. "2025-10-25T20:17:50+02:00"',
  });
const localWall = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a business-local wall time "YYYY-MM-DDTHH:MM"')
  .refine((s) => DateTime.fromISO(s).isValid, { message: "expected a date and time that exist" });
const phrases = z.array(z.string().min(1));

const turnSchema = z.strictObject({
  caller: z.string().min(1),
  expect: z
    .strictObject({
      says: phrases.optional(),
      not_says: phrases.optional(),
    })
    .optional(),
});

const othersSchema = z.strictObject({
  /** offer: right after an availability result comes back; book: just before the agent's first hold or booking. */
  on: z.enum(["offer", "book"]),
  /** chosen | first-offered | second-offered | a local time "HH:MM" (on the offered day) or "YYYY-MM-DDTHH:MM". */
  takes: z.union([
    z.enum(["chosen", "first-offered", "second-offered"]),
    z
      .string()
      .regex(
        /^(\d{4}-\d{2}-\d{2}T)?([01]\d|2[0-3]):[0-5]\d$/,
        "expected chosen, first-offered, second-offered or a local time",
      ),
  ]),
  name: z.string().optional(),
  phone: z.string().optional(),
});

const bookedSchema = z.strictObject({ service: z.string().min(1), start: localWall });

/** The transcript file of DESIGN.md, validated. */
export const transcriptSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  now: instant,
  /** A profile id in prompts/businesses/, or an inline profile, validated by `parseBusinessProfile` at load. */
  business: z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
    error: "expected a profile id (prompts/businesses/<id>.yaml) or an inline profile mapping",
  }),
  caller: z.strictObject({ phone: z.string().min(3).nullable() }).default({ phone: "+491701234567" }),
  calendar: z
    .strictObject({
      bookings: z
        .array(
          z.strictObject({
            service: z.string().min(1),
            start: localWall,
            name: z.string().min(1),
            phone: z.string().optional(),
          }),
        )
        .default([]),
      closed: z.array(z.strictObject({ from: localWall, to: localWall })).default([]),
      /** Cal.com answers the first N requests of this kind with a 500 (tests honest outage handling). */
      failures: z
        .array(
          z.strictObject({
            method: z.enum(["getSlots", "hold", "book", "findBookings", "cancel", "reschedule"]),
            times: z.number().int().positive().default(1),
          }),
        )
        .default([]),
    })
    .default({ bookings: [], closed: [], failures: [] }),
  others: z.array(othersSchema).default([]),
  turns: z.array(turnSchema).min(1).max(MAX_TURNS),
  expect: z
    .strictObject({
      booked: z.union([z.literal("none"), bookedSchema, z.array(bookedSchema)]).optional(),
      cancelled: z.array(z.strictObject({ start: localWall })).default([]),
    })
    .default({ cancelled: [] }),
});

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptTurn = Transcript["turns"][number];
export type OthersAction = Transcript["others"][number];

/** A transcript with its business profile resolved and the file it came from. */
export interface LoadedTranscript {
  file: string;
  transcript: Transcript;
  business: BusinessProfile;
}

/** Validates a parsed transcript; errors name the file, the field and what was expected. */
export function parseTranscript(data: unknown, file: string): LoadedTranscript {
  // Counted before the schema runs, so a file of 100,000 turns is one line, not 100,000 checked turns.
  const turns = typeof data === "object" && data !== null ? (data as { turns?: unknown }).turns : undefined;
  if (Array.isArray(turns) && turns.length > MAX_TURNS) {
    throw new ConfigError(`${file}: turns: ${turns.length} turns; at most ${MAX_TURNS}`);
  }
  const parsed = transcriptSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new ConfigError(`${file}: invalid transcript\n${lines.join("\n")}`);
  }
  const transcript = parsed.data;
  let business: BusinessProfile;
  if (typeof transcript.business === "string") {
    try {
      business = loadBusinessProfile(transcript.business);
    } catch (cause) {
      throw new ConfigError(`${file}: business: ${(cause as Error).message}`, { cause });
    }
  } else business = parseBusinessProfile(transcript.business, `${file}: business (inline profile)`);
  // Every service a transcript names must exist, or a replay would blame the agent for the file's typo.
  const named: [string, string][] = transcript.calendar.bookings.map((b, i) => [
    `calendar.bookings.${i}.service`,
    b.service,
  ]);
  const booked = transcript.expect.booked;
  if (Array.isArray(booked)) {
    for (const [i, b] of booked.entries()) named.push([`expect.booked.${i}.service`, b.service]);
  } else if (booked !== undefined && booked !== "none") named.push(["expect.booked.service", booked.service]);
  for (const [path, service] of named) {
    if (!business.services.some((s) => s.id === service)) {
      throw new ConfigError(`${file}: ${path}: unknown service "${service}" for ${business.id}`);
    }
  }
  return { file, transcript, business };
}

/** The file's text; null when it holds more than `max` bytes (reading stops there). */
function readAtMost(file: string, max: number): string | null {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(max + 1);
    let total = 0;
    while (total < buffer.length) {
      const read = readSync(fd, buffer, total, buffer.length - total, null);
      if (read === 0) break;
      total += read;
    }
    return total > max ? null : buffer.toString("utf8", 0, total);
  } finally {
    closeSync(fd);
  }
}

/** Reads and validates one YAML transcript; a file over {@link MAX_TRANSCRIPT_BYTES} is a ConfigError. */
export function loadTranscript(file: string): LoadedTranscript {
  let text: string | null;
  try {
    text = readAtMost(file, MAX_TRANSCRIPT_BYTES);
  } catch (cause) {
    throw new ConfigError(`${file}: cannot read transcript`, { cause });
  }
  if (text === null) {
    throw new ConfigError(`${file}: larger than ${MAX_TRANSCRIPT_BYTES} bytes (1 MB); not a transcript`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (cause) {
    throw new ConfigError(`${file}: not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parseTranscript(data, file);
}

/** Expands files and directories (their `*.yaml`/`*.yml`, sorted) into transcript paths. */
export function transcriptFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (cause) {
      throw new ConfigError(`${p}: no such file or directory`, { cause });
    }
    if (isDir) {
      files.push(
        ...readdirSync(p)
          .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
          .sort()
          .map((f) => join(p, f)),
      );
    } else files.push(p);
  }
  return files;
}
