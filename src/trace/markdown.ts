/**
 * Renders a call trace as Markdown in the style of `reference/hans-schuster-call.md`: header with the
 * result, a timeline in business-local time, one section per tool call with the calendar requests it
 * made, and the transcript. Output depends only on the events (no current time), so it can be snapshotted;
 * everything is redacted first, so a report is safe to paste into an issue.
 */
import { DateTime } from "luxon";
import { zoneNamed } from "../time/zone-clock.ts";
import {
  type CalendarRequestEvent,
  type EventStamp,
  resultSay,
  resultStatus,
  type ToolCallEvent,
  type TraceEvent,
} from "./events.ts";
import { summarizeEvents, type TraceSummary } from "./recorder.ts";
import { redact, redactText } from "./redact.ts";

/** Options of `renderTraceMarkdown`. */
export interface RenderTraceOptions {
  /** Heading text; default `CALL TRACE: <call id>`. */
  title?: string;
  /**
   * Longest calendar response before it is cut; default 40. Requests, arguments and tool results are never cut:
   * they are short and are what the model saw.
   */
  maxResponseLines?: number;
  /**
   * Where the uncut events are (the `.json` written beside the report), named where a response is cut. Unset: the
   * cut only says how many lines were left out, since no such file may exist (chat's `/trace`, promptfoo).
   */
  fullTrace?: string;
}

const FENCE = "```";

type RecordedTool = ToolCallEvent & EventStamp;
type RecordedRequest = CalendarRequestEvent & EventStamp;

/** Renders events (in any order; sorted by `seq`) as a Markdown report. */
export function renderTraceMarkdown(events: readonly TraceEvent[], options: RenderTraceOptions = {}): string {
  const safe = redact([...events]).sort((a, b) => a.seq - b.seq);
  const started = safe.find((e) => e.type === "call_started");
  const ctx: Context = {
    zone: started?.business.timezone,
    maxResponseLines: options.maxResponseLines ?? 40,
    fullTrace: options.fullTrace,
    calendarNumbers: new Map(),
    toolNumbers: new Map(),
    times: new Map(),
  };
  // Numbers are assigned up front so the timeline and the sections agree.
  for (const event of safe) {
    if (event.type === "calendar_request") ctx.calendarNumbers.set(event.seq, ctx.calendarNumbers.size + 1);
    if (event.type === "tool_call") ctx.toolNumbers.set(event.seq, ctx.toolNumbers.size + 1);
  }
  const title =
    options.title === undefined
      ? `CALL TRACE: ${started?.callId ?? "unknown call"}`
      : redactText(options.title);
  const parts = [
    `# ${title}`,
    header(safe, ctx),
    "---",
    "## TIMELINE OVERVIEW",
    [FENCE, ...safe.flatMap((e) => timelineLine(e, ctx)), FENCE].join("\n"),
    ...sections(safe, ctx),
    "---",
    "## FULL CALL TRANSCRIPT",
    ...safe.flatMap((e) => transcriptLine(e)),
  ];
  return parts.join("\n\n") + "\n";
}

interface Context {
  zone: string | undefined;
  maxResponseLines: number;
  fullTrace: string | undefined;
  /** seq -> #n of calendar requests and of tool calls. */
  calendarNumbers: Map<number, number>;
  toolNumbers: Map<number, number>;
  /** Event stamps read in the zone, for this render only: many events share one, none recurs in another trace. */
  times: Map<string, DateTime>;
}

function localTime(iso: string, ctx: Context): DateTime {
  const known = ctx.times.get(iso);
  if (known !== undefined) return known;
  // Not `inZone`: its process-wide memory is for the slots calls speak of again, and a trace's stamps (milliseconds
  // of a running clock) would only push those out.
  const parsed = DateTime.fromISO(iso, { setZone: true });
  const at = ctx.zone === undefined ? parsed : parsed.setZone(zoneNamed(ctx.zone));
  ctx.times.set(iso, at);
  return at;
}

function clock(iso: string, ctx: Context): string {
  const at = localTime(iso, ctx);
  if (!at.isValid) return at.toFormat("HH:mm:ss");
  // Fields, not `toFormat`, which reads its pattern again on every call.
  return [at.hour, at.minute, at.second].map((n) => String(n).padStart(2, "0")).join(":");
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function quote(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `"${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}"`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function header(events: TraceEvent[], ctx: Context): string {
  const summary = summarizeEvents(events);
  const started = events.find((e) => e.type === "call_started");
  const ended = events.find((e) => e.type === "call_ended");
  const first = events.find((e) => e.type === "caller_said");
  const modelTimes = events.flatMap((e) => (e.type === "model_response" ? [e.durationMs] : []));
  const lines: string[] = [];
  if (started !== undefined) {
    lines.push(`- **Call ID:** \`${started.callId}\``);
    lines.push(`- **Time:** ${callTime(events, ctx)}`);
    lines.push(
      `- **Business:** ${started.business.name} (\`${started.business.id}\`, ${started.business.timezone})`,
    );
    lines.push(`- **Caller:** ${started.callerPhone}`);
    const total = modelTimes.reduce((sum, ms) => sum + ms, 0);
    lines.push(
      `- **Model:** ${started.model} (${modelTimes.length} responses, ${formatDuration(total)} total)`,
    );
  }
  if (first !== undefined) lines.push(`- **Caller Request:** ${quote(first.text, 120)}`);
  const failed = summary.calendarErrors > 0 ? ` (${summary.calendarErrors} failed)` : "";
  const counts = [
    count(summary.turns, "turn"),
    count(summary.toolCalls, "tool call"),
    count(summary.calendarRequests, "calendar request") + failed,
  ];
  lines.push(`- **Counts:** ${counts.join(" · ")}`);
  lines.push(`- **Final Result:** ${outcome(summary, events, ctx)}`);
  if (ended !== undefined) lines.push(`- **Ended:** ${ended.reason}`);
  return lines.join("\n");
}

/**
 * "2025-10-25 20:17:50 - 20:17:54 (4 seconds total)": the total is the difference of the two times shown, to the
 * second, so the line never contradicts itself (a recorded `durationMs` may be 0 or cover a different span).
 */
function callTime(events: TraceEvent[], ctx: Context): string {
  const first = events[0];
  const last = events.at(-1);
  if (first === undefined || last === undefined) return "";
  const from = localTime(first.at, ctx).startOf("second");
  const to = localTime(last.at, ctx).startOf("second");
  const seconds = Math.round(to.diff(from).as("seconds"));
  const toText = to.hasSame(from, "day") ? to.toFormat("HH:mm:ss") : to.toFormat("yyyy-MM-dd HH:mm:ss");
  return `${from.toFormat("yyyy-MM-dd HH:mm:ss")} - ${toText} (${count(seconds, "second")} total)`;
}

function localSlot(iso: string, ctx: Context): string {
  return localTime(iso, ctx).toFormat("yyyy-MM-dd HH:mm");
}

function outcome(summary: TraceSummary, events: TraceEvent[], ctx: Context): string {
  const cancelled = summary.cancelled.map((start) => `CANCELLED ${localSlot(start, ctx)}`);
  if (summary.bookedStart !== null) {
    const booked =
      summary.rescheduledFrom === null
        ? `BOOKED ${localSlot(summary.bookedStart, ctx)}`
        : `RESCHEDULED ${localSlot(summary.rescheduledFrom, ctx)} → ${localSlot(summary.bookedStart, ctx)}`;
    return [booked, ...cancelled].join(", ");
  }
  if (cancelled.length > 0) return cancelled.join(", ");
  // Name the last tool result: "NO BOOKING" after a slot_taken reads differently from one after a chat.
  const lastTool = events.findLast((e) => e.type === "tool_call");
  if (lastTool === undefined) return "NO BOOKING";
  return `NO BOOKING (last tool call: ${lastTool.name} → ${toolOutcome(lastTool)})`;
}

function toolOutcome(event: ToolCallEvent): string {
  if (event.error !== undefined) return "ERROR";
  return resultStatus(event.result) ?? "done";
}

function calendarLabel(event: CalendarRequestEvent): string {
  // A backend method has its name as path; an HTTP request reads as "GET /v2/slots".
  return event.path.startsWith("/") ? `${event.method} ${event.path}` : event.path;
}

function calendarOutcome(event: CalendarRequestEvent): string {
  const status = event.status === undefined ? "no response" : String(event.status);
  return event.error === undefined ? status : `${status} ${event.error.kind}`;
}

function compactJson(value: unknown, max: number): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? "");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function timelineLine(event: TraceEvent, ctx: Context): string[] {
  const at = clock(event.at, ctx);
  switch (event.type) {
    case "call_started":
      return [`${at}  Call Started`];
    case "caller_said":
      return [`${at}  Caller: ${quote(event.text, 70)}${cutNote(event.cutFrom)}`];
    case "agent_said":
      return [
        `${at}  Agent: ${spoken(event.text) === event.text ? quote(event.text, 70) : spoken(event.text)}`,
      ];
    case "filler":
      return [
        `${at}  Agent (filler, ${event.tool} after ${formatDuration(event.afterMs)}): ${quote(event.text, 70)}`,
      ];
    case "turn_deadline":
      return [`${at}  TURN DEADLINE (${formatDuration(event.afterMs)}): ${pendingList(event.pending)}`];
    case "speech_guarded":
      return [
        `${at}  SPEECH GUARDED (${event.rules.map((r) => r.rule).join(", ")}): "${spoken(event.text)}"${event.replacement === null ? " (spoken, warn mode)" : ` → "${spoken(event.replacement)}"`}`,
      ];
    case "tool_call": {
      const n = ctx.toolNumbers.get(event.seq);
      const args = compactJson(event.arguments, 60);
      const took = formatDuration(event.durationMs);
      return [`${at}  [Tool Call #${n}] ${event.name} ${args} → ${toolOutcome(event)} (${took})`];
    }
    case "calendar_request": {
      const n = ctx.calendarNumbers.get(event.seq);
      const took = formatDuration(event.durationMs);
      return [
        `${at}  [Calendar Request #${n}] ${calendarLabel(event)} → ${calendarOutcome(event)} (${took})`,
      ];
    }
    case "note":
      return [`${at}  NOTE: ${event.text}`];
    case "call_ended":
      return [`${at}  Call Ended (${event.reason})`];
    case "model_request":
    case "model_response":
      // Model round trips are summed up in the header; one line each would bury the conversation.
      return [];
  }
}

function jsonBlock(value: unknown, maxLines = Number.POSITIVE_INFINITY, fullTrace?: string): string {
  let shown = value;
  // Arguments arrive as the model's raw text; show them parsed when they parse.
  if (typeof value === "string") {
    try {
      shown = JSON.parse(value);
    } catch {
      return [FENCE, value, FENCE].join("\n");
    }
  }
  const lines = (JSON.stringify(shown, null, 2) ?? "undefined").split("\n");
  if (lines.length > maxLines) {
    const cut = lines.length - (maxLines - 1);
    const where = fullTrace === undefined ? "not shown" : `(all in ${fullTrace})`;
    lines.splice(maxLines - 1, cut, `… ${cut} more lines ${where}`);
  }
  return [`${FENCE}json`, ...lines, FENCE].join("\n");
}

function sections(events: TraceEvent[], ctx: Context): string[] {
  const out: string[] = [];
  let pending: RecordedRequest[] = [];
  const flush = () => {
    // Calendar requests outside any tool call (e.g. a replay's setup) get sections of their own.
    for (const request of pending) out.push("---", ...calendarSection(request, ctx, "##"));
    pending = [];
  };
  for (const event of events) {
    if (event.type === "calendar_request") {
      pending.push(event);
    } else if (event.type === "tool_call") {
      // A tool call is recorded when it returns, so the calendar requests just before it are its own.
      out.push("---", ...toolSection(event, pending, ctx));
      pending = [];
    } else if (event.type !== "note" && event.type !== "filler" && event.type !== "turn_deadline") {
      // A filler or the deadline happens while a tool runs: its calendar requests still belong to it.
      flush();
    }
  }
  flush();
  return out;
}

function toolSection(event: RecordedTool, requests: RecordedRequest[], ctx: Context): string[] {
  const n = ctx.toolNumbers.get(event.seq);
  const out = [
    `## TOOL CALL #${n}: ${event.name}`,
    `**Turn:** ${event.turn} · **At:** ${clock(event.at, ctx)} · **Duration:** ${formatDuration(event.durationMs)} · **Result:** ${toolOutcome(event)}`,
    "### ARGUMENTS",
    jsonBlock(event.arguments),
  ];
  for (const request of requests) out.push(...calendarSection(request, ctx, "###"));
  if (event.error !== undefined) out.push("### ERROR", event.error);
  out.push("### RESULT", jsonBlock(event.result));
  const say = resultSay(event.result);
  if (say !== undefined) out.push("### SAY", `> ${say}`);
  return out;
}

function calendarSection(event: RecordedRequest, ctx: Context, level: "##" | "###"): string[] {
  const n = ctx.calendarNumbers.get(event.seq);
  const sub = `${level}#`;
  const out = [
    `${level} CALENDAR REQUEST #${n}: ${calendarLabel(event)}`,
    `**At:** ${clock(event.at, ctx)} · **Status:** ${calendarOutcome(event)} · **Response Time:** ${formatDuration(event.durationMs)}`,
    `${sub} REQUEST`,
    jsonBlock(event.request),
  ];
  if (event.response !== undefined)
    out.push(`${sub} RESPONSE`, jsonBlock(event.response, ctx.maxResponseLines, ctx.fullTrace));
  if (event.error !== undefined) out.push(`${sub} ERROR`, `\`${event.error.kind}\`: ${event.error.message}`);
  return out;
}

// A turn where the agent said nothing is a finding of its own; an empty quote would hide it.
function spoken(text: string): string {
  return text.trim() === "" ? "(nothing said)" : text;
}

function cutNote(cutFrom: number | undefined): string {
  return cutFrom === undefined ? "" : ` (cut from ${cutFrom} characters)`;
}

function pendingList(pending: { id: string; name: string }[]): string {
  return pending.length === 0
    ? "nothing left running"
    : `still running in the background: ${pending.map((p) => p.name).join(", ")}`;
}

function transcriptLine(event: TraceEvent): string[] {
  switch (event.type) {
    case "caller_said":
      return [`**Caller:** ${event.text}${cutNote(event.cutFrom)}`];
    case "filler":
      return [`**Agent (filler):** ${event.text}`];
    case "turn_deadline":
      return [`*[TURN DEADLINE after ${formatDuration(event.afterMs)}: ${pendingList(event.pending)}]*`];
    case "speech_guarded":
      return [`*[SPEECH GUARDED: ${event.rules.map((r) => r.rule).join(", ")}]*`];
    case "agent_said":
      return [`**Agent:** ${spoken(event.text)}`];
    case "tool_call":
      return [`**[TOOL CALL: ${event.name} → ${toolOutcome(event)}]**`];
    case "note":
      return [`*[NOTE: ${event.text}]*`];
    case "call_ended":
      return [`*[CALL ENDED: ${event.reason}]*`];
    default:
      return [];
  }
}
