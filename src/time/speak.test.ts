import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  localDateOf,
  localTimeOf,
  speakBetween,
  speakDate,
  speakMoment,
  speakOnDate,
  speakSlot,
  speakSlotsByDay,
  speakTime,
  speakTimesOnDay,
  weekdayNames,
} from "./speak.ts";

const berlin = { zone: "Europe/Berlin" };
/** The frozen clock of the reference call (hans-schuster). */
const callNow = { zone: "Europe/Berlin", now: "2025-10-25T20:17:50+02:00" };

describe("speakTime", () => {
  it("speaks the business zone's wall clock, 24h, no leading zero", () => {
    expect(speakTime("2025-10-27T06:00:00.000Z", berlin)).toMatchInlineSnapshot(`"7:00 Uhr"`);
    expect(speakTime("2025-10-27T08:30:00+01:00", berlin)).toMatchInlineSnapshot(`"8:30 Uhr"`);
    expect(speakTime("2025-10-28T13:45:00Z", berlin)).toMatchInlineSnapshot(`"14:45 Uhr"`);
  });

  it("follows the end of summer time on 26 Oct 2025 (switch at 01:00Z)", () => {
    const spoken = [
      "2025-10-25T23:30:00Z", // 01:30 CEST on the 26th
      "2025-10-26T00:30:00Z", // 02:30 CEST, first pass
      "2025-10-26T01:30:00Z", // 02:30 CET, second pass
      "2025-10-26T06:00:00Z", // 07:00 CET: first salon slot on Sunday
    ].map((i) => `${i} -> ${localDateOf(i, "Europe/Berlin")} ${speakTime(i, berlin)}`);
    expect(spoken).toMatchInlineSnapshot(`
      [
        "2025-10-25T23:30:00Z -> 2025-10-26 1:30 Uhr",
        "2025-10-26T00:30:00Z -> 2025-10-26 2:30 Uhr",
        "2025-10-26T01:30:00Z -> 2025-10-26 2:30 Uhr",
        "2025-10-26T06:00:00Z -> 2025-10-26 7:00 Uhr",
      ]
    `);
  });

  it("follows the start of summer time on 29 Mar 2026 (a 23-hour day)", () => {
    const spoken = ["2026-03-29T00:30:00Z", "2026-03-29T01:30:00Z", "2026-03-29T07:00:00Z"].map((i) =>
      speakTime(i, berlin),
    );
    expect(spoken).toMatchInlineSnapshot(`
      [
        "1:30 Uhr",
        "3:30 Uhr",
        "9:00 Uhr",
      ]
    `);
  });

  it("renders an instant with any offset in the zone asked for", () => {
    const ny = { zone: "America/New_York" };
    expect(speakSlot("2025-10-26T09:30:00+02:00", ny)).toMatchInlineSnapshot(
      `"Sonntag, 26. Oktober, um 3:30 Uhr"`,
    );
    expect(speakSlot("2025-10-26T01:30:00+02:00", ny)).toMatchInlineSnapshot(
      `"Samstag, 25. Oktober, um 19:30 Uhr"`,
    );
  });

  it("moves a DateTime from another zone into the business zone", () => {
    const tokyo = DateTime.fromISO("2025-10-27T15:00:00", { zone: "Asia/Tokyo" });
    expect(speakSlot(tokyo, berlin)).toMatchInlineSnapshot(`"Montag, 27. Oktober, um 7:00 Uhr"`);
  });
});

describe("speakDate", () => {
  it("says weekday, day and month; the year only outside now's year", () => {
    expect(speakDate("2025-10-27T06:00:00.000Z", berlin)).toMatchInlineSnapshot(`"Montag, 27. Oktober"`);
    expect(speakDate("2025-10-28", callNow)).toMatchInlineSnapshot(`"Dienstag, 28. Oktober"`);
    expect(speakDate("2027-01-04", callNow)).toMatchInlineSnapshot(`"Montag, 4. Januar 2027"`);
  });

  it("prefixes heute, morgen and übermorgen relative to now's local date", () => {
    const days = ["2025-10-24", "2025-10-25", "2025-10-26", "2025-10-27", "2025-10-28"];
    expect(days.map((d) => speakDate(d, callNow))).toMatchInlineSnapshot(`
      [
        "Freitag, 24. Oktober",
        "heute, Samstag, 25. Oktober",
        "morgen, Sonntag, 26. Oktober",
        "übermorgen, Montag, 27. Oktober",
        "Dienstag, 28. Oktober",
      ]
    `);
  });

  it("takes now's date in the business zone, not in UTC", () => {
    // 23:30Z on the 25th is already 01:30 on the 26th in Berlin.
    const lateNow = { zone: "Europe/Berlin", now: "2025-10-25T23:30:00Z" };
    expect(speakDate("2025-10-26T06:00:00Z", lateNow)).toMatchInlineSnapshot(`"heute, Sonntag, 26. Oktober"`);
  });

  it("says the year across the turn of the year", () => {
    const newYearsEve = { zone: "Europe/Berlin", now: "2025-12-31T18:00:00+01:00" };
    const inJanuary = { zone: "Europe/Berlin", now: "2026-01-02T09:00:00+01:00" };
    expect([
      speakDate("2026-01-01", newYearsEve),
      speakDate("2026-01-02", newYearsEve),
      speakDate("2026-01-05", newYearsEve),
      speakDate("2025-12-30", inJanuary),
      speakDate("2026-01-05", inJanuary),
    ]).toMatchInlineSnapshot(`
      [
        "morgen, Donnerstag, 1. Januar 2026",
        "übermorgen, Freitag, 2. Januar 2026",
        "Montag, 5. Januar 2026",
        "Dienstag, 30. Dezember 2025",
        "Montag, 5. Januar",
      ]
    `);
  });

  it("keeps a plain date as that local date in any zone", () => {
    expect(speakDate("2025-10-26", { zone: "America/New_York" })).toMatchInlineSnapshot(
      `"Sonntag, 26. Oktober"`,
    );
    expect(speakDate("2025-10-26", { zone: "Pacific/Auckland" })).toMatchInlineSnapshot(
      `"Sonntag, 26. Oktober"`,
    );
  });
});

describe("speakOnDate", () => {
  it('says "am" before a weekday but not before morgen', () => {
    expect([speakOnDate("2025-10-26", callNow), speakOnDate("2025-10-28", callNow)]).toMatchInlineSnapshot(`
      [
        "morgen, Sonntag, 26. Oktober",
        "am Dienstag, 28. Oktober",
      ]
    `);
  });
});

describe("speakSlot", () => {
  it("never leaks the UTC hour of the reference call", () => {
    // The reference call spoke this slot as "06:00".
    expect(speakSlot("2025-10-27T06:00:00.000Z", berlin)).toMatchInlineSnapshot(
      `"Montag, 27. Oktober, um 7:00 Uhr"`,
    );
  });

  it("carries the relative prefix", () => {
    expect(speakSlot("2025-10-26T08:30:00Z", callNow)).toMatchInlineSnapshot(
      `"morgen, Sonntag, 26. Oktober, um 9:30 Uhr"`,
    );
    expect(speakSlot("2026-03-29T07:00:00Z", callNow)).toMatchInlineSnapshot(
      `"Sonntag, 29. März 2026, um 9:00 Uhr"`,
    );
  });
});

describe("speakTimesOnDay", () => {
  it("sorts, drops duplicates and joins with oder", () => {
    expect([
      speakTimesOnDay(["2025-10-27T08:00:00Z"], berlin),
      speakTimesOnDay(["2025-10-27T08:30:00+01:00", "2025-10-27T06:00:00Z"], berlin),
      speakTimesOnDay(
        ["2025-10-27T09:00:00Z", "2025-10-27T08:00:00Z", "2025-10-27T08:30:00Z", "2025-10-27T09:30:00+01:00"],
        berlin,
      ),
    ]).toMatchInlineSnapshot(`
      [
        "um 9:00 Uhr",
        "um 7:00 oder 8:30 Uhr",
        "um 9:00, 9:30 oder 10:00 Uhr",
      ]
    `);
  });

  it("refuses an empty list and several days", () => {
    expect(() => speakTimesOnDay([], berlin)).toThrow(RangeError);
    expect(() => speakTimesOnDay(["2025-10-26T08:30:00Z", "2025-10-27T06:00:00Z"], berlin)).toThrow(
      /several days/,
    );
  });
});

describe("speakSlotsByDay", () => {
  it("groups per local day in chronological order, each group under its date", () => {
    // Unsorted on purpose, as in the reference call ("08:30 oder 06:00").
    const slots = ["2025-10-27T06:00:00Z", "2025-10-26T09:30:00Z", "2025-10-26T08:30:00Z"];
    expect(speakSlotsByDay(slots, berlin)).toMatchInlineSnapshot(
      `"am Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr"`,
    );
  });

  it("uses the relative prefix and the conjunction asked for", () => {
    const slots = [
      "2025-10-28T07:00:00Z",
      "2025-10-27T07:30:00Z",
      "2025-10-26T08:30:00Z",
      "2025-10-26T06:00:00Z",
    ];
    expect(speakSlotsByDay(slots, callNow)).toMatchInlineSnapshot(
      `"morgen, Sonntag, 26. Oktober, um 7:00 oder 9:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 8:30 Uhr, oder am Dienstag, 28. Oktober, um 8:00 Uhr"`,
    );
    expect(speakSlotsByDay(slots.slice(0, 2), { ...callNow, conjunction: "and" })).toMatchInlineSnapshot(
      `"übermorgen, Montag, 27. Oktober, um 8:30 Uhr, und am Dienstag, 28. Oktober, um 8:00 Uhr"`,
    );
  });

  it("splits days at local midnight, not UTC midnight", () => {
    // 23:30Z on the 25th is 01:30 on the 26th in Berlin: same day as 07:00 on the 26th.
    expect(speakSlotsByDay(["2025-10-25T23:30:00Z", "2025-10-26T06:00:00Z"], berlin)).toMatchInlineSnapshot(
      `"am Sonntag, 26. Oktober, um 1:30 oder 7:00 Uhr"`,
    );
  });

  it("refuses an empty list", () => {
    expect(() => speakSlotsByDay([], berlin)).toThrow(RangeError);
  });
});

describe("speakBetween", () => {
  it("speaks a window", () => {
    expect(speakBetween("2025-10-26T13:00:00Z", "2025-10-26T17:00:00Z", berlin)).toMatchInlineSnapshot(
      `"zwischen 14:00 und 18:00 Uhr"`,
    );
  });
});

describe("localDateOf / localTimeOf", () => {
  it("gives the local date and HH:MM in the zone", () => {
    expect([
      localDateOf("2025-10-25T23:30:00Z", "Europe/Berlin"),
      localTimeOf("2025-10-25T23:30:00Z", "Europe/Berlin"),
      localDateOf("2025-10-26T01:30:00+02:00", "America/New_York"),
      localTimeOf("2025-10-26T01:30:00+02:00", "America/New_York"),
      localTimeOf("2026-03-29T07:00:00Z", "Europe/Berlin"),
      localDateOf("2025-10-26", "Pacific/Auckland"),
    ]).toMatchInlineSnapshot(`
      [
        "2025-10-26",
        "01:30",
        "2025-10-25",
        "19:30",
        "09:00",
        "2025-10-26",
      ]
    `);
  });
});

describe("weekdayNames / speakMoment", () => {
  it("names the weekdays Monday first and tells a moment in the zone's words", () => {
    expect(weekdayNames()).toEqual([
      "Montag",
      "Dienstag",
      "Mittwoch",
      "Donnerstag",
      "Freitag",
      "Samstag",
      "Sonntag",
    ]);
    expect(speakMoment("2025-10-25T20:17:50+02:00", "Europe/Berlin")).toMatchInlineSnapshot(`
      {
        "date": "25. Oktober 2025",
        "time": "20:17",
        "weekday": "Samstag",
      }
    `);
    // 23:30Z on Saturday is Sunday 01:30 in Berlin and Saturday 19:30 in New York.
    expect(speakMoment(DateTime.fromISO("2025-10-25T23:30:00Z"), "Europe/Berlin")).toEqual({
      weekday: "Sonntag",
      date: "26. Oktober 2025",
      time: "01:30",
    });
    expect(speakMoment("2025-10-25T23:30:00Z", "America/New_York").weekday).toBe("Samstag");
  });
});

describe("dates are written as luxon's German formats would write them", () => {
  it("every fifth day of two years (every month and weekday), in and outside now's year, matches toFormat", () => {
    const now = "2025-06-15T12:00:00+02:00";
    const differing: string[] = [];
    for (let day = DateTime.fromISO("2025-01-01T09:05", { zone: "Europe/Berlin" }), i = 0; i < 731; i += 5) {
      const at = day.plus({ days: i });
      const de = at.setLocale("de");
      const expected = [
        de.toFormat(at.year === 2025 ? "cccc, d. MMMM" : "cccc, d. MMMM yyyy"),
        de.toFormat("H:mm"),
        de.toFormat("d. LLLL yyyy"),
        de.toFormat("yyyy-MM-dd HH:mm"),
      ];
      const actual = [
        speakDate(at, { zone: "Europe/Berlin", now }).replace(/^(heute|morgen|übermorgen), /, ""),
        speakTime(at, berlin).replace(" Uhr", ""),
        speakMoment(at, "Europe/Berlin").date,
        `${localDateOf(at, "Europe/Berlin")} ${localTimeOf(at, "Europe/Berlin")}`,
      ];
      if (actual.join("|") !== expected.join("|"))
        differing.push(`${actual.join("|")} instead of ${expected.join("|")}`);
    }
    expect(differing).toEqual([]);
  });
});

describe("bad input", () => {
  it("refuses a wall time without offset, garbage and an unknown zone", () => {
    expect(() => speakTime("2025-10-26T10:00", berlin)).toThrow(/with offset/);
    expect(() => speakTime("nächsten Montag", berlin)).toThrow(RangeError);
    expect(() => speakTime("2025-10-26T10:00:00Z", { zone: "Mars/Olympus" })).toThrow(/Mars\/Olympus/);
    expect(() => speakDate("2025-02-30", berlin)).toThrow(RangeError);
  });
});
