/**
 * The contract every CalendarBackend passes: the in-memory simulator directly, and the Cal.com client
 * talking over HTTP to `termin calsim` wrapping a simulator. Assertions are made only on `backend`;
 * `sim` and `clock` only set the scene (existing bookings, closures, the time), so a backend that merely
 * looks right through the simulator's own methods cannot pass.
 *
 * The scene is Friseur 1 (prompts/businesses/friseur-1.yaml): Herrenhaarschnitt 30 min, Damenhaarschnitt
 * 60 min, Färben 90 min; Mon 07-13, Tue/Wed/Fri 08-18, Thu 08-20, Sat 08-14, Sun 07-12; 60 minutes notice,
 * 60 days window, team event. The clock starts at the reference call's moment, Sat 25 Oct 2025 20:17:50 CEST.
 */
import { DateTime } from "luxon";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CalendarError, type CalendarErrorKind } from "../../errors.ts";
import type { Attendee, CalendarBackend, Slot, SlotsByDate, SlotsQuery } from "../backend.ts";
import type { ManualClock } from "../clock.ts";
import type { CalendarSimulator } from "../simulator.ts";

/** What a contract run needs: the backend under test and the simulator behind it for set-up. */
export interface ContractContext {
  /** The subject of every assertion. */
  backend: CalendarBackend;
  /** The simulator `backend` reads from (itself, or the one behind the HTTP server); set-up only. */
  sim: CalendarSimulator;
  /** The simulator's clock; the suite sets and advances it. */
  clock: ManualClock;
  teardown(): Promise<void>;
}

const ZONE = "Europe/Berlin";
const NOW = "2025-10-25T20:17:50+02:00";
const HERREN = 3672814;
const DAMEN = 3672815;
const FAERBEN = 3672819;
const HANS: Attendee = {
  name: "Hans Schuster",
  phoneNumber: "+491701234567",
  timeZone: ZONE,
  language: "de",
};

/** A slots query over whole local days, from the start of `first` to the start of the day after `last`. */
function daysQuery(eventTypeId: number, first: string, last = first): SlotsQuery {
  const start = DateTime.fromISO(first, { zone: ZONE }).startOf("day");
  const end = DateTime.fromISO(last, { zone: ZONE }).plus({ days: 1 }).startOf("day");
  return { eventTypeId, start: start.toUTC().toISO() ?? "", end: end.toUTC().toISO() ?? "", timeZone: ZONE };
}

/** Wall-clock times as the slot strings carry them (their own offset, not the machine's zone). */
function wallTimes(slots: Slot[] | undefined): string[] {
  return (slots ?? []).map((slot) => DateTime.fromISO(slot.start, { setZone: true }).toFormat("HH:mm"));
}

/** `count` wall times from `first`, one every `minutes`. */
function series(first: string, count: number, minutes: number): string[] {
  const start = DateTime.fromISO(`2000-01-01T${first}`, { zone: "utc" });
  return Array.from({ length: count }, (_, i) => start.plus({ minutes: i * minutes }).toFormat("HH:mm"));
}

function utc(iso: string): string {
  return DateTime.fromISO(iso, { setZone: true }).toUTC().toISO() ?? "";
}

function findSlot(data: SlotsByDate, day: string, time: string): Slot {
  const slot = data[day]?.find(
    (s) => DateTime.fromISO(s.start, { setZone: true }).toFormat("HH:mm") === time,
  );
  if (slot === undefined) throw new Error(`no slot ${day} ${time} in ${JSON.stringify(data)}`);
  return slot;
}

const CODES: Record<number, string> = {
  400: "BadRequestException",
  404: "NotFoundException",
  409: "ConflictException",
  422: "UnprocessableEntityException",
};

async function expectCalendarError(
  promise: Promise<unknown>,
  kind: CalendarErrorKind,
  status: number,
  text?: string,
): Promise<CalendarError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a CalendarError ${kind}`).toBeInstanceOf(CalendarError);
  const calendarError = error as CalendarError;
  expect({ kind: calendarError.kind, status: calendarError.status, code: calendarError.code }).toEqual({
    kind,
    status,
    code: CODES[status],
  });
  if (text !== undefined) expect(calendarError.message).toContain(text);
  return calendarError;
}

/** Registers the contract suite for one backend; `setup` runs before every test, `teardown` after it. */
export function runCalendarContract(label: string, setup: () => Promise<ContractContext>): void {
  describe(label, () => {
    let ctx: ContractContext;
    let backend: CalendarBackend;

    beforeEach(async () => {
      ctx = await setup();
      backend = ctx.backend;
      expect(ctx.sim.profile.id, "the contract's scene is the friseur-1 profile").toBe("friseur-1");
      ctx.clock.set(NOW);
    });

    afterEach(async () => {
      await ctx.teardown();
    });

    describe("slots", () => {
      it("26 Oct 2025 (summer time ends): a 25-hour local day, 07:00-11:30 at +01:00", async () => {
        const query = daysQuery(HERREN, "2025-10-26");
        expect([query.start, query.end]).toEqual(["2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z"]);
        const data = await backend.getSlots(query);
        expect(Object.keys(data)).toEqual(["2025-10-26"]);
        expect(wallTimes(data["2025-10-26"])).toEqual(series("07:00", 10, 30));
        expect(data["2025-10-26"]?.[0]).toEqual({
          start: "2025-10-26T07:00:00.000+01:00",
          end: "2025-10-26T07:30:00.000+01:00",
        });
        expect(utc(data["2025-10-26"]?.[0]?.start ?? "")).toBe("2025-10-26T06:00:00.000Z");
        for (const slot of data["2025-10-26"] ?? []) expect(slot.start).toMatch(/\+01:00$/);
      });

      it("25 Oct is +02:00 and 26 Oct +01:00 in one range; both days open at 06:00Z", async () => {
        ctx.clock.set("2025-10-24T12:00:00+02:00");
        const data = await backend.getSlots(daysQuery(HERREN, "2025-10-25", "2025-10-26"));
        expect(Object.keys(data)).toEqual(["2025-10-25", "2025-10-26"]);
        expect(wallTimes(data["2025-10-25"])).toEqual(series("08:00", 12, 30));
        for (const slot of data["2025-10-25"] ?? []) expect(slot.start).toMatch(/\+02:00$/);
        expect(data["2025-10-25"]?.[0]?.start).toBe("2025-10-25T08:00:00.000+02:00");
        expect(utc(data["2025-10-25"]?.[0]?.start ?? "")).toBe("2025-10-25T06:00:00.000Z");
        expect(utc(data["2025-10-26"]?.[0]?.start ?? "")).toBe("2025-10-26T06:00:00.000Z");
        const all = Object.values(data).flat();
        const instants = all.map((slot) => DateTime.fromISO(slot.start).toMillis());
        expect(instants).toEqual([...instants].sort((a, b) => a - b));
      });

      it("longer services start every service length and end by closing time", async () => {
        const damen = await backend.getSlots(daysQuery(DAMEN, "2025-10-26"));
        expect(wallTimes(damen["2025-10-26"])).toEqual(["07:00", "08:00", "09:00", "10:00", "11:00"]);
        expect(damen["2025-10-26"]?.[4]?.end).toBe("2025-10-26T12:00:00.000+01:00");
        const faerben = await backend.getSlots(daysQuery(FAERBEN, "2025-10-26"));
        expect(wallTimes(faerben["2025-10-26"])).toEqual(["07:00", "08:30", "10:00"]);
      });

      it("27 Oct 2025: the first slot is 07:00+01:00 = 06:00Z (the slot the reference call read as 06:00)", async () => {
        const data = await backend.getSlots(daysQuery(HERREN, "2025-10-27"));
        expect(Object.keys(data)).toEqual(["2025-10-27"]);
        expect(data["2025-10-27"]?.[0]?.start).toBe("2025-10-27T07:00:00.000+01:00");
        expect(utc(data["2025-10-27"]?.[0]?.start ?? "")).toBe("2025-10-27T06:00:00.000Z");
        expect(wallTimes(data["2025-10-27"])).toEqual(series("07:00", 12, 30));
      });

      it("29 Mar 2026 (summer time starts): a 23-hour local day keeps its wall-clock slots", async () => {
        ctx.clock.set("2026-03-27T12:00:00+01:00");
        const query = daysQuery(HERREN, "2026-03-28", "2026-03-30");
        expect([query.start, query.end]).toEqual(["2026-03-27T23:00:00.000Z", "2026-03-30T22:00:00.000Z"]);
        const data = await backend.getSlots(query);
        expect(Object.keys(data)).toEqual(["2026-03-28", "2026-03-29", "2026-03-30"]);
        expect(wallTimes(data["2026-03-28"])).toEqual(series("08:00", 12, 30));
        expect(wallTimes(data["2026-03-29"])).toEqual(series("07:00", 10, 30));
        expect(wallTimes(data["2026-03-30"])).toEqual(series("07:00", 12, 30));
        expect(data["2026-03-28"]?.[0]?.start).toBe("2026-03-28T08:00:00.000+01:00");
        expect(data["2026-03-29"]?.[0]?.start).toBe("2026-03-29T07:00:00.000+02:00");
        expect(utc(data["2026-03-29"]?.[0]?.start ?? "")).toBe("2026-03-29T05:00:00.000Z");
      });

      it("a day without slots has no date key, and an empty range gives {}", async () => {
        ctx.sim.addClosure({ from: "2025-10-27T00:00", to: "2025-10-28T00:00" });
        const data = await backend.getSlots(daysQuery(HERREN, "2025-10-26", "2025-10-28"));
        expect(Object.keys(data)).toEqual(["2025-10-26", "2025-10-28"]);
        const afterClosing = await backend.getSlots({
          eventTypeId: HERREN,
          start: "2025-10-28T17:00:00.000Z",
          end: "2025-10-28T23:00:00.000Z",
          timeZone: ZONE,
        });
        expect(afterClosing).toEqual({});
      });

      it("drops slots inside the minimum notice", async () => {
        ctx.clock.set("2025-10-26T08:10:00+01:00");
        const data = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(data["2025-10-26"])).toEqual(series("09:30", 5, 30));
      });

      it("drops slots beyond the booking window, counted in local calendar days", async () => {
        ctx.clock.set("2025-10-24T10:05:00+02:00");
        const data = await backend.getSlots(daysQuery(HERREN, "2025-12-22", "2025-12-25"));
        expect(Object.keys(data)).toEqual(["2025-12-22", "2025-12-23"]);
        expect(wallTimes(data["2025-12-22"])).toEqual(series("07:00", 12, 30));
        // Today + 60 days = 23 Dec, to the end of that local day, as Cal.com's rolling period counts it
        // (isOutOfBounds: now.add(periodDays, "days").endOf("day")); 24 Dec is beyond it.
        expect(wallTimes(data["2025-12-23"])).toEqual(series("08:00", 20, 30));
      });

      it("an existing booking of any service hides every overlapping slot", async () => {
        ctx.sim.addBooking({
          service: "herrenhaarschnitt",
          start: "2025-10-26T10:00",
          name: "Eva Brandt",
          phone: "+4917000000001",
        });
        ctx.sim.addBooking({
          service: "damenhaarschnitt",
          start: "2025-10-26T08:00",
          name: "Ina Roth",
          phone: "+4917000000003",
        });
        const herren = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(herren["2025-10-26"])).toEqual([
          "07:00",
          "07:30",
          "09:00",
          "09:30",
          "10:30",
          "11:00",
          "11:30",
        ]);
        const damen = await backend.getSlots(daysQuery(DAMEN, "2025-10-26"));
        expect(wallTimes(damen["2025-10-26"])).toEqual(["07:00", "09:00", "11:00"]);
      });

      it("a closure hides every overlapping slot", async () => {
        ctx.sim.addClosure({ from: "2025-10-26T10:15", to: "2025-10-26T12:00" });
        const data = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(data["2025-10-26"])).toEqual(series("07:00", 6, 30));
      });

      it("refuses an inverted range (400) and an unknown event type (404)", async () => {
        const query = daysQuery(HERREN, "2025-10-26");
        await expectCalendarError(
          backend.getSlots({ ...query, start: query.end, end: query.start }),
          "bad_request",
          400,
          "Invalid time range given - check the 'start' and 'end' query parameters.",
        );
        await expectCalendarError(backend.getSlots({ ...query, eventTypeId: 999 }), "not_found", 404);
      });
    });

    describe("holds", () => {
      async function slotAt(time: string, eventTypeId = HERREN): Promise<Slot> {
        return findSlot(await backend.getSlots(daysQuery(eventTypeId, "2025-10-26")), "2025-10-26", time);
      }

      it("a hold returns UTC instants and hides the slot from every service", async () => {
        const slot = await slotAt("10:00");
        const hold = await backend.hold(HERREN, slot.start);
        expect(hold).toMatchObject({
          eventTypeId: HERREN,
          slotStart: "2025-10-26T09:00:00.000Z",
          slotEnd: "2025-10-26T09:30:00.000Z",
        });
        expect(hold.uid).toMatch(/\S{8,}/);
        expect(hold.until).toMatch(/Z$/);
        expect(DateTime.fromISO(hold.until).toMillis()).toBe(
          DateTime.fromISO(NOW).plus({ minutes: 5 }).toMillis(),
        );
        const herren = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(herren["2025-10-26"])).not.toContain("10:00");
        expect(wallTimes(herren["2025-10-26"])).toContain("10:30");
        const damen = await backend.getSlots(daysQuery(DAMEN, "2025-10-26"));
        expect(wallTimes(damen["2025-10-26"])).not.toContain("10:00");
      });

      it("accepts the slot start in any offset notation", async () => {
        const hold = await backend.hold(HERREN, "2025-10-26T09:00:00Z");
        expect(hold.slotStart).toBe("2025-10-26T09:00:00.000Z");
      });

      it("a second hold on the slot is held_by_other (422)", async () => {
        const slot = await slotAt("10:00");
        await backend.hold(HERREN, slot.start);
        await expectCalendarError(
          backend.hold(HERREN, slot.start),
          "held_by_other",
          422,
          "This time slot is already reserved by another user. Please choose a different time.",
        );
      });

      it("a hold on a booked slot is slot_taken (422)", async () => {
        ctx.sim.addBooking({
          service: "herrenhaarschnitt",
          start: "2025-10-26T10:00",
          name: "Eva Brandt",
          phone: "+4917000000001",
        });
        await expectCalendarError(
          backend.hold(HERREN, "2025-10-26T09:00:00.000Z"),
          "slot_taken",
          422,
          "Can't reserve a slot if the event is already booked.",
        );
      });

      it("a hold at a time that is no slot is no_slot (400)", async () => {
        await expectCalendarError(
          backend.hold(HERREN, "2025-10-26T09:15:00.000Z"),
          "no_slot",
          400,
          "Invalid start date",
        );
        await expectCalendarError(
          backend.hold(HERREN, "2025-10-26T13:00:00.000Z"),
          "no_slot",
          400,
          "Invalid start date",
        );
        await expectCalendarError(backend.hold(999, "2025-10-26T09:00:00.000Z"), "not_found", 404);
      });

      it("a hold expires after 5 minutes and the slot comes back", async () => {
        const slot = await slotAt("10:00");
        await backend.hold(HERREN, slot.start);
        ctx.clock.advance({ minutes: 4, seconds: 59 });
        expect(
          wallTimes((await backend.getSlots(daysQuery(HERREN, "2025-10-26")))["2025-10-26"]),
        ).not.toContain("10:00");
        ctx.clock.advance({ seconds: 1 });
        expect(wallTimes((await backend.getSlots(daysQuery(HERREN, "2025-10-26")))["2025-10-26"])).toContain(
          "10:00",
        );
        const again = await backend.hold(HERREN, slot.start);
        expect(again.slotStart).toBe("2025-10-26T09:00:00.000Z");
      });

      it("booking with the hold's uid succeeds and consumes the hold", async () => {
        const slot = await slotAt("10:00");
        const hold = await backend.hold(HERREN, slot.start);
        ctx.clock.advance({ minutes: 2 });
        const booking = await backend.book({
          eventTypeId: HERREN,
          start: slot.start,
          attendee: HANS,
          holdUid: hold.uid,
        });
        expect(booking).toMatchObject({ status: "accepted", start: "2025-10-26T09:00:00.000Z" });
        await expectCalendarError(backend.releaseHold(hold.uid), "not_found", 404);
        ctx.clock.advance({ minutes: 10 });
        expect(
          wallTimes((await backend.getSlots(daysQuery(HERREN, "2025-10-26")))["2025-10-26"]),
        ).not.toContain("10:00");
      });

      it("booking with another reservation's uid while it is held is held_by_other (409) and says when it frees", async () => {
        const slot = await slotAt("10:00");
        await backend.hold(HERREN, slot.start);
        const elsewhere = await slotAt("11:00");
        const mine = await backend.hold(HERREN, elsewhere.start);
        ctx.clock.advance({ seconds: 60 });
        await expectCalendarError(
          backend.book({ eventTypeId: HERREN, start: slot.start, attendee: HANS, holdUid: mine.uid }),
          "held_by_other",
          409,
          "Someone else reserved this booking time slot before you. This time slot will be freed up in 240 seconds.",
        );
        // Damenhaarschnitt 10:00-11:00 overlaps the held 10:00-10:30: one host, so the hold blocks it too.
        await expectCalendarError(
          backend.book({
            eventTypeId: DAMEN,
            start: "2025-10-26T09:00:00.000Z",
            attendee: HANS,
            holdUid: mine.uid,
          }),
          "held_by_other",
          409,
        );
      });

      it("a booking that omits the reservation uid is not blocked by a hold (calcom-v2.md)", async () => {
        const slot = await slotAt("10:00");
        const hold = await backend.hold(HERREN, slot.start);
        const booking = await backend.book({ eventTypeId: HERREN, start: slot.start, attendee: HANS });
        expect(booking.status).toBe("accepted");
        // The holder comes too late: the time is booked now.
        await expectCalendarError(
          backend.book({ eventTypeId: HERREN, start: slot.start, attendee: HANS, holdUid: hold.uid }),
          "slot_taken",
          400,
        );
      });

      it("releaseHold frees the slot; an unknown uid is not_found (404)", async () => {
        const slot = await slotAt("10:00");
        const hold = await backend.hold(HERREN, slot.start);
        await backend.releaseHold(hold.uid);
        expect(wallTimes((await backend.getSlots(daysQuery(HERREN, "2025-10-26")))["2025-10-26"])).toContain(
          "10:00",
        );
        const booking = await backend.book({ eventTypeId: HERREN, start: slot.start, attendee: HANS });
        expect(booking.status).toBe("accepted");
        await expectCalendarError(backend.releaseHold("no-such-hold"), "not_found", 404);
      });
    });

    describe("booking", () => {
      it("books the exact instant offered and echoes attendee and metadata", async () => {
        const slot = findSlot(await backend.getSlots(daysQuery(HERREN, "2025-10-26")), "2025-10-26", "09:30");
        const booking = await backend.book({
          eventTypeId: HERREN,
          start: slot.start,
          attendee: HANS,
          metadata: { callId: "call_24977a803e9bd80b586fca06259" },
        });
        expect(booking).toMatchObject({
          eventTypeId: HERREN,
          start: "2025-10-26T08:30:00.000Z",
          end: "2025-10-26T09:00:00.000Z",
          status: "accepted",
          metadata: { callId: "call_24977a803e9bd80b586fca06259" },
        });
        expect(booking.attendees).toHaveLength(1);
        expect(booking.attendees[0]).toMatchObject({ name: "Hans Schuster", phoneNumber: "+491701234567" });
        expect(booking.uid).toMatch(/\S{8,}/);
        expect(
          wallTimes((await backend.getSlots(daysQuery(HERREN, "2025-10-26")))["2025-10-26"]),
        ).not.toContain("09:30");
      });

      it("the second booking of a slot, or of an overlapping one, is slot_taken (400)", async () => {
        const request = { eventTypeId: HERREN, start: "2025-10-26T09:30:00.000Z", attendee: HANS };
        await backend.book(request);
        const eva: Attendee = { name: "Eva Brandt", email: "eva@example.org", timeZone: ZONE };
        await expectCalendarError(
          backend.book({ ...request, attendee: eva }),
          "slot_taken",
          400,
          "One of the hosts either already has booking at this time or is not available",
        );
        await expectCalendarError(
          backend.book({ eventTypeId: DAMEN, start: "2025-10-26T09:00:00.000Z", attendee: eva }),
          "slot_taken",
          400,
        );
      });

      it("a start in the past is in_past (400)", async () => {
        await expectCalendarError(
          backend.book({ eventTypeId: HERREN, start: "2025-10-25T08:00:00.000Z", attendee: HANS }),
          "in_past",
          400,
          "Attempting to book a meeting in the past.",
        );
      });

      it("closed, off the grid, too soon or beyond the window is outside_window (400)", async () => {
        const text = 'The event type can\'t be booked at the "start" time provided.';
        const book = (start: string) => backend.book({ eventTypeId: HERREN, start, attendee: HANS });
        await expectCalendarError(book("2025-10-26T12:00:00.000Z"), "outside_window", 400, text);
        await expectCalendarError(book("2025-10-26T09:15:00.000Z"), "outside_window", 400, text);
        await expectCalendarError(book("2025-12-25T09:00:00.000Z"), "outside_window", 400, text);
        ctx.clock.set("2025-10-26T08:10:00+01:00");
        await expectCalendarError(book("2025-10-26T08:00:00.000Z"), "outside_window", 400, text);
        ctx.sim.addClosure({ from: "2025-10-26T11:00", to: "2025-10-26T12:00" });
        await expectCalendarError(book("2025-10-26T10:00:00.000Z"), "outside_window", 400, text);
      });

      it("an unknown event type is not_found (404)", async () => {
        await expectCalendarError(
          backend.book({ eventTypeId: 999, start: "2025-10-26T09:30:00.000Z", attendee: HANS }),
          "not_found",
          404,
        );
      });

      it("an attendee with neither phone nor email is bad_request (400)", async () => {
        await expectCalendarError(
          backend.book({
            eventTypeId: HERREN,
            start: "2025-10-26T09:30:00.000Z",
            attendee: { name: "Hans Schuster", timeZone: ZONE },
          }),
          "bad_request",
          400,
        );
      });
    });

    describe("finding, cancelling, rescheduling", () => {
      async function scene() {
        ctx.sim.addBooking({
          service: "herrenhaarschnitt",
          start: "2025-10-26T10:00",
          name: "Eva Brandt",
          phone: "+4917000000001",
        });
        const hans = await backend.book({
          eventTypeId: HERREN,
          start: "2025-10-26T10:00:00.000Z",
          attendee: HANS,
        });
        const later = ctx.sim.addBooking({
          service: "bartpflege",
          start: "2025-10-31T10:00",
          name: "Hans Schuster",
          phone: "+491701234567",
        });
        ctx.sim.addBooking({
          service: "damenhaarschnitt",
          start: "2025-10-27T09:00",
          name: "Johanna Hansen",
          email: "jh@example.org",
        });
        return { hans, later };
      }

      it("finds by phone (spaces ignored), chronologically", async () => {
        const { hans, later } = await scene();
        const found = await backend.findBookings({ phone: "+49 170 1234567" });
        expect(found.map((b) => b.uid)).toEqual([hans.uid, later.uid]);
        expect(found.map((b) => b.start)).toEqual(["2025-10-26T10:00:00.000Z", "2025-10-31T09:00:00.000Z"]);
      });

      it("finds by name (case-insensitive substring) and by range", async () => {
        await scene();
        const byName = await backend.findBookings({ name: "HANS" });
        expect(byName.map((b) => b.attendees[0]?.name)).toEqual([
          "Hans Schuster",
          "Johanna Hansen",
          "Hans Schuster",
        ]);
        const inRange = await backend.findBookings(daysRange("2025-10-26"));
        expect(inRange.map((b) => b.attendees[0]?.name)).toEqual(["Eva Brandt", "Hans Schuster"]);
        expect(await backend.findBookings({ name: "schuster", ...daysRange("2025-10-31") })).toHaveLength(1);
      });

      it("cancel frees the time; cancelled bookings are found only when asked for", async () => {
        const { hans, later } = await scene();
        const cancelled = await backend.cancel(later.uid, "Kunde hat abgesagt");
        expect(cancelled).toMatchObject({ uid: later.uid, status: "cancelled" });
        expect((await backend.findBookings({ phone: "+491701234567" })).map((b) => b.uid)).toEqual([
          hans.uid,
        ]);
        const onlyCancelled = await backend.findBookings({ phone: "+491701234567", status: ["cancelled"] });
        expect(onlyCancelled.map((b) => b.uid)).toEqual([later.uid]);
        const slots = await backend.getSlots(daysQuery(HERREN, "2025-10-31"));
        expect(wallTimes(slots["2025-10-31"])).toContain("10:00");
      });

      it("cancelling twice is bad_request (400); an unknown uid is not_found (404)", async () => {
        const { hans } = await scene();
        await backend.cancel(hans.uid);
        await expectCalendarError(backend.cancel(hans.uid), "bad_request", 400, "already");
        await expectCalendarError(backend.cancel("no-such-booking"), "not_found", 404);
      });

      it("reschedule: the old time shows as free for it, a new booking replaces the old one", async () => {
        const { hans } = await scene();
        const plain = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(plain["2025-10-26"])).not.toContain("11:00");
        const forReschedule = await backend.getSlots({
          ...daysQuery(HERREN, "2025-10-26"),
          bookingUidToReschedule: hans.uid,
        });
        expect(wallTimes(forReschedule["2025-10-26"])).toContain("11:00");
        expect(wallTimes(forReschedule["2025-10-26"])).not.toContain("10:00");

        const moved = await backend.reschedule(hans.uid, "2025-10-26T10:30:00.000Z", "passt besser");
        expect(moved.uid).not.toBe(hans.uid);
        expect(moved).toMatchObject({
          status: "accepted",
          start: "2025-10-26T10:30:00.000Z",
          end: "2025-10-26T11:00:00.000Z",
          eventTypeId: HERREN,
          rescheduledFromUid: hans.uid,
        });
        expect(moved.attendees[0]).toMatchObject({ name: "Hans Schuster", phoneNumber: "+491701234567" });
        expect(
          (await backend.findBookings({ phone: "+491701234567", ...daysRange("2025-10-26") })).map(
            (b) => b.uid,
          ),
        ).toEqual([moved.uid]);
        const old = await backend.findBookings({ phone: "+491701234567", status: ["cancelled"] });
        expect(old.map((b) => b.uid)).toEqual([hans.uid]);
        const after = await backend.getSlots(daysQuery(HERREN, "2025-10-26"));
        expect(wallTimes(after["2025-10-26"])).toContain("11:00");
        expect(wallTimes(after["2025-10-26"])).not.toContain("11:30");
      });

      it("reschedule may overlap the booking's own old time but not anyone else's", async () => {
        const own = ctx.sim.addBooking({
          service: "herrenhaarschnitt",
          start: "2025-10-26T09:45",
          name: "Hans Schuster",
          phone: "+491701234567",
        });
        const moved = await backend.reschedule(own.uid, "2025-10-26T08:30:00.000Z");
        expect(moved.start).toBe("2025-10-26T08:30:00.000Z");
        ctx.sim.addBooking({
          service: "herrenhaarschnitt",
          start: "2025-10-26T11:00",
          name: "Eva Brandt",
          phone: "+4917000000001",
        });
        await expectCalendarError(
          backend.reschedule(moved.uid, "2025-10-26T10:00:00.000Z"),
          "slot_taken",
          400,
        );
        const still = await backend.findBookings({ phone: "+491701234567" });
        expect(still.map((b) => b.uid)).toEqual([moved.uid]);
        await expectCalendarError(
          backend.reschedule("no-such-booking", "2025-10-26T10:00:00.000Z"),
          "not_found",
          404,
        );
      });
    });
  });
}

/** `from`/`to` covering whole local days. */
function daysRange(first: string, last = first): { from: string; to: string } {
  const query = daysQuery(HERREN, first, last);
  return { from: query.start, to: query.end };
}
