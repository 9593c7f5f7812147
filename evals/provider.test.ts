/**
 * The promptfoo provider and assertions without promptfoo: the provider's output carries the conversation and
 * the OpenAI-shaped tool calls, its metadata the replay report; the assertions pass on a clean report and fail,
 * with the turn and the agent's words, on one with a failure.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as assertions from "./assertions.ts";
import Provider from "./provider.ts";

const DIRECT = "evals/transcripts/direct-booking.yaml";
const ROOT = resolve(import.meta.dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "termin-provider-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Grader = (
  output: string,
  context: Parameters<typeof assertions.expectations>[1],
) => { pass: boolean; score: number; reason: string };
const GRADERS: [string, Grader][] = [
  ["expectations", assertions.expectations],
  ["invariant1", assertions.invariant1],
  ["invariant2", assertions.invariant2],
  ["invariant3", assertions.invariant3],
  ["invariant4", assertions.invariant4],
  ["invariant5", assertions.invariant5],
  ["invariant6", assertions.invariant6],
  ["invariant7", assertions.invariant7],
];

describe("the provider", () => {
  it("has the id and label promptfoo gives it", () => {
    expect(new Provider().id()).toBe("termin-replay");
    const named = new Provider({ id: "file://evals/provider.ts", label: "termin-rule" });
    expect([named.id(), named.label]).toEqual(["file://evals/provider.ts", "termin-rule"]);
  });

  it("replays a transcript: the conversation, then one line of OpenAI-shaped tool calls", async () => {
    const response = await new Provider({ config: { model: "rule" } }).callApi("", {
      vars: { transcript: DIRECT },
    });
    expect(response.error).toBeUndefined();
    const lines = (response.output ?? "").split("\n");
    expect(lines[0]).toBe("Agent: Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?");
    expect(lines[1]).toBe(
      "Anrufer: Hallo, haben Sie am Donnerstag um 15 Uhr Zeit für einen Damenhaarschnitt?",
    );
    expect(lines[2]).toMatch(/^Agent: .*Donnerstag, 6\. November, um 15:00 Uhr/);
    // Greeting + 4 caller turns with 4 replies + the tool-call line.
    expect(lines).toHaveLength(10);

    const last = JSON.parse(lines.at(-1) ?? "") as {
      tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[];
    };
    expect(Object.keys(last)).toEqual(["tool_calls"]);
    expect(last.tool_calls.map((c) => c.function.name)).toEqual(
      expect.arrayContaining(["check_availability", "hold_slot", "book_appointment"]),
    );
    for (const call of last.tool_calls) {
      expect(call).toEqual({
        id: expect.stringMatching(/^call_\d+\.\d+$/),
        type: "function",
        function: { name: expect.any(String), arguments: expect.any(String) },
      });
      // OpenAI sends arguments as a JSON string of an object.
      expect(typeof JSON.parse(call.function.arguments)).toBe("object");
    }
    const book = last.tool_calls.find((c) => c.function.name === "book_appointment");
    expect(JSON.parse(book?.function.arguments ?? "{}")).toMatchObject({ name: "Maria Keller" });
  });

  it("puts the replay report, the Markdown trace and the final calendar into the metadata", async () => {
    const response = await new Provider({ config: { model: "rule" } }).callApi("", {
      vars: { transcript: DIRECT },
    });
    const metadata = response.metadata ?? {};
    expect(metadata["report"]).toMatchObject({ name: "direct-booking", passed: true, failures: [] });
    expect(typeof metadata["trace"]).toBe("string");
    expect(String(metadata["trace"]).length).toBeGreaterThan(100);
    expect(metadata["calendar"]).toEqual([
      expect.objectContaining({ service: "damenhaarschnitt", start: "2025-11-06T15:00", byThisCall: true }),
    ]);
    for (const [name, grade] of GRADERS) {
      expect(grade(response.output ?? "", { metadata }), name).toMatchObject({ pass: true, score: 1 });
    }
  });

  it("accepts an absolute transcript path", async () => {
    const response = await new Provider().callApi("", { vars: { transcript: join(ROOT, DIRECT) } });
    expect(response.error).toBeUndefined();
    expect(response.metadata?.["report"]).toMatchObject({ passed: true });
  });

  it("missing vars.transcript is an error, not a crash", async () => {
    expect(await new Provider().callApi("", { vars: {} })).toEqual({
      error: "test has no vars.transcript (path of a transcript YAML)",
    });
    expect((await new Provider().callApi("")).error).toContain("vars.transcript");
  });

  it("a transcript that does not load is an error naming it", async () => {
    const response = await new Provider().callApi("", {
      vars: { transcript: "evals/transcripts/nope.yaml" },
    });
    expect(response.output).toBeUndefined();
    expect(response.error).toMatch(/^evals\/transcripts\/nope\.yaml: .*cannot read transcript/);
  });

  it("config.templatesDir with a broken template: the report fails and so does the invariant 3 assertion", async () => {
    const dir = join(tmp, "responses");
    cpSync(join(ROOT, "prompts", "responses"), dir, { recursive: true });
    const partial = join(dir, "partials", "alternatives-list.hbs");
    const text = readFileSync(partial, "utf8");
    expect(text).toContain("{{#if (allOnDay alternatives day)}}");
    writeFileSync(partial, text.replace("{{#if (allOnDay alternatives day)}}", "{{#if true}}"));
    const response = await new Provider({ config: { model: "rule", templatesDir: dir } }).callApi("", {
      vars: { transcript: "evals/transcripts/hans-schuster.yaml" },
    });
    const metadata = response.metadata ?? {};
    expect((metadata["report"] as { passed: boolean }).passed).toBe(false);
    const graded = assertions.invariant3(response.output ?? "", { metadata });
    expect(graded.pass).toBe(false);
    expect(graded.reason).toContain('invariant 3 (turn 2): "Am selben Tag"');
    expect(assertions.invariant1(response.output ?? "", { metadata }).pass).toBe(true);
  });
});

describe("the assertions", () => {
  const failure = {
    check: "invariant 3",
    turn: 2,
    message: '"am gleichen Tag", but no offered slot is on the requested day 2025-10-26',
    agent: "Ich habe um 08:30 Uhr oder um 06:00 Uhr am gleichen Tag.",
  };
  const withFailures = (...failures: object[]) => ({ metadata: { report: { failures } } }) as never;

  it("fail the matching invariant with the turn and the agent's words, and only that one", () => {
    const graded = assertions.invariant3("", withFailures(failure));
    expect(graded).toEqual({
      pass: false,
      score: 0,
      reason:
        'invariant 3 (turn 2): "am gleichen Tag", but no offered slot is on the requested day 2025-10-26' +
        ' — Agent: "Ich habe um 08:30 Uhr oder um 06:00 Uhr am gleichen Tag."',
    });
    for (const [name, grade] of GRADERS.filter(([n]) => n !== "invariant3")) {
      expect(grade("", withFailures(failure)).pass, name).toBe(true);
    }
  });

  it("'expectations' fails on says / not_says / booked / cancelled, never on an invariant", () => {
    const booked = { check: "booked", turn: null, message: "expected booked none, got x" };
    expect(assertions.expectations("", withFailures(booked))).toEqual({
      pass: false,
      score: 0,
      reason: "booked: expected booked none, got x",
    });
    expect(assertions.expectations("", withFailures(failure)).pass).toBe(true);
    expect(assertions.invariant6("", withFailures(booked)).pass).toBe(true);
  });

  it("list every failure of their kind", () => {
    const second = { check: "invariant 3", turn: 6, message: "again" };
    expect(assertions.invariant3("", withFailures(failure, second)).reason.split("\n")).toHaveLength(2);
  });

  it("fail without a replay report (e.g. the provider errored)", () => {
    for (const [name, grade] of GRADERS) {
      expect(grade("", {}), name).toEqual({
        pass: false,
        score: 0,
        reason: "no replay report in the provider metadata",
      });
    }
  });
});
