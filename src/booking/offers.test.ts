/**
 * Offers spread over the wish: a daypart gets times across it, a span of days one offer per day, "so schnell wie
 * möglich" the earliest slot; a full daypart on a day that is not full offers that day's other times first.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { check, expectStatus, newCall, OTHER_PHONE } from "./__fixtures__/call.ts";
import { spread } from "./alternatives.ts";
import type { SlotOffer } from "./types.ts";

const at = (offers: SlotOffer[]) => offers.map((o) => `${o.date} ${o.time}`);
const eva = (start: string) => ({
  service: "herrenhaarschnitt",
  start,
  name: "Eva Brandt",
  phone: OTHER_PHONE,
});
const WEDNESDAY = "2025-10-22T10:00:00+02:00";

describe("spread", () => {
  it("keeps the first and the last and spaces the rest evenly", () => {
    expect(spread([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toEqual([1, 5, 9]);
    expect(spread([1, 2, 3, 4], 3)).toEqual([1, 3, 4]);
    expect(spread([1, 2], 3)).toEqual([1, 2]);
    expect(spread([1, 2, 3], 1)).toEqual([1]);
  });
});

describe("a daypart on a free day: early, middle and late, not its first two", () => {
  it("'morgen Vormittag' on an empty Sunday (open 7-12)", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen Vormittag", null), "alternatives");
    expect(r.reason).toBeNull();
    expect(at(r.alternatives)).toEqual(["2025-10-26 08:00", "2025-10-26 10:00", "2025-10-26 11:30"]);
    expect(r.say).toMatchInlineSnapshot(
      `"Gern. Ich kann Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 8:00, 10:00 oder 11:30 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("a morning ('Dienstagmorgen', 'in der Früh') takes starts until 11:00, so 10:00 and 10:30 are in it", async () => {
    for (const words of ["Dienstagmorgen", "Dienstag in der Früh"]) {
      const { sim, session } = newCall();
      for (const t of ["08:00", "08:30", "09:00", "09:30", "10:30"]) sim.addBooking(eva(`2025-10-28T${t}`));
      const r = expectStatus(await check(session, words, null), "alternatives");
      expect(r.requested.window, words).toEqual({ from: "06:00", to: "11:00" });
      expect(r.reason).toBeNull();
      expect(r.alternatives[0]).toMatchObject({ date: "2025-10-28", time: "10:00" });
    }
  });

  it("a whole day without a time is spread over the day too", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Dienstag", null), "alternatives");
    expect(at(r.alternatives)).toEqual(["2025-10-28 08:00", "2025-10-28 13:00", "2025-10-28 17:30"]);
  });
});

describe("a full daypart on a day that is not full: that day's other times first (F3 through a daypart)", () => {
  it("'Dienstag in der Früh' booked out until 11:00: Tuesday 11:00 and 11:30, then Thursday's morning", async () => {
    const { sim, session } = newCall();
    for (let m = 8 * 60; m < 11 * 60; m += 30)
      sim.addBooking(
        eva(`2025-10-28T${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`),
      );
    const r = expectStatus(await check(session, "Dienstag in der Früh", null), "alternatives");
    expect(r.reason).toBe("taken");
    expect(at(r.alternatives)).toEqual(["2025-10-28 11:00", "2025-10-28 11:30", "2025-10-30 08:00"]);
    // Only the daypart is called full, clipped to the opening hours; never "zwischen 6:00 ...".
    expect(r.say).toMatchInlineSnapshot(
      `"Am Dienstag, 28. Oktober, zwischen 8:00 und 11:00 Uhr ist leider schon alles vergeben. Stattdessen kann ich Ihnen anbieten: am Dienstag, 28. Oktober, um 11:00 oder 11:30 Uhr, oder am Donnerstag, 30. Oktober, um 8:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("a daypart outside the day's hours ('Sonntag abends') stays a daypart on other days", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "morgen abends", null), "alternatives");
    expect(r.reason).toBe("outside_hours");
    for (const a of r.alternatives) expect(a.time >= "17:00", a.time).toBe(true);
  });
});

describe("spans of days: one offer per day on up to three days, nearest the time asked", () => {
  it("'am Wochenende' asked on a Wednesday: Saturday and Sunday, one search", async () => {
    const { session, log } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "am Wochenende", null), "alternatives");
    expect(r.requested.days).toEqual({ from: "2025-10-25", to: "2025-10-26" });
    expect(r.reason).toBeNull();
    expect(new Set(r.alternatives.map((a) => a.date))).toEqual(new Set(["2025-10-25", "2025-10-26"]));
    expect(log.getSlots).toHaveLength(1);
    expect(r.say).toMatchInlineSnapshot(
      `"Gern. Ich kann Ihnen anbieten: am Samstag, 25. Oktober, um 8:00 oder 11:00 Uhr, oder am Sonntag, 26. Oktober, um 7:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("'nächste Woche um zehn': three days at 10:00 (the closed Wednesday skipped)", async () => {
    const { session } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "nächste Woche", "um zehn"), "alternatives");
    expect(r.requested.days).toEqual({ from: "2025-10-27", to: "2025-11-02" });
    expect(at(r.alternatives)).toEqual(["2025-10-27 10:00", "2025-10-28 10:00", "2025-10-30 10:00"]);
  });

  it("'nach Feierabend in den nächsten Tagen': each open evening first, then more of the same evenings", async () => {
    const { session } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "in den nächsten Tagen", "nach Feierabend"), "alternatives");
    expect(r.requested.window).toEqual({ from: "17:00", to: "23:59" });
    // Wednesday is closed and Saturday closes at 14:00: Thursday and Friday have evenings.
    expect(at(r.alternatives)).toEqual(["2025-10-23 17:00", "2025-10-23 19:30", "2025-10-24 17:00"]);
  });

  it("a span the profile closes entirely: 'geschlossen', then the days after it", async () => {
    const physio = loadBusinessProfile("physio-1");
    const { session } = newCall({ profile: physio, now: WEDNESDAY });
    const r = expectStatus(await check(session, "am Wochenende", null, "Massage"), "alternatives");
    expect(r.reason).toBe("closed_day");
    expect(r.say).toMatch(
      /^Von Samstag, 25. Oktober, bis Sonntag, 26. Oktober, haben wir leider geschlossen\./,
    );
    expect(r.alternatives.every((a) => a.date > "2025-10-26")).toBe(true);
  });
});

describe("the earliest, and times relative to now", () => {
  it("'so schnell wie möglich': the first free slot, said as such", async () => {
    const { sim, session } = newCall();
    sim.addBooking(eva("2025-10-26T07:00"));
    const r = expectStatus(await check(session, "so schnell wie möglich", null), "alternatives");
    expect(r.requested.earliest).toBe(true);
    expect(r.alternatives[0]).toMatchObject({ date: "2025-10-26", time: "07:30" });
    expect(r.say).toMatchInlineSnapshot(
      `"Der nächste freie Termin für Herrenhaarschnitt ist morgen, Sonntag, 26. Oktober, um 7:30 Uhr. Außerdem hätte ich morgen, Sonntag, 26. Oktober, um 8:00 Uhr, oder übermorgen, Montag, 27. Oktober, um 7:00 Uhr frei. Welcher Termin passt Ihnen am besten?"`,
    );
  });

  it("'so schnell wie möglich' with 'abends': the earliest evening slots, on every day", async () => {
    const { session } = newCall({ now: WEDNESDAY });
    const r = expectStatus(await check(session, "so schnell wie möglich", "abends"), "alternatives");
    expect(r.requested).toMatchObject({ earliest: true, window: { from: "17:00" } });
    // Wednesday is closed; Thursday (8-20) has evening slots; every offer starts at 17:00 or later.
    expect(r.alternatives.length).toBeGreaterThan(0);
    for (const o of r.alternatives) expect(o.time >= "17:00").toBe(true);
    expect(r.alternatives[0]).toMatchObject({ date: "2025-10-23", time: "17:00" });
  });

  it("'in einer halben Stunde' at 10:00 with 60 minutes notice: the first slot from 11:00 on", async () => {
    const { session } = newCall({ now: "2025-10-28T10:00:00+01:00" });
    const r = expectStatus(await check(session, "in einer halben Stunde", null), "alternatives");
    expect(r.requested).toMatchObject({
      date: "2025-10-28",
      window: { from: "10:30", to: "23:59" },
      earliest: true,
    });
    expect(r.alternatives[0]).toMatchObject({ date: "2025-10-28", time: "11:00" });
  });

  it("'diesen Freitag' said on a Friday is today; a week word said apart moves the weekday", async () => {
    const friday = newCall({ now: "2025-10-24T09:00:00+02:00" });
    const r = expectStatus(await check(friday.session, "diesen Freitag", "um 15 Uhr"), "available");
    expect(r.slot.date).toBe("2025-10-24");
    const split = newCall({ now: WEDNESDAY });
    const next = expectStatus(await check(split.session, "nächste Woche. Dienstag", "um 10"), "available");
    expect(next.slot.date).toBe("2025-10-28");
  });
});
