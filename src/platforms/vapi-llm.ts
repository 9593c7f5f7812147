/**
 * Vapi's custom LLM (`POST /vapi/chat/completions`, OpenAI-compatible, ../shared/reference/voice-platforms.md 2b):
 * the kit's own conversation loop answers, one call per `call.id`, the caller from `call.customer.number` (never
 * from the model); of the platform's messages only the caller's latest line is used. Streaming (SSE
 * `chat.completion.chunk` ... `[DONE]`) and non-streaming answers; the same authentication as the tools endpoint.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Call } from "../agent/call.ts";

export interface VapiLlmOptions {
  /** Starts the kit's own call for a platform call id and the caller's number, for the path's business (`server.ts`). */
  startCall: (callId: string, callerPhone: string | null, business: string | undefined) => Call;
  /** Ends a call the kit ran: holds let go, late work told, the trace written (`server.ts`). */
  finish: (call: Call) => Promise<void>;
  /** Why the path's business is not served (`/b/:business/...`), or null. */
  unknownBusiness: (business: string | undefined) => string | null;
  /** Why the request is refused (401), or null; the tools endpoint's check. */
  authProblem: (request: FastifyRequest) => string | null;
  idleMs: number;
  maxCalls: number;
  now: () => number;
}

interface LlmCall {
  call: Call;
  lastUsed: number;
  /** One turn at a time per call, in order. */
  queue: Promise<unknown>;
}

interface Body {
  model?: unknown;
  stream?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  call?: { id?: unknown; customer?: { number?: unknown } };
  customer?: { number?: unknown };
  tools?: unknown;
}

/** The name of the assistant's Hang Up tool among the request's tools (Vapi's `endCall`, "end_call_tool"), or null. */
export function hangUpTool(tools: unknown): string | null {
  if (!Array.isArray(tools)) return null;
  for (const tool of tools as { type?: unknown; function?: { name?: unknown } }[]) {
    const name = tool?.function?.name;
    if (typeof name === "string" && /^end_?call(_tool)?$/i.test(name)) return name;
  }
  return null;
}

/** The caller's latest line in the OpenAI-style messages. */
function latestUserLine(messages: Body["messages"]): string {
  const users = (Array.isArray(messages) ? messages : []).filter(
    (m) => m?.role === "user" && typeof m.content === "string",
  );
  return String(users.at(-1)?.content ?? "").trim();
}

/**
 * Adds the route; its calls end after `idleMs` without a request (holds let go), when the app closes, and through the
 * returned `end` (Vapi's end-of-call report, which comes to the server URL).
 */
export function addVapiLlm(
  app: FastifyInstance,
  options: VapiLlmOptions,
): { end: (business: string | undefined, callId: string) => Promise<boolean> } {
  const calls = new Map<string, LlmCall>();

  let swept = 0;
  const expire = async () => {
    // At most once a minute, so a request costs the same with many calls live.
    if (options.now() - swept < 60_000) return;
    swept = options.now();
    const limit = options.now() - options.idleMs;
    for (const [id, c] of [...calls]) {
      if (c.lastUsed >= limit) continue;
      calls.delete(id);
      await options.finish(c.call);
    }
  };
  app.addHook("onClose", async () => {
    for (const [id, c] of [...calls]) {
      calls.delete(id);
      await options.finish(c.call);
    }
  });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const problem = options.authProblem(request);
    if (problem !== null) return reply.status(401).send({ error: { message: problem, type: "auth" } });
    const business = (request.params as { business?: string }).business;
    const unknown = options.unknownBusiness(business);
    if (unknown !== null) return reply.status(404).send({ error: { message: unknown } });
    const body = (request.body ?? {}) as Body;
    const callId = typeof body.call?.id === "string" ? body.call.id : null;
    if (callId === null)
      return reply
        .status(400)
        .send({ error: { message: "call.id is missing (metadataSendMode must not be off)" } });
    void expire();
    const key = `${business ?? ""}:${callId}`;
    let entry = calls.get(key);
    if (entry === undefined) {
      if (calls.size >= options.maxCalls)
        return reply.status(503).send({ error: { message: "too many live calls" } });
      const number = body.call?.customer?.number ?? body.customer?.number;
      const call = options.startCall(`vapi_${callId}`, typeof number === "string" ? number : null, business);
      entry = { call, lastUsed: options.now(), queue: Promise.resolve() };
      calls.set(key, entry);
    }
    entry.lastUsed = options.now();
    const current = entry;
    const line = latestUserLine(body.messages);
    // The first request without a caller line is answered with the greeting.
    const turn = current.queue.then(async () => {
      if (line === "") return { say: current.call.conversation.greet(), ended: false };
      const r = await current.call.conversation.turn(line);
      return { say: r.say, ended: r.ended };
    });
    current.queue = turn.catch(() => undefined);
    const { say, ended } = await turn;
    if (ended) {
      calls.delete(key);
      await options.finish(current.call);
    }
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(options.now() / 1000);
    const model = typeof body.model === "string" ? body.model : "termin-kit";
    // The kit's call ended: Vapi hangs up when the reply calls the assistant's Hang Up tool (type endCall), if the
    // assistant has one; the goodbye is said first.
    const hangUp = ended ? hangUpTool(body.tools) : null;
    const toolCalls =
      hangUp === null
        ? undefined
        : [
            {
              index: 0,
              id: `call_${randomUUID()}`,
              type: "function",
              function: { name: hangUp, arguments: "{}" },
            },
          ];
    if (body.stream !== true) {
      return reply.send({
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: say,
              ...(toolCalls === undefined ? {} : { tool_calls: toolCalls }),
            },
            finish_reason: toolCalls === undefined ? "stop" : "tool_calls",
          },
        ],
      });
    }
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    reply.raw.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    reply.raw.write(chunk({ role: "assistant", content: say }, null));
    if (toolCalls !== undefined) reply.raw.write(chunk({ tool_calls: toolCalls }, null));
    reply.raw.write(chunk({}, toolCalls === undefined ? "stop" : "tool_calls"));
    reply.raw.end("data: [DONE]\n\n");
    return reply;
  };
  app.post("/vapi/chat/completions", handler);
  app.post("/b/:business/vapi/chat/completions", handler);
  return {
    async end(business, callId) {
      const key = `${business ?? ""}:${callId}`;
      const entry = calls.get(key);
      if (entry === undefined) return false;
      calls.delete(key);
      await entry.queue;
      await options.finish(entry.call);
      return true;
    },
  };
}
