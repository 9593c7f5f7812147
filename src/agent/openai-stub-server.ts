/**
 * A scripted OpenAI-compatible server for tests: `POST /v1/chat/completions` on 127.0.0.1 (random port)
 * answers each request with the next step of a script, in the real `chat.completion` JSON shape, so the
 * real `openai` SDK (and its retries and timeouts) can be exercised without the network.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";

/** One tool call the stub answers with; `id` is generated when left out. */
export interface StubToolCall {
  name: string;
  /** Sent verbatim, so tests can script malformed JSON. */
  arguments: string;
  id?: string;
}

/** What the stub answers to one request. */
export type StubStep =
  | { content: string }
  | { toolCalls: StubToolCall[]; content?: string }
  /** An error response; `body` defaults to an OpenAI-style `{ error: {...} }`. */
  | { status: number; headers?: Record<string, string>; body?: unknown }
  /**
   * Waits before answering with `reply`, to trip the client's timeout. (Not named `then`: an object with a
   * `then` property looks like a promise to `await`, and Biome forbids it.)
   */
  | { delayMs: number; reply: StubStep }
  /** Decides from the request, e.g. to echo the tool results it was sent. */
  | ((body: ChatCompletionCreateParams) => StubStep);

/** One request as the stub received it. The body is parsed JSON, typed as what the SDK sends, not validated. */
export interface StubRequest {
  body: ChatCompletionCreateParams;
  headers: Record<string, string>;
}

/** A running stub; pass `baseURL` to the OpenAI client. */
export interface OpenAIStub {
  /** e.g. `http://127.0.0.1:54321/v1` */
  baseURL: string;
  /** Every request received, in order, including ones that timed out on the client side. */
  requests: StubRequest[];
  close(): Promise<void>;
}

/** Starts the stub; each request consumes the next step, and requests beyond the script get a 500. */
export async function startOpenAIStub(script: StubStep[]): Promise<OpenAIStub> {
  const requests: StubRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, errorBody(`openai stub: ${String(error)}`, "stub_error"), { "x-should-retry": "false" });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      send(res, 404, errorBody(`openai stub: no route ${req.method} ${req.url}`, "invalid_request_error"));
      return;
    }
    const body = JSON.parse(text) as ChatCompletionCreateParams;
    const index = requests.length;
    requests.push({ body, headers: flattenHeaders(req) });
    const step = script[index];
    if (step === undefined) {
      // Told not to retry, so an over-long conversation fails once with this message instead of three times.
      const message = `openai stub: request #${index + 1} has no scripted step (script has ${script.length})`;
      send(res, 500, errorBody(message, "stub_error"), { "x-should-retry": "false" });
      return;
    }
    answer(res, body, step, index);
  }

  function answer(
    res: ServerResponse,
    body: ChatCompletionCreateParams,
    step: StubStep,
    index: number,
  ): void {
    if (typeof step === "function") {
      answer(res, body, step(body), index);
    } else if ("delayMs" in step) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(res, body, step.reply, index);
      }, step.delayMs);
      timers.add(timer);
    } else if ("status" in step) {
      const fallback = errorBody(`openai stub: scripted status ${step.status}`, errorType(step.status));
      send(res, step.status, step.body ?? fallback, step.headers ?? {});
    } else {
      send(res, 200, completion(body, step, index));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK's fetch keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
      }),
  };
}

function completion(
  body: ChatCompletionCreateParams,
  step: { content: string } | { toolCalls: StubToolCall[]; content?: string },
  index: number,
): unknown {
  const toolCalls =
    "toolCalls" in step
      ? step.toolCalls.map((call, i) => ({
          id: call.id ?? `call_stub_${index + 1}_${i + 1}`,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        }))
      : undefined;
  return {
    id: `chatcmpl-stub-${index + 1}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: step.content ?? null,
          refusal: null,
          ...(toolCalls && { tool_calls: toolCalls }),
        },
        logprobs: null,
        finish_reason: toolCalls ? "tool_calls" : "stop",
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

function errorBody(message: string, type: string): unknown {
  return { error: { message, type, param: null, code: null } };
}

function errorType(status: number): string {
  if (status === 429) return "rate_limit_exceeded";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  // The client may have given up (timeout) while a delayed step was waiting.
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}
