import { describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { bookAppointment } from "./book-appointment.ts";
import { checkAvailability } from "./check-availability.ts";
import { BookingSession } from "./session.ts";

const business = loadBusinessProfile("friseur-1");

describe("BookingSession snapshot", () => {
  it("a restored session knows the offers, holds, bookings and wishes of the call, through JSON", async () => {
    const clock = manualClock("2025-10-25T20:17:50+02:00");
    const calendar = new CalendarSimulator({ profile: business, clock });
    const make = () =>
      new BookingSession({ callId: "c1", business, callerPhone: "+491701234567", calendar, clock });
    const first = make();
    const check = await checkAvailability(
      {
        service: "Herrenhaarschnitt",
        day: "morgen",
        time: "um zehn",
        person: null,
        reschedule_booking_id: null,
      },
      first,
    );
    expect(check.status).toBe("available");
    first.callerName = "Hans Schuster";
    const snapshot = JSON.parse(JSON.stringify(first.snapshot()));
    const second = make().restore(snapshot);
    expect(second.snapshot()).toEqual(first.snapshot());
    expect(second.pendingConsent).toBe(second.offers.get(second.pendingConsent?.id ?? ""));
    // New offers continue the call's numbering: an id is never reused.
    const again = await checkAvailability(
      {
        service: "Herrenhaarschnitt",
        day: "morgen",
        time: "um elf",
        person: null,
        reschedule_booking_id: null,
      },
      second,
    );
    const ids = [...second.offers.keys()];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan([...first.offers.keys()].length);
    const slot = again.status === "available" ? again.slot.id : "";
    const booked = await bookAppointment({ slot_id: slot, name: "Hans Schuster" }, second);
    expect(booked.status).toBe("booked");
    const third = make().restore(JSON.parse(JSON.stringify(second.snapshot())));
    expect([...third.booked.values()].map((b) => b.time)).toEqual(["11:00"]);
  });
});
