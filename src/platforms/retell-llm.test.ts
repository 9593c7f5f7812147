/**
 * Retell's custom-LLM WebSocket driven like Retell drives it: config and greeting first, call_details with the
 * caller's number, response_required frames with the live transcript, ping_pong echoed; a whole booking over it.
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { createServeApp } from "./server.ts";

const business = loadBusinessProfile("friseur-1");
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

interface Frame {
  response_type: string;
  response_id?: number;
  content?: string;
  end_call?: boolean;
  timestamp?: number;
}

async function connect(
  secrets: { retell?: string } = { retell: "key_retell" },
  more: { path?: string; traceDir?: string } = {},
) {
  const clock = manualClock("2025-10-25T20:17:50+02:00");
  const sim = new CalendarSimulator({ profile: business, clock });
  const physio = loadBusinessProfile("physio-1");
  const { app } = createServeApp({
    business,
    calendar: sim,
    clock,
    secrets,
    model: "rule",
    env: {},
    businesses: (id) =>
      id === "physio-1"
        ? { business: physio, calendar: new CalendarSimulator({ profile: physio, clock }) }
        : null,
    ...(more.traceDir === undefined ? {} : { traceDir: more.traceDir }),
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  closers.push(() => app.close());
  const ws = new WebSocket(`${address.replace("http", "ws")}${more.path ?? "/retell/llm/call_123"}`);
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
  await new Promise((r) => ws.once("open", r));
  closers.unshift(async () => ws.close());
  /** The next frame matching, waiting for it. */
  const next = async (match: (f: Frame) => boolean): Promise<Frame> => {
    for (;;) {
      const i = frames.findIndex(match);
      if (i >= 0) return frames.splice(i, 1)[0] as Frame;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  const send = (frame: unknown) => ws.send(JSON.stringify(frame));
  return { sim, ws, next, send, frames, closed, app };
}

describe("GET /retell/llm/:call_id", () => {
  it("/b/<id>/retell/llm/... talks for that business and writes the call's trace when it ends", async () => {
    const traces = mkdtempSync(join(tmpdir(), "retell-trace-"));
    const { next, send, ws } = await connect(undefined, {
      path: "/b/physio-1/retell/llm/call_9",
      traceDir: traces,
    });
    send({ interaction_type: "call_details", call: { call_id: "call_9", from_number: "+491701234567" } });
    const greeting = await next((f) => f.response_type === "response" && f.response_id === 0);
    expect(greeting.content).toContain("Physio 1");
    ws.close();
    const md = join(traces, "retell_call_9.md");
    const written = () => readdirSync(traces).length === 2 && readFileSync(md, "utf8").includes("Physio 1");
    for (let i = 0; i < 300 && !written(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(traces).sort()).toEqual(["retell_call_9.json", "retell_call_9.md"]);
    expect(readFileSync(join(traces, "retell_call_9.md"), "utf8")).toContain("Physio 1");
  });

  it("shutting the server down ends open calls: their trace is written before close resolves", async () => {
    const traces = mkdtempSync(join(tmpdir(), "retell-shutdown-"));
    const { next, send, app } = await connect(undefined, { traceDir: traces });
    send({ interaction_type: "call_details", call: { call_id: "call_123", from_number: "+491701234567" } });
    await next((f) => f.response_type === "response" && f.response_id === 0);
    await app.close();
    expect(readdirSync(traces).sort()).toEqual(["retell_call_123.json", "retell_call_123.md"]);
  });

  it("an unknown business in the path closes the socket (1008)", async () => {
    const { closed } = await connect(undefined, { path: "/b/nobody/retell/llm/call_1" });
    expect(await closed).toBe(1008);
  });

  it("config, then the greeting after call_details; a whole booking; ping_pong echoed", async () => {
    const { sim, next, send } = await connect();
    expect(await next((f) => f.response_type === "config")).toMatchObject({
      config: { auto_reconnect: true, call_details: true },
    });
    send({ interaction_type: "call_details", call: { call_id: "call_123", from_number: "+491701234567" } });
    expect(await next((f) => f.response_type === "response" && f.response_id === 0)).toMatchObject({
      content: "Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?",
      content_complete: true,
    });
    send({ interaction_type: "ping_pong", timestamp: 42 });
    expect(await next((f) => f.response_type === "ping_pong")).toEqual({
      response_type: "ping_pong",
      timestamp: 42,
    });
    const transcript = [{ role: "agent", content: "Guten Tag" }];
    const say = async (id: number, text: string) => {
      transcript.push({ role: "user", content: text });
      send({ interaction_type: "response_required", response_id: id, transcript });
      const reply = await next((f) => f.response_type === "response" && f.response_id === id);
      transcript.push({ role: "agent", content: reply.content ?? "" });
      return reply;
    };
    const offer = await say(1, "Einen Herrenhaarschnitt morgen um zehn. Hans Schuster.");
    expect(offer.content).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    const booked = await say(2, "Ja, bitte.");
    expect(booked.content).toContain("gebucht");
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.phoneNumber])).toEqual([
      ["2025-10-26T09:00:00.000Z", "+491701234567"],
    ]);
    const bye = await say(3, "Nein danke, tschüss.");
    expect(bye.end_call).toBe(true);
  });

  it("a reply overtaken by a newer response_id is dropped; update_only is ignored", async () => {
    const { next, send, frames } = await connect();
    send({ interaction_type: "call_details", call: { from_number: "+491701234567" } });
    await next((f) => f.response_id === 0);
    send({ interaction_type: "update_only", transcript: [{ role: "user", content: "Hallo" }] });
    const t1 = [{ role: "user", content: "Einen Herrenhaarschnitt morgen um zehn." }];
    send({ interaction_type: "response_required", response_id: 1, transcript: t1 });
    send({
      interaction_type: "response_required",
      response_id: 2,
      transcript: [...t1, { role: "user", content: "Oder lieber um elf." }],
    });
    const two = await next((f) => f.response_type === "response" && f.response_id === 2);
    expect(two.content).toContain("11:00 Uhr");
    expect(frames.some((f) => f.response_id === 1)).toBe(false);
  });

  it("without RETELL_API_KEY (and no --insecure) the socket is closed at once", async () => {
    const { closed } = await connect({});
    expect(await closed).toBe(1008);
  });

  it("a reminder repeats the last sentence once; further reminders only listen (no loop)", async () => {
    const { next, send } = await connect();
    send({ interaction_type: "call_details", call: { from_number: "+491701234567" } });
    const greeting = await next((f) => f.response_id === 0);
    const remind = async (id: number) => {
      send({ interaction_type: "reminder_required", response_id: id, transcript: [] });
      return (await next((f) => f.response_id === id)).content;
    };
    expect(await remind(1)).toBe(greeting.content);
    expect(await remind(2)).toBe("");
    expect(await remind(3)).toBe("");
  });
});
