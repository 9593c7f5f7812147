import { DateTime, Settings } from "luxon";
import { describe, expect, it } from "vitest";
import { CalendarError, ConfigError } from "../errors.ts";
import { runCalendarContract } from "./__fixtures__/contract.ts";
import type { Attendee, SlotsByDate } from "./backend.ts";
import { fixedClock, manualClock } from "./clock.ts";
import { loadBusinessProfile, parseBusinessProfile } from "./profile.ts";
import { CalendarSimulator } from "./simulator.ts";

const ZONE = "Europe/Berlin";
const NOW = "2025-10-25T20:17:50+02:00";
const HERREN = 3672814;
const friseur = loadBusinessProfile("friseur-1");
const hans: Attendee = { name: "Hans Schuster", phoneNumber: "+491701234567", timeZone: ZONE };

runCalendarContract("in-memory simulator", async () => {
  const clock = manualClock(NOW);
  const sim = new CalendarSimulator({ profile: friseur, clock });
  return { backend: sim, sim, clock, teardown: async () => {} };
});

/** A salon open at night on Sundays (to see both offsets of 26 Oct), 09-19 on some days, closed Tuesdays. */
const night = parseBusinessProfile({
  id: "nacht",
  name: "Nachtsalon",
  timezone: ZONE,
  greeting: "Hallo",
  services: [{ id: "kurz", name: "Kurz", eventTypeId: 1, minutes: 30 }],
  hours: {
    sun: [
      ["00:00", "04:00"],
      ["09:00", "19:00"],
    ],
    mon: [["09:00", "19:00"]],
    wed: [["09:00", "19:00"]],
    fri: [["22:00", "24:00"]],
    sat: [["09:00", "19:00"]],
  },
  minimumNoticeMinutes: 0,
  bookingWindowDays: 365,
  teamEvent: false,
});

function nightSim(now = "2025-10-01T12:00:00+02:00"): CalendarSimulator {
  return new CalendarSimulator({ profile: night, clock: fixedClock(now) });
}

function dayQuery(eventTypeId: number, first: string, last = first) {
  const start = DateTime.fromISO(first, { zone: ZONE }).startOf("day");
  const end = DateTime.fromISO(last, { zone: ZONE }).plus({ days: 1 }).startOf("day");
  return { eventTypeId, start: start.toUTC().toISO() ?? "", end: end.toUTC().toISO() ?? "", timeZone: ZONE };
}

function starts(data: SlotsByDate, day: string): string[] {
  return (data[day] ?? []).map((slot) => slot.start);
}

describe("CalendarSimulator: atomicity", () => {
  it("50 concurrent bookings of one slot: exactly 1 accepted, 49 slot_taken", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        sim.book({
          eventTypeId: HERREN,
          start: "2025-10-26T09:00:00.000Z",
          attendee: { ...hans, name: `Anrufer ${i}` },
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(49);
    for (const error of refused) {
      expect(error).toBeInstanceOf(CalendarError);
      expect((error as CalendarError).kind).toBe("slot_taken");
    }
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("50 concurrent holds of one slot: exactly 1 hold, 49 held_by_other", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => sim.hold(HERREN, "2025-10-26T09:00:00.000Z")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const kinds = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as CalendarError).kind] : []));
    expect(kinds).toEqual(Array(49).fill("held_by_other"));
    expect(sim.listHolds()).toHaveLength(1);
  });
});

describe("CalendarSimulator: set-up", () => {
  it("addBooking reads business-local wall times and instants alike", () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const winter = sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-26T10:00",
      name: "Eva Brandt",
    });
    const summer = sim.addBooking({
      eventTypeId: 3672815,
      start: "2025-10-25T10:00",
      name: "Ina Roth",
      email: "i@r.de",
    });
    const instant = sim.addBooking({
      service: "Bart",
      start: "2025-10-26T10:00:00+01:00",
      name: "Eva Brandt",
    });
    expect([winter.start, winter.end]).toEqual(["2025-10-26T09:00:00.000Z", "2025-10-26T09:30:00.000Z"]);
    expect([summer.start, summer.end, summer.eventTypeId]).toEqual([
      "2025-10-25T08:00:00.000Z",
      "2025-10-25T09:00:00.000Z",
      3672815,
    ]);
    expect([instant.start, instant.eventTypeId]).toEqual(["2025-10-26T09:00:00.000Z", 3672818]);
    expect(winter.attendees).toEqual([{ name: "Eva Brandt", timeZone: ZONE }]);
    expect(() => sim.addBooking({ service: "Dauerwelle", start: "2025-10-26T10:00", name: "X" })).toThrow(
      ConfigError,
    );
    expect(() => sim.addBooking({ start: "2025-10-26T10:00", name: "X" })).toThrow(ConfigError);
    expect(() => sim.addClosure({ from: "2025-10-26T12:00", to: "2025-10-26T11:00" })).toThrow(ConfigError);
  });

  it("listBookings returns every booking, cancelled too, in creation order, as copies", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const later = sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-27T10:00",
      name: "Eva Brandt",
    });
    const earlier = await sim.book({ eventTypeId: HERREN, start: "2025-10-26T09:00:00Z", attendee: hans });
    await sim.cancel(later.uid);
    const listed = sim.listBookings();
    expect(listed.map((b) => [b.uid, b.status, b.id])).toEqual([
      [later.uid, "cancelled", 1],
      [earlier.uid, "accepted", 2],
    ]);
    const first = listed[0];
    if (first === undefined) throw new Error("no booking");
    first.status = "accepted";
    first.attendees.push(hans);
    expect(sim.listBookings()[0]).toMatchObject({ status: "cancelled", attendees: [{ name: "Eva Brandt" }] });
  });

  it("listHolds lists only unexpired holds; holdMinutes is configurable", async () => {
    const clock = manualClock(NOW);
    const sim = new CalendarSimulator({ profile: friseur, clock, holdMinutes: 10 });
    const hold = await sim.hold(HERREN, "2025-10-26T09:00:00.000Z");
    expect(hold.until).toBe("2025-10-25T18:27:50.000Z");
    expect(sim.listHolds()).toEqual([hold]);
    clock.advance({ minutes: 10 });
    expect(sim.listHolds()).toEqual([]);
    expect(() => new CalendarSimulator({ profile: friseur, holdMinutes: 0 })).toThrow(ConfigError);
  });

  it("uids look random but repeat per simulator", async () => {
    const make = async () => {
      const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
      const hold = await sim.hold(HERREN, "2025-10-26T09:00:00.000Z");
      const booking = await sim.book({
        eventTypeId: HERREN,
        start: hold.slotStart,
        attendee: hans,
        holdUid: hold.uid,
      });
      const other = await sim.book({
        eventTypeId: HERREN,
        start: "2025-10-26T10:00:00.000Z",
        attendee: hans,
      });
      return [hold.uid, booking.uid, other.uid];
    };
    const a = await make();
    expect(await make()).toEqual(a);
    expect(new Set(a).size).toBe(3);
    expect(a[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a[1]).toMatch(/^[A-Za-z0-9]{22}$/);
  });
});

describe("CalendarSimulator: DST days and odd hours", () => {
  it("26 Oct 2025 night: +02:00 before 03:00 local, +01:00 after, the repeated hour counted once each", async () => {
    const data = await nightSim().getSlots(dayQuery(1, "2025-10-26"));
    expect(starts(data, "2025-10-26").slice(0, 10)).toEqual([
      "2025-10-26T00:00:00.000+02:00",
      "2025-10-26T00:30:00.000+02:00",
      "2025-10-26T01:00:00.000+02:00",
      "2025-10-26T01:30:00.000+02:00",
      "2025-10-26T02:00:00.000+02:00",
      "2025-10-26T02:30:00.000+02:00",
      "2025-10-26T02:00:00.000+01:00",
      "2025-10-26T02:30:00.000+01:00",
      "2025-10-26T03:00:00.000+01:00",
      "2025-10-26T03:30:00.000+01:00",
    ]);
  });

  it("29 Mar 2026 night: the missing hour has no slots", async () => {
    const data = await nightSim("2026-03-01T12:00:00+01:00").getSlots(dayQuery(1, "2026-03-29"));
    expect(starts(data, "2026-03-29").slice(0, 6)).toEqual([
      "2026-03-29T00:00:00.000+01:00",
      "2026-03-29T00:30:00.000+01:00",
      "2026-03-29T01:00:00.000+01:00",
      "2026-03-29T01:30:00.000+01:00",
      "2026-03-29T03:00:00.000+02:00",
      "2026-03-29T03:30:00.000+02:00",
    ]);
  });

  it("a 09:00-19:00 day has 20 slots on both DST days as on any other day", async () => {
    const autumn = await nightSim().getSlots(dayQuery(1, "2025-10-25", "2025-10-27"));
    const spring = await nightSim("2026-03-01T12:00:00+01:00").getSlots(
      dayQuery(1, "2026-03-28", "2026-03-30"),
    );
    const day = (data: SlotsByDate, key: string) => starts(data, key).filter((s) => s.slice(11, 13) >= "09");
    for (const [data, key] of [
      [autumn, "2025-10-25"],
      [autumn, "2025-10-26"],
      [autumn, "2025-10-27"],
      [spring, "2026-03-28"],
      [spring, "2026-03-29"],
      [spring, "2026-03-30"],
    ] as const) {
      expect(day(data, key), key).toHaveLength(20);
    }
    expect(day(autumn, "2025-10-26")[0]).toBe("2025-10-26T09:00:00.000+01:00");
    expect(day(spring, "2026-03-29")[0]).toBe("2026-03-29T09:00:00.000+02:00");
    expect(day(spring, "2026-03-29")[19]).toBe("2026-03-29T18:30:00.000+02:00");
  });

  it("a closed weekday gives no date key; 24:00 closes at the next midnight", async () => {
    const data = await nightSim().getSlots(dayQuery(1, "2025-10-27", "2025-11-01"));
    expect(Object.keys(data)).toEqual(["2025-10-27", "2025-10-29", "2025-10-31", "2025-11-01"]);
    expect(starts(data, "2025-10-31")).toEqual([
      "2025-10-31T22:00:00.000+01:00",
      "2025-10-31T22:30:00.000+01:00",
      "2025-10-31T23:00:00.000+01:00",
      "2025-10-31T23:30:00.000+01:00",
    ]);
  });

  it("groups and offsets slots in the query's time zone", async () => {
    const data = await nightSim().getSlots({ ...dayQuery(1, "2025-10-31"), timeZone: "America/New_York" });
    expect(Object.keys(data)).toEqual(["2025-10-31"]);
    expect(starts(data, "2025-10-31")[0]).toBe("2025-10-31T17:00:00.000-04:00");
  });

  it("a date-only range is a UTC day, as in Cal.com (the trap the client must avoid)", async () => {
    const data = await nightSim().getSlots({
      eventTypeId: 1,
      start: "2025-10-26",
      end: "2025-10-26",
      timeZone: ZONE,
    });
    expect(starts(data, "2025-10-26")[0]).toBe("2025-10-26T02:00:00.000+02:00");
    expect(starts(data, "2025-10-27")).toEqual([]);
  });

  it("does not depend on the machine's time zone", async () => {
    const before = await nightSim().getSlots(dayQuery(1, "2025-10-26"));
    const saved = Settings.defaultZone;
    Settings.defaultZone = "Pacific/Kiritimati";
    try {
      expect(await nightSim().getSlots(dayQuery(1, "2025-10-26"))).toEqual(before);
      const sim = nightSim();
      expect(sim.addBooking({ eventTypeId: 1, start: "2025-10-26T10:00", name: "Eva" }).start).toBe(
        "2025-10-26T09:00:00.000Z",
      );
    } finally {
      Settings.defaultZone = saved;
    }
  });
});

describe("CalendarSimulator: refusals", () => {
  it("an individual event type answers conflicts with Cal.com's user text", async () => {
    const sim = nightSim();
    const request = { eventTypeId: 1, start: "2025-10-27T09:00:00+01:00", attendee: hans };
    await sim.book(request);
    await expect(sim.book(request)).rejects.toMatchObject({
      kind: "slot_taken",
      status: 400,
      code: "BadRequestException",
      message: "User either already has booking at this time or is not available",
    });
  });

  it("checks the booking body: metadata limits, phone format, time zone, start", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const base = { eventTypeId: HERREN, start: "2025-10-26T09:00:00.000Z", attendee: hans };
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]));
    for (const request of [
      { ...base, metadata: tooMany },
      { ...base, metadata: { ["k".repeat(41)]: "v" } },
      { ...base, metadata: { k: "v".repeat(501) } },
      { ...base, attendee: { ...hans, phoneNumber: "0170 1234567" } },
      { ...base, attendee: { ...hans, timeZone: "Mitteleuropa" } },
      { ...base, attendee: { ...hans, name: " " } },
      { ...base, start: "morgen um zehn" },
    ]) {
      await expect(sim.book(request)).rejects.toMatchObject({ kind: "bad_request", status: 400 });
    }
    expect(sim.listBookings()).toEqual([]);
    await expect(
      sim.getSlots({ ...dayQuery(HERREN, "2025-10-26"), timeZone: "Mitteleuropa" }),
    ).rejects.toMatchObject({
      kind: "bad_request",
    });
    await expect(sim.getSlots({ ...dayQuery(HERREN, "2025-10-26"), start: "gestern" })).rejects.toMatchObject(
      {
        kind: "bad_request",
        message: "Invalid time range given - check the 'start' and 'end' query parameters.",
      },
    );
  });

  it("a cancelled booking cannot be rescheduled", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const booking = await sim.book({
      eventTypeId: HERREN,
      start: "2025-10-26T09:00:00.000Z",
      attendee: hans,
    });
    await sim.cancel(booking.uid);
    await expect(sim.reschedule(booking.uid, "2025-10-26T10:00:00.000Z")).rejects.toMatchObject({
      kind: "bad_request",
      status: 400,
    });
  });

  it("a booking at another slot's hold is not blocked by a hold on a different slot", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const hold = await sim.hold(HERREN, "2025-10-26T09:00:00.000Z");
    const booking = await sim.book({
      eventTypeId: HERREN,
      start: "2025-10-26T09:30:00.000Z",
      attendee: hans,
    });
    expect(booking.status).toBe("accepted");
    expect(sim.listHolds()).toEqual([hold]);
  });
});

describe("CalendarSimulator: findBookings", () => {
  it("matches a phone kept in metadata as well as the attendees' phones", async () => {
    const sim = new CalendarSimulator({ profile: friseur, clock: fixedClock(NOW) });
    const kept = sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-26T10:00",
      name: "Eva Brandt",
      email: "eva@example.org",
      metadata: { phone: "+49 1700 0000001" },
    });
    sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-26T11:00",
      name: "Ina Roth",
      phone: "+4917000000002",
    });
    expect((await sim.findBookings({ phone: "+4917000000001" })).map((b) => b.uid)).toEqual([kept.uid]);
    expect(await sim.findBookings({ phone: "+4917099999999" })).toEqual([]);
  });
});

describe("clocks", () => {
  it("fixedClock stays; manualClock advances and jumps; both need an offset", () => {
    expect(fixedClock(NOW)().toUTC().toISO()).toBe("2025-10-25T18:17:50.000Z");
    const clock = manualClock(NOW);
    // 26 Oct has 25 hours: a day of exact hours after 20:17 CEST lands at 19:17 CET.
    expect(clock.advance({ hours: 24 }).setZone(ZONE).toISO()).toBe("2025-10-26T19:17:50.000+01:00");
    clock.set("2026-03-29T01:59:00+01:00");
    expect(clock.advance({ minutes: 1 }).setZone(ZONE).toISO()).toBe("2026-03-29T03:00:00.000+02:00");
    expect(() => manualClock("2025-10-25T20:17:50")).toThrow(ConfigError);
    expect(() => fixedClock("gestern")).toThrow(ConfigError);
  });
});
