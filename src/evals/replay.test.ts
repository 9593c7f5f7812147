/**
 * The replay runner: every shipped call passes with the rule model, its report says what happened, and a
 * response template broken on purpose (in a temp copy) makes the reference call fail on the invariant it breaks.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { renderTraceMarkdown } from "../trace/markdown.ts";
import { replayTranscript } from "./replay.ts";
import { formatReport, jsonReport } from "./report.ts";
import { loadTranscript, parseTranscript } from "./transcript.ts";

const ROOT = join(PROMPTS_DIR, "..");
const TRANSCRIPTS = join(ROOT, "evals", "transcripts");
const HANS = join(TRANSCRIPTS, "hans-schuster.yaml");
const FIXTURES = join(ROOT, "src", "evals", "__fixtures__", "transcripts");

const tmp = mkdtempSync(join(tmpdir(), "termin-replay-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let copies = 0;
/** A copy of prompts/responses with `from` replaced by `to` in `file` (which must contain `from`). */
function brokenTemplates(file: string | null, from = "", to = ""): string {
  const dir = join(tmp, `responses-${++copies}`);
  cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
  if (file !== null) {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    expect(text, `${file} no longer contains ${from}`).toContain(from);
    writeFileSync(path, text.replaceAll(from, to));
  }
  return dir;
}

const LIST = "partials/alternatives-list.hbs";
const checksOf = (failures: { check: string }[]): string[] =>
  [...new Set(failures.map((f) => f.check))].sort();

// Every shipped call is replayed once, by `npm run eval` (promptfoo), where the rule model's guard flags fail too.
describe("a call on a business profile of its own", () => {
  it("a call on an inline business profile (Vienna, Mondays only) passes too", async () => {
    const report = await replayTranscript(loadTranscript(join(FIXTURES, "inline-business.yaml")));
    expect(report.failures).toEqual([]);
    expect(report.greeting).toBe("Grüß Gott beim Barbier Wien!");
  });
});

describe("the report of the reference call", () => {
  it("records turns, tool calls and the final calendar", async () => {
    const report = await replayTranscript(loadTranscript(HANS));
    expect(report.name).toBe("hans-schuster");
    expect(report.file).toBe(HANS);
    expect(report.turns.map((t) => t.caller)).toEqual(
      loadTranscript(HANS).transcript.turns.map((t) => t.caller),
    );
    // One range query, a booking that loses the race, a booking by the exact offered slot, goodbye.
    expect(report.toolCalls.map((c) => [c.id, c.name, (c.result as { status: string }).status])).toEqual([
      ["2.1", "check_availability", "alternatives"],
      ["6.1", "book_appointment", "slot_taken"],
      ["8.1", "book_appointment", "booked"],
      ["9.1", "end_call", "ended"],
    ]);
    expect(report.turns[5]?.tools).toEqual([
      { name: "book_appointment", arguments: { slot_id: "S1", name: "Hans Schuster" }, status: "slot_taken" },
    ]);
    const live = report.bookings.filter((b) => b.status === "accepted");
    expect(live.map((b) => [b.start, b.name, b.byThisCall]).sort()).toEqual([
      ["2025-10-26T09:30", "Andere Kundin", false],
      ["2025-10-26T10:00", "Eva Brandt", false],
      ["2025-10-26T10:30", "Hans Schuster", true],
    ]);
    expect(report.events.some((e) => e.type === "call_ended")).toBe(true);
    expect(formatReport(report)).toBe("PASS  hans-schuster  (9 turns, 4 tool calls, model rule)");
    expect(Object.keys(jsonReport(report))).toEqual(
      expect.arrayContaining(["name", "passed", "failures", "turns", "toolCalls", "bookings"]),
    );
  });

  it("a failed expectation names the check, the turn and the agent's words", async () => {
    const report = await replayTranscript(loadTranscript(join(FIXTURES, "wrong-expectations.yaml")));
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual([
      {
        check: "says",
        turn: 1,
        message: 'expected the agent to say "Freitag, 7. November"',
        agent: report.turns[0]?.agent,
      },
      {
        check: "booked",
        turn: null,
        message: "expected booked damenhaarschnitt@2025-11-06T16:00, got damenhaarschnitt@2025-11-06T15:00",
      },
    ]);
    const text = formatReport(report);
    expect(text).toContain("FAIL  wrong-expectations");
    expect(text).toContain('✗ says at turn 1: expected the agent to say "Freitag, 7. November"');
    expect(text).toContain(
      "Anrufer: Hallo, haben Sie am Donnerstag um 15 Uhr Zeit für einen Damenhaarschnitt?",
    );
    expect(text).toContain(`Agent:   ${report.turns[0]?.agent}`);
    expect(report.turns[0]?.agent).toContain("Donnerstag, 6. November, um 15:00 Uhr");
  });

  it("not_says is matched case-insensitively with white space folded", async () => {
    const loaded = loadTranscript(join(TRANSCRIPTS, "direct-booking.yaml"));
    const raw = {
      ...loaded.transcript,
      turns: [
        { caller: loaded.transcript.turns[0]?.caller ?? "", expect: { not_says: ["DONNERSTAG,  6."] } },
      ],
      expect: { cancelled: [] },
    };
    const report = await replayTranscript(parseTranscript(raw, "inline"));
    expect(report.failures.map((f) => [f.check, f.turn, f.message])).toEqual([
      ["not_says", 1, 'the agent must not say "DONNERSTAG,  6."'],
    ]);
  });
});

describe("a broken template fails the replay of the reference call", () => {
  it("the unbroken copy passes", async () => {
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: brokenTemplates(null) });
    expect(report.failures).toEqual([]);
  });

  it("a list that always says 'am selben Tag' breaks invariant 3 on every offer that reaches the 27th", async () => {
    const dir = brokenTemplates(LIST, "{{#if (allOnDay alternatives day)}}", "{{#if true}}");
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(checksOf(report.failures)).toEqual(["invariant 3"]);
    expect(report.failures.map((f) => f.turn)).toEqual([2, 3, 4, 6, 7]);
    expect(report.failures[0]?.message).toBe(
      '"Am selben Tag", but the reply also offers um 10:00 Uhr on 2025-10-27',
    );
    expect(report.failures[0]?.agent).toContain("Am selben Tag hätte ich noch etwas frei");
  });

  it("'am gleichen Tag' before the list breaks invariant 3 and the transcript's not_says", async () => {
    const dir = brokenTemplates(
      LIST,
      "Stattdessen kann ich Ihnen anbieten:",
      "Stattdessen kann ich Ihnen am gleichen Tag anbieten:",
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(checksOf(report.failures)).toEqual(["invariant 3", "not_says"]);
  });

  it("times without their dates ({{time}} instead of {{slotsByDay}}) break invariant 1, and 4 after the conflict", async () => {
    const dir = brokenTemplates(
      LIST,
      "{{slotsByDay alternatives}}",
      "{{#each alternatives}}{{time this}}{{#unless @last}} oder {{/unless}}{{/each}}",
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(checksOf(report.failures)).toEqual(["invariant 1", "invariant 4"]);
    expect(report.failures.find((f) => f.check === "invariant 1")?.message).toBe(
      '"9:30 Uhr" is said without a date in the same sentence',
    );
  });

  it("{{timesOnDay}} over alternatives on two days is refused at render, naming the template", async () => {
    const dir = brokenTemplates(LIST, "{{slotsByDay alternatives}}", "{{timesOnDay alternatives}}");
    const replay = replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    await expect(replay).rejects.toThrow(ConfigError);
    await expect(replay).rejects.toThrow(/alternatives\.hbs failed: speakTimesOnDay got several days/);
  });

  it("the offers spoken latest first break invariant 7", async () => {
    const dir = brokenTemplates(
      LIST,
      "{{slotsByDay alternatives}}",
      "{{#each alternatives}}{{#if @last}}{{onSlot this}}{{/if}}{{/each}}" +
        "{{#each alternatives}}{{#unless @last}} oder {{onSlot this}}{{/unless}}{{/each}}",
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(checksOf(report.failures)).toContain("invariant 7");
    expect(report.failures.find((f) => f.check === "invariant 7")?.turn).toBe(2);
  });

  it("a time that is no slot (a UTC time written into the list) breaks invariant 2", async () => {
    const dir = brokenTemplates(
      LIST,
      "{{slotsByDay alternatives}}",
      "{{slotsByDay alternatives}} oder um 06:00 Uhr",
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(checksOf(report.failures)).toContain("invariant 2");
    expect(report.failures.find((f) => f.check === "invariant 2")?.message).toContain(
      '"um 06:00 Uhr" on 2025-10-27 is no slot the tools reported',
    );
  });

  it("a generic error after the conflict breaks invariant 4", async () => {
    const dir = brokenTemplates(
      "slot-taken.hbs",
      "{{> alternatives-list day=chosen instead=true}}",
      "Es ist leider ein unerwarteter Fehler aufgetreten.",
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(
      report.failures.filter((f) => f.check === "invariant 4").map((f) => [f.turn, f.message]),
    ).toContainEqual([6, "after the booking conflict the reply offers none of the new alternatives"]);
    expect(checksOf(report.failures)).toContain("not_says");
  });

  it("a templates folder that does not exist is a ConfigError", async () => {
    await expect(
      replayTranscript(loadTranscript(HANS), { templatesDir: join(tmp, "no-such-dir") }),
    ).rejects.toThrow(ConfigError);
  });
});

describe("a replay against a slow calendar: fillers and turn deadlines in the trace", () => {
  const DIRECT = join(TRANSCRIPTS, "direct-booking.yaml");

  it("a slow look-up: the filler is in the report's turn, the trace and the Markdown timeline; the call passes", async () => {
    const report = await replayTranscript(loadTranscript(DIRECT), {
      calendarDelayMs: { getSlots: 80 },
      budget: { fillerAfterMs: 20 },
    });
    expect(report.failures).toEqual([]);
    expect(report.turns[0]?.fillers).toEqual(["Einen Moment bitte, ich schaue im Kalender nach."]);
    expect(report.turns[1]?.fillers).toEqual([]);
    expect(report.events.filter((e) => e.type === "filler")).toHaveLength(1);
    expect(renderTraceMarkdown(report.events)).toContain(
      'Agent (filler, check_availability after 20 ms): "Einen Moment bitte, ich schaue im Kalender nach."',
    );
  });

  it("a booking past the turn's deadline: the delay sentence, then the confirmation before the goodbye; one booking", async () => {
    const report = await replayTranscript(loadTranscript(DIRECT), {
      calendarDelayMs: { book: 1_600 },
      budget: { fillerAfterMs: 20, deadlineMs: 1_000 },
    });
    expect(report.turns[2]?.agent).toBe(
      "Das dauert gerade länger als gewohnt. Sobald ich das Ergebnis habe, sage ich es Ihnen.",
    );
    expect(report.turns[2]?.fillers).toEqual(["Einen Moment bitte, ich trage den Termin ein."]);
    expect(report.turns[3]?.agent).toMatch(
      /^Erledigt: Ihr Termin für Damenhaarschnitt am Donnerstag, 6\. November/,
    );
    // Only the third turn's words differ from a fast call; the booking and every invariant hold.
    expect(report.failures.map((f) => [f.check, f.turn])).toEqual([
      ["says", 3],
      ["says", 3],
      ["says", 3],
    ]);
    expect(report.bookings.filter((b) => b.byThisCall)).toHaveLength(1);
    const deadline = report.events.find((e) => e.type === "turn_deadline");
    expect(deadline).toMatchObject({ turn: 3, afterMs: 1_000, pending: [{ name: "book_appointment" }] });
    expect(renderTraceMarkdown(report.events)).toContain(
      "TURN DEADLINE (1.0 s): still running in the background: book_appointment",
    );
  });
});
