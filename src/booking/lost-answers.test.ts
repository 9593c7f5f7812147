/**
 * Lost answers from Cal.com, through the tool handlers and the real client against `termin calsim`: what the caller
 * hears must be what the calendar verified. A hold whose answer was lost leaves a reservation the retry meets; it is
 * this call's own, never "von jemand anderem gebucht", and the slot is booked on the caller's yes.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { CalendarBackend } from "../calendar/backend.ts";
import { type CalcomRequestEvent, createCalcomClient } from "../calendar/calcom-client.ts";
import { type ManualClock, manualClock } from "../calendar/clock.ts";
import type { FaultKind } from "../calendar/faults.ts";
import { type SimServer, startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import {
  accepted,
  book,
  CALL_NOW,
  CALLER_PHONE,
  check,
  expectStatus,
  friseur,
  hold,
  ms,
  OTHER_PHONE,
} from "./__fixtures__/call.ts";
import { BookingSession } from "./session.ts";

const KEY = "cal_live_lost_answers_key";
const RESERVATIONS = /^POST \/v2\/slots\/reservations$/;
const BOOKINGS = /^POST \/v2\/bookings$/;

interface Rig {
  sim: CalendarSimulator;
  clock: ManualClock;
  server: SimServer;
  session: BookingSession;
  /** Every `say` the caller heard, in order. */
  heard: string[];
}

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startCall(
  onRequest?: (event: CalcomRequestEvent, sim: CalendarSimulator) => void,
): Promise<Rig> {
  const clock = manualClock(CALL_NOW);
  const sim = new CalendarSimulator({ profile: friseur, clock });
  server = await startSimServer(sim, { apiKey: KEY, faults: { seed: 1, slowMs: 2_000, slowRate: 0 } });
  const calendar: CalendarBackend = createCalcomClient({
    baseUrl: server.url,
    apiKey: KEY,
    timeoutMs: 200,
    sleep: async () => {},
    random: () => 0.5,
    ...(onRequest === undefined ? {} : { onRequest: (event: CalcomRequestEvent) => onRequest(event, sim) }),
  });
  const session = new BookingSession({
    callId: "call_lost_answers",
    business: friseur,
    callerPhone: CALLER_PHONE,
    calendar,
    clock,
  });
  return { sim, clock, server, session, heard: [] };
}

/** Records what the caller hears. */
function heard<R extends { status: string }>(rig: Rig, result: R): R {
  if ("say" in result && typeof result.say === "string") rig.heard.push(result.say);
  return result;
}

const LOST: Array<[string, FaultKind]> = [
  ["dropped after the reservation was made", "drop"],
  ["slower than the client's timeout", "slow"],
  ["500 after the reservation was made", "error"],
];

describe("a hold whose answer was lost", () => {
  it.each(LOST)(
    "hold_slot, answer %s: held, then booked on the caller's yes; one booking",
    async (_l, kind) => {
      const rig = await startCall();
      const offer = expectStatus(heard(rig, await check(rig.session, "morgen", "10 Uhr")), "available").slot;
      rig.server.faults.failNext(kind, 1, { afterHandling: true, match: RESERVATIONS });
      const held = expectStatus(heard(rig, await hold(rig.session, offer.id)), "held");
      expect(held.slot.id).toBe(offer.id);
      // Nothing proves the slot is held for this call: the caller is not told it is.
      expect(held.say).not.toMatch(/halte|frei/i);
      const booked = expectStatus(heard(rig, await book(rig.session, offer.id)), "booked");
      expect(ms(booked.booking.start)).toBe(ms(offer.start));
      expect(accepted(rig.sim)).toHaveLength(1);
      expect(ms(accepted(rig.sim)[0]?.start ?? "")).toBe(ms(offer.start));
      for (const say of rig.heard) expect(say).not.toMatch(/jemand ander/i);
    },
  );

  it.each(LOST)("book_appointment holding on its own, answer %s: booked; one booking", async (_l, kind) => {
    const rig = await startCall();
    const offer = expectStatus(heard(rig, await check(rig.session, "Dienstag", "10 Uhr")), "available").slot;
    rig.server.faults.failNext(kind, 1, { afterHandling: true, match: RESERVATIONS });
    expectStatus(heard(rig, await book(rig.session, offer.id)), "booked");
    expect(accepted(rig.sim).map((b) => ms(b.start))).toEqual([ms(offer.start)]);
    for (const say of rig.heard) expect(say).not.toMatch(/jemand ander/i);
  });

  it("the slot stays offered to this call while its lost reservation hides it from everyone else", async () => {
    const rig = await startCall();
    const offer = expectStatus(await check(rig.session, "morgen", "10 Uhr"), "available").slot;
    rig.server.faults.failNext("drop", 1, { afterHandling: true, match: RESERVATIONS });
    expectStatus(await hold(rig.session, offer.id), "held");
    // The caller asks again: the held slot is still theirs.
    const again = expectStatus(await check(rig.session, "morgen", "10 Uhr"), "available");
    expect(ms(again.slot.start)).toBe(ms(offer.start));
    expectStatus(await book(rig.session, again.slot.id), "booked");
    expect(accepted(rig.sim)).toHaveLength(1);
  });

  it("another customer books the slot meanwhile: a refused first booking attempt is theirs, and said so", async () => {
    const rig = await startCall();
    const offer = expectStatus(await check(rig.session, "morgen", "10 Uhr"), "available").slot;
    rig.server.faults.failNext("drop", 1, { afterHandling: true, match: RESERVATIONS });
    expectStatus(await hold(rig.session, offer.id), "held");
    // A booking without a reservation uid is not blocked by holds: another customer's either.
    await rig.sim.book({
      eventTypeId: 3672814,
      start: offer.start,
      attendee: { name: "Eva Brandt", phoneNumber: "+4917000000001", timeZone: "Europe/Berlin" },
    });
    const taken = expectStatus(await book(rig.session, offer.id), "slot_taken");
    expect(taken.say).toMatch(/von jemand anderem gebucht/);
    expect(taken.alternatives.length).toBeGreaterThan(0);
  });
});

describe("a hold that got no answer at all, and the call's next request on another instance", () => {
  /** A call whose every hold attempt lost its answer after the first reserved the slot, and a second instance. */
  async function lostOnOneInstance() {
    const rig = await startCall();
    const offer = expectStatus(heard(rig, await check(rig.session, "morgen", "10 Uhr")), "available").slot;
    rig.server.faults.failNext("drop", 20, { afterHandling: true, match: RESERVATIONS });
    expectStatus(heard(rig, await hold(rig.session, offer.id)), "calendar_unavailable");
    rig.server.faults.reset();
    // Another instance: its own Cal.com client, which never saw the lost request, and the call's snapshot as JSON.
    const other = new BookingSession({
      callId: "call_lost_answers",
      business: friseur,
      callerPhone: CALLER_PHONE,
      calendar: createCalcomClient({
        baseUrl: rig.server.url,
        apiKey: KEY,
        timeoutMs: 200,
        sleep: async () => {},
        random: () => 0.5,
      }),
      clock: rig.clock,
    }).restore(JSON.parse(JSON.stringify(rig.session.snapshot())));
    return { rig, offer, other };
  }

  it("takes the refused slot as the call's own unproven hold and books it on the caller's yes; one booking", async () => {
    const { rig, offer, other } = await lostOnOneInstance();
    const held = expectStatus(heard(rig, await hold(other, offer.id)), "held");
    // Nothing proves the slot is held for this call: the caller is not told it is.
    expect(held.say).not.toMatch(/halte|frei/i);
    expectStatus(heard(rig, await book(other, offer.id)), "booked");
    expect(accepted(rig.sim).map((b) => ms(b.start))).toEqual([ms(offer.start)]);
    for (const say of rig.heard) expect(say).not.toMatch(/jemand ander/i);
  });

  it("once the lost reservation has run out, a reservation there is someone else's, and said so", async () => {
    const { rig, offer, other } = await lostOnOneInstance();
    rig.clock.advance({ minutes: 7 });
    await rig.sim.hold(3672814, offer.start);
    const taken = expectStatus(heard(rig, await hold(other, offer.id)), "slot_taken");
    expect(taken.say).toMatch(/von jemand anderem reserviert/);
  });
});

describe("two calls on one client (a server): one call's lost hold is not the other call's hold", () => {
  it("B hears the slot is taken, never 'held'; A books through its own unverified hold; one booking", async () => {
    const clock = manualClock(CALL_NOW);
    const sim = new CalendarSimulator({ profile: friseur, clock });
    server = await startSimServer(sim, { apiKey: KEY, faults: { seed: 1 } });
    const requests: CalcomRequestEvent[] = [];
    // One client serves every call, as in `termin serve`: no slot cache, no budget, a short timeout.
    const calendar = createCalcomClient({
      baseUrl: server.url,
      apiKey: KEY,
      timeoutMs: 300,
      slotCacheMs: 0,
      budget: false,
      sleep: async () => {},
      random: () => 0.5,
      onRequest: (event) => requests.push(event),
    });
    const call = (callId: string, callerPhone: string) =>
      new BookingSession({ callId, business: friseur, callerPhone, calendar, clock });
    const a = call("call_a", CALLER_PHONE);
    const b = call("call_b", OTHER_PHONE);
    const heardA: string[] = [];
    const heardB: string[] = [];
    const say = <R extends { status: string }>(list: string[], result: R): R => {
      if ("say" in result && typeof result.say === "string") list.push(result.say);
      return result;
    };

    const offerA = expectStatus(say(heardA, await check(a, "morgen", "10 Uhr")), "available").slot;
    const offerB = expectStatus(say(heardB, await check(b, "morgen", "10 Uhr")), "available").slot;
    expect(ms(offerB.start)).toBe(ms(offerA.start));
    // A's reservation is made, its answer dropped; the retry is refused as "already reserved": A's unverified hold.
    server.faults.failNext("drop", 1, { afterHandling: true, match: RESERVATIONS });
    const heldA = expectStatus(say(heardA, await hold(a, offerA.id)), "held");
    expect(heldA.say).not.toMatch(/halte|frei/i);
    expect(sim.listHolds()).toHaveLength(1);

    // B meets A's real reservation: someone else's to B, with alternatives instead of the 10:00.
    const takenB = expectStatus(say(heardB, await hold(b, offerB.id)), "slot_taken");
    expect(takenB.alternatives.length).toBeGreaterThan(0);
    expect(takenB.alternatives.map((o) => ms(o.start))).not.toContain(ms(offerA.start));
    // B says yes to the 10:00 anyway: still no hold, so no booking request goes out for B.
    expectStatus(say(heardB, await book(b, offerB.id, "Eva Brandt")), "slot_taken");
    expect(b.holds.size).toBe(0);

    const bookedA = expectStatus(say(heardA, await book(a, offerA.id)), "booked");
    expect(ms(bookedA.booking.start)).toBe(ms(offerA.start));
    expect(accepted(sim)).toHaveLength(1);
    expect(accepted(sim)[0]?.metadata["callId"]).toBe("call_a");
    const bookingPosts = requests.filter((e) => e.method === "POST" && e.path === "/v2/bookings");
    expect(bookingPosts).toHaveLength(1);
    // A's booking goes without reservedSlotUid (its uid is unknown), past its own reservation.
    expect(bookingPosts[0]?.body).not.toHaveProperty("reservedSlotUid");

    for (const text of [...heardA, ...heardB]) expect(text).not.toMatch(/Ich halte|kurz frei/);
    // A's reservation did exist when B was refused; A was never blamed on anyone, and nobody was said to have
    // booked what was only reserved.
    for (const text of heardA) expect(text).not.toMatch(/jemand ander/i);
    for (const text of heardB) expect(text).not.toMatch(/jemand anderem gebucht/);
  });
});

describe("a booking whose first attempt got no answer, refused on the retry", () => {
  it("is not blamed on anyone: the slot is 'nicht mehr frei', with alternatives", async () => {
    const rig = await startCall((event, sim) => {
      // Another customer books while this call waits to retry its booking.
      if (event.method === "POST" && event.path === "/v2/bookings" && event.status === 500) {
        sim.addBooking({ service: "herrenhaarschnitt", start: "2025-10-26T10:00", name: "Eva Brandt" });
      }
    });
    const offer = expectStatus(await check(rig.session, "morgen", "10 Uhr"), "available").slot;
    expectStatus(await hold(rig.session, offer.id), "held");
    rig.server.faults.failNext("error", 1, { match: BOOKINGS });
    const gone = expectStatus(await book(rig.session, offer.id), "slot_taken");
    expect(gone.say).toContain("ist leider nicht mehr frei");
    expect(gone.say).not.toMatch(/jemand ander/i);
    expect(gone.alternatives.length).toBeGreaterThan(0);
    expect(accepted(rig.sim)).toHaveLength(1);
  });
});
