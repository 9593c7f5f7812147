/**
 * Proof that the checks can fail: the reference call's own agent lines break invariants 1, 2, 3, 4 and 7, and
 * a template broken on purpose (in a temp copy) makes the Hans Schuster replay fail.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { checkReply, knownSlotsOf, type OfferRound, type Violation } from "./invariants.ts";
import { replayTranscript } from "./replay.ts";
import { loadTranscript } from "./transcript.ts";

const ZONE = "Europe/Berlin";
const HANS = join(PROMPTS_DIR, "..", "evals", "transcripts", "hans-schuster.yaml");

/** What the reference call's tools truly returned: 10:00 on the 26th asked for, slots on the 27th offered. */
const requested = { date: "2025-10-26", time: "10:00" };
const offeredOn27 = [{ start: "2025-10-27T06:00:00.000Z" }, { start: "2025-10-27T08:30:00.000Z" }];
const known = knownSlotsOf([{ requested }, offeredOn27], ZONE);
const round: OfferRound = { requestedDate: "2025-10-26", offers: knownSlotsOf(offeredOn27, ZONE) };

const invariantsOf = (violations: Violation[]): number[] =>
  [...new Set(violations.map((v) => v.invariant))].sort();

describe("the reference call's agent lines break the invariants", () => {
  it("the 'am gleichen Tag' line breaks invariants 1, 2, 3 and 7", () => {
    const text =
      "Leider ist der Termin morgen um 10:00 Uhr nicht verfügbar. Ich habe jedoch folgende Alternativen für Sie: " +
      "um 08:30 Uhr oder um 06:00 Uhr am gleichen Tag. Welcher Termin würde Ihnen besser passen?";
    const violations = checkReply({
      zone: ZONE,
      now: "2025-10-25T20:18:33+02:00",
      turn: 6,
      text,
      known,
      latestRound: round,
      conflict: null,
    });
    expect(invariantsOf(violations)).toEqual([1, 2, 3, 7]);
    // 1: "morgen" without the date; 2: 08:30 and 06:00 are no slot times (the slots were 07:00 and 09:30 local).
    expect(violations.filter((v) => v.invariant === 2).map((v) => v.message)).toEqual([
      expect.stringContaining('08:30 Uhr" on 2025-10-26 is no slot'),
      expect.stringContaining('06:00 Uhr" on 2025-10-26 is no slot'),
    ]);
    expect(violations.find((v) => v.invariant === 3)?.message).toContain("offered: 2025-10-27");
  });

  it("'ein unerwarteter Fehler' after the conflict breaks invariant 4", () => {
    const violations = checkReply({
      zone: ZONE,
      now: "2025-10-25T20:19:07+02:00",
      turn: 8,
      text: "Es tut mir leid, aber es ist ein unerwarteter Fehler aufgetreten.",
      known,
      latestRound: round,
      conflict: { alternatives: knownSlotsOf([offeredOn27[0]], ZONE) },
    });
    expect(invariantsOf(violations)).toEqual([4]);
    expect(violations.map((v) => v.message)).toEqual([
      "after the booking conflict the reply offers none of the new alternatives",
      'the reply says "unerwarteter Fehler"',
    ]);
  });

  it("the same offer said the kit's way holds every invariant", () => {
    const text =
      "Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Stattdessen kann ich " +
      "Ihnen anbieten: am Montag, 27. Oktober, um 7:00 oder 9:30 Uhr. Welcher Termin passt Ihnen am besten?";
    expect(
      checkReply({
        zone: ZONE,
        now: "2025-10-25T20:18:33+02:00",
        turn: 2,
        text,
        known,
        latestRound: round,
        conflict: null,
      }),
    ).toEqual([]);
  });
});

describe("a broken template fails the replay", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  function templatesCopy(): string {
    const dir = mkdtempSync(join(tmpdir(), "termin-templates-"));
    dirs.push(dir);
    cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
    return dir;
  }

  it("the unbroken copy passes", async () => {
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: templatesCopy() });
    expect(report.failures).toEqual([]);
  });

  it("an alternatives list that always says 'am gleichen Tag' breaks invariant 3", async () => {
    const dir = templatesCopy();
    const partial = join(dir, "partials", "alternatives-list.hbs");
    const text = readFileSync(partial, "utf8");
    writeFileSync(partial, text.replace("{{#if (allOnDay alternatives day)}}", "{{#if true}}"));
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => f.check)).toContain("invariant 3");
  });

  it("a list that drops the dates (times only) breaks invariant 1", async () => {
    const dir = templatesCopy();
    const partial = join(dir, "partials", "alternatives-list.hbs");
    const text = readFileSync(partial, "utf8");
    expect(text).toContain("{{slotsByDay alternatives}}");
    writeFileSync(
      partial,
      text.replaceAll("{{slotsByDay alternatives}}", "um {{#each alternatives}}{{time this}} {{/each}}"),
    );
    const report = await replayTranscript(loadTranscript(HANS), { templatesDir: dir });
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => f.check)).toContain("invariant 1");
  });
});
