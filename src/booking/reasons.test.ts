/**
 * Issue: the tool layer tells the truth. Every reason a caller hears is a fact the kit checked: the profile's
 * hours, notice and window, or the calendar's own bookings. Observed false sentences, each reproduced here.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile, parseBusinessProfile } from "../calendar/profile.ts";
import { CalendarError } from "../errors.ts";
import {
  check,
  expectStatus,
  friseur,
  hold,
  ms,
  newCall,
  OTHER_PHONE,
  sessionOn,
} from "./__fixtures__/call.ts";

const eva = (start: string, service = "herrenhaarschnitt") => ({
  service,
  start,
  name: "Eva Brandt",
  phone: OTHER_PHONE,
});

/** Wednesday 22 Oct 2025, 10:00: the week ahead has every kind of day (Wednesday is the salon's day off). */
const WEDNESDAY = "2025-10-22T10:00:00+02:00";

describe("the appointment would end after closing: name closing time and the latest start, never 'nicht geöffnet'", () => {
  it("Sunday 11:45 (30 min, closes 12:00)", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen", "um 11:45"), "alternatives");
    expect(r.reason).toBe("ends_after_closing");
    expect(ms(r.detail.closesAt?.start ?? "")).toBe(Date.parse("2025-10-26T11:00:00Z"));
    expect(r.detail.latestStart).toMatchObject({ date: "2025-10-26", time: "11:30" });
    expect(r.say).not.toContain("nicht geöffnet");
    // The nearest fitting slots are that latest start and the one before it, on the day asked.
    expect(r.alternatives.slice(0, 2)).toMatchObject([
      { date: "2025-10-26", time: "11:00" },
      { date: "2025-10-26", time: "11:30" },
    ]);
    expect(r.say).toMatchInlineSnapshot(
      `"Morgen, Sonntag, 26. Oktober, haben wir nur bis 12:00 Uhr geöffnet; der letzte Termin für Herrenhaarschnitt beginnt an dem Tag um 11:30 Uhr. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 11:00 oder 11:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 11:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("Saturday 13:45 (open until 14:00) and Thursday 19:45 (open until 20:00)", async () => {
    for (const [day, time, closes, latest] of [
      ["Samstag", "13:45", "14:00", "13:30"],
      ["Donnerstag", "19:45", "20:00", "19:30"],
    ] as const) {
      const { session } = newCall({ now: WEDNESDAY });
      const r = expectStatus(await check(session, day, time), "alternatives");
      expect(r.reason, day).toBe("ends_after_closing");
      expect(r.say).toContain(`nur bis ${closes} Uhr geöffnet`);
      expect(r.say).toContain(`beginnt an dem Tag um ${latest} Uhr`);
      expect(r.alternatives[1]?.time).toBe(latest);
    }
  });

  it("a Färben (90 min) at 12:00 on a Saturday closing at 14:00: the latest start is 12:30 on the grid", async () => {
    const { session } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "Samstag", "13 Uhr", "Färben"), "alternatives");
    expect(r.reason).toBe("ends_after_closing");
    // 08:00, 09:30, 11:00, 12:30: the grid of a 90-minute service on an 08:00-14:00 day.
    expect(r.detail.latestStart?.time).toBe("12:30");
  });

  it("a time after the last closing is still outside the hours, and names them", async () => {
    const { session } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "Samstag", "15 Uhr"), "alternatives");
    expect(r.reason).toBe("outside_hours");
    expect(r.say).toContain("An dem Tag haben wir von 8:00 bis 14:00 Uhr geöffnet.");
  });
});

describe("the day is over: 'Heute haben wir schon geschlossen', never 'vergeben'", () => {
  it("'heute noch' on Saturday 20:17 (closed since 14:00)", async () => {
    const { session, log } = newCall();
    const r = expectStatus(await check(session, "heute noch", null), "alternatives");
    expect(r.reason).toBe("day_over");
    expect(r.say).toMatch(/^Heute haben wir schon geschlossen\./);
    expect(r.say).not.toMatch(/vergeben/);
    expect(r.alternatives.every((a) => a.date > "2025-10-25")).toBe(true);
    // Nothing to prove against the calendar's bookings: the profile says the day is over.
    expect(log.findBookings).toBe(0);
  });

  it("'heute' at 23:10 on a Thursday, and 'heute um 21 Uhr'", async () => {
    const { session } = newCall({ now: "2025-10-23T23:10:00+02:00" });
    const r = expectStatus(await check(session, "heute", null), "alternatives");
    expect(r.reason).toBe("day_over");
    expect(r.say).toMatch(/^Heute haben wir schon geschlossen\./);
    const late = newCall({ now: "2025-10-23T20:30:00+02:00" });
    const t = expectStatus(await check(late.session, "heute", "um 21 Uhr"), "alternatives");
    expect(t.reason).toBe("day_over");
  });

  it("before closing, but no start fits any more: until when the salon is open", async () => {
    const { session } = newCall({ now: "2025-10-26T11:50:00+01:00" });
    const r = expectStatus(await check(session, "heute", null), "alternatives");
    expect(r.reason).toBe("day_over");
    expect(r.say).toMatch(
      /^Heute, Sonntag, 26. Oktober, kann leider kein Termin mehr beginnen, wir haben nur noch bis 12:00 Uhr geöffnet\./,
    );
  });
});

describe("closed by the profile vs booked out vs closed in the calendar", () => {
  it("days the profile closes are 'geschlossen', in a grammatical range ('Von morgen, ...')", async () => {
    // Open on Saturdays only, booking window of three days: Sunday to Tuesday are all closed.
    const saturdays = parseBusinessProfile({
      ...friseur,
      id: "samstags",
      hours: { sat: [["08:00", "14:00"]] },
      bookingWindowDays: 3,
    });
    const { session } = newCall({ profile: saturdays });
    const r = expectStatus(await check(session, "morgen", null), "none_free");
    expect(r.reason).toBe("closed_day");
    expect(r.allClosed).toBe(true);
    expect(r.closedDays).toEqual(["2025-10-26", "2025-10-27", "2025-10-28"]);
    expect(r.say).not.toMatch(/vergeben|kein Termin mehr frei|Vom/);
    expect(r.say).toMatchInlineSnapshot(
      `"Von morgen, Sonntag, 26. Oktober, bis Dienstag, 28. Oktober, haben wir leider geschlossen. Kann ich sonst noch etwas für Sie tun?"`,
    );
  });

  it("a day whose every slot another customer booked is 'vergeben' (checked against the bookings)", async () => {
    const { sim, session, log } = newCall({ searchDays: 1 });
    for (let m = 7 * 60; m < 12 * 60; m += 30)
      sim.addBooking(
        eva(`2025-10-26T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`),
      );
    const r = expectStatus(await check(session, "morgen", null), "alternatives");
    expect(r.reason).toBe("taken");
    expect(r.say).toMatch(/^Morgen, Sonntag, 26. Oktober, ist leider schon alles vergeben\./);
    expect(log.findBookings).toBe(1);
  });

  it("a day closed in the calendar (a closure, not in the profile) is 'kein Termin frei', never 'vergeben'", async () => {
    const { sim, session } = newCall();
    sim.addClosure({ from: "2025-10-26T00:00", to: "2025-10-27T00:00" });
    const r = expectStatus(await check(session, "morgen", null), "alternatives");
    expect(r.reason).toBe("not_free");
    expect(r.say).toMatch(/^Morgen, Sonntag, 26. Oktober, ist leider kein Termin frei\./);
    expect(r.say).not.toMatch(/vergeben/);
  });

  it("one time not free is 'nicht frei', held or booked, without a look-up; a day booked out is 'vergeben'", async () => {
    const { sim, clock, session, log } = newCall();
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const offered = expectStatus(await check(other, "morgen", "um zehn"), "available");
    expectStatus(await hold(other, offered.slot.id), "held");
    const held = expectStatus(await check(session, "morgen", "um zehn"), "alternatives");
    expect(held.reason).toBe("not_free");
    expect(held.say).toMatch(
      /^Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider nicht frei\./,
    );
    sim.addBooking(eva("2025-10-26T10:30"));
    const booked = expectStatus(await check(session, "morgen", "halb elf"), "alternatives");
    expect(booked.reason).toBe("not_free");
    expect(log.findBookings).toBe(0);
  });

  it("a failed look-up never claims 'vergeben'", async () => {
    const { sim, session } = newCall({
      overrides: () => ({
        findBookings: async () => {
          throw new CalendarError("unavailable", "down");
        },
      }),
    });
    for (let m = 7 * 60; m < 12 * 60; m += 30)
      sim.addBooking(
        eva(`2025-10-26T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`),
      );
    const r = expectStatus(await check(session, "morgen", null), "alternatives");
    expect(r.reason).toBe("not_free");
    expect(r.say).not.toMatch(/vergeben/);
  });
});

describe("minimum notice: the earliest bookable time is named and offers start there", () => {
  it("'heute um halb zehn' at 9:05 with 60 minutes notice", async () => {
    const { session } = newCall({ now: "2025-10-28T09:05:00+01:00" });
    const r = expectStatus(await check(session, "heute", "halb zehn"), "alternatives");
    expect(r.reason).toBe("too_soon");
    // The earliest free slot at or after 10:05 (slots start on the half hour), not a time no slot starts at.
    expect(r.detail.earliestStart).toMatchObject({ date: "2025-10-28", time: "10:30" });
    expect(r.say).toContain("Buchen kann ich frühestens heute, Dienstag, 28. Oktober, um 10:30 Uhr.");
    for (const a of r.alternatives)
      expect(ms(a.start)).toBeGreaterThanOrEqual(Date.parse("2025-10-28T09:05:00Z"));
  });

  it("a whole day inside the notice: 'so kurzfristig' with the earliest time", async () => {
    const notice = parseBusinessProfile({ ...friseur, id: "notice", minimumNoticeMinutes: 24 * 60 });
    const { session } = newCall({ profile: notice, now: "2025-10-28T09:00:00+01:00" });
    const r = expectStatus(await check(session, "heute", null), "alternatives");
    expect(r.reason).toBe("too_soon");
    // Now + 24 hours is Wednesday 9:00, the salon's day off: the earliest bookable time is Thursday's first slot.
    expect(r.detail.earliestStart).toMatchObject({ date: "2025-10-30", time: "08:00" });
    expect(r.say).toContain("Buchen kann ich frühestens übermorgen, Donnerstag, 30. Oktober, um 8:00 Uhr.");
  });
});

describe("beyond the booking window: until when, and the bookable days nearest the wish", () => {
  it("30 October asked, the window ends 13 October: 13, 12 and 11 October, never September", async () => {
    const short = parseBusinessProfile({ ...friseur, id: "kurz", bookingWindowDays: 18 });
    const { session } = newCall({ profile: short, now: "2025-09-25T10:00:00+02:00" });
    const r = expectStatus(await check(session, "am 30. Oktober", "um 10 Uhr"), "alternatives");
    expect(r.reason).toBe("beyond_window");
    expect(r.detail.bookableUntil).toBe("2025-10-13");
    expect(r.alternatives.map((a) => a.date)).toEqual(["2025-10-11", "2025-10-12", "2025-10-13"]);
    expect(r.say).not.toContain("September");
    expect(r.say).toMatchInlineSnapshot(
      `"Am Donnerstag, 30. Oktober, um 10:00 Uhr kann ich leider noch keinen Termin vergeben: Termine vergeben wir bis Montag, 13. Oktober. Stattdessen kann ich Ihnen anbieten: am Samstag, 11. Oktober, um 10:00 Uhr, oder am Sonntag, 12. Oktober, um 10:00 Uhr, oder am Montag, 13. Oktober, um 10:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });
});

describe("found in review: facts that only held on a plain day", () => {
  it("the earliest bookable time is a slot that can be had, never one after closing", async () => {
    const { session } = newCall({ now: "2025-10-25T13:10:00+02:00" });
    const r = expectStatus(await check(session, "heute", "13:30"), "alternatives");
    expect(r.say).not.toContain("14:10");
    // 13:10 plus 60 minutes of notice is after the last start of the day: the day is over for bookings.
    expect(r.reason).toBe("day_over");
    expect(r.say).toMatch(
      /^Heute, Samstag, 25. Oktober, kann leider kein Termin mehr beginnen, wir haben nur noch bis 14:00 Uhr geöffnet\./,
    );
  });

  it("a lunch break is not closing time: 'bis 12:30 Uhr und wieder ab 13:30 Uhr'", async () => {
    const physio = loadBusinessProfile("physio-1");
    const { session } = newCall({ profile: physio, now: "2025-10-27T08:00:00+01:00" });
    const r = expectStatus(await check(session, "heute", "12:15", "Krankengymnastik"), "alternatives");
    expect(r.reason).toBe("ends_after_closing");
    expect(r.say).toMatch(
      /^Heute, Montag, 27. Oktober, haben wir bis 12:30 Uhr und wieder ab 13:30 Uhr geöffnet; vor der Pause beginnt der letzte Termin für Krankengymnastik um 12:00 Uhr\./,
    );
    expect(r.say).not.toContain("nur bis");
  });

  it("a latest start already gone is not named: the day is over", async () => {
    const { session } = newCall({ now: "2025-10-26T11:40:00+01:00" });
    const r = expectStatus(await check(session, "heute", "11:45"), "alternatives");
    expect(r.reason).toBe("day_over");
    expect(r.say).not.toContain("beginnt an dem Tag um 11:30");
  });

  it("a time of day no searched day has ('ab 20 Uhr') gets the nearest slots, not 'nothing free for two weeks'", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen", "ab 20 Uhr"), "alternatives");
    expect(r.reason).toBe("outside_hours");
    expect(r.alternatives.length).toBeGreaterThan(0);
    expect(r.say).not.toContain("kein Termin frei");
  });

  it("a span running past the booking window is named only as far as it was searched", async () => {
    const short = parseBusinessProfile({ ...friseur, id: "kurz", bookingWindowDays: 3 });
    const { sim, session } = newCall({ profile: short });
    for (const day of ["2025-10-27", "2025-10-28"])
      for (let m = 7 * 60; m < 18 * 60; m += 30)
        sim.addBooking(
          eva(`${day}T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`),
        );
    const r = await check(session, "nächste Woche", null);
    expect(r.status === "alternatives" || r.status === "none_free").toBe(true);
    expect("say" in r ? r.say : "").not.toContain("2. November");
  });

  it("the last day of the booking window is bookable all day, as Cal.com counts it", async () => {
    const { session } = newCall({ now: "2025-10-24T10:05:00+02:00" });
    const r = expectStatus(await check(session, "2025-12-23", "15:00"), "available");
    expect(r.slot.date).toBe("2025-12-23");
    const beyond = expectStatus(await check(session, "2025-12-24", "10:00"), "alternatives");
    expect(beyond.reason).toBe("beyond_window");
  });

  it("a day that closes at midnight is 'bis Mitternacht', never 'bis 0:00 Uhr'", async () => {
    const late = parseBusinessProfile({
      ...friseur,
      id: "spaet",
      hours: { ...friseur.hours, sun: [["16:00", "24:00"]] },
    });
    const { session } = newCall({ profile: late });
    const r = expectStatus(await check(session, "morgen", "23:45"), "alternatives");
    expect(r.reason).toBe("ends_after_closing");
    expect(r.say).toContain("nur bis Mitternacht geöffnet");
    expect(r.say).not.toContain("0:00 Uhr");
  });
});
