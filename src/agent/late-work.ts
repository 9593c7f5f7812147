/**
 * Work of a turn that may outlive it: a tool call still running when the turn's deadline passes, or a look-up of a
 * booking whose outcome is unknown. Its result is kept until the conversation can add it and tell the caller.
 */
import { getTool } from "../../tools/index.ts";
import type { ToolOutcome, ToolStatus } from "../booking/run-tool.ts";
import type { ToolCall } from "./model.ts";

/** One piece of work: the call it answers, and its result once it is there. */
export interface Work {
  /** The tool call it answers (for a look-up: the booking call it re-checks, under its own id). */
  call: ToolCall;
  turn: number;
  /** Settles when the work is done; never rejects (a thrown error is kept in `error`). */
  settled: Promise<void>;
  done: boolean;
  /** The result; null when there is nothing new to add (a look-up the calendar still could not answer). */
  outcome?: ToolOutcome | null;
  error?: unknown;
  /** For a look-up: the booking's exact start instant (`BookingSession.unverified` key). */
  recheckOf?: number;
}

/** Starts work; `onDone` runs when it finishes (to trace it), before `settled` resolves. */
export function startWork(
  call: ToolCall,
  turn: number,
  run: () => Promise<ToolOutcome | null>,
  onDone: (work: Work) => void,
): Work {
  const work: Work = { call, turn, settled: Promise.resolve(), done: false };
  let started: Promise<ToolOutcome | null>;
  try {
    started = run();
  } catch (error) {
    started = Promise.reject(error);
  }
  work.settled = started.then(
    (outcome) => {
      work.outcome = outcome;
      work.done = true;
      onDone(work);
    },
    (error: unknown) => {
      work.error = error;
      work.done = true;
      onDone(work);
    },
  );
  return work;
}

/** The statuses the loop itself answers a tool call with when it did not run to its end in the turn. */
export type LoopStatus = Extract<ToolStatus, "pending" | "not_run">;

/** What the model reads for a tool call still running when its turn's deadline passed. */
export function pendingResult(call: ToolCall): { status: LoopStatus; error: string } {
  return {
    status: "pending",
    error:
      "still running after the turn's time budget; the caller was told the result follows. It is added as soon " +
      `as it is there, as the result of call ${lateId(call)}. Do not call the tool again for it.`,
  };
}

/** What the model reads for a tool call the turn's deadline passed before it started. */
export const NOT_RUN_RESULT: Readonly<{ status: LoopStatus; error: string }> = Object.freeze({
  status: "not_run",
  error: "not run: the turn's time budget ran out before it started; call it again if it is still needed",
});

/** The id under which a late result is added: the model saw the first id answered with `pending`. */
export function lateId(call: ToolCall): string {
  return `${call.id}_late`;
}

// `end_call`'s requestStart is a goodbye: said as a filler it would end the call in words before it ends.
const NO_FILLER = new Set(["end_call"]);

/** The filler sentence of a slow tool: its own `messages.requestStart` (tools/*.ts), or none. */
export function fillerFor(toolName: string): string | undefined {
  if (NO_FILLER.has(toolName)) return undefined;
  return getTool(toolName)?.messages?.requestStart;
}

/** Results the caller must hear about even when the model failed to speak them: something changed in the calendar. */
const CHANGED = new Set(["booked", "rescheduled", "cancelled", "unverified", "not_made"]);

/** Whether a result changed (or may have changed) the calendar: a booking made, moved, cancelled, or unknown. */
export function changesCalendar(outcome: ToolOutcome): boolean {
  return CHANGED.has(outcome.result.status);
}

/**
 * The `say`s of a turn's tool results the caller has not heard: every result that changed (or may have changed)
 * the calendar, and the last result, in order, each once, none that is already in `said`.
 */
export function unspokenSays(tools: readonly ToolOutcome[], said: readonly string[]): string[] {
  const withSay = tools.filter((t) => typeof t.result.say === "string" && t.result.say !== "");
  const last = withSay.at(-1);
  const out: string[] = [];
  for (const t of withSay) {
    const say = t.result.say as string;
    if (!(changesCalendar(t) || t === last)) continue;
    if (out.includes(say) || said.some((s) => s.includes(say))) continue;
    out.push(say);
  }
  return out;
}
