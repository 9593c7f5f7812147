/**
 * The reply checks (invariants 1, 2, 3, 4 and 7) can fail: the reference call's own agent lines break them, and
 * each invariant has a positive and a negative case. The replayed call's fixed lines hold all of them, checked
 * here from the replay's own tool results rather than from its verdict.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import {
  checkReply,
  type KnownSlot,
  knownSlotsOf,
  type OfferRound,
  type ReplyContext,
} from "./invariants.ts";
import { replayTranscript } from "./replay.ts";
import { loadTranscript } from "./transcript.ts";

const ZONE = "Europe/Berlin";
/** The second the reference agent spoke its offer (Saturday evening, summer time ends that night). */
const NOW = "2025-10-25T20:18:33+02:00";

/** What the reference call's tools truly returned: 10:00 on the 26th asked for, two slots on the 27th. */
const REQUESTED = { requested: { date: "2025-10-26", time: "10:00" } };
const REAL_SLOTS = [{ start: "2025-10-27T06:00:00.000Z" }, { start: "2025-10-27T08:30:00.000Z" }];
const refKnown = knownSlotsOf([REQUESTED, REAL_SLOTS], ZONE);
const refRound: OfferRound = {
  requestedDate: "2025-10-26",
  askedTime: "10:00",
  offers: knownSlotsOf(REAL_SLOTS, ZONE),
};

const ORIGINAL_OFFER =
  "Leider ist der Termin morgen um 10:00 Uhr nicht verfügbar. Ich habe jedoch folgende Alternativen für Sie: " +
  "um 08:30 Uhr oder um 06:00 Uhr am gleichen Tag. Welcher Termin würde Ihnen besser passen?";
const ORIGINAL_ERROR = "Es tut mir leid, aber es ist ein unerwarteter Fehler aufgetreten.";

function check(text: string, over: Partial<ReplyContext> = {}) {
  return checkReply({
    zone: ZONE,
    now: NOW,
    turn: 1,
    text,
    known: refKnown,
    latestRound: refRound,
    conflict: null,
    ...over,
  });
}
const invariants = (text: string, over: Partial<ReplyContext> = {}): number[] =>
  [...new Set(check(text, over).map((v) => v.invariant))].sort();
const messages = (text: string, invariant: number, over: Partial<ReplyContext> = {}): string[] =>
  check(text, over)
    .filter((v) => v.invariant === invariant)
    .map((v) => v.message);

describe("knownSlotsOf", () => {
  it("reads the reference call's UTC slots as the local times 07:00 and 09:30 on the 27th", () => {
    expect(refKnown).toEqual([
      { start: "", date: "2025-10-26", time: "10:00" },
      { start: "2025-10-27T06:00:00.000Z", date: "2025-10-27", time: "07:00" },
      { start: "2025-10-27T08:30:00.000Z", date: "2025-10-27", time: "09:30" },
    ]);
  });

  it("reads an instant on the 25-hour day in the zone's offset of that moment", () => {
    // 26 Oct 2025: 00:30Z is still summer time (02:30 CEST), 01:30Z is winter time (02:30 CET).
    expect(
      knownSlotsOf([{ start: "2025-10-26T00:30:00Z" }, { start: "2025-10-26T01:30:00Z" }], ZONE).map(
        (k) => k.time,
      ),
    ).toEqual(["02:30", "02:30"]);
  });
});

describe("the reference call's original agent lines fail the checks", () => {
  it("the offer breaks invariants 1, 2, 3 and 7", () => {
    const violations = check(ORIGINAL_OFFER, { turn: 6 });
    expect([...new Set(violations.map((v) => v.invariant))].sort()).toEqual([1, 2, 3, 7]);
    expect(violations.every((v) => v.turn === 6 && v.text === ORIGINAL_OFFER)).toBe(true);
  });

  it("invariant 1: the offered times have no date, the asked one only 'morgen'", () => {
    expect(messages(ORIGINAL_OFFER, 1)).toEqual([
      '"um 10:00 Uhr" is dated only by "morgen", without weekday, day and month',
      '"um 08:30 Uhr" is said without a date in the same sentence',
      '"um 06:00 Uhr" is said without a date in the same sentence',
      '"morgen" is said without the date it means',
    ]);
  });

  it("invariant 2: 08:30 and 06:00 are no slot the tools reported (the slots were 07:00 and 09:30 local)", () => {
    const found = messages(ORIGINAL_OFFER, 2);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('"um 08:30 Uhr" on 2025-10-26 is no slot');
    expect(found[1]).toContain('"um 06:00 Uhr" on 2025-10-26 is no slot');
  });

  it("invariant 2 holds the UTC leak even where the listener would place the times on the right day", () => {
    // Give the original times the offers' real date: they are still UTC, one hour off the local slots.
    const dated = ORIGINAL_OFFER.replace("um 08:30 Uhr oder", "am Montag, 27. Oktober, um 08:30 Uhr oder");
    const found = messages(dated, 2);
    expect(found.some((m) => m.includes('"um 08:30 Uhr" on 2025-10-27') && m.includes("07:00, 09:30"))).toBe(
      true,
    );
  });

  it("invariant 3: 'am gleichen Tag' while every offer is on the 27th", () => {
    expect(messages(ORIGINAL_OFFER, 3)).toEqual([
      '"am gleichen Tag", but no offered slot is on the requested day 2025-10-26 (offered: 2025-10-27)',
    ]);
  });

  it("invariant 7: 08:30 is said before 06:00", () => {
    expect(messages(ORIGINAL_OFFER, 7)).toEqual([
      '"um 06:00 Uhr" (2025-10-26T06:00) is said after the later "um 08:30 Uhr" (2025-10-26T08:30)',
    ]);
  });

  it("the error line after the conflict breaks invariant 4 twice: no alternative, and a generic error", () => {
    const stillFree = knownSlotsOf([REAL_SLOTS[0]], ZONE);
    const violations = check(ORIGINAL_ERROR, { turn: 8, conflict: { alternatives: stillFree } });
    expect(violations.map((v) => [v.invariant, v.message])).toEqual([
      [4, "after the booking conflict the reply offers none of the new alternatives"],
      [4, 'the reply says "unerwarteter Fehler"'],
    ]);
  });
});

describe("the replayed reference call's lines (what the agent says today) hold every reply invariant", () => {
  it("rebuilds each turn's context from the replay's tool results and finds no violation", async () => {
    const loaded = loadTranscript(join(PROMPTS_DIR, "..", "evals", "transcripts", "hans-schuster.yaml"));
    const report = await replayTranscript(loaded, { model: "rule" });
    expect(report.turns).toHaveLength(loaded.transcript.turns.length);

    const known: KnownSlot[] = [];
    let latestRound: OfferRound | null = null;
    const checked: string[] = [];
    for (const [i, turn] of report.turns.entries()) {
      const turnNo = i + 1;
      let conflict: ReplyContext["conflict"] = null;
      for (const call of report.toolCalls.filter((c) => c.turn === turnNo)) {
        const r = call.result as Record<string, unknown>;
        known.push(...knownSlotsOf(r, ZONE));
        if (["available", "alternatives", "slot_taken"].includes(String(r["status"]))) {
          const asked = (r["requested"] ?? r["chosen"]) as { date: string; time: string | null };
          latestRound = {
            requestedDate: asked.date,
            askedTime: asked.time,
            offers: knownSlotsOf([r["slot"], r["alternatives"]], ZONE),
          };
        }
        if (r["status"] === "slot_taken") conflict = { alternatives: knownSlotsOf(r["alternatives"], ZONE) };
      }
      expect(check(turn.agent, { turn: turnNo, known, latestRound, conflict })).toEqual([]);
      checked.push(turn.agent);
    }
    // The offer and the answer to the conflict are among the lines checked, said the fixed way.
    expect(checked[1]).toContain("morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr");
    expect(checked[5]).toMatch(/gerade eben von jemand anderem gebucht\. Stattdessen .*26\. Oktober, um/);
    expect(checked.join(" ")).not.toMatch(/gleichen Tag|unerwartete|06:00|08:30/);
    expect(report.passed).toBe(true);
  });
});

/** A day with free slots on the requested day (26th) and on the next (27th), all in local time. */
const twoDays = knownSlotsOf(
  [
    REQUESTED,
    [
      { start: "2025-10-26T09:30:00+01:00" },
      { start: "2025-10-26T10:30:00+01:00" },
      { start: "2025-10-27T07:00:00+01:00" },
      { start: "2025-10-27T09:30:00+01:00" },
    ],
  ],
  ZONE,
);
const twoDaysRound: OfferRound = {
  requestedDate: "2025-10-26",
  askedTime: "10:00",
  offers: twoDays.slice(1),
};
const onTwoDays = { known: twoDays, latestRound: twoDaysRound };

describe("invariant 1: every clock time with its slot's explicit date", () => {
  it.each([
    "Ich kann Ihnen anbieten: am Montag, 27. Oktober, um 7:00 Uhr.",
    "Am Montag, 27. Oktober, um 7:00 oder 9:30 Uhr.",
    "Am Montag, 27.10., um 7:00 Uhr.",
    "Am Montag, 27. Oktober, um sieben Uhr.",
    "Übermorgen, Montag, 27. Oktober, um 7:00 Uhr.",
  ])("holds for %j", (text) => {
    expect(check(text)).toEqual([]);
  });

  it.each([
    ["a time alone", "Ich kann Ihnen um 7:00 Uhr etwas anbieten.", '"um 7:00 Uhr" is said without a date'],
    [
      "a time in words alone",
      "Ich hätte um sieben Uhr etwas frei.",
      '"um sieben Uhr" is said without a date',
    ],
    ["a weekday only", "Am Montag um 7:00 Uhr.", 'dated only by "Am Montag", without weekday, day and month'],
    ["day and month without the weekday", "Am 27. Oktober um 7:00 Uhr.", "without weekday, day and month"],
    ["the date in the sentence before", "Montag, 27. Oktober. Um 7:00 Uhr.", "without a date in the same"],
    ["'übermorgen' without the date", "Übermorgen um 7:00 Uhr.", '"Übermorgen" is said without the date'],
    [
      "'morgen' next to another day's date",
      "Morgen, Montag, 27. Oktober, um 7:00 Uhr.",
      '"Morgen" is said without the date it means',
    ],
  ])("fails for %s", (_what, text, message) => {
    expect(invariants(text)).toContain(1);
    expect(messages(text, 1).some((m) => m.includes(message))).toBe(true);
  });
});

describe("invariant 2: every clock time is a reported slot's local time", () => {
  it("holds for the slot's local time and for the time that was asked for", () => {
    expect(check("Am Montag, 27. Oktober, um 9:30 Uhr.")).toEqual([]);
    expect(
      check(
        "Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. " +
          "Stattdessen kann ich Ihnen anbieten: am Montag, 27. Oktober, um 7:00 Uhr.",
      ),
    ).toEqual([]);
  });

  it("fails for the slot's UTC time (06:00Z is 07:00 local)", () => {
    expect(invariants("Am Montag, 27. Oktober, um 6:00 Uhr.")).toEqual([2]);
    expect(messages("Am Montag, 27. Oktober, um 6:00 Uhr.", 2)).toEqual([
      '"um 6:00 Uhr" on 2025-10-27 is no slot the tools reported (known that day: 07:00, 09:30)',
    ]);
  });

  it("fails for a real slot time said under the wrong day", () => {
    expect(invariants("Am Sonntag, 26. Oktober, um 7:00 Uhr.")).toEqual([2]);
  });

  it("fails for a time the tools never reported, even in words", () => {
    expect(invariants("Am Montag, 27. Oktober, um acht Uhr.")).toEqual([2]);
  });
});

describe("invariant 3: 'am gleichen/selben Tag' only when true", () => {
  it("holds when the offers it introduces are on the requested day", () => {
    const text =
      "Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Am selben Tag hätte " +
      "ich noch etwas frei, und zwar morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr.";
    expect(check(text, onTwoDays)).toEqual([]);
  });

  it("fails when every offer is on another day", () => {
    expect(invariants("Am Montag, 27. Oktober, um 7:00 Uhr am selben Tag.")).toEqual([3]);
  });

  it("fails when the reply also offers a slot of another day after it", () => {
    const text =
      "Am selben Tag hätte ich Sonntag, 26. Oktober, um 9:30 Uhr, oder Montag, 27. Oktober, um 7:00 Uhr.";
    expect(messages(text, 3, onTwoDays)).toEqual([
      '"Am selben Tag", but the reply also offers um 7:00 Uhr on 2025-10-27',
    ]);
  });

  it("fails when there was no requested day to be the same as", () => {
    expect(messages("Am gleichen Tag hätte ich etwas frei.", 3, { latestRound: null })).toEqual([
      '"Am gleichen Tag" without a requested day to be the same as',
    ]);
  });
});

describe("invariant 4: after a conflict, a concrete still-free alternative and never a generic error", () => {
  const onlySevenFree = { conflict: { alternatives: knownSlotsOf([REAL_SLOTS[0]], ZONE) } };

  it("holds when the reply offers the still-free alternative", () => {
    const text =
      "Das tut mir leid, der Termin wurde gerade gebucht. Ich kann Ihnen am Montag, 27. Oktober, um 7:00 Uhr anbieten.";
    expect(check(text, onlySevenFree)).toEqual([]);
  });

  it("fails when the reply offers only a slot that is no longer free", () => {
    const text = "Das tut mir leid. Ich kann Ihnen am Montag, 27. Oktober, um 9:30 Uhr anbieten.";
    expect(messages(text, 4, onlySevenFree)).toEqual([
      "after the booking conflict the reply offers none of the new alternatives",
    ]);
  });

  it("fails when the reply offers nothing concrete", () => {
    expect(invariants("Das tut mir leid. Möchten Sie einen anderen Tag?", onlySevenFree)).toEqual([4]);
  });

  it("a generic error fails even without a conflict; a plain answer without conflict does not", () => {
    expect(invariants("Es ist ein unerwarteter Fehler aufgetreten.")).toEqual([4]);
    expect(check("Gern. Für welchen Tag möchten Sie den Termin?")).toEqual([]);
  });
});

describe("invariant 7: alternatives in chronological order", () => {
  it("holds for ascending times, also across days, with the asked time named first", () => {
    expect(check("Am Montag, 27. Oktober, um 7:00 oder 9:30 Uhr.")).toEqual([]);
    const text =
      "Der Termin am Sonntag, 26. Oktober, um 10:00 Uhr ist vergeben. Ich kann Ihnen anbieten: am Sonntag, " +
      "26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr.";
    expect(check(text, onTwoDays)).toEqual([]);
  });

  it("fails for a later time said first on one day", () => {
    expect(messages("Am Montag, 27. Oktober, um 9:30 oder 7:00 Uhr.", 7)).toEqual([
      '"7:00 Uhr" (2025-10-27T07:00) is said after the later "um 9:30" (2025-10-27T09:30)',
    ]);
  });

  it("fails for a later day said first", () => {
    const text = "Am Montag, 27. Oktober, um 7:00 Uhr oder am Sonntag, 26. Oktober, um 10:30 Uhr.";
    expect(invariants(text, onTwoDays)).toEqual([7]);
  });

  it("a fact of the result named once before the offers (the latest start) is not part of the list", () => {
    const slots = [
      { start: "2025-10-26T10:00:00.000Z" },
      { start: "2025-10-26T10:30:00.000Z" },
      { start: "2025-10-27T10:30:00.000Z" },
    ];
    const round: OfferRound = {
      requestedDate: "2025-10-26",
      askedTime: "11:45",
      named: ["2025-10-26T11:30"],
      offers: knownSlotsOf(slots, ZONE),
    };
    const known = knownSlotsOf([slots, { date: "2025-10-26", time: "11:45" }], ZONE);
    const fact =
      "Am Sonntag, 26. Oktober, haben wir nur bis 12:00 Uhr geöffnet; der letzte Termin beginnt um 11:30 Uhr. " +
      "Ich kann Ihnen anbieten: am Sonntag, 26. Oktober, um ";
    expect(
      check(`${fact}11:00 oder 11:30 Uhr, oder am Montag, 27. Oktober, um 11:30 Uhr.`, {
        known,
        latestRound: round,
      }),
    ).toEqual([]);
    // The list itself is still checked: out of order after the fact fails.
    const reversed = `${fact}11:30 oder 11:00 Uhr, oder am Montag, 27. Oktober, um 11:30 Uhr.`;
    expect(invariants(reversed, { known, latestRound: round })).toEqual([7]);
    // Without the fact marked, the same correct reply would be flagged.
    const unmarked = { ...round, named: [] };
    expect(invariants(`${fact}11:00 oder 11:30 Uhr.`, { known, latestRound: unmarked })).toEqual([7]);
  });
});

describe("reading German the way a listener hears it", () => {
  it("an abbreviation inside the sentence does not cut the date off the times after it", () => {
    expect(check("Am Montag, 27. Oktober, um 7:00 bzw. 9:30 Uhr.")).toEqual([]);
    expect(check("Am Montag, 27. Oktober, z. B. um 9:30 Uhr.")).toEqual([]);
  });

  it("a time marked as UTC breaks invariant 2 even when its digits match a local slot", () => {
    expect(invariants("Am Montag, 27. Oktober, um 9:30 Uhr UTC.")).toEqual([2]);
  });

  it("accepts correct German the reader must not flag", () => {
    // The date after the time, in the same sentence.
    expect(check("Um 9:30 Uhr am Montag, 27. Oktober, hätte ich etwas frei.")).toEqual([]);
    // "also morgen" beside the full date it means.
    expect(check("Am Sonntag, 26. Oktober, also morgen, um 10:00 Uhr ist leider schon vergeben.")).toEqual(
      [],
    );
    // Opening hours are no slot times.
    expect(check("Wir haben montags von 7 bis 13 Uhr geöffnet.")).toEqual([]);
    // A found booking named after the new offer is not an alternative out of order.
    const withBooking = {
      known: [...refKnown, ...knownSlotsOf([{ start: "2025-10-26T10:00:00.000Z" }], ZONE)],
    };
    expect(
      check(
        "Ihr neuer Termin ist am Montag, 27. Oktober, um 9:30 Uhr. Den alten am Sonntag, 26. Oktober, um 11:00 Uhr habe ich abgesagt.",
        withBooking,
      ),
    ).toEqual([]);
  });

  it("still flags a time whose only date is in another sentence, and 'morgen' beside another day", () => {
    expect(invariants("Am Montag, 27. Oktober, ist viel los. Um 9:30 Uhr wäre noch frei.")).toEqual([1]);
    expect(invariants("Morgen, Montag, 27. Oktober, um 9:30 Uhr.")).toEqual([1]);
  });

  it("a conflict that left nothing to offer only forbids the generic error", () => {
    const nothingLeft = { conflict: { alternatives: [], offered: 0 } };
    expect(
      check("Der Termin ist leider gerade vergeben, und sonst ist nichts mehr frei.", nothingLeft),
    ).toEqual([]);
    expect(invariants(ORIGINAL_ERROR, nothingLeft)).toEqual([4]);
    // Offered, but all taken again by now: the reply still had to offer a free one.
    expect(
      invariants("Leider ist nichts mehr frei.", { conflict: { alternatives: [], offered: 2 } }),
    ).toEqual([4]);
  });
});
