/**
 * `termin chat` with piped stdin, through `main` as the binary runs it: the conversation printed line by line,
 * the slash commands, `--trace`, option errors, and the two other backends (Cal.com client against the
 * simulator's HTTP server; the OpenAI model against the local stub).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "../agent/openai-stub-server.ts";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { type SimServer, startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import type { TraceEvent } from "../trace/events.ts";
import { main } from "./main.ts";
import { runCli } from "./testing.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const GREETING = "Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?";
const HANS = [
  "Ich hätte gern einen Herrenhaarschnitt.",
  "Haben Sie morgen um zehn Uhr einen Termin frei?",
  "Hans Schuster.",
];

/** Runs `termin <args>` with `input` piped to stdin (isTTY undefined). */
const run = async (args: string[], input: string, env: NodeJS.ProcessEnv = {}) => {
  const r = await runCli(args, input, env);
  return { ...r, lines: r.out.trimEnd().split("\n") };
};

const chat = (input: string[], extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
  run(["chat", "--now", NOW, ...extra], `${input.join("\n")}\n`, env);

/** The agent line printed right after a caller line. */
function answerTo(lines: string[], caller: string): string {
  const at = lines.indexOf(`Anrufer: ${caller}`);
  if (at < 0) throw new Error(`caller line not printed: ${caller}`);
  return lines[at + 1] ?? "";
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** prompts/responses/model-unavailable.hbs */
const MODEL_UNAVAILABLE =
  "Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. " +
  "Bitte rufen Sie in ein paar Minuten noch einmal an.";
const CHECK = JSON.stringify({
  service: "Herrenhaarschnitt",
  day: "morgen",
  time: "um zehn",
  person: null,
  reschedule_booking_id: null,
});

/** The one JSON trace written to `dir`. */
function traceOf(dir: string): TraceEvent[] {
  const file = readdirSync(dir).find((f) => f.endsWith(".json"));
  if (file === undefined) throw new Error(`no trace in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as TraceEvent[];
}

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "termin-chat-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("termin chat, piped", () => {
  it("prints a header, the greeting, each caller line and the agent's dated answers", async () => {
    const r = await chat(HANS);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.lines[0]).toBe(
      "[Friseur 1 · rule · Kalender: simulator (in-process) · Samstag, 25. Oktober 2025 20:17]",
    );
    expect(r.lines[1]).toBe(`Agent: ${GREETING}`);
    // Caller and agent lines alternate, one answer per caller line.
    expect(r.lines.slice(2).map((l) => l.split(":")[0])).toEqual([
      "Anrufer",
      "Agent",
      "Anrufer",
      "Agent",
      "Anrufer",
      "Agent",
    ]);
    expect(r.lines.filter((l) => l.startsWith("Anrufer: "))).toEqual(HANS.map((l) => `Anrufer: ${l}`));
    expect(answerTo(r.lines, HANS[0] ?? "")).toMatch(/Herrenhaarschnitt/);
    expect(answerTo(r.lines, HANS[1] ?? "")).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    expect(answerTo(r.lines, HANS[2] ?? "")).toContain("Sonntag, 26. Oktober");
    expect(r.out).not.toContain("Sie: "); // no prompt when piped
  });

  it("ignores blank lines", async () => {
    const r = await chat(["", "   ", HANS[0] ?? ""]);
    expect(r.lines.filter((l) => l.startsWith("Anrufer:"))).toEqual([`Anrufer: ${HANS[0]}`]);
  });

  it("/calendar lists the booking made in the chat in local time; /trace prints the trace so far", async () => {
    const r = await chat([
      "Einen Herrenhaarschnitt morgen um zehn Uhr bitte, mein Name ist Hans Schuster.",
      "Ja, bitte buchen.",
      "/calendar",
      "/trace",
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}So 26\.10\.2025 10:00 {2}accepted {2}Hans Schuster {2}\(\S+\)$/m);
    expect(r.out).toContain("# CALL TRACE: call_");
    expect(r.out).toContain("## TIMELINE OVERVIEW");
    expect(r.out).toMatch(/\[Tool Call #\d+\] book_appointment/);
    // The trace shown on screen is redacted like the written one.
    expect(r.out).not.toContain("+491701234567");
  });

  it("/calendar on an empty calendar says so; an unknown command lists the commands", async () => {
    const r = await chat(["/calendar", "/what"]);
    expect(r.lines).toContain("  (no bookings)");
    expect(r.lines).toContain("Commands: /trace, /calendar, /reset, /quit");
  });

  it("/reset starts a new call on the same calendar: greeting again, a fresh trace", async () => {
    const r = await chat([
      "Einen Herrenhaarschnitt morgen um zehn Uhr bitte, mein Name ist Hans Schuster.",
      "Ja, bitte buchen.",
      "/reset",
      "/trace",
      "/calendar",
    ]);
    expect(r.lines.filter((l) => l === `Agent: ${GREETING}`)).toHaveLength(2);
    const trace = r.out.slice(r.out.indexOf("# CALL TRACE"), r.out.lastIndexOf("  So 26.10.2025"));
    expect(trace).toContain("0 turns");
    expect(trace).not.toContain("Hans Schuster"); // the new call has no turns yet
    expect(trace).not.toContain("book_appointment");
    expect(r.out).toMatch(/So 26\.10\.2025 10:00 {2}accepted {2}Hans Schuster/); // the calendar is kept
  });

  it("/quit and the agent's end_call both stop reading stdin", async () => {
    const quit = await chat(["/quit", HANS[0] ?? ""]);
    expect(quit.out).not.toContain("Anrufer:");
    const bye = await chat(["Danke, tschüss.", HANS[0] ?? ""]);
    expect(bye.code).toBe(0);
    expect(bye.lines.filter((l) => l.startsWith("Anrufer:"))).toEqual(["Anrufer: Danke, tschüss."]);
    expect(bye.lines.at(-1)).toMatch(/^Agent: .*Auf Wiederhören/);
  });

  it("--trace DIR writes <callId>.md and .json, redacted, with the call's end", async () => {
    const dir = join(tmp(), "nested", "traces");
    const r = await chat(HANS, ["--trace", dir]);
    expect(r.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^call_[0-9a-f]{24}\.json$/);
    expect(files[1]).toBe(files[0]?.replace(/\.json$/, ".md"));
    expect(r.err.trim()).toBe(`trace written: ${join(dir, files[1] ?? "")}`);

    const events = JSON.parse(readFileSync(join(dir, files[0] ?? ""), "utf8")) as TraceEvent[];
    // The chat's clock starts at --now and runs on in real time, so `now` is --now plus a few milliseconds.
    expect(events[0]).toMatchObject({
      type: "call_started",
      model: "rule",
      now: expect.stringMatching(/^2025-10-25T20:17:5\d\.\d{3}\+02:00$/),
    });
    expect(events.at(-1)).toMatchObject({ type: "call_ended", reason: "caller_left" });
    expect(events.filter((e) => e.type === "caller_said").map((e) => e.text)).toEqual(HANS);
    expect(events.some((e) => e.type === "calendar_request")).toBe(true);
    const md = readFileSync(join(dir, files[1] ?? ""), "utf8");
    expect(md).toContain("check_availability");
    for (const text of [JSON.stringify(events), md]) expect(text).not.toContain("+491701234567");
  });

  it("--trace writes one trace per call, also for a call ended by /reset", async () => {
    const dir = join(tmp(), "per-call");
    const r = await chat(["Herrenhaarschnitt morgen um zehn?", "/reset", "Hallo?"], ["--trace", dir]);
    expect(r.code).toBe(0);
    const md = readdirSync(dir).filter((f) => f.endsWith(".md"));
    expect(md).toHaveLength(2);
    const reasons = md
      .map((f) => /\*\*Ended:\*\* (\S+)/.exec(readFileSync(join(dir, f), "utf8"))?.[1])
      .sort();
    expect(reasons).toEqual(["caller_left", "reset"]);
  });

  it("--help prints the usage and does not start a call", async () => {
    const r = await run(["chat", "--help"], "Hallo\n");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: termin chat [--business ID] [--now ISO] [--model rule|openai]");
    expect(r.out).not.toContain("Agent:");
  });
});

describe("termin chat: every way a call ends lets go of held slots and writes the trace", () => {
  const HOLD = ["Einen Herrenhaarschnitt morgen um zehn Uhr bitte.", "Ja, bitte."];
  const released = (events: TraceEvent[]) =>
    events.some((e) => e.type === "calendar_request" && e.method === "releaseHold" && e.status === "ok");

  it.each([
    ["end of input", HOLD, "caller_left"],
    ["/quit", [...HOLD, "/quit", "Hallo?"], "caller_left"],
  ])("%s", async (_, input, reason) => {
    const dir = tmp();
    const r = await chat(input, ["--trace", dir]);
    expect(r.code).toBe(0);
    expect(answerTo(r.lines, "Ja, bitte.")).toMatch(/Ich halte Ihnen den Termin/);
    const events = traceOf(dir);
    expect(released(events)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "call_ended", reason });
  });

  it("Ctrl-C (SIGINT) ends the call like a hang-up: hold let go, trace written, exit 130", async () => {
    const dir = tmp();
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
    });
    stderr.resume();
    const listeners = process.listenerCount("SIGINT");
    const running = main(["chat", "--now", NOW, "--trace", dir], { stdin, stdout, stderr, env: {} });
    stdin.write(`${HOLD.join("\n")}\n`);
    await vi.waitFor(() => expect(out).toContain("Auf welchen Namen"), { timeout: 10_000 });
    process.emit("SIGINT", "SIGINT");
    expect(await running).toBe(130);
    const events = traceOf(dir);
    expect(released(events)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: "call_ended", reason: "interrupted" });
    expect(process.listenerCount("SIGINT")).toBe(listeners);
  });
});

describe("termin chat option errors (exit 2, a message naming the problem)", () => {
  it("--model openai with no key or base URL", async () => {
    const r = await run(["chat", "--model", "openai"], "Hallo\n", {});
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toMatch(/^termin chat: .*OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });

  it("a bad --now", async () => {
    const r = await run(["chat", "--now", "2025-13-45T99:00"], "Hallo\n");
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toBe(
      'termin chat: --now must be an ISO date and time (e.g. 2025-10-25T20:17:50+02:00, or 2025-10-25T20:17:50 for wall time in Europe/Berlin), got "2025-13-45T99:00"\n',
    );
  });

  it("--calendar that is neither sim nor a URL", async () => {
    const r = await run(["chat", "--now", NOW, "--calendar", "not-a-url"], "Hallo\n");
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toContain('--calendar must be "sim" or a URL');
    expect(r.err).toContain('"not-a-url"');
  });

  it("an unknown --model and an unknown flag", async () => {
    expect(await run(["chat", "--model", "gpt"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("gpt"),
    });
    const r = await run(["chat", "--fast"], "");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^termin chat: .*--fast/);
  });
});

describe("termin chat with other backends", () => {
  it("--calendar URL chats through the Cal.com client against the simulator's HTTP server", async () => {
    const business = loadBusinessProfile("friseur-1");
    const sim = new CalendarSimulator({ profile: business, clock: manualClock(NOW) });
    const server: SimServer = await startSimServer(sim);
    cleanups.push(() => server.close());

    const r = await chat(
      [
        "Einen Herrenhaarschnitt morgen um zehn Uhr bitte, mein Name ist Hans Schuster.",
        "Ja, bitte buchen.",
        "/calendar",
      ],
      ["--calendar", server.url],
    );
    expect(r.code).toBe(0);
    expect(r.lines[0]).toContain(`Kalender: ${server.url}`);
    expect(answerTo(r.lines, "Ja, bitte buchen.")).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    expect(server.faults.requests).toBeGreaterThan(0);
    // The booking went over HTTP into the simulator, at 10:00 CET = 09:00Z.
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.name])).toEqual([
      ["2025-10-26T09:00:00.000Z", "Hans Schuster"],
    ]);
    expect(r.out).toContain("/calendar shows the in-process simulator only");
  });

  it("--model openai with OPENAI_BASE_URL chats with the OpenAI model on the local stub", async () => {
    const check = JSON.stringify({
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um zehn",
      person: null,
      reschedule_booking_id: null,
    });
    const echo: StubStep = (body) => {
      const last = body.messages.at(-1);
      const result = JSON.parse(typeof last?.content === "string" ? last.content : "{}") as { say?: string };
      return { content: result.say ?? "(kein say)" };
    };
    const stub: OpenAIStub = await startOpenAIStub([
      { toolCalls: [{ name: "check_availability", arguments: check }] },
      echo,
    ]);
    cleanups.push(() => stub.close());

    const r = await chat(["Morgen um zehn?"], ["--model", "openai"], {
      OPENAI_BASE_URL: stub.baseURL,
      TERMIN_MODEL: "stub-model",
    });
    expect(r.code).toBe(0);
    expect(r.lines[0]).toContain("openai:stub-model");
    expect(answerTo(r.lines, "Morgen um zehn?")).toBe(
      "Agent: Ja, morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist ein Termin für Herrenhaarschnitt frei. Soll ich ihn für Sie buchen?",
    );
    expect(stub.requests.map((q) => q.body.model)).toEqual(["stub-model", "stub-model"]);
  });

  it("a rejected OpenAI key mid-chat: the caller hears an honest sentence, the trace is written, exit 1 (not 2)", async () => {
    const stub = await startOpenAIStub([{ status: 401 }]);
    cleanups.push(() => stub.close());
    const dir = tmp();
    const r = await chat(["Hallo?", "Noch da?"], ["--trace", dir], {
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: "wrong",
    });
    expect(r.code).toBe(1);
    expect(answerTo(r.lines, "Hallo?")).toBe(`Agent: ${MODEL_UNAVAILABLE}`);
    expect(r.out).not.toContain("Noch da?");
    expect(r.err).toMatch(/^termin chat: OpenAI model gpt-4\.1-mini: 401/m);
    expect(r.err).toContain("trace written:");
    expect(traceOf(dir).at(-1)).toMatchObject({ type: "call_ended", reason: "failed" });
  });

  it("a server message that repeats the key is never printed raw", async () => {
    const key = "sk-proj-abcdefghijklmnop1234567890";
    const body = { error: { message: `Incorrect API key provided: ${key}.`, type: "invalid_request_error" } };
    const stub = await startOpenAIStub([{ status: 401, body }]);
    cleanups.push(() => stub.close());
    const r = await chat(["Hallo?"], [], { OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: key });
    expect(r.code).toBe(1);
    expect(r.err).toContain("termin chat:");
    expect(r.err).not.toContain(key);
    expect(r.out).not.toContain(key);
  });

  it("a 401 on the step after a booking: the caller hears the booking and an honest sentence; exit 1", async () => {
    const stub = await startOpenAIStub([
      { toolCalls: [{ name: "check_availability", arguments: CHECK }] },
      { toolCalls: [{ name: "book_appointment", arguments: '{"slot_id":"S1","name":"Hans Schuster"}' }] },
      { status: 401 },
    ]);
    cleanups.push(() => stub.close());
    const dir = tmp();
    const r = await chat(["Morgen um zehn, Hans Schuster, bitte gleich buchen."], ["--trace", dir], {
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: "wrong",
    });
    expect(r.code).toBe(1);
    expect(answerTo(r.lines, "Morgen um zehn, Hans Schuster, bitte gleich buchen.")).toBe(
      "Agent: Erledigt: Ihr Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist gebucht, " +
        `auf den Namen Hans Schuster. Vielen Dank, wir freuen uns auf Sie! ${MODEL_UNAVAILABLE}`,
    );
    const md = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".md")) ?? ""), "utf8");
    expect(md).toContain("**Final Result:** BOOKED 2025-10-26 10:00");
    expect(md).toContain("**Ended:** failed");
  });

  it("a slow calendar: the tool's filler is printed at once, before the answer", async () => {
    const business = loadBusinessProfile("friseur-1");
    const sim = new CalendarSimulator({ profile: business, clock: manualClock(NOW) });
    const server = await startSimServer(sim, { faults: { latencyMs: 1_700 } });
    cleanups.push(() => server.close());
    const r = await chat(["Einen Herrenhaarschnitt morgen um zehn Uhr bitte."], ["--calendar", server.url]);
    expect(r.code).toBe(0);
    const at = r.lines.indexOf("Anrufer: Einen Herrenhaarschnitt morgen um zehn Uhr bitte.");
    expect(r.lines.slice(at + 1, at + 3)).toEqual([
      "Agent: Einen Moment bitte, ich schaue im Kalender nach.",
      expect.stringContaining("Sonntag, 26. Oktober, um 10:00 Uhr"),
    ]);
  });
});
