/**
 * `termin resolve`: German phrase -> date and time, one phrase from the arguments or many as JSON lines on stdin.
 * The JSONL mode streams (readline, one line in, one line out, waiting for the output to drain), so 100k lines
 * never sit in memory at once.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import { DateTime, IANAZone } from "luxon";
import { type ResolveResult, resolve } from "../time/resolve.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";

const DEFAULT_ZONE = "Europe/Berlin";

const HELP = `termin resolve: German date/time phrase -> date and time in the business zone

Usage:
  termin resolve [--now ISO] [--tz IANA] "<text>"
  termin resolve --jsonl [--now ISO] [--tz IANA] < phrases.jsonl

Options:
  --now ISO    the moment the phrase was said (default: now); an ISO time without offset is wall time in --tz
  --tz IANA    the business time zone (default: ${DEFAULT_ZONE})
  --jsonl      read {"text","now","tz"} objects, one per line (now/tz optional, default to the flags), and write one
               result per line in the same order: the input fields plus date, time, window, days, earliest, daypart,
               past, unresolved, matched.
               A bad line gives {"error": "...", "line": N} and the rest go on; the exit code is then 1.

Output: {"date":"YYYY-MM-DD"|null,"time":"HH:MM"|null,"window":{"from","to"}|null,
"days":{"from":"YYYY-MM-DD","to":"YYYY-MM-DD"}|null,"earliest":true|false,"daypart":...,"past":...,"unresolved":[...],
"matched":{"day","time"}}
  days      a span of days said instead of one day ("am Wochenende", "nächste Woche"); date is null then
  earliest  the caller wants the earliest free slot ("so schnell wie möglich"; "in zwei Stunden" also sets window)

Examples:
  termin resolve --now 2025-10-25T20:17:50+02:00 "morgen um zehn"
    {"date":"2025-10-26","time":"10:00",...}
  termin resolve --now 2025-10-22T10:00:00+02:00 "am Wochenende"
    {"date":null,"time":null,"window":null,"days":{"from":"2025-10-25","to":"2025-10-26"},"earliest":false,...}
  termin resolve "nächsten Dienstag so gegen halb drei"
  echo '{"text":"übermorgen Nachmittag","now":"2025-12-30T16:45:00+01:00"}' | termin resolve --jsonl`;

function output(result: ResolveResult) {
  const { date, time, window, days, earliest, daypart, past, unresolved, matched } = result;
  return { date, time, window, days, earliest, daypart, past, unresolved, matched };
}

function checkZone(zone: string): string | null {
  return IANAZone.isValidZone(zone)
    ? null
    : `unknown time zone "${zone}" (expected an IANA name like Europe/Berlin)`;
}

function checkNow(now: string, zone: string): string | null {
  return DateTime.fromISO(now, { zone }).isValid
    ? null
    : `cannot read --now "${now}" (expected ISO 8601 like 2025-10-25T20:17:50+02:00)`;
}

async function write(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, "drain");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves one JSONL line; throws with a message for the error object. */
function resolveLine(line: string, defaults: { now: string; zone: string }): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    throw new Error("not valid JSON");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new Error("expected a JSON object");
  const fields = input as Record<string, unknown>;
  if (typeof fields["text"] !== "string") throw new Error('"text" must be a string');
  for (const key of ["now", "tz"]) {
    if (fields[key] !== undefined && typeof fields[key] !== "string")
      throw new Error(`"${key}" must be a string`);
  }
  const zone = (fields["tz"] as string | undefined) ?? defaults.zone;
  const now = (fields["now"] as string | undefined) ?? defaults.now;
  return { ...fields, ...output(resolve(fields["text"], { now, zone })) };
}

async function runJsonl(io: CliIO, defaults: { now: string; zone: string }): Promise<number> {
  let failed = false;
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber += 1;
    // Blank lines (a trailing newline, a separator) carry no request, so they get no answer either.
    if (line.trim() === "") continue;
    let result: Record<string, unknown>;
    try {
      result = resolveLine(line, defaults);
    } catch (error) {
      failed = true;
      result = { error: `line ${lineNumber}: ${errorMessage(error)}`, line: lineNumber };
    }
    await write(io.stdout, JSON.stringify(result));
  }
  return failed ? 1 : 0;
}

/** The `termin resolve` command. */
export const resolveCommand: Command = {
  summary: "German date/time phrase -> date and time (one phrase, or JSON lines on stdin)",
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      now: { type: "string" },
      tz: { type: "string" },
      jsonl: { type: "boolean" },
    });
    const zone = values.tz ?? DEFAULT_ZONE;
    const zoneProblem = checkZone(zone);
    if (zoneProblem !== null) {
      println(io.stderr, `termin resolve: ${zoneProblem}`);
      return 2;
    }
    const now = values.now ?? DateTime.now().setZone(zone).toISO() ?? "";
    const nowProblem = checkNow(now, zone);
    if (nowProblem !== null) {
      println(io.stderr, `termin resolve: ${nowProblem}`);
      return 2;
    }
    if (values.jsonl === true) {
      if (positionals.length > 0) {
        println(io.stderr, "termin resolve: --jsonl reads stdin; give no text arguments with it");
        return 2;
      }
      return runJsonl(io, { now, zone });
    }
    const text = positionals.join(" ").trim();
    if (text === "") {
      println(io.stderr, 'termin resolve: give the phrase to resolve, e.g. termin resolve "morgen um zehn"');
      return 2;
    }
    println(io.stdout, JSON.stringify(output(resolve(text, { now, zone }))));
    return 0;
  },
};
