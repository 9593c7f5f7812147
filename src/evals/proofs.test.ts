/**
 * Proof that the checks can fail: the reference call's own agent lines break invariants 1, 2, 3, 4 and 7, a
 * template broken on purpose (in a temp copy) makes the Hans Schuster replay fail, and a scripted model that makes
 * the three wrong bookings of invariant 8's issue fails the replay on invariant 8 (and its correct variants pass).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChatMessage, ChatModel } from "../agent/model.ts";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { responsesIn, tempFolders } from "../temp-for-tests.ts";
import { checkReply, knownSlotsOf, type OfferRound, type Violation } from "./invariants.ts";
import { replayTranscript } from "./replay.ts";
import { jsonReport } from "./report.ts";
import { loadTranscript, parseTranscript } from "./transcript.ts";

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
  const tempDir = tempFolders("templates");
  const templatesCopy = () => responsesIn(tempDir());

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

/** One tool call of a scripted turn; `args` may read the tool results so far (to find a slot's id by its time). */
interface ScriptedCall {
  name: string;
  args: Record<string, unknown> | ((results: Record<string, unknown>[]) => Record<string, unknown>);
}

/**
 * A model that runs the given tool calls for each caller turn and then says the last result's `say`: it makes
 * exactly the bookings of the issue, which the rule model no longer makes.
 */
function scriptedModel(turns: ScriptedCall[][]): ChatModel {
  return {
    name: "scripted",
    async complete({ messages }) {
      const users = messages.filter((m) => m.role === "user").length;
      const sinceUser = messages.slice(messages.map((m) => m.role).lastIndexOf("user") + 1);
      const step = sinceUser.filter((m) => m.role === "tool").length;
      const results = messages
        .filter((m): m is Extract<ChatMessage, { role: "tool" }> => m.role === "tool")
        .map((m) => JSON.parse(m.content) as Record<string, unknown>);
      const next = turns[users - 1]?.[step];
      if (next !== undefined) {
        const args = typeof next.args === "function" ? next.args(results) : next.args;
        const id = `call_${users}_${step + 1}`;
        return { content: null, toolCalls: [{ id, name: next.name, arguments: JSON.stringify(args) }] };
      }
      const say = step > 0 ? results.at(-1)?.["say"] : undefined;
      return {
        content: typeof say === "string" ? say : "Gern. Um wie viel Uhr darf es sein?",
        toolCalls: [],
      };
    },
  };
}

/** The id of the slot offered at local `time` ("09:50") in the latest result that offered it. */
const slotAt =
  (time: string) =>
  (results: Record<string, unknown>[]): string => {
    for (const r of [...results].reverse()) {
      const offers = [r["slot"], ...((r["alternatives"] as unknown[] | undefined) ?? [])] as {
        id?: string;
        time?: string;
      }[];
      const hit = offers.find((o) => o?.time === time);
      if (hit?.id !== undefined) return hit.id;
    }
    throw new Error(`no slot at ${time} was offered`);
  };

const check = (service: string, day: string, time: string): ScriptedCall => ({
  name: "check_availability",
  args: { service, day, time, person: null, reschedule_booking_id: null },
});
const holdFirst: ScriptedCall = { name: "hold_slot", args: { slot_id: "S1" } };
const bookAt = (at: string | ((r: Record<string, unknown>[]) => string), name: string): ScriptedCall => ({
  name: "book_appointment",
  args: (results) => ({ slot_id: typeof at === "string" ? at : at(results), name }),
});

async function replayIssue(business: string, callers: string[], script: ScriptedCall[][]) {
  const loaded = parseTranscript(
    {
      name: "issue",
      now: "2025-11-03T08:00:00+01:00",
      business,
      caller: { phone: "+4915112345678" },
      turns: callers.map((caller) => ({ caller })),
    },
    "issue.yaml",
  );
  const report = await replayTranscript(loaded, { model: scriptedModel(script) });
  const booked = report.bookings.filter((b) => b.byThisCall).map((b) => `${b.service}@${b.start} ${b.name}`);
  return { report, booked, failures: report.failures.map((f) => `${f.check} @${f.turn}: ${f.message}`) };
}

describe("invariant 8: the three wrong bookings of the issue fail the replay", () => {
  const a = [
    "Ich hätte gern morgen um elf einen Herrenhaarschnitt.",
    "Ja, bitte.",
    "Mein Sohn möchte auch einen Herrenhaarschnitt. Halb zwölf, auf den Namen Emre Yilmaz.",
  ];
  const aStart = [[check("herrenhaarschnitt", "morgen", "um elf")], [holdFirst]];

  it("(a) the father's held 11:00 booked for the son who said 'Halb zwölf'", async () => {
    const r = await replayIssue("friseur-1", a, [...aStart, [bookAt("S1", "Emre Yilmaz")]]);
    expect(r.booked).toEqual(["herrenhaarschnitt@2025-11-04T11:00 Emre Yilmaz"]);
    expect(r.failures).toEqual([
      `invariant 8 @3: booked at 11:00, but the caller last asked for 11:30 (turn 3: "${a[2]}")`,
    ]);
    expect(r.report.passed).toBe(false);
    expect(jsonReport(r.report)["failures"]).toContainEqual(
      expect.objectContaining({ check: "invariant 8" }),
    );
  });

  it("(a) correct: 11:30 checked and booked for Emre Yilmaz", async () => {
    const r = await replayIssue("friseur-1", a, [
      ...aStart,
      [check("herrenhaarschnitt", "morgen", "um halb zwölf"), bookAt(slotAt("11:30"), "Emre Yilmaz")],
    ]);
    expect(r.booked).toEqual(["herrenhaarschnitt@2025-11-04T11:30 Emre Yilmaz"]);
    expect(r.failures).toEqual([]);
  });

  const b = [
    "Ich bräuchte morgen um halb zehn eine Krankengymnastik.",
    "Ja, bitte.",
    "Ach nein, doch lieber eine Massage.",
    "Dann um 9:40. Karin Wimmer.",
  ];
  const bStart = [[check("krankengymnastik", "morgen", "um halb zehn")], [holdFirst], []];

  it("(b) the held Krankengymnastik at 9:30 booked after 'Massage ... Dann um 9:40. Karin Wimmer.'", async () => {
    const r = await replayIssue("physio-1", b, [...bStart, [bookAt("S1", "Karin Wimmer")]]);
    expect(r.booked).toEqual(["krankengymnastik@2025-11-04T09:30 Karin Wimmer"]);
    expect(r.failures).toEqual([
      `invariant 8 @4: booked at 09:30, but the caller last asked for 09:40 (turn 4: "${b[3]}")`,
      `invariant 8 @4: booked krankengymnastik, but the caller last asked for massage (turn 3: "${b[2]}")`,
    ]);
  });

  it("(b) correct: the massage looked up at 9:40 and the later alternative, 9:50, booked", async () => {
    const r = await replayIssue(
      "physio-1",
      [...b, "Den späteren, bitte."],
      [...bStart, [check("massage", "morgen", "um 9:40")], [bookAt(slotAt("09:50"), "Karin Wimmer")]],
    );
    expect(r.booked).toEqual(["massage@2025-11-04T09:50 Karin Wimmer"]);
    expect(r.failures).toEqual([]);
  });

  const c = [
    "Hallo, hier ist Eva Huber. Ich hätte gern morgen um zehn einen Kinderhaarschnitt.",
    "Ja, auf den Namen meiner Tochter, Lena Huber.",
  ];
  const cStart = [[check("kinderhaarschnitt", "morgen", "um zehn")]];

  it("(c) booked under the caller's own name after 'auf den Namen meiner Tochter, Lena Huber'", async () => {
    const r = await replayIssue("friseur-1", c, [...cStart, [bookAt("S1", "Eva Huber")]]);
    expect(r.booked).toEqual(["kinderhaarschnitt@2025-11-04T10:00 Eva Huber"]);
    expect(r.failures).toEqual([
      `invariant 8 @2: booked under "Eva Huber", but the caller last gave the name "Lena Huber" (turn 2: "${c[1]}")`,
    ]);
  });

  it("(c) correct: booked under Lena Huber", async () => {
    const r = await replayIssue("friseur-1", c, [...cStart, [bookAt("S1", "Lena Huber")]]);
    expect(r.booked).toEqual(["kinderhaarschnitt@2025-11-04T10:00 Lena Huber"]);
    expect(r.failures).toEqual([]);
  });
});
