/**
 * Invariant 8 (what is booked is what the caller chose) on hand-made replay reports: the three wrong bookings of
 * the issue fail it, their correct variants pass, and each part of the rule (last statement wins, offers answer
 * a statement, picks, windows, names, reschedules, price questions, several bookings) holds on its own. The kit no
 * longer makes these bookings, so the reports are built here, with tool results shaped as the handlers return them.
 */

import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { ObservedTool } from "../agent/speech-guard.ts";
import { type BusinessProfile, loadBusinessProfile } from "../calendar/profile.ts";
import { type ChoiceReport, checkBookedAsChosen } from "./booked-as-chosen.ts";
import type { ReplayBooking } from "./replay.ts";

const ZONE = "Europe/Berlin";
/** Monday, 3 November 2025: "morgen" is Tuesday, 4 November. */
const NOW = "2025-11-03T08:00:00+01:00";
const friseur = loadBusinessProfile("friseur-1");
const physio = loadBusinessProfile("physio-1");

/** A slot offer as the handlers return it, at a business-local wall time. */
function slot(id: string, service: string, wall: string, minutes = 30) {
  const start = DateTime.fromISO(wall, { zone: ZONE });
  return {
    id,
    service,
    person: null,
    start: start.toISO() ?? "",
    end: start.plus({ minutes }).toISO() ?? "",
    date: start.toISODate() ?? "",
    time: start.toFormat("HH:mm"),
  };
}
type Slot = ReturnType<typeof slot>;

interface Tool {
  name: string;
  arguments: unknown;
  result: ObservedTool["result"];
}
const available = (s: Slot): Tool => ({
  name: "check_availability",
  arguments: { service: s.service },
  result: { status: "available", requested: { date: s.date, time: s.time }, slot: s, say: "" },
});
const alternatives = (...offers: Slot[]): Tool => ({
  name: "check_availability",
  arguments: { service: offers[0]?.service },
  result: { status: "alternatives", alternatives: offers, say: "" },
});
const hold = (s: Slot): Tool => ({
  name: "hold_slot",
  arguments: { slot_id: s.id },
  result: { status: "held", slot: s, say: "" },
});
/** A booking of `s` under `name`; `made` is what the calendar then holds (default: the slot, as offered). */
const book = (s: Slot, name: string, uid = `uid-${s.id}`): Tool => ({
  name: "book_appointment",
  arguments: { slot_id: s.id, name },
  result: {
    status: "booked",
    booking: { uid, service: s.service, start: s.start, date: s.date, time: s.time },
  },
});

/** A report of a call: each turn the caller's line and the tools the agent ran; the bookings follow the results. */
function call(turns: [caller: string, ...tools: Tool[]][], extra: Partial<ChoiceReport> = {}): ChoiceReport {
  const toolCalls = turns.flatMap(([, ...tools], i) =>
    tools.map((t, k) => ({ turn: i + 1, id: `${i + 1}.${k + 1}`, ...t })),
  );
  const bookings: ReplayBooking[] = toolCalls.flatMap((c) => {
    const r = c.result as { status: string; booking?: { uid: string; service: string; start: string } };
    if (r.booking === undefined || (r.status !== "booked" && r.status !== "rescheduled")) return [];
    const name = (c.arguments as { name?: string }).name ?? "Jürgen Fischer";
    const start = DateTime.fromISO(r.booking.start).setZone(ZONE).toFormat("yyyy-LL-dd'T'HH:mm");
    return [
      { uid: r.booking.uid, service: r.booking.service, start, status: "accepted", name, byThisCall: true },
    ];
  });
  return {
    turns: turns.map(([caller]) => ({ caller, agent: "…", fillers: [], tools: [] })),
    toolCalls,
    bookings,
    ...extra,
  };
}

const check = (report: ChoiceReport, business: BusinessProfile = friseur) =>
  checkBookedAsChosen(report, { business, clock: NOW });
const messages = (report: ChoiceReport, business: BusinessProfile = friseur) =>
  check(report, business).map((f) => `${f.check} @${f.turn}: ${f.message}`);

describe("the three wrong bookings of the issue fail invariant 8", () => {
  // (a) The father's 11:00 is held; for the son the caller says "Halb zwölf, auf den Namen Emre Yilmaz", and the
  // held 11:00 is booked under the son's name.
  const father = slot("S1", "herrenhaarschnitt", "2025-11-04T11:00");
  const son = slot("S2", "herrenhaarschnitt", "2025-11-04T11:30");
  const aLines = [
    "Ich hätte gern morgen um elf einen Herrenhaarschnitt.",
    "Ja, bitte.",
    "Mein Sohn möchte auch einen Herrenhaarschnitt. Halb zwölf, auf den Namen Emre Yilmaz.",
  ] as const;

  it("(a) the held 11:00 booked after 'Halb zwölf': the time differs", () => {
    const report = call([
      [aLines[0], available(father)],
      [aLines[1], hold(father)],
      [aLines[2], book(father, "Emre Yilmaz")],
    ]);
    expect(messages(report)).toEqual([
      `invariant 8 @3: booked at 11:00, but the caller last asked for 11:30 (turn 3: "${aLines[2]}")`,
    ]);
  });

  it("(a) correct: 11:30 checked and booked for Emre Yilmaz, in that turn or after a yes", () => {
    const sameTurn = call([
      [aLines[0], available(father)],
      [aLines[1], hold(father)],
      [aLines[2], available(son), book(son, "Emre Yilmaz")],
    ]);
    expect(check(sameTurn)).toEqual([]);
    const afterYes = call([
      [aLines[0], available(father)],
      [aLines[1], hold(father)],
      [aLines[2], available(son)],
      ["Ja, gerne.", book(son, "Emre Yilmaz")],
    ]);
    expect(check(afterYes)).toEqual([]);
  });

  // (b) Krankengymnastik 9:30 is held; the caller switches to a massage and says "Dann um 9:40. Karin Wimmer.",
  // and the held Krankengymnastik at 9:30 is booked.
  const kg = slot("S1", "krankengymnastik", "2025-11-04T09:30");
  const bLines = [
    "Ich bräuchte morgen um halb zehn eine Krankengymnastik.",
    "Ja, bitte.",
    "Ach nein, doch lieber eine Massage.",
    "Dann um 9:40. Karin Wimmer.",
  ] as const;

  it("(b) the held Krankengymnastik 9:30 booked after 'Massage ... 9:40': service and time differ", () => {
    const report = call([
      [bLines[0], available(kg)],
      [bLines[1], hold(kg)],
      [bLines[2]],
      [bLines[3], book(kg, "Karin Wimmer")],
    ]);
    expect(messages(report, physio)).toEqual([
      `invariant 8 @4: booked at 09:30, but the caller last asked for 09:40 (turn 4: "${bLines[3]}")`,
      `invariant 8 @4: booked krankengymnastik, but the caller last asked for massage (turn 3: "${bLines[2]}")`,
    ]);
  });

  it("(b) correct: the massage checked at 9:40, the later alternative picked and booked", () => {
    const m930 = slot("S2", "massage", "2025-11-04T09:30", 20);
    const m950 = slot("S3", "massage", "2025-11-04T09:50", 20);
    const report = call([
      [bLines[0], available(kg)],
      [bLines[1], hold(kg)],
      [bLines[2]],
      [bLines[3], alternatives(m930, m950)],
      ["Den späteren, bitte.", book(m950, "Karin Wimmer")],
    ]);
    expect(check(report, physio)).toEqual([]);
    // Picked by its time it passes too; the earlier 9:30 massage after "um 9:50" does not.
    const byTime = (pick: Slot) =>
      call([
        [bLines[0], available(kg)],
        [bLines[1], hold(kg)],
        [bLines[2]],
        [bLines[3], alternatives(m930, m950)],
        ["Dann um 9:50.", book(pick, "Karin Wimmer")],
      ]);
    expect(check(byTime(m950), physio)).toEqual([]);
    expect(messages(byTime(m930), physio)).toEqual([
      'invariant 8 @5: booked at 09:30, but the caller last asked for 09:50 (turn 5: "Dann um 9:50.")',
    ]);
  });

  // (c) "auf den Namen meiner Tochter, Lena Huber", and the booking is under the caller's own name.
  const kinder = slot("S1", "kinderhaarschnitt", "2025-11-04T10:00");
  const cLines = [
    "Hallo, hier ist Eva Huber. Ich hätte gern morgen um zehn einen Kinderhaarschnitt.",
    "Ja, auf den Namen meiner Tochter, Lena Huber.",
  ] as const;

  it("(c) booked under the caller's own name after 'auf den Namen meiner Tochter, Lena Huber'", () => {
    const report = call([
      [cLines[0], available(kinder)],
      [cLines[1], book(kinder, "Eva Huber")],
    ]);
    expect(messages(report)).toEqual([
      `invariant 8 @2: booked under "Eva Huber", but the caller last gave the name "Lena Huber" (turn 2: "${cLines[1]}")`,
    ]);
  });

  it("(c) correct: booked under Lena Huber (case and spacing do not matter)", () => {
    for (const name of ["Lena Huber", "lena  HUBER"]) {
      const report = call([
        [cLines[0], available(kinder)],
        [cLines[1], book(kinder, name)],
      ]);
      expect(check(report), name).toEqual([]);
    }
  });
});

describe("the rule, part by part", () => {
  const s930 = slot("S1", "herrenhaarschnitt", "2025-11-04T09:30");
  const s1030 = slot("S2", "herrenhaarschnitt", "2025-11-04T10:30");
  const s27 = slot("S3", "herrenhaarschnitt", "2025-11-06T10:00");
  const kinder930 = slot("S1", "kinderhaarschnitt", "2025-11-04T09:30");

  it("a statement the agent answered with offers gives way to the offer the caller then accepted", () => {
    const report = call([
      ["Haben Sie morgen um zehn einen Herrenhaarschnitt?", alternatives(s930, s1030, s27)],
      ["Die dritte Möglichkeit bitte, auf den Namen Hans Schuster.", book(s27, "Hans Schuster")],
    ]);
    expect(check(report)).toEqual([]);
  });

  it("offers that come back in the booking's own turn answer nothing the caller heard", () => {
    const report = call([
      [
        "Morgen um zehn einen Herrenhaarschnitt, auf den Namen Hans Schuster.",
        alternatives(s930, s1030),
        book(s930, "Hans Schuster"),
      ],
    ]);
    expect(messages(report)).toEqual([
      'invariant 8 @1: booked at 09:30, but the caller last asked for 10:00 (turn 1: "Morgen um zehn einen Herrenhaarschnitt, auf den Namen Hans Schuster.")',
    ]);
  });

  it("'den ersten' and 'der Zweite' pick an offer; they are not the 1st or 2nd of a month", () => {
    for (const [line, pick] of [
      ["Den ersten bitte, auf den Namen Hans Schuster.", s930],
      ["Der Zweite. Hans Schuster.", s1030],
    ] as const) {
      const report = call([
        ["Morgen um zehn einen Herrenhaarschnitt?", alternatives(s930, s1030)],
        [line, book(pick, "Hans Schuster")],
      ]);
      expect(check(report), line).toEqual([]);
    }
  });

  it("a time said alone keeps the day said before it; a day said alone is checked as a day", () => {
    const later = slot("S4", "herrenhaarschnitt", "2025-11-07T11:00");
    const dayOnly = call([
      ["Einen Herrenhaarschnitt am Donnerstag um elf.", available(s27)],
      ["Ja.", hold(s27)],
      ["Ach, lieber Freitag. Hans Schuster.", book(s27, "Hans Schuster")],
    ]);
    expect(messages(dayOnly)).toEqual([
      'invariant 8 @3: booked on 2025-11-06, but the caller last asked for 2025-11-07 (turn 3: "Ach, lieber Freitag. Hans Schuster.")',
    ]);
    const asked = call([
      ["Einen Herrenhaarschnitt am Donnerstag um elf.", available(s27)],
      ["Ach, lieber Freitag.", available(later)],
      ["Ja. Hans Schuster.", book(later, "Hans Schuster")],
    ]);
    expect(check(asked)).toEqual([]);
  });

  it("a daypart said after the hold is a window the booked time must lie in", () => {
    const report = call([
      ["Morgen einen Herrenhaarschnitt, egal wann.", available(s930)],
      ["Ja.", hold(s930)],
      ["Aber bitte erst nachmittags. Hans Schuster.", book(s930, "Hans Schuster")],
    ]);
    expect(check(report).map((f) => f.message)).toEqual([
      'booked at 09:30, but the caller last asked for 12:00-18:00 (turn 3: "Aber bitte erst nachmittags. Hans Schuster.")',
    ]);
  });

  it("a name for the appointment outranks the caller's own; a later one outranks an earlier one", () => {
    const forDaughter = (name: string) =>
      call([
        ["Für meine Tochter, Lena Huber, morgen um halb zehn einen Kinderhaarschnitt.", available(kinder930)],
        ["Ja. Mein Name ist übrigens Eva Huber.", book(kinder930, name)],
      ]);
    expect(check(forDaughter("Lena Huber"))).toEqual([]);
    expect(check(forDaughter("Eva Huber")).map((f) => f.message)).toEqual([
      'booked under "Eva Huber", but the caller last gave the name "Lena Huber" (turn 1: "Für meine Tochter, Lena Huber, morgen um halb zehn einen Kinderhaarschnitt.")',
    ]);
    const corrected = call([
      ["Mein Name ist Hans Schuster, morgen um halb zehn einen Herrenhaarschnitt bitte.", available(s930)],
      ["Ja, aber auf den Namen Frau Meier.", book(s930, "Meier")],
    ]);
    expect(check(corrected)).toEqual([]);
  });

  it("with no name, day, time or service stated, only the accepted offer's service is held to", () => {
    const quiet = call([["Ja, gerne.", book(s930, "Hans Schuster")]]);
    expect(check(quiet)).toEqual([]);
    const other: ChoiceReport = {
      ...quiet,
      bookings: [{ ...(quiet.bookings[0] as ReplayBooking), service: "damenhaarschnitt" }],
      toolCalls: [{ turn: 1, id: "0.1", ...available(s930) }, ...quiet.toolCalls],
    };
    expect(check(other).map((f) => f.message)).toEqual([
      "booked damenhaarschnitt, but the accepted offer S1 was for herrenhaarschnitt",
    ]);
  });

  it("a service named in a price question is not a choice", () => {
    const report = call([
      [
        "Was kostet bei Ihnen eine Dauerwelle?",
        { name: "business_info", arguments: {}, result: { status: "info" } },
      ],
      [
        "Dann morgen um halb zehn einen Herrenhaarschnitt, Hans Schuster.",
        available(s930),
        book(s930, "Hans Schuster"),
      ],
    ]);
    expect(check(report)).toEqual([]);
  });

  it("a reschedule is held to the caller's day and time only", () => {
    const moved = slot("S1", "herrenhaarschnitt", "2025-11-08T11:00");
    const reschedule = (to: Slot): Tool => ({
      name: "reschedule_appointment",
      arguments: { booking_id: "old", slot_id: to.id },
      result: { status: "rescheduled", booking: { uid: "new", service: to.service, start: to.start } },
    });
    const ok = call([
      ["Hier ist Frau Fischer, ich möchte meinen Termin verschieben."],
      ["Geht es am Samstag um elf?", available(moved)],
      ["Ja, bitte.", reschedule(moved)],
    ]);
    expect(check(ok)).toEqual([]);
    const wrong = call([
      ["Hier ist Frau Fischer, ich möchte meinen Termin verschieben."],
      ["Geht es am Samstag um elf?", available(moved)],
      ["Ja, aber lieber um zwölf.", reschedule(moved)],
    ]);
    expect(check(wrong).map((f) => f.message)).toEqual([
      'booked at 11:00, but the caller last asked for 12:00 (turn 3: "Ja, aber lieber um zwölf.")',
    ]);
  });

  it("each booking reads the lines after the one before; a booking cancelled again is not judged", () => {
    const two = call([
      ["Morgen um halb zehn einen Herrenhaarschnitt für mich, Hans Schuster.", available(s930)],
      ["Ja.", book(s930, "Hans Schuster")],
      ["Und für meinen Sohn, Emre Schuster, um halb elf.", available(s1030)],
      ["Ja.", book(s1030, "Emre Schuster")],
    ]);
    expect(check(two)).toEqual([]);
    const swapped = call([
      ["Morgen um halb zehn einen Herrenhaarschnitt für mich, Hans Schuster.", available(s930)],
      ["Ja.", book(s930, "Hans Schuster")],
      ["Und für meinen Sohn, Emre Schuster, um halb elf.", available(s1030)],
      ["Ja.", book(s1030, "Hans Schuster")],
    ]);
    expect(check(swapped).map((f) => [f.turn, f.message])).toEqual([
      [
        4,
        'booked under "Hans Schuster", but the caller last gave the name "Emre Schuster" (turn 3: "Und für meinen Sohn, Emre Schuster, um halb elf.")',
      ],
    ]);
    const cancelled: ChoiceReport = {
      ...swapped,
      bookings: swapped.bookings.map((b) => (b.uid === "uid-S2" ? { ...b, status: "cancelled" } : b)),
    };
    expect(check(cancelled)).toEqual([]);
  });
});
