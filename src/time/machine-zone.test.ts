/**
 * The time tests run in three machine zones (vitest.config.ts projects): this checks the zone a project sets is the
 * one the process's clock really uses, so a project that silently ran in the default zone fails here.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";

describe("the machine zone of this test run", () => {
  it.runIf(process.env["TZ"] !== undefined)("is the TZ the project set, for Intl, Date and luxon", () => {
    const zone = process.env["TZ"] ?? "";
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone === "UTC" ? "UTC" : zone);
    const winter = new Date(Date.UTC(2025, 0, 15, 12));
    const expected = DateTime.fromJSDate(winter, { zone }).offset;
    expect(0 - winter.getTimezoneOffset() || 0).toBe(expected);
    expect(DateTime.local().zoneName).toBe(zone);
  });
});
