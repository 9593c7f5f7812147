/**
 * promptfooconfig.yaml and evals/transcripts stay in step: every transcript has exactly one test and every test
 * a transcript; every `file://` reference resolves; every `tool-call-f1` expectation holds for the rule model.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { TOOLS } from "../tools/index.ts";
import * as assertions from "./assertions.ts";
import Provider from "./provider.ts";

const ROOT = resolve(import.meta.dirname, "..");

interface Assertion {
  type: string;
  value?: unknown;
  threshold?: number;
  metric?: string;
}
interface PromptfooConfig {
  providers: { id: string; label?: string; config?: { model?: string } }[];
  defaultTest: { assert: Assertion[] };
  tests: { description?: string; vars: { transcript?: string }; assert?: Assertion[] }[];
}

const config = parseYaml(readFileSync(join(ROOT, "promptfooconfig.yaml"), "utf8")) as PromptfooConfig;
const transcripts = readdirSync(join(ROOT, "evals", "transcripts"))
  .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
  .map((f) => `evals/transcripts/${f}`)
  .sort();
const tested = config.tests.map((t) => t.vars.transcript ?? "(no vars.transcript)");

describe("promptfooconfig.yaml tests and evals/transcripts", () => {
  it("every test names a transcript that exists", () => {
    for (const path of tested) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });

  it("every transcript has exactly one test and vice versa", () => {
    const twice = tested.filter((p, i) => tested.indexOf(p) !== i);
    expect(twice).toEqual([]);
    expect([...tested].sort()).toEqual(transcripts);
  });
});

describe("promptfooconfig.yaml references", () => {
  it("the providers are evals/provider.ts with the rule and the openai model", () => {
    expect(config.providers.map((p) => [p.id, p.config?.model])).toEqual([
      ["file://evals/provider.ts", "rule"],
      ["file://evals/provider.ts", "openai"],
    ]);
    expect(existsSync(join(ROOT, "evals", "provider.ts"))).toBe(true);
  });

  it("every default assertion is a function exported by evals/assertions.ts, each invariant once", () => {
    const named = config.defaultTest.assert.map((a) => {
      expect(a.type).toBe("javascript");
      const match = /^file:\/\/evals\/assertions\.ts:(\w+)$/.exec(String(a.value));
      expect(match, String(a.value)).not.toBeNull();
      return match?.[1] ?? "";
    });
    const exported = assertions as unknown as Record<string, unknown>;
    for (const name of named) expect(typeof exported[name], name).toBe("function");
    expect(named.sort()).toEqual([
      "expectations",
      "invariant1",
      "invariant2",
      "invariant3",
      "invariant4",
      "invariant5",
      "invariant6",
      "invariant7",
      "invariant8",
      "speechGuard",
    ]);
  });

  it('speechGuard is the "speech guard" metric: never a failure, scored by the share of turns not corrected', () => {
    const a = config.defaultTest.assert.find((x) => String(x.value).endsWith(":speechGuard"));
    expect(a?.metric).toBe("speech guard");
    const turns = [{}, {}, {}, {}];
    const graded = (flagged: number, rules: Record<string, number>) =>
      assertions.speechGuard("", {
        metadata: { report: { failures: [], turns }, guard: { flagged, rules } },
      });
    expect(graded(0, {})).toEqual({ pass: true, score: 1, reason: "speech guard: no correction" });
    expect(graded(1, { same_day: 1 })).toEqual({
      pass: true,
      score: 0.75,
      reason: "speech guard: 1 of 4 turns corrected (same_day 1)",
    });
    expect(assertions.speechGuard("", { metadata: {} })).toMatchObject({ pass: false });
  });

  it('invariant8 is the "8 booked as chosen" metric and fails on invariant 8 failures only', () => {
    const a = config.defaultTest.assert.find((x) => String(x.value).endsWith(":invariant8"));
    expect(a?.metric).toBe("8 booked as chosen");
    const failure = {
      check: "invariant 8",
      turn: 3,
      message: "booked at 11:00, but the caller last asked for 11:30",
    };
    const graded = (check: string) =>
      assertions.invariant8("", { metadata: { report: { failures: [{ ...failure, check }] } } });
    expect(graded("invariant 8")).toEqual({
      pass: false,
      score: 0,
      reason: "invariant 8 (turn 3): booked at 11:00, but the caller last asked for 11:30",
    });
    expect(graded("invariant 5")).toMatchObject({ pass: true });
  });

  it("every tool-call-f1 expectation names real tools", () => {
    const names = new Set<string>(TOOLS.map((t) => t.name));
    for (const test of config.tests) {
      for (const a of test.assert ?? []) {
        if (a.type !== "tool-call-f1") continue;
        for (const tool of a.value as string[])
          expect(names.has(tool), `${test.vars.transcript}: ${tool}`).toBe(true);
      }
    }
  });
});

/** promptfoo's tool-call-f1: unordered sets of names, F1 of precision and recall. */
function toolCallF1(expected: string[], output: string): number {
  const actual = new Set<string>();
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    const parsed = JSON.parse(line) as { tool_calls?: { function: { name: string } }[] };
    for (const c of parsed.tool_calls ?? []) actual.add(c.function.name);
  }
  const want = new Set(expected);
  const hit = [...want].filter((t) => actual.has(t)).length;
  const precision = actual.size > 0 ? hit / actual.size : 0;
  const recall = want.size > 0 ? hit / want.size : 0;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

describe("the per-test assertions hold for the rule model", () => {
  const withAssertions = config.tests.filter((t) => (t.assert ?? []).length > 0);

  it.each(withAssertions.map((t) => [t.vars.transcript ?? "", t]))("%s", async (path, test) => {
    const response = await new Provider({ config: { model: "rule" } }).callApi("", {
      vars: { transcript: path },
    });
    const output = response.output ?? "";
    expect(response.error).toBeUndefined();
    for (const a of test.assert ?? []) {
      if (a.type === "tool-call-f1") {
        expect(toolCallF1(a.value as string[], output), JSON.stringify(a.value)).toBeGreaterThanOrEqual(
          a.threshold ?? 1,
        );
      } else if (a.type === "not-icontains") {
        expect(output.toLowerCase()).not.toContain(String(a.value).toLowerCase());
      } else {
        throw new Error(`assertion type ${a.type} has no check here; add one`);
      }
    }
  });
});
