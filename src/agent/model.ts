/**
 * The model behind the agent. Two implementations run the same replays: the OpenAI model (any
 * OpenAI-compatible server) and the rule-based German model (no key, deterministic).
 */

export interface ToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it; it is validated against the tool's Zod schema, not trusted. */
  arguments: string;
}

export type ChatMessage =
  | { role: "system"; content: string }
  | { role: "user"; content: string }
  | { role: "assistant"; content: string | null; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; name: string; content: string };

/** What the model sees of a tool: OpenAI function shape with a strict JSON schema. */
/** A tool as a model sees it; defined with the tools (the bottom layer). */
export type { ToolSpec } from "../../tools/define-tool.ts";

import type { ToolSpec } from "../../tools/define-tool.ts";

export interface ModelRequest {
  messages: ChatMessage[];
  tools: ToolSpec[];
  signal?: AbortSignal;
}

export interface ModelResponse {
  /** Text to speak to the caller (may be null when only tools are called). */
  content: string | null;
  toolCalls: ToolCall[];
}

export interface ChatModel {
  /** Short name for traces and reports, e.g. `rule` or `openai:gpt-4.1-mini`. */
  readonly name: string;
  complete(request: ModelRequest): Promise<ModelResponse>;
}
