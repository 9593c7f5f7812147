import { APIUserAbortError } from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { closedPort } from "../ports-for-tests.ts";
import type { ChatMessage, ModelRequest, ToolSpec } from "./model.ts";
import { DEFAULT_OPENAI_MODEL, modelFromEnv, PLACEHOLDER_API_KEY } from "./model-config.ts";
import { createOpenAIModel, ModelUnavailableError, type OpenAIModelOptions } from "./openai-model.ts";
import { type OpenAIStub, type StubStep, startOpenAIStub } from "./openai-stub-server.ts";

const checkSlots: ToolSpec = {
  name: "check_availability",
  description: "Freie Termine an einem Tag",
  parameters: {
    type: "object",
    properties: { date: { type: "string" } },
    required: ["date"],
    additionalProperties: false,
  },
};
const holdSlot: ToolSpec = {
  name: "hold_slot",
  description: "Einen angebotenen Termin reservieren",
  parameters: {
    type: "object",
    properties: { slot_id: { type: "string" } },
    required: ["slot_id"],
    additionalProperties: false,
  },
};

const ask: ModelRequest = {
  messages: [
    { role: "system", content: "Du bist die Telefonassistenz von Friseur 1." },
    { role: "user", content: "Haben Sie morgen um zehn Uhr frei?" },
  ],
  tools: [checkSlots, holdSlot],
};

let stub: OpenAIStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** Starts a stub with `script` and a model pointed at it; tiny timeouts keep retries fast. */
async function setup(script: StubStep[], options: OpenAIModelOptions = {}) {
  stub = await startOpenAIStub(script);
  const model = createOpenAIModel({
    apiKey: "test-key",
    baseURL: stub.baseURL,
    model: "stub-model",
    timeoutMs: 1_000,
    ...options,
  });
  return { stub, model };
}

describe("createOpenAIModel", () => {
  it("returns a plain answer and names itself after the model", async () => {
    const { stub, model } = await setup([{ content: "Ja, um 10:00 Uhr ist frei." }]);
    const response = await model.complete(ask);
    expect(model.name).toBe("openai:stub-model");
    expect(response).toEqual({ content: "Ja, um 10:00 Uhr ist frei.", toolCalls: [] });
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]?.headers["authorization"]).toBe("Bearer test-key");
  });

  it("returns a single tool call", async () => {
    const { model } = await setup([
      { toolCalls: [{ name: "check_availability", arguments: '{"date":"2025-10-26"}' }] },
    ]);
    const response = await model.complete(ask);
    expect(response.content).toBeNull();
    expect(response.toolCalls).toEqual([
      { id: "call_stub_1_1", name: "check_availability", arguments: '{"date":"2025-10-26"}' },
    ]);
  });

  it("returns every tool call of one response with ids and raw arguments kept", async () => {
    // Whitespace in the arguments proves they are passed through, not parsed and re-serialised.
    const { model } = await setup([
      {
        toolCalls: [
          { id: "call_a", name: "check_availability", arguments: '{ "date": "2025-10-26" }' },
          { id: "call_b", name: "check_availability", arguments: '{"date":"2025-10-27"}' },
        ],
      },
    ]);
    const response = await model.complete(ask);
    expect(response.toolCalls).toEqual([
      { id: "call_a", name: "check_availability", arguments: '{ "date": "2025-10-26" }' },
      { id: "call_b", name: "check_availability", arguments: '{"date":"2025-10-27"}' },
    ]);
  });

  it("returns malformed arguments raw instead of throwing", async () => {
    const truncated = '{"slot_id": ';
    const { model } = await setup([{ toolCalls: [{ name: "hold_slot", arguments: truncated }] }]);
    const response = await model.complete(ask);
    expect(response.toolCalls).toEqual([{ id: "call_stub_1_1", name: "hold_slot", arguments: truncated }]);
  });

  it("sends strict function tools, auto tool choice and parallel tool calls", async () => {
    const { stub, model } = await setup([{ content: "ok" }], { temperature: 0.2 });
    await model.complete(ask);
    const body = stub.requests[0]?.body;
    expect(body).toMatchObject({
      model: "stub-model",
      tool_choice: "auto",
      parallel_tool_calls: true,
      temperature: 0.2,
    });
    expect(body?.tools).toEqual([
      {
        type: "function",
        function: {
          name: "check_availability",
          description: "Freie Termine an einem Tag",
          parameters: checkSlots.parameters,
          strict: true,
        },
      },
      {
        type: "function",
        function: {
          name: "hold_slot",
          description: "Einen angebotenen Termin reservieren",
          parameters: holdSlot.parameters,
          strict: true,
        },
      },
    ]);
  });

  it("leaves out tools, tool_choice and parallel_tool_calls when there are no tools", async () => {
    // The API rejects parallel_tool_calls without tools.
    const { stub, model } = await setup([{ content: "ok" }]);
    await model.complete({ messages: ask.messages, tools: [] });
    const body = stub.requests[0]?.body;
    expect(body).not.toHaveProperty("tools");
    expect(body).not.toHaveProperty("tool_choice");
    expect(body).not.toHaveProperty("parallel_tool_calls");
    expect(body).not.toHaveProperty("temperature");
  });

  it("round-trips a conversation with tool results; tool_call_id matches the call", async () => {
    const { stub, model } = await setup([
      { toolCalls: [{ name: "check_availability", arguments: '{"date":"2025-10-26"}' }] },
      // Answers from what it was sent, so the assertion covers the SDK's real wire format.
      (body) => {
        const results = body.messages.filter((m) => m.role === "tool");
        return {
          content: `Ergebnisse: ${results.map((m) => `${m.tool_call_id}=${String(m.content)}`).join(";")}`,
        };
      },
    ]);
    const first = await model.complete(ask);
    const call = first.toolCalls[0]!;
    const messages: ChatMessage[] = [
      ...ask.messages,
      { role: "assistant", content: null, toolCalls: first.toolCalls },
      {
        role: "tool",
        toolCallId: call.id,
        name: call.name,
        content: '{"slots":["2025-10-26T09:00:00+01:00"]}',
      },
    ];
    const second = await model.complete({ messages, tools: ask.tools });

    expect(second.content).toBe(`Ergebnisse: ${call.id}={"slots":["2025-10-26T09:00:00+01:00"]}`);
    expect(stub.requests[1]?.body.messages.slice(2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_stub_1_1",
            type: "function",
            function: { name: "check_availability", arguments: '{"date":"2025-10-26"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_stub_1_1", content: '{"slots":["2025-10-26T09:00:00+01:00"]}' },
    ]);
  });

  it("retries after a 429 (honouring retry-after) and then succeeds", async () => {
    const { stub, model } = await setup([
      { status: 429, headers: { "retry-after": "0" } },
      { content: "Jetzt geht es." },
    ]);
    const started = Date.now();
    const response = await model.complete(ask);
    expect(response.content).toBe("Jetzt geht es.");
    expect(stub.requests).toHaveLength(2);
    // retry-after: 0 replaces the SDK's default backoff (at least 375 ms).
    expect(Date.now() - started).toBeLessThan(300);
  });

  it("retries after a 500 and then succeeds", async () => {
    const { stub, model } = await setup([
      { status: 500, headers: { "retry-after-ms": "10" } },
      { content: "ok" },
    ]);
    const response = await model.complete(ask);
    expect(response.content).toBe("ok");
    expect(stub.requests).toHaveLength(2);
    // The retry is the same request: the SDK resends the identical body.
    expect(stub.requests[1]?.body).toEqual(stub.requests[0]?.body);
  });

  it("retries after a timeout and then succeeds", async () => {
    const { stub, model } = await setup(
      [{ delayMs: 500, reply: { content: "zu spät" } }, { content: "rechtzeitig" }],
      {
        timeoutMs: 100,
      },
    );
    const response = await model.complete(ask);
    expect(response.content).toBe("rechtzeitig");
    expect(stub.requests).toHaveLength(2);
  });

  it("throws ModelUnavailableError when every attempt times out", async () => {
    const slow: StubStep = { delayMs: 500, reply: { content: "zu spät" } };
    const { stub, model } = await setup([slow, slow], { timeoutMs: 100, maxRetries: 1 });
    const error = await model.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe("OpenAI model stub-model timed out (after retries)");
    expect(stub.requests).toHaveLength(2);
  });

  it("names the server and the reason when it cannot be reached", async () => {
    const closed = await closedPort();
    const baseURL = `http://127.0.0.1:${closed}/v1`;
    const model = createOpenAIModel({ apiKey: "test-key", baseURL, model: "m", maxRetries: 0 });
    const error = await model.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toBe(
      `OpenAI model m could not be reached at http://127.0.0.1:${closed}/v1 (after retries): connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
  });

  it("quotes no password or query of the server's URL when it fails", async () => {
    const closed = await closedPort();
    const model = createOpenAIModel({
      apiKey: "sk-proj-abcdefghijklmnop1234567890",
      baseURL: `http://user:secret@127.0.0.1:${closed}/v1?api-key=k123`,
      model: "m",
      maxRetries: 0,
    });
    const error = await model.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    const { message } = error as Error;
    expect(message).toMatch(
      new RegExp(`^OpenAI model m could not be reached at http://127\\.0\\.0\\.1:${closed}/v1 `),
    );
    for (const secret of ["secret", "k123", "sk-proj"]) expect(message).not.toContain(secret);
  });

  it("throws ModelUnavailableError with the status when 5xx persists", async () => {
    const failing: StubStep = { status: 503, headers: { "retry-after": "0" } };
    const { stub, model } = await setup([failing, failing, failing]);
    const error = await model.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).status).toBe(503);
    expect((error as Error).message).toMatch(/status 503/);
    // Default maxRetries 2: one attempt plus two retries.
    expect(stub.requests).toHaveLength(3);
  });

  it("treats a rejected key as a ConfigError, without retrying", async () => {
    const { stub, model } = await setup([{ status: 401 }]);
    await expect(model.complete(ask)).rejects.toBeInstanceOf(ConfigError);
    expect(stub.requests).toHaveLength(1);
  });

  it("passes the caller's abort signal through", async () => {
    const { model } = await setup([{ delayMs: 500, reply: { content: "zu spät" } }]);
    const controller = new AbortController();
    const pending = model.complete({ ...ask, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((e: unknown) => e);
    // A hang-up is not an outage: the SDK's abort error passes through untouched.
    expect(error).toBeInstanceOf(APIUserAbortError);
  });
});

describe("startOpenAIStub", () => {
  it("answers requests beyond the script with a clear, non-retried 500", async () => {
    const { stub, model } = await setup([]);
    const error = await model.complete(ask).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(/request #1 has no scripted step \(script has 0\)/);
    expect(stub.requests).toHaveLength(1);
  });
});

describe("modelFromEnv", () => {
  it("defaults to the rule model when neither key nor base URL is set", () => {
    expect(modelFromEnv({})).toEqual({ kind: "rule" });
    expect(modelFromEnv({ OPENAI_API_KEY: "", TERMIN_MODEL: "gpt-4o" })).toEqual({ kind: "rule" });
  });

  it("defaults to openai when a key is set, with the default model", () => {
    expect(modelFromEnv({ OPENAI_API_KEY: "sk-test" })).toEqual({
      kind: "openai",
      openai: { apiKey: "sk-test", model: DEFAULT_OPENAI_MODEL },
    });
  });

  it("defaults to openai when only a base URL is set, with a placeholder key", () => {
    expect(modelFromEnv({ OPENAI_BASE_URL: "http://127.0.0.1:8080/v1", TERMIN_MODEL: "qwen3" })).toEqual({
      kind: "openai",
      openai: { apiKey: PLACEHOLDER_API_KEY, baseURL: "http://127.0.0.1:8080/v1", model: "qwen3" },
    });
  });

  it("lets --model rule win over a configured key", () => {
    expect(modelFromEnv({ OPENAI_API_KEY: "sk-test" }, "rule")).toEqual({ kind: "rule" });
  });

  it("rejects --model openai without key or base URL", () => {
    expect(() => modelFromEnv({}, "openai")).toThrow(ConfigError);
    expect(() => modelFromEnv({}, "openai")).toThrow(/set OPENAI_API_KEY or OPENAI_BASE_URL/);
  });

  it("rejects an unknown --model value", () => {
    expect(() => modelFromEnv({ OPENAI_API_KEY: "sk-test" }, "gpt")).toThrow(ConfigError);
  });
});
