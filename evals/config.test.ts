/**
 * promptfooconfig.yaml and evals/transcripts stay in step: the tests are generated from the folder (one per
 * transcript, so a new transcript needs no edit), every `file://` reference resolves, every per-transcript extra names
 * a transcript, and every `tool-call-f1` expectation names real tools. Whether the expectations hold is the eval's to
 * show: it replays each transcript once, and these tests replay none again.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { TOOLS } from "../tools/index.ts";
import * as assertions from "./assertions.ts";
import transcriptTests, { type TranscriptTestsConfig } from "./tests.ts";

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
  tests: { path: string; config: TranscriptTestsConfig };
}

const config = parseYaml(readFileSync(join(ROOT, "promptfooconfig.yaml"), "utf8")) as PromptfooConfig;
const transcripts = readdirSync(join(ROOT, "evals", "transcripts"))
  .filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"))
  .map((f) => `evals/transcripts/${f}`)
  .sort();
/** The tests promptfoo runs: what the generator returns for the config's own `tests.config`. */
const tests = transcriptTests(config.tests.config);
const assertsOf = (t: (typeof tests)[number]) => (t.assert ?? []) as Assertion[];

describe("promptfooconfig.yaml tests and evals/transcripts", () => {
  it("the tests come from the generator evals/tests.ts, over evals/transcripts", () => {
    expect(config.tests.path).toBe("file://evals/tests.ts");
    expect(existsSync(join(ROOT, "evals", "tests.ts"))).toBe(true);
    expect(config.tests.config.dir).toBe("evals/transcripts");
  });

  it("every transcript in the folder is exactly one test, in file-name order", () => {
    expect(tests.map((t) => t.vars.transcript)).toEqual(transcripts);
    for (const t of tests) expect(existsSync(join(ROOT, t.vars.transcript)), t.vars.transcript).toBe(true);
  });

  it("every extra names a transcript and keeps its description", () => {
    const extras = Object.entries(config.tests.config.extras ?? {});
    expect(extras.length).toBeGreaterThan(0);
    for (const [name, extra] of extras) {
      const test = tests.find((t) => t.vars.transcript === `evals/transcripts/${name}.yaml`);
      expect(test, name).toBeDefined();
      if (extra.description !== undefined) expect(test?.description).toBe(extra.description);
      expect(test?.assert).toEqual(extra.assert);
    }
  });
});

describe("evals/tests.ts on a copy of the folder", () => {
  const dir = mkdtempSync(join(tmpdir(), "termin-evals-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(ROOT, "evals", "transcripts"), dir, { recursive: true });
  const hans = readFileSync(join(dir, "hans-schuster.yaml"), "utf8");

  it("a transcript added to the folder becomes a test with no edit of the config", () => {
    const before = transcriptTests({ ...config.tests.config, dir });
    writeFileSync(
      join(dir, "zz-new-call.yml"),
      hans.replace("name: hans-schuster", "name: zz-new-call\ndescription: a call added by a user"),
    );
    writeFileSync(
      join(dir, "aa-named-only.yaml"),
      hans.replace("name: hans-schuster", "name: aa-named-only"),
    );
    writeFileSync(join(dir, "notes.txt"), "not a transcript");
    const after = transcriptTests({ ...config.tests.config, dir });
    expect(after).toHaveLength(before.length + 2);
    expect(after.at(-1)).toEqual({
      description: "a call added by a user",
      vars: { transcript: join(dir, "zz-new-call.yml") },
    });
    expect(after[0]).toEqual({
      description: "aa-named-only",
      vars: { transcript: join(dir, "aa-named-only.yaml") },
    });
    // The extras still reach their transcripts.
    const hansTest = after.find((t) => t.vars.transcript === join(dir, "hans-schuster.yaml"));
    expect(hansTest?.description).toBe("hans-schuster (the reference call, replayed)");
    expect(hansTest?.assert).toHaveLength(2);
  });

  it("a transcript that does not load is still a test, named by its file (the provider reports why)", () => {
    writeFileSync(join(dir, "broken.yaml"), "name: [unclosed\n");
    const test = transcriptTests({ ...config.tests.config, dir }).find(
      (t) => t.vars.transcript === join(dir, "broken.yaml"),
    );
    expect(test).toEqual({ description: "broken", vars: { transcript: join(dir, "broken.yaml") } });
  });

  it("an extra for a transcript that is not there fails the generation, naming it", () => {
    expect(() =>
      transcriptTests({ dir, extras: { "hans-schuster": {}, "renamed-call": { description: "x" } } }),
    ).toThrow(/no transcript renamed-call in /);
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

  it('speechGuard is the "speech guard" metric: scored by the share of turns not corrected, a failure only for the rule model', () => {
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
    // The rule model's words are the templates: a flag on them is a broken template.
    const ofModel = (model: string, flagged: number) =>
      assertions.speechGuard("", {
        metadata: {
          report: { failures: [], turns, model },
          guard: { flagged, rules: { same_day: flagged } },
        },
      });
    expect(ofModel("rule", 0)).toMatchObject({ pass: true, score: 1 });
    expect(ofModel("rule", 1)).toMatchObject({ pass: false, score: 0 });
    expect(ofModel("rule", 1).reason).toContain("a template breaks a rule");
    expect(ofModel("openai:gpt-4.1", 1)).toMatchObject({ pass: true, score: 0.75 });
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
    for (const test of tests) {
      for (const a of assertsOf(test)) {
        if (a.type !== "tool-call-f1") continue;
        for (const tool of a.value as string[])
          expect(names.has(tool), `${test.vars.transcript}: ${tool}`).toBe(true);
      }
    }
  });
});
