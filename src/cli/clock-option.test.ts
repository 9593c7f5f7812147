/**
 * `--now` is read the same way by every command: an offset-less time is wall time in the business's zone (never
 * the machine's), a date without a time is refused. The expectations are UTC instants, so they hold whatever
 * zone the machine running the tests is in: the two zones below cannot both be the machine's.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { parseNow } from "./clock-option.ts";

const utc = (value: string, zone?: string) => parseNow(value, zone)?.toUTC().toISO();

describe("parseNow", () => {
  it("reads a time without offset as wall time in the zone it is given", () => {
    expect(utc("2025-10-25T20:17:50", "Europe/Berlin")).toBe("2025-10-25T18:17:50.000Z");
    expect(utc("2025-10-25T20:17:50", "Asia/Tokyo")).toBe("2025-10-25T11:17:50.000Z");
    // Winter time: the zone's own offset on that day (+01:00), not a fixed one.
    expect(utc("2025-12-01T10:00", "Europe/Berlin")).toBe("2025-12-01T09:00:00.000Z");
    expect(parseNow("2025-10-25T20:17:50", "Europe/Berlin")?.offset).toBe(120);
  });

  it("reads it in Europe/Berlin, the default business's zone, when no zone is given", () => {
    expect(utc("2025-10-25T20:17:50")).toBe("2025-10-25T18:17:50.000Z");
  });

  it("keeps an instant with an offset or Z as it is, whatever the zone", () => {
    expect(utc("2025-10-25T20:17:50+02:00", "Asia/Tokyo")).toBe("2025-10-25T18:17:50.000Z");
    expect(utc("2025-10-25T18:17:50Z", "Asia/Tokyo")).toBe("2025-10-25T18:17:50.000Z");
    expect(parseNow("2025-10-25T20:17:50+02:00", "Asia/Tokyo")?.toISO()).toBe(
      "2025-10-25T20:17:50.000+02:00",
    );
  });

  it("refuses a date without a time of day instead of taking midnight", () => {
    expect(() => parseNow("2025-10-25", "Europe/Berlin")).toThrow(ConfigError);
    expect(() => parseNow("2025-10-25", "Europe/Berlin")).toThrow(
      '--now needs a time of day as well as the date (e.g. 2025-10-25T20:17:50+02:00, or 2025-10-25T20:17:50 for wall time in Europe/Berlin), got "2025-10-25"',
    );
  });

  it("refuses what is not an ISO date and time, naming the flag", () => {
    for (const bad of ["gestern", "20:17", "2025-13-45T99:00", "25.10.2025 20:17", ""]) {
      expect(() => parseNow(bad, "Europe/Berlin"), bad).toThrow(/^--now must be an ISO date and time/);
    }
    expect(parseNow(undefined, "Europe/Berlin")).toBeUndefined();
  });
});
