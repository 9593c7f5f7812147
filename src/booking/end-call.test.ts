/**
 * No silent unbooked hold: a caller asked whether to book one slot who then says goodbye must not hang up
 * believing they are booked. The first end_call tells them nothing is booked and asks; a second one ends the call.
 */
import { describe, expect, it } from "vitest";
import { book, check, checkReschedule, expectStatus, hold, newCall } from "./__fixtures__/call.ts";
import { runTool } from "./run-tool.ts";
import type { BookingSession } from "./session.ts";

async function endCall(session: BookingSession) {
  return runTool(session, "end_call", JSON.stringify({ reason: "caller_request" }));
}

describe("end_call while a booking question is open", () => {
  it("after hold_slot: not_booked, the call goes on, the hold stays; a second end_call ends it", async () => {
    const { sim, session } = newCall();
    const offered = expectStatus(await check(session, "morgen", "um zehn"), "available");
    expectStatus(await hold(session, offered.slot.id), "held");
    const first = await endCall(session);
    expect(first.endCall).toBe(false);
    expect(first.result.status).toBe("not_booked");
    expect(first.result.say).toMatchInlineSnapshot(
      `"Einen Moment bitte: Der Termin für Herrenhaarschnitt morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist noch nicht gebucht. Soll ich ihn für Sie buchen? Dann brauche ich nur noch Ihren Namen."`,
    );
    expect(sim.listHolds()).toHaveLength(1);
    const second = await endCall(session);
    expect(second.endCall).toBe(true);
    expect(second.result).toEqual({ status: "ended", reason: "caller_request" });
  });

  it("after 'Soll ich ihn für Sie buchen?' (one slot offered, nothing held) it asks again too", async () => {
    const { session } = newCall();
    expectStatus(await check(session, "morgen", "um zehn"), "available");
    const r = await endCall(session);
    expect(r.result.status).toBe("not_booked");
    expect(r.result.say).toContain("ist noch nicht gebucht. Soll ich ihn für Sie buchen?");
  });

  it("with the caller's name known, asks to book on that name", async () => {
    const { session } = newCall();
    const offered = expectStatus(await check(session, "morgen", "um zehn"), "available");
    session.callerName = "Hans Schuster";
    expectStatus(await hold(session, offered.slot.id), "held");
    const r = await endCall(session);
    expect(r.result.say).toContain("Soll ich ihn auf den Namen Hans Schuster buchen?");
  });

  it("ends at once when nothing was asked, when the slot is booked, and when a list was offered", async () => {
    const fresh = newCall();
    expect((await endCall(fresh.session)).endCall).toBe(true);

    const booked = newCall();
    const offered = expectStatus(await check(booked.session, "morgen", "um zehn"), "available");
    expectStatus(await book(booked.session, offered.slot.id), "booked");
    expect((await endCall(booked.session)).endCall).toBe(true);

    const listed = newCall();
    expectStatus(await check(listed.session, "morgen", null), "alternatives");
    expect((await endCall(listed.session)).endCall).toBe(true);
  });

  it("an abusive caller is not kept on the line", async () => {
    const { session } = newCall();
    expectStatus(await check(session, "morgen", "um zehn"), "available");
    const r = await runTool(session, "end_call", JSON.stringify({ reason: "abuse" }));
    expect(r.endCall).toBe(true);
  });
});

describe("end_call after a reschedule", () => {
  it("ends at once: the slot asked about is the caller's moved booking", async () => {
    const { sim, session } = newCall();
    sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-31T10:00",
      name: "Hans Schuster",
      phone: "+491701234567",
    });
    const [own] = sim.listBookings();
    const offered = expectStatus(
      await checkReschedule(session, own?.uid ?? "", "Donnerstag", "11 Uhr"),
      "available",
    );
    const moved = await runTool(
      session,
      "reschedule_appointment",
      JSON.stringify({ booking_id: own?.uid, slot_id: offered.slot.id }),
    );
    expect(moved.result.status).toBe("rescheduled");
    expect((await endCall(session)).endCall).toBe(true);
  });
});
