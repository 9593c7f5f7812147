/**
 * The studio's routes over plain HTTP on a free port (no browser): the page's files, a call turn by turn with its
 * week in the calendar pane, new calls on the same calendar, an edited profile, replays, trace downloads, the
 * event stream, and the requests it refuses.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import { afterEach, describe, expect, it } from "vitest";
import type { CalendarBackend } from "../calendar/backend.ts";
import { loadBusinessProfile, PROMPTS_DIR } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError } from "../errors.ts";
import { replayTranscript } from "../evals/replay.ts";
import { loadTranscript } from "../evals/transcript.ts";
import { START, studioOptions } from "./__fixtures__/options.ts";
import { layOutReplay, type ReplayView } from "./replay-view.ts";
import { MAX_EVENT_STREAMS, type RunningStudio, type StudioOptions, startStudio } from "./server.ts";
import type { CallView, TurnView } from "./session.ts";
import type { WeekView } from "./week.ts";

const ROOT = resolve(PROMPTS_DIR, "..");

let studio: RunningStudio | null = null;
const temp: string[] = [];

afterEach(async () => {
  await studio?.close();
  studio = null;
  for (const dir of temp.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function open(extra: Partial<StudioOptions> = {}): Promise<RunningStudio> {
  studio = await startStudio(studioOptions(extra), { port: 0 });
  return studio;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "studio-test-"));
  temp.push(dir);
  return dir;
}

/** A request with headers `fetch` will not set (Host), answered with status and headers. */
function rawRequest(
  options: { method?: string; path: string; headers: Record<string, string> },
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ port: studio?.port, host: "127.0.0.1", ...options });
    req.on("response", (res) => {
      res.resume();
      done({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on("error", fail);
    req.end(body);
  });
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, studio?.url));
  expect(response.status, `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

async function post<T>(path: string, body: unknown, status = 200): Promise<T> {
  const response = await fetch(new URL(path, studio?.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const data = (await response.json()) as T;
  expect(response.status, `POST ${path}: ${JSON.stringify(data)}`).toBe(status);
  return data;
}

const say = (text: string) => post<TurnView>("/api/call/turn", { text });

/** A caller who books a Herrenhaarschnitt for tomorrow at ten as Hans Schuster. */
const BOOKING = [
  "Ich hätte gern einen Herrenhaarschnitt.",
  "Morgen um zehn?",
  "Ja, gerne.",
  "Hans Schuster.",
];

describe("the page", () => {
  it("serves its three files, nothing else, and nothing from another host", async () => {
    const { url } = await open();
    const page = await fetch(url);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/studio.js"></script>');
    // Offline: no font, script or style from anywhere else.
    expect(html).not.toMatch(/https?:\/\//);
    for (const file of ["/studio.js", "/studio.css"]) {
      const response = await fetch(new URL(file, url));
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
    }
    expect((await fetch(new URL("/etc/passwd", url))).status).toBe(404);
    expect((await fetch(new URL("/../package.json", url))).status).toBe(404);
  });

  it("refuses another Host (DNS rebinding) and POST bodies that are not JSON", async () => {
    const { url } = await open();
    const rebound = await rawRequest({ path: "/api/state", headers: { host: "evil.example" } });
    expect(rebound.status).toBe(403);
    const form = await fetch(new URL("/api/call/turn", url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "text=hallo",
    });
    expect(form.status).toBe(415);
    const huge = await fetch(new URL("/api/call/turn", url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "a".repeat(70_000) }),
    });
    expect(huge.status).toBe(413);
    expect(await post<{ error: string }>("/api/call/turn", { text: "  " }, 400)).toEqual({
      error: "text: the caller's line is missing",
    });
    expect((await post<{ error: string }>("/api/call/turn", { text: 3 }, 400)).error).toBe(
      "text must be a string",
    );
  });
});

describe("requests from other web pages", () => {
  const line = JSON.stringify({ text: "Hallo" });

  it("refuses a request whose browser says it comes from another origin, even as JSON", async () => {
    const { port } = await open();
    const host = `127.0.0.1:${port}`;
    const from = (origin: string, method = "POST", path = "/api/call/turn") =>
      rawRequest(
        { method, path, headers: { host, origin, "content-type": "application/json" } },
        method === "POST" ? line : undefined,
      );
    expect((await from("http://evil.example")).status).toBe(403);
    expect((await from("null")).status).toBe(403);
    // Another port on the same machine is another origin.
    expect((await from("http://127.0.0.1:1")).status).toBe(403);
    expect((await from("http://evil.example", "POST", "/api/call/new")).status).toBe(403);
    expect((await from("http://evil.example", "GET", "/api/state")).status).toBe(403);
    expect((await get<CallView>("/api/state")).events.some((e) => e.type === "caller_said")).toBe(false);
    // The studio's own page is let through.
    expect((await from(`http://${host}`)).status).toBe(200);
  });

  it("answers no CORS preflight, so no other site may send JSON", async () => {
    const { port } = await open();
    const preflight = await rawRequest({
      method: "OPTIONS",
      path: "/api/call/turn",
      headers: {
        host: `127.0.0.1:${port}`,
        origin: "http://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(403);
    expect(Object.keys(preflight.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    const own = await rawRequest({
      method: "GET",
      path: "/api/state",
      headers: { host: `127.0.0.1:${port}` },
    });
    expect(Object.keys(own.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
  });
});

/** friseur-1's simulator on the studio's start time. */
function startSimulator(): CalendarSimulator {
  return new CalendarSimulator({
    profile: loadBusinessProfile("friseur-1"),
    clock: () => DateTime.fromISO(START, { setZone: true }),
  });
}

/** The simulator as a calendar backend with some of its methods replaced: a slow, lossy or counted calendar. */
function simulatorWith(simulator: CalendarSimulator, replaced: Partial<CalendarBackend>): CalendarBackend {
  return {
    getSlots: (query) => simulator.getSlots(query),
    hold: (eventTypeId, slotStart, owner) => simulator.hold(eventTypeId, slotStart, owner),
    releaseHold: (uid) => simulator.releaseHold(uid),
    book: (req) => simulator.book(req),
    findBookings: (query) => simulator.findBookings(query),
    cancel: (uid, reason) => simulator.cancel(uid, reason),
    reschedule: (uid, start, reason) => simulator.reschedule(uid, start, reason),
    ...replaced,
  };
}

describe("a call", () => {
  it("starts greeted, on the pinned clock", async () => {
    await open();
    const call = await get<CallView>("/api/state");
    expect(call).toMatchObject({
      model: "rule",
      business: { id: "friseur-1", name: "Friseur 1", timezone: "Europe/Berlin" },
      calendar: "simulator (in-process)",
      pinned: true,
      ended: false,
      busy: false,
    });
    expect(call.now.startsWith("2025-10-25T20:17")).toBe(true);
    expect(call.events.map((e) => e.type)).toEqual(["call_started", "agent_said"]);
  });

  it("shows its offers with ids, its hold with the expiry and its booking with the name in the week", async () => {
    await open();
    await say("Ich hätte gern einen Herrenhaarschnitt.");
    expect((await say("Morgen um zehn?")).say).toContain("26. Oktober, um 10:00 Uhr ist ein Termin");
    let week = await get<WeekView>("/api/calendar");
    expect(week).toMatchObject({
      from: "2025-10-20",
      to: "2025-10-26",
      today: "2025-10-25",
      next: "2025-10-27",
    });
    expect(week.service).toEqual({ id: "herrenhaarschnitt", name: "Herrenhaarschnitt", minutes: 30 });
    expect(week.offered).toEqual([
      {
        id: "S1",
        service: "Herrenhaarschnitt",
        date: "2025-10-26",
        from: "10:00",
        to: "10:30",
        start: expect.any(String),
      },
    ]);
    expect(week.days.find((d) => d.date === "2025-10-22")?.open).toEqual([]);
    expect(week.free.filter((s) => s.date === "2025-10-26").map((s) => s.from)).toContain("10:00");
    // Past days have nothing free.
    expect(week.free.every((s) => s.date === "2025-10-26")).toBe(true);

    await say("Ja, gerne.");
    week = await get<WeekView>("/api/calendar");
    expect(week.holds).toEqual([
      {
        date: "2025-10-26",
        from: "10:00",
        to: "10:30",
        mine: true,
        offerId: "S1",
        until: expect.stringMatching(/^20:2\d:\d\d$/),
      },
    ]);
    // Held is not free.
    expect(week.free.some((s) => s.date === "2025-10-26" && s.from === "10:00")).toBe(false);

    expect((await say("Hans Schuster.")).say).toContain("ist gebucht");
    week = await get<WeekView>("/api/calendar");
    expect(week.holds).toEqual([]);
    expect(week.bookings).toEqual([
      {
        date: "2025-10-26",
        from: "10:00",
        to: "10:30",
        mine: true,
        confirmed: true,
        status: "accepted",
        name: "Hans Schuster",
        service: "Herrenhaarschnitt",
      },
    ]);
    const call = await get<CallView>("/api/state");
    const tools = call.events.flatMap((e) => (e.type === "tool_call" ? [e.name] : []));
    expect(tools).toEqual(["check_availability", "hold_slot", "book_appointment"]);
    expect(call.events.some((e) => e.type === "calendar_request" && e.method === "book")).toBe(true);
  });

  it("a new call keeps the calendar: the earlier booking is someone else's now, without a name", async () => {
    await open();
    for (const line of BOOKING) await say(line);
    const before = (await get<CallView>("/api/state")).callId;
    const next = await post<CallView>("/api/call/new", {});
    expect(next.callId).not.toBe(before);
    expect(next.events.map((e) => e.type)).toEqual(["call_started", "agent_said"]);
    const week = await get<WeekView>("/api/calendar?week=2025-10-26");
    expect(week.bookings).toEqual([
      {
        date: "2025-10-26",
        from: "10:00",
        to: "10:30",
        mine: false,
        confirmed: false,
        status: "accepted",
        name: null,
        service: null,
      },
    ]);
    expect(week.offered).toEqual([]);
  });

  it("sends only the events after the page's last one, and the whole trace for another call", async () => {
    await open();
    const first = await get<CallView>("/api/state");
    expect(first.after).toBe(0);
    const last = first.events.at(-1)?.seq ?? 0;
    await say("Ich hätte gern einen Herrenhaarschnitt.");
    const all = await get<CallView>("/api/state");
    const next = await get<CallView>(`/api/state?call=${first.callId}&since=${last}`);
    expect(next.after).toBe(last);
    expect(next.events.length).toBeGreaterThan(0);
    expect(next.events.every((e) => e.seq > last)).toBe(true);
    expect([...first.events, ...next.events]).toEqual(all.events);
    // Another call's id, or a number that is none: the whole trace.
    expect((await get<CallView>(`/api/state?call=call_other&since=${last}`)).events).toEqual(all.events);
    expect((await get<CallView>(`/api/state?call=${first.callId}&since=abc`)).after).toBe(0);
  });

  it("cuts a caller line to the loop's bound where it enters, as in every other channel", async () => {
    await open();
    await say("a".repeat(5_000));
    const line = (await get<CallView>("/api/state")).events.find((e) => e.type === "caller_said");
    expect(line?.type === "caller_said" && [line.text.length, line.cutFrom]).toEqual([2_000, 5_000]);
  });

  it("a booking of this call whose answer was lost is shown as this call's, not confirmed, never as someone else's", async () => {
    const simulator = startSimulator();
    const lost = () => new CalendarError("unavailable", "the answer was lost");
    const backend = simulatorWith(simulator, {
      // The booking is made, but its answer never arrives, and no look-up gets through afterwards.
      book: async (req) => {
        await simulator.book(req);
        throw lost();
      },
      findBookings: async () => {
        throw lost();
      },
    });
    await open({ calendar: { backend, simulator, label: "lossy simulator" } });
    for (const line of BOOKING) await say(line);
    const week = await get<WeekView>("/api/calendar?week=2025-10-26");
    expect(week.bookings).toEqual([
      expect.objectContaining({
        date: "2025-10-26",
        from: "10:00",
        mine: true,
        confirmed: false,
        status: "accepted",
      }),
    ]);
  });

  it("on a remote calendar, redrawing the pane asks for free slots again only after the call used the calendar", async () => {
    const simulator = startSimulator();
    let asked = 0;
    const backend = simulatorWith(simulator, {
      getSlots: (query) => {
        asked += 1;
        return simulator.getSlots(query);
      },
    });
    // No simulator handed over: the studio sees a remote calendar, as with --calendar URL.
    await open({ calendar: { backend, simulator: null, label: "remote" } });
    await get<WeekView>("/api/calendar");
    await get<WeekView>("/api/calendar");
    await get<WeekView>("/api/calendar");
    expect(asked).toBe(1);
    await say("Ich hätte gern einen Herrenhaarschnitt.");
    await say("Morgen um zehn?"); // the call's own look-up
    expect(asked).toBe(2);
    await get<WeekView>("/api/calendar");
    await get<WeekView>("/api/calendar");
    expect(asked).toBe(3);
  });

  it("answers 409 to a second turn, a new call or a repeat while a turn still waits for the calendar", async () => {
    const simulator = startSimulator();
    let reached: () => void = () => undefined;
    const slotsAsked = new Promise<void>((r) => {
      reached = r;
    });
    let answer: () => void = () => undefined;
    const answered = new Promise<void>((r) => {
      answer = r;
    });
    let slow = false;
    const backend = simulatorWith(simulator, {
      getSlots: async (query) => {
        if (slow) {
          reached();
          await answered;
        }
        return simulator.getSlots(query);
      },
    });
    await open({ calendar: { backend, simulator, label: "slow simulator" } });
    await say("Ich hätte gern einen Herrenhaarschnitt.");
    slow = true;
    const first = say("Morgen um zehn?");
    await slotsAsked;
    const busy = "a turn is still running; wait for the agent's answer";
    expect(await post("/api/call/turn", { text: "Hallo?" }, 409)).toEqual({ error: busy });
    expect(await post("/api/call/new", {}, 409)).toEqual({ error: busy });
    expect(await post("/api/call/repeat", {}, 409)).toEqual({ error: busy });
    expect((await get<CallView>("/api/state")).busy).toBe(true);
    answer();
    expect((await first).say).toContain("26. Oktober, um 10:00 Uhr ist ein Termin");
    const call = await get<CallView>("/api/state");
    expect(call.busy).toBe(false);
    // The refused line was not said.
    expect(call.events.flatMap((e) => (e.type === "caller_said" ? [e.text] : []))).toEqual([
      "Ich hätte gern einen Herrenhaarschnitt.",
      "Morgen um zehn?",
    ]);
    expect((await say("Ja, gerne.")).error).toBeNull();
  });

  it("a new call can pin the clock to another start, read in the business's zone", async () => {
    await open();
    const call = await post<CallView>("/api/call/new", { now: "2025-11-03T09:00" });
    expect(call.now.startsWith("2025-11-03T09:00")).toBe(true);
    expect(call.now.endsWith("+01:00")).toBe(true);
    const week = await get<WeekView>("/api/calendar");
    expect(week.from).toBe("2025-11-03");
    expect((await post<{ error: string }>("/api/call/new", { now: "next tuesday" }, 400)).error).toContain(
      "--now must be an ISO date and time",
    );
  });

  it("a new call that cannot start leaves the clock as it was: the current call goes on at its own time", async () => {
    const dir = tempDir();
    cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
    await open({ templatesDir: dir });
    writeFileSync(join(dir, "available.hbs"), "{{#if}");
    const refused = await post<{ error: string }>("/api/call/new", { now: "2025-11-03T09:00" }, 400);
    expect(refused.error).toContain("available.hbs");
    const state = await get<CallView>("/api/state");
    expect(state.now.startsWith("2025-10-25T20:1")).toBe(true);
    expect((await get<WeekView>("/api/calendar")).from).toBe("2025-10-20");
  });

  it("switches weeks and services on request", async () => {
    await open();
    const week = await get<WeekView>("/api/calendar?week=2025-10-29&service=faerben");
    expect(week).toMatchObject({ from: "2025-10-27", to: "2025-11-02", previous: "2025-10-20" });
    expect(week.service.id).toBe("faerben");
    expect(week.free.length).toBeGreaterThan(0);
    expect(week.free.every((s) => s.date >= "2025-10-27" && s.date <= "2025-11-02")).toBe(true);
  });

  it("a new call reads an edited business profile; the calendar keeps its bookings", async () => {
    const dir = tempDir();
    const file = join(dir, "salon.yaml");
    const original = readFileSync(join(PROMPTS_DIR, "businesses", "friseur-1.yaml"), "utf8").replace(
      /^id: friseur-1$/m,
      "id: salon",
    );
    writeFileSync(file, original);
    await open({ business: file });
    for (const line of BOOKING) await say(line);
    writeFileSync(file, original.replace(/^name: .*$/m, "name: Salon Neu"));
    const call = await post<CallView>("/api/call/new", {});
    expect(call.business.name).toBe("Salon Neu");
    const week = await get<WeekView>("/api/calendar?week=2025-10-26");
    expect(week.bookings.map((b) => [b.date, b.from, b.mine])).toEqual([["2025-10-26", "10:00", false]]);
    // A profile broken mid-edit is refused with its file named; the call goes on.
    writeFileSync(file, "id: salon\nname: [");
    expect((await post<{ error: string }>("/api/call/new", {}, 400)).error).toContain(file);
    expect((await get<CallView>("/api/state")).callId).toBe(call.callId);
  });
});

describe("trace downloads", () => {
  it("gives the call's trace as Markdown and as redacted JSON", async () => {
    const { url } = await open();
    await say("Ich hätte gern einen Herrenhaarschnitt.");
    const callId = (await get<CallView>("/api/state")).callId;
    const md = await fetch(new URL("/api/trace.md", url));
    expect(md.headers.get("content-disposition")).toBe(`attachment; filename="${callId}.md"`);
    expect(await md.text()).toContain(`CALL TRACE: ${callId}`);
    const json = await fetch(new URL("/api/trace.json", url));
    const text = await json.text();
    expect(JSON.parse(text).map((e: { type: string }) => e.type)).toContain("caller_said");
    expect(text).not.toContain("1701234567");
    expect((await fetch(new URL("/api/trace.md?of=replay", url))).status).toBe(404);
  });
});

describe("replay", () => {
  it("lists the transcripts and replays the reference call with every check passed", async () => {
    const { url } = await open();
    const list = await get<{ name: string }[]>("/api/transcripts");
    expect(list.map((t) => t.name)).toContain("hans-schuster");
    const view = await post<ReplayView>("/api/replay", { name: "hans-schuster" });
    expect(view.passed).toBe(true);
    expect(view.turns).toHaveLength(9);
    expect(view.turns[1]?.checks.map((c) => c.label)).toEqual([
      'says "26. Oktober"',
      'says "9:30"',
      'says "10:30"',
      'not_says "am gleichen Tag"',
      'not_says "06:00"',
      'not_says "08:30"',
      "invariant 1",
      "invariant 2",
      "invariant 3",
      "invariant 4",
      "invariant 7",
    ]);
    expect(view.turns.flatMap((t) => t.checks).every((c) => c.ok && c.message === null)).toBe(true);
    expect(view.callChecks.map((c) => [c.label, c.ok])).toEqual([
      ["booked", true],
      ["cancelled", true],
      ["invariant 5", true],
      ["invariant 6", true],
      ["invariant 8", true],
    ]);
    const md = await fetch(new URL("/api/trace.md?of=replay", url));
    expect(await md.text()).toContain("CALL TRACE: replay_hans-schuster");
  });

  it("shows a broken template's failing invariant at its turn, with the message", async () => {
    const dir = tempDir();
    cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
    const file = join(dir, "slot-taken.hbs");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "{{> alternatives-list day=chosen instead=true}}",
        "Was kann ich sonst tun?",
      ),
    );
    await open({ templatesDir: dir });
    const view = await post<ReplayView>("/api/replay", {
      file: join(ROOT, "evals", "transcripts", "hans-schuster.yaml"),
    });
    expect(view.passed).toBe(false);
    const failed = view.turns.flatMap((t) =>
      t.checks.filter((c) => !c.ok).map((c) => ({ turn: t.turn, ...c })),
    );
    expect(failed).toEqual([
      {
        turn: 6,
        check: "invariant 4",
        label: "invariant 4",
        ok: false,
        message: "after the booking conflict the reply offers none of the new alternatives",
      },
    ]);
    expect(view.callChecks.every((c) => c.ok)).toBe(true);
  });

  it("refuses an unknown name and a file that is not YAML", async () => {
    await open();
    expect((await post<{ error: string }>("/api/replay", { name: "nope" }, 404)).error).toContain(
      'no transcript "nope"',
    );
    expect((await post<{ error: string }>("/api/replay", { file: "/etc/passwd" }, 400)).error).toBe(
      'a transcript is a .yaml or .yml file, got "/etc/passwd"',
    );
    expect((await post<{ error: string }>("/api/replay", { file: "/nowhere/x.yaml" }, 400)).error).toBe(
      "/nowhere/x.yaml: no such file",
    );
  });

  it("reads a file given by path only as a transcript: nothing of another YAML file comes back", async () => {
    const dir = tempDir();
    const files = {
      "broken.yaml": "token: abc: SECRET-1\n",
      "config.yml": "password: SECRET-2\nhosts: [SECRET-3]\n",
      "wrong.yaml": "name: SECRET-4\nnow: SECRET-5\nbusiness: SECRET-6\nturns: [{caller: SECRET-7}]\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    mkdirSync(join(dir, "folder.yaml"));
    await open();
    for (const name of Object.keys(files)) {
      const file = join(dir, name);
      const { error } = await post<{ error: string }>("/api/replay", { file }, 400);
      expect(error).toBe(`${file}: not a transcript (termin replay ${file} says why)`);
    }
    const folder = join(dir, "folder.yaml");
    expect((await post<{ error: string }>("/api/replay", { file: folder }, 400)).error).toBe(
      `${folder}: not a regular file`,
    );
  });

  it("counts a whole-call check that failed at a turn once, and takes the verdict from the runner", async () => {
    const loaded = loadTranscript(join(ROOT, "evals", "transcripts", "hans-schuster.yaml"));
    const report = await replayTranscript(loaded, { model: "rule", env: {} });
    const failure = {
      check: "invariant 5",
      turn: 9,
      message: 'booking for slot "S9" that was never offered',
    };
    const view = layOutReplay(loaded, { ...report, passed: false, failures: [failure] });
    expect(view.passed).toBe(false);
    expect(view.counts.failed).toBe(1);
    const shown = [
      ...view.turns.flatMap((t) => [...t.checks, ...t.callChecksFailedHere]),
      ...view.callChecks,
    ].filter((c) => !c.ok);
    // Shown twice (where it happened and among the call's checks), counted once.
    expect(shown.map((c) => c.label)).toEqual(["invariant 5", "invariant 5"]);
    expect(view.turns[8]?.callChecksFailedHere.map((c) => c.message)).toEqual([failure.message]);
    expect(view.counts.checks).toBe(layOutReplay(loaded, report).counts.checks);
  });
});

describe("the event stream", () => {
  it("tells the page when the call changed and which watched files were edited", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "booked.hbs"), "x");
    const { url } = await open({ watch: [dir], base: dir });
    const controller = new AbortController();
    const response = await fetch(new URL("/api/events", url), { signal: controller.signal });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = "";
    const until = async (text: string) => {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before "${text}"`);
        received += decoder.decode(value);
      }
    };
    await until(": studio");
    await say("Hallo");
    await until("event: call\n");
    writeFileSync(join(dir, "booked.hbs"), "y");
    await until('event: files\ndata: {"changed":["booked.hbs"]}');
    // Closing the studio ends the stream (the page's EventSource then tries to reconnect).
    await studio?.close();
    studio = null;
    while (!(await reader.read()).done);
  });

  it(`takes at most ${MAX_EVENT_STREAMS} streams at once`, async () => {
    const { url } = await open();
    const controller = new AbortController();
    const events = new URL("/api/events", url);
    try {
      for (let i = 0; i < MAX_EVENT_STREAMS; i++)
        expect((await fetch(events, { signal: controller.signal })).status).toBe(200);
      const refused = await fetch(events);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({
        error: `${MAX_EVENT_STREAMS} pages are open already; close one`,
      });
    } finally {
      controller.abort();
    }
  });
});

describe("repeat call", () => {
  it("says the same caller lines in a new call from the same start, with the templates as edited now", async () => {
    const dir = tempDir();
    cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
    await open({ templatesDir: dir });
    const lines = [
      "Ich hätte gern einen Herrenhaarschnitt.",
      "Morgen um zehn?",
      "Ja, gerne.",
      "Hans Schuster.",
    ];
    for (const line of lines) await say(line);
    const first = await get<CallView>("/api/state");
    const booked = join(dir, "booked.hbs");
    writeFileSync(booked, `Neu gebucht. ${readFileSync(booked, "utf8")}`);
    const repeated = await post<CallView>("/api/call/repeat", {});
    expect(repeated.callId).not.toBe(first.callId);
    const said = (call: CallView, type: "caller_said" | "agent_said") =>
      call.events.flatMap((e) => (e.type === type ? [e.text] : []));
    expect(said(repeated, "caller_said")).toEqual(lines);
    expect(said(repeated, "agent_said").at(-1)).toMatch(/^Neu gebucht\. Erledigt: .* ist gebucht/);
    const start = (call: CallView) => call.events.find((e) => e.type === "call_started")?.at.slice(0, 16);
    expect(start(repeated)).toBe(start(first));
    // The first call's booking was cancelled, so the repeat booked the same slot again: one booking, this call's.
    const week = await get<WeekView>("/api/calendar?week=2025-10-26");
    expect(week.bookings.map((b) => [b.from, b.mine, b.status])).toEqual([["10:00", true, "accepted"]]);
  });
});
