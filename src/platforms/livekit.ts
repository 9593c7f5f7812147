/**
 * LiveKit Agents for Node (`@livekit/agents` 1.x, an optional peer dependency; section 4 of
 * ../shared/reference/voice-platforms.md): the kit's tools as `llm.tool` objects for a `voice.Agent`. LiveKit runs
 * the conversation in the agent worker, so there is no server: the worker builds these tools once per call
 * (`examples/livekit-agent.ts`). The caller and the call id come from the SIP participant's attributes, never from
 * the model; a result's `say` is spoken word for word with `session.say`, and the model gets no turn to paraphrase.
 *
 * Facts this relies on, read in livekit/agents-js 1.9.0 (`agents/src/...`):
 * - A tool that returns `undefined` gets an empty function output and no reply from the model (`replyRequired:
 *   toolOutput !== undefined`, `voice/generation.ts` createToolOutput).
 * - `function_tools_executed` is emitted before those outputs go into the agent's chat context and the session
 *   history, and the event holds the very objects inserted (`voice/agent_activity.ts`, "Commit their outputs before
 *   scheduling a reply"); `FunctionCallOutput.output` is a plain mutable field (`llm/chat_context.ts`). The kit fills
 *   in the result there, so later turns see it (the model copies slot ids like `S1` into `book_appointment`).
 *   agents-js has no Python-style `cancel_tool_reply()` for "record this output but do not reply".
 * - A raw JSON schema as `parameters` goes to the model as it is (`llm/utils.ts` toJsonSchema), and the parsed
 *   arguments reach `execute` unvalidated (`voice/generation.ts`), so the kit's own Zod parse in `runTool` is the one
 *   check, with its bounds and messages. Arguments that are not JSON at all never reach `execute`: agents-js answers
 *   the model "Invalid arguments for <tool>" itself.
 * - `execute` gets `{ ctx, toolCallId, abortSignal }`; `toolCallId` is the `callId` of the function output
 *   (`voice/tool_executor.ts`). `session.say()` throws while the session closes (`voice/agent_session.ts`).
 * - Ending a call as agents-js's own `end_call` does (`beta/tools/end_call.ts`): `session.shutdown()` once the
 *   turn that called it is done; the room goes with it when the session was started with `deleteRoomOnClose`
 *   (`voice/room_io/room_io.ts`), which hangs up the SIP caller.
 */
import { randomUUID } from "node:crypto";
import type { llm, voice } from "@livekit/agents";
import type { RemoteParticipant } from "@livekit/rtc-node";
import { getTool, TOOLS, type ToolName } from "../../tools/index.ts";
import { callerNumber } from "../agent/call.ts";
import { runTool } from "../booking/run-tool.ts";
import { BookingSession } from "../booking/session.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import type { Clock } from "../calendar/clock.ts";
import { regionForTimezone } from "../calendar/phone.ts";
import type { BusinessProfile } from "../calendar/profile.ts";

/** The SIP participant's attribute with the caller's number; absent when the dispatch rule hides it. */
export const SIP_PHONE_NUMBER = "sip.phoneNumber";
/** The SIP participant's attribute with LiveKit's id of the call. */
export const SIP_CALL_ID = "sip.callID";

/**
 * What a call id may look like to be used as it is: it names the call's holds and bookings and, for a withheld
 * number, the attendee's placeholder e-mail, so plain characters only, and short. LiveKit's are `SCL_` + 12.
 */
const CALL_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Most results kept for the chat context at once. One waits only from a tool's end to `function_tools_executed`;
 * one whose turn was interrupted is never asked for, and this bounds them.
 */
const MAX_PENDING_OUTPUTS = 32;

/** Tools whose result changes the calendar: the caller hears it even when they interrupted the turn. */
const CHANGES_CALENDAR: ReadonlySet<ToolName> = new Set([
  "book_appointment",
  "cancel_appointment",
  "reschedule_appointment",
]);

// agents-js's event names are a string enum; only the type is imported, so the kit never loads the package.
const TOOLS_EXECUTED = "function_tools_executed" as voice.AgentSessionEventTypes.FunctionToolsExecuted;
const CLOSE = "close" as voice.AgentSessionEventTypes.Close;

export interface LiveKitToolsOptions {
  /**
   * The `llm` namespace of the worker's own `@livekit/agents` import. Passed in rather than imported: importing the
   * kit then never needs the package, and the tools are made by the same copy of agents-js that runs them (it tells
   * a tool by a module-local `Symbol('tool')`, `llm/tool_context.ts`, so a second copy's tools would be refused).
   */
  llm: Pick<typeof llm, "tool">;
  business: BusinessProfile;
  calendar: CalendarBackend;
  clock: Clock;
  /** The caller: `await ctx.waitForParticipant()` in the job's entry. */
  participant: Pick<RemoteParticipant, "attributes">;
}

/** The kit's tools for one LiveKit call. */
export interface LiveKitTools {
  /** Every kit tool by name, for `new voice.Agent({ tools })` (object form: the key names the tool). */
  tools: Record<ToolName, llm.AnonFunctionTool>;
  session: BookingSession;
  /** `sip.callID`, or a fresh id when the participant has none (not a phone call). */
  callId: string;
  /** The caller's number in E.164 from `sip.phoneNumber`, or null when hidden. */
  callerPhone: string | null;
  /**
   * Lets go of the call's holds. Runs by itself when the agent session closes (the tools listen once a tool ran;
   * before that no hold exists); call it from `ctx.addShutdownCallback` too, for a job that ends without the
   * session closing. Safe to call more than once.
   */
  end(): Promise<void>;
}

/** Builds one call's booking session and its tools from the SIP participant. */
export function livekitTools(options: LiveKitToolsOptions): LiveKitTools {
  const { business, participant } = options;
  const attributes = participant.attributes;
  const rawCallId = attributes[SIP_CALL_ID]?.trim() ?? "";
  const callId = CALL_ID.test(rawCallId) ? rawCallId : `livekit_${randomUUID().replaceAll("-", "")}`;
  const callerPhone = callerNumber(
    attributes[SIP_PHONE_NUMBER] ?? null,
    regionForTimezone(business.timezone),
  );
  const session = new BookingSession({
    callId,
    business,
    callerPhone,
    calendar: options.calendar,
    clock: options.clock,
  });

  let ended: Promise<void> | undefined;
  const end = (): Promise<void> => {
    ended ??= session.releaseAllHolds();
    return ended;
  };

  /** Results spoken with `say` (the tool returned `undefined`), by tool call id, until agents-js records them. */
  const pendingOutputs = new Map<string, string>();
  const keepForContext = (toolCallId: string, result: object): undefined => {
    pendingOutputs.set(toolCallId, JSON.stringify(result));
    for (const oldest of pendingOutputs.keys()) {
      if (pendingOutputs.size <= MAX_PENDING_OUTPUTS) break;
      pendingOutputs.delete(oldest);
    }
    return undefined;
  };

  const watched = new WeakSet<voice.AgentSession>();
  const watch = (agentSession: voice.AgentSession): void => {
    if (watched.has(agentSession)) return;
    watched.add(agentSession);
    const record = (event: voice.FunctionToolsExecutedEvent) => {
      for (const output of event.functionCallOutputs) {
        const result = pendingOutputs.get(output.callId);
        if (result === undefined) continue;
        pendingOutputs.delete(output.callId);
        if (output.output === "" && !output.isError) output.output = result;
      }
    };
    agentSession.on(TOOLS_EXECUTED, record);
    agentSession.once(CLOSE, () => {
      agentSession.off(TOOLS_EXECUTED, record);
      void end();
    });
  };

  const execute = async (name: ToolName, args: unknown, run: llm.ToolOptions): Promise<unknown> => {
    const { ctx, toolCallId, abortSignal } = run;
    watch(ctx.session);
    // agents-js passes the arguments parsed; `runTool` parses and bounds their text with the kit's own schema.
    const outcome = await runTool(session, name, JSON.stringify(args ?? {}));
    const { result } = outcome;
    if (outcome.endCall) {
      hangUpAfter(ctx.speechHandle, ctx.session);
      return keepForContext(toolCallId, result);
    }
    const say = result.say?.trim() ?? "";
    // The caller spoke while a look-up ran: agents-js drops this result, and an offer read out now would answer a
    // question no longer asked. What changed the calendar is told all the same.
    if (say === "" || (abortSignal.aborted && !CHANGES_CALENDAR.has(name))) return result;
    try {
      ctx.session.say(say);
    } catch {
      // The session is closing: the result goes to the model, which is all that is left.
      return result;
    }
    return keepForContext(toolCallId, result);
  };

  const tools = Object.fromEntries(
    TOOLS.map((tool) => [
      tool.name,
      options.llm.tool({
        description: tool.description,
        // A copy: the kit's schema is frozen, and the model sees exactly what `termin tools export` gives.
        parameters: structuredClone(tool.jsonSchema) as Record<string, unknown>,
        execute: (args, run) => execute(tool.name, args, run),
      }),
    ]),
  ) as Record<ToolName, llm.AnonFunctionTool>;

  return { tools, session, callId, callerPhone, end };
}

/** What the agent says when the model hung up without a goodbye of its own: data of the `end_call` tool. */
const FALLBACK_GOODBYE = getTool("end_call").messages?.requestStart ?? "";

/**
 * Ends the session once the turn that called `end_call` is done, as agents-js's own `end_call` does; a turn
 * without a word from the agent (the model skipped its goodbye) gets the tool's goodbye first.
 */
function hangUpAfter(turn: voice.SpeechHandle, agentSession: voice.AgentSession): void {
  turn.addDoneCallback((handle) => {
    const spoke = handle.chatItems.some(
      (item) =>
        item.type === "message" && item.role === "assistant" && (item.textContent ?? "").trim() !== "",
    );
    if (spoke || FALLBACK_GOODBYE === "") {
      agentSession.shutdown();
      return;
    }
    try {
      agentSession.say(FALLBACK_GOODBYE).addDoneCallback(() => agentSession.shutdown());
    } catch {
      agentSession.shutdown();
    }
  });
}
