/**
 * `termin calsim`: the in-memory simulator served over HTTP as Cal.com API v2, on 127.0.0.1 only.
 * This file is the transport: body parsing, Cal.com's throttler (120 requests per 60 s per key, then
 * blocked for 60 s) and fault injection. What each route answers is in sim-routes.ts.
 *
 * Order per request, as at the real service: network faults and latency first (a dropped request never
 * reaches Cal.com), then the throttler, then the route, then faults that lose an answer already made.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createFaultInjector,
  type FaultController,
  type FaultDecision,
  type FaultKind,
  type FaultOptions,
} from "./faults.ts";
import { createSimRoutes, errorEnvelope, type SimResponse } from "./sim-routes.ts";
import type { CalendarSimulator } from "./simulator.ts";

/** Cal.com's default throttler. */
export interface RateLimitOptions {
  /** Requests per window per key. Default 120. */
  limit?: number;
  /** Default 60000. */
  windowMs?: number;
  /** How long a key is refused after going over. Default 60000. */
  blockMs?: number;
}

/** How to serve a simulator. */
export interface SimServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1; the simulator is never meant to be reachable from elsewhere. */
  host?: string;
  faults?: FaultOptions;
  /** When set, listing bookings needs this Bearer key, and a wrong key is refused. */
  apiKey?: string;
  /** Throttler settings, or false for none (e.g. contract tests about calendar semantics). */
  rateLimit?: RateLimitOptions | false;
  /** Wall clock of the throttler in ms; the simulator's own clock may be frozen. Default `Date.now`. */
  now?: () => number;
}

/** A running simulator server. */
export interface SimServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  port: number;
  /** Stops listening, cuts open connections and cancels pending slow answers. */
  close(): Promise<void>;
  /** Arms one-off faults; counts requests. */
  faults: FaultController;
}

const MAX_BODY_BYTES = 1_000_000;

interface ThrottleResult {
  allowed: boolean;
  headers: Record<string, string>;
}

/** Cal.com's throttler: a fixed window per key, and a block once the window's limit is passed. */
function createThrottler(options: RateLimitOptions | false, now: () => number) {
  const limit = options === false ? Number.POSITIVE_INFINITY : (options.limit ?? 120);
  const windowMs = options === false ? 60_000 : (options.windowMs ?? 60_000);
  const blockMs = options === false ? 0 : (options.blockMs ?? 60_000);
  const buckets = new Map<string, { windowStart: number; count: number; blockedUntil: number }>();

  const headers = (remaining: number, resetMs: number): Record<string, string> => ({
    "x-ratelimit-limit-default": String(Number.isFinite(limit) ? limit : 0),
    "x-ratelimit-remaining-default": String(Number.isFinite(remaining) ? Math.max(0, remaining) : 0),
    "x-ratelimit-reset-default": String(Math.max(0, Math.ceil(resetMs / 1000))),
  });

  return {
    limit,
    take(key: string): ThrottleResult {
      const t = now();
      let bucket = buckets.get(key);
      if (bucket === undefined || (t >= bucket.windowStart + windowMs && t >= bucket.blockedUntil)) {
        bucket = { windowStart: t, count: 0, blockedUntil: 0 };
        buckets.set(key, bucket);
      }
      if (bucket.blockedUntil > t) {
        const wait = bucket.blockedUntil - t;
        return {
          allowed: false,
          headers: { ...headers(0, wait), "retry-after": String(Math.ceil(wait / 1000)) },
        };
      }
      bucket.count += 1;
      if (bucket.count > limit) {
        bucket.blockedUntil = t + blockMs;
        return {
          allowed: false,
          headers: { ...headers(0, blockMs), "retry-after": String(Math.ceil(blockMs / 1000)) },
        };
      }
      return { allowed: true, headers: headers(limit - bucket.count, bucket.windowStart + windowMs - t) };
    },
  };
}

/** Starts serving `sim`; resolves once listening. */
export async function startSimServer(
  sim: CalendarSimulator,
  options: SimServerOptions = {},
): Promise<SimServer> {
  const routes = createSimRoutes(sim, options.apiKey === undefined ? {} : { apiKey: options.apiKey });
  const faults = createFaultInjector(options.faults);
  const throttler = createThrottler(options.rateLimit ?? {}, options.now ?? Date.now);
  // Pending waits (latency, stalls, trickles); closing resolves them so no timer outlives the server.
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closed = false;

  // A client that went away (timeout, abort) closes the response before anything was sent.
  const gone = new WeakSet<ServerResponse>();
  const isGone = (res: ServerResponse) => closed || res.destroyed || gone.has(res);

  function pause(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });
  }

  function send(res: ServerResponse, response: SimResponse, headers: Record<string, string>): void {
    if (res.destroyed || res.headersSent) return;
    const text = JSON.stringify(response.body);
    res.writeHead(response.status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  }

  /** Headers now, body in small pieces spread over `ms`: slower than a client's timeout. */
  async function trickle(
    res: ServerResponse,
    response: SimResponse,
    headers: Record<string, string>,
    ms: number,
  ): Promise<void> {
    const bytes = Buffer.from(JSON.stringify(response.body));
    res.writeHead(response.status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(bytes.length),
    });
    res.flushHeaders();
    const steps = Math.max(1, Math.min(bytes.length, 20));
    const size = Math.ceil(bytes.length / steps);
    for (let i = 0; i < steps; i++) {
      await pause(ms / steps);
      if (isGone(res)) return;
      const chunk = bytes.subarray(i * size, (i + 1) * size);
      if (i === steps - 1) res.end(chunk);
      else res.write(chunk);
    }
  }

  function internalError(url: string): SimResponse {
    return { status: 500, body: errorEnvelope(500, "Internal server error", url, routes.timestamp()) };
  }

  function injectedThrottle(url: string, decision: FaultDecision): [SimResponse, Record<string, string>] {
    const seconds = String(decision.throttleRetryAfterSeconds);
    const limit = Number.isFinite(throttler.limit) ? throttler.limit : 120;
    return [
      {
        status: 429,
        body: errorEnvelope(429, "ThrottlerException: Too Many Requests", url, routes.timestamp()),
      },
      {
        "x-ratelimit-limit-default": String(limit),
        "x-ratelimit-remaining-default": "0",
        "x-ratelimit-reset-default": seconds,
        "retry-after": seconds,
      },
    ];
  }

  /** Applies a fault in place of the answer; returns false for a stall that lets the request go on. */
  async function applyFault(
    kind: FaultKind,
    phase: "before" | "after",
    res: ServerResponse,
    url: string,
    decision: FaultDecision,
    answer: { response: SimResponse; headers: Record<string, string> } | undefined,
  ): Promise<boolean> {
    faults.record(kind);
    switch (kind) {
      case "drop":
        res.socket?.destroy();
        return true;
      case "error":
        send(res, internalError(url), answer?.headers ?? {});
        return true;
      case "throttle": {
        const [response, headers] = injectedThrottle(url, decision);
        send(res, response, headers);
        return true;
      }
      case "slow":
        if (phase === "before" || answer === undefined) {
          // A request stuck in front of the app: if the client has given up by then, it never runs.
          await pause(decision.slowMs);
          return isGone(res);
        }
        await trickle(res, answer.response, answer.headers, decision.slowMs);
        return true;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.on("close", () => gone.add(res));
    const url = req.url ?? "/";
    const parsedUrl = new URL(url, "http://127.0.0.1");
    const decision = faults.decide(`${req.method ?? "GET"} ${parsedUrl.pathname}`);
    const raw = await readBody(req);
    await pause(decision.latencyMs);
    if (isGone(res)) return;
    if (
      decision.before !== undefined &&
      (await applyFault(decision.before, "before", res, url, decision, undefined))
    ) {
      return;
    }

    const auth = req.headers.authorization;
    const key = auth === undefined ? `ip:${req.socket.remoteAddress ?? "?"}` : `key:${auth}`;
    const throttle = throttler.take(key);
    let response: SimResponse;
    if (!throttle.allowed) {
      response = {
        status: 429,
        body: errorEnvelope(429, "ThrottlerException: Too Many Requests", url, routes.timestamp()),
      };
    } else if (raw === null) {
      response = {
        status: 400,
        body: errorEnvelope(400, `Request body larger than ${MAX_BODY_BYTES} bytes`, url, routes.timestamp()),
      };
    } else {
      const body = parseJson(raw);
      response =
        body instanceof SyntaxError
          ? {
              status: 400,
              body: errorEnvelope(400, `Invalid JSON: ${body.message}`, url, routes.timestamp()),
            }
          : await routes.handle({
              method: req.method ?? "GET",
              url,
              pathname: parsedUrl.pathname,
              query: parsedUrl.searchParams,
              headers: req.headers,
              body,
            });
    }
    if (closed) return;
    if (decision.after !== undefined) {
      await applyFault(decision.after, "after", res, url, decision, { response, headers: throttle.headers });
      return;
    }
    send(res, response, throttle.headers);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // A handler bug must not take the server down; the client sees a 500 like any Cal.com outage.
      send(res, internalError(req.url ?? "/"), {});
    });
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    faults,
    async close() {
      if (closed) return;
      closed = true;
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}

/** The whole body as text, or null when it is too large. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error));
  }
}
