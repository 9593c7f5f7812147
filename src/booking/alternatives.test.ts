import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Slot } from "../calendar/backend.ts";
import { local, slots, ZONE } from "./__fixtures__/slots.ts";
import { findExactSlot, rankAlternatives } from "./alternatives.ts";

const ms = (s: Slot): number => DateTime.fromISO(s.start, { setZone: true }).toMillis();

// Sunday 26 Oct 2025 (25 hours) with 10:00 taken, Monday 27 and Tuesday 28 open.
const week = slots({
  "2025-10-26": ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:30", "11:00", "11:30"],
  "2025-10-27": ["07:00", "07:30", "09:30", "10:00", "10:30", "12:30"],
  "2025-10-28": ["08:00", "10:00", "17:30"],
});

describe("rankAlternatives", () => {
  it("offers the nearest slot before and after the requested time on the requested day, then one per later day", () => {
    const picked = rankAlternatives(
      week,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 09:30", "2025-10-26 10:30", "2025-10-27 10:00"]);
  });

  it("returns the slots in chronological order, whatever their distance (F3)", () => {
    const data = slots({ "2025-10-26": ["07:00", "11:30"], "2025-10-27": ["07:00"] });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "11:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 07:00", "2025-10-26 11:30", "2025-10-27 07:00"]);
    const times = picked.map(ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("takes one slot per later day before a second from any day, each nearest to the requested time", () => {
    const picked = rankAlternatives(
      week,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE, max: 5 },
    );
    expect(picked.map(local)).toEqual([
      "2025-10-26 09:30",
      "2025-10-26 10:30",
      // filled up with the nearest remaining slot of all days (09:30 and 10:30 tie; the earlier wins)
      "2025-10-27 09:30",
      "2025-10-27 10:00",
      "2025-10-28 10:00",
    ]);
  });

  it("uses only later days when the requested day has nothing, and never earlier days", () => {
    const data = slots({
      "2025-10-25": ["10:00"],
      "2025-10-27": ["07:00", "10:30"],
      "2025-10-28": ["09:00"],
    });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 07:00", "2025-10-27 10:30", "2025-10-28 09:00"]);
    const two = rankAlternatives(
      data,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE, max: 2 },
    );
    expect(two.map(local)).toEqual(["2025-10-27 10:30", "2025-10-28 09:00"]);
  });

  it("gives the earliest slots when no time was asked for", () => {
    const picked = rankAlternatives(week, { date: "2025-10-27", time: null, window: null }, { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-27 07:00", "2025-10-27 07:30", "2025-10-28 08:00"]);
  });

  it("keeps to the caller's daypart window [from, to)", () => {
    const picked = rankAlternatives(
      week,
      { date: "2025-10-27", time: null, window: { from: "10:00", to: "12:30" } },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 10:00", "2025-10-27 10:30", "2025-10-28 10:00"]);
  });

  it("leaves out excluded instants, whatever offset they are written in", () => {
    const picked = rankAlternatives(
      week,
      { date: "2025-10-26", time: "10:00", window: null },
      // 09:30 local on the 26th is 08:30Z (CET, after the switch)
      { zone: ZONE, exclude: ["2025-10-26T08:30:00.000Z"] },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 09:00", "2025-10-26 10:30", "2025-10-27 10:00"]);
  });

  it("returns at most `max` slots", () => {
    const target = { date: "2025-10-26", time: "10:00", window: null };
    expect(rankAlternatives(week, target, { zone: ZONE, max: 1 }).map(local)).toEqual(["2025-10-26 09:30"]);
    expect(rankAlternatives(week, target, { zone: ZONE, max: 2 })).toHaveLength(2);
    expect(rankAlternatives(week, target, { zone: ZONE, max: 0 })).toEqual([]);
  });

  it("returns nothing for no slots", () => {
    expect(rankAlternatives({}, { date: "2025-10-26", time: "10:00", window: null }, { zone: ZONE })).toEqual(
      [],
    );
    expect(
      rankAlternatives(
        { "2025-10-26": [] },
        { date: "2025-10-26", time: null, window: null },
        { zone: ZONE },
      ),
    ).toEqual([]);
  });

  it("returns the calendar's own slot objects (instants are never rebuilt, F4)", () => {
    const picked = rankAlternatives(
      week,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE },
    );
    const all = Object.values(week).flat();
    for (const s of picked) expect(all).toContain(s);
  });

  it("measures distance in local wall time on the 25-hour day", () => {
    // Before 03:00 CEST and after 02:00 CET: 01:30 local is +02:00, 04:00 local is +01:00.
    const night = slots({ "2025-10-26": ["01:30", "04:00", "06:00"] });
    const picked = rankAlternatives(
      night,
      { date: "2025-10-26", time: "03:30", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 01:30", "2025-10-26 04:00", "2025-10-26 06:00"]);
    expect(picked.map((s) => s.start)).toEqual([
      "2025-10-26T01:30:00.000+02:00",
      "2025-10-26T04:00:00.000+01:00",
      "2025-10-26T06:00:00.000+01:00",
    ]);
  });
});

describe("findExactSlot", () => {
  it("finds the slot at the local date and time, not at the UTC time (F2)", () => {
    const found = findExactSlot(week, "2025-10-27", "07:00", ZONE);
    expect(found && ms(found)).toBe(Date.parse("2025-10-27T06:00:00.000Z"));
    // 06:00 is the UTC hour of that slot; nothing starts at 06:00 local.
    expect(findExactSlot(week, "2025-10-27", "06:00", ZONE)).toBeUndefined();
  });

  it("finds nothing on a missing day or a taken time", () => {
    expect(findExactSlot(week, "2025-10-29", "10:00", ZONE)).toBeUndefined();
    expect(findExactSlot(week, "2025-10-26", "10:00", ZONE)).toBeUndefined();
  });
});
