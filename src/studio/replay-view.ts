/**
 * The replay pane's data: a transcript replayed whole by the eval runner (`replayTranscript`), then laid out turn
 * by turn with every check of that turn, passed or failed, so the page can step through it.
 */
import { statSync } from "node:fs";
import { basename, extname } from "node:path";
import { ConfigError } from "../errors.ts";
import {
  type ReplayFailure,
  type ReplayOptions,
  type ReplayReport,
  replayTranscript,
} from "../evals/replay.ts";
import { type LoadedTranscript, loadTranscript, transcriptFiles } from "../evals/transcript.ts";
import type { TraceEvent } from "../trace/events.ts";

/** One expectation or invariant, as the page shows it. */
export interface CheckView {
  /** The runner's name of the check: `says`, `not_says`, `invariant 4`, `booked`, ... */
  check: string;
  /** What is checked, e.g. `says "26. Oktober"`. */
  label: string;
  ok: boolean;
  /** Why it failed; null when it passed. */
  message: string | null;
}

/** One caller turn of a replay. */
export interface TurnCheckView {
  turn: number;
  caller: string;
  agent: string;
  fillers: string[];
  tools: ReplayReport["turns"][number]["tools"];
  /** The expectations and invariants of this turn. */
  checks: CheckView[];
  /**
   * Checks about the whole call that failed at this turn (a booking of a slot never offered): shown where it
   * happened, but counted once, among the call's checks.
   */
  callChecksFailedHere: CheckView[];
}

/** A replayed transcript, turn by turn. */
export interface ReplayView {
  name: string;
  file: string;
  description: string | null;
  model: string;
  /** The runner's verdict (`ReplayReport.passed`). */
  passed: boolean;
  greeting: string;
  turns: TurnCheckView[];
  /** Checks about the whole call (bookings made and cancelled, invariants 5, 6 and 8, others' actions). */
  callChecks: CheckView[];
  /** The checks shown and how many failed, each counted once; the verdict itself is `passed`, the runner's. */
  counts: { checks: number; failed: number };
  failures: ReplayFailure[];
  bookings: ReplayReport["bookings"];
  events: readonly TraceEvent[];
}

/** A transcript the pane can offer. */
export interface TranscriptEntry {
  name: string;
  file: string;
}

/** The invariants `checkReply` checks on every reply (DESIGN.md); the others are about the whole call. */
const TURN_INVARIANTS = [1, 2, 3, 4, 7] as const;
const CALL_INVARIANTS = [5, 6, 8] as const;

/** The transcripts in `dir` (`*.yaml`, sorted), named by their file name. */
export function listTranscripts(dir: string): TranscriptEntry[] {
  return transcriptFiles([dir]).map((file) => ({ name: basename(file, extname(file)), file }));
}

/**
 * Loads a transcript the page names by path. Any YAML file on the machine can be named that way, so a file that is
 * not a transcript is refused without a word of its contents: a YAML error quotes the lines around it, and a
 * schema error names the file's keys and values. `termin replay FILE` gives the details.
 */
export function loadTranscriptByPath(file: string): LoadedTranscript {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new ConfigError(`${file}: no such file`);
  }
  // A FIFO or a device would block the server's only thread on the read.
  if (!isFile) throw new ConfigError(`${file}: not a regular file`);
  try {
    return loadTranscript(file);
  } catch {
    throw new ConfigError(`${file}: not a transcript (termin replay ${file} says why)`);
  }
}

/** Replays a loaded transcript and lays the report out turn by turn. */
export async function replayView(loaded: LoadedTranscript, options: ReplayOptions): Promise<ReplayView> {
  return layOutReplay(loaded, await replayTranscript(loaded, options));
}

/**
 * The report turn by turn: each turn with its expectations and invariants, then the checks of the whole call. Every
 * failure of the report shows in one check or more, so the verdict the page shows is the runner's.
 */
export function layOutReplay(loaded: LoadedTranscript, report: ReplayReport): ReplayView {
  const { transcript } = loaded;
  const failures = report.failures;
  const failed = (check: string, turn: number | null, quoted?: string): ReplayFailure[] =>
    failures.filter(
      (f) =>
        f.check === check &&
        (turn === null || f.turn === turn) &&
        (quoted === undefined || f.message.includes(`"${quoted}"`)),
    );
  const view = (check: string, label: string, found: ReplayFailure[]): CheckView => ({
    check,
    label,
    ok: found.length === 0,
    message: found.length === 0 ? null : found.map((f) => f.message).join("; "),
  });

  // A call check fails if it failed at any turn (failed(check, null)).
  const callChecks = [
    ...(transcript.expect.booked === undefined ? [] : [view("booked", "booked", failed("booked", null))]),
    view("cancelled", "cancelled", failed("cancelled", null)),
    ...CALL_INVARIANTS.map((n) => view(`invariant ${n}`, `invariant ${n}`, failed(`invariant ${n}`, null))),
  ];
  const callCheckNames = new Set(callChecks.map((c) => c.check));

  const turns = report.turns.map((t, i): TurnCheckView => {
    const turn = i + 1;
    const expect = transcript.turns[i]?.expect;
    const checks = [
      ...(expect?.says ?? []).map((p) => view("says", `says "${p}"`, failed("says", turn, p))),
      ...(expect?.not_says ?? []).map((p) =>
        view("not_says", `not_says "${p}"`, failed("not_says", turn, p)),
      ),
      ...TURN_INVARIANTS.map((n) => view(`invariant ${n}`, `invariant ${n}`, failed(`invariant ${n}`, turn))),
    ];
    const own = new Set(checks.map((c) => c.check));
    const callChecksFailedHere: CheckView[] = [];
    for (const f of failures) {
      if (f.turn !== turn || own.has(f.check)) continue;
      (callCheckNames.has(f.check) ? callChecksFailedHere : checks).push(view(f.check, f.check, [f]));
    }
    return {
      turn,
      caller: t.caller,
      agent: t.agent,
      fillers: t.fillers,
      tools: t.tools,
      checks,
      callChecksFailedHere,
    };
  });

  // Whatever no turn shows (a check about the whole call, a turn the call never reached) is listed here.
  const atATurn = (f: ReplayFailure) => f.turn !== null && f.turn <= turns.length;
  for (const f of failures)
    if (!atATurn(f) && !callCheckNames.has(f.check)) callChecks.push(view(f.check, f.check, [f]));

  const counted = [...turns.flatMap((t) => t.checks), ...callChecks];
  return {
    name: report.name,
    file: report.file,
    description: transcript.description ?? null,
    model: report.model,
    passed: report.passed,
    greeting: report.greeting,
    turns,
    callChecks,
    counts: { checks: counted.length, failed: counted.filter((c) => !c.ok).length },
    failures,
    bookings: report.bookings,
    events: report.events,
  };
}
