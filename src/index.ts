/**
 * termin-kit as a library (`import ... from "termin-kit"`): the tools and their JSON schemas, the booking session and
 * its handlers, the German templates, the calendar (Cal.com client and simulator), the replay runner and the voice
 * platforms' adapters. German time phrases and speech: `termin-kit/time`; LiveKit: `termin-kit/livekit`.
 */

export { type ExportFormat, exportTools } from "../tools/export.ts";
export {
  type ArgsOf,
  defineTool,
  getTool,
  TOOLS,
  type Tool,
  type ToolDefinition,
  type ToolName,
  type ToolSpec,
  toolSpecs,
} from "../tools/index.ts";
export { type Call, type CallSetup, startCall } from "./agent/call.ts";
export type { ChatModel } from "./agent/model.ts";
export { renderSystemPrompt } from "./agent/system-prompt.ts";
export * from "./booking/index.ts";
export { isToolName, type ResultOf, type ToolResult, type ToolStatus } from "./booking/run-tool.ts";
export * from "./calendar/index.ts";
export { CalendarError, ConfigError, ModelOutputError } from "./errors.ts";
export { type ReplayReport, replayTranscript } from "./evals/replay.ts";
export { type CallStore, MemoryCallStore } from "./platforms/call-store.ts";
export { createServeApp, type ServeOptions } from "./platforms/server.ts";
