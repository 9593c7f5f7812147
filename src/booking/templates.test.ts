import { readFileSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpeechGuard } from "../agent/speech-guard.ts";
import { ConfigError } from "../errors.ts";
import { responsesIn, tempFolders } from "../temp-for-tests.ts";
import { localDateOf, localTimeOf } from "../time/speak.ts";
import { createRenderer, sharedRenderer, TEMPLATE_NAMES, type TemplateName } from "./templates.ts";
import {
  type BookingInfo,
  NO_DETAIL,
  type Requested,
  type SlotOffer,
  type UnavailableReason,
} from "./types.ts";

const ZONE = "Europe/Berlin";
/** The frozen clock of the reference call: the 26th is "morgen". */
const CALL_NOW = "2025-10-25T20:17:50+02:00";
/** Every output of the tests below, with its data: the speech guard reads them all at the end. */
const outputs: { name: TemplateName; data: Record<string, unknown>; now: string; text: string }[] = [];
function recorded(now: string) {
  const r = createRenderer({ zone: ZONE, now }).render;
  return (name: TemplateName, data: Record<string, unknown>, at?: string) => {
    const text = r(name, data, at);
    outputs.push({ name, data, now: at ?? now, text });
    return text;
  };
}
const render = recorded(CALL_NOW);
/** A clock far from the fixtures, so no "morgen" prefix shows. */
const renderEarly = recorded("2025-10-01T09:00:00+02:00");

const service = { id: "herrenhaarschnitt", name: "Herrenhaarschnitt" };
const caller = { name: "Hans Schuster" };

let nextId = 1;
/** A SlotOffer as the handlers build it: date and time derived from the exact instant. */
function offer(start: string): SlotOffer {
  const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
  return {
    id: `S${nextId++}`,
    service: service.id,
    person: null,
    start,
    end,
    date: localDateOf(start, ZONE),
    time: localTimeOf(start, ZONE),
  };
}

function booking(start: string): BookingInfo {
  const { id, person: _person, ...rest } = offer(start);
  return { uid: `uid-${id}`, ...rest };
}

function requested(
  date: string | null,
  time: string | null = null,
  window: Requested["window"] = null,
): Requested {
  return { date, time, window, days: null, earliest: false };
}

// 26 Oct 2025 (the 25-hour day, CET after 03:00 local): 09:30 and 10:30 local; 27 Oct: 07:00 and 08:30 local.
const sun0930 = offer("2025-10-26T08:30:00Z");
const sun1030 = offer("2025-10-26T09:30:00Z");
const mon0700 = offer("2025-10-27T06:00:00.000Z");
const mon0830 = offer("2025-10-27T07:30:00Z");
const tue0800 = offer("2025-10-28T07:00:00Z");
// 29 Mar 2026 (the 23-hour day, CEST from 03:00 local): 09:00 and 11:00 local.
const mar0900 = offer("2026-03-29T07:00:00Z");
const mar1100 = offer("2026-03-29T09:00:00+00:00");

describe("available", () => {
  it("says the slot with its date, then asks", () => {
    expect(render("available", { service, slot: sun0930 })).toMatchInlineSnapshot(
      `"Ja, morgen, Sonntag, 26. Oktober, um 9:30 Uhr ist ein Termin für Herrenhaarschnitt frei. Soll ich ihn für Sie buchen?"`,
    );
    expect(renderEarly("available", { service: null, slot: mon0700 })).toMatchInlineSnapshot(
      `"Ja, am Montag, 27. Oktober, um 7:00 Uhr ist ein Termin frei. Soll ich ihn für Sie buchen?"`,
    );
  });
});

describe("alternatives", () => {
  it("uses same-day wording only when every alternative is on the requested day", () => {
    const text = render("alternatives", {
      service,
      requested: requested("2025-10-26", "10:00"),
      reason: "taken",
      alternatives: [sun1030, sun0930],
    });
    expect(text).toMatchInlineSnapshot(
      `"Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Am selben Tag hätte ich noch etwas frei, und zwar morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
    expect(text).toContain("selben Tag");
  });

  it("names the other day and never says gleichen/selben when all alternatives are on another day", () => {
    // The reference call: asked for the 26th, offered the 27th unsorted, and said "am gleichen Tag".
    const text = render("alternatives", {
      service,
      requested: requested("2025-10-26", "10:00"),
      reason: "taken",
      alternatives: [mon0830, mon0700],
    });
    expect(text).toMatchInlineSnapshot(
      `"Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 oder 8:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
    expect(text).not.toMatch(/gleichen|selben/);
    expect(text).toContain("27. Oktober");
    expect(text.indexOf("7:00")).toBeLessThan(text.indexOf("8:30"));
  });

  it("groups mixed days chronologically, each under its date", () => {
    const text = renderEarly("alternatives", {
      service,
      requested: requested("2025-10-26", "10:00"),
      reason: "taken",
      alternatives: [mon0700, sun1030, sun0930],
    });
    expect(text).toMatchInlineSnapshot(
      `"Der Termin am Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Stattdessen kann ich Ihnen anbieten: am Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
    expect(text).not.toMatch(/gleichen|selben/);
  });

  it("speaks the 23-hour day of 29 March 2026 in local time, with the year", () => {
    const text = render("alternatives", {
      service,
      requested: requested("2026-03-29", "10:00"),
      reason: "taken",
      alternatives: [mar1100, mar0900],
    });
    expect(text).toMatchInlineSnapshot(
      `"Der Termin am Sonntag, 29. März 2026, um 10:00 Uhr ist leider schon vergeben. Am selben Tag hätte ich noch etwas frei, und zwar am Sonntag, 29. März 2026, um 9:00 oder 11:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("explains each reason, with the facts behind it", () => {
    const none = NO_DETAIL;
    const sunday = [{ from: "2025-10-26T07:00:00+01:00", to: "2025-10-26T12:00:00+01:00" }];
    const cases: [UnavailableReason, Requested, Record<string, unknown>][] = [
      ["outside_hours", requested("2025-10-26", "19:00"), { ...none, hours: sunday }],
      ["beyond_window", requested("2026-01-04", "10:00"), { ...none, bookableUntil: "2025-12-24" }],
      ["taken", requested("2025-10-26", null, { from: "09:00", to: "12:00" }), none],
      ["taken", requested("2025-10-26"), none],
      ["not_free", requested("2025-10-26", "10:00"), none],
      ["not_free", requested("2025-10-26"), none],
      ["not_a_start", requested("2025-10-26", "10:15"), none],
      [
        "ends_after_closing",
        requested("2025-10-26", "11:45"),
        {
          ...none,
          closesAt: { start: "2025-10-26T12:00:00+01:00" },
          latestStart: { start: "2025-10-26T11:30:00+01:00", date: "2025-10-26", time: "11:30" },
        },
      ],
      ["day_over", requested("2025-10-25"), { ...none, closesAt: { start: "2025-10-25T14:00:00+02:00" } }],
      [
        "too_soon",
        requested("2025-10-25", "20:30"),
        { ...none, earliestStart: { start: "2025-10-25T21:18:00+02:00", date: "2025-10-25", time: "21:18" } },
      ],
      ["closed_day", { ...requested(null), days: { from: "2025-11-01", to: "2025-11-02" } }, none],
    ];
    const texts = cases.map(([reason, req, detail]) =>
      render("alternatives", {
        service,
        requested: req,
        reason,
        detail,
        closedNow: true,
        alternatives: [mon0700],
      }),
    );
    expect(texts).toMatchInlineSnapshot(`
      [
        "Morgen, Sonntag, 26. Oktober, um 19:00 Uhr haben wir leider nicht geöffnet. An dem Tag haben wir von 7:00 bis 12:00 Uhr geöffnet. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Am Sonntag, 4. Januar 2026, um 10:00 Uhr kann ich leider noch keinen Termin vergeben: Termine vergeben wir bis Mittwoch, 24. Dezember. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Morgen, Sonntag, 26. Oktober, zwischen 9:00 und 12:00 Uhr ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Morgen, Sonntag, 26. Oktober, ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider nicht frei. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Morgen, Sonntag, 26. Oktober, ist leider kein Termin frei. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Morgen, Sonntag, 26. Oktober, um 10:15 Uhr kann ein Termin für Herrenhaarschnitt leider nicht beginnen. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Morgen, Sonntag, 26. Oktober, haben wir nur bis 12:00 Uhr geöffnet; der letzte Termin für Herrenhaarschnitt beginnt an dem Tag um 11:30 Uhr. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Heute haben wir schon geschlossen. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Der Termin heute, Samstag, 25. Oktober, um 20:30 Uhr ist leider zu kurzfristig. Buchen kann ich frühestens heute, Samstag, 25. Oktober, um 21:18 Uhr. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Von Samstag, 1. November, bis Sonntag, 2. November, haben wir leider geschlossen. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
      ]
    `);
  });

  it("day_over before closing says until when the business is open", () => {
    expect(
      render("alternatives", {
        service,
        requested: requested("2025-10-25"),
        reason: "day_over",
        detail: { ...NO_DETAIL, closesAt: { start: "2025-10-25T21:00:00+02:00" } },
        closedNow: false,
        alternatives: [mon0700],
      }),
    ).toMatchInlineSnapshot(
      `"Heute, Samstag, 25. Oktober, kann leider kein Termin mehr beginnen, wir haben nur noch bis 21:00 Uhr geöffnet. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?"`,
    );
  });

  it("a span, an open bound and a window are named back as said", () => {
    const texts = [
      {
        ...requested(null, null, { from: "08:00", to: "12:00" }),
        days: { from: "2025-11-01", to: "2025-11-02" },
      },
      requested("2025-10-28", null, { from: "14:00", to: "23:59" }),
      requested("2025-10-28", null, { from: "00:00", to: "10:00" }),
      { ...requested(null), days: { from: "2025-10-26", to: "2025-10-28" } },
    ].map((req) =>
      render("alternatives", { service, requested: req, reason: "taken", alternatives: [mon0700] }),
    );
    expect(texts).toMatchInlineSnapshot(`
      [
        "Von Samstag, 1. November, bis Sonntag, 2. November, zwischen 8:00 und 12:00 Uhr ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Am Dienstag, 28. Oktober, ab 14:00 Uhr ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Am Dienstag, 28. Oktober, vor 10:00 Uhr ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Von morgen, Sonntag, 26. Oktober, bis Dienstag, 28. Oktober, ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
      ]
    `);
  });

  it("just offers when the caller gave no time", () => {
    expect(
      render("alternatives", {
        service,
        requested: requested(null),
        reason: null,
        alternatives: [mon0830, sun0930],
      }),
    ).toMatchInlineSnapshot(
      `"Gern. Ich kann Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 9:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 8:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });
});

describe("closed-day, too-soon, none-free", () => {
  it("closed-day names the closed date, then offers", () => {
    expect(
      renderEarly("closed-day", {
        service,
        requested: requested("2025-10-27"),
        alternatives: [tue0800, sun1030],
      }),
    ).toMatchInlineSnapshot(
      `"Am Montag, 27. Oktober, haben wir leider geschlossen. Stattdessen kann ich Ihnen anbieten: am Sonntag, 26. Oktober, um 10:30 Uhr, oder am Dienstag, 28. Oktober, um 8:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("too-soon tells too_soon from past", () => {
    const today = requested("2025-10-25", "20:30");
    expect([
      render("too-soon", { service, requested: today, reason: "too_soon", alternatives: [sun0930] }),
      render("too-soon", {
        service,
        requested: requested("2025-10-25", "09:00"),
        reason: "past",
        alternatives: [],
      }),
    ]).toMatchInlineSnapshot(`
      [
        "Der Termin heute, Samstag, 25. Oktober, um 20:30 Uhr ist leider zu kurzfristig. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 9:30 Uhr. Passt Ihnen das?",
        "Der Termin heute, Samstag, 25. Oktober, um 9:00 Uhr liegt leider schon in der Vergangenheit. Einen anderen freien Termin habe ich dafür gerade leider nicht gefunden. Soll ich an einem anderen Tag für Sie schauen?",
      ]
    `);
  });

  it("none-free speaks the searched-until date", () => {
    expect([
      render("none-free", {
        service,
        requested: requested("2025-10-26", "10:00"),
        reason: "taken",
        searchedUntil: "2025-12-24",
        searchedFrom: null,
      }),
      render("none-free", {
        requested: requested(null),
        reason: null,
        searchedUntil: "2026-01-10T00:00:00+01:00",
        searchedFrom: null,
      }),
      render("none-free", {
        service,
        requested: requested("2025-11-06", "10:00"),
        reason: "taken",
        searchedUntil: "2025-11-20",
        searchedFrom: "2025-11-06",
      }),
    ]).toMatchInlineSnapshot(`
      [
        "Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Bis Mittwoch, 24. Dezember, ist für Herrenhaarschnitt leider kein Termin frei. Kann ich sonst noch etwas für Sie tun?",
        "Bis Samstag, 10. Januar 2026, ist leider kein Termin frei. Kann ich sonst noch etwas für Sie tun?",
        "Der Termin am Donnerstag, 6. November, um 10:00 Uhr ist leider schon vergeben. Von Donnerstag, 6. November, bis Donnerstag, 20. November, ist für Herrenhaarschnitt leider kein Termin frei. Kann ich sonst noch etwas für Sie tun?",
      ]
    `);
  });
});

describe("need-input", () => {
  it("asks for what is missing", () => {
    const sets: ("service" | "day" | "name" | "slot")[][] = [
      ["service", "day"],
      ["service"],
      ["day"],
      ["name"],
      ["slot", "name"],
    ];
    expect(sets.map((missing) => render("need-input", { missing }))).toMatchInlineSnapshot(`
      [
        "Für welche Leistung und an welchem Tag hätten Sie gern einen Termin?",
        "Für welche Leistung hätten Sie gern einen Termin?",
        "An welchem Tag hätten Sie gern einen Termin?",
        "Auf welchen Namen darf ich den Termin eintragen?",
        "Welchen Termin darf ich für Sie buchen? Auf welchen Namen darf ich den Termin eintragen?",
      ]
    `);
  });
});

describe("held, slot-taken, booked", () => {
  it("held asks for the name only when the caller is unknown", () => {
    const holdUntil = "2025-10-25T20:28:00+02:00";
    expect([
      render("held", { service, slot: sun0930, holdUntil, unverified: false, caller: null }),
      render("held", { slot: mon0700, holdUntil, unverified: false, caller }),
    ]).toMatchInlineSnapshot(`
      [
        "Ich halte Ihnen den Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 9:30 Uhr kurz frei. Auf welchen Namen darf ich ihn buchen?",
        "Ich halte Ihnen den Termin übermorgen, Montag, 27. Oktober, um 7:00 Uhr kurz frei. Soll ich ihn auf den Namen Hans Schuster verbindlich buchen?",
      ]
    `);
  });

  it("held claims no hold that is unverified (an answer was lost): it only asks to go on", () => {
    const holdUntil = "2025-10-25T20:28:00+02:00";
    const texts = [
      render("held", { service, slot: sun0930, holdUntil, unverified: true, caller: null }),
      render("held", { slot: mon0700, holdUntil, unverified: true, caller }),
    ];
    expect(texts).toMatchInlineSnapshot(`
      [
        "Gern: der Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 9:30 Uhr. Auf welchen Namen darf ich ihn buchen?",
        "Gern: der Termin übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Soll ich ihn auf den Namen Hans Schuster verbindlich buchen?",
      ]
    `);
    for (const text of texts) expect(text).not.toMatch(/halte|frei|reserv/i);
  });

  it("slot-taken apologises, dates the lost slot and offers what is still free", () => {
    const texts = [
      render("slot-taken", { chosen: mon0830, alternatives: [mon0700], reason: "booked" }),
      render("slot-taken", { chosen: sun0930, alternatives: [mon0700, sun1030], reason: "held" }),
      render("slot-taken", { chosen: mon0830, alternatives: [] }),
    ];
    expect(texts).toMatchInlineSnapshot(`
      [
        "Das tut mir leid: Der Termin übermorgen, Montag, 27. Oktober, um 8:30 Uhr wurde gerade eben von jemand anderem gebucht. Am selben Tag hätte ich noch etwas frei, und zwar übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Passt Ihnen das?",
        "Das tut mir leid: Der Termin morgen, Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade eben von jemand anderem reserviert. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 10:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 7:00 Uhr. Welcher Termin passt Ihnen am besten?",
        "Das tut mir leid: Der Termin übermorgen, Montag, 27. Oktober, um 8:30 Uhr ist leider nicht mehr frei. Einen anderen freien Termin habe ich dafür gerade leider nicht gefunden. Soll ich an einem anderen Tag für Sie schauen?",
      ]
    `);
    for (const text of texts) expect(text).not.toMatch(/unerwartet/i);
  });

  it("booked confirms date, time and name", () => {
    expect(render("booked", { booking: booking(sun0930.start), service, caller })).toMatchInlineSnapshot(
      `"Erledigt: Ihr Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 9:30 Uhr ist gebucht, auf den Namen Hans Schuster. Vielen Dank, wir freuen uns auf Sie!"`,
    );
  });
});

describe("found, cancelled, not-found, rescheduled", () => {
  it("found lists the caller's bookings in order, or says there are none", () => {
    expect([
      render("found", { bookings: [booking(mon0830.start)] }),
      render("found", { bookings: [booking(mon0830.start), booking(sun0930.start), booking(mon0700.start)] }),
      render("found", { bookings: [] }),
    ]).toMatchInlineSnapshot(`
      [
        "Ich habe einen Termin unter Ihrer Nummer gefunden: übermorgen, Montag, 27. Oktober, um 8:30 Uhr. Möchten Sie ihn verschieben oder absagen?",
        "Ich habe 3 Termine unter Ihrer Nummer gefunden: morgen, Sonntag, 26. Oktober, um 9:30 Uhr, und übermorgen, Montag, 27. Oktober, um 7:00 und 8:30 Uhr. Um welchen Termin geht es?",
        "Unter Ihrer Nummer habe ich leider keinen Termin gefunden.",
      ]
    `);
  });

  it("cancelled, not-found and rescheduled", () => {
    expect([
      render("cancelled", { booking: booking(mon0700.start) }),
      render("not-found", {}),
      render("rescheduled", { previous: booking(sun0930.start), booking: booking(mon0830.start) }),
    ]).toMatchInlineSnapshot(`
      [
        "Ihr Termin übermorgen, Montag, 27. Oktober, um 7:00 Uhr ist abgesagt. Kann ich sonst noch etwas für Sie tun?",
        "Unter Ihrer Telefonnummer habe ich leider keinen passenden Termin gefunden. Auf welchen Tag war der Termin denn gebucht?",
        "Ich habe Ihren Termin verlegt: Ihr neuer Termin ist übermorgen, Montag, 27. Oktober, um 8:30 Uhr. Den Termin morgen, Sonntag, 26. Oktober, um 9:30 Uhr habe ich dafür abgesagt.",
      ]
    `);
  });
});

describe("booking-limit, model-unavailable", () => {
  it("booking-limit names what was booked and offers a reschedule", () => {
    expect([
      render("booking-limit", { booked: [booking(sun0930.start)] }),
      render("booking-limit", { booked: [] }),
    ]).toMatchInlineSnapshot(`
      [
        "Sie haben in diesem Gespräch schon einen Termin gebucht: morgen, Sonntag, 26. Oktober, um 9:30 Uhr. Einen weiteren Termin kann ich in diesem Gespräch leider nicht eintragen. Möchten Sie stattdessen einen bestehenden Termin verschieben?",
        "Einen weiteren Termin kann ich in diesem Gespräch leider nicht eintragen. Möchten Sie stattdessen einen bestehenden Termin verschieben?",
      ]
    `);
  });

  it("model-unavailable is honest", () => {
    expect(render("model-unavailable", {})).toMatchInlineSnapshot(
      `"Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. Bitte rufen Sie in ein paar Minuten noch einmal an."`,
    );
  });
});

describe("calendar-unavailable", () => {
  it("is honest and offers a retry or a callback, never a generic error", () => {
    const texts = [
      render("calendar-unavailable", { retryable: true }),
      render("calendar-unavailable", { retryable: false }),
    ];
    expect(texts).toMatchInlineSnapshot(`
      [
        "Ich erreiche unseren Terminkalender gerade leider nicht. Soll ich es in einem Moment noch einmal versuchen?",
        "Unser Terminkalender ist gerade leider nicht erreichbar. Bitte rufen Sie uns in ein paar Minuten noch einmal an.",
      ]
    `);
    for (const text of texts) expect(text).not.toMatch(/unerwartet/i);
  });
});

const MONTHS = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];
const DATE_OR_TIME = new RegExp(
  String.raw`(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), (\d{1,2})\. (${MONTHS.join("|")})(?: (\d{4}))?|(?<![\d:])(\d{1,2}):(\d{2})(?!\d)`,
  "g",
);
/** Sentence ends: a period not after a digit ("26. Oktober" is no end), or ? and !. */
const SENTENCE_END = /(?<!\d)[.?!](?=\s|$)/;

/** Every clock time with the last date named before it in the same sentence, as `YYYY-MM-DD HH:MM`. */
function datedTimes(text: string, year: number): string[] {
  const out: string[] = [];
  for (const sentence of text.split(SENTENCE_END)) {
    let date: string | undefined;
    for (const m of sentence.matchAll(DATE_OR_TIME)) {
      if (m[2] !== undefined) {
        const month = String(MONTHS.indexOf(m[2]) + 1).padStart(2, "0");
        date = `${m[3] ?? year}-${month}-${m[1]!.padStart(2, "0")}`;
      } else {
        out.push(`${date ?? "UNDATED"} ${m[4]!.padStart(2, "0")}:${m[5]}`);
      }
    }
  }
  return out;
}

describe("spoken-time rules, over every combination", () => {
  const pool = [sun0930, sun1030, mon0700, mon0830, mar0900, mar1100];
  const subsets = Array.from({ length: 2 ** pool.length - 1 }, (_, mask) =>
    pool.filter((_, i) => ((mask + 1) >> i) & 1),
  );
  const reasons: (UnavailableReason | null)[] = ["taken", "outside_hours", "beyond_window", null];
  const requests = [
    requested("2025-10-26", "10:00"),
    requested("2025-10-27", "11:00"),
    requested("2025-10-26"),
  ];
  const key = (s: SlotOffer) => `${s.date} ${s.time}`;

  it("dates every time before it, keeps order, and says 'selben Tag' only when true", () => {
    let checked = 0;
    for (const alternatives of subsets) {
      const sorted = [...alternatives].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)).map(key);
      for (const req of requests) {
        for (const reason of reasons) {
          const text = render("alternatives", { service, requested: req, reason, alternatives });
          const spoken = datedTimes(text, 2025);
          const asked = req.time !== null && reason !== null ? [`${req.date} ${req.time}`] : [];
          expect(spoken, text).toEqual([...asked, ...sorted]);
          const allOnAskedDay = reason !== null && alternatives.every((a) => a.date === req.date);
          expect(/(gleichen|selben) Tag/.test(text), text).toBe(allOnAskedDay);
          checked++;
        }
      }
      const closed = render("closed-day", { service, requested: requested("2025-10-26"), alternatives });
      expect(datedTimes(closed, 2025), closed).toEqual(sorted);
      expect(closed, closed).not.toMatch(/(gleichen|selben) Tag/);
      checked++;
      for (const chosen of [sun0930, mon0830]) {
        const text = render("slot-taken", { chosen, alternatives });
        expect(datedTimes(text, 2025), text).toEqual([key(chosen), ...sorted]);
        expect(/(gleichen|selben) Tag/.test(text), text).toBe(
          alternatives.every((a) => a.date === chosen.date),
        );
        checked++;
      }
    }
    expect(checked).toBe(63 * (3 * 4 + 1 + 2));
  });

  it("never speaks undefined, null or a generic error in any template", () => {
    const texts = [
      render("available", { service, slot: mon0700 }),
      render("held", { slot: mon0700, holdUntil: CALL_NOW, unverified: false, caller: null }),
      render("booked", { booking: booking(mon0700.start), service: null, caller: null }),
      render("need-input", { missing: [] }),
    ];
    for (const text of texts) expect(text).not.toMatch(/undefined|null|\[object|unerwartet/i);
  });
});

describe("loading and failures", () => {
  const tempDir = tempFolders("responses");
  const copyOfResponses = () => responsesIn(tempDir());
  const ctx = { zone: ZONE, now: CALL_NOW };

  it("ships every template", () => {
    expect(() => createRenderer(ctx)).not.toThrow();
    expect(TEMPLATE_NAMES).toHaveLength(30);
  });

  it("reads now at every render, so a moving call clock moves 'morgen'", () => {
    let now = CALL_NOW;
    const moving = createRenderer({
      zone: ZONE,
      get now() {
        return now;
      },
    });
    const before = moving.render("available", { slot: sun0930 });
    now = "2025-10-26T00:05:00+02:00";
    expect([before, moving.render("available", { slot: sun0930 })]).toMatchInlineSnapshot(`
      [
        "Ja, morgen, Sonntag, 26. Oktober, um 9:30 Uhr ist ein Termin frei. Soll ich ihn für Sie buchen?",
        "Ja, heute, Sonntag, 26. Oktober, um 9:30 Uhr ist ein Termin frei. Soll ich ihn für Sie buchen?",
      ]
    `);
  });

  it("a copied folder renders the same as the shipped one", () => {
    const dir = copyOfResponses();
    expect(createRenderer({ ...ctx, dir }).render("available", { service, slot: sun0930 })).toBe(
      render("available", { service, slot: sun0930 }),
    );
  });

  it("a template with a syntax error is a ConfigError naming the file", () => {
    const dir = copyOfResponses();
    writeFileSync(join(dir, "held.hbs"), "Ich halte {{#if caller}} frei.");
    expect(() => createRenderer({ ...ctx, dir })).toThrow(ConfigError);
    expect(() => createRenderer({ ...ctx, dir })).toThrow(join(dir, "held.hbs"));
  });

  it("a misspelt helper is a ConfigError at load, naming the file", () => {
    const dir = copyOfResponses();
    writeFileSync(join(dir, "partials", "alternatives-list.hbs"), "{{slotsByDya alternatives}}");
    expect(() => createRenderer({ ...ctx, dir })).toThrow(join(dir, "partials", "alternatives-list.hbs"));
  });

  it("a missing template is a ConfigError naming the file", () => {
    const dir = copyOfResponses();
    unlinkSync(join(dir, "found.hbs"));
    expect(() => createRenderer({ ...ctx, dir })).toThrow(ConfigError);
    expect(() => createRenderer({ ...ctx, dir })).toThrow(join(dir, "found.hbs"));
  });

  it("a missing value throws instead of speaking undefined", () => {
    expect(() => render("held", { holdUntil: CALL_NOW, unverified: false, caller: null })).toThrow(
      ConfigError,
    );
    expect(() => render("held", { holdUntil: CALL_NOW, unverified: false, caller: null })).toThrow(
      /held\.hbs.*onSlot.*missing/,
    );
    expect(() => render("calendar-unavailable", {})).toThrow(/calendar-unavailable\.hbs.*#if/);
    expect(() => render("found", {})).toThrow(/found\.hbs/);
    expect(() =>
      render("alternatives", { service, requested: requested(null), reason: "taken", alternatives: [] }),
    ).toThrow(/onRequested/);
  });

  it("a shared renderer is compiled once, and again for the next session after an edit", () => {
    const dir = copyOfResponses();
    const first = sharedRenderer(ZONE, dir);
    expect(sharedRenderer(ZONE, dir)).toBe(first);
    writeFileSync(join(dir, "model-unavailable.hbs"), "Gerade geht es leider nicht.");
    const edited = sharedRenderer(ZONE, dir);
    expect(edited).not.toBe(first);
    expect(edited.render("model-unavailable", {}, CALL_NOW)).toBe("Gerade geht es leider nicht.");
    expect(sharedRenderer(ZONE, dir)).toBe(edited);
  });

  it("an edit replaces the shared renderer instead of adding one: a folder put back compiles afresh", () => {
    const dir = copyOfResponses();
    const file = join(dir, "model-unavailable.hbs");
    const original = readFileSync(file, "utf8");
    // A whole second, so putting the file back gives the very same signature as before the edit.
    const mtime = 1_700_000_000;
    utimesSync(file, mtime, mtime);
    const first = sharedRenderer(ZONE, dir);
    writeFileSync(file, "Gerade geht es leider nicht.");
    expect(sharedRenderer(ZONE, dir)).not.toBe(first);
    writeFileSync(file, original);
    utimesSync(file, mtime, mtime);
    // A cache keyed by the signature would still hold `first` and hand it back here.
    const restored = sharedRenderer(ZONE, dir);
    expect(restored).not.toBe(first);
    expect(restored.render("model-unavailable", {}, CALL_NOW)).toBe(render("model-unavailable", {}));
    expect(sharedRenderer(ZONE, dir)).toBe(restored);
  });

  it("a bad zone or clock is a ConfigError", () => {
    expect(() => createRenderer({ zone: "Mars/Olympus", now: CALL_NOW })).toThrow(ConfigError);
    expect(() => createRenderer({ zone: ZONE, now: "2025-10-25 20:17" })).toThrow(ConfigError);
  });
});

/** The status a tool result carrying this template's text would have (a booking template is said after one). */
const STATUS_OF: Partial<Record<TemplateName, string>> = {
  booked: "booked",
  rescheduled: "rescheduled",
  cancelled: "cancelled",
  alternatives: "alternatives",
  "slot-taken": "slot_taken",
};

describe("every template output above is correct speech for the speech guard", () => {
  it("no output rendered in this file is flagged, read with the data it was rendered from", () => {
    expect(outputs.length).toBeGreaterThan(40);
    const flagged: string[] = [];
    for (const { name, data, now, text } of outputs) {
      // The honest sentence for an unreachable model is spoken by the loop itself, never by a model: it is what
      // "technisches Problem" may only be.
      if (name === "model-unavailable") continue;
      const guard = new SpeechGuard({ zone: ZONE, callerPhone: "+491701234567", mode: "strict" });
      // "Sie haben ... schon einen Termin gebucht: ..." recaps a booking an earlier turn made.
      if (name === "booking-limit")
        guard.observe({
          name,
          result: { status: "booked", booked: data["booked"] },
        });
      guard.startTurn();
      const result = { status: STATUS_OF[name] ?? "available", ...data, say: "" };
      guard.observe({ name, result });
      const flags = guard.check(text, now, 1);
      if (flags.length > 0) flagged.push(`${name}: ${text} -> ${flags.map((f) => f.rule).join(", ")}`);
    }
    expect(flagged).toEqual([]);
  });
});
