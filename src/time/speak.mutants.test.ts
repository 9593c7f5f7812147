/**
 * Spoken German the broader suites did not pin (found by mutation testing): bounds and closing times, opening
 * ranges, spans of days, weekday runs, lists, and the edges of "heute/morgen/übermorgen".
 */
import { describe, expect, it } from "vitest";
import {
  speakBound,
  speakDate,
  speakDays,
  speakList,
  speakMoment,
  speakOnDate,
  speakOpening,
  speakSlotsByDay,
  speakTimesOnDay,
  speakUntil,
  speakWeekdays,
} from "./speak.ts";

const berlin = { zone: "Europe/Berlin" };
/** The frozen clock of the reference call: Saturday 25 October 2025, 20:17:50 summer time. */
const callNow = { zone: "Europe/Berlin", now: "2025-10-25T20:17:50+02:00" };

describe("relative day words", () => {
  it("only today, tomorrow and the day after get one; yesterday and three days out do not", () => {
    expect(
      ["2025-10-24", "2025-10-25", "2025-10-26", "2025-10-27", "2025-10-28"].map((d) =>
        speakOnDate(d, callNow),
      ),
    ).toEqual([
      "am Freitag, 24. Oktober",
      "heute, Samstag, 25. Oktober",
      "morgen, Sonntag, 26. Oktober",
      "übermorgen, Montag, 27. Oktober",
      "am Dienstag, 28. Oktober",
    ]);
  });

  it("counts calendar days, not 24-hour periods: late at night, the next morning is 'morgen'", () => {
    const lateNight = { zone: "Europe/Berlin", now: "2025-10-25T23:59:00+02:00" };
    expect(speakDate("2025-10-26T06:00:00Z", lateNight)).toBe("morgen, Sonntag, 26. Oktober");
    const earlyMorning = { zone: "Europe/Berlin", now: "2025-10-26T00:01:00+02:00" };
    expect(speakDate("2025-10-27T23:30:00Z", earlyMorning)).toBe("übermorgen, Dienstag, 28. Oktober");
  });

  it("without a clock, no relative word and no year", () => {
    expect(speakDate("2027-01-04", berlin)).toBe("Montag, 4. Januar");
  });
});

describe("bounds and closing times", () => {
  it("'ab' and 'vor' a local time", () => {
    expect(speakBound("since", "2025-10-27T13:00:00Z", berlin)).toBe("ab 14:00 Uhr");
    expect(speakBound("before", "2025-10-27T09:00:00+01:00", berlin)).toBe("vor 9:00 Uhr");
  });

  it("a closing time is 'bis', midnight is 'bis Mitternacht', and half past midnight is a clock time", () => {
    expect(speakUntil("2025-10-27T12:00:00+01:00", berlin)).toBe("bis 12:00 Uhr");
    expect(speakUntil("2025-10-28T00:00:00+01:00", berlin)).toBe("bis Mitternacht");
    expect(speakUntil("2025-10-28T00:30:00+01:00", berlin)).toBe("bis 0:30 Uhr");
    expect(speakUntil("2025-10-27T10:00:00+01:00", berlin)).toBe("bis 10:00 Uhr");
  });
});

describe("opening ranges", () => {
  it("one range, two ranges joined with 'und', and a range to midnight", () => {
    const day = (from: string, to: string) => ({
      from: `2025-10-27T${from}+01:00`,
      to: `2025-10-27T${to}+01:00`,
    });
    expect(speakOpening([day("07:00", "12:00")], berlin)).toBe("von 7:00 bis 12:00 Uhr");
    expect(speakOpening([day("07:30", "12:30"), day("13:30", "19:00")], berlin)).toBe(
      "von 7:30 bis 12:30 Uhr und von 13:30 bis 19:00 Uhr",
    );
    expect(
      speakOpening([{ from: "2025-10-27T16:00:00+01:00", to: "2025-10-28T00:00:00+01:00" }], berlin),
    ).toBe("ab 16:00 Uhr bis Mitternacht");
    expect(speakOpening([day("00:00", "00:30")], berlin)).toBe("von 0:00 bis 0:30 Uhr");
  });

  it("three ranges are listed with commas and a final 'und'", () => {
    const day = (from: string, to: string) => ({
      from: `2025-10-27T${from}+01:00`,
      to: `2025-10-27T${to}+01:00`,
    });
    expect(speakOpening([day("07:00", "09:00"), day("10:00", "12:00"), day("13:00", "15:00")], berlin)).toBe(
      "von 7:00 bis 9:00 Uhr, von 10:00 bis 12:00 Uhr und von 13:00 bis 15:00 Uhr",
    );
  });

  it("refuses no ranges at all", () => {
    expect(() => speakOpening([], berlin)).toThrow("speakOpening needs at least one range");
  });
});

describe("spans of days", () => {
  it("from one date to another, with the relative word where it applies", () => {
    expect(speakDays("2025-11-01", "2025-11-02", callNow)).toBe(
      "von Samstag, 1. November, bis Sonntag, 2. November",
    );
    expect(speakDays("2025-10-26", "2025-10-28", callNow)).toBe(
      "von morgen, Sonntag, 26. Oktober, bis Dienstag, 28. Oktober",
    );
  });

  it("a span of one day is that day; instants on one local day are one day", () => {
    expect(speakDays("2025-10-28", "2025-10-28", callNow)).toBe("am Dienstag, 28. Oktober");
    // 23:30Z on the 27th is already the 28th in Berlin.
    expect(speakDays("2025-10-27T23:30:00Z", "2025-10-28", callNow)).toBe("am Dienstag, 28. Oktober");
  });
});

describe("weekday runs", () => {
  const dates = (...days: number[]) => days.map((d) => `2025-10-${String(d).padStart(2, "0")}`);

  it("two days are named each; three or more in a row are joined with 'bis'", () => {
    // 27 October 2025 is a Monday.
    expect(speakWeekdays(dates(28, 31), berlin)).toBe("Dienstag und Freitag");
    expect(speakWeekdays(dates(27, 28), berlin)).toBe("Montag und Dienstag");
    expect(speakWeekdays(dates(27, 28, 29), berlin)).toBe("Montag bis Mittwoch");
    expect(speakWeekdays(dates(27, 28, 29, 30, 31), berlin)).toBe("Montag bis Freitag");
  });

  it("runs and single days mix in the order given", () => {
    expect(speakWeekdays(dates(27, 28, 29, 31), berlin)).toBe("Montag bis Mittwoch und Freitag");
    expect(speakWeekdays(dates(27, 29, 30, 31), berlin)).toBe("Montag und Mittwoch bis Freitag");
    expect(speakWeekdays(dates(27, 29, 31), berlin)).toBe("Montag, Mittwoch und Freitag");
  });

  it("Sunday to Monday does not continue a run", () => {
    expect(speakWeekdays(dates(25, 26, 27), berlin)).toBe("Samstag, Sonntag und Montag");
  });

  it("no dates, no words", () => {
    expect(speakWeekdays([], berlin)).toBe("");
  });
});

describe("lists", () => {
  it("'oder' by default, 'und' when asked, commas between the rest", () => {
    expect(speakList([])).toBe("");
    expect(speakList(["Bargeld"])).toBe("Bargeld");
    expect(speakList(["Bargeld", "EC-Karte"])).toBe("Bargeld oder EC-Karte");
    expect(speakList(["Bargeld", "EC-Karte", "Kreditkarte"], "and")).toBe(
      "Bargeld, EC-Karte und Kreditkarte",
    );
    expect(speakList(["a", "b", "c"], "or")).toBe("a, b oder c");
  });

  it("a day's own bookings are joined with 'und'", () => {
    expect(
      speakTimesOnDay(["2025-10-27T06:00:00Z", "2025-10-27T07:30:00Z"], { ...berlin, conjunction: "and" }),
    ).toBe("um 7:00 und 8:30 Uhr");
    expect(speakTimesOnDay(["2025-10-27T06:00:00Z", "2025-10-27T07:30:00Z"], berlin)).toBe(
      "um 7:00 oder 8:30 Uhr",
    );
  });

  it("the same instant written twice is said once", () => {
    expect(speakSlotsByDay(["2025-10-27T06:00:00Z", "2025-10-27T07:00:00+01:00"], berlin)).toBe(
      "am Montag, 27. Oktober, um 7:00 Uhr",
    );
  });

  it("refuses several days for one day's times, naming them", () => {
    expect(() => speakTimesOnDay(["2025-10-27T06:00:00Z", "2025-10-28T06:00:00Z"], berlin)).toThrow(
      "speakTimesOnDay got several days (2025-10-27, 2025-10-28); use speakSlotsByDay",
    );
    expect(() => speakTimesOnDay([], berlin)).toThrow("speakTimesOnDay needs at least one instant");
    expect(() => speakSlotsByDay([], berlin)).toThrow("speakSlotsByDay needs at least one instant");
  });
});

describe("speakMoment", () => {
  it("tells the agent the moment in the business zone, 24h with a leading zero", () => {
    expect(speakMoment("2025-10-25T18:17:50Z", "Europe/Berlin")).toEqual({
      weekday: "Samstag",
      date: "25. Oktober 2025",
      time: "20:17",
    });
    expect(speakMoment("2025-10-26T06:05:00Z", "Europe/Berlin")).toEqual({
      weekday: "Sonntag",
      date: "26. Oktober 2025",
      time: "07:05",
    });
  });
});
