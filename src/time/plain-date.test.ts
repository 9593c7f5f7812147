import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { daysInMonth, isoOf, mondayOf, partsOf, plainDate, plainDateOfIso, weekdayOf } from "./plain-date.ts";

const DAY_MS = 86_400_000;

describe("plain dates", () => {
  it("agree with Date.UTC and luxon on every day from 1899 to 2101", () => {
    const wrong: string[] = [];
    let days = 0;
    for (let year = 1899; year <= 2101; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(year, month); day++) {
          days++;
          const date = plainDate(year, month, day);
          const at = `${year}-${month}-${day}`;
          if (date !== Date.UTC(year, month - 1, day) / DAY_MS) wrong.push(`${at}: ${date}`);
          if (date === null) continue;
          const parts = partsOf(date);
          if (parts.year !== year || parts.month !== month || parts.day !== day) wrong.push(`${at}: parts`);
          // luxon is slow; every 7th day still covers each weekday and month end many times over.
          if (days % 7 !== 0) continue;
          const luxon = DateTime.utc(year, month, day);
          if (weekdayOf(date) !== luxon.weekday || isoOf(date) !== luxon.toISODate())
            wrong.push(`${at}: luxon`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // daysInMonth left no day out and added none.
    expect(days).toBe((Date.UTC(2102, 0, 1) - Date.UTC(1899, 0, 1)) / DAY_MS);
  });

  it("has no 30 February, 31 April, 29 February 2025 or 2100, no month 0 or 13, no day 0", () => {
    expect(plainDate(2025, 2, 30)).toBeNull();
    expect(plainDate(2025, 4, 31)).toBeNull();
    expect(plainDate(2025, 2, 29)).toBeNull();
    expect(plainDate(2100, 2, 29)).toBeNull();
    expect(plainDate(2025, 0, 1)).toBeNull();
    expect(plainDate(2025, 13, 1)).toBeNull();
    expect(plainDate(2025, 1, 0)).toBeNull();
    expect(plainDate(2025, 1, 1.5)).toBeNull();
    expect(plainDate(2024, 2, 29)).not.toBeNull();
    expect(plainDate(2000, 2, 29)).not.toBeNull();
  });

  it("counts the 25-hour 26 Oct 2025 as one day, and the week from its Monday", () => {
    const sunday = plainDate(2025, 10, 26) as number;
    expect(isoOf(sunday + 1)).toBe("2025-10-27");
    expect(weekdayOf(sunday)).toBe(7);
    expect(isoOf(mondayOf(sunday))).toBe("2025-10-20");
    expect(isoOf(mondayOf(sunday + 1))).toBe("2025-10-27");
    expect(isoOf(plainDate(2025, 12, 31) as number)).toBe("2025-12-31");
    expect(isoOf((plainDate(2025, 12, 31) as number) + 1)).toBe("2026-01-01");
  });
});

describe("plainDateOfIso", () => {
  it("reads YYYY-MM-DD and nothing else", () => {
    expect(plainDateOfIso("2025-10-27")).toBe(plainDate(2025, 10, 27));
    expect(plainDateOfIso("1970-01-01")).toBe(0);
    for (const bad of ["2025-02-29", "2025-13-01", "2025-10-27T07:00", "27.10.2025", "2025-1-7", ""])
      expect(plainDateOfIso(bad)).toBeNull();
  });
});
