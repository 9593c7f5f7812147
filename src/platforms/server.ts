/**
 * `termin serve`: the kit's tools as the HTTP endpoints voice platforms call (../shared/reference/voice-platforms.md).
 * This slice serves Vapi's tool calls (`POST /vapi/tools`) and Retell's custom functions (`POST /retell/tools`), with
 * each platform's authentication, one booking session per platform call id (idle expiry, a bound on live calls),
 * repeated deliveries answered from the first result, and `GET /healthz`. Routing and body limits are Fastify's.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { DateTime } from "luxon";
import { type Call, callerNumber, startCall } from "../agent/call.ts";
import type { GuardMode } from "../agent/speech-guard.ts";
import { changesTold, runTool, type ServedOutcome } from "../booking/run-tool.ts";
import { BookingSession, type SessionSnapshot } from "../booking/session.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import { regionForTimezone } from "../calendar/phone.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { redactText } from "../trace/redact.ts";
import { traceFileName, writeTrace } from "../trace/write.ts";
import { type CallRecord, type CallStore, MemoryCallStore, withDelivery } from "./call-store.ts";
import { retellLlm } from "./retell-llm.ts";
import { addVapiLlm } from "./vapi-llm.ts";

/** Request bodies larger than this are refused (413): a tool call is a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;
/** A call with no request for this long is ended: its holds are let go. */
export const IDLE_MS = 30 * 60_000;
/** Live calls one process serves at most; a new one beyond is refused (503) rather than slowing all. */
export const MAX_SESSIONS = 1_000;
/** How often a request sweeps idle calls. */
const SWEEP_MS = 60_000;
/** Without a delivery id, a repeat of a tool call within this long is the platform's retry (Retell: two retries). */
export const REDELIVERY_MS = 2 * 60_000;
/** Tools whose repeat must not act twice: they change the calendar. A look-up simply runs again. */
const REPLAYABLE: ReadonlySet<string> = new Set([
  "hold_slot",
  "book_appointment",
  "cancel_appointment",
  "reschedule_appointment",
]);
/** Answers that invite the model to try again: a repeat runs the tool, it does not get this answer back. */
const ASKS_FOR_RETRY: ReadonlySet<string> = new Set([
  "calendar_unavailable",
  "unverified",
  "invalid_arguments",
]);
/** Tool calls one Vapi request may carry; more are answered with an error, unrun. */
export const MAX_TOOL_CALLS = 10;
/** Longest platform id (call id, tool call id) accepted: they name store keys and go into booking metadata. */
export const MAX_ID_LENGTH = 128;

/** Retell's signature window. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export interface ServeOptions {
  business: BusinessProfile;
  calendar: CalendarBackend;
  clock: () => DateTime;
  /** RETELL_API_KEY and VAPI_SECRET; an endpoint whose secret is unset answers 401 unless `insecure`. */
  secrets: { retell?: string | undefined; vapi?: string | undefined };
  insecure?: boolean;
  /** One JSON line per request (call id, tool, status, duration; phones and keys redacted). */
  log?: (line: string) => void;
  /** The clock for signature windows and idle expiry, ms; default Date.now. */
  now?: () => number;
  /** The model and speech guard of the calls the kit runs itself (Retell's custom-LLM WebSocket). */
  model?: "rule" | "openai";
  guard?: GuardMode;
  env?: NodeJS.ProcessEnv;
  /** Other businesses served under `/b/:business/...`, by id; null when not served. */
  businesses?: (id: string) => ServedBusiness | null;
  /** Where calls are kept between requests: memory (default) or Redis, shared by several instances. */
  store?: CallStore;
  /** Folder for the traces of the calls the kit runs itself (custom-LLM paths). */
  traceDir?: string;
  /** Folder of the response templates of every call (default `prompts/responses`). */
  templatesDir?: string;
}

/** A business the server books for, with its calendar. */
export interface ServedBusiness {
  business: BusinessProfile;
  calendar: CalendarBackend;
}

/**
 * The platforms' calls, kept in a `CallStore` keyed by platform, business and call id: one request of a call runs at
 * a time (in every instance sharing the store), each delivery of a tool call is answered once, idle calls are ended
 * and their holds let go.
 */
export class CallSessions {
  private swept = 0;

  constructor(
    private readonly store: CallStore,
    private readonly businessFor: (id: string) => ServedBusiness | null,
    private readonly clock: () => DateTime,
    private readonly now: () => number,
    private readonly templatesDir?: string,
  ) {}

  /** Calls stored (in every instance, with a shared store). */
  count(): Promise<number> {
    return this.store.count();
  }

  get storeKind(): string {
    return this.store.kind;
  }

  /**
   * Runs a tool for a call, once per delivery: a platform's retry of a tool call that changes the calendar gets the
   * first result and books nothing twice. `deliveryId` is the platform's id of the tool call (Vapi's
   * `toolCallList[].id`); without one (Retell), a repeat of the same tool and arguments within
   * `REDELIVERY_MS` is the retry. A new call of a tool with the same arguments later runs again, and an answer that
   * asks for a retry (calendar unavailable, booking unverified, bad arguments) is never replayed. Null when the call
   * is new and the server serves as many calls as it may.
   */
  async run(
    businessId: string,
    platform: string,
    callId: string,
    callerPhone: string | null,
    name: string,
    args: string,
    deliveryId: string | null = null,
  ): Promise<ServedOutcome | null> {
    if (this.now() - this.swept >= SWEEP_MS) void this.expire().catch(() => undefined);
    const served = this.businessFor(businessId);
    if (served === null) throw new Error(`unknown business ${businessId}`);
    const key = `${platform}:${businessId}:${callId}`;
    return this.store.exclusive(key, async () => {
      const stored = await this.store.load(key);
      if (stored === null && (await this.store.count()) >= MAX_SESSIONS) return null;
      const record = stored ?? this.fresh(served, key, callerPhone);
      record.used = this.now();
      const at = this.now();
      const delivery =
        deliveryId === null
          ? `args:${createHash("sha256").update(`${name}\u0000${args}`).digest("base64url")}`
          : `id:${createHash("sha256").update(`${name}\u0000${deliveryId}`).digest("base64url")}`;
      const known = record.delivered.find(
        (d) => d.key === delivery && (deliveryId !== null || at - d.at <= REDELIVERY_MS),
      )?.outcome;
      if (known !== undefined) {
        await this.store.save(key, record);
        return known;
      }
      const session = this.session(served, key, record);
      // Changes are not in the snapshot: those of this request start at the restored session's count.
      const written = session.changes.length;
      let outcome: ServedOutcome;
      try {
        outcome = await runTool(session, name, args);
      } catch (error) {
        // A template failed after the calendar was written (a developer's misconfiguration): the call's state is
        // saved with the write below, so a retry does not write again, and the caller hears the write in the kit's
        // own words instead of the platform's error for a failed request.
        const told = error instanceof ConfigError ? changesTold(session, name, args, error, written) : null;
        if (told === null) throw error;
        outcome = told;
      }
      if (outcome.endCall) {
        await this.store.remove(key);
        await session.releaseAllHolds();
        return outcome;
      }
      await this.store.save(key, {
        ...record,
        session: session.snapshot(),
        delivered:
          REPLAYABLE.has(outcome.name) && !ASKS_FOR_RETRY.has(outcome.result.status)
            ? withDelivery(record.delivered, { key: delivery, at, outcome })
            : record.delivered,
      });
      return outcome;
    });
  }

  /** Ends a call: its holds are let go. */
  end(businessId: string, platform: string, callId: string): Promise<boolean> {
    return this.endKey(`${platform}:${businessId}:${callId}`, Number.POSITIVE_INFINITY);
  }

  /** Ends every call idle longer than `IDLE_MS`; `run` sweeps at most once a minute, so a request stays O(1). */
  async expire(): Promise<void> {
    this.swept = this.now();
    const limit = this.now() - IDLE_MS;
    for (const key of await this.store.idleSince(limit)) await this.endKey(key, limit);
  }

  /**
   * Shutdown: with the memory store every call ends here and its holds are let go. A shared store's calls go on in
   * the other instances.
   */
  async endAll(): Promise<void> {
    if (this.store.kind === "memory")
      for (const key of await this.store.idleSince(Number.POSITIVE_INFINITY))
        await this.endKey(key, Number.POSITIVE_INFINITY);
    await this.store.close();
  }

  /** Ends the call under `key` if it was last used before `usedBefore`. */
  private endKey(key: string, usedBefore: number): Promise<boolean> {
    const [, businessId = ""] = key.split(":", 2);
    const served = this.businessFor(businessId);
    return this.store.exclusive(key, async () => {
      const record = await this.store.load(key);
      if (record === null) {
        await this.store.remove(key);
        return false;
      }
      if (record.used >= usedBefore) return false;
      await this.store.remove(key);
      if (served !== null) await this.session(served, key, record).releaseAllHolds();
      return true;
    });
  }

  private fresh(served: ServedBusiness, key: string, callerPhone: string | null): CallRecord {
    const caller = callerNumber(callerPhone, regionForTimezone(served.business.timezone));
    const session = this.session(served, key, { caller, session: null });
    return { caller, session: session.snapshot(), used: this.now(), delivered: [] };
  }

  private session(
    served: ServedBusiness,
    key: string,
    record: { caller: string | null; session: SessionSnapshot | null },
  ): BookingSession {
    const session = new BookingSession({
      callId: key,
      business: served.business,
      callerPhone: record.caller,
      calendar: served.calendar,
      clock: this.clock,
      ...(this.templatesDir === undefined ? {} : { templatesDir: this.templatesDir }),
    });
    return record.session === null ? session : session.restore(record.session);
  }
}

/** A tool call's status for the log, with the error a handler or template threw (a developer's to mend). */
function statusOf(outcome: ServedOutcome): { status: string; error?: string } {
  return outcome.thrown === undefined
    ? { status: outcome.result.status }
    : { status: outcome.result.status, error: outcome.thrown };
}

/** A platform's id (call, tool call) when it is a string of 1 to `MAX_ID_LENGTH` printable characters; else null. */
function platformId(value: unknown): string | null {
  return typeof value === "string" &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    ![...value].some((c) => c < " " || c === "\u007f")
    ? value
    : null;
}

/** Constant-time equality of two strings. */
function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Retell's `x-retell-signature`: `v=<unix ms>,d=<hex HMAC-SHA256 of raw body + timestamp>` with the API key, at most
 * five minutes from now. Returns why it fails, or null.
 */
export function retellSignatureProblem(
  header: string | undefined,
  rawBody: string,
  apiKey: string,
  nowMs: number,
): string | null {
  if (header === undefined || header === "") return "missing x-retell-signature";
  const match = /^v=(\d{10,16}),d=([0-9a-f]{64})$/i.exec(header.trim());
  if (match === null) return "malformed x-retell-signature (expected v=<ms>,d=<hex>)";
  const [, timestamp = "", digest = ""] = match;
  if (Math.abs(nowMs - Number(timestamp)) > SIGNATURE_WINDOW_MS) return "stale x-retell-signature";
  const expected = createHmac("sha256", apiKey)
    .update(rawBody + timestamp)
    .digest("hex");
  return same(expected, digest.toLowerCase()) ? null : "wrong x-retell-signature";
}

/**
 * Vapi's server authentication: `Authorization: Bearer <secret>`, the legacy `X-Vapi-Secret: <secret>`, or HMAC
 * (`x-signature` = hex HMAC-SHA256 of `{timestamp}.{body}`, `x-timestamp`). Returns why it fails, or null.
 */
export function vapiAuthProblem(
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  secret: string,
  nowMs: number,
): string | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const bearer = one("authorization");
  if (bearer !== undefined) return same(bearer, `Bearer ${secret}`) ? null : "wrong Authorization bearer";
  const legacy = one("x-vapi-secret");
  if (legacy !== undefined) return same(legacy, secret) ? null : "wrong X-Vapi-Secret";
  const signature = one("x-signature");
  const timestamp = one("x-timestamp");
  if (signature !== undefined && timestamp !== undefined) {
    const ms = Number(timestamp) < 1e12 ? Number(timestamp) * 1000 : Number(timestamp);
    if (!Number.isFinite(ms) || Math.abs(nowMs - ms) > SIGNATURE_WINDOW_MS) return "stale x-timestamp";
    const expected = createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
    return same(expected, signature.replace(/^sha256=/, "").toLowerCase()) ? null : "wrong x-signature";
  }
  return "missing Authorization, X-Vapi-Secret or x-signature";
}

type Raw = FastifyRequest & { rawBody?: string };

/** Builds the server; `listen` is the caller's. */
export function createServeApp(options: ServeOptions): { app: FastifyInstance; sessions: CallSessions } {
  const now = options.now ?? Date.now;
  const own: ServedBusiness = { business: options.business, calendar: options.calendar };
  const servedFor = (id: string): ServedBusiness | null =>
    id === options.business.id ? own : (options.businesses?.(id) ?? null);
  const sessions = new CallSessions(
    options.store ?? new MemoryCallStore(),
    servedFor,
    options.clock,
    now,
    options.templatesDir,
  );
  const app = Fastify({ bodyLimit: MAX_BODY_BYTES, logger: false });
  const log = options.log ?? (() => undefined);

  // The raw body is kept: signatures are over the bytes the platform sent, not a re-serialisation.
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    (request as Raw).rawBody = String(body);
    try {
      done(null, JSON.parse(String(body)));
    } catch {
      const error = new Error("the body is not valid JSON") as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const message =
      status === 413
        ? `the body is larger than ${MAX_BODY_BYTES} bytes`
        : status === 500
          ? "internal error"
          : error.message;
    void reply.status(status).send({ error: message });
  });

  const logged = (request: FastifyRequest, fields: Record<string, unknown>, started: number) => {
    log(
      redactText(
        JSON.stringify({
          method: request.method,
          path: request.url,
          ms: Math.round(now() - started),
          ...fields,
        }),
      ),
    );
  };

  const refuse = (reply: FastifyReply, status: number, error: string) => reply.status(status).send({ error });

  /** Why a request fails the platform's authentication (an unset secret too, unless --insecure), or null. */
  const authWith =
    (
      secret: string | undefined,
      variable: string,
      check: (request: FastifyRequest, secret: string) => string | null,
    ) =>
    (request: FastifyRequest): string | null => {
      if (secret === undefined || secret === "")
        return options.insecure === true ? null : `${variable} is not set (or start with --insecure)`;
      return check(request, secret);
    };
  const retellAuth = authWith(options.secrets.retell, "RETELL_API_KEY", (request, secret) =>
    retellSignatureProblem(
      request.headers["x-retell-signature"] as string | undefined,
      (request as Raw).rawBody ?? "",
      secret,
      now(),
    ),
  );
  const vapiAuth = authWith(options.secrets.vapi, "VAPI_SECRET", (request, secret) =>
    vapiAuthProblem(request.headers, (request as Raw).rawBody ?? "", secret, now()),
  );

  app.get("/healthz", async () => ({
    ok: true,
    calls: await sessions.count(),
    store: sessions.storeKind,
    business: options.business.id,
  }));

  /** The calls the kit runs itself (the platforms' custom-LLM paths): its loop, model and speech guard. */
  const kitCall = (callId: string, callerPhone: string | null, businessId: string | undefined) => {
    const served = servedFor(businessId ?? options.business.id) ?? own;
    return startCall({
      business: served.business,
      calendar: served.calendar,
      clock: options.clock,
      callerPhone,
      callId,
      env: options.env ?? process.env,
      model: options.model ?? "rule",
      ...(options.guard === undefined ? {} : { guard: options.guard }),
      ...(options.templatesDir === undefined ? {} : { templatesDir: options.templatesDir }),
    });
  };
  const traceDir = options.traceDir;
  /** Ends a kit-run call; with --trace its trace (Markdown and JSON, redacted) goes to the folder. */
  const finish = async (call: Call) => {
    await call.conversation.finish();
    if (traceDir === undefined) return;
    await writeTrace(traceDir, call.callId, call.recorder.events()).catch((error: unknown) =>
      log(JSON.stringify({ call: call.callId, error: `trace not written: ${String(error)}` })),
    );
  };
  /** With --trace, a tool-endpoint call's trace: one redacted JSON line per tool call, `<platform>_<call id>.jsonl`. */
  const traceTool = async (platform: string, callId: string, outcome: ServedOutcome, ms: number) => {
    if (traceDir === undefined) return;
    const line = redactText(
      JSON.stringify({
        at: new Date(now()).toISOString(),
        tool: outcome.name,
        arguments: outcome.arguments,
        result: outcome.result,
        ...(outcome.thrown === undefined ? {} : { thrown: outcome.thrown }),
        ms: Math.round(ms),
      }),
    );
    await mkdir(traceDir, { recursive: true })
      .then(() => appendFile(join(traceDir, `${traceFileName(`${platform}_${callId}`)}.jsonl`), `${line}\n`))
      .catch((error: unknown) =>
        log(JSON.stringify({ call: callId, error: `trace not written: ${String(error)}` })),
      );
  };
  const unknownBusiness = (id: string | undefined) =>
    id === undefined || servedFor(id) !== null ? null : `unknown business "${id}"`;

  const vapiLlm = addVapiLlm(app, {
    startCall: kitCall,
    finish,
    unknownBusiness,
    authProblem: vapiAuth,
    idleMs: IDLE_MS,
    maxCalls: MAX_SESSIONS,
    now,
  });
  void app.register(
    retellLlm({
      startCall: kitCall,
      finish,
      // Retell signs no socket: without RETELL_API_KEY (the sign the server is set up for Retell) it stays shut.
      refuse: (business) => {
        const key = options.secrets.retell;
        if ((key === undefined || key === "") && options.insecure !== true)
          return "RETELL_API_KEY is not set (or start with --insecure)";
        return unknownBusiness(business);
      },
      maxCalls: MAX_SESSIONS,
      log,
    }),
  );

  /** The business of a request: the path's (`/b/:business/...`) or the server's own; null when not served. */
  const businessOf = (request: FastifyRequest): string | null => {
    const id = (request.params as { business?: string }).business;
    if (id === undefined) return options.business.id;
    return servedFor(id) === null ? null : id;
  };

  const retellTools = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = now();
    const problem = retellAuth(request);
    if (problem !== null) {
      logged(request, { status: 401, error: problem }, started);
      return refuse(reply, 401, problem);
    }
    const businessId = businessOf(request);
    if (businessId === null) return refuse(reply, 404, "unknown business");
    const body = request.body as {
      name?: unknown;
      args?: unknown;
      call?: { call_id?: unknown; from_number?: unknown };
    };
    if (typeof body !== "object" || body === null || typeof body.name !== "string")
      return refuse(reply, 400, "expected {name, args, call} with the tool name in name");
    const callId = platformId(body.call?.call_id);
    if (callId === null)
      return refuse(reply, 400, `expected call.call_id (at most ${MAX_ID_LENGTH} characters)`);
    const from = typeof body.call?.from_number === "string" ? body.call.from_number : null;
    const args = typeof body.args === "string" ? body.args : JSON.stringify(body.args ?? {});
    let outcome: ServedOutcome | null;
    try {
      outcome = await sessions.run(businessId, "retell", callId, from, body.name, args);
    } catch (error) {
      // The store or the call's lock failed: Retell retries, and a retry of a booking is answered from the store.
      logged(request, { call: callId, tool: body.name, status: 503, error: String(error) }, started);
      return refuse(reply, 503, "the call's state is not reachable right now; try again");
    }
    if (outcome === null) return refuse(reply, 503, "too many live calls");
    await traceTool("retell", callId, outcome, now() - started);
    logged(request, { call: callId, tool: body.name, ...statusOf(outcome) }, started);
    return reply.send(outcome.result);
  };

  const vapiTools = async (request: FastifyRequest, reply: FastifyReply) => {
    const started = now();
    const problem = vapiAuth(request);
    if (problem !== null) {
      logged(request, { status: 401, error: problem }, started);
      return refuse(reply, 401, problem);
    }
    const businessId = businessOf(request);
    if (businessId === null) return refuse(reply, 404, "unknown business");
    const message = (request.body as { message?: Record<string, unknown> } | null)?.message;
    if (typeof message !== "object" || message === null)
      return refuse(reply, 400, "expected {message: {...}}");
    const call = message["call"] as { id?: unknown; customer?: { number?: unknown } } | undefined;
    const callId = platformId(call?.id);
    if (message["type"] === "end-of-call-report") {
      if (callId !== null) {
        await sessions.end(businessId, "vapi", callId);
        // The same call may be one the kit ran as Vapi's custom LLM: it ends too, its holds let go.
        await vapiLlm.end((request.params as { business?: string }).business, callId);
      }
      logged(request, { call: callId, type: "end-of-call-report" }, started);
      return reply.send({});
    }
    // Vapi ignores any status but 200: other messages are acknowledged, errors go in `error`.
    if (message["type"] !== "tool-calls") return reply.send({});
    if (callId === null)
      return reply.send({ results: [], error: `message.call.id is missing or longer than ${MAX_ID_LENGTH}` });
    const customer = (message["customer"] as { number?: unknown } | undefined)?.number;
    const number = typeof call?.customer?.number === "string" ? call.customer.number : customer;
    const caller = typeof number === "string" ? number : null;
    const list = Array.isArray(message["toolCallList"]) ? (message["toolCallList"] as unknown[]) : [];
    const results = [];
    for (const [index, item] of list.entries()) {
      const tc = item as { id?: unknown; function?: { name?: unknown; arguments?: unknown } };
      const id = platformId(tc.id) ?? "";
      const name = typeof tc.function?.name === "string" ? tc.function.name.slice(0, MAX_ID_LENGTH) : "";
      const raw = tc.function?.arguments;
      const args = typeof raw === "string" ? raw : JSON.stringify(raw ?? {});
      if (id === "" || name === "") {
        results.push({
          toolCallId: id,
          name,
          error: "each tool call needs an id (at most 128 characters) and function.name",
        });
        continue;
      }
      if (index >= MAX_TOOL_CALLS) {
        results.push({
          toolCallId: id,
          name,
          error: `not run: at most ${MAX_TOOL_CALLS} tool calls per request`,
        });
        continue;
      }
      let outcome: ServedOutcome | null;
      try {
        outcome = await sessions.run(businessId, "vapi", callId, caller, name, args, id);
      } catch (error) {
        // Vapi ignores any status but 200: the failure goes in this tool call's `error`, the others keep theirs.
        logged(request, { call: callId, tool: name, status: "error", error: String(error) }, started);
        results.push({
          toolCallId: id,
          name,
          error: "the call's state is not reachable right now; try again",
        });
        continue;
      }
      if (outcome === null) return reply.send({ results, error: "too many live calls" });
      await traceTool("vapi", callId, outcome, now() - started);
      const say = outcome.result.say;
      results.push({
        toolCallId: id,
        name,
        // Single-line JSON, as Vapi requires; `message` makes the platform speak `say` as it is.
        result: JSON.stringify(outcome.result),
        ...(say === undefined || say === ""
          ? {}
          : {
              message: {
                type: "request-complete",
                role: "assistant",
                content: say,
                ...(outcome.endCall ? { endCallAfterSpokenEnabled: true } : {}),
              },
            }),
      });
      logged(request, { call: callId, tool: name, ...statusOf(outcome) }, started);
      if (outcome.endCall) break;
    }
    return reply.send({ results });
  };

  for (const prefix of ["", "/b/:business"]) {
    app.post(`${prefix}/retell/tools`, retellTools);
    app.post(`${prefix}/vapi/tools`, vapiTools);
  }

  app.addHook("onClose", async () => {
    await sessions.endAll();
  });
  return { app, sessions };
}
