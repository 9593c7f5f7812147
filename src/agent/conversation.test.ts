/**
 * The conversation loop: first with an in-process scripted model (what the loop itself does with messages,
 * steps, failures and the trace), then with the OpenAI model on the real `openai` SDK against the local stub
 * (issue 5, loop level: tools run on the simulator, results go back to the model with their call ids).
 */
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { ConfigError } from "../errors.ts";
import type { TraceEvent } from "../trace/events.ts";
import { type Call, startCall } from "./call.ts";
import { Conversation } from "./conversation.ts";
import type { ChatMessage, ChatModel, ModelResponse } from "./model.ts";
import { createOpenAIModel } from "./openai-model.ts";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "./openai-stub-server.ts";

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
    expect(reply).toEqual({ say: "Gern, wann denn?", tools: [], ended: false });
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

  it("lets a developer's misconfiguration (ConfigError) stop the call", async () => {
    const model = scriptedModel([new ConfigError("bad key")]);
    const { conversation } = loop(model);
    await expect(conversation.turn("Hallo?")).rejects.toBeInstanceOf(ConfigError);
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
    expect(reply).toEqual({ say: MODEL_UNAVAILABLE, tools: [], ended: false });
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

  it("a rejected key (401) is the developer's setup: the turn throws a ConfigError", async () => {
    const { conversation } = await openAICall([{ status: 401 }]);
    await expect(conversation.turn("Hallo?")).rejects.toBeInstanceOf(ConfigError);
  });
});
