/**
 * `termin studio`'s HTTP side: the page (three static files), a small JSON API over the studio's call, its
 * calendar and the replay runner, and Server-Sent Events that tell the page when to fetch again. Plain `node:http`
 * and one switch: the routes are few and all local.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DateTime } from "luxon";
import { parseNow } from "../cli/clock-option.ts";
import { ConfigError, KitError } from "../errors.ts";
import { type LoadedTranscript, loadTranscript } from "../evals/transcript.ts";
import type { TraceEvent } from "../trace/events.ts";
import { renderTraceMarkdown } from "../trace/markdown.ts";
import { redact } from "../trace/redact.ts";
import { traceFileName } from "../trace/write.ts";
import { studioClock } from "./clock.ts";
import { listTranscripts, loadTranscriptByPath, type ReplayView, replayView } from "./replay-view.ts";
import { BusyError, StudioSession, type StudioSetup } from "./session.ts";
import { type FileWatch, watchFiles } from "./watch.ts";

/** What the studio serves. */
export interface StudioOptions extends Omit<StudioSetup, "clock"> {
  /** Pins the clock's start (`--now`); default: the real time. */
  now?: DateTime;
  /** Where the replay pane lists transcripts from. */
  transcriptsDir: string;
  /** Folders whose edits the page is told about (templates, prompt, profiles, transcripts); default none. */
  watch?: readonly string[];
  /** Paths in change reports are relative to this folder (default: the working directory). */
  base?: string;
  /** Where unexpected failures are reported (the command passes stderr). */
  log?: (line: string) => void;
}

/** A studio listening on 127.0.0.1. */
export interface RunningStudio {
  url: string;
  port: number;
  session: StudioSession;
  /** Ends the call (holds let go), closes the event streams and the server. */
  close(): Promise<void>;
}

/** Largest request body: a caller line, a file path, a clock time. */
const MAX_BODY_BYTES = 64 * 1024;
/** Open event streams at once: one per open page; more is a page reloading in a loop or a leak. */
export const MAX_EVENT_STREAMS = 16;
/** Events of one turn arrive in bursts; the page is told once per burst. */
const COALESCE_MS = 40;

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/studio.js": { file: "studio.js", type: "text/javascript; charset=utf-8" },
  "/studio.css": { file: "studio.css", type: "text/css; charset=utf-8" },
};

/** The page's folder: beside this module (the build copies it beside the built one), or `src/studio/page` above it. */
const PAGE_DIR = findPageDir(dirname(fileURLToPath(import.meta.url)));

function findPageDir(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    for (const candidate of [join(dir, "page"), join(dir, "src", "studio", "page")])
      if (existsSync(join(candidate, "index.html"))) return candidate;
  }
  return join(from, "page");
}

/** An answer the routes give on purpose: status and message. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts the studio on `host` (default 127.0.0.1) and `port` (0: a free one). */
export async function startStudio(
  options: StudioOptions,
  listen: { port: number; host?: string },
): Promise<RunningStudio> {
  if (!existsSync(join(PAGE_DIR, "index.html")))
    throw new ConfigError(`the studio's page is missing (looked for ${PAGE_DIR}/index.html)`);
  const streams = new Set<ServerResponse>();
  const send = (event: string, data: unknown) => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const stream of streams) {
      // A page that does not read its stream is not buffered for without end: the stream ends, and the page's
      // EventSource connects again when it reads once more.
      if (!stream.write(text)) {
        streams.delete(stream);
        stream.end();
      }
    }
  };
  let queued: NodeJS.Timeout | null = null;
  const changed = () => {
    queued ??= setTimeout(() => {
      queued = null;
      send("call", {});
    }, COALESCE_MS);
  };
  const session = new StudioSession({ ...options, clock: studioClock(options.now) }, changed);
  let lastReplay: ReplayView | null = null;
  let replaying = false;
  const log = options.log ?? (() => undefined);

  const runReplay = async (body: Record<string, unknown>): Promise<ReplayView> => {
    if (replaying) throw new HttpError(409, "a replay is still running");
    const transcript = transcriptToReplay(body, options.transcriptsDir);
    replaying = true;
    try {
      lastReplay = await replayView(transcript, {
        ...(options.model === undefined ? {} : { model: options.model }),
        env: options.env,
        ...(options.guard === undefined ? {} : { guard: options.guard }),
        ...(options.templatesDir === undefined ? {} : { templatesDir: options.templatesDir }),
        ...(options.systemPromptFile === undefined ? {} : { systemPromptFile: options.systemPromptFile }),
      });
      return lastReplay;
    } finally {
      replaying = false;
    }
  };

  const traceOf = (url: URL): { name: string; events: readonly TraceEvent[] } => {
    if (url.searchParams.get("of") !== "replay")
      return { name: session.view().callId, events: session.events() };
    if (lastReplay === null) throw new HttpError(404, "no replay has run yet");
    return { name: `replay_${lastReplay.name}`, events: lastReplay.events };
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const key = `${req.method} ${url.pathname}`;
    const page = req.method === "GET" ? PAGE_FILES[url.pathname] : undefined;
    if (page !== undefined) {
      // Read at every request: an edit of the page shows on reload.
      res.writeHead(200, { "content-type": page.type, "cache-control": "no-store" });
      res.end(readFileSync(join(PAGE_DIR, page.file)));
      return;
    }
    switch (key) {
      case "GET /api/state": {
        const callId = url.searchParams.get("call");
        const seq = Number(url.searchParams.get("since") ?? "0");
        const since = callId !== null && Number.isSafeInteger(seq) && seq > 0 ? { callId, seq } : undefined;
        return json(res, 200, session.view(since));
      }
      case "GET /api/calendar":
        return json(
          res,
          200,
          await session.week({
            week: url.searchParams.get("week") ?? undefined,
            service: url.searchParams.get("service") ?? undefined,
          }),
        );
      case "POST /api/call/turn": {
        const text = stringField(await readJson(req), "text");
        if (text === undefined || text.trim() === "")
          throw new HttpError(400, "text: the caller's line is missing");
        return json(res, 200, await session.turn(text));
      }
      case "POST /api/call/new": {
        const now = stringField(await readJson(req), "now");
        const zone = session.view().business.timezone;
        await session.newCall(now === undefined || now === "" ? undefined : parseNow(now, zone));
        return json(res, 200, session.view());
      }
      case "POST /api/call/repeat":
        await session.repeatCall();
        return json(res, 200, session.view());
      case "GET /api/transcripts":
        return json(res, 200, listTranscripts(options.transcriptsDir));
      case "POST /api/replay":
        return json(res, 200, await runReplay(await readJson(req)));
      case "GET /api/trace.md": {
        const { name, events } = traceOf(url);
        return download(res, `${traceFileName(name)}.md`, "text/markdown", renderTraceMarkdown(events));
      }
      case "GET /api/trace.json": {
        const { name, events } = traceOf(url);
        const text = `${JSON.stringify(redact([...events]), null, 2)}\n`;
        return download(res, `${traceFileName(name)}.json`, "application/json", text);
      }
      case "GET /api/events":
        if (streams.size >= MAX_EVENT_STREAMS)
          throw new HttpError(503, `${MAX_EVENT_STREAMS} pages are open already; close one`);
        res.writeHead(200, {
          "content-type": "text/event-stream",
          "cache-control": "no-store",
          connection: "keep-alive",
        });
        res.write(": studio\n\n");
        streams.add(res);
        req.on("close", () => streams.delete(res));
        return;
      default:
        throw new HttpError(404, `no route ${key}`);
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    Promise.resolve()
      .then(() => {
        refuseOtherSites(req);
        return route(req, res, url);
      })
      .catch((error: unknown) => {
        const status = statusOf(error);
        const message = error instanceof Error ? error.message : String(error);
        if (status === 500) log(`termin studio: ${req.method} ${url.pathname}: ${message}`);
        if (!res.headersSent) json(res, status, { error: message });
        else res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const watch: FileWatch = watchFiles(options.watch ?? [], options.base ?? process.cwd(), (paths) =>
    send("files", { changed: paths }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    session,
    async close() {
      watch.close();
      // Ending the call records its end, which would queue one more "call" event: the streams close after it.
      await session.close();
      if (queued !== null) clearTimeout(queued);
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A refusal's own status; 409 for a turn still running; 400 for a setup or input the kit refused; else 500. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof BusyError) return 409;
  return error instanceof KitError ? 400 : 500;
}

/**
 * Only the studio's own page may use it, though any web page open in the developer's browser can send requests to
 * 127.0.0.1. A request for another host name (DNS rebinding: the other site's name, resolved to 127.0.0.1) is
 * refused; so is one whose browser says it comes from another origin. A POST must be JSON: a form or a plain
 * `fetch` from another site cannot send that without the browser asking first (a CORS preflight), and the studio
 * answers no preflight.
 */
function refuseOtherSites(req: IncomingMessage): void {
  const hostHeader = req.headers.host ?? "";
  const host = hostHeader.replace(/:\d+$/, "");
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "[::1]")
    throw new HttpError(403, `host ${host || "(none)"} is not this studio`);
  // Browsers send Origin with every POST and every cross-origin request; curl and tests send none.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}`)
    throw new HttpError(403, `requests from ${origin} are not the studio's own`);
  if (req.method === "POST" && !(req.headers["content-type"] ?? "").startsWith("application/json"))
    throw new HttpError(415, "POST bodies are JSON (content-type: application/json)");
}

/**
 * The transcript to replay: a name from the transcripts folder (its errors in full: it is the developer's), or a
 * path to a `.yaml` file, which is read only as a transcript (see `loadTranscriptByPath`).
 */
function transcriptToReplay(body: Record<string, unknown>, dir: string): LoadedTranscript {
  const name = stringField(body, "name");
  if (name !== undefined) {
    const entry = listTranscripts(dir).find((t) => t.name === name);
    if (entry === undefined) throw new HttpError(404, `no transcript "${name}" in ${dir}`);
    return loadTranscript(entry.file);
  }
  const file = stringField(body, "file")?.trim();
  if (file === undefined || file === "") throw new HttpError(400, "name a transcript or give a file path");
  const ext = extname(file);
  if (ext !== ".yaml" && ext !== ".yml")
    throw new HttpError(400, `a transcript is a .yaml or .yml file, got "${file}"`);
  return loadTranscriptByPath(file);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES / 1024} KiB`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, "the body is not valid JSON");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new HttpError(400, "the body must be a JSON object");
  return data as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new HttpError(400, `${key} must be a string`);
  return value;
}

function json(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(data));
}

function download(res: ServerResponse, name: string, type: string, text: string): void {
  res.writeHead(200, {
    "content-type": `${type}; charset=utf-8`,
    "content-disposition": `attachment; filename="${name}"`,
    "cache-control": "no-store",
  });
  res.end(text);
}
