/**
 * `termin replay` through `main`: the --json shape, exit codes 0 / 1 / 2, the readable failure report, and
 * --templates pointing at a broken copy of the response templates.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { runCli } from "./testing.ts";

const ROOT = join(PROMPTS_DIR, "..");
const TRANSCRIPTS = join(ROOT, "evals", "transcripts");
const FIXTURES = join(ROOT, "src", "evals", "__fixtures__", "transcripts");
const tmp = mkdtempSync(join(tmpdir(), "termin-cli-replay-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `termin replay ...args` with its own streams and no OpenAI settings in the environment. */
const replay = (...args: string[]) => runCli(["replay", ...args]);

const jsonLines = (out: string): Record<string, unknown>[] =>
  out
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("termin replay --json", () => {
  it("prints one object per call with name, passed, failures, turns, toolCalls, bookings; exit 0", async () => {
    // A folder of three shipped calls: every shipped one is replayed once, in src/evals/replay.test.ts.
    const folder = mkdtempSync(join(tmpdir(), "termin-replay-"));
    const picked = ["hans-schuster.yaml", "direct-booking.yaml", readdirSync(TRANSCRIPTS).sort()[0] ?? ""];
    for (const name of new Set(picked)) copyFileSync(join(TRANSCRIPTS, name), join(folder, name));
    const r = await replay(folder, "--json");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const calls = jsonLines(r.out);
    // One object per transcript in the folder.
    expect(calls).toHaveLength(new Set(picked).size);
    expect(calls.map((c) => c["name"])).toContain("hans-schuster");
    for (const c of calls) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(["name", "passed", "failures", "turns", "toolCalls", "bookings"]),
      );
      expect(c).toMatchObject({ passed: true, failures: [] });
      expect(Array.isArray(c["turns"]) && Array.isArray(c["toolCalls"]) && Array.isArray(c["bookings"])).toBe(
        true,
      );
    }
  });

  it("reports the call's turns, tool calls and bookings", async () => {
    const r = await replay(join(TRANSCRIPTS, "direct-booking.yaml"), "--json");
    expect(r.code).toBe(0);
    const [call] = jsonLines(r.out);
    expect(call?.["name"]).toBe("direct-booking");
    const turns = call?.["turns"] as { caller: string; agent: string }[];
    expect(turns[0]?.agent).toContain("Donnerstag, 6. November, um 15:00 Uhr");
    const toolCalls = call?.["toolCalls"] as { name: string }[];
    expect(toolCalls.map((t) => t.name)).toEqual(
      expect.arrayContaining(["check_availability", "hold_slot", "book_appointment"]),
    );
    expect(call?.["bookings"]).toEqual([
      expect.objectContaining({
        service: "damenhaarschnitt",
        start: "2025-11-06T15:00",
        name: "Maria Keller",
        byThisCall: true,
      }),
    ]);
  });

  it("exit 1 when one call fails; the failing call says which checks failed", async () => {
    const r = await replay(
      join(TRANSCRIPTS, "direct-booking.yaml"),
      join(FIXTURES, "wrong-expectations.yaml"),
      "--json",
    );
    expect(r.code).toBe(1);
    const [ok, bad] = jsonLines(r.out);
    expect(ok).toMatchObject({ name: "direct-booking", passed: true });
    expect(bad).toMatchObject({ name: "wrong-expectations", passed: false });
    expect(((bad?.["failures"] ?? []) as { check: string }[]).map((f) => f.check)).toEqual([
      "says",
      "booked",
    ]);
  });

  it("a transcript that does not load is a failed call with check 'load', not a crash", async () => {
    const r = await replay(join(FIXTURES, "bad-fields.yaml"), "--json");
    expect(r.code).toBe(1);
    const [call] = jsonLines(r.out);
    expect(call).toMatchObject({ passed: false, turns: [], toolCalls: [], bookings: [] });
    const failures = call?.["failures"] as { check: string; message: string }[];
    expect(failures[0]?.check).toBe("load");
    expect(failures[0]?.message).toContain("now: expected an ISO instant with offset");
  });
});

describe("the readable report", () => {
  it("names the check, the turn, the caller's and the agent's words, and sums up", async () => {
    const r = await replay(join(FIXTURES, "wrong-expectations.yaml"));
    expect(r.code).toBe(1);
    const lines = r.out.split("\n");
    expect(lines[0]).toBe("FAIL  wrong-expectations  (4 turns, 4 tool calls, model rule)");
    expect(lines[1]).toBe('  ✗ says at turn 1: expected the agent to say "Freitag, 7. November"');
    expect(lines[2]).toBe(
      "      Anrufer: Hallo, haben Sie am Donnerstag um 15 Uhr Zeit für einen Damenhaarschnitt?",
    );
    expect(lines[3]).toMatch(/^ {6}Agent: {3}.*am Donnerstag, 6\. November, um 15:00 Uhr/);
    expect(lines[4]).toBe(
      "  ✗ booked: expected booked damenhaarschnitt@2025-11-06T16:00, got damenhaarschnitt@2025-11-06T15:00",
    );
    expect(r.out).toContain("\n0 passed, 1 failed\n(1 calls, 4 caller turns)");
  });

  it("a passing run lists PASS per call and the total", async () => {
    const r = await replay(join(TRANSCRIPTS, "hans-schuster.yaml"), join(TRANSCRIPTS, "cancel-own.yaml"));
    expect(r.code).toBe(0);
    expect(r.out).toContain("PASS  hans-schuster  (9 turns, 4 tool calls, model rule)");
    expect(r.out).toContain("PASS  cancel-own");
    expect(r.out).toContain("\n2 passed, 0 failed\n(2 calls, 12 caller turns)");
  });
});

describe("--templates", () => {
  function templates(broken: boolean): string {
    const dir = mkdtempSync(join(tmp, "responses-"));
    cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
    if (broken) {
      const partial = join(dir, "partials", "alternatives-list.hbs");
      const text = readFileSync(partial, "utf8");
      expect(text).toContain("{{#if (allOnDay alternatives day)}}");
      writeFileSync(partial, text.replace("{{#if (allOnDay alternatives day)}}", "{{#if true}}"));
    }
    return dir;
  }

  it("an unbroken copy passes (exit 0)", async () => {
    const r = await replay(join(TRANSCRIPTS, "hans-schuster.yaml"), "--templates", templates(false));
    expect(r.code).toBe(0);
  });

  it("a copy that always says 'am selben Tag' fails the reference call on invariant 3 (exit 1)", async () => {
    const r = await replay(join(TRANSCRIPTS, "hans-schuster.yaml"), "--templates", templates(true));
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL  hans-schuster");
    expect(r.out).toMatch(/✗ invariant 3 at turn 2: "Am selben Tag", but the reply also offers/);
    expect(r.out).toMatch(/Agent: {3}.*Am selben Tag hätte ich noch etwas frei/);
  });
});

describe("usage errors exit 2 with a clear message", () => {
  it("no path", async () => {
    const r = await replay();
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toContain("termin replay: name at least one transcript file or directory");
  });

  it("a path that does not exist", async () => {
    const missing = join(tmp, "nope.yaml");
    const r = await replay(missing);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${missing}: no such file or directory`);
  });

  it("a folder without transcripts", async () => {
    const empty = mkdtempSync(join(tmp, "empty-"));
    writeFileSync(join(empty, "notes.md"), "no calls here");
    const r = await replay(empty);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`termin replay: no *.yaml transcripts in ${empty}`);
  });

  it("an unknown model or flag", async () => {
    const model = await replay(TRANSCRIPTS, "--model", "gpt");
    expect(model.code).toBe(2);
    expect(model.err).toContain('--model must be rule or openai, got "gpt"');
    const flag = await replay(TRANSCRIPTS, "--jsn");
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("--jsn");
  });
});
