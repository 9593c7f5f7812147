import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { INSTANTS, PHRASES, type PhraseCase } from "./phrase-table.ts";
import {
  findMentions,
  MAX_RESOLVE_TEXT,
  placeMentions,
  type ResolveResult,
  resolve,
  safeResolve,
} from "./resolve.ts";

const ZONE = "Europe/Berlin";

/** The windows DESIGN.md promises for a daypart said without a clock time. */
const WINDOWS = {
  frueh: { from: "06:00", to: "09:00" },
  morgens: { from: "06:00", to: "11:00" },
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
    days: c.days ?? null,
    earliest: c.earliest ?? false,
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

describe("resolve: matched words", () => {
  // Tools receive only `matched.day` and `matched.time` and resolve them again. A daypart said apart ("nächste Woche
  // nachmittags") is not part of `matched.time`; callers pass `daypart` for it, so those cases are left out here.
  const pick = (r: ResolveResult) => [r.date, r.time, r.window, r.days, r.earliest];
  it.each(PHRASES.filter((c) => c.daypart === undefined).map((c) => [`${c.text} @ ${c.now}`, c] as const))(
    "%s",
    (_name, c) => {
      const options = { now: c.now, zone: ZONE, salonHours: c.noSalon !== true };
      const result = resolve(c.text, options);
      const words = [result.matched.day, result.matched.time].filter((w) => w !== null).join(" ");
      expect(pick(resolve(words, options))).toEqual(pick(result));
    },
  );
});

describe("resolve: day spans, earliest slot, durations from now", () => {
  it("gives a span and no date for a week, and a date and no span when a day is named with it", () => {
    const week = resolve("nächste Woche", { now: INSTANTS.weekday, zone: ZONE });
    expect([week.date, week.days]).toEqual([null, { from: "2025-11-17", to: "2025-11-23" }]);
    const day = resolve("nächste Woche Dienstag", { now: INSTANTS.weekday, zone: ZONE });
    expect([day.date, day.days]).toEqual(["2025-11-18", null]);
  });

  it("does not read the number of a duration as a clock time", () => {
    const result = resolve("in zwei Stunden", { now: INSTANTS.weekday, zone: ZONE });
    expect(result.time).toBeNull();
    expect(findMentions("in zwei Stunden").filter((m) => m.kind === "time")).toEqual([]);
  });

  it("adds the duration to the instant: the repeated hour of 26 Oct 2025 counts once", () => {
    // 01:30 summer time = 23:30Z; two hours later is 01:30Z = 02:30 winter time (wall clock +1 hour).
    const result = resolve("in zwei Stunden", { now: "2025-10-26T01:30:00+02:00", zone: ZONE });
    expect([result.date, result.window]).toEqual(["2025-10-26", { from: "02:30", to: "23:59" }]);
  });

  it("is never past when the caller wants the earliest slot, and a span before today is", () => {
    expect(resolve("heute so schnell wie möglich", { now: INSTANTS.call, zone: ZONE }).past).toBe(false);
    expect(resolve("letztes Wochenende", { now: INSTANTS.weekday, zone: ZONE })).toMatchObject({
      days: { from: "2025-11-08", to: "2025-11-09" },
      past: true,
    });
  });

  it("marks an article with an ordinal as a possible pick among options, and a pick noun as none", () => {
    expect(findMentions("der Dritte")).toMatchObject([{ kind: "date", maybePick: true }]);
    expect(findMentions("der dritte Termin")).toEqual([]);
    expect(findMentions("am dritten")[0]).not.toHaveProperty("maybePick");
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
      days: null,
      earliest: false,
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

  it("reads one `now` per zone: the moment read once is not reused for another zone", () => {
    // 23:30Z on Saturday 25 Oct is already Sunday in Berlin, still Saturday in New York; asked in turns.
    const now = INSTANTS.utcNight;
    for (let i = 0; i < 3; i++) {
      expect(resolve("heute", { now, zone: ZONE }).date).toBe("2025-10-26");
      expect(resolve("heute", { now, zone: "America/New_York" }).date).toBe("2025-10-25");
      // The same wall time without offset is that wall time in each zone.
      expect(resolve("heute um 8", { now: "2025-10-26T08:30:00", zone: "America/New_York" }).past).toBe(true);
      expect(resolve("heute um 8", { now: "2025-10-26T07:30:00", zone: ZONE }).past).toBe(false);
    }
    // The same instant as a DateTime in another zone, and as an ISO string with another offset.
    const asDateTime = DateTime.fromISO(now, { zone: "Asia/Tokyo" });
    expect(resolve("heute", { now: asDateTime, zone: ZONE }).date).toBe("2025-10-26");
    expect(resolve("heute", { now: "2025-10-25T19:30:00-04:00", zone: ZONE }).date).toBe("2025-10-26");
  });
});

describe("placeMentions", () => {
  it("gives every mention its day and clock time, with no salon rule and only its own daypart", () => {
    const placed = placeMentions(
      "Am Montag, 27. Oktober, um 7 Uhr oder halb drei, heute Abend um 8 oder um 8 Uhr abends, am 30. Februar.",
      { now: INSTANTS.call, zone: ZONE },
    );
    expect(
      placed.map((m) =>
        m.kind === "date" ? [m.kind, m.date] : m.kind === "time" ? [m.kind, m.clock, m.range] : [m.kind],
      ),
    ).toEqual([
      ["date", "2025-10-27"],
      ["time", "07:00", false],
      ["time", "02:30", false],
      ["date", "2025-10-25"],
      ["daypart"],
      ["time", "08:00", false],
      ["time", "20:00", false],
      ["date", null],
    ]);
  });

  it("marks the ends of a range and a bound, and reads the days seen from its own zone", () => {
    const placed = placeMentions("geöffnet von 7 bis 13 Uhr, morgen ab 9 Uhr", {
      now: INSTANTS.utcNight,
      zone: "America/New_York",
    });
    expect(placed.flatMap((m) => (m.kind === "time" ? [[m.clock, m.range]] : []))).toEqual([
      ["07:00", true],
      ["13:00", true],
      ["09:00", true],
    ]);
    expect(placed.find((m) => m.kind === "date")).toMatchObject({ date: "2025-10-26" });
  });

  it("throws ConfigError for an unknown zone, even with nothing to place", () => {
    expect(() => placeMentions("", { now: INSTANTS.call, zone: "Europe/Atlantis" })).toThrow(ConfigError);
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

describe("resolve: input bounded", () => {
  it("reads the same mentions in a hostile text as before: a list of clocks grows backwards from its cue", () => {
    const times = findMentions("1 2 3 um 10").filter((m) => m.kind === "time");
    expect(times.map((m) => m.text)).toEqual(["1", "2", "3", "um 10"]);
    expect(findMentions("morgen 10, 11 oder 12").map((m) => m.text)).toEqual(["morgen", "10", "11", "12"]);
    // A list gap folded from a long run of spaces still joins the list; a gap with other words does not.
    expect(findMentions(`um 9${" ".repeat(100)}oder 10`).map((m) => m.text)).toEqual(["um 9", "10"]);
    expect(findMentions("um 9 und dann 10").map((m) => m.text)).toEqual(["um 9"]);
  });

  it(`reads only the last ${MAX_RESOLVE_TEXT} characters, from the first whole word there`, () => {
    const now = INSTANTS.call;
    const padded = `morgen um zehn${" bitte".repeat(1_000)}`;
    expect(resolve(padded, { now, zone: ZONE })).toMatchObject({ date: null, time: null });
    expect(resolve(`${"x ".repeat(500_000)}morgen um zehn`, { now, zone: ZONE })).toMatchObject({
      date: "2025-10-26",
      time: "10:00",
      matched: { day: "morgen", time: "um zehn" },
    });
    // The cut falls inside "10:30": its "0:30" must not become 00:30.
    const cut = `um 10:30${" x".repeat(998)}`;
    expect(cut.length).toBe(MAX_RESOLVE_TEXT + 4);
    expect(resolve(cut, { now, zone: ZONE }).time).toBeNull();
    expect(resolve(cut.slice(4), { now, zone: ZONE }).time).toBe("00:30");
    expect(resolve(cut.slice(0, MAX_RESOLVE_TEXT), { now, zone: ZONE }).time).toBe("10:30");
  });

  it("quotes a runaway zone or time in its error cut short", () => {
    const zone = "Z".repeat(100_000);
    expect(() => resolve("morgen", { now: INSTANTS.call, zone })).toThrow(/^unknown time zone "Z{64}…" \(/);
    expect(() => resolve("morgen", { now: "9".repeat(100_000), zone: ZONE })).toThrow(
      /^cannot read the time "9{64}…" \(/,
    );
  });
});
