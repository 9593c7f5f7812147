import { describe, expect, it } from "vitest";
import { CalendarError } from "../errors.ts";
import {
  accepted,
  book,
  CALLER_PHONE,
  cancel,
  check,
  checkReschedule,
  expectStatus,
  find,
  hold,
  isFree,
  ms,
  newCall,
  OTHER_PHONE,
  reschedule,
  sessionOn,
} from "./__fixtures__/call.ts";

/** A call where the caller has a booking on Friday 31 Oct 10:00 and Eva one on Thursday 30 Oct 10:00. */
function callWithBookings(options: Parameters<typeof newCall>[0] = {}) {
  const call = newCall(options);
  const mine = call.sim.addBooking({
    service: "herrenhaarschnitt",
    start: "2025-10-31T10:00",
    name: "Hans Schuster",
    phone: CALLER_PHONE,
  });
  const evas = call.sim.addBooking({
    service: "herrenhaarschnitt",
    start: "2025-10-30T10:00",
    name: "Eva Brandt",
    phone: OTHER_PHONE,
  });
  return { ...call, mine, evas };
}

const statusOf = (call: ReturnType<typeof callWithBookings>, uid: string) =>
  call.sim.listBookings().find((b) => b.uid === uid)?.status;

describe("find_appointments", () => {
  it("lists only the caller's own bookings, with their dates", async () => {
    const call = callWithBookings();
    const r = expectStatus(await find(call.session), "found");
    expect(r.bookings.map((b) => b.uid)).toEqual([call.mine.uid]);
    expect(r.bookings[0]).toMatchObject({ date: "2025-10-31", time: "10:00", service: "herrenhaarschnitt" });
    expect(r.say).toMatchInlineSnapshot(
      `"Ich habe einen Termin unter Ihrer Nummer gefunden: am Freitag, 31. Oktober, um 10:00 Uhr. Möchten Sie ihn verschieben oder absagen?"`,
    );
  });

  it("narrows to a named day", async () => {
    const call = callWithBookings();
    expect(expectStatus(await find(call.session, "Freitag"), "found").bookings).toHaveLength(1);
    expectStatus(await find(call.session, "Donnerstag"), "none");
  });

  it("finds nothing for a withheld number", async () => {
    const call = callWithBookings({ phone: null });
    const r = expectStatus(await find(call.session), "none");
    expect(r.say).toContain("keinen Termin");
    expect(call.log.findBookings).toBe(0);
  });
});

describe("cancel_appointment", () => {
  it("cancels the caller's own booking; its time is free again", async () => {
    const call = callWithBookings();
    expect(await isFree(call.sim, call.mine.start)).toBe(false);
    const r = expectStatus(await cancel(call.session, call.mine.uid), "cancelled");
    expect(r.booking.uid).toBe(call.mine.uid);
    expect(statusOf(call, call.mine.uid)).toBe("cancelled");
    expect(await isFree(call.sim, call.mine.start)).toBe(true);
    expect(r.say).toMatchInlineSnapshot(
      `"Ihr Termin am Freitag, 31. Oktober, um 10:00 Uhr ist abgesagt. Kann ich sonst noch etwas für Sie tun?"`,
    );
  });

  it.each([
    ["rate_limited", "ausgelastet"],
    ["unavailable", "erreiche unseren Terminkalender gerade leider nicht"],
  ] as const)("a look-up of the caller's bookings failing with %s says what failed", async (kind, said) => {
    const { session } = newCall({
      overrides: () => ({
        findBookings: async () => {
          throw new CalendarError(kind, "refused");
        },
      }),
    });
    const offer = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available").slot;
    for (const result of [
      await cancel(session, "bk_1"),
      await reschedule(session, "bk_1", offer.id),
      await checkReschedule(session, "bk_1", "Dienstag", "10 Uhr"),
    ]) {
      const failed = expectStatus(result, "calendar_unavailable");
      expect(failed.say).toContain(said);
    }
  });

  it("another caller's booking is not_found and stays untouched", async () => {
    const call = callWithBookings();
    const r = expectStatus(await cancel(call.session, call.evas.uid), "not_found");
    // nothing about the other caller's booking is spoken
    expect(r.say).not.toContain("30. Oktober");
    expect(r.say).toMatchInlineSnapshot(
      `"Unter Ihrer Telefonnummer habe ich leider keinen passenden Termin gefunden. Auf welchen Tag war der Termin denn gebucht?"`,
    );
    expect(statusOf(call, call.evas.uid)).toBe("accepted");
    expect(call.log.cancel).toBe(0);
  });

  it("an unknown id or a withheld number is not_found, nothing cancelled", async () => {
    const call = callWithBookings();
    expectStatus(await cancel(call.session, "no-such-uid"), "not_found");
    const hidden = sessionOn(call.sim, call.clock, { phone: null }).session;
    expectStatus(await cancel(hidden, call.mine.uid), "not_found");
    expect(accepted(call.sim)).toHaveLength(2);
  });

  it("a calendar outage while looking up is calendar_unavailable, nothing cancelled", async () => {
    const call = callWithBookings({
      overrides: () => ({
        findBookings: async () => {
          throw new CalendarError("unavailable", "Cal.com 503");
        },
      }),
    });
    const r = expectStatus(await cancel(call.session, call.mine.uid), "calendar_unavailable");
    expect(r.say).not.toMatch(/unerwartet/i);
    expect(statusOf(call, call.mine.uid)).toBe("accepted");
  });
});

describe("reschedule_appointment", () => {
  it("moves the caller's own booking to the offered instant; the old one is cancelled", async () => {
    const call = callWithBookings();
    const offer = expectStatus(
      await checkReschedule(call.session, call.mine.uid, "Dienstag", "10 Uhr"),
      "available",
    );
    const r = expectStatus(await reschedule(call.session, call.mine.uid, offer.slot.id), "rescheduled");
    expect(r.previous.uid).toBe(call.mine.uid);
    expect(ms(r.previous.start)).toBe(ms(call.mine.start));
    expect(ms(r.booking.start)).toBe(ms(offer.slot.start));
    expect(statusOf(call, call.mine.uid)).toBe("cancelled");
    const moved = call.sim.listBookings().find((b) => b.uid === r.booking.uid);
    expect(moved?.status).toBe("accepted");
    expect(moved?.rescheduledFromUid).toBe(call.mine.uid);
    expect(ms(moved?.start ?? "")).toBe(Date.parse("2025-10-28T09:00:00.000Z"));
    expect(r.say).toMatchInlineSnapshot(
      `"Ich habe Ihren Termin verlegt: Ihr neuer Termin ist am Dienstag, 28. Oktober, um 10:00 Uhr. Den Termin am Freitag, 31. Oktober, um 10:00 Uhr habe ich dafür abgesagt."`,
    );
  });

  it("availability for a reschedule shows the booking's own time as free", async () => {
    const call = callWithBookings();
    expectStatus(await check(call.session, "Freitag", "10 Uhr"), "alternatives");
    const r = expectStatus(
      await checkReschedule(call.session, call.mine.uid, "Freitag", "10 Uhr"),
      "available",
    );
    expect(ms(r.slot.start)).toBe(ms(call.mine.start));
    expect(call.log.getSlots.at(-1)?.bookingUidToReschedule).toBe(call.mine.uid);
  });

  it("a reschedule does not count as a new booking of the call", async () => {
    const call = callWithBookings();
    const offer = expectStatus(await check(call.session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await reschedule(call.session, call.mine.uid, offer.slot.id), "rescheduled");
    const next = expectStatus(await check(call.session, "Dienstag", "11 Uhr"), "available");
    expectStatus(await book(call.session, next.slot.id), "booked");
  });

  it("another caller's booking is not_found, nothing moved", async () => {
    const call = callWithBookings();
    const offer = expectStatus(await check(call.session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await reschedule(call.session, call.evas.uid, offer.slot.id), "not_found");
    expect(statusOf(call, call.evas.uid)).toBe("accepted");
    expect(call.log.reschedule).toBe(0);
    expect(await isFree(call.sim, offer.slot.start)).toBe(true);
  });

  it("a new time taken after the offer gives slot_taken with free alternatives; the old booking stays", async () => {
    const call = callWithBookings();
    const offer = expectStatus(await check(call.session, "Dienstag", "10 Uhr"), "available");
    call.sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-28T10:00",
      name: "Jan",
      phone: "+4917000000002",
    });
    const r = expectStatus(await reschedule(call.session, call.mine.uid, offer.slot.id), "slot_taken");
    expect(r.alternatives.length).toBeGreaterThan(0);
    for (const a of r.alternatives) expect(await isFree(call.sim, a.start)).toBe(true);
    expect(r.say).not.toMatch(/unerwartet/i);
    expect(statusOf(call, call.mine.uid)).toBe("accepted");
  });

  it("an unknown slot id is invalid_arguments", async () => {
    const call = callWithBookings();
    const r = expectStatus(await reschedule(call.session, call.mine.uid, "S7"), "invalid_arguments");
    expect(r.error).toContain("S7");
  });

  it("a reschedule does not take a slot another caller is holding", async () => {
    const call = callWithBookings();
    const offer = expectStatus(await check(call.session, "Dienstag", "10 Uhr"), "available");
    const other = sessionOn(call.sim, call.clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const theirs = expectStatus(await check(other, "Dienstag", "10 Uhr"), "available");
    expectStatus(await hold(other, theirs.slot.id), "held");
    const r = await reschedule(call.session, call.mine.uid, offer.slot.id);
    expect(r.status).toBe("slot_taken");
  });
});
