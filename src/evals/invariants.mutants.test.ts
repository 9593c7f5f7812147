/**
 * What the reply checks must do that the broader suites did not pin (found by mutation testing): a date binds a
 * time only in its own sentence, a relative day needs its date in its own sentence, a time without a date is
 * still heard on the day named before it, and how tool results become known slots and offer rounds.
 */
import { describe, expect, it } from "vitest";
import {
  checkReply,
  knownSlotsOf,
  type OfferRound,
  offerRound,
  type ReplyContext,
  turnRound,
} from "./invariants.ts";

const ZONE = "Europe/Berlin";
/** Saturday evening of the reference call: "morgen" is Sunday 26 October. */
const NOW = "2025-10-25T20:18:33+02:00";

/** Sunday 26th: 10:00 asked, 9:30 and 10:30 free; Monday 27th: 7:00 and 9:30 free. */
const known = knownSlotsOf(
  [
    { requested: { date: "2025-10-26", time: "10:00" } },
    [
      { start: "2025-10-26T09:30:00+01:00" },
      { start: "2025-10-26T10:30:00+01:00" },
      { start: "2025-10-27T07:00:00+01:00" },
      { start: "2025-10-27T09:30:00+01:00" },
    ],
  ],
  ZONE,
);
const round: OfferRound = { requestedDate: "2025-10-26", askedTime: "10:00", offers: known.slice(1) };

function check(text: string, over: Partial<ReplyContext> = {}) {
  return checkReply({
    zone: ZONE,
    now: NOW,
    turn: 3,
    text,
    known,
    latestRound: round,
    conflict: null,
    ...over,
  });
}
const messages = (text: string, invariant: number, over: Partial<ReplyContext> = {}): string[] =>
  check(text, over)
    .filter((v) => v.invariant === invariant)
    .map((v) => v.message);

describe("invariant 1: a date binds a clock time only inside its own sentence", () => {
  it("a full date in the sentence before does not date the time", () => {
    const text = "Am Montag, 27. Oktober, habe ich noch Termine. Um 7:00 Uhr wäre etwas frei.";
    expect(messages(text, 1)).toEqual(['"Um 7:00 Uhr" is said without a date in the same sentence']);
  });

  it("a full date in the sentence after does not date it either", () => {
    const text = "Um 7:00 Uhr wäre etwas frei. Das ist am Montag, 27. Oktober.";
    expect(messages(text, 1)).toEqual(['"Um 7:00 Uhr" is said without a date in the same sentence']);
  });

  it("each sentence's time is dated by its own sentence's date", () => {
    const text = "Am Montag, 27. Oktober, um 7:00 Uhr. Oder am Sonntag, 26. Oktober, um 9:30 Uhr.";
    // Both are dated (invariant 1 holds); the second is heard on the 26th, so it is a known slot, but it comes
    // after the later Monday time (invariant 7).
    expect(messages(text, 1)).toEqual([]);
    expect(messages(text, 2)).toEqual([]);
    expect(messages(text, 7)).toEqual([
      '"um 9:30 Uhr" (2025-10-26T09:30) is said after the later "um 7:00 Uhr" (2025-10-27T07:00)',
    ]);
  });

  it("'heute' needs no date beside it; 'morgen' and 'übermorgen' do", () => {
    expect(messages("Heute haben wir bis 18 Uhr geöffnet.", 1)).toEqual([]);
    expect(messages("Morgen haben wir geöffnet.", 1)).toEqual(['"Morgen" is said without the date it means']);
  });

  it("'morgen' with its date in another sentence is still said without it", () => {
    const text = "Am Sonntag, 26. Oktober, haben wir geöffnet. Morgen passt es also.";
    expect(messages(text, 1)).toEqual(['"Morgen" is said without the date it means']);
  });

  it("'morgen' beside its day and month but no weekday is not enough", () => {
    const text = "Morgen, 26. Oktober, passt es.";
    expect(messages(text, 1)).toEqual(['"Morgen" is said without the date it means']);
  });

  it("a time dated only by a date without weekday is named as such", () => {
    expect(messages("Am 27.10. um 7:00 Uhr.", 1)).toEqual([
      '"um 7:00 Uhr" is dated only by "Am 27.10.", without weekday, day and month',
    ]);
  });
});

describe("invariant 1: which date of a sentence a time belongs to", () => {
  it("a full date right after the time is its own, before an earlier date of the sentence", () => {
    const text = "Am Sonntag, 26. Oktober, ist es voll, aber um 7:00 Uhr am Montag, 27. Oktober, geht es.";
    expect(check(text)).toEqual([]);
  });

  it("a full date further after the time does not take it from the earlier one", () => {
    const text = "Am Sonntag, 26. Oktober, ginge um 7:00 Uhr etwas, sonst am Montag, 27. Oktober.";
    expect(messages(text, 2)).toEqual([
      '"um 7:00 Uhr" on 2025-10-26 is no slot the tools reported (known that day: 10:00, 09:30, 10:30)',
    ]);
  });

  it("the latest full date before the time wins over an earlier one", () => {
    const text = "Statt Sonntag, 26. Oktober, ginge Montag, 27. Oktober, um 7:00 Uhr.";
    expect(check(text)).toEqual([]);
  });

  it("with no date before it, the first full date after it in the sentence dates it", () => {
    const text = "Um 7:00 Uhr wäre noch etwas frei, und zwar am Montag, 27. Oktober.";
    expect(check(text)).toEqual([]);
  });

  it("a weekday-only date before the time dates it in part; a full date after it is preferred", () => {
    const partial = "Am Montag um 7:00 Uhr.";
    expect(messages(partial, 1)).toEqual([
      '"um 7:00 Uhr" is dated only by "Am Montag", without weekday, day and month',
    ]);
  });

  it("a time range (opening hours) is no slot time and needs no date", () => {
    expect(check("Wir haben von 7 bis 13 Uhr geöffnet.")).toEqual([]);
  });
});

describe("invariant 2: a time without its own date is heard on the day named before it", () => {
  it("a second sentence's time is checked against the first sentence's day", () => {
    const text = "Am Montag, 27. Oktober, um 7:00 Uhr. Oder um 8:00 Uhr.";
    expect(messages(text, 2)).toEqual([
      '"um 8:00 Uhr" on 2025-10-27 is no slot the tools reported (known that day: 07:00, 09:30)',
    ]);
    // The same time, heard on the right day, is a known slot: only its missing date is flagged.
    const fine = "Am Montag, 27. Oktober, um 7:00 Uhr. Oder um 9:30 Uhr.";
    expect(messages(fine, 2)).toEqual([]);
    expect(messages(fine, 1)).toEqual(['"um 9:30 Uhr" is said without a date in the same sentence']);
  });

  it("a time said as UTC is named as such", () => {
    expect(messages("Am Montag, 27. Oktober, um 9:30 Uhr UTC.", 2)).toEqual([
      '"um 9:30 Uhr" is said as a UTC time, not the business\'s local time',
    ]);
  });

  it("a time with no day named anywhere is not checked against the slots", () => {
    expect(messages("Um 8:00 Uhr wäre etwas frei.", 2)).toEqual([]);
  });

  it("a day the tools reported nothing for names no known times", () => {
    expect(messages("Am Dienstag, 28. Oktober, um 9:00 Uhr.", 2)).toEqual([
      '"um 9:00 Uhr" on 2025-10-28 is no slot the tools reported',
    ]);
  });

  it("lists each known time of the day once", () => {
    const twice = [...known, ...known];
    expect(messages("Am Montag, 27. Oktober, um 8:00 Uhr.", 2, { known: twice })).toEqual([
      '"um 8:00 Uhr" on 2025-10-27 is no slot the tools reported (known that day: 07:00, 09:30)',
    ]);
  });
});

describe("invariant 3: 'am selben Tag' speaks of the requested day's offers only", () => {
  it("times of other days that are no offers (bookings named) do not break it", () => {
    // The caller's bookings: Monday 8:00 (a day with offers, another time) and Tuesday 9:30 (an offer's time,
    // another day).
    const bookings = knownSlotsOf(
      [{ start: "2025-10-27T08:00:00+01:00" }, { start: "2025-10-28T09:30:00+01:00" }],
      ZONE,
    );
    const text =
      "Am selben Tag hätte ich morgen, Sonntag, 26. Oktober, um 9:30 Uhr. Ihr Termin am Montag, 27. Oktober, " +
      "um 8:00 Uhr bleibt, ebenso der am Dienstag, 28. Oktober, um 9:30 Uhr.";
    expect(check(text, { known: [...known, ...bookings] })).toEqual([]);
  });

  it("names every offer of another day it finds", () => {
    const text =
      "Am selben Tag hätte ich Sonntag, 26. Oktober, um 9:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr und um 9:30 Uhr.";
    expect(messages(text, 3)).toEqual([
      '"Am selben Tag", but the reply also offers um 7:00 Uhr on 2025-10-27, um 9:30 Uhr on 2025-10-27',
    ]);
  });

  it("a round without a requested day cannot be the same day", () => {
    const noDay = { ...round, requestedDate: null };
    expect(messages("Am gleichen Tag ginge es auch.", 3, { latestRound: noDay })).toEqual([
      '"Am gleichen Tag" without a requested day to be the same as',
    ]);
  });

  it("names the days offered when none is the requested one, or 'none'", () => {
    const elsewhere = { ...round, offers: known.slice(3) };
    expect(messages("Am gleichen Tag ginge es auch.", 3, { latestRound: elsewhere })).toEqual([
      '"Am gleichen Tag", but no offered slot is on the requested day 2025-10-26 (offered: 2025-10-27)',
    ]);
    const twoDays = {
      ...round,
      offers: [...known.slice(3), { start: "", date: "2025-10-28", time: "08:00" }],
    };
    expect(messages("Am gleichen Tag ginge es auch.", 3, { latestRound: twoDays })).toEqual([
      '"Am gleichen Tag", but no offered slot is on the requested day 2025-10-26 (offered: 2025-10-27, 2025-10-28)',
    ]);
    const empty = { ...round, offers: [] };
    expect(messages("Am gleichen Tag ginge es auch.", 3, { latestRound: empty })).toEqual([
      '"Am gleichen Tag", but no offered slot is on the requested day 2025-10-26 (offered: none)',
    ]);
  });
});

describe("invariant 4: after a conflict", () => {
  const conflict = { alternatives: knownSlotsOf([{ start: "2025-10-27T07:00:00+01:00" }], ZONE) };

  it("an alternative said on the wrong day is not the alternative", () => {
    const text = "Das tut mir leid. Ich kann Ihnen am Sonntag, 26. Oktober, um 7:00 Uhr anbieten.";
    expect(messages(text, 4, { conflict })).toEqual([
      "after the booking conflict the reply offers none of the new alternatives",
    ]);
  });

  it("an alternative's time without any day is not an offer of it", () => {
    expect(messages("Das tut mir leid. Um 7:00 Uhr ginge es.", 4, { conflict })).toEqual([
      "after the booking conflict the reply offers none of the new alternatives",
    ]);
  });

  it("the generic error is caught in every German form", () => {
    for (const text of [
      "Es ist ein unerwarteter Fehler aufgetreten.",
      "Wegen eines unerwarteten Fehlers geht es nicht.",
      "Leider gab es einen unerwarteten Fehler.",
      "Das sind unerwartete Fehler.",
      "UNERWARTETER FEHLER",
    ]) {
      expect(messages(text, 4), text).toEqual(['the reply says "unerwarteter Fehler"']);
    }
    expect(messages("Ein Fehler, der unerwartet kam.", 4)).toEqual([]);
  });
});

describe("invariant 7: order of the offers said", () => {
  it("the same offer said twice is not out of order", () => {
    const text = "Am Montag, 27. Oktober, um 7:00 Uhr. Also am Montag, 27. Oktober, um 7:00 Uhr.";
    expect(messages(text, 7)).toEqual([]);
  });

  it("a time the tools never reported is ordered with the offers (it may be the leak)", () => {
    const text = "Am Montag, 27. Oktober, um 9:30 oder 8:00 Uhr.";
    expect(messages(text, 7)).toEqual([
      '"8:00 Uhr" (2025-10-27T08:00) is said after the later "um 9:30" (2025-10-27T09:30)',
    ]);
  });

  it("the time asked for, named before the offers, is left out of the order", () => {
    // Here the tools reported the asked time nowhere else: only its being asked keeps it out of the list.
    const offersOnly = known.slice(1);
    const text = "Am Sonntag, 26. Oktober, um 10:00 Uhr ist vergeben; frei ist um 9:30 Uhr.";
    expect(messages(text, 7, { known: offersOnly })).toEqual([]);
    expect(messages(text, 7, { known: offersOnly, latestRound: { ...round, askedTime: null } })).toEqual([
      '"um 9:30 Uhr" (2025-10-26T09:30) is said after the later "um 10:00 Uhr" (2025-10-26T10:00)',
    ]);
  });

  it("a known time that is no offer of the round (a booking named) is left out of the order", () => {
    const text = "Am Sonntag, 26. Oktober, um 10:00 Uhr haben Sie schon einen Termin; frei ist um 9:30 Uhr.";
    expect(messages(text, 7, { latestRound: null })).toEqual([]);
  });

  it("a fact is left out of the order once; said again it is ordered like an offer", () => {
    const withFact: OfferRound = { ...round, named: ["2025-10-26T10:30"] };
    const once = "Am Sonntag, 26. Oktober, beginnt der letzte Termin um 10:30 Uhr; frei ist um 9:30 Uhr.";
    expect(messages(once, 7, { latestRound: withFact })).toEqual([]);
    const twice =
      "Am Sonntag, 26. Oktober, beginnt der letzte Termin um 10:30 Uhr; frei ist um 10:30 Uhr oder um 9:30 Uhr.";
    expect(messages(twice, 7, { latestRound: withFact })).toEqual([
      '"um 9:30 Uhr" (2025-10-26T09:30) is said after the later "um 10:30 Uhr" (2025-10-26T10:30)',
    ]);
  });
});

describe("violations carry where they were found", () => {
  it("each violation names the invariant, the turn and the reply", () => {
    const text = "Um 7:00 Uhr.";
    expect(check(text, { turn: 9 })).toEqual([
      { invariant: 1, turn: 9, message: '"Um 7:00 Uhr" is said without a date in the same sentence', text },
    ]);
  });
});

describe("knownSlotsOf", () => {
  it("reads starts with an offset, nested anywhere, and date/time pairs; skips what is no instant", () => {
    const result = {
      status: "booked",
      booking: { start: "2025-10-28T09:00:00.000Z", note: { start: "garbage" } },
      list: [[{ start: "2025-10-27T06:00:00Z" }], { date: "2025-10-30", time: "12:00" }],
      date: "2025-10-31",
      other: { start: 7, date: "2025-11-01" },
    };
    expect(knownSlotsOf(result, ZONE)).toEqual([
      { start: "2025-10-28T09:00:00.000Z", date: "2025-10-28", time: "10:00" },
      { start: "2025-10-27T06:00:00Z", date: "2025-10-27", time: "07:00" },
      { start: "", date: "2025-10-30", time: "12:00" },
    ]);
  });

  it("reads nothing from plain values", () => {
    expect(knownSlotsOf(null, ZONE)).toEqual([]);
    expect(knownSlotsOf("2025-10-28T09:00:00Z", ZONE)).toEqual([]);
    expect(knownSlotsOf([1, "x", undefined], ZONE)).toEqual([]);
  });
});

describe("offerRound", () => {
  const slot = { start: "2025-10-28T09:00:00.000Z" };

  it("an available slot: the requested day and time, and the slot as the offer", () => {
    const r = offerRound(
      { result: { status: "available", requested: { date: "2025-10-28", time: "10:00" }, slot } },
      ZONE,
    );
    expect(r).toEqual({
      requestedDate: "2025-10-28",
      askedTime: "10:00",
      named: [],
      offers: [{ start: slot.start, date: "2025-10-28", time: "10:00" }],
    });
  });

  it("a conflict: the chosen slot's day and time, the alternatives as offers", () => {
    const r = offerRound(
      {
        result: {
          status: "slot_taken",
          chosen: { date: "2025-10-28", time: "10:00" },
          alternatives: [{ start: "2025-10-28T09:30:00.000Z" }],
        },
      },
      ZONE,
    );
    expect(r).toEqual({
      requestedDate: "2025-10-28",
      askedTime: "10:00",
      named: [],
      offers: [{ start: "2025-10-28T09:30:00.000Z", date: "2025-10-28", time: "10:30" }],
    });
  });

  it("alternatives with facts of the result: the latest and earliest start are named, not offered", () => {
    const r = offerRound(
      {
        result: {
          status: "alternatives",
          requested: { date: "2025-10-26", time: null },
          detail: { latestStart: { start: "2025-10-26T10:30:00.000Z" }, earliestStart: null },
          alternatives: [{ start: "2025-10-27T06:00:00.000Z" }],
        },
      },
      ZONE,
    );
    expect(r).toEqual({
      requestedDate: "2025-10-26",
      askedTime: null,
      named: ["2025-10-26T11:30"],
      offers: [{ start: "2025-10-27T06:00:00.000Z", date: "2025-10-27", time: "07:00" }],
    });
  });

  it("no day asked and none chosen: no requested day", () => {
    const r = offerRound({ result: { status: "alternatives", alternatives: [] } }, ZONE);
    expect(r).toEqual({ requestedDate: null, askedTime: null, named: [], offers: [] });
  });

  it("results that offer nothing are no round", () => {
    for (const status of ["booked", "held", "calendar_unavailable", "invalid_arguments"]) {
      expect(offerRound({ result: { status, slot } }, ZONE), status).toBeNull();
    }
  });
});

describe("turnRound", () => {
  const a: OfferRound = {
    requestedDate: "2025-10-26",
    askedTime: "10:00",
    named: ["x"],
    offers: known.slice(1, 2),
  };
  const b: OfferRound = {
    requestedDate: "2025-10-27",
    askedTime: "07:00",
    named: ["y"],
    offers: known.slice(3, 4),
  };

  it("without an answer this turn, the latest earlier one", () => {
    expect(turnRound([], b)).toBe(b);
    expect(turnRound([], null)).toBeNull();
  });

  it("the first answer's wish, with every answer's offers and facts", () => {
    expect(turnRound([a, b], null)).toEqual({
      requestedDate: "2025-10-26",
      askedTime: "10:00",
      named: ["x", "y"],
      offers: [...a.offers, ...b.offers],
    });
  });

  it("a first answer without an asked time has none", () => {
    const { askedTime: _, named: __, ...bare } = a;
    expect(turnRound([bare], b)).toEqual({
      requestedDate: "2025-10-26",
      askedTime: null,
      named: [],
      offers: a.offers,
    });
  });
});

describe("knownSlotsOf on a tool result read back as JSON", () => {
  it("reads starts with an offset in the business zone, skips any other start without throwing", () => {
    const slots = knownSlotsOf(
      {
        offers: [
          { start: "2025-10-26T01:30:00Z" },
          { start: "2025-10-27T07:00:00" },
          { start: "bald" },
          { start: 17 },
          { date: "2025-10-28", time: "09:00" },
        ],
      },
      "Europe/Berlin",
    );
    expect(slots).toEqual([
      { start: "2025-10-26T01:30:00Z", date: "2025-10-26", time: "02:30" },
      { start: "", date: "2025-10-28", time: "09:00" },
    ]);
  });
});
