import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { INSTANTS, PHRASES, type PhraseCase } from "./__fixtures__/phrases.ts";
import { findMentions, resolve, safeResolve } from "./resolve.ts";

const ZONE = "Europe/Berlin";

/** The windows DESIGN.md promises for a daypart said without a clock time. */
const WINDOWS = {
  frueh: { from: "06:00", to: "09:00" },
  morgens: { from: "06:00", to: "10:00" },
  vormittags: { from: "08:00", to: "12:00" },
  mittags: { from: "11:00", to: "14:00" },
  nachmittags: { from: "12:00", to: "18:00" },
  abends: { from: "17:00", to: "22:00" },
};

function expected(c: PhraseCase) {
  const daypart = c.daypart ?? null;
  return {
    date: c.date,
    time: c.time,
    daypart,
    window: c.window ?? (daypart !== null && c.time === null ? WINDOWS[daypart] : null),
    past: c.past ?? false,
    unresolved: c.unresolved ?? [],
  };
}

describe("resolve: phrase table", () => {
  it("covers at least 100 phrases over at least 6 reference instants", () => {
    expect(PHRASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(PHRASES.map((c) => c.now)).size).toBeGreaterThanOrEqual(6);
  });

  it.each(PHRASES.map((c) => [`${c.text} @ ${c.now}`, c] as const))("%s", (_name, c) => {
    const result = resolve(c.text, { now: c.now, zone: ZONE, salonHours: c.noSalon !== true });
    const { matched, ...rest } = result;
    expect(rest).toEqual(expected(c));
    if (c.day !== undefined) expect(matched.day).toBe(c.day);
    if (c.clock !== undefined) expect(matched.time).toBe(c.clock);
    // What was matched is part of what was said.
    if (matched.day !== null) expect(c.text).toContain(matched.day);
    if (matched.time !== null) expect(c.text).toContain(matched.time);
  });
});

describe("resolve: weekday offsets and dates that were already right", () => {
  // Guards next to the phrase table: these held before the weekday-offset and range rules and must keep holding.
  it.each([
    ["Samstag in einer Woche", INSTANTS.call, "2025-11-01", null],
    ["Dienstag in drei Tagen", INSTANTS.call, "2025-10-28", null],
    ["am 4. 11. um 10", INSTANTS.call, "2025-11-04", "10:00"],
    ["am 4. 11 Uhr", INSTANTS.call, "2025-11-04", "11:00"],
    ["am 3.", INSTANTS.nov3, "2025-11-03", null],
    ["Dienstag in einer Woche", "2025-10-28T09:00:00+01:00", "2025-11-04", null],
    ["Dienstag in acht Tagen", "2025-10-28T09:00:00+01:00", "2025-11-04", null],
    ["Dienstag in acht Tagen", "2025-10-27T09:00:00+01:00", "2025-11-04", null],
  ] as const)("%s @ %s", (text, now, date, time) => {
    const result = resolve(text, { now, zone: ZONE });
    expect([result.date, result.time, result.unresolved]).toEqual([date, time, []]);
  });
});

describe("resolve: reference call", () => {
  it("reads the caller's request as Sunday 26 Oct, 10:00, the day summer time ends", () => {
    const result = resolve("Haben Sie morgen um zehn Uhr einen Termin frei?", {
      now: INSTANTS.call,
      zone: ZONE,
    });
    expect(result).toEqual({
      date: "2025-10-26",
      time: "10:00",
      window: null,
      daypart: null,
      past: false,
      unresolved: [],
      matched: { day: "morgen", time: "um zehn Uhr" },
    });
  });

  it("accepts `now` as a DateTime in any zone", () => {
    const now = DateTime.fromISO("2025-10-25T14:17:50", { zone: "America/New_York" });
    expect(resolve("morgen", { now, zone: ZONE }).date).toBe("2025-10-26");
  });

  it("reads `now` without an offset as wall time in the zone", () => {
    expect(resolve("heute um 8", { now: "2025-10-26T07:30:00", zone: ZONE }).past).toBe(false);
    expect(resolve("heute um 8", { now: "2025-10-26T08:30:00", zone: ZONE }).past).toBe(true);
  });
});

describe("resolve: word boundaries", () => {
  const now = INSTANTS.call;
  it.each([
    ["so", "Sonntag"],
    ["früh", "Freitag"],
    ["Mo", "Montag"],
    ["Di", "Dienstag"],
  ])("does not read %s as %s", (word) => {
    expect(resolve(`Ja ${word} passt`, { now, zone: ZONE }).date).toBeNull();
  });

  it("finds no clock in words that contain number words", () => {
    for (const text of [
      "einen Termin",
      "am achten",
      "Nacht",
      "Achtung",
      "Zehnerkarte",
      "elfte Stunde",
      "Einsicht",
    ]) {
      expect(
        findMentions(text).filter((m) => m.kind === "time"),
        text,
      ).toEqual([]);
    }
  });
});

describe("resolve: errors", () => {
  it("throws ConfigError for an unknown zone or an unreadable now", () => {
    expect(() => resolve("morgen", { now: INSTANTS.call, zone: "Europe/Atlantis" })).toThrow(ConfigError);
    expect(() => resolve("morgen", { now: "yesterday-ish", zone: ZONE })).toThrow(ConfigError);
  });

  it("safeResolve returns the failure instead", () => {
    const bad = safeResolve("morgen", { now: INSTANTS.call, zone: "Nowhere/Land" });
    expect(bad.ok).toBe(false);
    const good = safeResolve("morgen", { now: INSTANTS.call, zone: ZONE });
    expect(good.ok && good.value.date).toBe("2025-10-26");
  });
});
