/**
 * `startCall` and `chooseModel`: the model choice of DESIGN.md, what a call records when it starts, and the
 * rule-based model driving a whole conversation through the loop with a traced calendar.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { ConfigError } from "../errors.ts";
import { createTraceRecorder } from "../trace/recorder.ts";
import { type CallSetup, chooseModel, startCall } from "./call.ts";
import type { ChatModel } from "./model.ts";
import { renderSystemPrompt } from "./system-prompt.ts";

const business = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";

function setup(extra: Partial<CallSetup> = {}): CallSetup & { sim: CalendarSimulator } {
  const clock = manualClock(NOW);
  const sim = new CalendarSimulator({ profile: business, clock });
  return { business, calendar: sim, clock, callerPhone: "+491701234567", env: {}, sim, ...extra };
}

describe("chooseModel", () => {
  const clock = manualClock(NOW);
  const base = { business, clock };

  it("uses a ready model as it is", () => {
    const model: ChatModel = { name: "mine", complete: async () => ({ content: "x", toolCalls: [] }) };
    expect(chooseModel({ ...base, model, env: { OPENAI_API_KEY: "k" } })).toBe(model);
  });

  it("defaults to the rule model with no key or base URL, and to OpenAI when one is set", () => {
    expect(chooseModel({ ...base, env: {} }).name).toBe("rule");
    expect(chooseModel({ ...base, env: { OPENAI_API_KEY: "  " } }).name).toBe("rule");
    expect(chooseModel({ ...base, env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" } }).name).toBe(
      "openai:gpt-4.1-mini",
    );
    expect(chooseModel({ ...base, env: { OPENAI_API_KEY: "k", TERMIN_MODEL: "gpt-x" } }).name).toBe(
      "openai:gpt-x",
    );
  });

  it("honours an explicit choice, and refuses openai without a server", () => {
    expect(chooseModel({ ...base, model: "rule", env: { OPENAI_API_KEY: "k" } }).name).toBe("rule");
    expect(() => chooseModel({ ...base, model: "openai", env: {} })).toThrow(ConfigError);
    expect(() => chooseModel({ ...base, model: "openai", env: {} })).toThrow(/OPENAI_API_KEY/);
  });
});

describe("startCall", () => {
  it("records call_started with the business, model, caller and the call's local now", () => {
    const call = startCall(setup({ callId: "call_test_1", model: "rule" }));
    expect(call.callId).toBe("call_test_1");
    expect(call.model.name).toBe("rule");
    expect(call.recorder.events()).toEqual([
      {
        type: "call_started",
        callId: "call_test_1",
        business: { id: "friseur-1", name: "Friseur 1", timezone: "Europe/Berlin" },
        callerPhone: "+491701234567",
        model: "rule",
        now: "2025-10-25T20:17:50.000+02:00",
        at: "2025-10-25T20:17:50.000+02:00",
        seq: 1,
      },
    ]);
  });

  it("gives each call a fresh id, records a withheld number as empty, and uses a given recorder", () => {
    const clock = manualClock(NOW);
    const recorder = createTraceRecorder({ clock, zone: "Europe/Berlin" });
    const a = startCall(setup({ callerPhone: null, recorder }));
    const b = startCall(setup());
    expect(a.callId).toMatch(/^call_[0-9a-f]{24}$/);
    expect(a.callId).not.toBe(b.callId);
    expect(a.recorder).toBe(recorder);
    expect(recorder.events()[0]).toMatchObject({ type: "call_started", callerPhone: "" });
  });

  it("opens the conversation with the rendered system prompt for this business, clock and caller", () => {
    const s = setup({ callerPhone: null });
    const call = startCall(s);
    expect(call.conversation.messages).toEqual([
      {
        role: "system",
        content: renderSystemPrompt({ business, now: DateTime.fromISO(NOW), callerPhone: null }),
      },
    ]);
    expect(call.conversation.messages[0]?.content).toContain("unterdrückt");
  });
});

describe("startCall with a withheld number", () => {
  it.each(["", "anonymous"])("treats %j from telephony as withheld: prompt says unterdrückt", (raw) => {
    const call = startCall(setup({ callerPhone: raw }));
    expect(call.conversation.messages[0]?.content).toContain("aus der Telefonie: unterdrückt.");
    expect(call.session.callerPhone).toBeNull();
    expect(call.recorder.events()[0]).toMatchObject({ type: "call_started", callerPhone: "" });
  });
});

describe("rule model through the loop", () => {
  it("books in a 4-turn call with explicit dates, and the trace tells the story in order", async () => {
    const s = setup({ model: "rule" });
    const call = startCall(s);
    const { conversation, recorder } = call;
    expect(conversation.greet()).toBe("Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?");

    const first = await conversation.turn("Ich hätte gern einen Herrenhaarschnitt.");
    expect(first.tools).toEqual([]);
    expect(first.say).toMatch(/Herrenhaarschnitt/);
    expect(first.say).not.toMatch(/\d{1,2}:\d{2}/); // no time before the calendar was asked

    const second = await conversation.turn("Haben Sie morgen um zehn Uhr einen Termin frei?");
    expect(second.tools.map((t) => [t.name, t.result.status])).toEqual([["check_availability", "available"]]);
    expect(second.say).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");

    const third = await conversation.turn("Hans Schuster.");
    expect(third.say).toContain("Hans Schuster");
    expect(third.say).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    expect(s.sim.listBookings()).toEqual([]); // no booking before the caller agreed

    const fourth = await conversation.turn("Ja, bitte.");
    expect(fourth.tools.map((t) => t.result.status)).toEqual(["booked"]);
    expect(fourth.say).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    // 26 Oct is the day summer time ends: 10:00 local is 09:00Z (CET), not 08:00Z.
    expect(s.sim.listBookings().map((b) => [b.start, b.attendees[0]?.name])).toEqual([
      ["2025-10-26T09:00:00.000Z", "Hans Schuster"],
    ]);

    const spoken = recorder
      .events()
      .filter((e) => e.type === "caller_said" || e.type === "tool_call" || e.type === "agent_said")
      .map((e) => `${e.type}${e.type === "tool_call" ? `:${e.name}` : ""}@${e.turn}`);
    expect(spoken).toEqual([
      "agent_said@0",
      "caller_said@1",
      "agent_said@1",
      "caller_said@2",
      "tool_call:check_availability@2",
      "agent_said@2",
      "caller_said@3",
      "agent_said@3",
      "caller_said@4",
      "tool_call:book_appointment@4",
      "agent_said@4",
    ]);
    const agentSaid = recorder.events().filter((e) => e.type === "agent_said");
    expect(agentSaid.map((e) => e.text)).toEqual([
      conversation.messages[1]?.content,
      first.say,
      second.say,
      third.say,
      fourth.say,
    ]);

    // The calendar requests come from the traced backend, inside the tool that made them.
    const types = recorder.events().map((e) => (e.type === "calendar_request" ? `cal:${e.method}` : e.type));
    const calendar = types.filter((t) => t.startsWith("cal:"));
    expect(calendar[0]).toBe("cal:getSlots");
    expect(calendar).toContain("cal:book");
    expect(types.indexOf("cal:getSlots")).toBeLessThan(types.indexOf("tool_call"));
    expect(types.indexOf("cal:getSlots")).toBeGreaterThan(types.indexOf("caller_said"));
    const getSlots = recorder.events().find((e) => e.type === "calendar_request");
    expect(getSlots).toMatchObject({ status: "ok", request: { eventTypeId: 3672814 } });
    expect(recorder.summary()).toMatchObject({
      turns: 4,
      bookingMade: true,
      bookedStart: "2025-10-26T10:00:00.000+01:00",
    });
  });

  it("offers dated alternatives when the asked time is taken", async () => {
    const s = setup({ model: "rule" });
    s.sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-26T10:00",
      name: "Eva Brandt",
      phone: "+4917000000001",
    });
    const { conversation } = startCall(s);
    conversation.greet();
    const reply = await conversation.turn("Einen Herrenhaarschnitt morgen um zehn Uhr, bitte.");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["alternatives"]);
    expect(reply.say).toContain("Sonntag, 26. Oktober");
    expect(reply.say).toMatch(/9:30 oder 10:30 Uhr/);
    expect(reply.say).not.toMatch(/am (gleichen|selben) Tag/);
    expect(reply.say).not.toContain("Eva");
  });
});
