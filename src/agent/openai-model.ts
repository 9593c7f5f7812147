/**
 * The OpenAI chat model on the official `openai` SDK. Works against any OpenAI-compatible server
 * (`baseURL`). Retries (429, 5xx, timeouts, with backoff and `retry-after`) are the SDK's own; this file
 * only maps messages in and out and turns a final failure into a typed kit error.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import { ConfigError, KitError } from "../errors.ts";
import type { ChatMessage, ChatModel, ModelRequest, ModelResponse, ToolCall, ToolSpec } from "./model.ts";
import { DEFAULT_OPENAI_MODEL } from "./model-config.ts";

/**
 * The model server could not answer (rate limit, server error, timeout, connection refused) even after the
 * SDK's retries. The conversation loop turns this into an honest reply instead of a crash.
 */
export class ModelUnavailableError extends KitError {
  /** HTTP status of the last attempt; undefined for timeouts and connection failures. */
  readonly status: number | undefined;

  constructor(message: string, details: { status?: number; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
  }
}

/** Options for {@link createOpenAIModel}. Unset values fall back to the SDK's (and its env variables). */
export interface OpenAIModelOptions {
  apiKey?: string;
  /** Any OpenAI-compatible server, e.g. `http://127.0.0.1:8080/v1`. */
  baseURL?: string;
  /** Model name; default `gpt-4.1-mini`. */
  model?: string;
  /** Per attempt. Default 15 s: a caller on the phone will not wait the SDK's default 10 minutes. */
  timeoutMs?: number;
  /** Retries after the first attempt (SDK default 2). */
  maxRetries?: number;
  temperature?: number;
  /** SDK log level; default `off` because every failure surfaces as a typed error instead. */
  logLevel?: OpenAI["logLevel"];
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** Creates a {@link ChatModel} that calls `chat.completions.create` with strict function tools. */
export function createOpenAIModel(options: OpenAIModelOptions = {}): ChatModel {
  const model = options.model ?? DEFAULT_OPENAI_MODEL;
  let client: OpenAI;
  try {
    client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: options.maxRetries,
      logLevel: options.logLevel ?? "off",
    });
  } catch (error) {
    // The SDK throws a plain OpenAIError when no key is given and OPENAI_API_KEY is unset.
    throw new ConfigError("OpenAI model: set OPENAI_API_KEY or OPENAI_BASE_URL", { cause: error });
  }

  return {
    name: `openai:${model}`,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const body: ChatCompletionCreateParamsNonStreaming = {
        model,
        messages: request.messages.map(toOpenAIMessage),
        ...(request.tools.length > 0 && {
          // The API rejects tool_choice and parallel_tool_calls when no tools are sent.
          tools: request.tools.map(toOpenAITool),
          tool_choice: "auto",
          parallel_tool_calls: true,
        }),
        ...(options.temperature !== undefined && { temperature: options.temperature }),
      };
      let completion: OpenAI.Chat.ChatCompletion;
      try {
        completion = await client.chat.completions.create(
          body,
          request.signal ? { signal: request.signal } : undefined,
        );
      } catch (error) {
        throw toKitError(error, model, client.baseURL);
      }
      const message = completion.choices[0]?.message;
      if (!message) throw new ModelUnavailableError(`OpenAI model ${model} returned no choices`);
      return {
        content: message.content ?? null,
        toolCalls: (message.tool_calls ?? []).flatMap(fromOpenAIToolCall),
      };
    },
  };
}

function toOpenAIMessage(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case "system":
    case "user":
      return { role: message.role, content: message.content };
    case "assistant":
      return {
        role: "assistant",
        content: message.content,
        // An empty tool_calls array is rejected by the API, so it is left out.
        ...(message.toolCalls &&
          message.toolCalls.length > 0 && {
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: "function" as const,
              function: { name: call.name, arguments: call.arguments },
            })),
          }),
      };
    case "tool":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content };
  }
}

function toOpenAITool(tool: ToolSpec): ChatCompletionFunctionTool {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.parameters, strict: true },
  };
}

/** Arguments stay the raw string: the loop validates them with the tool's Zod schema and reports errors back. */
function fromOpenAIToolCall(call: ChatCompletionMessageToolCall): ToolCall[] {
  // Custom (free-text) tools are never declared by the kit, so only function calls can be answered.
  if (call.type !== "function") return [];
  return [{ id: call.id, name: call.function.name, arguments: call.function.arguments }];
}

/** Longest root cause quoted in a model error; fetch's messages are one short line. */
const MAX_CAUSE_LENGTH = 300;

/**
 * The innermost message of a cause chain ("connect ECONNREFUSED 127.0.0.1:4010"): the SDK's own says only
 * "Connection error." and fetch's "fetch failed", which tell a developer nothing. A few levels at most; a URL in
 * it (fetch quotes the request's) loses its password and query, which may hold a key.
 */
function rootMessage(error: Error): string {
  let message = error.message;
  let current: unknown = error.cause;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (current.message !== "") message = current.message;
    else if (typeof code === "string") message = code;
    current = current.cause;
  }
  return message.slice(0, MAX_CAUSE_LENGTH).replace(/\bhttps?:\/\/\S+/gi, serverOf);
}

/** Where the server is, without what a URL may carry besides (user:password@, ?api-key=...). */
function serverOf(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname}`;
  } catch {
    return "the configured base URL";
  }
}

function toKitError(error: unknown, model: string, baseURL: string): unknown {
  // The caller aborted on purpose (e.g. hung up); that is not the model's failure.
  if (error instanceof APIUserAbortError) return error;
  if (error instanceof APIConnectionError) {
    const message =
      error instanceof APIConnectionTimeoutError
        ? `OpenAI model ${model} timed out (after retries)`
        : `OpenAI model ${model} could not be reached at ${serverOf(baseURL)} (after retries): ${rootMessage(error)}`;
    return new ModelUnavailableError(message, { cause: error });
  }
  if (error instanceof APIError) {
    const status = error.status;
    // A rejected key, a forbidden project or an unknown model name is the developer's setup, not an outage.
    if (status === 401 || status === 403 || status === 404) {
      return new ConfigError(`OpenAI model ${model}: ${status} ${error.message}`, { cause: error });
    }
    return new ModelUnavailableError(`OpenAI model ${model} failed with status ${status}: ${error.message}`, {
      ...(status !== undefined && { status }),
      cause: error,
    });
  }
  return error;
}
