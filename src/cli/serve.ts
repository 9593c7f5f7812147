/** `termin serve`: the kit's tools as HTTP endpoints for voice platforms (Vapi tools, Retell custom functions). */

import { resolve } from "node:path";
import type { Redis } from "ioredis";
import { sharedRenderer } from "../booking/templates.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import type { Clock } from "../calendar/clock.ts";
import { type BusinessProfile, loadBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { connectRedis, RedisBudget, RedisCallStore } from "../platforms/redis-store.ts";
import { createServeApp, type ServedBusiness } from "../platforms/server.ts";
import { chooseCalendar } from "./calendar-option.ts";
import { parseNow, runningClock } from "./clock-option.ts";
import { type CliIO, type Command, println, untilSignal } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parseGuardOption, parseModelOption } from "./model-option.ts";
import { parsePortOption } from "./port-option.ts";

const HELP = `termin serve [options]

Serves the kit's tools to voice platforms over HTTP, one booking session per platform call id (ended after
30 minutes without a request, its holds let go), until Ctrl-C (SIGINT) or SIGTERM (requests in flight finish,
every hold is let go).

Endpoints:
  POST /vapi/tools     Vapi "tool-calls" messages: {results:[{toolCallId, name, result}]} with
                       message.request-complete so Vapi speaks the tool's German sentence as it is;
                       "end-of-call-report" ends the call. Auth: Authorization: Bearer VAPI_SECRET,
                       X-Vapi-Secret: VAPI_SECRET, or HMAC x-signature/x-timestamp over {timestamp}.{body}.
  POST /retell/tools   Retell custom functions {name, args, call}; x-retell-signature verified with
                       RETELL_API_KEY (v=<ms>,d=<hex>, 5 minutes); a retried delivery gets the first result
                       and never books twice.
  GET  /retell/llm/:call_id
                       Retell's custom-LLM WebSocket: the kit's own conversation loop answers, so the
                       templates reach the caller word for word (config, greeting, response_required,
                       reminder_required, ping_pong; end_call after the end_call tool). Retell signs no
                       socket: it is open only with RETELL_API_KEY set (or --insecure); allowlist
                       Retell's address in front of it.
  POST /vapi/chat/completions
                       Vapi's custom LLM (OpenAI-compatible, streaming SSE or not): the kit's loop answers
                       the caller's latest line, per call.id, the caller from call.customer.number; same auth
                       as /vapi/tools.
  GET  /healthz        {ok, calls, store, business}

With --businesses, every endpoint but /healthz is also served per business under /b/<id>/..., e.g.
/b/physio-1/vapi/tools for prompts/businesses/physio-1.yaml; the plain paths book for --business.

An endpoint whose secret is unset answers 401, unless --insecure (for local tests only).

Options:
  --port N           port (default 8787; 0 picks a free one and prints it)
  --host H           address to listen on (default 127.0.0.1)
  --business ID      business profile in prompts/businesses/ (default friseur-1), or a YAML path
  --calendar C       sim (in-process simulator, default) or a Cal.com v2 base URL (CALCOM_API_KEY)
  --now ISO          pin the clock's start, for demos and tests (default: now)
  --insecure         accept requests without a secret configured
  --model M          the model of the WebSocket calls: rule (default) or openai (OPENAI_API_KEY, ...)
  --guard MODE       speech guard on the model's words: strict (default), warn or off; also TERMIN_GUARD
  --trace DIR        write each call's trace to DIR: the calls the kit runs (custom LLM) as Markdown
                     and JSON when they end, tool-endpoint calls as one JSON line per tool call
  --templates DIR    response templates to use instead of prompts/responses (e.g. an edited copy),
                     compiled at start; a template that still fails after a tool changed the calendar
                     is logged, and the caller hears the change in the kit's own words
  --businesses IDS   also serve these profiles (comma-separated ids in prompts/businesses/) under
                     /b/<id>/...; none by default
  --redis URL        keep calls (offers, holds, answered deliveries) and the Cal.com request budget in
                     Redis, so several instances behind a load balancer serve the same tool calls
                     (e.g. redis://127.0.0.1:6379); default: in this process. The custom-LLM paths keep
                     their conversation in the instance serving them: route those sticky on the call id

Examples:
  VAPI_SECRET=s3cret termin serve --port 8787
  curl -H 'X-Vapi-Secret: s3cret' -H 'content-type: application/json' http://127.0.0.1:8787/vapi/tools \\
    -d '{"message":{"type":"tool-calls","call":{"id":"c1","customer":{"number":"+491701234567"}},
         "toolCallList":[{"id":"t1","type":"function","function":{"name":"check_availability",
         "arguments":"{\\"service\\":\\"Herrenhaarschnitt\\",\\"day\\":\\"morgen\\",\\"time\\":\\"um zehn\\",\\"person\\":null,\\"reschedule_booking_id\\":null}"}}]}}'`;

/** Turns a set-up failure into a clear error for the command line. */
function configError(error: unknown): never {
  throw new ConfigError(error instanceof Error ? error.message : String(error));
}

/**
 * The businesses served under `/b/:id/...`: only those `--businesses` names (profiles in prompts/businesses/, read
 * and checked at start), so no other profile can book with the operator's Cal.com key.
 */
function businessesIn(
  list: string | undefined,
  calendarOf: (profile: BusinessProfile) => CalendarBackend,
): (id: string) => ServedBusiness | null {
  const served = new Map<string, ServedBusiness>();
  for (const id of (list ?? "").split(",").map((s) => s.trim())) {
    if (id === "") continue;
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(id))
      throw new ConfigError(`--businesses takes profile ids (prompts/businesses/<id>.yaml), got "${id}"`);
    const profile = loadBusinessProfile(id);
    served.set(id, { business: profile, calendar: calendarOf(profile) });
  }
  return (id) => served.get(id) ?? null;
}

const OPTIONS = {
  port: { type: "string", default: "8787" },
  host: { type: "string", default: "127.0.0.1" },
  business: { type: "string", default: "friseur-1" },
  calendar: { type: "string", default: "sim" },
  now: { type: "string" },
  insecure: { type: "boolean", default: false },
  model: { type: "string", default: "rule" },
  guard: { type: "string" },
  trace: { type: "string" },
  templates: { type: "string" },
  redis: { type: "string" },
  businesses: { type: "string" },
} as const;

type ServeValues = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>["values"];

/** Runs the server until `until` settles; the command passes process signals, tests their own promise. */
export async function runServe(
  args: string[],
  io: CliIO,
  until: () => Promise<unknown> = untilSignal,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  parseModelOption(values.model);
  parseGuardOption(values.guard);
  if (positionals.length > 0)
    throw new ConfigError(`unexpected argument "${positionals[0]}"; see termin serve --help`);
  const port = parsePortOption(values.port);
  const business = loadBusinessProfile(values.business);
  const clock = runningClock(parseNow(values.now, business.timezone));
  // Compiled now, so a missing folder or a template that does not compile stops the start, not a call.
  if (values.templates !== undefined) sharedRenderer(business.timezone, resolve(values.templates));
  const redis = values.redis === undefined ? null : await connectRedis(values.redis).catch(configError);
  try {
    return await serveWith(values, business, clock, redis, io, until, port);
  } finally {
    // The connection outlives the server's own close hooks (which still release holds through the budget).
    await redis?.quit().catch(() => undefined);
  }
}

async function serveWith(
  values: ServeValues,
  business: BusinessProfile,
  clock: Clock,
  redis: Redis | null,
  io: CliIO,
  until: () => Promise<unknown>,
  port: number,
): Promise<number> {
  const guard = parseGuardOption(values.guard);
  const calendarOf = (profile: BusinessProfile) =>
    chooseCalendar(values.calendar, profile, clock, io.env, {
      ...(redis === null ? {} : { budget: (account: string) => new RedisBudget(redis, account) }),
    }).backend;
  const { app } = createServeApp({
    business,
    calendar: calendarOf(business),
    businesses: businessesIn(values.businesses, calendarOf),
    ...(redis === null ? {} : { store: new RedisCallStore(redis) }),
    ...(values.trace === undefined ? {} : { traceDir: values.trace }),
    ...(values.templates === undefined ? {} : { templatesDir: resolve(values.templates) }),
    clock,
    secrets: { retell: io.env["RETELL_API_KEY"], vapi: io.env["VAPI_SECRET"] },
    insecure: values.insecure,
    model: parseModelOption(values.model) ?? "rule",
    ...(guard === undefined ? {} : { guard }),
    env: io.env,
    log: (line) => println(io.stderr, line),
  });
  let address: string;
  try {
    address = await app.listen({ port, host: values.host });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE")
      throw new ConfigError(`port ${port} on ${values.host} is in use; try --port 0`);
    throw error;
  }
  const stopped = until();
  println(
    io.stdout,
    `termin serve listening on ${address} (business ${business.id}, zone ${business.timezone})`,
  );
  try {
    await stopped;
  } finally {
    // Fastify lets requests in flight finish; the onClose hook lets every hold go.
    await app.close();
  }
  return 0;
}

/** The `serve` command. */
export const serveCommand: Command = {
  help: HELP,
  run: (args, io) => runServe(args, io),
};
