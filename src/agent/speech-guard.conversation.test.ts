/**
 * The speech guard in the conversation loop, with the real `openai` SDK against the local OpenAI-compatible stub:
 * a scripted model commits each of the seven violations; the caller hears the turn's template instead and the trace
 * records `speech_guarded`. Correct words pass untouched; `warn` speaks them and records; `off` does nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import type { SpeechGuardedEvent } from "../trace/events.ts";
import { startCall } from "./call.ts";
import { createOpenAIModel } from "./openai-model.ts";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "./openai-stub-server.ts";
import type { GuardMode } from "./speech-guard.ts";

const business = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";
const stubs: OpenAIStub[] = [];
afterEach(async () => {
  for (const s of stubs.splice(0)) await s.close();
});

const check = (day: string, time: string) =>
  JSON.stringify({ service: "Herrenhaarschnitt", day, time, person: null, reschedule_booking_id: null });

async function call(script: StubStep[], guard?: GuardMode) {
  const stub = await startOpenAIStub(script);
  stubs.push(stub);
  const clock = manualClock(NOW);
  const sim = new CalendarSimulator({ profile: business, clock });
  const model = createOpenAIModel({ baseURL: stub.baseURL, apiKey: "test", timeoutMs: 500, maxRetries: 1 });
  const c = startCall({
    business,
    calendar: sim,
    clock,
    callerPhone: "+491701234567",
    model,
    env: {},
    ...(guard === undefined ? {} : { guard }),
  });
  c.conversation.greet();
  const guarded = () =>
    c.recorder
      .events()
      .filter((e): e is SpeechGuardedEvent & { at: string; seq: number } => e.type === "speech_guarded");
  return { ...c, stub, guarded };
}

/** A check that offers alternatives on other days: Wednesday 29 October is a closed day at friseur-1. */
const closedDayCheck: StubStep = {
  toolCalls: [{ name: "check_availability", arguments: check("am Mittwoch", "um zehn") }],
};
/** A check of a free slot: morgen, Sonntag, 26. Oktober, um 10:00 Uhr. */
const freeCheck: StubStep = {
  toolCalls: [{ name: "check_availability", arguments: check("morgen", "um zehn") }],
};

describe("each violation is replaced by the turn's template and traced", () => {
  it.each([
    ["undated_time", freeCheck, "Um 10:00 Uhr hätte ich noch etwas frei."],
    ["unknown_time", freeCheck, "Morgen, Sonntag, 26. Oktober, um 14:00 Uhr ist ein Termin frei."],
    ["same_day", closedDayCheck, "Am gleichen Tag hätte ich noch 9:30 oder 10:30 Uhr."],
    ["weekday_mismatch", freeCheck, "Am Montag, 26. Oktober, um 10:00 Uhr ist ein Termin frei."],
    ["generic_error", freeCheck, "Leider ist ein unerwarteter Fehler aufgetreten."],
    ["unconfirmed_claim", freeCheck, "Ihr Termin ist gebucht. Bis morgen!"],
    ["other_customer", freeCheck, "Frau Meier erreichen Sie unter 0171 9876543."],
  ])("%s", async (rule, step, wrong) => {
    const { conversation, guarded } = await call([step, { content: wrong }]);
    const r = await conversation.turn("Einen Herrenhaarschnitt, bitte.");
    const say = r.tools[0]?.result.say ?? "";
    expect(say).not.toBe("");
    expect(r.say).toBe(say);
    expect(r.say).not.toContain(wrong);
    const [event] = guarded();
    expect(event?.rules.map((x) => x.rule)).toContain(rule);
    expect(event).toMatchObject({ mode: "strict", text: wrong, replacement: say, turn: 1 });
  });

  it("with no tool this turn, the caller is asked what to look up (no date, time or claim of its own)", async () => {
    const { conversation, guarded, session } = await call([{ content: "Morgen um 10 Uhr ist frei." }]);
    const r = await conversation.turn("Haben Sie morgen um zehn was frei?");
    expect(r.say).toBe(session.say("speech-guarded", {}));
    expect(r.say).not.toMatch(/\d/);
    expect(guarded()[0]?.rules.map((x) => x.rule)).toContain("undated_time");
  });

  it("the next request shows the model what the caller heard, not its flagged words", async () => {
    const { conversation, stub } = await call([
      closedDayCheck,
      { content: "Am gleichen Tag hätte ich noch 9:30 oder 10:30 Uhr." },
      { content: "Gern." },
    ]);
    const r = await conversation.turn("Einen Herrenhaarschnitt am Mittwoch um zehn.");
    await conversation.turn("Danke.");
    const sent = JSON.stringify(stub.requests.at(-1)?.body.messages);
    expect(sent).not.toContain("Am gleichen Tag");
    expect(sent).toContain(JSON.stringify(r.say).slice(1, -1));
  });
});

describe("modes", () => {
  const wrong = "Am gleichen Tag hätte ich noch 9:30 oder 10:30 Uhr.";

  it("warn: the model's words are spoken and the event is recorded without a replacement", async () => {
    const { conversation, guarded } = await call([closedDayCheck, { content: wrong }], "warn");
    const r = await conversation.turn("Einen Herrenhaarschnitt am Mittwoch um zehn.");
    expect(r.say).toBe(wrong);
    expect(guarded()[0]).toMatchObject({ mode: "warn", text: wrong, replacement: null });
  });

  it("off: nothing is checked", async () => {
    const { conversation, guarded } = await call([closedDayCheck, { content: wrong }], "off");
    const r = await conversation.turn("Einen Herrenhaarschnitt am Mittwoch um zehn.");
    expect(r.say).toBe(wrong);
    expect(guarded()).toEqual([]);
  });

  it("TERMIN_GUARD sets the mode; an unknown value is refused at setup", async () => {
    const stub = await startOpenAIStub([]);
    stubs.push(stub);
    const clock = manualClock(NOW);
    const sim = new CalendarSimulator({ profile: business, clock });
    const model = createOpenAIModel({ baseURL: stub.baseURL, apiKey: "test", timeoutMs: 500, maxRetries: 1 });
    const setup = { business, calendar: sim, clock, callerPhone: "+491701234567", model };
    expect(() => startCall({ ...setup, env: { TERMIN_GUARD: "loose" } })).toThrow(/TERMIN_GUARD=loose/);
    expect(() => startCall({ ...setup, env: { TERMIN_GUARD: "warn" } })).not.toThrow();
  });
});

describe("correct speech passes untouched", () => {
  it.each([
    "Morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist ein Termin frei. Soll ich ihn für Sie buchen?",
    "Ja, am Sonntag, 26. Oktober, um 10:00 Uhr hätte ich einen Termin für Sie. Passt Ihnen das?",
    "Gern. Morgen, Sonntag, den 26. Oktober, geht es um 10:00 Uhr. Darf ich den Termin reservieren?",
    "Unter Ihrer Nummer 0170 1234567 ist noch nichts gebucht. Soll ich den Termin am Sonntag, 26. Oktober, um 10:00 Uhr buchen?",
  ])("%s", async (right) => {
    const { conversation, guarded } = await call([freeCheck, { content: right }]);
    const r = await conversation.turn("Haben Sie morgen um zehn einen Herrenhaarschnitt frei?");
    expect(r.say).toBe(right);
    expect(guarded()).toEqual([]);
  });
});
