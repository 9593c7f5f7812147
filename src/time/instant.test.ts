import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  datesBetween,
  dayBounds,
  instantKey,
  localDateOf,
  localIsoOf,
  localOf,
  localTimeOf,
  safeLocalOf,
  toInstant,
} from "./instant.ts";

const BERLIN = "Europe/Berlin";

describe("toInstant", () => {
  it("uses summer time before the switch and winter time after it on 26 Oct 2025", () => {
    expect(toInstant("2025-10-26", "01:30", BERLIN).toISO()).toBe("2025-10-26T01:30:00.000+02:00");
    expect(toInstant("2025-10-26", "10:00", BERLIN).toISO()).toBe("2025-10-26T10:00:00.000+01:00");
    expect(toInstant("2025-10-26", "10:00", BERLIN).toUTC().toISO()).toBe("2025-10-26T09:00:00.000Z");
  });

  it("picks the later of the two 02:30 on 26 Oct 2025", () => {
    expect(toInstant("2025-10-26", "02:30", BERLIN).toISO()).toBe("2025-10-26T02:30:00.000+01:00");
  });

  it("moves the skipped 02:30 on 29 Mar 2026 forward to 03:30 summer time", () => {
    expect(toInstant("2026-03-29", "02:30", BERLIN).toISO()).toBe("2026-03-29T03:30:00.000+02:00");
    expect(toInstant("2026-03-29", "10:00", BERLIN).toUTC().toISO()).toBe("2026-03-29T08:00:00.000Z");
  });

  it("does not depend on the machine's zone", () => {
    expect(toInstant("2025-12-31", "23:30", "America/New_York").toUTC().toISO()).toBe(
      "2026-01-01T04:30:00.000Z",
    );
  });

  it("rejects malformed input", () => {
    expect(() => toInstant("2025-10-26", "24:00", BERLIN)).toThrow(RangeError);
    expect(() => toInstant("26.10.2025", "10:00", BERLIN)).toThrow(RangeError);
    expect(() => toInstant("2025-02-30", "10:00", BERLIN)).toThrow(RangeError);
    expect(() => toInstant("2025-10-26", "10:00", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("dayBounds", () => {
  const hours = (date: string) => {
    const { start, end } = dayBounds(date, BERLIN);
    return end.diff(start, "hours").hours;
  };

  it("makes 26 Oct 2025 25 hours and 29 Mar 2026 23 hours long", () => {
    expect(hours("2025-10-26")).toBe(25);
    expect(hours("2026-03-29")).toBe(23);
    expect(hours("2025-10-27")).toBe(24);
  });

  it("runs from local midnight to the next local midnight", () => {
    const { start, end } = dayBounds("2025-10-26", BERLIN);
    expect(start.toISO()).toBe("2025-10-26T00:00:00.000+02:00");
    expect(end.toISO()).toBe("2025-10-27T00:00:00.000+01:00");
    const spring = dayBounds("2026-03-29", BERLIN);
    expect(spring.start.toUTC().toISO()).toBe("2026-03-28T23:00:00.000Z");
    expect(spring.end.toUTC().toISO()).toBe("2026-03-29T22:00:00.000Z");
  });
});

describe("datesBetween", () => {
  it("counts calendar dates across the 25-hour and the 23-hour day, inclusive", () => {
    expect(datesBetween("2025-10-25", "2025-10-27")).toEqual(["2025-10-25", "2025-10-26", "2025-10-27"]);
    expect(datesBetween("2026-03-28", "2026-03-30")).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
    expect(datesBetween("2025-12-31", "2026-01-01")).toEqual(["2025-12-31", "2026-01-01"]);
    expect(datesBetween("2025-10-27", "2025-10-26")).toEqual([]);
  });
});

describe("instantKey", () => {
  it("gives one key to one instant, whatever offset it is written with", () => {
    expect(instantKey("2025-10-27T07:00:00+01:00")).toBe(instantKey("2025-10-27T06:00:00.000Z"));
    expect(instantKey("2025-10-27T07:00:00+01:00")).toBe(Date.UTC(2025, 9, 27, 6));
    // The two 02:30 of 26 Oct 2025 in Berlin are an hour apart.
    expect(instantKey("2025-10-26T02:30:00+01:00") - instantKey("2025-10-26T02:30:00+02:00")).toBe(3_600_000);
    expect(instantKey("not a time")).toBeNaN();
  });
});

describe("local date and time of an instant", () => {
  it("reads the business zone's wall clock, not UTC and not the machine's zone", () => {
    expect(localOf("2025-10-27T06:00:00.000Z", BERLIN)).toEqual({
      date: "2025-10-27",
      time: "07:00",
      minuteOfDay: 420,
      ms: Date.UTC(2025, 9, 27, 6),
    });
    expect(localOf("2025-10-26T00:30:00Z", BERLIN)).toMatchObject({ date: "2025-10-26", time: "02:30" });
    expect(localOf("2025-10-26T01:30:00Z", BERLIN)).toMatchObject({ date: "2025-10-26", time: "02:30" });
    expect(localOf("2025-10-25T23:30:00Z", BERLIN)).toMatchObject({ date: "2025-10-26", time: "01:30" });
    expect(localOf("2026-01-01T04:30:00Z", "America/New_York")).toMatchObject({
      date: "2025-12-31",
      time: "23:30",
      minuteOfDay: 23 * 60 + 30,
    });
    expect(localOf(DateTime.fromISO("2026-03-29T01:00:00Z", { setZone: true }), BERLIN)).toMatchObject({
      date: "2026-03-29",
      time: "03:00",
    });
  });

  it("agrees with localDateOf and localTimeOf, and writes the instant with the zone's offset", () => {
    for (const at of [
      "2025-10-26T00:30:00Z",
      "2025-10-26T01:30:00Z",
      "2026-03-29T00:59:00Z",
      "2025-12-31T23:00:00Z",
    ]) {
      const local = localOf(at, BERLIN);
      expect([local.date, local.time]).toEqual([localDateOf(at, BERLIN), localTimeOf(at, BERLIN)]);
    }
    expect(localIsoOf("2025-10-27T06:00:00Z", BERLIN)).toBe("2025-10-27T07:00:00.000+01:00");
    expect(localIsoOf("2025-10-26T00:30:00Z", BERLIN)).toBe("2025-10-26T02:30:00.000+02:00");
    expect(localIsoOf("2025-10-26T01:30:00Z", BERLIN)).toBe("2025-10-26T02:30:00.000+01:00");
  });

  it("refuses a wall time without offset: which zone it meant is exactly what leaked UTC", () => {
    expect(() => localOf("2025-10-27T07:00:00", BERLIN)).toThrow(RangeError);
    expect(() => localIsoOf("2025-10-27T07:00", BERLIN)).toThrow(RangeError);
    expect(() => localOf("2025-10-27T07:00:00Z", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("safeLocalOf: an instant from outside the kit", () => {
  it("reads an instant with an offset like localOf, and anything else as null, never a throw", () => {
    expect(safeLocalOf("2025-10-26T01:30:00Z", BERLIN)).toEqual(localOf("2025-10-26T01:30:00Z", BERLIN));
    expect(safeLocalOf(DateTime.fromISO("2025-10-27T06:00:00Z"), BERLIN)?.time).toBe("07:00");
    for (const bad of [
      "2025-10-27T07:00:00",
      "morgen",
      "",
      1761544800000,
      null,
      undefined,
      {},
      ["2025-10-27T06:00:00Z"],
    ])
      expect(safeLocalOf(bad, BERLIN)).toBeNull();
    expect(safeLocalOf("2025-10-27T06:00:00Z", "Mars/Olympus")).toBeNull();
  });
});
