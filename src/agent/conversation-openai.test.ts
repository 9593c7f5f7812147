/**
 * The OpenAI model through the whole conversation loop: the real `openai` SDK talks to a local
 * OpenAI-compatible stub that scripts completions and tool calls; tools run on the simulator.
 */
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { startCall } from "./call.ts";
import { createOpenAIModel } from "./openai-model.ts";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "./openai-stub-server.ts";

const business = loadBusinessProfile("friseur-1");
const stubs: OpenAIStub[] = [];

afterEach(async () => {
  for (const s of stubs.splice(0)) await s.close();
});

/** The last tool message the model was sent, parsed. */
function lastToolResult(body: ChatCompletionCreateParams): {
  tool_call_id: string;
  result: Record<string, unknown>;
} {
  const tool = [...body.messages].reverse().find((m) => m.role === "tool");
  if (tool === undefined || tool.role !== "tool" || typeof tool.content !== "string")
    throw new Error("no tool message");
  return { tool_call_id: tool.tool_call_id, result: JSON.parse(tool.content) as Record<string, unknown> };
}

/** Speaks whatever `say` the last tool result carried, as a model following the system prompt would. */
const speakSay: StubStep = (body) => ({ content: String(lastToolResult(body).result["say"]) });

async function call(script: StubStep[], options: { timeoutMs?: number; maxRetries?: number } = {}) {
  const stub = await startOpenAIStub(script);
  stubs.push(stub);
  const clock = manualClock("2025-10-25T20:17:50+02:00");
  const sim = new CalendarSimulator({ profile: business, clock });
  sim.addBooking({
    service: "herrenhaarschnitt",
    start: "2025-10-26T10:00",
    name: "Eva Brandt",
    phone: "+4917000000001",
  });
  const model = createOpenAIModel({
    baseURL: stub.baseURL,
    apiKey: "test-key",
    model: "stub-model",
    timeoutMs: options.timeoutMs ?? 2_000,
    maxRetries: options.maxRetries ?? 1,
  });
  const started = startCall({ business, calendar: sim, clock, callerPhone: "+491701234567", model });
  started.conversation.greet();
  return { ...started, stub, sim };
}

const checkArgs = JSON.stringify({
  service: "Herrenhaarschnitt",
  day: "morgen",
  time: "um zehn",
  reschedule_booking_id: null,
});

describe("OpenAI model in the conversation loop", () => {
  it("runs the tool the model calls and speaks its dated say; the tool result goes back with its call id", async () => {
    const { conversation, stub } = await call([
      { toolCalls: [{ name: "check_availability", arguments: checkArgs, id: "call_a" }] },
      speakSay,
    ]);
    const reply = await conversation.turn("Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei?");
    expect(reply.tools.map((t) => [t.name, t.result.status])).toEqual([
      ["check_availability", "alternatives"],
    ]);
    expect(reply.say).toContain("Sonntag, 26. Oktober");
    expect(reply.say).toContain("9:30");
    const second = stub.requests[1]?.body;
    expect(second).toBeDefined();
    if (second === undefined) return;
    expect(second.messages[0]).toMatchObject({ role: "system" });
    expect(String(second.messages[0]?.content)).toContain("Friseur 1");
    expect(lastToolResult(second).tool_call_id).toBe("call_a");
    expect(second.tools?.every((t) => t.type === "function" && t.function.strict === true)).toBe(true);
  });

  it("runs two tool calls of one response, then books the offered slot by its exact instant", async () => {
    const { conversation, sim } = await call([
      {
        toolCalls: [
          { name: "check_availability", arguments: checkArgs },
          { name: "find_appointments", arguments: JSON.stringify({ day: null }) },
        ],
      },
      { content: "Ich habe 9:30 oder 10:30 Uhr am Sonntag, 26. Oktober." },
      (body) => {
        const offers = body.messages
          .filter((m) => m.role === "tool")
          .map((m) => JSON.parse(String(m.content)) as { alternatives?: { id: string; time: string }[] })
          .flatMap((r) => r.alternatives ?? []);
        const id = offers.find((o) => o.time === "10:30")?.id ?? "missing";
        return {
          toolCalls: [
            { name: "book_appointment", arguments: JSON.stringify({ slot_id: id, name: "Hans Schuster" }) },
          ],
        };
      },
      speakSay,
    ]);
    const first = await conversation.turn("Morgen um zehn, und habe ich schon einen Termin?");
    expect(first.tools.map((t) => t.name)).toEqual(["check_availability", "find_appointments"]);
    const second = await conversation.turn("Dann um halb elf, Hans Schuster.");
    expect(second.tools.map((t) => t.result.status)).toEqual(["booked"]);
    expect(second.say).toContain("10:30 Uhr");
    const mine = sim.listBookings().filter((b) => b.attendees[0]?.name === "Hans Schuster");
    expect(mine.map((b) => b.start)).toEqual(["2025-10-26T09:30:00.000Z"]);
  });

  it("feeds malformed arguments back as invalid_arguments; the corrected call then succeeds", async () => {
    const { conversation, stub } = await call([
      { toolCalls: [{ name: "check_availability", arguments: '{"service": "Herren' }] },
      (body) => {
        const { result } = lastToolResult(body);
        return result["status"] === "invalid_arguments"
          ? { toolCalls: [{ name: "check_availability", arguments: checkArgs }] }
          : { content: "unexpected" };
      },
      speakSay,
    ]);
    const reply = await conversation.turn("Morgen um zehn bitte.");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["invalid_arguments", "alternatives"]);
    expect(String(reply.tools[0]?.result.error)).toMatch(/check_availability/);
    expect(reply.say).toContain("26. Oktober");
    expect(stub.requests).toHaveLength(3);
  });

  it("answers honestly when the model's server keeps failing, and the call goes on", async () => {
    const { conversation } = await call(
      [{ status: 500 }, { status: 500 }, { content: "Wie kann ich helfen?" }],
      {
        maxRetries: 1,
      },
    );
    const reply = await conversation.turn("Hallo?");
    expect(reply.tools).toEqual([]);
    expect(reply.say.length).toBeGreaterThan(10);
    expect(reply.say).not.toMatch(/unerwartete/i);
    expect((await conversation.turn("Hallo?")).say).toBe("Wie kann ich helfen?");
  });

  it("stops a model that calls tools forever after the step cap, and the turn still returns", async () => {
    const forever: StubStep = () => ({
      toolCalls: [{ name: "find_appointments", arguments: '{"day":null}' }],
    });
    const { conversation, stub } = await call(Array.from({ length: 10 }, () => forever));
    const reply = await conversation.turn("Welche Termine habe ich?");
    expect(reply.tools).toHaveLength(6);
    expect(stub.requests).toHaveLength(6);
    expect(conversation.ended).toBe(false);
  });

  it("end_call ends the call", async () => {
    const { conversation } = await call([
      {
        toolCalls: [{ name: "end_call", arguments: '{"reason":"caller_request"}' }],
        content: "Auf Wiederhören!",
      },
    ]);
    const reply = await conversation.turn("Tschüss.");
    expect(reply.ended).toBe(true);
    expect(reply.say).toBe("Auf Wiederhören!");
  });
});
