/**
 * The conversation loop: first with an in-process scripted model (what the loop itself does with messages,
 * steps, failures and the trace), then with the OpenAI model on the real `openai` SDK against the local stub
 * (issue 5, loop level: tools run on the simulator, results go back to the model with their call ids).
 */
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { countingBackend } from "../booking/__fixtures__/call.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import { createCalcomClient } from "../calendar/calcom-client.ts";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError, ConfigError } from "../errors.ts";
import type { TraceEvent } from "../trace/events.ts";
import { renderTraceMarkdown } from "../trace/markdown.ts";
import { countedTimers } from "./__fixtures__/timers.ts";
import { type Call, startCall } from "./call.ts";
import { Conversation } from "./conversation.ts";
import type { ChatMessage, ChatModel, ModelResponse } from "./model.ts";
import { createOpenAIModel } from "./openai-model.ts";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "./openai-stub-server.ts";
import { createRuleModel } from "./rule-model.ts";
import { MAX_CALLER_CHARS, MAX_CALLER_TURNS, type Timers, type TurnBudget } from "./turn-budget.ts";

const business = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";
/** prompts/responses/model-unavailable.hbs, as the caller hears it. */
const MODEL_UNAVAILABLE =
  "Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. " +
  "Bitte rufen Sie in ein paar Minuten noch einmal an.";
const checkArgs = JSON.stringify({
  service: "Herrenhaarschnitt",
  day: "morgen",
  time: "um zehn",
  person: null,
  reschedule_booking_id: null,
});

function simulator() {
  const clock = manualClock(NOW);
  return { clock, sim: new CalendarSimulator({ profile: business, clock }) };
}

// ---------------------------------------------------------------------------------------------------------
// The loop with a scripted in-process model

type FakeStep = ModelResponse | Error | ((messages: ChatMessage[]) => ModelResponse);

/** A model that answers from a script and keeps a copy of every history it was sent. */
function scriptedModel(script: FakeStep[]): ChatModel & { seen: ChatMessage[][] } {
  const seen: ChatMessage[][] = [];
  return {
    name: "scripted",
    seen,
    async complete(request) {
      const messages = request.messages.map((m) => ({ ...m }));
      seen.push(messages);
      const step = script[seen.length - 1];
      if (step === undefined) throw new Error(`scripted model: no step ${seen.length}`);
      if (step instanceof Error) throw step;
      return typeof step === "function" ? step(messages) : step;
    },
  };
}

const say = (content: string): ModelResponse => ({ content, toolCalls: [] });
const tool = (name: string, args: string, id = `call_${name}`, content: string | null = null) => ({
  content,
  toolCalls: [{ id, name, arguments: args }],
});

/** A Conversation on the simulator with its own options (startCall does not expose maxSteps). */
function loop(model: ChatModel, extra: { maxSteps?: number; afterTool?: (name: string) => void } = {}) {
  const { clock, sim } = simulator();
  const call = startCall({ business, calendar: sim, clock, callerPhone: "+491701234567", model });
  const conversation = new Conversation({
    model,
    session: call.session,
    recorder: call.recorder,
    systemPrompt: "SYSTEM",
    greeting: "Hallo!",
    modelUnavailableText: "MODELL WEG",
    ...(extra.maxSteps === undefined ? {} : { maxSteps: extra.maxSteps }),
    ...(extra.afterTool === undefined
      ? {}
      : { observer: { afterTool: (o: { name: string }) => extra.afterTool?.(o.name) } }),
  });
  return { conversation, recorder: call.recorder, sim };
}

/** Event types of one turn, in order, with the tool name for tool calls. */
function turnEvents(events: readonly TraceEvent[], turn: number): string[] {
  return events
    .filter((e) => "turn" in e && e.turn === turn)
    .map((e) => (e.type === "tool_call" ? `tool_call:${e.name}` : e.type));
}

describe("Conversation loop (scripted model)", () => {
  it("greets, then sends system + history to the model and speaks its plain answer", async () => {
    const model = scriptedModel([say("  Gern, wann denn?  ")]);
    const { conversation, recorder } = loop(model);
    expect(conversation.greet()).toBe("Hallo!");
    const reply = await conversation.turn("Ich möchte einen Termin.");
    expect(reply).toEqual({
      say: "Gern, wann denn?",
      tools: [],
      ended: false,
      fillers: [],
      timedOut: false,
    });
    expect(model.seen[0]).toEqual([
      { role: "system", content: "SYSTEM" },
      { role: "assistant", content: "Hallo!" },
      { role: "user", content: "Ich möchte einen Termin." },
    ]);
    expect(conversation.messages.at(-1)).toEqual({ role: "assistant", content: "  Gern, wann denn?  " });
    expect(turnEvents(recorder.events(), 1)).toEqual([
      "caller_said",
      "model_request",
      "model_response",
      "agent_said",
    ]);
  });

  it("runs a tool, feeds its result back as a tool message with the call's id, and joins what was spoken", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "call_x", "Einen Moment."),
      (messages) => {
        const last = messages.at(-1);
        if (last?.role !== "tool") return say("kein Werkzeugergebnis");
        return say(String((JSON.parse(last.content) as { say: string }).say));
      },
    ]);
    const { conversation, recorder } = loop(model);
    const reply = await conversation.turn("Morgen um zehn?");
    expect(reply.say).toMatch(/^Einen Moment\. Ja, morgen, Sonntag, 26\. Oktober, um 10:00 Uhr/);
    expect(reply.tools.map((t) => [t.name, t.result.status])).toEqual([["check_availability", "available"]]);
    const second = model.seen[1] ?? [];
    expect(second.at(-2)).toMatchObject({
      role: "assistant",
      content: "Einen Moment.",
      toolCalls: [{ id: "call_x", name: "check_availability" }],
    });
    const toolMessage = second.at(-1);
    expect(toolMessage).toMatchObject({ role: "tool", toolCallId: "call_x", name: "check_availability" });
    expect(JSON.parse(toolMessage?.role === "tool" ? toolMessage.content : "null")).toEqual(
      reply.tools[0]?.result,
    );
    // The calendar request happens inside the tool, so it is traced before the tool call's own event.
    expect(turnEvents(recorder.events(), 1)).toEqual([
      "caller_said",
      "model_request",
      "model_response",
      "tool_call:check_availability",
      "model_request",
      "model_response",
      "agent_said",
    ]);
    const types = recorder.events().map((e) => e.type);
    expect(types.indexOf("calendar_request")).toBeLessThan(types.indexOf("tool_call"));
    expect(types.indexOf("calendar_request")).toBeGreaterThan(types.indexOf("caller_said"));
  });

  it("stops asking after maxSteps round trips and still returns the turn", async () => {
    const forever = () => tool("find_appointments", '{"day":null}', "call_f");
    const model = scriptedModel(Array.from({ length: 10 }, () => forever));
    const { conversation, recorder } = loop(model, { maxSteps: 2 });
    const reply = await conversation.turn("Welche Termine habe ich?");
    expect(model.seen).toHaveLength(2);
    expect(reply.tools).toHaveLength(2);
    expect(reply.ended).toBe(false);
    expect(recorder.events().at(-1)).toMatchObject({ type: "agent_said", turn: 1 });
  });

  it("the default cap is 6 model round trips per turn", async () => {
    const model = scriptedModel(Array.from({ length: 10 }, () => tool("find_appointments", '{"day":null}')));
    const { conversation } = loop(model);
    await conversation.turn("Welche Termine habe ich?");
    expect(model.seen).toHaveLength(6);
  });

  it("speaks the model-unavailable text when the model throws, notes why, and the next turn works", async () => {
    const model = scriptedModel([new Error("socket hang up"), say("Wie kann ich helfen?")]);
    const { conversation, recorder } = loop(model);
    expect((await conversation.turn("Hallo?")).say).toBe("MODELL WEG");
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({ type: "note", text: "model failed: socket hang up" }),
    );
    expect((await conversation.turn("Hallo?")).say).toBe("Wie kann ich helfen?");
  });

  it("when the model fails after a tool ran, the tool's say is spoken before the apology", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "call_c", "Ich schaue nach."),
      new Error("503"),
    ]);
    const { conversation } = loop(model);
    const reply = await conversation.turn("Morgen um zehn?");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available"]);
    expect(reply.say).toBe(`Ich schaue nach. ${reply.tools[0]?.result.say} MODELL WEG`);
  });

  it("a model failure right after a booking still tells the caller the booking is made", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", '{"slot_id":"S1","name":"Hans Schuster"}', "c2"),
      new Error("502 Bad Gateway"),
    ]);
    const { conversation, sim } = loop(model);
    const reply = await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available", "booked"]);
    expect(sim.listBookings().map((b) => b.start)).toEqual(["2025-10-26T09:00:00.000Z"]);
    // The confirmation, not the earlier availability sentence, and only once.
    expect(reply.say).toBe(`${reply.tools[1]?.result.say} MODELL WEG`);
    expect(reply.say).toContain("gebucht");
  });

  it("a model cut off by the step cap without speaking leaves the last tool's say, not silence", async () => {
    const model = scriptedModel(Array.from({ length: 10 }, () => tool("find_appointments", '{"day":null}')));
    const { conversation } = loop(model, { maxSteps: 2 });
    const reply = await conversation.turn("Welche Termine habe ich?");
    expect(reply.say).not.toBe("");
    expect(reply.say).toBe(reply.tools.at(-1)?.result.say);
  });

  it("a developer's misconfiguration (ConfigError) from the model ends the call, with an honest sentence", async () => {
    const model = scriptedModel([new ConfigError("bad key")]);
    const { conversation, recorder } = loop(model);
    const reply = await conversation.turn("Hallo?");
    expect(reply).toMatchObject({ say: "MODELL WEG", ended: true });
    expect(conversation.fatal).toBeInstanceOf(ConfigError);
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({ type: "note", text: "model failed: bad key" }),
    );
  });

  it("answers an unknown tool with invalid_arguments instead of crashing", async () => {
    const model = scriptedModel([tool("delete_everything", "{}"), say("Verzeihung.")]);
    const { conversation } = loop(model);
    const reply = await conversation.turn("Hallo?");
    expect(reply.tools[0]?.result).toEqual({
      status: "invalid_arguments",
      error: 'unknown tool "delete_everything"',
    });
    expect(reply.say).toBe("Verzeihung.");
  });

  it("end_call with a goodbye ends at once; without one, the model is asked once more for it", async () => {
    const withGoodbye = scriptedModel([tool("end_call", '{"reason":"caller_request"}', "c1", "Tschüss!")]);
    const a = loop(withGoodbye);
    expect(await a.conversation.turn("Danke, tschüss.")).toMatchObject({ say: "Tschüss!", ended: true });
    expect(withGoodbye.seen).toHaveLength(1);
    expect(a.conversation.ended).toBe(true);

    const silent = scriptedModel([tool("end_call", '{"reason":"caller_request"}'), say("Auf Wiederhören!")]);
    const b = loop(silent);
    expect(await b.conversation.turn("Danke, tschüss.")).toMatchObject({
      say: "Auf Wiederhören!",
      ended: true,
    });
    expect(silent.seen).toHaveLength(2);
  });

  it("calls the observer after every tool, in order", async () => {
    const names: string[] = [];
    const model = scriptedModel([
      {
        content: null,
        toolCalls: [
          { id: "a", name: "check_availability", arguments: checkArgs },
          { id: "b", name: "find_appointments", arguments: '{"day":null}' },
        ],
      },
      say("Fertig."),
    ]);
    const { conversation } = loop(model, { afterTool: (name) => names.push(name) });
    await conversation.turn("Morgen um zehn, und habe ich schon Termine?");
    expect(names).toEqual(["check_availability", "find_appointments"]);
  });
});

describe("Conversation loop: holds", () => {
  it("re-checking a time this call holds still finds it free (the call's own hold does not hide it)", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("hold_slot", '{"slot_id":"S1"}', "c2"),
      tool("check_availability", checkArgs, "c3"),
      say("."),
    ]);
    const { conversation } = loop(model);
    const reply = await conversation.turn("Morgen um zehn, den nehme ich. War das wirklich um zehn?");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available", "held", "available"]);
    expect(reply.tools[2]?.result.say).not.toMatch(/vergeben/);
  });

  it("end_call lets go of the call's holds, so the slot is free for the next caller", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("hold_slot", '{"slot_id":"S1"}', "c2"),
      tool("end_call", '{"reason":"caller_request"}', "c3", "Auf Wiederhören!"),
      // end_call answered not_booked (the held slot is not booked): the model speaks that, the caller declines.
      (messages) => say(JSON.parse(String(messages.at(-1)?.content)).say),
      tool("end_call", '{"reason":"caller_request"}', "c4", "Gut, dann auf Wiederhören!"),
    ]);
    const { conversation, sim } = loop(model);
    const first = await conversation.turn("Morgen um zehn. Ach nein, doch nicht, tschüss.");
    expect(conversation.ended).toBe(false);
    expect(first.say).toContain("ist noch nicht gebucht");
    await expect(sim.hold(3672814, "2025-10-26T09:00:00.000Z")).rejects.toThrow();
    await conversation.turn("Nein danke, tschüss.");
    expect(conversation.ended).toBe(true);
    // Another caller can now hold the same instant.
    const other = await sim.hold(3672814, "2025-10-26T09:00:00.000Z");
    expect(other.uid).toBeTruthy();
  });
});

describe("Conversation loop: bugs found in review, fixed", () => {
  it("a tool whose handler threw is recorded with error on its tool_call event", async () => {
    const model = scriptedModel([tool("check_availability", checkArgs, "c1"), say("Entschuldigung.")]);
    const { clock, sim } = simulator();
    const broken = Object.assign(Object.create(sim) as CalendarSimulator, {
      getSlots: async () => {
        throw new Error("boom inside getSlots");
      },
    });
    const call = startCall({ business, calendar: broken, clock, callerPhone: null, model });
    const reply = await call.conversation.turn("Morgen um zehn?");
    expect(reply.tools[0]?.result.status).toBe("calendar_unavailable");
    const event = call.recorder.events().find((e) => e.type === "tool_call");
    expect(event).toMatchObject({ error: expect.stringContaining("boom inside getSlots") });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Time budget, unverified bookings and input bounds: a calendar whose methods wait on promises the test opens

/** A promise the test settles: a calendar method awaits `wait` until `open()` (or `fail()`). */
function gate() {
  let open: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const wait = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { wait, open: () => open(), fail: (error: Error) => fail(error) };
}

/** Speaks the `say` of the last tool result it was sent, as a model following the system prompt would. */
const echoStep = (messages: ChatMessage[]): ModelResponse => {
  const last = messages.at(-1);
  return say(last?.role === "tool" ? String((JSON.parse(last.content) as { say?: string }).say) : "?");
};

const bookArgs = (name = "Hans Schuster") => JSON.stringify({ slot_id: "S1", name });
/** prompts/responses/turn-delayed.hbs with a tool still running. */
const DELAYED = "Das dauert gerade länger als gewohnt. Sobald ich das Ergebnis habe, sage ich es Ihnen.";
const BOOKED =
  "Erledigt: Ihr Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist gebucht, " +
  "auf den Namen Hans Schuster. Vielen Dank, wir freuen uns auf Sie!";
const SLOT = "morgen, Sonntag, 26. Oktober, um 10:00 Uhr";

/** A call through startCall on a simulator whose methods `overrides` may replace (every call is counted). */
function budgetCall(
  model: ChatModel,
  extra: {
    overrides?: (sim: CalendarSimulator) => Partial<CalendarBackend>;
    phone?: string | null;
    budget?: Partial<TurnBudget>;
    timers?: Timers;
  } = {},
) {
  const { clock, sim } = simulator();
  const { backend, log } = countingBackend(sim, extra.overrides?.(sim) ?? {});
  const fillers: string[] = [];
  const call = startCall({
    business,
    calendar: backend,
    clock,
    callerPhone: extra.phone === undefined ? "+491701234567" : extra.phone,
    model,
    observer: { onFiller: (text) => fillers.push(text) },
    ...(extra.budget === undefined ? {} : { budget: extra.budget }),
    ...(extra.timers === undefined ? {} : { timers: extra.timers }),
  });
  call.conversation.greet();
  return { ...call, sim, log, fillers };
}

/** Whether a promise has settled, without waiting for it. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await Promise.resolve();
  return done;
}

describe("Conversation loop: time budget per turn (fake timers)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("while the calendar does not answer, the rule model never loops on one sentence and ends honestly", async () => {
    const booking = gate();
    const { conversation, sim } = budgetCall(createRuleModel({ profile: business, now: NOW }), {
      overrides: (s) => ({
        book: async (r) => {
          await booking.wait;
          return s.book(r);
        },
      }),
    });
    const say = async (line: string) => {
      const turn = conversation.turn(line);
      // The turn's deadline, and for the last one the wait for running work when the call ends.
      await vi.advanceTimersByTimeAsync(20_000);
      return (await turn).say;
    };
    await say("Ich hätte gern morgen um zehn einen Herrenhaarschnitt, auf den Namen Hans Schuster.");
    const replies = [
      await say("Ja, bitte buchen."),
      await say("Hallo?"),
      await say("Sind Sie noch da?"),
      await say("Hallo??"),
    ];
    // The booking is still running: no reply is said three times, and the fourth wait ends the call.
    const counts = new Map<string, number>();
    for (const r of replies) counts.set(r, (counts.get(r) ?? 0) + 1);
    expect(Math.max(...counts.values()), replies.join("\n")).toBeLessThanOrEqual(2);
    expect(conversation.ended).toBe(true);
    // When the call ends with the booking still unanswered, the caller hears it is not confirmed.
    booking.fail(new Error("still nothing"));
    expect(replies.at(-1)).toMatch(/Auf Wiederhören/);
    expect(sim.listBookings()).toHaveLength(0);
  });

  it("a normal fast turn has no filler and no deadline, and leaves no timer behind", async () => {
    const model = scriptedModel([tool("check_availability", checkArgs, "c1"), echoStep]);
    const { timers, live } = countedTimers();
    const { conversation, recorder, fillers } = budgetCall(model, { timers });
    const reply = await conversation.turn("Morgen um zehn?");
    expect(reply).toMatchObject({ fillers: [], timedOut: false });
    expect(reply.say).toContain(SLOT);
    expect(fillers).toEqual([]);
    expect(recorder.events().map((e) => e.type)).not.toContain("filler");
    expect(recorder.events().map((e) => e.type)).not.toContain("turn_deadline");
    expect(live()).toBe(0);
  });

  it("a tool call still running after 1.5 s gets its filler at once (the tool's requestStart), traced", async () => {
    const slots = gate();
    const model = scriptedModel([tool("check_availability", checkArgs, "c1"), echoStep]);
    const { conversation, recorder, fillers } = budgetCall(model, {
      overrides: (sim) => ({
        getSlots: async (q) => {
          await slots.wait;
          return sim.getSlots(q);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn?");
    await vi.advanceTimersByTimeAsync(1_499);
    expect(fillers).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(fillers).toEqual(["Einen Moment bitte, ich schaue im Kalender nach."]);
    slots.open();
    const reply = await turn;
    expect(reply).toMatchObject({ fillers, timedOut: false });
    expect(reply.say).toContain(SLOT);
    expect(turnEvents(recorder.events(), 1)).toEqual([
      "caller_said",
      "model_request",
      "model_response",
      "filler",
      "tool_call:check_availability",
      "model_request",
      "model_response",
      "agent_said",
    ]);
    expect(recorder.events().find((e) => e.type === "filler")).toMatchObject({
      turn: 1,
      tool: "check_availability",
      afterMs: 1_500,
    });
    const md = renderTraceMarkdown(recorder.events());
    expect(md).toContain(
      'Agent (filler, check_availability after 1.5 s): "Einen Moment bitte, ich schaue im Kalender nach."',
    );
    expect(md).toContain("**Agent (filler):** Einen Moment bitte, ich schaue im Kalender nach.");
  });

  it("at 8 s the caller hears the honest delay sentence; the late booking is confirmed first thing next turn", async () => {
    const booking = gate();
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      say("Kann ich sonst noch etwas für Sie tun?"),
    ]);
    const { conversation, recorder, fillers, sim, log } = budgetCall(model, {
      overrides: (s) => ({
        book: async (r) => {
          await booking.wait;
          return s.book(r);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    await vi.advanceTimersByTimeAsync(1_500);
    expect(fillers).toEqual(["Einen Moment bitte, ich trage den Termin ein."]);
    await vi.advanceTimersByTimeAsync(6_499);
    expect(await settled(turn)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const first = await turn;
    expect(first).toMatchObject({ say: DELAYED, timedOut: true, ended: false });
    expect(first.tools.map((t) => t.result.status)).toEqual(["available"]);
    expect(recorder.events().find((e) => e.type === "turn_deadline")).toMatchObject({
      turn: 1,
      afterMs: 8_000,
      pending: [{ id: "c2", name: "book_appointment" }],
    });
    expect(renderTraceMarkdown(recorder.events())).toContain(
      "TURN DEADLINE (8.0 s): still running in the background: book_appointment",
    );
    // The model's history stays valid: the running call is answered with `pending`.
    expect(conversation.messages.slice(-2)).toEqual([
      {
        role: "tool",
        toolCallId: "c2",
        name: "book_appointment",
        content: expect.stringContaining('"pending"'),
      },
      { role: "assistant", content: DELAYED },
    ]);

    booking.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(sim.listBookings()).toHaveLength(1);
    const next = await conversation.turn("Hallo? Hat es geklappt?");
    expect(next.say).toBe(`${BOOKED} Kann ich sonst noch etwas für Sie tun?`);
    expect(next.tools.map((t) => t.result.status)).toEqual(["booked"]);
    // The caller spoke before hearing the late result: their line first, then the result and what was said of it.
    const seen = model.seen[2] ?? [];
    expect(seen.slice(-4)).toEqual([
      { role: "user", content: "Hallo? Hat es geklappt?" },
      {
        role: "assistant",
        content: null,
        toolCalls: [{ id: "c2_late", name: "book_appointment", arguments: bookArgs() }],
      },
      {
        role: "tool",
        toolCallId: "c2_late",
        name: "book_appointment",
        content: expect.stringContaining('"booked"'),
      },
      { role: "assistant", content: BOOKED },
    ]);
    expect(log.book).toBe(1);
    expect(recorder.summary().bookingMade).toBe(true);
  });

  it("the model asking to book the same slot again while the first request runs never books twice", async () => {
    const booking = gate();
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      // Next turn: the model has only seen `pending` and books again, spelling the name differently.
      tool("book_appointment", bookArgs("hans schuster"), "c3"),
      echoStep,
      say("Gern."),
    ]);
    const { conversation, sim, log } = budgetCall(model, {
      overrides: (s) => ({
        book: async (r) => {
          await booking.wait;
          return s.book(r);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    await vi.advanceTimersByTimeAsync(8_000);
    expect((await turn).say).toBe(DELAYED);
    const again = conversation.turn("Ja, buchen Sie bitte für Hans Schuster.");
    await vi.advanceTimersByTimeAsync(500);
    booking.open();
    const second = await again;
    // The running request is waited for at the start of the turn; the model's second request returns its booking.
    expect(second.tools.map((t) => t.result.status)).toEqual(["booked", "booked"]);
    expect(second.say.startsWith(BOOKED)).toBe(true);
    expect(log.book).toBe(1);
    expect(sim.listBookings()).toHaveLength(1);
    // The first request's late result is added for the model, but not told a second time.
    const third = await conversation.turn("Danke.");
    expect(third.say).toBe("Gern.");
    expect(conversation.messages.some((m) => m.role === "tool" && m.toolCallId === "c2_late")).toBe(true);
  });

  it("a model too slow for the turn is dropped (aborted); the caller is asked to say it again", async () => {
    let aborted = false;
    let calls = 0;
    const model: ChatModel = {
      name: "slow",
      complete(request) {
        calls++;
        if (calls > 1) return Promise.resolve(say("Wie kann ich helfen?"));
        return new Promise((_, reject) => {
          request.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        });
      },
    };
    const { conversation, recorder, fillers } = budgetCall(model);
    const turn = conversation.turn("Hallo?");
    await vi.advanceTimersByTimeAsync(8_000);
    const reply = await turn;
    expect(reply).toMatchObject({
      say: "Entschuldigung, das hat gerade zu lange gedauert. Könnten Sie das bitte noch einmal sagen?",
      timedOut: true,
    });
    expect(aborted).toBe(true);
    expect(fillers).toEqual([]);
    expect(recorder.events().find((e) => e.type === "turn_deadline")).toMatchObject({ pending: [] });
    expect((await conversation.turn("Hallo?")).say).toBe("Wie kann ich helfen?");
  });

  it("budget options: filler and deadline follow the options", async () => {
    const slots = gate();
    const model = scriptedModel([tool("check_availability", checkArgs, "c1"), echoStep]);
    const { conversation, fillers } = budgetCall(model, {
      budget: { fillerAfterMs: 200, deadlineMs: 1_000 },
      overrides: (sim) => ({
        getSlots: async (q) => {
          await slots.wait;
          return sim.getSlots(q);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn?");
    await vi.advanceTimersByTimeAsync(200);
    expect(fillers).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(800);
    expect((await turn).say).toBe(DELAYED);
    slots.open();
  });

  it("when the call ends while a booking still runs, it is waited for and confirmed", async () => {
    const booking = gate();
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
    ]);
    const { conversation, sim } = budgetCall(model, {
      overrides: (s) => ({
        book: async (r) => {
          await booking.wait;
          return s.book(r);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    await vi.advanceTimersByTimeAsync(8_000);
    await turn;
    const end = conversation.finish();
    await vi.advanceTimersByTimeAsync(3_000);
    booking.open();
    expect(await end).toBe(BOOKED);
    expect(sim.listBookings()).toHaveLength(1);
    expect(await conversation.finish()).toBe("");
  });

  it("when the booking still has not answered at the end, the caller hears that it is not confirmed", async () => {
    const booking = gate();
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
    ]);
    const { conversation, recorder } = budgetCall(model, {
      overrides: (s) => ({
        book: async (r) => {
          await booking.wait;
          return s.book(r);
        },
      }),
    });
    const turn = conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    await vi.advanceTimersByTimeAsync(8_000);
    await turn;
    const end = conversation.finish();
    await vi.advanceTimersByTimeAsync(1_500);
    await vi.advanceTimersByTimeAsync(6_500);
    expect(await end).toBe(
      `Ich konnte leider noch immer nicht bestätigen, ob der Termin für Herrenhaarschnitt ${SLOT} gebucht ist, ` +
        "weil unser Kalender gerade nicht antwortet. Bitte rufen Sie uns später noch einmal an, dann kann ich unter " +
        "Ihrer Nummer nachsehen.",
    );
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({
        type: "note",
        text: "still running at the end of the call: book_appointment",
      }),
    );
    booking.open();
  });
});

describe("Conversation loop: a booking whose answer and look-up both fail", () => {
  /** Cal.com makes the booking but the answer is lost; the look-up fails while `lookUp.down`. */
  function lostAnswer(lookUp: { down: boolean }, made = true) {
    return (sim: CalendarSimulator): Partial<CalendarBackend> => ({
      book: async (r) => {
        if (made) await sim.book(r);
        throw new CalendarError("unavailable", "socket hang up");
      },
      findBookings: async (q) => {
        if (lookUp.down) throw new CalendarError("unavailable", "Cal.com 503");
        return sim.findBookings(q);
      },
    });
  }
  const UNVERIFIED =
    `Ich konnte gerade nicht bestätigen, ob der Termin für Herrenhaarschnitt ${SLOT} gebucht ist, weil unser ` +
    "Kalender nicht geantwortet hat. Ich sehe gleich noch einmal nach und sage es Ihnen, sobald ich es weiß.";

  it("is told as unconfirmed (no false 'calendar down'), kept, looked up at the next turn and then confirmed", async () => {
    const lookUp = { down: true };
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      echoStep,
      say("Kann ich sonst noch etwas für Sie tun?"),
    ]);
    const { conversation, session, sim, log, recorder } = budgetCall(model, {
      overrides: lostAnswer(lookUp),
    });
    const first = await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    expect(first.tools.map((t) => t.result.status)).toEqual(["available", "unverified"]);
    expect(first.say).toBe(UNVERIFIED);
    expect([...session.unverified.values()]).toMatchObject([
      { name: "Hans Schuster", callId: session.callId },
    ]);
    expect(sim.listBookings()).toHaveLength(1);

    lookUp.down = false;
    const next = await conversation.turn("Und, hat es geklappt?");
    expect(next.say).toBe(`${BOOKED} Kann ich sonst noch etwas für Sie tun?`);
    expect(next.tools.map((t) => t.name + ":" + t.result.status)).toEqual(["book_appointment:booked"]);
    expect(session.unverified.size).toBe(0);
    expect(session.booked.size).toBe(1);
    expect(log.book).toBe(1);
    expect(model.seen[3]?.slice(-4, -1)).toEqual([
      { role: "user", content: "Und, hat es geklappt?" },
      {
        role: "assistant",
        content: null,
        toolCalls: [{ id: "recheck_1", name: "book_appointment", arguments: bookArgs() }],
      },
      {
        role: "tool",
        toolCallId: "recheck_1",
        name: "book_appointment",
        content: expect.stringContaining('"booked"'),
      },
    ]);
    expect(recorder.summary()).toMatchObject({
      bookingMade: true,
      bookedStart: "2025-10-26T10:00:00.000+01:00",
    });
  });

  it("while it is still unknown, the model asking again sends no second booking request", async () => {
    const lookUp = { down: true };
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      echoStep,
      tool("book_appointment", bookArgs(), "c3"),
      echoStep,
    ]);
    const { conversation, log, sim } = budgetCall(model, { overrides: lostAnswer(lookUp) });
    await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    const again = await conversation.turn("Bitte versuchen Sie es noch einmal.");
    expect(again.tools.map((t) => t.result.status)).toEqual(["unverified"]);
    expect(again.say).toBe(UNVERIFIED);
    expect(log.book).toBe(1);
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("when the look-up then finds nothing, the caller hears it is not booked, and a retry books it", async () => {
    const lookUp = { down: true };
    let made = false;
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      echoStep,
      say("."),
      tool("book_appointment", bookArgs(), "c3"),
      echoStep,
    ]);
    const { conversation, sim } = budgetCall(model, {
      overrides: (s) => ({
        ...lostAnswer(lookUp, false)(s),
        book: async (r) => {
          if (made) return s.book(r);
          made = true;
          throw new CalendarError("unavailable", "socket hang up");
        },
      }),
    });
    await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    lookUp.down = false;
    const next = await conversation.turn("Und?");
    expect(next.say).toBe(
      `Ich habe nachgesehen: Der Termin für Herrenhaarschnitt ${SLOT} ist nicht gebucht worden. ` +
        "Soll ich es noch einmal versuchen? .",
    );
    expect(sim.listBookings()).toHaveLength(0);
    const retry = await conversation.turn("Ja, bitte.");
    expect(retry.say).toBe(BOOKED);
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("still unknown when the call ends: said so honestly, for a withheld number without promising a look-up", async () => {
    for (const phone of ["+491701234567", null]) {
      const model = scriptedModel([
        tool("check_availability", checkArgs, "c1"),
        tool("book_appointment", bookArgs(), "c2"),
        echoStep,
      ]);
      const { conversation } = budgetCall(model, { phone, overrides: lostAnswer({ down: true }) });
      await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
      const end = await conversation.finish();
      expect(end).toMatch(/^Ich konnte leider noch immer nicht bestätigen, ob der Termin .* gebucht ist/);
      expect(end).not.toMatch(/SMS|zurückrufen|Rückruf/);
      expect(end).toContain(
        phone === null
          ? "Bitte fragen Sie später noch einmal bei uns nach."
          : "dann kann ich unter Ihrer Nummer nachsehen.",
      );
    }
  });

  it("with a withheld number the look-up finds it by call id, and the trace keeps only busy times", async () => {
    const lookUp = { down: true };
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      echoStep,
      say("Gern."),
    ]);
    const { conversation, recorder } = budgetCall(model, { phone: null, overrides: lostAnswer(lookUp) });
    await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    lookUp.down = false;
    expect((await conversation.turn("Und?")).say).toBe(`${BOOKED} Gern.`);
    const lookUps = recorder
      .events()
      .filter((e) => e.type === "calendar_request" && e.method === "findBookings" && e.status === "ok");
    expect(lookUps.length).toBeGreaterThan(0);
    for (const e of lookUps) {
      if (e.type !== "calendar_request") continue;
      expect(Object.keys(e.response as object).sort()).toEqual(["bookings", "busy"]);
    }
  });

  it("end to end on the Cal.com client: the answer dropped and the look-ups failing, then found next turn", async () => {
    const { clock, sim } = simulator();
    const server = await startSimServer(sim);
    const calendar = createCalcomClient({ baseUrl: server.url, retries: 0 });
    try {
      const model = scriptedModel([
        tool("check_availability", checkArgs, "c1"),
        tool("book_appointment", bookArgs(), "c2"),
        echoStep,
        say("Gern."),
      ]);
      const call = startCall({ business, calendar, clock, callerPhone: "+491701234567", model });
      server.faults.failNext("drop", 1, { afterHandling: true, match: /^POST \/v2\/bookings$/ });
      server.faults.failNext("error", 10, { match: /^GET \/v2\/bookings$/ });
      const first = await call.conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
      expect(first.tools.map((t) => t.result.status)).toEqual(["available", "unverified"]);
      expect(first.say).toBe(UNVERIFIED);
      expect(sim.listBookings()).toHaveLength(1);
      server.faults.reset();
      const next = await call.conversation.turn("Und?");
      expect(next.say).toBe(`${BOOKED} Gern.`);
      expect(sim.listBookings()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("a model failure right after it: the caller hears the unconfirmed booking, then the apology", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      new Error("503"),
    ]);
    const { conversation } = budgetCall(model, { overrides: lostAnswer({ down: true }) });
    const reply = await conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.");
    expect(reply.say).toBe(`${UNVERIFIED} ${MODEL_UNAVAILABLE}`);
  });
});

describe("Conversation loop: what the tools did survives a model failure on a later step", () => {
  it("a booking followed by another tool: both are told before the apology", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      tool("find_appointments", '{"day":null}', "c3"),
      new ConfigError("401 Unauthorized"),
    ]);
    const { conversation, session, sim } = budgetCall(model);
    const reply = await conversation.turn(
      "Morgen um zehn, Hans Schuster, bitte buchen, und was habe ich sonst?",
    );
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available", "booked", "found"]);
    expect(reply.say).toBe(`${BOOKED} ${reply.tools[2]?.result.say} ${MODEL_UNAVAILABLE}`);
    expect(reply.ended).toBe(true);
    expect(conversation.fatal).toBeInstanceOf(ConfigError);
    expect(sim.listBookings()).toHaveLength(1);
    expect(session.holds.size).toBe(0);
  });

  it("fail(): after an error thrown out of a turn the caller still hears what its tools did, then the apology", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("book_appointment", bookArgs(), "c2"),
      tool("find_appointments", '{"day":null}', "c3"),
    ]);
    const broken = new ConfigError("found.hbs failed");
    const { conversation, sim } = budgetCall(model, {
      overrides: () => ({
        findBookings: async () => {
          throw broken;
        },
      }),
    });
    await expect(conversation.turn("Morgen um zehn, Hans Schuster, bitte buchen.")).rejects.toBe(broken);
    expect(await conversation.fail(broken)).toBe(`${BOOKED} ${MODEL_UNAVAILABLE}`);
    expect(conversation).toMatchObject({ ended: true, fatal: broken });
    expect(sim.listBookings()).toHaveLength(1);
  });
});

describe("Conversation loop: bounds on the caller's input", () => {
  it(`a caller line longer than ${MAX_CALLER_CHARS} characters is cut at the edge, and the trace notes it`, async () => {
    const model = scriptedModel([say("Verzeihung, das war sehr lang.")]);
    const { conversation, recorder } = budgetCall(model);
    await conversation.turn("a".repeat(5_000));
    const sent = model.seen[0]?.at(-1);
    expect(sent).toEqual({ role: "user", content: "a".repeat(MAX_CALLER_CHARS) });
    expect(recorder.events().find((e) => e.type === "caller_said")).toMatchObject({ cutFrom: 5_000 });
    expect(renderTraceMarkdown(recorder.events())).toContain("(cut from 5000 characters)");
    await conversation.turn("kurz");
    expect(recorder.events().filter((e) => e.type === "caller_said")[1]).not.toHaveProperty("cutFrom");
  });

  it("after the turn cap the agent says an honest goodbye, names the slot as not booked, ends and lets go of holds", async () => {
    const model = scriptedModel([
      tool("check_availability", checkArgs, "c1"),
      tool("hold_slot", '{"slot_id":"S1"}', "c2"),
      echoStep,
      say("Wie bitte?"),
    ]);
    const { conversation, sim, recorder } = budgetCall(model, { budget: { maxCallerTurns: 2 } });
    await conversation.turn("Morgen um zehn.");
    await expect(sim.hold(3672814, "2025-10-26T09:00:00.000Z")).rejects.toThrow();
    await conversation.turn("Ähm.");
    const bye = await conversation.turn("Ähm, ähm.");
    expect(bye).toMatchObject({
      ended: true,
      say:
        "Wir sprechen schon sehr lange miteinander, deshalb beende ich das Gespräch jetzt. " +
        `Der Termin ${SLOT} ist nicht gebucht. Wenn Sie noch etwas brauchen, rufen Sie uns gern noch einmal an. ` +
        "Auf Wiederhören!",
    });
    expect(model.seen).toHaveLength(4);
    expect((await sim.hold(3672814, "2025-10-26T09:00:00.000Z")).uid).toBeTruthy();
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({ type: "note", text: "turn cap reached (2 caller turns)" }),
    );
  });

  it(`the default cap is ${MAX_CALLER_TURNS} caller turns`, async () => {
    const model = scriptedModel(Array.from({ length: MAX_CALLER_TURNS + 5 }, () => say("Ja?")));
    const { conversation } = budgetCall(model);
    for (let i = 0; i < MAX_CALLER_TURNS; i++) expect((await conversation.turn("Hallo")).ended).toBe(false);
    const last = await conversation.turn("Hallo");
    expect(last.ended).toBe(true);
    expect(last.say).toMatch(/^Wir sprechen schon sehr lange miteinander/);
    expect(model.seen).toHaveLength(MAX_CALLER_TURNS);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The OpenAI model through the loop, against the local OpenAI-compatible stub

const stubs: OpenAIStub[] = [];
afterEach(async () => {
  for (const s of stubs.splice(0)) await s.close();
});

type Body = ChatCompletionCreateParams;
type ToolMessage = { role: "tool"; tool_call_id: string; content: string };

function toolMessages(body: Body): ToolMessage[] {
  return body.messages.filter((m): m is ToolMessage => m.role === "tool" && typeof m.content === "string");
}

function lastToolResult(body: Body): Record<string, unknown> {
  const last = toolMessages(body).at(-1);
  return last === undefined ? {} : (JSON.parse(last.content) as Record<string, unknown>);
}

/** Speaks the `say` of the last tool result it was sent, as a model following the system prompt would. */
const echoSay: StubStep = (body) => ({ content: String(lastToolResult(body)["say"] ?? "(kein say)") });

async function openAICall(script: StubStep[]): Promise<Call & { stub: OpenAIStub; sim: CalendarSimulator }> {
  const stub = await startOpenAIStub(script);
  stubs.push(stub);
  const { clock, sim } = simulator();
  const model = createOpenAIModel({ baseURL: stub.baseURL, apiKey: "test", timeoutMs: 500, maxRetries: 1 });
  const call = startCall({ business, calendar: sim, clock, callerPhone: "+491701234567", model });
  call.conversation.greet();
  return { ...call, stub, sim };
}

function request(stub: OpenAIStub, index: number): Body {
  const body = stub.requests[index]?.body;
  if (body === undefined) throw new Error(`stub got no request #${index + 1}`);
  return body;
}

describe("OpenAI model through the conversation loop (local stub)", () => {
  it("runs check_availability, sends the result back with its tool_call_id, and speaks the dated say", async () => {
    const { conversation, stub } = await openAICall([
      { toolCalls: [{ name: "check_availability", arguments: checkArgs, id: "call_chk_1" }] },
      echoSay,
    ]);
    const reply = await conversation.turn("Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei?");
    expect(reply.say).toContain("26. Oktober");
    expect(reply.say).toBe(reply.tools[0]?.result.say);
    expect(reply.tools.map((t) => [t.name, t.result.status])).toEqual([["check_availability", "available"]]);

    expect(stub.requests).toHaveLength(2);
    const second = request(stub, 1);
    expect(second.messages[0]).toEqual({ role: "system", content: conversation.messages[0]?.content });
    expect(String(second.messages[0]?.content)).toContain("Samstag, der 25. Oktober 2025, 20:17 Uhr");
    const assistant = second.messages.find((m) => m.role === "assistant" && "tool_calls" in m);
    expect(assistant).toMatchObject({
      tool_calls: [{ id: "call_chk_1", type: "function", function: { name: "check_availability" } }],
    });
    const [toolMsg] = toolMessages(second);
    expect(toolMsg?.tool_call_id).toBe("call_chk_1");
    expect(JSON.parse(toolMsg?.content ?? "{}")).toMatchObject({
      status: "available",
      slot: { start: "2025-10-26T10:00:00.000+01:00" },
    });
    // Every model request carries the kit's tools in strict mode.
    expect(request(stub, 0).tools?.map((t) => (t.type === "function" ? t.function.name : t.type))).toContain(
      "check_availability",
    );
  });

  it("runs both tool calls of one response and answers each under its own id", async () => {
    const { conversation, stub } = await openAICall([
      {
        toolCalls: [
          { name: "check_availability", arguments: checkArgs, id: "call_one" },
          { name: "find_appointments", arguments: '{"day":null}', id: "call_two" },
        ],
      },
      { content: "Erledigt." },
    ]);
    const reply = await conversation.turn("Morgen um zehn, und habe ich schon einen Termin?");
    expect(reply.tools.map((t) => t.name)).toEqual(["check_availability", "find_appointments"]);
    expect(reply.tools.every((t) => t.result.status !== "invalid_arguments")).toBe(true);
    const sent = toolMessages(request(stub, 1));
    expect(sent.map((m) => m.tool_call_id)).toEqual(["call_one", "call_two"]);
    expect(sent.map((m) => (JSON.parse(m.content) as { status: string }).status)).toEqual(
      reply.tools.map((t) => t.result.status),
    );
  });

  it("returns malformed arguments to the model as invalid_arguments; corrected arguments then hold the slot", async () => {
    const { conversation, stub } = await openAICall([
      { toolCalls: [{ name: "check_availability", arguments: checkArgs }] },
      { toolCalls: [{ name: "hold_slot", arguments: '{"slot_id": ' }] },
      (body) => {
        const result = lastToolResult(body);
        if (result["status"] !== "invalid_arguments") return { content: "unerwartet" };
        const first = JSON.parse(toolMessages(body)[0]?.content ?? "{}") as { slot?: { id: string } };
        return {
          toolCalls: [{ name: "hold_slot", arguments: JSON.stringify({ slot_id: first.slot?.id ?? "?" }) }],
        };
      },
      echoSay,
    ]);
    const reply = await conversation.turn("Morgen um zehn bitte, den nehme ich.");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available", "invalid_arguments", "held"]);
    const sentBack = JSON.parse(toolMessages(request(stub, 2)).at(-1)?.content ?? "{}") as {
      status: string;
      error: string;
    };
    expect(sentBack.status).toBe("invalid_arguments");
    expect(sentBack.error).toMatch(/^Invalid arguments for hold_slot: not valid JSON/);
    expect(sentBack.error).toContain("slot_id");
    expect(reply.say).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
    expect(stub.requests).toHaveLength(4);
  });

  it("speaks the model-unavailable text when the server answers 500 until retries run out", async () => {
    const { conversation, stub, recorder } = await openAICall([
      { status: 500 },
      { status: 500 },
      { content: "Wie kann ich helfen?" },
    ]);
    const reply = await conversation.turn("Hallo?");
    expect(reply).toMatchObject({ say: MODEL_UNAVAILABLE, tools: [], ended: false });
    expect(stub.requests).toHaveLength(2); // first attempt + maxRetries 1
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({ type: "note", text: expect.stringMatching(/status 500/) }),
    );
    expect((await conversation.turn("Hallo?")).say).toBe("Wie kann ich helfen?");
  });

  it("speaks the model-unavailable text when every attempt times out", async () => {
    const late: StubStep = { delayMs: 1_500, reply: { content: "zu spät" } };
    const { conversation, stub, recorder } = await openAICall([late, late]);
    const reply = await conversation.turn("Hallo?");
    expect(reply.say).toBe(MODEL_UNAVAILABLE);
    expect(stub.requests).toHaveLength(2);
    expect(recorder.events()).toContainEqual(
      expect.objectContaining({ type: "note", text: expect.stringMatching(/timed out/) }),
    );
  });

  it("cuts a model that calls tools forever after 6 round trips, and the turn returns", async () => {
    const forever: StubStep = () => ({
      toolCalls: [{ name: "find_appointments", arguments: '{"day":null}' }],
    });
    const { conversation, stub, recorder } = await openAICall(Array.from({ length: 12 }, () => forever));
    const reply = await conversation.turn("Welche Termine habe ich?");
    expect(stub.requests).toHaveLength(6);
    expect(reply.tools).toHaveLength(6);
    expect(reply.ended).toBe(false);
    expect(recorder.events().filter((e) => e.type === "model_request" && e.turn === 1)).toHaveLength(6);
    expect(recorder.events().at(-1)).toMatchObject({ type: "agent_said", turn: 1 });
  });

  it("end_call sets ended, and the goodbye asked for afterwards is spoken", async () => {
    const { conversation, stub } = await openAICall([
      { toolCalls: [{ name: "end_call", arguments: '{"reason":"caller_request"}' }] },
      { content: "Auf Wiederhören!" },
    ]);
    const reply = await conversation.turn("Das war alles, tschüss.");
    expect(reply).toMatchObject({ say: "Auf Wiederhören!", ended: true });
    expect(reply.tools.map((t) => t.result.status)).toEqual(["ended"]);
    expect(conversation.ended).toBe(true);
    expect(stub.requests).toHaveLength(2);
  });

  it("a rejected key (401) is the developer's setup: the caller hears an honest sentence, the call ends", async () => {
    const { conversation } = await openAICall([{ status: 401 }]);
    const reply = await conversation.turn("Hallo?");
    expect(reply).toMatchObject({ say: MODEL_UNAVAILABLE, ended: true });
    expect(conversation.fatal).toBeInstanceOf(ConfigError);
  });

  it("a 401 on the step after a booking: the caller hears the booking's say, then the honest sentence", async () => {
    const { conversation, sim, session } = await openAICall([
      { toolCalls: [{ name: "check_availability", arguments: checkArgs, id: "c1" }] },
      { toolCalls: [{ name: "book_appointment", arguments: '{"slot_id":"S1","name":"Hans Schuster"}' }] },
      { status: 401 },
    ]);
    const reply = await conversation.turn("Morgen um zehn, Hans Schuster, bitte gleich buchen.");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["available", "booked"]);
    expect(reply.say).toBe(`${reply.tools[1]?.result.say} ${MODEL_UNAVAILABLE}`);
    expect(reply.ended).toBe(true);
    expect(sim.listBookings()).toHaveLength(1);
    expect(session.holds.size).toBe(0);
  });
});
