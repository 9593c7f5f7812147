/**
 * What a call trace is made of: one event per thing that happened, in order. Events are plain JSON so a
 * trace can be written to disk, read back and rendered again; nothing in them refers to live objects.
 */

import type { ToolStatus } from "../booking/run-tool.ts";

/** The call began; carries what is needed to render local times and the header of a report. */
export interface CallStartedEvent {
  type: "call_started";
  callId: string;
  business: { id: string; name: string; timezone: string };
  /** What telephony knows; redacted before anything is written. */
  callerPhone: string;
  /** `ChatModel.name`, e.g. `rule` or `openai:gpt-4.1-mini`. */
  model: string;
  /** The call clock's "now" as an ISO instant, so a replay can be run at the same moment. */
  now: string;
}

/** One caller utterance. */
export interface CallerSaidEvent {
  type: "caller_said";
  text: string;
  turn: number;
  /** Set when the line was longer than the loop takes (`MAX_CALLER_CHARS`): its length before it was cut. */
  cutFrom?: number;
}

/** The agent asked the model for its next step. */
export interface ModelRequestEvent {
  type: "model_request";
  turn: number;
  /** Model round trip within the turn (a turn with tool calls has several). */
  step: number;
  /** How many messages the request carried. */
  messages: number;
}

/** The model answered. */
export interface ModelResponseEvent {
  type: "model_response";
  turn: number;
  step: number;
  content: string | null;
  toolCalls: { id: string; name: string; arguments: string }[];
  durationMs: number;
}

/** A tool ran; `result` is exactly the JSON returned to the model (with `status` and `say`). */
export interface ToolCallEvent {
  type: "tool_call";
  turn: number;
  id: string;
  name: string;
  /** Parsed arguments, or the raw text when it was not valid JSON. */
  arguments: unknown;
  result: unknown;
  durationMs: number;
  /** Set when the handler threw; the model then got a short message instead. */
  error?: string;
}

/** One request to the calendar: an HTTP call to Cal.com, or a `CalendarBackend` method. */
export interface CalendarRequestEvent {
  type: "calendar_request";
  /** HTTP verb (`GET`) or the backend method name (`getSlots`). */
  method: string;
  /** URL path (`/v2/slots`) or, for a backend method, its name again. */
  path: string;
  request: unknown;
  /** HTTP status, or `ok`/`error` for a backend method. */
  status?: number | "ok" | "error";
  response?: unknown;
  error?: { kind: string; message: string };
  durationMs: number;
}

/** What the agent said to the caller. */
export interface AgentSaidEvent {
  type: "agent_said";
  text: string;
  turn: number;
}

/** A tool call was still running after the filler threshold: the agent said the tool's filler sentence. */
export interface FillerEvent {
  type: "filler";
  turn: number;
  /** The slow tool; its `messages.requestStart` is the text. */
  tool: string;
  text: string;
  /** The threshold that passed (`FILLER_AFTER_MS`). */
  afterMs: number;
}

/**
 * The turn's time budget ran out (`TURN_DEADLINE_MS`): the caller heard the honest delay sentence, and the tool calls
 * in `pending` went on in the background (their `tool_call` events follow when they finish).
 */
export interface TurnDeadlineEvent {
  type: "turn_deadline";
  turn: number;
  afterMs: number;
  pending: { id: string; name: string }[];
}

/**
 * The speech guard flagged the model's words (`src/agent/speech-guard.ts`): the rules broken, what the model said,
 * and what the caller heard instead (`replacement` null in `warn` mode, where the model's words were spoken).
 */
export interface SpeechGuardedEvent {
  type: "speech_guarded";
  turn: number;
  mode: "strict" | "warn";
  rules: { rule: string; message: string }[];
  text: string;
  replacement: string | null;
}

/** Something outside the conversation, e.g. a replay's other customer booking a slot. */
export interface NoteEvent {
  type: "note";
  text: string;
}

/** The call ended. */
export interface CallEndedEvent {
  type: "call_ended";
  reason: string;
  durationMs: number;
}

/** An event as code records it; the recorder adds `at` and `seq`. */
export type TraceEventInput =
  | CallStartedEvent
  | CallerSaidEvent
  | ModelRequestEvent
  | ModelResponseEvent
  | ToolCallEvent
  | SpeechGuardedEvent
  | CalendarRequestEvent
  | AgentSaidEvent
  | FillerEvent
  | TurnDeadlineEvent
  | NoteEvent
  | CallEndedEvent;

/** Stamp added to every recorded event. */
export interface EventStamp {
  /** ISO instant with the business zone's offset, from the call clock. */
  at: string;
  /** 1-based position in the trace; ties in `at` are ordered by it. */
  seq: number;
}

/** A recorded event. */
export type TraceEvent = TraceEventInput & EventStamp;

/** Event type names. */
export type TraceEventType = TraceEventInput["type"];

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The `status` of a tool result (read from a trace, so `unknown`), when it has one. */
export function resultStatus(result: unknown): ToolStatus | undefined {
  const status = field(result, "status");
  // A trace holds the kit's own results: their statuses are `ToolStatus`es.
  return typeof status === "string" ? (status as ToolStatus) : undefined;
}

/** The German sentence (`say`) of a tool result, when it has one. */
export function resultSay(result: unknown): string | undefined {
  const say = field(result, "say");
  return typeof say === "string" ? say : undefined;
}

/** A string field of a nested object in a tool result, e.g. `booking.start`. */
export function resultString(result: unknown, ...path: string[]): string | undefined {
  let value = result;
  for (const key of path) value = field(value, key);
  return typeof value === "string" ? value : undefined;
}
