/**
 * `termin bench serve`: N simulated phone calls at once over loopback against `termin serve` (`createServeApp`)
 * with the real Cal.com client pointed at `termin calsim`'s server, both in this process on 127.0.0.1. Every other
 * call books over Vapi's tools endpoint (`POST /vapi/tools`: check_availability, book_appointment, a `slot_taken`
 * answered by booking its first alternative, end-of-call-report), the others over Retell's custom-LLM WebSocket
 * with the rule model (a wish, "ja", a name, goodbye). Secrets are set, so every request is authenticated. Callers
 * pause between requests as people do (`thinkMs`; 0 sends each request as soon as the last one is answered).
 *
 * The latency added by the kit per request is the request's wall time at the client minus the time the kit waited on
 * calsim while serving it. The wait is measured at the Cal.com client's `fetch` (request sent to body read; the
 * union when requests overlap) and added to the AsyncLocalStorage store of the Vapi request or Retell socket that
 * made it: a Vapi request enters its store in an `onRequest` hook (kept across body parsing by an AsyncResource);
 * a Retell socket enters its own in a `data` listener put first on the upgraded TCP socket, so its frames, the turns
 * they start and their calendar requests all run in it, and a turn's wait is the store's growth during the turn.
 * Clients, kit and calsim share one event loop, so the figures include its queueing under load.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { Agent, type IncomingHttpHeaders, request } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { DateTime } from "luxon";
import WebSocket from "ws";
import type { Booking } from "../calendar/backend.ts";
import { createCalcomClient } from "../calendar/calcom-client.ts";
import { fixedClock } from "../calendar/clock.ts";
import { seededRandom } from "../calendar/faults.ts";
import { slotsOnDate } from "../calendar/grid.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { createServeApp } from "./server.ts";

/** Defaults of the CLI: 200 calls at once on a Tuesday morning in Berlin, callers pausing about 3 s. */
export const BENCH_SERVE_DEFAULTS = {
  calls: 200,
  seed: 1,
  now: "2025-10-28T09:00:00+01:00",
  thinkMs: 3_000,
} as const;
/** Bounds of `--calls`, `--concurrency` (the server serves at most 1000 live calls) and `--think-ms`. */
export const BENCH_SERVE_LIMITS = { calls: 2_000, concurrency: 1_000, thinkMs: 60_000 } as const;

/** Options of {@link benchServe}. */
export interface BenchServeOptions {
  profile: BusinessProfile;
  /** Calls in all (default 200); even ones over Vapi, odd ones over Retell. */
  calls?: number;
  /** Calls in progress at once (default: all of them). */
  concurrency?: number;
  /** The pinned clock of server and calendar, an ISO instant with offset. */
  now?: string;
  /** Seed of the callers' wishes and pauses. */
  seed?: number;
  /**
   * A caller's mean pause before each request or turn, ms: each is 0.5x to 1.5x of it (the first 0x to 2x, so calls
   * start spread out). 0: requests back to back, all calls starting together.
   */
  thinkMs?: number;
  /** A wait for one answer longer than this counts as a timeout (default 30000). */
  timeoutMs?: number;
}

/** Nearest-rank percentiles and maximum of a list of durations, ms. */
export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

/** Figures of one path. */
export interface PathFigures {
  calls: number;
  /** Calls that ended with exactly one booking in calsim, and were told so. */
  booked: number;
  /** HTTP requests (Vapi) or `response_required` turns (Retell) timed. */
  requests: number;
  /** Wall time minus calsim wait, per request. */
  addedMs: Percentiles;
  /** Wall time at the client, per request. */
  wallMs: Percentiles;
  /** Calsim wait, per request. */
  calendarMs: Percentiles;
}

/** What `termin bench serve` prints. */
export interface BenchServeResult {
  business: string;
  now: string;
  seed: number;
  calls: number;
  concurrency: number;
  thinkMs: number;
  /** Calls that ended with exactly one booking in calsim, and were told so. */
  booked: number;
  /** Problems in all, and by kind (a call may have several). */
  errors: number;
  errorKinds: Record<string, number>;
  vapi: PathFigures;
  retell: PathFigures;
  /** Retell: from opening the socket to the greeting (not in the turns). */
  retellConnectMs: Percentiles;
  /** Calls whose wished slot another call wished too; and `slot_taken` answers (Vapi) / "taken" replies (Retell). */
  sharedWishes: number;
  slotTaken: number;
  /** Requests the Cal.com client sent to calsim; those made outside any timed request or socket. */
  calendarRequests: number;
  unattributedCalendarRequests: number;
  /** Pairs of overlapping live bookings in calsim at the end, plus calls with more than one booking: must be 0. */
  doubleBookings: number;
  /** Peak resident set of the process so far (`resourceUsage().maxRSS`), and RSS before the run, MB. */
  peakRssMb: number;
  rssBeforeMb: number;
  /** CPU (user + system) and wall time from the first call to the last hang-up, s. */
  cpuSeconds: number;
  wallSeconds: number;
}

/** What the kit waited on calsim for, in one Vapi request or one Retell socket. */
interface Waits {
  ms: number;
  inFlight: number;
  since: number;
}

const VAPI_SECRET = "bench-serve-vapi-secret";
const RETELL_KEY = "bench-serve-retell-key";
const CALCOM_KEY = "cal_live_bench_serve";
const NAMES = ["Hans Schuster", "Eva Brandt", "Karl Meier", "Lena Huber", "Murat Yilmaz", "Ina Roth"];
/** The caller's side of a Retell call: the agent's last sentence decides the next line. */
const CALLER = {
  wish: (service: string, at: DateTime) =>
    `Ich hätte gern einen ${service} am ${at.toFormat("d.M.")} um ${at.toFormat("H:mm")} Uhr.`,
  yes: "Ja, gerne.",
  first: "Den ersten, bitte.",
  bye: "Nein danke, tschüss.",
  booked: /\bist gebucht\b/,
  askName: /Namen/,
  offersSome: /anbieten|Welche[rnm]? .*Termin|„den ersten“/,
  taken: /jemand anderem/,
} as const;
/** Turns a Retell call may take before it counts as stuck. */
const MAX_TURNS = 10;
/** Booking attempts of a Vapi call (the first offer, then alternatives after `slot_taken`). */
const MAX_BOOK_TRIES = 4;
/** Connections of the Cal.com client to calsim at most (requests beyond wait for one, as part of the wait). */
const CALSIM_CONNECTIONS = 64;
/** Statuses whose answer has no body (a Response refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Runs the benchmark; resolves once every call has ended and both servers are closed. */
export async function benchServe(options: BenchServeOptions): Promise<BenchServeResult> {
  const profile = options.profile;
  const service = profile.services[0];
  if (service === undefined) throw new Error(`${profile.id} has no services`);
  const calls = Math.max(1, Math.min(options.calls ?? BENCH_SERVE_DEFAULTS.calls, BENCH_SERVE_LIMITS.calls));
  const concurrency = Math.max(
    1,
    Math.min(options.concurrency ?? calls, calls, BENCH_SERVE_LIMITS.concurrency),
  );
  const seed = options.seed ?? BENCH_SERVE_DEFAULTS.seed;
  const nowIso = options.now ?? BENCH_SERVE_DEFAULTS.now;
  const thinkMs = Math.max(
    0,
    Math.min(options.thinkMs ?? BENCH_SERVE_DEFAULTS.thinkMs, BENCH_SERVE_LIMITS.thinkMs),
  );
  const timeoutMs = options.timeoutMs ?? 30_000;
  const within = <T>(promise: Promise<T>): Promise<T> => deadline(promise, timeoutMs);
  const clock = fixedClock(nowIso);
  const rssBefore = process.memoryUsage().rss;

  const sim = new CalendarSimulator({ profile, clock });
  // No throttler and no request budget: this bench is about the kit's own time, not one key's 120 requests a
  // minute (`termin bench sharedkey` is). The slot cache stays on, as in production.
  const calsim = await startSimServer(sim, { apiKey: CALCOM_KEY, rateLimit: false });
  const waits = new AsyncLocalStorage<Waits>();
  const counts = { calendarRequests: 0, unattributed: 0 };
  // Cal.com is another host: the client's connections to it are kept alive and opened before the clock starts. A
  // loaded event loop accepts about one new connection per turn, and calsim shares this one, so connecting anew
  // under load would time calsim's accept queue. Idle ones are let go before calsim's 5 s keep-alive ends them.
  const calsimPool = Math.min(concurrency, CALSIM_CONNECTIONS);
  const toCalsim = new Agent({
    keepAlive: true,
    maxSockets: calsimPool,
    maxFreeSockets: calsimPool,
    timeout: 3_000,
  });
  const calendar = createCalcomClient({
    baseUrl: calsim.url,
    apiKey: CALCOM_KEY,
    region: sim.region,
    fetch: timedFetch(toCalsim, waits, counts),
    budget: false,
  });
  const { app } = createServeApp({
    business: profile,
    calendar,
    clock,
    secrets: { vapi: VAPI_SECRET, retell: RETELL_KEY },
    model: "rule",
    env: {},
  });
  const socketWaits = attributeWaits(app, waits);
  // A platform posts tool calls over connections it keeps open: the Vapi callers share kept-alive connections,
  // opened before the clock starts. A loaded event loop accepts about one new connection per turn, so a burst of
  // them would time the accept queue rather than the kit's work. (Retell opens a socket per call: its wait for the
  // greeting is `retellConnectMs`, apart from the turns.)
  const pool = Math.max(1, Math.min(concurrency, Math.ceil(calls / 2)));
  const platform = new Agent({ keepAlive: true, maxSockets: pool, maxFreeSockets: pool });

  const wishes = spreadWishes(profile, service.minutes, clock(), calls, seed);
  const wished = new Map<number, number>();
  for (const w of wishes) wished.set(w.toMillis(), (wished.get(w.toMillis()) ?? 0) + 1);
  const samples = { vapi: newSamples(), retell: newSamples() };
  const connectMs: number[] = [];
  const errorKinds: Record<string, number> = {};
  const error = (kind: string) => {
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  let slotTaken = 0;
  const told = new Map<number, boolean>();
  /** Calls the bench stopped waiting for (`timeoutMs`): the kit may still have booked them, untold. */
  const gaveUp = new Set<number>();
  const phoneOf = (index: number) => `+49170${String(1_000_000 + index)}`;
  const nameOf = (index: number) => NAMES[index % NAMES.length] ?? "Hans Schuster";
  /** A caller's pauses: the first 0x to 2x `thinkMs`, later ones 0.5x to 1.5x; from the caller's own seed. */
  const pauses = (index: number) => {
    const random = seededRandom(seed * 100_003 + index);
    let first = true;
    return () => {
      const factor = first ? 2 * random() : 0.5 + random();
      first = false;
      return thinkMs === 0 ? Promise.resolve() : sleep(thinkMs * factor);
    };
  };
  let base = new URL("http://127.0.0.1/");

  /** One call over Vapi's tools endpoint; returns whether the caller was told a booking. */
  const vapiCall = async (index: number, at: DateTime): Promise<boolean> => {
    const think = pauses(index);
    const auth: Record<string, string> =
      index % 4 === 0 ? { "x-vapi-secret": VAPI_SECRET } : { authorization: `Bearer ${VAPI_SECRET}` };
    const customer = { number: phoneOf(index) };
    const call = { id: `bench-vapi-${index}`, orgId: "org-bench", type: "inboundPhoneCall", customer };
    const url = new URL("/vapi/tools", base);
    const headers = { "content-type": "application/json", ...auth };
    let toolCalls = 0;
    const post = async (message: Record<string, unknown>): Promise<unknown> => {
      await think();
      const body = JSON.stringify({ message: { timestamp: Date.now(), call, ...message } });
      const begin = performance.now();
      const answer = await within(exchange(platform, url, "POST", headers, body));
      samples.vapi.add(performance.now() - begin, Number(answer.headers["x-bench-calendar-ms"] ?? 0));
      if (answer.status !== 200) throw new CallProblem(`vapi_http_${answer.status}`);
      return JSON.parse(answer.text) as unknown;
    };
    const tool = async (name: string, args: object): Promise<ToolResult> => {
      const id = `tc_${index}_${++toolCalls}`;
      const body = (await post({
        type: "tool-calls",
        customer,
        phoneNumber: { id: "pn-bench", number: "+4930123456" },
        toolCallList: [{ id, type: "function", function: { name, arguments: JSON.stringify(args) } }],
        toolWithToolCallList: [],
      })) as { results?: { toolCallId?: string; result?: string }[]; error?: string };
      const result = body.results?.[0];
      if (body.error !== undefined || result?.result === undefined || result.toolCallId !== id)
        throw new CallProblem("vapi_tool_error");
      return JSON.parse(result.result) as ToolResult;
    };
    try {
      const check = await tool("check_availability", {
        service: service.name,
        day: at.toFormat("d.M."),
        time: at.toFormat("HH:mm"),
        person: null,
        reschedule_booking_id: null,
      });
      let offer = check.slot ?? check.alternatives?.[0];
      if (offer === undefined) throw new CallProblem(`vapi_check_${check.status}`);
      for (let tries = 0; tries < MAX_BOOK_TRIES; tries++) {
        const booked = await tool("book_appointment", { slot_id: offer.id, name: nameOf(index) });
        if (booked.status === "booked") return true;
        if (booked.status !== "slot_taken") throw new CallProblem(`vapi_book_${booked.status}`);
        slotTaken++;
        offer = booked.alternatives?.[0];
        if (offer === undefined) throw new CallProblem("vapi_no_alternative");
      }
      throw new CallProblem("vapi_taken_every_try");
    } finally {
      await post({ type: "end-of-call-report" }).catch((e: unknown) => error(problemKind(e, "vapi")));
    }
  };

  /** One call over Retell's custom-LLM WebSocket; returns whether the caller was told a booking. */
  const retellCall = async (index: number, at: DateTime): Promise<boolean> => {
    const think = pauses(index);
    const callId = `bench-retell-${index}`;
    await think();
    const opened = performance.now();
    const socket = retellSocket(new URL(`/retell/llm/${callId}`, base), within);
    try {
      await socket.opened;
      await socket.next((f) => f.response_type === "config");
      socket.send({
        interaction_type: "call_details",
        call: { call_id: callId, from_number: phoneOf(index) },
      });
      const greeting = await socket.next((f) => f.response_type === "response" && f.response_id === 0);
      connectMs.push(performance.now() - opened);
      const store = socketWaits.get(callId);
      if (store === undefined) throw new CallProblem("retell_no_socket_store");
      const transcript = [{ role: "agent", content: greeting.content ?? "" }];
      let line: string = CALLER.wish(service.name, at);
      let booked = false;
      for (let id = 1; id <= MAX_TURNS; id++) {
        await think();
        transcript.push({ role: "user", content: line });
        const waitedBefore = waited(store);
        const begin = performance.now();
        socket.send({ interaction_type: "response_required", response_id: id, transcript });
        const reply = await socket.next((f) => f.response_type === "response" && f.response_id === id);
        samples.retell.add(performance.now() - begin, waited(store) - waitedBefore);
        const said = reply.content ?? "";
        transcript.push({ role: "agent", content: said });
        if (CALLER.taken.test(said)) slotTaken++;
        if (CALLER.booked.test(said)) booked = true;
        if (reply.end_call === true) {
          if (!booked) throw new CallProblem("retell_ended_without_booking");
          return true;
        }
        line = booked
          ? CALLER.bye
          : CALLER.askName.test(said)
            ? nameOf(index)
            : CALLER.offersSome.test(said)
              ? CALLER.first
              : CALLER.yes;
      }
      throw new CallProblem(booked ? "retell_no_end_call" : "retell_no_booking");
    } finally {
      socket.close();
    }
  };

  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < calls) {
      const index = nextIndex++;
      const at = wishes[index];
      if (at === undefined) continue;
      const path = index % 2 === 0 ? "vapi" : "retell";
      try {
        told.set(index, await (path === "vapi" ? vapiCall(index, at) : retellCall(index, at)));
      } catch (e) {
        told.set(index, false);
        const kind = problemKind(e, path);
        if (kind === "timeout") gaveUp.add(index);
        error(kind);
      }
    }
  };

  let bookings: Booking[];
  let cpu: NodeJS.CpuUsage;
  let wallMs: number;
  try {
    base = new URL(await app.listen({ port: 0, host: "127.0.0.1" }));
    await warm(platform, new URL("/healthz", base), pool, within);
    await warm(toCalsim, new URL("/healthz", calsim.url), calsimPool, within);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    cpu = process.cpuUsage(cpuBefore);
    wallMs = performance.now() - started;
    bookings = sim.listBookings();
  } finally {
    // While a store is enabled, Node runs an async hook on every promise of the process: the bench may run inside
    // a longer-lived process (the kit's tests run many files in one). First, so a failing close does not skip it.
    waits.disable();
    platform.destroy();
    toCalsim.destroy();
    await app.close();
    await calsim.close();
  }

  // What calsim holds is the truth: one live booking per call that was told one, none for the others.
  const live = bookings.filter((b) => b.status === "accepted" || b.status === "pending");
  const byPhone = new Map<string, number>();
  for (const b of live) {
    const phone = b.attendees[0]?.phoneNumber ?? "";
    byPhone.set(phone, (byPhone.get(phone) ?? 0) + 1);
  }
  let bookedTwice = 0;
  const bookedBy = { vapi: 0, retell: 0 };
  for (let index = 0; index < calls; index++) {
    const held = byPhone.get(phoneOf(index)) ?? 0;
    const wasTold = told.get(index) === true;
    if (held > 1) bookedTwice++;
    if (held >= 1 && !wasTold) error(gaveUp.has(index) ? "booked_after_timeout" : "untold_booking");
    if (held === 0 && wasTold) error("false_confirmation");
    if (held === 1 && wasTold) bookedBy[index % 2 === 0 ? "vapi" : "retell"]++;
  }
  const vapiCalls = Math.ceil(calls / 2);
  const path = (name: "vapi" | "retell", count: number): PathFigures => ({
    calls: count,
    booked: bookedBy[name],
    requests: samples[name].wall.length,
    addedMs: percentiles(samples[name].added),
    wallMs: percentiles(samples[name].wall),
    calendarMs: percentiles(samples[name].calendar),
  });
  return {
    business: profile.id,
    now: nowIso,
    seed,
    calls,
    concurrency,
    thinkMs,
    booked: bookedBy.vapi + bookedBy.retell,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    vapi: path("vapi", vapiCalls),
    retell: path("retell", calls - vapiCalls),
    retellConnectMs: percentiles(connectMs),
    sharedWishes: wishes.filter((w) => (wished.get(w.toMillis()) ?? 0) > 1).length,
    slotTaken,
    calendarRequests: counts.calendarRequests,
    unattributedCalendarRequests: counts.unattributed,
    doubleBookings: overlappingPairs(live) + bookedTwice,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMb: Math.round(rssBefore / 1024 / 1024),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
    wallSeconds: Math.round(wallMs / 10) / 100,
  };
}

/** The figures as the lines `termin bench serve` prints. */
export function benchServeTable(r: BenchServeResult): string[] {
  const ms = (p: Percentiles) => `${fixed(p.p50)} / ${fixed(p.p99)} / ${fixed(p.max)}`;
  const path = (label: string, f: PathFigures) => [
    `  ${label}: ${f.booked} of ${f.calls} calls booked, ${f.requests} requests`,
    `    added by the kit, ms (p50 / p99 / max)   ${ms(f.addedMs)}`,
    `    wall at the client, ms                   ${ms(f.wallMs)}`,
    `    waiting on calsim, ms                    ${ms(f.calendarMs)}`,
  ];
  const kinds = Object.entries(r.errorKinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  return [
    `serve: ${r.calls} calls, ${r.concurrency} at once, callers pausing ~${r.thinkMs} ms, over loopback against ` +
      `termin serve + calsim (${r.business}, now ${r.now}, seed ${r.seed})`,
    `  booked ${r.booked} of ${r.calls}; errors ${r.errors}${kinds === "" ? "" : ` (${kinds})`}`,
    ...path("Vapi tools, POST /vapi/tools", r.vapi),
    ...path("Retell custom LLM, WebSocket turns", r.retell),
    `    socket opened to greeting, ms            ${ms(r.retellConnectMs)}`,
    `  calls whose wish another call shared ${r.sharedWishes}; slot taken meanwhile ${r.slotTaken}`,
    `  calendar requests ${r.calendarRequests} (${r.unattributedCalendarRequests} outside a timed request or socket)`,
    `  double bookings (must be 0) ${r.doubleBookings}`,
    `  peak RSS ${r.peakRssMb} MB (${r.rssBeforeMb} MB before); CPU ${r.cpuSeconds.toFixed(2)} s in ` +
      `${r.wallSeconds.toFixed(2)} s wall`,
  ];
}

interface ToolResult {
  status: string;
  slot?: { id: string };
  alternatives?: { id: string }[];
}

interface RetellFrame {
  response_type: string;
  response_id?: number;
  content?: string;
  end_call?: boolean;
}

/** A call went wrong in a way the figures count by `kind`. */
class CallProblem extends Error {
  constructor(readonly kind: string) {
    super(kind);
    this.name = "CallProblem";
  }
}

function problemKind(e: unknown, path: string): string {
  if (e instanceof CallProblem) return e.kind;
  const code = (e as { code?: unknown } | null)?.code;
  return `${path}_${typeof code === "string" ? code : e instanceof Error ? e.name : "failure"}`;
}

/**
 * The Cal.com client's `fetch` over `agent`'s connections to calsim, timed: each request's wait (sent to body read)
 * goes to the store of the request or socket it runs in; overlapping requests of one store count once (the union).
 */
function timedFetch(
  agent: Agent,
  waits: AsyncLocalStorage<Waits>,
  counts: { calendarRequests: number; unattributed: number },
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    counts.calendarRequests++;
    const store = waits.getStore();
    if (store === undefined) counts.unattributed++;
    else if (store.inFlight++ === 0) store.since = performance.now();
    try {
      const url = new URL(input instanceof Request ? input.url : input);
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const body = typeof init?.body === "string" ? init.body : "";
      const answer = await exchange(
        agent,
        url,
        init?.method ?? "GET",
        headers,
        body,
        init?.signal ?? undefined,
      );
      const received = new Headers();
      for (const [name, value] of Object.entries(answer.headers))
        for (const one of Array.isArray(value) ? value : [value ?? ""]) received.append(name, one);
      const text = NULL_BODY.has(answer.status) ? null : answer.text;
      return new Response(text, { status: answer.status, headers: received });
    } finally {
      if (store !== undefined && --store.inFlight === 0) store.ms += performance.now() - store.since;
    }
  }) as typeof fetch;
}

/**
 * Hooks on the server that give each Vapi request, and each Retell socket, its own store; a Vapi answer carries its
 * wait in `x-bench-calendar-ms`. Returns the sockets' stores by Retell call id.
 */
function attributeWaits(app: FastifyInstance, waits: AsyncLocalStorage<Waits>): Map<string, Waits> {
  const requests = new WeakMap<FastifyRequest, { store: Waits; scope: AsyncResource }>();
  app.addHook("onRequest", (request, _reply, done) => {
    const store = freshWaits();
    waits.run(store, () => {
      requests.set(request, { store, scope: new AsyncResource("bench-serve-request") });
      done();
    });
  });
  // The body is read on the socket's callbacks, outside the store: the handler is put back into it.
  app.addHook("preHandler", (request, _reply, done) => {
    const scope = requests.get(request)?.scope;
    if (scope === undefined) done();
    else scope.runInAsyncScope(done);
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const store = requests.get(request)?.store;
    if (store !== undefined) void reply.header("x-bench-calendar-ms", waited(store).toFixed(3));
    return payload;
  });
  // retell-llm.ts handles frames in the socket's `message` listener: a `data` listener ahead of WebSocket's own
  // enters the socket's store, and the frames parsed in that callback (and the turns they start) run in it.
  const sockets = new Map<string, Waits>();
  app.server.prependListener("upgrade", (message, socket) => {
    const match = /^\/retell\/llm\/([^/?]+)/.exec(message.url ?? "");
    if (match?.[1] === undefined) return;
    const store = freshWaits();
    sockets.set(decodeURIComponent(match[1]), store);
    socket.prependListener("data", () => waits.enterWith(store));
  });
  return sockets;
}

function freshWaits(): Waits {
  return { ms: 0, inFlight: 0, since: 0 };
}

/** The wait so far, a calendar request still running included (a turn's reply may go out before it ends). */
function waited(store: Waits): number {
  return store.ms + (store.inFlight > 0 ? performance.now() - store.since : 0);
}

/** A Retell-side WebSocket: frames as they come, the next one matching, each wait bounded by `within`. */
function retellSocket(url: URL, within: <T>(promise: Promise<T>) => Promise<T>) {
  const ws = new WebSocket(url.href.replace(/^http/, "ws"));
  const frames: RetellFrame[] = [];
  const waiters: (() => void)[] = [];
  let closed = false;
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  ws.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as RetellFrame);
    wake();
  });
  ws.on("close", () => {
    closed = true;
    wake();
  });
  const opened = within(
    new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.on("error", () => reject(new CallProblem("retell_socket_error")));
    }),
  );
  const next = async (match: (f: RetellFrame) => boolean): Promise<RetellFrame> =>
    within(
      (async () => {
        for (;;) {
          const i = frames.findIndex(match);
          if (i >= 0) return frames.splice(i, 1)[0] as RetellFrame;
          if (closed) throw new CallProblem("retell_socket_closed");
          await new Promise<void>((resolve) => waiters.push(resolve));
        }
      })(),
    );
  return {
    opened,
    next,
    send: (frame: object) => ws.send(JSON.stringify(frame)),
    close: () => ws.close(),
  };
}

/** One HTTP exchange on `agent`'s connections: status, headers and the whole body. */
function exchange(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body = "",
  signal?: AbortSignal,
): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const length = body === "" ? {} : { "content-length": String(Buffer.byteLength(body)) };
    const options = {
      method,
      agent,
      headers: { ...headers, ...length },
      ...(signal === undefined ? {} : { signal }),
    };
    const outgoing = request(url, options, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () =>
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** Opens `count` connections on `agent` (as many requests at once), so that the run reuses them. */
async function warm(agent: Agent, url: URL, count: number, within: <T>(p: Promise<T>) => Promise<T>) {
  await Promise.all(Array.from({ length: count }, () => within(exchange(agent, url, "GET", {}))));
}

/** Rejects with a `timeout` problem when `promise` takes longer than `ms`. */
function deadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallProblem("timeout")), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function newSamples() {
  const s = {
    wall: [] as number[],
    calendar: [] as number[],
    added: [] as number[],
    add(wall: number, calendar: number) {
      s.wall.push(wall);
      s.calendar.push(calendar);
      s.added.push(Math.max(0, wall - calendar));
    },
  };
  return s;
}

/**
 * One wish per call, drawn by `seed` from the service's slots over as many days after `now` as make about three
 * slots per call (at most the booking window): most calls want a slot of their own, some the same one.
 */
function spreadWishes(
  profile: BusinessProfile,
  minutes: number,
  now: DateTime,
  calls: number,
  seed: number,
): DateTime[] {
  const pool: DateTime[] = [];
  const today = now.setZone(profile.timezone).startOf("day");
  for (let day = 1; day < profile.bookingWindowDays && pool.length < 3 * calls; day++) {
    for (const span of slotsOnDate(profile, minutes, today.plus({ days: day })))
      pool.push(DateTime.fromMillis(span.startMs, { zone: profile.timezone }));
  }
  const random = seededRandom(seed);
  return Array.from({ length: calls }, () => pool[Math.floor(random() * pool.length)] as DateTime);
}

/**
 * Pairs of bookings whose times overlap (one host: the profile's calendar is one team), as `overlappingBookings`
 * counts them, but sorted once instead of comparing every pair: 2000 bookings stay cheap.
 */
function overlappingPairs(bookings: readonly Booking[]): number {
  const spans = bookings
    .map((b) => [Date.parse(b.start), Date.parse(b.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  let pairs = 0;
  for (let i = 0; i < spans.length; i++) {
    const end = spans[i]?.[1] ?? 0;
    for (let j = i + 1; j < spans.length && (spans[j]?.[0] ?? end) < end; j++) pairs++;
  }
  return pairs;
}

/** Nearest-rank percentiles (0 when empty), ms to 0.001. */
function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { p50: round(rank(50)), p99: round(rank(99)), max: round(sorted.at(-1) ?? 0) };
}

function fixed(n: number): string {
  return n.toFixed(2).padStart(8);
}
