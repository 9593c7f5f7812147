/**
 * The caller's number is normalised to E.164 once, in `startCall`: a national spelling from telephony books
 * (Cal.com and the simulator refuse "0170 1234567") and a later call with another spelling finds the booking.
 */
import { describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { callerNumber, startCall } from "./call.ts";

const business = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";

describe("callerNumber", () => {
  it("normalises telephony's spelling with the business region and keeps a withheld number null", () => {
    expect(callerNumber("0170 1234567")).toBe("+491701234567");
    expect(callerNumber("0664 1234567", "AT")).toBe("+436641234567");
    expect(callerNumber(null)).toBeNull();
    expect(callerNumber("anonymous")).toBeNull();
    expect(callerNumber("123")).toBeNull();
  });
});

describe("startCall with a national-format caller number", () => {
  it("books with the E.164 number and a later call with another spelling finds the booking", async () => {
    const clock = manualClock(NOW);
    const sim = new CalendarSimulator({ profile: business, clock });
    const first = startCall({
      business,
      calendar: sim,
      clock,
      callerPhone: "0170 1234567",
      model: "rule",
      env: {},
    });
    expect(first.session.callerPhone).toBe("+491701234567");
    expect(first.recorder.events()[0]).toMatchObject({ type: "call_started", callerPhone: "+491701234567" });
    first.conversation.greet();
    await first.conversation.turn("Ich hätte gern einen Herrenhaarschnitt.");
    await first.conversation.turn("Haben Sie morgen um zehn Uhr einen Termin frei?");
    await first.conversation.turn("Hans Schuster.");
    const booked = await first.conversation.turn("Ja, bitte.");
    expect(booked.tools.map((t) => t.result.status)).toEqual(["booked"]);
    const [stored] = sim.listBookings();
    expect(stored?.attendees[0]).toMatchObject({ name: "Hans Schuster", phoneNumber: "+491701234567" });
    expect(stored?.metadata).toMatchObject({ phone: "+491701234567" });

    const again = startCall({
      business,
      calendar: sim,
      clock,
      callerPhone: "(0170) 1234567",
      model: "rule",
      env: {},
    });
    again.conversation.greet();
    const found = await again.conversation.turn("Guten Abend, ich muss leider meinen Termin absagen.");
    expect(found.tools.map((t) => [t.name, t.result.status])).toEqual([["find_appointments", "found"]]);
    expect(found.say).toContain("Sonntag, 26. Oktober");
    expect(await sim.findBookings({ phone: "491701234567" })).toHaveLength(1);
  });
});
