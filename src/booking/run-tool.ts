import { clip, preview } from "../../tools/format-issues.ts";
import type { ArgsOf, ToolName, ToolNamed } from "../../tools/index.ts";
import * as tools from "../../tools/index.ts";
import { CalendarError, ConfigError, type ModelOutputError, type SafeResult } from "../errors.ts";
import { cancelAppointment, findAppointments, rescheduleAppointment } from "./appointments.ts";
import { bookAppointment, holdSlot } from "./book-appointment.ts";
import { businessInfo } from "./business-info.ts";
import { changeSentence } from "./change-sentence.ts";
import { checkAvailability } from "./check-availability.ts";
import { endCall } from "./end-call.ts";
import { calendarUnavailable } from "./failures.ts";
import type { BookingSession, CalendarChange } from "./session.ts";
import type { InvalidArgumentsResult, UnavailableResult } from "./types.ts";

/** Each tool's schema and handler, one entry per tool name: the compiler checks every tool has its handler. */
interface Entry<N extends ToolName> {
  tool: ToolNamed<N>;
  handler: (args: ArgsOf<N>, session: BookingSession) => Promise<{ status: string }>;
}

const REGISTRY = {
  check_availability: { tool: tools.checkAvailability, handler: checkAvailability },
  hold_slot: { tool: tools.holdSlot, handler: holdSlot },
  book_appointment: { tool: tools.bookAppointment, handler: bookAppointment },
  find_appointments: { tool: tools.findAppointments, handler: findAppointments },
  cancel_appointment: { tool: tools.cancelAppointment, handler: cancelAppointment },
  reschedule_appointment: { tool: tools.rescheduleAppointment, handler: rescheduleAppointment },
  business_info: { tool: tools.businessInfo, handler: businessInfo },
  end_call: { tool: tools.endCall, handler: endCall },
} satisfies { [N in ToolName]: Entry<N> };

/** What a tool's handler returns: a discriminated union on `status` per tool (types.ts). */
export type ResultOf<N extends ToolName> = Awaited<ReturnType<(typeof REGISTRY)[N]["handler"]>>;

/** Every result a call of tool `N` can get: the handler's, or the failures `runTool` gives any tool. */
export type ToolResult<N extends ToolName = ToolName> =
  | ResultOf<N>
  | InvalidArgumentsResult
  | UnavailableResult;

/**
 * Every status a tool call's result can have: the tools' own, and the conversation loop's for a call that did not
 * finish in its turn (`pending`, `not_run`: agent/late-work.ts). Comparing with a misspelt or renamed status does not
 * compile.
 */
export type ToolStatus = ToolResult["status"] | "pending" | "not_run";

/** The fields a reader of any result may look at without knowing the tool. */
type Spoken = { say?: string; error?: string };

/** A tool call the model made and what it produced: per tool, its parsed arguments and its own results. */
export type KnownToolOutcome = {
  [N in ToolName]: {
    name: N;
    /** The parsed arguments, or the raw text (cut) when they did not parse. */
    arguments: ArgsOf<N> | string;
    result: ToolResult<N> & Spoken;
    /** Set when the handler threw: the cause, for the trace (the model gets only the honest result). */
    thrown?: string;
    endCall: boolean;
  };
}[ToolName];

/** What a tool call produced: the JSON for the model, and whether the call should end. */
export type ToolOutcome =
  | KnownToolOutcome
  | {
      name: string;
      arguments: string;
      result: InvalidArgumentsResult & Spoken;
      thrown?: string;
      endCall: false;
    };

/** What `termin serve`'s tool endpoints answer: a tool's outcome, or the changes told after a template failed. */
export type ServedOutcome = ToolOutcome | ChangesToldOutcome;

/**
 * A tool call that changed the calendar, after which its template failed to render (a developer's misconfiguration,
 * `ConfigError`), as `termin serve`'s tool endpoints answer it (see `changesTold`). The chat loop ends the call
 * instead, with the same sentences.
 */
export type ChangesToldOutcome = {
  name: string;
  arguments: string;
  result: {
    status: "changes_told";
    /** The changes in the kit's own words (`changeSentence`), not from the templates that just failed. */
    say: string;
    changes: { kind: CalendarChange["kind"]; uid: string; start: string }[];
  } & Spoken;
  /** The template's error, for the log and the trace (never for the caller). */
  thrown: string;
  endCall: false;
};

/**
 * The answer to a tool call whose calendar writes (`session.changes` from index `from` on) were made but whose
 * template then failed: the writes, each in the kit's own sentence, so the caller does not hang up believing nothing
 * was done (and call again to book twice). Null when the call wrote nothing: the error is the developer's alone.
 */
export function changesTold(
  session: BookingSession,
  name: string,
  rawArguments: string,
  error: ConfigError,
  from: number,
): ChangesToldOutcome | null {
  const changes = session.changes.slice(from);
  if (changes.length === 0) return null;
  const zone = session.business.timezone;
  return {
    name: clip(name),
    arguments: clip(rawArguments),
    result: {
      status: "changes_told",
      say: changes.map((change) => changeSentence(change, zone, session.clock())).join(" "),
      changes: changes.map(({ kind, booking }) => ({ kind, uid: booking.uid, start: booking.start })),
    },
    thrown: error.message,
    endCall: false,
  };
}

/** Whether a name is one of the kit's tools. */
export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(REGISTRY, name);
}

/**
 * The registry's entry of tool `N`. TypeScript does not follow a generic key into a mapped object (`satisfies`
 * above checked every entry), so this is the one place that says so.
 */
function entryOf<N extends ToolName>(
  name: N,
): { tool: ToolNamed<N>; handler: (args: ArgsOf<N>, session: BookingSession) => Promise<ResultOf<N>> } {
  return REGISTRY[name] as unknown as ReturnType<typeof entryOf<N>>;
}

/** An outcome of tool `N` (the same correlation `entryOf` states). */
function outcomeOf<N extends ToolName>(
  name: N,
  args: ArgsOf<N> | string,
  result: ToolResult<N>,
  extra: { endCall: boolean; thrown?: string },
): KnownToolOutcome {
  return { name, arguments: args, result, ...extra } as unknown as KnownToolOutcome;
}

/**
 * Runs one tool call of the model: validates the raw arguments with the tool's Zod schema, dispatches to its
 * handler, and turns every failure into a result the model can act on. Nothing here ends the call on an error:
 * bad arguments go back as `invalid_arguments`, a calendar failure as `calendar_unavailable`. Only a developer's
 * misconfiguration (`ConfigError`) is thrown.
 */
export async function runTool(
  session: BookingSession,
  name: string,
  rawArguments: string,
): Promise<ToolOutcome> {
  // Bad input goes back summarised (a value cut to a few hundred characters), and the trace keeps it cut too:
  // a model that sends 10 MB must not get 10 MB back, nor write it into every trace.
  if (!isToolName(name)) {
    const result: InvalidArgumentsResult = {
      status: "invalid_arguments",
      error: `unknown tool ${preview(name)}`,
    };
    return { name: clip(name), arguments: clip(rawArguments), result, endCall: false };
  }
  return runKnown(session, name, rawArguments);
}

async function runKnown<N extends ToolName>(
  session: BookingSession,
  name: N,
  rawArguments: string,
): Promise<ToolOutcome> {
  const entry = entryOf(name);
  const parsed = entry.tool.safeParseJson(rawArguments) as SafeResult<ArgsOf<N>, ModelOutputError>;
  if (!parsed.ok) {
    const result: InvalidArgumentsResult = { status: "invalid_arguments", error: parsed.error.message };
    return outcomeOf(name, clip(rawArguments), result, { endCall: false });
  }
  try {
    const result = await entry.handler(parsed.value, session);
    // `end_call` may refuse to end while the caller would hang up believing a slot is booked (`not_booked`).
    const ends = result.status === "ended";
    return outcomeOf(name, parsed.value, result, { endCall: ends });
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // The one calendar-failure path: a handler lets a calendar error it has no answer of its own for throw, and the
    // caller hears an honest sentence. The calendar request's trace event already carries that error; any other
    // throw is a bug, whose cause goes to the trace (`thrown`), never to the model.
    if (error instanceof CalendarError) {
      return outcomeOf(name, parsed.value, calendarUnavailable(session, error), { endCall: false });
    }
    return outcomeOf(name, parsed.value, calendarUnavailable(session), {
      endCall: false,
      thrown: error instanceof Error ? error.message : String(error),
    });
  }
}
