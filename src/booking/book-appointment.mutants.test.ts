/**
 * What `hold_slot` and `book_appointment` must do that the broader suites did not pin (found by mutation testing):
 * a hold that has run out is taken again, only an offered slot id books (F4: never an instant the model wrote), and
 * what the booking request carries.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarError } from "../errors.ts";
import {
  accepted,
  book,
  CALLER_PHONE,
  check,
  expectStatus,
  hold,
  isFree,
  ms,
  newCall,
  OTHER_PHONE,
  offeredTuesday,
  sessionOn,
} from "./__fixtures__/call.ts";
import { bookAppointment, emailSafe, holdSlot } from "./book-appointment.ts";

describe("a hold that has run out is taken again", () => {
  it("hold_slot at the very minute the hold ends reserves the slot anew, so another caller cannot take it", async () => {
    const { sim, clock, session, offer, log } = await offeredTuesday();
    const first = expectStatus(await hold(session, offer.id), "held");
    expect(first.holdUntil).toBe("2025-10-25T18:22:50.000Z");
    clock.advance({ minutes: 5 });
    const again = expectStatus(await hold(session, offer.id), "held");
    expect(log.hold).toBe(2);
    expect(again.holdUntil).toBe("2025-10-25T18:27:50.000Z");
    expect(sim.listHolds()).toHaveLength(1);
    expect(await isFree(sim, offer.start)).toBe(false);
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const seen = expectStatus(await check(other, "Dienstag", "10 Uhr"), "alternatives");
    expect(seen.alternatives.map((a) => ms(a.start))).not.toContain(ms(offer.start));
  });

  it("a hold still running a second before its end is used as it is", async () => {
    const { clock, session, offer, log } = await offeredTuesday();
    const first = expectStatus(await hold(session, offer.id), "held");
    clock.advance({ minutes: 4, seconds: 59 });
    const again = expectStatus(await hold(session, offer.id), "held");
    expect(again.holdUntil).toBe(first.holdUntil);
    expect(log.hold).toBe(1);
  });

  it("book_appointment after the hold ran out reserves the slot again and books through the new hold", async () => {
    const { sim, clock, session, offer, log } = await offeredTuesday();
    expectStatus(await hold(session, offer.id), "held");
    const expired = session.holds.get(offer.id)?.uid;
    clock.advance({ minutes: 6 });
    const booked: (string | undefined)[] = [];
    const spy = sim.book.bind(sim);
    sim.book = async (request) => {
      booked.push(request.holdUid);
      return spy(request);
    };
    const r = expectStatus(await book(session, offer.id), "booked");
    expect(ms(r.booking.start)).toBe(ms(offer.start));
    expect(log.hold).toBe(2);
    expect(expired).toBeDefined();
    expect(booked).toHaveLength(1);
    expect(booked[0]).toBeDefined();
    expect(booked[0]).not.toBe(expired);
    expect(sim.listHolds()).toHaveLength(0);
  });

  it("a hold that ran out and cannot be taken again is forgotten: the slot is gone, with alternatives", async () => {
    const { sim, clock, session, offer } = await offeredTuesday();
    expectStatus(await hold(session, offer.id), "held");
    clock.advance({ minutes: 6 });
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const theirs = expectStatus(await check(other, "Dienstag", "10 Uhr"), "available");
    expectStatus(await hold(other, theirs.slot.id), "held");
    const taken = expectStatus(await hold(session, offer.id), "slot_taken");
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(session.holds.has(offer.id)).toBe(false);
  });
});

describe("F4: only an offered slot id books, never an instant the model wrote", () => {
  it("the offered slot's own instant sent as the id is refused, and nothing reaches the calendar", async () => {
    const { sim, session, offer, log } = await offeredTuesday();
    for (const written of [
      offer.start,
      "2025-10-28T10:00:00+01:00",
      "2025-10-28T08:30+01:00",
      "Dienstag 10 Uhr",
    ]) {
      const r = expectStatus(await book(session, written), "invalid_arguments");
      expect(r.error).toBe(`unknown slot_id "${written}"; offered ids: ${offer.id}`);
    }
    expect(log.hold + log.book).toBe(0);
    expect(accepted(sim)).toHaveLength(0);
  });

  it("hold_slot refuses an id that was never offered the same way", async () => {
    const { session, offer, log } = await offeredTuesday();
    const r = expectStatus(await hold(session, "S7"), "invalid_arguments");
    expect(r.error).toBe(`unknown slot_id "S7"; offered ids: ${offer.id}`);
    expect(log.hold).toBe(0);
  });

  it("before any offer, the refusal says to check availability first", async () => {
    const { session } = newCall();
    const r = expectStatus(await book(session, "S1"), "invalid_arguments");
    expect(r.error).toBe('unknown slot_id "S1"; offered ids: none yet: call check_availability first');
  });

  it("the refusal names only the six latest offered ids", async () => {
    const { session } = newCall();
    for (const day of ["Dienstag", "Donnerstag", "Freitag"]) await check(session, day, null);
    const ids = [...session.offers.keys()];
    expect(ids.length).toBeGreaterThan(6);
    const r = expectStatus(await book(session, "S99"), "invalid_arguments");
    expect(r.error).toBe(`unknown slot_id "S99"; offered ids: ${ids.slice(-6).join(", ")}`);
  });

  it("an offered id with spaces around it books that offer's exact instant", async () => {
    const { sim, session, offer } = await offeredTuesday();
    expectStatus(await hold(session, ` ${offer.id} `), "held");
    const r = expectStatus(await book(session, `  ${offer.id}\n`, "  Hans Schuster "), "booked");
    expect(r.booking.start).toBe(offer.start);
    expect(accepted(sim)[0]?.attendees[0]?.name).toBe("Hans Schuster");
    expect(session.callerName).toBe("Hans Schuster");
  });
});

describe("what the booking request carries", () => {
  it("the caller's number, the business zone, German, and the call and slot in the metadata", async () => {
    const { sim, session, offer } = await offeredTuesday();
    expectStatus(await book(session, offer.id), "booked");
    const [stored] = accepted(sim);
    expect(stored?.attendees[0]).toMatchObject({
      name: "Hans Schuster",
      phoneNumber: CALLER_PHONE,
      timeZone: "Europe/Berlin",
      language: "de",
    });
    expect(stored?.metadata).toEqual({ callId: session.callId, slotId: offer.id, phone: CALLER_PHONE });
  });

  it("a withheld number books with a placeholder address from the call id and no phone in the metadata", async () => {
    const { sim, session, offer } = await offeredTuesday({ phone: null, callId: "retell:call/42" });
    expectStatus(await book(session, offer.id), "booked");
    const [stored] = accepted(sim);
    expect(stored?.attendees[0]?.email).toBe("anrufer+retell-call-42@termin-kit.invalid");
    expect(stored?.attendees[0]?.phoneNumber).toBeUndefined();
    expect(stored?.metadata).toEqual({ callId: "retell:call/42", slotId: offer.id });
  });

  it("emailSafe keeps letters, digits, '.', '_' and '-', cuts at 64 characters, and never returns nothing", () => {
    expect(emailSafe("call_24977a803e9bd80b586fca06259")).toBe("call_24977a803e9bd80b586fca06259");
    expect(emailSafe("vapi:abc.def/ghi jkl")).toBe("vapi-abc.def-ghi-jkl");
    expect(emailSafe("x".repeat(70))).toBe("x".repeat(64));
    expect(emailSafe("")).toBe("call");
  });
});

describe("a slot this call already booked", () => {
  it("hold_slot on it answers with the booking, takes no hold and names the caller", async () => {
    const { session, offer, log } = await offeredTuesday();
    const made = expectStatus(await book(session, offer.id), "booked");
    const r = expectStatus(await hold(session, offer.id), "booked");
    expect(r.booking).toEqual(made.booking);
    expect(log.hold).toBe(1);
    expect(r.say).toBe(made.say);
    expect(r.say).toContain("auf den Namen Hans Schuster");
  });

  it("two requests for one slot at once send one booking request and both get its booking", async () => {
    const { sim, session, offer, log } = await offeredTuesday();
    const [a, b] = await Promise.all([book(session, offer.id), book(session, offer.id)]);
    expect(expectStatus(a, "booked").booking).toEqual(expectStatus(b, "booked").booking);
    expect(log.book).toBe(1);
    expect(accepted(sim)).toHaveLength(1);
    expect(session.bookingsInFlight.size).toBe(0);
  });
});

describe("hold_slot's answer", () => {
  it("says the slot is held, by the caller's name once it is known", async () => {
    const { session, offer } = await offeredTuesday();
    const anonymous = expectStatus(await hold(session, offer.id), "held");
    expect(anonymous.slot).toEqual(offer);
    expect(anonymous.say).toBe(
      "Ich halte Ihnen den Termin am Dienstag, 28. Oktober, um 10:00 Uhr kurz frei. Auf welchen Namen darf ich ihn buchen?",
    );
    expect(session.pendingConsent?.id).toBe(offer.id);
  });

  it("with the caller's name known, asks to book on that name", async () => {
    let down = true;
    const { session, offer } = await offeredTuesday({
      overrides: (sim) => ({
        book: async (request) => {
          if (down) throw new CalendarError("unavailable", "Cal.com 503");
          return sim.book(request);
        },
      }),
    });
    expectStatus(await book(session, offer.id, "Hans Schuster"), "calendar_unavailable");
    down = false;
    const r = expectStatus(await hold(session, offer.id), "held");
    expect(r.say).toBe(
      "Ich halte Ihnen den Termin am Dienstag, 28. Oktober, um 10:00 Uhr kurz frei. Soll ich ihn auf den Namen Hans Schuster verbindlich buchen?",
    );
  });

  it("holding another slot lets go of the first one", async () => {
    const { sim, session } = newCall();
    const r = expectStatus(await check(session, "Dienstag", null), "alternatives");
    const [first, second] = r.alternatives;
    if (first === undefined || second === undefined) throw new Error("two offers expected");
    expectStatus(await hold(session, first.id), "held");
    expectStatus(await hold(session, second.id), "held");
    expect([...session.holds.keys()]).toEqual([second.id]);
    expect(sim.listHolds().map((h) => ms(h.slotStart))).toEqual([ms(second.start)]);
    expect(await isFree(sim, first.start)).toBe(true);
  });
});

describe("a booking request the calendar refuses for a reason of its own", () => {
  it("a permanent refusal is calendar_unavailable, not retryable, and the question stays open", async () => {
    const { sim, session, offer } = await offeredTuesday({
      overrides: () => ({
        book: async () => {
          throw new CalendarError("bad_request", "attendee.email must be an email", { status: 400 });
        },
      }),
    });
    expectStatus(await hold(session, offer.id), "held");
    const r = expectStatus(await book(session, offer.id), "calendar_unavailable");
    expect(r.retryable).toBe(false);
    expect(session.pendingConsent?.id).toBe(offer.id);
    expect(session.unverified.size).toBe(0);
    expect(accepted(sim)).toHaveLength(0);
  });

  it("an error that is not the calendar's is thrown by the handler, not passed off as the calendar's", async () => {
    const { session, offer } = await offeredTuesday({
      overrides: () => ({
        book: async () => {
          throw new TypeError("bug in the client");
        },
      }),
    });
    await expect(bookAppointment({ slot_id: offer.id, name: "Hans Schuster" }, session)).rejects.toThrow(
      "bug in the client",
    );
  });

  it("a hold the calendar fails on with an error not its own is thrown too", async () => {
    const { session, offer } = await offeredTuesday({
      overrides: () => ({
        hold: async () => {
          throw new TypeError("bug in the hold");
        },
      }),
    });
    await expect(holdSlot({ slot_id: offer.id }, session)).rejects.toThrow("bug in the hold");
  });
});

describe("a booking whose answer was lost, asked for again", () => {
  /** A calendar whose first booking answer never arrives and whose look-ups fail until `lookups` is set. */
  function lostAnswer(options: { reaches: boolean; maxBookings?: number }) {
    const state = { lookups: false, books: 0 };
    const call = newCall({
      ...(options.maxBookings === undefined ? {} : { maxBookings: options.maxBookings }),
      overrides: (sim) => ({
        book: async (request) => {
          state.books++;
          if (state.books > 1) return sim.book(request);
          if (options.reaches) await sim.book(request);
          throw new CalendarError("unavailable", "no answer within 10000 ms");
        },
        findBookings: async (query) => {
          if (!state.lookups) throw new CalendarError("unavailable", "connect ECONNREFUSED");
          return sim.findBookings(query);
        },
      }),
    });
    return { ...call, state };
  }

  it("the first request did book: the look-up finds it and no second request is sent", async () => {
    const { sim, session, state } = lostAnswer({ reaches: true });
    const offer = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available").slot;
    expectStatus(await book(session, offer.id), "unverified");
    state.lookups = true;
    const r = expectStatus(await book(session, offer.id, "Hans Schuster"), "booked");
    expect(ms(r.booking.start)).toBe(ms(offer.start));
    expect(state.books).toBe(1);
    expect(accepted(sim)).toHaveLength(1);
    expect(session.unverified.size).toBe(0);
  });

  it("the first request never arrived: the look-up finds nothing, and the one booking of the call is made now", async () => {
    const { sim, session, state } = lostAnswer({ reaches: false, maxBookings: 1 });
    const offer = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available").slot;
    expectStatus(await book(session, offer.id), "unverified");
    state.lookups = true;
    const r = expectStatus(await book(session, offer.id), "booked");
    expect(ms(r.booking.start)).toBe(ms(offer.start));
    expect(state.books).toBe(2);
    expect(accepted(sim)).toHaveLength(1);
    expect(session.unverified.size).toBe(0);
  });

  it("the calendar still cannot say: still unverified, and no second request is sent", async () => {
    const { sim, session, state } = lostAnswer({ reaches: true });
    const offer = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available").slot;
    expectStatus(await book(session, offer.id), "unverified");
    expectStatus(await book(session, offer.id), "unverified");
    expect(state.books).toBe(1);
    expect(session.unverified.size).toBe(1);
    expect(accepted(sim)).toHaveLength(1);
    state.lookups = true;
  });
});

describe("what the handlers check before the calendar", () => {
  it("a blank name reaching the handler asks for the name and sends nothing", async () => {
    const { session, offer, log } = await offeredTuesday();
    const r = await bookAppointment({ slot_id: offer.id, name: " \t " }, session);
    expect(r).toEqual({
      status: "need_input",
      missing: ["name"],
      say: "Auf welchen Namen darf ich den Termin eintragen?",
    });
    expect(log.hold + log.book).toBe(0);
    expect(session.callerName).toBeNull();
  });

  it("hold_slot refuses the old service's slot once the caller asked for another, and holds nothing", async () => {
    const physio = loadBusinessProfile("physio-1");
    const { sim, session } = newCall({ profile: physio, now: "2025-11-03T08:00:00+01:00" });
    const kg = expectStatus(await check(session, "Dienstag", "9:30", "Krankengymnastik"), "available");
    expectStatus(await check(session, "Dienstag", "9:50", "Massage"), "available");
    const r = expectStatus(await holdSlot({ slot_id: kg.slot.id }, session), "service_mismatch");
    expect(r.wanted).toEqual({ id: "massage", name: "Massage" });
    expect(r.chosen.id).toBe(kg.slot.id);
    expect(sim.listHolds()).toHaveLength(0);
  });

  it("a call state carried over without a wish, or with a service the profile no longer has, books as offered", async () => {
    for (const wanted of [null, { service: "dauerwelle", person: null }]) {
      const { sim, clock, session, offer } = await offeredTuesday();
      const carried = sessionOn(sim, clock).session.restore({ ...session.snapshot(), wanted });
      expectStatus(await hold(carried, offer.id), "held");
      expectStatus(await book(carried, offer.id), "booked");
      expect(accepted(sim)).toHaveLength(1);
    }
  });
});
