/**
 * `termin resolve`: German phrase -> date and time, one phrase from the arguments or many as JSON lines on stdin.
 * The JSONL mode streams (one line in, one line out, waiting for the output to drain), so 100k lines never sit in
 * memory at once; each line is bounded in length and nesting as it is read, so a bad one is answered and skipped.
 */
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { DateTime, IANAZone } from "luxon";
import { nestsDeeperThan } from "../../tools/define-tool.ts";
import { clip } from "../../tools/format-issues.ts";
import { type ResolveResult, resolve } from "../time/resolve.ts";
import { parseNow } from "./clock-option.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";

const DEFAULT_ZONE = "Europe/Berlin";

/**
 * Longest JSONL input line, in characters. A request is a phrase (the resolver reads its last 2,000 characters),
 * `now`, `tz` and whatever fields the caller wants echoed (ids, labels); 64 KB holds that many times over, and
 * a longer line is dropped as it streams in, so one runaway line never sits in memory or comes back out.
 */
export const MAX_LINE_LENGTH = 65_536;

/**
 * Deepest nesting of arrays and objects in one JSONL line. A request is one flat object; echoed fields may carry a
 * little structure. 20 levels is plenty, and checked on the text before parsing, so a 5000-deep line never reaches
 * the parser or the recursive `JSON.stringify` of the answer.
 */
export const MAX_LINE_DEPTH = 20;

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
               Bounds: a line of at most ${MAX_LINE_LENGTH} characters, nested at most ${MAX_LINE_DEPTH} levels;
               only the last 2000 characters of "text" are read.

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

async function write(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, "drain");
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One stdin line: its first characters, or none when it is longer than the bound; `length` counts them all. */
interface Line {
  text: string;
  length: number;
  tooLong: boolean;
}

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Splits a stream into lines at "\n", "\r\n" or "\r", as readline does, but keeps at most `max` characters of
 * a line: the rest of a longer one is counted and dropped as it arrives, so memory stays bounded by `max`.
 */
async function* boundedLines(input: Readable, max: number): AsyncGenerator<Line> {
  const decoder = new StringDecoder("utf8");
  let line: Line = { text: "", length: 0, tooLong: false };
  const append = (part: string) => {
    line.length += part.length;
    if (line.tooLong) return;
    if (line.length > max) line = { text: "", length: line.length, tooLong: true };
    else line.text += part;
  };
  let afterCR = false;
  for await (const chunk of input) {
    let text = typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer);
    // "\r\n" split across two chunks is one line break.
    if (afterCR && text.startsWith("\n")) text = text.slice(1);
    afterCR = false;
    let start = 0;
    for (const m of text.matchAll(LINE_BREAK)) {
      append(text.slice(start, m.index));
      yield line;
      line = { text: "", length: 0, tooLong: false };
      start = m.index + m[0].length;
      afterCR = m[0] === "\r" && start === text.length;
    }
    append(text.slice(start));
  }
  append(decoder.end());
  if (line.length > 0) yield line;
}

/** Resolves one JSONL line; throws with a message for the error object. */
function resolveLine(line: string, defaults: { now: string; zone: string }): Record<string, unknown> {
  if (nestsDeeperThan(line, MAX_LINE_DEPTH)) throw new Error(`nested deeper than ${MAX_LINE_DEPTH} levels`);
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
  for await (const line of boundedLines(io.stdin, MAX_LINE_LENGTH)) {
    lineNumber += 1;
    // Blank lines (a trailing newline, a separator) carry no request, so they get no answer either.
    if (!line.tooLong && line.text.trim() === "") continue;
    let answer: string;
    try {
      if (line.tooLong) {
        throw new Error(`longer than ${MAX_LINE_LENGTH} characters (${line.length}); the line was skipped`);
      }
      answer = JSON.stringify(resolveLine(line.text, defaults));
    } catch (error) {
      failed = true;
      // A message may quote the input (an unknown zone); cut, it still names the problem.
      const result = { error: `line ${lineNumber}: ${clip(errorMessage(error))}`, line: lineNumber };
      answer = JSON.stringify(result);
    }
    await write(io.stdout, answer);
  }
  return failed ? 1 : 0;
}

/** The `termin resolve` command. */
export const resolveCommand: Command = {
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
    // Read as every command reads --now (a date alone is refused), then handed on as an instant with its offset.
    const now = (parseNow(values.now, zone) ?? DateTime.now().setZone(zone)).toISO() ?? "";
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
