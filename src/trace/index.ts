/** Call traces: recording, PII redaction, the Markdown report and writing both to disk. */
export type {
  AgentSaidEvent,
  CalendarRequestEvent,
  CallEndedEvent,
  CallerSaidEvent,
  CallStartedEvent,
  EventStamp,
  ModelRequestEvent,
  ModelResponseEvent,
  NoteEvent,
  ToolCallEvent,
  TraceEvent,
  TraceEventInput,
  TraceEventType,
} from "./events.ts";
export { resultSay, resultStatus, resultString } from "./events.ts";
export { type RenderTraceOptions, renderTraceMarkdown } from "./markdown.ts";
export {
  createTraceRecorder,
  summarizeEvents,
  type TraceRecorder,
  type TraceRecorderOptions,
  type TraceSummary,
} from "./recorder.ts";
export { maskEmail, maskPhone, REDACTED, redact, redactText } from "./redact.ts";
export {
  type CalcomRequestInfo,
  calcomRequestListener,
  describeError,
  traceBackend,
} from "./tracing-backend.ts";
export { traceFileName, writeTrace } from "./write.ts";
