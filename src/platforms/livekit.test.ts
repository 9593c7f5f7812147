/**
 * The LiveKit adapter against the real `@livekit/agents` (devDependency): the tools `llm.tool` makes, the caller from
 * the SIP participant, a booking through a real text-only `voice.AgentSession` whose scripted model copies the slot id
 * from the chat context as a model would, and each tool's `execute` with a recording `session.say`. The simulator's
 * clock is pinned to the reference call (Saturday 25 Oct 2025, 20:17).
 */
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { DEFAULT_API_CONNECT_OPTIONS, initializeLogger, llm, voice } from "@livekit/agents";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { TOOLS } from "../../tools/index.ts";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { livekitTools, SIP_CALL_ID, SIP_PHONE_NUMBER } from "./livekit.ts";

const business = loadBusinessProfile("friseur-1");
const CALL_NOW = "2025-10-25T20:17:50+02:00";
const CALLER = { [SIP_PHONE_NUMBER]: "+49 170 1234567", [SIP_CALL_ID]: "SCL_Ab12Cd34Ef56" };
const TUESDAY_TEN = {
  service: "Herrenhaarschnitt",
  day: "Dienstag",
  time: "10 Uhr",
  person: null,
  reschedule_booking_id: null,
};

beforeAll(() => {
  // agents-js logs through pino to stdout; the test set-up fails tests that print.
  initializeLogger({ pretty: false, level: "silent" });
});

function call(attributes: Record<string, string> = CALLER) {
  const clock = manualClock(CALL_NOW);
  const sim = new CalendarSimulator({ profile: business, clock });
  const kit = livekitTools({ llm, business, calendar: sim, clock, participant: { attributes } });
  return { sim, kit };
}

/** A stand-in for the agent session and turn a tool runs in: records what is said and whether it shut down. */
class FakeAgentSession extends EventEmitter {
  readonly said: string[] = [];
  shutdowns = 0;
  closing = false;

  say(text: string) {
    if (this.closing) throw new Error("AgentSession is closing, cannot use say()");
    this.said.push(text);
    return new FakeTurn();
  }

  shutdown() {
    this.shutdowns++;
  }
}

/** A finished turn: done callbacks run at once, with the items the turn added. */
class FakeTurn {
  constructor(readonly chatItems: unknown[] = []) {}

  addDoneCallback(callback: (turn: FakeTurn) => void) {
    callback(this);
  }
}

let nextCallId = 0;

/** `execute`'s second argument as agents-js builds it (`voice/tool_executor.ts`), around the fakes. */
function runOptions(session: FakeAgentSession, options: { turn?: FakeTurn; aborted?: boolean } = {}) {
  const abort = new AbortController();
  if (options.aborted === true) abort.abort();
  return {
    ctx: { session, speechHandle: options.turn ?? new FakeTurn() },
    toolCallId: `call_${++nextCallId}`,
    abortSignal: abort.signal,
  } as unknown as llm.ToolOptions;
}

describe("livekitTools: the tools", () => {
  it("makes one agents-js tool per kit tool, named by its key, with the kit's JSON schema", () => {
    const { kit } = call();
    const context = new llm.ToolContext(kit.tools);
    expect(Object.keys(context.functionTools).sort()).toEqual(TOOLS.map((t) => t.name).sort());
    for (const tool of TOOLS) {
      const made = context.functionTools[tool.name];
      expect(made?.name).toBe(tool.name);
      expect(made?.description).toBe(tool.description);
      expect(made?.parameters).toEqual(tool.jsonSchema);
      // A copy: agents-js may add to it (`onDuplicate: "confirm"`) without touching the kit's frozen schema.
      expect(made?.parameters).not.toBe(tool.jsonSchema);
    }
  });

  it("imports @livekit packages for their types only, so the kit loads without them installed", () => {
    const source = readFileSync(new URL("./livekit.ts", import.meta.url), "utf8");
    const imports = source.match(/^import .* from "@livekit\/[^"]+";$/gm) ?? [];
    expect(imports).toHaveLength(2);
    for (const line of imports) expect(line).toMatch(/^import type \{/);
  });
});

describe("livekitTools: the caller", () => {
  it("takes the caller from sip.phoneNumber in E.164 and the call id from sip.callID", () => {
    const { kit } = call();
    expect(kit.callerPhone).toBe("+491701234567");
    expect(kit.callId).toBe("SCL_Ab12Cd34Ef56");
    expect(kit.session.callerPhone).toBe("+491701234567");
    expect(kit.session.callId).toBe("SCL_Ab12Cd34Ef56");
  });

  it("reads a national number in the business's country", () => {
    expect(call({ ...CALLER, [SIP_PHONE_NUMBER]: "0170 1234567" }).kit.callerPhone).toBe("+491701234567");
  });

  it("has no caller when the number is hidden, and a fresh call id when there is none or it is odd", () => {
    const hidden = call({ [SIP_CALL_ID]: "SCL_x" }).kit;
    expect(hidden.callerPhone).toBeNull();
    expect(call({ ...CALLER, [SIP_PHONE_NUMBER]: "anonymous" }).kit.callerPhone).toBeNull();
    const none = call({}).kit;
    expect(none.callId).toMatch(/^livekit_[0-9a-f]{32}$/);
    expect(call({}).kit.callId).not.toBe(none.callId);
    expect(call({ [SIP_CALL_ID]: "a@b c" }).kit.callId).toMatch(/^livekit_/);
    expect(call({ [SIP_CALL_ID]: "S".repeat(129) }).kit.callId).toMatch(/^livekit_/);
  });

  it("books on the SIP caller's number; a phone in the model's arguments is refused, not used", async () => {
    const { sim, kit } = call();
    const agent = new FakeAgentSession();
    await kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(agent));
    const sneaky = await kit.tools.book_appointment.execute(
      { slot_id: "S1", name: "Hans Schuster", phone: "+4917000000001" },
      runOptions(agent),
    );
    expect(sneaky).toMatchObject({ status: "invalid_arguments" });
    expect(sim.listBookings()).toHaveLength(0);
    await kit.tools.book_appointment.execute({ slot_id: "S1", name: "Hans Schuster" }, runOptions(agent));
    expect(sim.listBookings().map((b) => b.attendees[0]?.phoneNumber)).toEqual(["+491701234567"]);
  });
});

describe("livekitTools: execute", () => {
  it("says the template sentence word for word with session.say and returns undefined", async () => {
    const { kit } = call();
    const agent = new FakeAgentSession();
    const returned = await kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(agent));
    expect(returned).toBeUndefined();
    expect(agent.said).toMatchInlineSnapshot(`
      [
        "Ja, am Dienstag, 28. Oktober, um 10:00 Uhr ist ein Termin für Herrenhaarschnitt frei. Soll ich ihn für Sie buchen?",
      ]
    `);
  });

  it("gives malformed arguments back to the model as a clear result, says nothing, throws nothing", async () => {
    const { kit } = call();
    const agent = new FakeAgentSession();
    const wrongType = await kit.tools.check_availability.execute(
      { ...TUESDAY_TEN, day: 5 },
      runOptions(agent),
    );
    expect(wrongType).toMatchObject({ status: "invalid_arguments" });
    expect((wrongType as { error: string }).error).toContain("day");
    const unknownField = await kit.tools.hold_slot.execute(
      { slot_id: "S1", when: "jetzt" },
      runOptions(agent),
    );
    expect(unknownField).toMatchObject({ status: "invalid_arguments" });
    expect(agent.said).toEqual([]);
  });

  it("does not read out a look-up the caller interrupted, but tells a booking made meanwhile", async () => {
    const { kit } = call();
    const agent = new FakeAgentSession();
    const lookUp = await kit.tools.check_availability.execute(
      TUESDAY_TEN,
      runOptions(agent, { aborted: true }),
    );
    expect(lookUp).toMatchObject({ status: "available" });
    expect(agent.said).toEqual([]);
    const booked = await kit.tools.book_appointment.execute(
      { slot_id: "S1", name: "Hans Schuster" },
      runOptions(agent, { aborted: true }),
    );
    expect(booked).toBeUndefined();
    expect(agent.said).toHaveLength(1);
    expect(agent.said[0]).toContain("ist gebucht");
  });

  it("hands the result to the model when the session is closing and cannot speak", async () => {
    const { kit } = call();
    const agent = new FakeAgentSession();
    agent.closing = true;
    const returned = await kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(agent));
    expect(returned).toMatchObject({ status: "available", slot: { id: "S1" } });
  });
});

describe("livekitTools: the end of the call", () => {
  it("end_call shuts the session down after the turn; the tool's goodbye when the model said none", async () => {
    const { kit } = call();
    const silent = new FakeAgentSession();
    const r = await kit.tools.end_call.execute({ reason: "done" }, runOptions(silent));
    expect(r).toBeUndefined();
    expect(silent.said).toEqual(["Auf Wiederhören!"]);
    expect(silent.shutdowns).toBe(1);

    const polite = new FakeAgentSession();
    const goodbye = llm.ChatMessage.create({ role: "assistant", content: "Vielen Dank, auf Wiederhören!" });
    await kit.tools.end_call.execute(
      { reason: "done" },
      runOptions(polite, { turn: new FakeTurn([goodbye]) }),
    );
    expect(polite.said).toEqual([]);
    expect(polite.shutdowns).toBe(1);
  });

  it("end_call with a slot asked about says that nothing is booked and does not hang up", async () => {
    const { kit } = call();
    const agent = new FakeAgentSession();
    await kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(agent));
    const r = await kit.tools.end_call.execute({ reason: "caller_request" }, runOptions(agent));
    expect(r).toBeUndefined();
    expect(agent.said[1]).toContain("noch nicht gebucht");
    expect(agent.shutdowns).toBe(0);
  });

  it("end() lets the call's holds go, and so does the session closing", async () => {
    const { sim, kit } = call();
    const agent = new FakeAgentSession();
    await kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(agent));
    await kit.tools.hold_slot.execute({ slot_id: "S1" }, runOptions(agent));
    expect(sim.listHolds()).toHaveLength(1);
    await kit.end();
    expect(sim.listHolds()).toHaveLength(0);
    await kit.end();

    const second = call();
    const closing = new FakeAgentSession();
    await second.kit.tools.check_availability.execute(TUESDAY_TEN, runOptions(closing));
    await second.kit.tools.hold_slot.execute({ slot_id: "S1" }, runOptions(closing));
    expect(second.sim.listHolds()).toHaveLength(1);
    closing.emit("close", { type: "close", reason: "participant_disconnected" });
    await vi.waitFor(() => expect(second.sim.listHolds()).toHaveLength(0));
    expect(closing.listenerCount("function_tools_executed")).toBe(0);
  });
});

/** One step of the scripted model: text to say and tool calls to make, read from what the model is given. */
type Step = (chatCtx: llm.ChatContext) => {
  content?: string;
  calls?: { name: string; args: object | string }[];
};

/** A model that plays a script, one step per request, and keeps each chat context it was given. */
class ScriptedModel extends llm.LLM {
  readonly seen: llm.ChatContext[] = [];
  private step = 0;

  constructor(private readonly steps: Step[]) {
    super();
  }

  label(): string {
    return "scripted";
  }

  chat({ chatCtx, toolCtx }: { chatCtx: llm.ChatContext; toolCtx?: llm.ToolContextLike }): llm.LLMStream {
    this.seen.push(chatCtx.copy());
    const step = this.steps[this.step++];
    if (step === undefined) throw new Error(`the script has no step ${this.step}`);
    const params = {
      chatCtx,
      connOptions: DEFAULT_API_CONNECT_OPTIONS,
      ...(toolCtx === undefined ? {} : { toolCtx }),
    };
    return new ScriptedStream(this, step(chatCtx), params);
  }
}

class ScriptedStream extends llm.LLMStream {
  constructor(
    model: llm.LLM,
    private readonly reply: ReturnType<Step>,
    params: ConstructorParameters<typeof llm.LLMStream>[1],
  ) {
    super(model, params);
  }

  protected async run(): Promise<void> {
    const { content, calls = [] } = this.reply;
    if (content !== undefined) this.queue.put({ id: "scripted", delta: { role: "assistant", content } });
    const toolCalls = calls.map((c, i) =>
      llm.FunctionCall.create({
        callId: `scripted_${Date.now()}_${i}`,
        name: c.name,
        args: typeof c.args === "string" ? c.args : JSON.stringify(c.args),
      }),
    );
    if (toolCalls.length > 0) this.queue.put({ id: "scripted", delta: { role: "assistant", toolCalls } });
  }
}

/** The result the model was given for its last call of a tool, as it reads it from the chat context. */
function lastOutputOf(chatCtx: llm.ChatContext, name: string): Record<string, unknown> {
  const outputs = chatCtx.items.filter(
    (item): item is llm.FunctionCallOutput => item.type === "function_call_output" && item.name === name,
  );
  const last = outputs.at(-1);
  if (last === undefined) throw new Error(`no ${name} result in the chat context`);
  return JSON.parse(last.output) as Record<string, unknown>;
}

/** Starts a text-only agents-js session with the kit's tools and a scripted model. */
async function startSession(kit: ReturnType<typeof call>["kit"], steps: Step[]) {
  const model = new ScriptedModel(steps);
  const session = new voice.AgentSession({ llm: model });
  await session.start({ agent: new voice.Agent({ instructions: "Termine buchen.", tools: kit.tools }) });
  /** One caller line, then every item the turn added once the agent is quiet (the spoken `say` comes after). */
  const turn = async (userInput: string) => {
    const before = session.history.items.length;
    await session.run({ userInput }).wait();
    await session.waitForIdle();
    return session.history.items.slice(before);
  };
  return { model, session, turn };
}

const said = (items: llm.ChatItem[]) =>
  items.flatMap((i) => (i.type === "message" && i.role === "assistant" ? [i.textContent] : []));
const outputs = (items: llm.ChatItem[]) =>
  items.flatMap((i) =>
    i.type === "function_call_output" ? [JSON.parse(i.output) as { status: string }] : [],
  );

describe("livekitTools in a real agents-js session (text only)", () => {
  it("books: each say spoken as it is, no model turn after a tool, the result kept for the next turn", async () => {
    const { sim, kit } = call();
    const { model, session, turn } = await startSession(kit, [
      () => ({ calls: [{ name: "check_availability", args: TUESDAY_TEN }] }),
      // The caller said yes and their name: the model copies the slot id from the result in its context.
      (ctx) => {
        const slot = lastOutputOf(ctx, "check_availability")["slot"] as { id: string };
        return { calls: [{ name: "book_appointment", args: { slot_id: slot.id, name: "Hans Schuster" } }] };
      },
    ]);
    try {
      const asked = await turn("Haben Sie Dienstag um zehn was frei?");
      expect(said(asked)).toEqual([
        "Ja, am Dienstag, 28. Oktober, um 10:00 Uhr ist ein Termin für Herrenhaarschnitt frei. Soll ich ihn für Sie buchen?",
      ]);
      expect(outputs(asked)).toMatchObject([{ status: "available", slot: { id: "S1" } }]);
      // One request for the turn: the tool returned undefined, so the model got no turn to paraphrase.
      expect(model.seen).toHaveLength(1);

      const booked = await turn("Ja, bitte. Hans Schuster.");
      expect(model.seen).toHaveLength(2);
      expect(said(booked)).toEqual([
        "Erledigt: Ihr Termin für Herrenhaarschnitt am Dienstag, 28. Oktober, um 10:00 Uhr ist gebucht, auf den Namen Hans Schuster. Vielen Dank, wir freuen uns auf Sie!",
      ]);
      expect(outputs(booked)).toMatchObject([{ status: "booked" }]);
      expect(sim.listBookings()).toMatchObject([{ start: "2025-10-28T09:00:00.000Z" }]);
    } finally {
      await session.close();
    }
  });

  it("malformed argument text: the model is told and answers, nothing is said for it, nothing throws", async () => {
    const { kit } = call();
    const { model, session, turn } = await startSession(kit, [
      () => ({ calls: [{ name: "check_availability", args: '{"service": "Herrenhaarschnitt", "day": ' }] }),
      () => ({ calls: [{ name: "hold_slot", args: "slot S1 please" }] }),
      () => ({ content: "Entschuldigung, an welchem Tag?" }),
    ]);
    try {
      const items = await turn("Dienstag?");
      const results = items.filter((i): i is llm.FunctionCallOutput => i.type === "function_call_output");
      // Cut-off JSON: agents-js repairs what it can (jsonrepair), the kit's parse names what is missing.
      expect(results[0]?.isError).toBe(false);
      expect(JSON.parse(results[0]?.output ?? "")).toMatchObject({
        status: "invalid_arguments",
        error: expect.stringContaining("time: missing"),
      });
      // Not JSON at all: agents-js answers the model itself; `execute` never runs.
      expect(results[1]).toMatchObject({
        isError: true,
        output: expect.stringContaining("Invalid arguments"),
      });
      // Each time the model got the result and a turn to answer; the kit said nothing.
      expect(model.seen).toHaveLength(3);
      expect(said(items)).toEqual(["Entschuldigung, an welchem Tag?"]);
    } finally {
      await session.close();
    }
  });

  it("end_call: the model's goodbye, then the session closes by itself and the holds go", async () => {
    const { sim, kit } = call();
    const { session, turn } = await startSession(kit, [
      () => ({ calls: [{ name: "check_availability", args: TUESDAY_TEN }] }),
      () => ({ calls: [{ name: "hold_slot", args: { slot_id: "S1" } }] }),
      () => ({ calls: [{ name: "end_call", args: { reason: "caller_request" } }] }),
      () => ({
        content: "Gut, dann auf Wiederhören!",
        calls: [{ name: "end_call", args: { reason: "caller_request" } }],
      }),
    ]);
    const closed = new Promise((resolve) => session.once(voice.AgentSessionEventTypes.Close, resolve));
    await turn("Dienstag um zehn?");
    await turn("Ja, den nehme ich.");
    expect(sim.listHolds()).toHaveLength(1);
    const warned = await turn("Ach, tschüss.");
    expect(said(warned)[0]).toContain("noch nicht gebucht");
    await session.run({ userInput: "Nein, danke, tschüss." }).wait();
    await closed;
    // The model said goodbye itself, so the tool's own goodbye is not added.
    expect(said(session.history.items).at(-1)).toBe("Gut, dann auf Wiederhören!");
    await vi.waitFor(() => expect(sim.listHolds()).toHaveLength(0));
    expect(sim.listBookings()).toHaveLength(0);
  });
});
