/**
 * Retell's custom-LLM WebSocket (`GET /retell/llm/:call_id`): the kit's own conversation loop is the LLM, so the
 * templates' sentences reach the caller verbatim. Frames per ../shared/reference/voice-platforms.md 1b: we send
 * `config` and the greeting as the first `response`; `call_details` gives the caller's number (never the model);
 * `response_required` / `reminder_required` get one `response` each (a reply overtaken by a newer response id is
 * dropped); `ping_pong` is echoed; `update_only` is ignored. The `end_call` tool ends the call with `end_call: true`.
 */
import websocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type WebSocket from "ws";
import type { Call } from "../agent/call.ts";

/** A caller's line longer than this is cut by the loop anyway; a frame larger than this is refused. */
const MAX_FRAME_BYTES = 64 * 1024;

export interface RetellLlmOptions {
  /**
   * Starts the kit's own call for a platform call id and the caller's number (`server.ts`), for the business of the
   * path (`/b/:business/...`; undefined: the server's own).
   */
  startCall: (callId: string, callerPhone: string | null, business: string | undefined) => Call;
  /** Ends a call the kit ran: holds let go, late work told, the trace written (`server.ts`). */
  finish: (call: Call) => Promise<void>;
  /** Why a socket is refused (no RETELL_API_KEY and not --insecure, an unknown business), or null. */
  refuse: (business: string | undefined) => string | null;
  /** Live sockets at most; one more is closed at once. */
  maxCalls: number;
  log?: (line: string) => void;
}

interface Frame {
  interaction_type?: string;
  response_id?: number;
  timestamp?: number;
  call?: { from_number?: string };
  transcript?: { role?: string; content?: string }[];
}

/** The caller's latest words in Retell's transcript. */
function latestUserLine(transcript: Frame["transcript"]): string {
  const users = (transcript ?? []).filter((t) => t.role === "user" && typeof t.content === "string");
  return users.at(-1)?.content?.trim() ?? "";
}

/** The WebSocket route as a Fastify plugin (`app.register(retellLlm(options))`). */
export function retellLlm(options: RetellLlmOptions) {
  return async (app: FastifyInstance): Promise<void> => {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
    route(app, options);
  };
}

function route(app: FastifyInstance, options: RetellLlmOptions): void {
  let live = 0;
  /** How to end each open call (its turn in progress first); shutdown ends them all before the server closes. */
  const open = new Set<() => Promise<void>>();
  app.addHook("preClose", async () => {
    await Promise.all([...open].map((end) => end()));
  });
  const handler = (socket: WebSocket, request: FastifyRequest) => {
    const params = request.params as { call_id: string; business?: string };
    const refused =
      options.refuse(params.business) ?? (live >= options.maxCalls ? "too many live calls" : null);
    if (refused !== null) {
      // 1008: policy violation (not configured for Retell); 1013: try again later (full).
      socket.close(refused === "too many live calls" ? 1013 : 1008, refused);
      return;
    }
    live++;
    const callId = params.call_id;
    const send = (frame: Record<string, unknown>) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
    };
    let call: Call | null = null;
    let callerPhone: string | null = null;
    /** The newest response id asked for: an older reply still being worked on is dropped. */
    let latest = -1;
    let lastSaid = "";
    /** Reminders since the caller last spoke: the last sentence is repeated once, then the agent just listens. */
    let reminders = 0;
    let queue: Promise<void> = Promise.resolve();

    const begin = (): Call => {
      if (call !== null) return call;
      call = options.startCall(`retell_${callId}`, callerPhone, params.business);
      return call;
    };

    send({ response_type: "config", config: { auto_reconnect: true, call_details: true } });

    const answer = async (frame: Frame) => {
      const id = typeof frame.response_id === "number" ? frame.response_id : 0;
      const c = begin();
      if (frame.interaction_type === "reminder_required") {
        const content = reminders++ === 0 ? lastSaid : "";
        if (id >= latest)
          send({ response_type: "response", response_id: id, content, content_complete: true });
        return;
      }
      const line = latestUserLine(frame.transcript);
      if (line === "") return;
      reminders = 0;
      const result = await c.conversation.turn(line);
      if (id < latest) return;
      lastSaid = result.say;
      send({
        response_type: "response",
        response_id: id,
        content: result.say,
        content_complete: true,
        ...(result.ended ? { end_call: true } : {}),
      });
      options.log?.(
        JSON.stringify({ path: "/retell/llm", call: callId, response_id: id, ended: result.ended }),
      );
    };

    socket.on("message", (data: WebSocket.RawData) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data)) as Frame;
      } catch {
        return;
      }
      switch (frame.interaction_type) {
        case "ping_pong":
          send({ response_type: "ping_pong", timestamp: frame.timestamp ?? Date.now() });
          return;
        case "call_details": {
          const from = frame.call?.from_number;
          if (call === null) {
            callerPhone = typeof from === "string" ? from : null;
            // The greeting is the first response, once the caller's number is known.
            const greeting = begin().conversation.greet();
            lastSaid = greeting;
            send({ response_type: "response", response_id: 0, content: greeting, content_complete: true });
          }
          return;
        }
        case "response_required":
        case "reminder_required": {
          const id = typeof frame.response_id === "number" ? frame.response_id : 0;
          latest = Math.max(latest, id);
          // One turn at a time, in order; an answer overtaken by a newer response id is not sent.
          queue = queue
            .then(() => answer(frame))
            .catch((error: unknown) => {
              options.log?.(JSON.stringify({ path: "/retell/llm", call: callId, error: String(error) }));
            });
          return;
        }
        default:
          return;
      }
    });
    let ended: Promise<void> | null = null;
    /** Ends the call once: the turn in progress finishes, then holds are let go and the trace written. */
    const end = (): Promise<void> => {
      if (ended !== null) return ended;
      open.delete(end);
      const ending = call;
      ended =
        ending === null
          ? Promise.resolve()
          : queue
              .then(() => options.finish(ending))
              .catch((error: unknown) =>
                options.log?.(JSON.stringify({ path: "/retell/llm", call: callId, error: String(error) })),
              );
      return ended;
    };
    open.add(end);
    socket.on("close", () => {
      live--;
      void end();
    });
  };
  app.get("/retell/llm/:call_id", { websocket: true }, handler);
  app.get("/b/:business/retell/llm/:call_id", { websocket: true }, handler);
}
