/**
 * The end-to-end fault suite: calls through the rule model, the conversation loop, the handlers and the real Cal.com
 * client against calsim's server with seeded random faults, slow answers past short timeouts, compound faults and
 * national caller numbers; and a model sending deep and huge tool arguments through the loop. What the caller hears
 * must be true: no "jemand anderem" (nobody else wants their slot), no booking untold, no false confirmation, no turn
 * without first words past the threshold, no double booking. Durations run `speed` times faster than production.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startCall } from "../agent/call.ts";
import { createOpenAIModel } from "../agent/openai-model.ts";
import { type OpenAIStub, startOpenAIStub } from "../agent/openai-stub-server.ts";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { type FaultRunReport, runFaultCalls } from "./fault-run.ts";

const profile = loadBusinessProfile("friseur-1");

/** Everything a caller could believe falsely, and silence: all must be 0. */
function falseThings(r: FaultRunReport) {
  return {
    falseSomeoneElse: r.falseSomeoneElse,
    untoldBookings: r.untoldBookings,
    falseConfirmations: r.falseConfirmations,
    falseNotBooked: r.falseNotBooked,
    repeatedSentences: r.repeatedSentences,
    silentTurns: r.silentTurns,
    doubleBookings: r.doubleBookings,
  };
}
const NONE = {
  falseSomeoneElse: 0,
  untoldBookings: 0,
  falseConfirmations: 0,
  falseNotBooked: 0,
  repeatedSentences: 0,
  silentTurns: 0,
  doubleBookings: 0,
};

describe("calls through a faulty Cal.com tell the truth", () => {
  it("random 500s, dropped connections and latency near the turn deadline (seeded)", async () => {
    const r = await runFaultCalls({
      profile,
      calls: 12,
      concurrency: 6,
      speed: 20,
      // The turn deadline is 8 s; silence is judged at 10 s, less the time the machine did not run the process.
      silenceMs: 10_000,
      faults: { latencyMs: 6_000, jitterMs: 3_000, errorRate: 0.15, dropRate: 0.1, seed: 11 },
    });
    expect(falseThings(r), JSON.stringify(r.examples)).toEqual(NONE);
    expect(r.booked).toBeGreaterThan(0);
  }, 60_000);

  it("slow answers past a short client timeout (lost answers after the write), with national caller numbers", async () => {
    const r = await runFaultCalls({
      profile,
      calls: 12,
      concurrency: 6,
      speed: 20,
      // The turn deadline is 8 s; silence is judged at 10 s, less the time the machine did not run the process.
      silenceMs: 10_000,
      clientTimeoutMs: 4_000,
      nationalNumbers: true,
      faults: { latencyMs: 1_000, slowMs: 10_000, slowRate: 0.3, seed: 12 },
    });
    expect(falseThings(r), JSON.stringify(r.examples)).toEqual(NONE);
    // National-format numbers book (they used to be sent raw and refused).
    expect(r.booked).toBeGreaterThan(0);
  }, 60_000);

  it("compound faults: everything at once", async () => {
    const r = await runFaultCalls({
      profile,
      calls: 12,
      concurrency: 6,
      speed: 20,
      // The turn deadline is 8 s; silence is judged at 10 s, less the time the machine did not run the process.
      silenceMs: 10_000,
      clientTimeoutMs: 6_000,
      nationalNumbers: true,
      faults: {
        latencyMs: 5_000,
        jitterMs: 4_000,
        errorRate: 0.2,
        dropRate: 0.1,
        slowMs: 12_000,
        slowRate: 0.2,
        seed: 13,
      },
    });
    expect(falseThings(r), JSON.stringify(r.examples)).toEqual(NONE);
  }, 60_000);
});

describe("deep and huge input through the loop", () => {
  let stub: OpenAIStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it("a model sending a 5000-deep argument and a 1 MB name gets short errors; the caller hears an answer", async () => {
    const deep = `{"reason":${"[".repeat(5_000)}${"]".repeat(5_000)}}`;
    const huge = JSON.stringify({ slot_id: "S1", name: "x".repeat(1_000_000) });
    stub = await startOpenAIStub([
      { toolCalls: [{ name: "end_call", arguments: deep }] },
      { toolCalls: [{ name: "book_appointment", arguments: huge }] },
      { content: "Entschuldigung, wie war Ihr Name?" },
    ]);
    const clock = manualClock("2025-10-25T20:17:50+02:00");
    const sim = new CalendarSimulator({ profile, clock });
    const model = createOpenAIModel({
      baseURL: stub.baseURL,
      apiKey: "test",
      timeoutMs: 2_000,
      maxRetries: 0,
    });
    const call = startCall({ business: profile, calendar: sim, clock, callerPhone: "0170 1234567", model });
    call.conversation.greet();
    const reply = await call.conversation.turn(`Hallo ${"ähm ".repeat(25_000)}`);
    expect(reply.say).toBe("Entschuldigung, wie war Ihr Name?");
    expect(reply.tools.map((t) => t.result.status)).toEqual(["invalid_arguments", "invalid_arguments"]);
    // What went back to the model summarises, never echoes.
    const toolMessages = stub.requests.at(-1)?.body.messages.filter((m) => m.role === "tool") ?? [];
    for (const m of toolMessages) expect(String(m.content).length).toBeLessThan(1_024);
    // The caller's 100 KB line was cut where it entered.
    const said = call.recorder.events().find((e) => e.type === "caller_said");
    expect(said?.type === "caller_said" ? said.text.length : 0).toBeLessThanOrEqual(2_000);
    expect(sim.listBookings()).toHaveLength(0);
  });
});
