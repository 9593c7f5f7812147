import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseBusinessProfile } from "../calendar/profile.ts";
import { CalendarError } from "../errors.ts";
import {
  accepted,
  CALL_NOW,
  check,
  expectStatus,
  friseur,
  ms,
  newCall,
  OTHER_PHONE,
  ZONE,
} from "./__fixtures__/call.ts";
import type { SlotOffer } from "./types.ts";

/** Another customer's booking, set up before the call (business-local wall time). */
const eva = (start: string) => ({
  service: "herrenhaarschnitt",
  start,
  name: "Eva Brandt",
  phone: OTHER_PHONE,
});

const chronological = (offers: SlotOffer[]): boolean =>
  offers.every((o, i) => i === 0 || ms(offers[i - 1]?.start ?? "") < ms(o.start));

describe("F1: every alternative carries its own date; 'am selben Tag' only when true", () => {
  it("the 26th closed all day: alternatives on other days, each with its date, no same-day words", async () => {
    const { sim, session } = newCall();
    sim.addClosure({ from: "2025-10-26T00:00", to: "2025-10-27T00:00" });
    const r = expectStatus(await check(session, "morgen", "um zehn"), "alternatives");
    expect(r.requested).toEqual({
      date: "2025-10-26",
      time: "10:00",
      window: null,
      days: null,
      earliest: false,
    });
    // A closure hides the slots, but nobody booked them: "nicht frei", never "vergeben".
    expect(r.reason).toBe("not_free");
    expect(r.alternatives.length).toBeGreaterThan(0);
    for (const a of r.alternatives) {
      expect(a.date).not.toBe("2025-10-26");
      // date and time are the local reading of the exact instant
      const local = DateTime.fromISO(a.start, { setZone: true }).setZone(ZONE);
      expect([a.date, a.time]).toEqual([local.toISODate(), local.toFormat("HH:mm")]);
    }
    expect(r.say).toContain("27. Oktober");
    expect(r.say).not.toMatch(/gleichen|selben/i);
    expect(r.say).toMatchInlineSnapshot(
      `"Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider nicht frei. Stattdessen kann ich Ihnen anbieten: übermorgen, Montag, 27. Oktober, um 10:00 Uhr, oder am Dienstag, 28. Oktober, um 10:00 Uhr, oder am Donnerstag, 30. Oktober, um 10:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("10:00 on the 26th taken: 9:30 and 10:30 on the 26th, and no same-day words while another day is offered", async () => {
    const { sim, session } = newCall();
    sim.addBooking(eva("2025-10-26T10:00"));
    const r = expectStatus(await check(session, "morgen", "um zehn"), "alternatives");
    expect(r.reason).toBe("not_free");
    expect(r.alternatives.map((a) => `${a.date} ${a.time}`)).toEqual([
      "2025-10-26 09:30",
      "2025-10-26 10:30",
      "2025-10-27 10:00",
    ]);
    expect(r.say).not.toMatch(/gleichen|selben/i);
    expect(r.say).toMatchInlineSnapshot(
      `"Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider nicht frei. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 10:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("says 'am selben Tag' when every alternative is on the requested day", async () => {
    // searchDays 0: the query covers the requested day only, so every alternative is on the 26th
    const { sim, session } = newCall({ searchDays: 0 });
    sim.addBooking(eva("2025-10-26T10:00"));
    const r = expectStatus(await check(session, "morgen", "um zehn"), "alternatives");
    expect(r.alternatives.length).toBeGreaterThan(0);
    expect(r.alternatives.every((a) => a.date === "2025-10-26")).toBe(true);
    expect(r.say).toContain("Am selben Tag");
    expect(r.say).toMatchInlineSnapshot(
      `"Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider nicht frei. Am selben Tag hätte ich noch etwas frei, und zwar morgen, Sonntag, 26. Oktober, um 9:00, 9:30 oder 10:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });
});

describe("F2: local times from exact instants, also on the 25-hour day", () => {
  it("Monday 7 Uhr is the 06:00Z slot, spoken as 7:00 Uhr", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Montag", "7 Uhr"), "available");
    expect(ms(r.slot.start)).toBe(Date.parse("2025-10-27T06:00:00.000Z"));
    expect(r.slot.date).toBe("2025-10-27");
    expect(r.slot.time).toBe("07:00");
    expect(r.say).toContain("7:00 Uhr");
    expect(r.say).not.toContain("6:00");
    expect(r.say).toMatchInlineSnapshot(
      `"Ja, übermorgen, Montag, 27. Oktober, um 7:00 Uhr ist ein Termin für Herrenhaarschnitt frei. Soll ich ihn für Sie buchen?"`,
    );
  });

  it("the first slot of the 26th is 07:00 local = 06:00Z (after the switch)", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen", "7 Uhr"), "available");
    expect(ms(r.slot.start)).toBe(Date.parse("2025-10-26T06:00:00.000Z"));
    expect(r.slot.time).toBe("07:00");
  });

  it("slots before and after the switch on the 26th keep their own local times", async () => {
    const night = parseBusinessProfile({
      ...friseur,
      id: "nacht",
      hours: { ...friseur.hours, sun: [["00:00", "12:00"]] },
    });
    const { session } = newCall({ profile: night });
    const cases = [
      // before the switch (CEST, +02:00)
      { time: "01:30", utc: "2025-10-25T23:30:00.000Z" },
      // after the switch (CET, +01:00)
      { time: "03:30", utc: "2025-10-26T02:30:00.000Z" },
      { time: "11:00", utc: "2025-10-26T10:00:00.000Z" },
    ];
    for (const c of cases) {
      const r = expectStatus(await check(session, "2025-10-26", c.time), "available");
      expect(ms(r.slot.start), c.time).toBe(Date.parse(c.utc));
      expect(r.slot.time).toBe(c.time);
      expect(r.slot.date).toBe("2025-10-26");
      expect(r.say).toContain(`um ${c.time.replace(/^0/, "")} Uhr`);
    }
  });
});

describe("F3: the requested day's free slots first, all in chronological order", () => {
  it("with 10:00 taken, the first two alternatives are on the 26th and the list is chronological", async () => {
    const { sim, session } = newCall();
    sim.addBooking(eva("2025-10-26T10:00"));
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "alternatives");
    expect(r.alternatives.slice(0, 2).map((a) => a.date)).toEqual(["2025-10-26", "2025-10-26"]);
    expect(chronological(r.alternatives)).toBe(true);
    const firstOtherDay = r.alternatives.findIndex((a) => a.date !== "2025-10-26");
    expect(r.alternatives.slice(firstOtherDay).every((a) => a.date > "2025-10-26")).toBe(true);
  });

  it("the nearest free slots on the requested day win over a closer time of day on the next day", async () => {
    const { sim, session } = newCall();
    for (const t of ["09:00", "09:30", "10:00", "10:30", "11:00"]) sim.addBooking(eva(`2025-10-26T${t}`));
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "alternatives");
    expect(r.alternatives.map((a) => `${a.date} ${a.time}`)).toEqual([
      "2025-10-26 08:30",
      "2025-10-26 11:30",
      "2025-10-27 10:00",
    ]);
  });
});

describe("F6: one slot query per check, covering the following days", () => {
  it("makes exactly one getSlots call whose range starts by the requested day and spans more than a day", async () => {
    const { sim, session, log } = newCall();
    sim.addBooking(eva("2025-10-26T10:00"));
    await check(session, "morgen", "um zehn");
    expect(log.getSlots).toHaveLength(1);
    const [q] = log.getSlots;
    expect(q?.timeZone).toBe(ZONE);
    const start = ms(q?.start ?? "");
    const end = ms(q?.end ?? "");
    expect(start).toBeLessThanOrEqual(Date.parse("2025-10-25T22:00:00.000Z")); // 26th 00:00 local
    expect(end - start).toBeGreaterThan(25 * 3_600_000);
    expect(end).toBeGreaterThan(Date.parse("2025-10-27T23:00:00.000Z")); // covers the 27th and later
    // One time that is not free is said as "nicht frei": no look-up, no hold, no booking.
    expect(log.hold + log.book + log.findBookings).toBe(0);
  });
});

describe("need_input", () => {
  it("asks for the service when it is unknown", async () => {
    const { session, log } = newCall();
    const r = expectStatus(await check(session, "morgen", "10 Uhr", "Schuhe putzen"), "need_input");
    expect(r.missing).toEqual(["service"]);
    expect(r.say).toMatchInlineSnapshot(`"Für welche Leistung hätten Sie gern einen Termin?"`);
    expect(log.getSlots).toHaveLength(0);
  });

  it("asks for the day when none was named and none was asked before", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, null, null), "need_input");
    expect(r.missing).toEqual(["day"]);
    expect(r.say).toMatchInlineSnapshot(`"An welchem Tag hätten Sie gern einen Termin?"`);
    const both = expectStatus(await check(session, null, "10 Uhr", "Schuhe putzen"), "need_input");
    expect(both.missing).toEqual(["service", "day"]);
  });

  it("understands the service as the rule model does (one shared matcher): inflections, compounds, audiences", async () => {
    const { session } = newCall();
    const cases: [string, string][] = [
      ["einen Herrenhaarschnitts", "herrenhaarschnitt"],
      ["Damenfrisur", "damenhaarschnitt"],
      ["Haare schneiden für einen Mann", "herrenhaarschnitt"],
      ["Bart trimmen", "bartpflege"],
      ["Haarschnitt für meinen Sohn", "kinderhaarschnitt"],
    ];
    for (const [words, id] of cases) {
      const r = expectStatus(await check(session, "Dienstag", "10 Uhr", words), "available");
      expect(r.slot.service, words).toBe(id);
    }
  });

  it("asks which service when the words fit several, naming them", async () => {
    const { session, log } = newCall();
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr", "Haare schneiden"), "need_input");
    expect(r.missing).toEqual(["service"]);
    expect(r.serviceOptions).toEqual([
      "herrenhaarschnitt",
      "damenhaarschnitt",
      "kinderhaarschnitt",
      "waschen-schneiden-foehnen",
    ]);
    expect(r.say).toMatchInlineSnapshot(
      `"Gern. Meinen Sie Herrenhaarschnitt, Damenhaarschnitt, Kinderhaarschnitt oder Waschen, Schneiden, Föhnen?"`,
    );
    expect(log.getSlots).toHaveLength(0);
  });

  it("finds a service by alias", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr", "Herrenschnitt"), "available");
    expect(r.slot.service).toBe("herrenhaarschnitt");
  });
});

describe("why the requested time is not offered", () => {
  it("past: 'gestern'", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "gestern", "10 Uhr"), "alternatives");
    expect(r.reason).toBe("past");
    expect(r.requested.date).toBe("2025-10-24");
    expect(r.alternatives.every((a) => ms(a.start) > ms(CALL_NOW))).toBe(true);
    expect(r.say).toContain("Vergangenheit");
  });

  it("too_soon: today within the 60-minute notice; the first alternative keeps the notice", async () => {
    const { session } = newCall({ now: "2025-10-28T10:00:00+01:00" });
    const r = expectStatus(await check(session, "heute", "halb elf"), "alternatives");
    expect(r.reason).toBe("too_soon");
    expect(r.alternatives[0]?.time).toBe("11:00");
    expect(r.alternatives[0]?.date).toBe("2025-10-28");
    expect(r.say).toMatchInlineSnapshot(
      `"Der Termin heute, Dienstag, 28. Oktober, um 10:30 Uhr ist leider zu kurzfristig. Buchen kann ich frühestens heute, Dienstag, 28. Oktober, um 11:00 Uhr. Stattdessen kann ich Ihnen anbieten: heute, Dienstag, 28. Oktober, um 11:00 oder 11:30 Uhr, oder übermorgen, Donnerstag, 30. Oktober, um 10:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("closed_day: Wednesday", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Mittwoch", "10 Uhr"), "alternatives");
    expect(r.reason).toBe("closed_day");
    expect(r.alternatives.every((a) => a.date !== "2025-10-29")).toBe(true);
    expect(r.say).toContain("Mittwoch, 29. Oktober, haben wir leider geschlossen");
    expect(r.say).not.toMatch(/gleichen|selben/i);
  });

  it("outside_hours: Monday 15:00 (open 07:00-13:00)", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Montag", "15 Uhr"), "alternatives");
    expect(r.reason).toBe("outside_hours");
    expect(r.requested.time).toBe("15:00");
    // the two latest slots of that Monday come first
    expect(r.alternatives.slice(0, 2)).toMatchObject([
      { date: "2025-10-27", time: "12:00" },
      { date: "2025-10-27", time: "12:30" },
    ]);
    expect(r.say).toContain("nicht geöffnet");
  });

  it("not_a_start: Färben (90 minutes) at 10:00 on a day opening at 08:00", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr", "Färben"), "alternatives");
    expect(r.reason).toBe("not_a_start");
    expect(r.alternatives.slice(0, 2).map((a) => a.time)).toEqual(["09:30", "11:00"]);
    expect(r.alternatives.every((a) => a.service === "faerben")).toBe(true);
    expect(r.say).toContain("kann ein Termin für Färben leider nicht beginnen");
  });

  it("beyond_window: in 90 days (the window is 60)", async () => {
    const { session } = newCall();
    const r = await check(session, "in 90 Tagen", "10 Uhr");
    expect(r.status === "alternatives" || r.status === "none_free").toBe(true);
    if (r.status === "alternatives" || r.status === "none_free") {
      expect(r.reason).toBe("beyond_window");
      expect(r.requested.date).toBe("2026-01-23");
    }
  });

  it("beyond_window offers bookable slots instead of claiming nothing is free", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "in 90 Tagen", "10 Uhr"), "alternatives");
    expect(r.alternatives.length).toBeGreaterThan(0);
  });

  it("taken: a day asked without a time that is fully booked", async () => {
    const { sim, session } = newCall({ searchDays: 0 });
    for (let m = 7 * 60; m < 12 * 60; m += 30) {
      const hhmm = `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
      sim.addBooking(eva(`2025-10-26T${hhmm}`));
    }
    const r = expectStatus(await check(session, "morgen", null), "none_free");
    expect(r.reason).toBe("taken");
    expect(accepted(sim)).toHaveLength(10);
  });
});

describe("what the caller asked before", () => {
  it("a time without a day keeps the last requested day", async () => {
    const { session } = newCall();
    expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const r = expectStatus(await check(session, null, "doch lieber um elf"), "available");
    expect(r.requested).toEqual({
      date: "2025-10-28",
      time: "11:00",
      window: null,
      days: null,
      earliest: false,
    });
    expect(r.slot.date).toBe("2025-10-28");
    expect(ms(r.slot.start)).toBe(Date.parse("2025-10-28T10:00:00.000Z"));
  });

  it("a daypart window: 'Dienstag nachmittags' offers afternoon slots, the requested day first", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Dienstag", "nachmittags"), "alternatives");
    expect(r.requested.window).not.toBeNull();
    expect(r.requested.time).toBeNull();
    expect(r.alternatives[0]?.date).toBe("2025-10-28");
    const from = r.requested.window?.from ?? "";
    const to = r.requested.window?.to ?? "";
    for (const a of r.alternatives) expect(a.time >= from && a.time < to, a.time).toBe(true);
    expect(chronological(r.alternatives)).toBe(true);
  });

  it("'morgen nachmittags' (the salon closes at 12 on Sunday) offers afternoons of later days", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen nachmittags", null), "alternatives");
    expect(r.requested.date).toBe("2025-10-26");
    expect(r.alternatives.length).toBeGreaterThan(0);
    for (const a of r.alternatives) {
      expect(a.date > "2025-10-26").toBe(true);
      expect(a.time >= "12:00").toBe(true);
    }
    expect(r.say).not.toMatch(/gleichen|selben/i);
  });

  it("'morgen nachmittags' says that Sunday afternoon is not possible", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen nachmittags", null), "alternatives");
    expect(r.reason).toBe("outside_hours");
    expect(r.say).toContain("26. Oktober");
  });
});

describe("calendar failures", () => {
  it("an outage of getSlots is an honest calendar_unavailable, never a throw", async () => {
    const { session } = newCall({
      overrides: () => ({
        getSlots: async () => {
          throw new CalendarError("unavailable", "connect ECONNREFUSED");
        },
      }),
    });
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "calendar_unavailable");
    expect(r.retryable).toBe(true);
    expect(r.say).not.toMatch(/unerwartet/i);
    expect(r.say).toMatchInlineSnapshot(
      `"Ich erreiche unseren Terminkalender gerade leider nicht. Soll ich es in einem Moment noch einmal versuchen?"`,
    );
  });
});

describe("too many requests on the key", () => {
  it("a 429 (or the client holding back) is 'ausgelastet', not 'nicht erreichbar'", async () => {
    const { session } = newCall({
      overrides: () => ({
        getSlots: async () => {
          throw new CalendarError("rate_limited", "ThrottlerException: Too Many Requests", { status: 429 });
        },
      }),
    });
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "calendar_unavailable");
    expect(r.say).toBe(
      "Unser Terminkalender ist gerade sehr ausgelastet. Soll ich es in einem Moment noch einmal versuchen?",
    );
  });
});
