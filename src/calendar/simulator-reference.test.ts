/**
 * The simulator's slot answers against a plain reference: luxon per slot (a DateTime per start, stepped with
 * `plus({ minutes })`, written with `toISO()`), nothing cached. The simulator computes grids once per date, steps
 * in epoch milliseconds and writes ISO text without Intl; this suite makes sure that never moves a slot, over
 * both DST changes of 2025 and the spring one of 2026, in Europe/Berlin and Europe/Vienna, for every service.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { SlotsByDate, SlotsQuery } from "./backend.ts";
import { fixedClock } from "./clock.ts";
import { type BusinessProfile, loadBusinessProfile, parseBusinessProfile, WEEKDAY_KEYS } from "./profile.ts";
import { CalendarSimulator, type SimClosureInput } from "./simulator.ts";

const friseur = loadBusinessProfile("friseur-1");
const physio = loadBusinessProfile("physio-1");
/** A Vienna salon open through both DST nights on Sundays (02:30 is repeated in autumn, missing in spring). */
const wien = parseBusinessProfile({
  id: "wien",
  name: "Salon Wien",
  timezone: "Europe/Vienna",
  greeting: "Grüß Gott",
  services: [
    { id: "kurz", name: "Kurz", eventTypeId: 7001, minutes: 25 },
    { id: "mittel", name: "Mittel", eventTypeId: 7002, minutes: 40 },
    { id: "lang", name: "Lang", eventTypeId: 7003, minutes: 90 },
  ],
  hours: {
    mon: [
      ["08:00", "12:00"],
      ["13:00", "17:45"],
    ],
    tue: [["08:00", "17:45"]],
    thu: [["08:00", "20:00"]],
    fri: [["08:00", "17:45"]],
    sat: [["20:00", "24:00"]],
    sun: [
      ["00:00", "02:30"],
      ["02:30", "04:00"],
      ["10:00", "14:00"],
    ],
  },
  minimumNoticeMinutes: 30,
  bookingWindowDays: 10,
  teamEvent: true,
});

const ms = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toMillis();

/** Wall time `HH:MM` (or `24:00`) on a local date, built by luxon in the zone. */
function wall(date: DateTime, hhmm: string, zone: string): DateTime {
  const [hour = 0, minute = 0] = hhmm.split(":").map(Number);
  const day = { year: date.year, month: date.month, day: date.day };
  if (hour === 24) return DateTime.fromObject(day, { zone }).plus({ days: 1 }).startOf("day");
  return DateTime.fromObject({ ...day, hour, minute }, { zone });
}

/** The slots Cal.com offers for `query`, computed the long way: luxon per slot, no caches. */
function referenceSlots(
  sim: CalendarSimulator,
  closures: SimClosureInput[],
  query: SlotsQuery,
  now: string,
): SlotsByDate {
  const profile = sim.profile;
  const zone = profile.timezone;
  const minutes = profile.services.find((s) => s.eventTypeId === query.eventTypeId)?.minutes ?? 0;
  const from = DateTime.fromISO(query.start, { zone: "utc" });
  const dateOnlyEnd = /^\d{4}-\d{2}-\d{2}$/.test(query.end);
  const to = dateOnlyEnd
    ? DateTime.fromISO(query.end, { zone: "utc" }).endOf("day").set({ millisecond: 0 })
    : DateTime.fromISO(query.end, { zone: "utc" });
  const nowAt = DateTime.fromISO(now);
  const lo = Math.max(from.toMillis(), nowAt.toMillis() + profile.minimumNoticeMinutes * 60_000);
  const windowEnd = nowAt
    .setZone(zone)
    .startOf("day")
    .plus({ days: profile.bookingWindowDays + 1 });
  const hi = Math.min(to.toMillis(), windowEnd.toMillis());
  const blocked = [
    ...sim
      .listBookings()
      .filter((b) => ["accepted", "pending"].includes(b.status) && b.uid !== query.bookingUidToReschedule)
      .map((b) => [ms(b.start), ms(b.end)] as const),
    ...sim.listHolds().map((h) => [ms(h.slotStart), ms(h.slotEnd)] as const),
    ...closures.map(
      (c) =>
        [DateTime.fromISO(c.from, { zone }).toMillis(), DateTime.fromISO(c.to, { zone }).toMillis()] as const,
    ),
  ];
  const result: SlotsByDate = {};
  const lastDate = to.setZone(zone).startOf("day");
  for (let date = from.setZone(zone).startOf("day"); date <= lastDate; date = date.plus({ days: 1 })) {
    const key = WEEKDAY_KEYS[date.weekday - 1];
    for (const [open, close] of key === undefined ? [] : (profile.hours[key] ?? [])) {
      const closeAt = wall(date, close, zone);
      let start = wall(date, open, zone);
      for (let end = start.plus({ minutes }); end <= closeAt; start = end, end = end.plus({ minutes })) {
        const [startMs, endMs] = [start.toMillis(), end.toMillis()];
        if (startMs < lo || startMs >= hi || blocked.some(([a, b]) => startMs < b && a < endMs)) continue;
        const shown = start.setZone(query.timeZone);
        const day = shown.toFormat("yyyy-MM-dd");
        const list = result[day] ?? [];
        list.push({ start: shown.toISO() ?? "", end: end.setZone(query.timeZone).toISO() ?? "" });
        result[day] = list;
      }
    }
  }
  return result;
}

/** Other customers' bookings (business-local wall times), some inside the DST nights; the third is cancelled. */
const BOOKED = [
  "2025-03-30T01:30",
  "2025-03-30T10:00",
  "2025-10-28T09:00",
  "2025-10-26T02:30",
  "2025-10-26T10:15",
  "2025-10-30T14:00",
  "2026-03-29T11:00",
];
const CLOSED: SimClosureInput[] = [
  { from: "2025-03-31T00:00", to: "2025-03-31T10:00" },
  { from: "2025-10-26T12:00", to: "2025-10-26T13:10" },
  { from: "2025-10-29T16:00", to: "2025-10-31T09:30" },
];

/** A simulator at `now` with the bookings, closures and one hold above; returns it and the uid to reschedule. */
async function calendarAt(profile: BusinessProfile, now: string) {
  const sim = new CalendarSimulator({ profile, clock: fixedClock(now) });
  const uids = BOOKED.map((start, i) => {
    const service = profile.services[i % profile.services.length];
    return sim.addBooking({ eventTypeId: service?.eventTypeId ?? 0, start, name: `Kunde ${i}` }).uid;
  });
  await sim.cancel(uids[2] ?? "");
  for (const closure of CLOSED) sim.addClosure(closure);
  const first = profile.services[0]?.eventTypeId ?? 0;
  const week = await sim.getSlots(weekQuery(first, profile.timezone, "2025-10-27", profile.timezone));
  const held = Object.values(week).flat()[2];
  if (held !== undefined) await sim.hold(first, held.start);
  return { sim, rescheduleUid: uids[4] ?? "" };
}

/** Seven local days from the start of `date` in `zone`, sent as UTC as the Cal.com client does. */
function weekQuery(eventTypeId: number, zone: string, date: string, timeZone: string, days = 7): SlotsQuery {
  const start = DateTime.fromISO(date, { zone }).startOf("day");
  return {
    eventTypeId,
    start: start.toUTC().toISO() ?? "",
    end: start.plus({ days }).toUTC().toISO() ?? "",
    timeZone,
  };
}

interface Case {
  name: string;
  profile: BusinessProfile;
  now: string;
  weeks: string[];
}

// One clock before the spring change of 2025 with a window reaching past spring 2026; one at the reference call
// with each profile's own window, so its end (and the notice) clamp inside the queried weeks.
const SPRING = "2025-03-20T12:17:50+01:00";
const CALL = "2025-10-25T20:17:50+02:00";
const CASES: Case[] = [friseur, physio, wien].flatMap((profile) => [
  {
    name: `${profile.id}, a year ahead`,
    profile: { ...profile, bookingWindowDays: 400 },
    now: SPRING,
    // Thursday to Wednesday over 30 Mar and over 26 Oct 2025 (with the hold on Monday 27th); Monday to Sunday
    // over 29 Mar 2026.
    weeks: ["2025-03-27", "2025-10-23", "2026-03-23"],
  },
  {
    name: `${profile.id}, own window`,
    profile,
    now: CALL,
    weeks: [
      "2025-10-25",
      DateTime.fromISO(CALL, { zone: profile.timezone })
        .plus({ days: profile.bookingWindowDays - 3 })
        .toISODate() ?? "",
    ],
  },
]);

describe("CalendarSimulator.getSlots equals the luxon-per-slot reference", () => {
  it.each(CASES)(
    "$name: every service, every week, in the business zone",
    async ({ profile, now, weeks }) => {
      const { sim } = await calendarAt(profile, now);
      let compared = 0;
      for (const service of profile.services) {
        for (const week of weeks) {
          const query = weekQuery(service.eventTypeId, profile.timezone, week, profile.timezone);
          const want = referenceSlots(sim, CLOSED, query, now);
          expect(await sim.getSlots(query), `${service.id} ${week}`).toEqual(want);
          compared += Object.values(want).flat().length;
        }
      }
      // The weeks are not empty: the comparison holds slots, DST days among them.
      expect(compared).toBeGreaterThan(100);
    },
  );

  it.each(CASES)(
    "$name: shown in UTC and in New York, and for a reschedule",
    async ({ profile, now, weeks }) => {
      const { sim, rescheduleUid } = await calendarAt(profile, now);
      const first = profile.services[0]?.eventTypeId ?? 0;
      // The first two weeks of each case: a DST change and the hold are among them.
      for (const week of weeks.slice(0, 2)) {
        for (const timeZone of ["UTC", "America/New_York"]) {
          const query = weekQuery(first, profile.timezone, week, timeZone);
          expect(await sim.getSlots(query), `${timeZone} ${week}`).toEqual(
            referenceSlots(sim, CLOSED, query, now),
          );
        }
        const query = {
          ...weekQuery(first, profile.timezone, week, profile.timezone),
          bookingUidToReschedule: rescheduleUid,
        };
        expect(await sim.getSlots(query), `reschedule ${week}`).toEqual(
          referenceSlots(sim, CLOSED, query, now),
        );
      }
    },
  );

  it.each([friseur, physio, wien])(
    "$id: ranges cut inside the DST nights and date-only UTC days",
    async (base) => {
      const profile = { ...base, bookingWindowDays: 400 };
      const { sim } = await calendarAt(profile, SPRING);
      const ranges: [string, string][] = [
        ["2025-03-30T01:30:00+01:00", "2025-03-30T03:10:00+02:00"],
        ["2025-10-26T02:15:00+02:00", "2025-10-26T02:45:00+01:00"],
        ["2025-10-26", "2025-10-26"],
        ["2025-03-29", "2025-03-31"],
        ["2026-03-28T23:00:00Z", "2026-03-29T12:00:00Z"],
      ];
      for (const service of profile.services) {
        for (const [start, end] of ranges) {
          const query = { eventTypeId: service.eventTypeId, start, end, timeZone: profile.timezone };
          expect(await sim.getSlots(query), `${service.id} ${start}`).toEqual(
            referenceSlots(sim, CLOSED, query, SPRING),
          );
        }
      }
    },
  );

  it.each([friseur, wien])("$id: one query over March to November 2025", async (base) => {
    const profile = { ...base, bookingWindowDays: 400 };
    const { sim } = await calendarAt(profile, SPRING);
    // The longest service: fewest slots for the reference to build over 225 days.
    const longest = [...profile.services].sort((a, b) => b.minutes - a.minutes)[0];
    const query = weekQuery(longest?.eventTypeId ?? 0, profile.timezone, "2025-03-24", profile.timezone, 225);
    const answer = await sim.getSlots(query);
    expect(answer).toEqual(referenceSlots(sim, CLOSED, query, SPRING));
    // Both changes are inside, each day written with its own offsets.
    const offsets = (day: string) => new Set((answer[day] ?? []).map((slot) => slot.start.slice(-6)));
    expect(offsets("2025-03-29")).toEqual(new Set(["+01:00"]));
    expect(offsets("2025-03-31")).toEqual(new Set(["+02:00"]));
    expect(offsets("2025-10-25")).toEqual(new Set(["+02:00"]));
    expect(offsets("2025-10-27")).toEqual(new Set(["+01:00"]));
  });

  it("the Vienna DST nights: the repeated hour is offered in both offsets, the missing one never", async () => {
    const profile = { ...wien, bookingWindowDays: 400 };
    const sim = new CalendarSimulator({ profile, clock: fixedClock(SPRING) });
    const twoOClock = async (date: string) => {
      const data = await sim.getSlots(weekQuery(7001, profile.timezone, date, profile.timezone, 1));
      return (data[date] ?? []).filter((slot) => slot.start.slice(11, 13) === "02").map((slot) => slot.start);
    };
    const autumn = await twoOClock("2025-10-26");
    expect(autumn.some((start) => start.endsWith("+02:00"))).toBe(true);
    expect(autumn.some((start) => start.endsWith("+01:00"))).toBe(true);
    expect(await twoOClock("2025-03-30")).toEqual([]);
  });
});
