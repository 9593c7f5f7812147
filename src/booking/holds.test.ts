/**
 * A hold belongs to one booking: the service and the person it was made for. Another service or another person in
 * the same call is neither blocked by it nor offered it; switching the service lets go of it; a slot held for
 * one service is never booked for another.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { accepted, book, check, expectStatus, hold, newCall } from "./__fixtures__/call.ts";

const physio = loadBusinessProfile("physio-1");
/** Monday 3 Nov 2025, 8:00: the practice opens at 7:30, with two hours of notice. */
const MONDAY = "2025-11-03T08:00:00+01:00";

describe("switching the service", () => {
  it("lets go of the hold made for the old service, so its overlapping slots are free for the new one", async () => {
    const { sim, session, log } = newCall({ profile: physio, now: MONDAY });
    const kg = expectStatus(await check(session, "Dienstag", "9:30", "Krankengymnastik"), "available");
    expectStatus(await hold(session, kg.slot.id), "held");
    expect(sim.listHolds()).toHaveLength(1);
    // Massage slots start 7:30, 7:50, ... 9:30 overlaps the held Krankengymnastik 9:30-10:00.
    const massage = expectStatus(await check(session, "Dienstag", "9:30", "Massage"), "available");
    expect(massage.slot).toMatchObject({ service: "massage", time: "09:30" });
    expect(sim.listHolds()).toHaveLength(0);
    expect(log.releaseHold).toBe(1);
  });

  it("refuses to book the old service's slot once the caller asked for another, naming both", async () => {
    const { sim, session } = newCall({ profile: physio, now: MONDAY });
    const kg = expectStatus(await check(session, "Dienstag", "9:30", "Krankengymnastik"), "available");
    expectStatus(await hold(session, kg.slot.id), "held");
    expectStatus(await check(session, "Dienstag", "9:50", "Massage"), "available");
    const r = expectStatus(await book(session, kg.slot.id, "Karin Wimmer"), "service_mismatch");
    expect(r.wanted).toEqual({ id: "massage", name: "Massage" });
    expect(accepted(sim)).toHaveLength(0);
    expect(r.say).toMatchInlineSnapshot(
      `"Der Termin morgen, Dienstag, 4. November, um 9:30 Uhr war für Krankengymnastik vorgesehen, Sie möchten jetzt aber Massage. Soll ich für Massage nach einem freien Termin schauen?"`,
    );
    // The held slot of the same service as asked is booked as before.
    const again = expectStatus(await check(session, "Dienstag", "9:30", "Krankengymnastik"), "available");
    expectStatus(await book(session, again.slot.id, "Karin Wimmer"), "booked");
  });
});

describe("another person in the same call", () => {
  it("never offers the slot held for the father to the son; the father still gets it back", async () => {
    const { sim, session } = newCall();
    const father = expectStatus(await check(session, "Dienstag", "11 Uhr"), "available");
    expectStatus(await hold(session, father.slot.id), "held");
    const son = expectStatus(
      await check(session, "Dienstag", "11 Uhr", "Herrenhaarschnitt", "mein Sohn"),
      "alternatives",
    );
    expect(son.alternatives.some((a) => a.time === "11:00" && a.date === "2025-10-28")).toBe(false);
    expect(son.alternatives.every((a) => a.person === "mein Sohn")).toBe(true);
    expect(sim.listHolds()).toHaveLength(1);
    // Asked again for the father (no person), his own held 11:00 is offered, not called taken.
    const back = expectStatus(await check(session, "Dienstag", "11 Uhr"), "available");
    expect(back.slot.time).toBe("11:00");
  });

  it("keeps the father's hold while the son's other service is sought", async () => {
    const { sim, session } = newCall();
    const father = expectStatus(await check(session, "Dienstag", "11 Uhr"), "available");
    expectStatus(await hold(session, father.slot.id), "held");
    expectStatus(await check(session, "Dienstag", "12 Uhr", "Kinderhaarschnitt", "Emre"), "available");
    expect(sim.listHolds()).toHaveLength(1);
  });
});
