import { describe, expect, it } from "vitest";
import { parseBusinessProfile } from "../calendar/profile.ts";
import { CalendarError } from "../errors.ts";
import {
  accepted,
  book,
  CALLER_PHONE,
  check,
  expectStatus,
  friseur,
  hold,
  isFree,
  ms,
  newCall,
  OTHER_PHONE,
  offeredTuesday,
  sessionOn,
  totalCalls,
} from "./__fixtures__/call.ts";
import { runTool } from "./run-tool.ts";
import type { SlotOffer } from "./types.ts";

const eva = (start: string) => ({
  service: "herrenhaarschnitt",
  start,
  name: "Eva Brandt",
  phone: OTHER_PHONE,
});

describe("F4: the booked instant is the offered instant", () => {
  it("books exactly the offered slot; the calendar stores the same instant", async () => {
    const { sim, session, offer } = await offeredTuesday();
    const r = expectStatus(await book(session, offer.id), "booked");
    expect(ms(r.booking.start)).toBe(ms(offer.start));
    expect(ms(r.booking.start)).toBe(Date.parse("2025-10-28T09:00:00.000Z"));
    expect(r.booking).toMatchObject({ date: "2025-10-28", time: "10:00", service: "herrenhaarschnitt" });
    const stored = accepted(sim);
    expect(stored).toHaveLength(1);
    expect(ms(stored[0]?.start ?? "")).toBe(ms(offer.start));
    expect(stored[0]?.attendees[0]).toMatchObject({ name: "Hans Schuster", phoneNumber: CALLER_PHONE });
    expect(r.say).toMatchInlineSnapshot(
      `"Erledigt: Ihr Termin für Herrenhaarschnitt am Dienstag, 28. Oktober, um 10:00 Uhr ist gebucht, auf den Namen Hans Schuster. Vielen Dank, wir freuen uns auf Sie!"`,
    );
  });

  it("books an alternative on the 25-hour day by its instant (9:30 local = 08:30Z)", async () => {
    const { sim, session } = newCall();
    sim.addBooking(eva("2025-10-26T10:00"));
    const r = expectStatus(await check(session, "morgen", "um zehn"), "alternatives");
    const first = r.alternatives[0] as SlotOffer;
    expect(first.time).toBe("09:30");
    const b = expectStatus(await book(session, first.id), "booked");
    expect(ms(b.booking.start)).toBe(ms(first.start));
    expect(ms(b.booking.start)).toBe(Date.parse("2025-10-26T08:30:00.000Z"));
    expect(b.booking.time).toBe("09:30");
    const mine = accepted(sim).filter((x) => x.attendees.some((a) => a.phoneNumber === CALLER_PHONE));
    expect(mine.map((x) => ms(x.start))).toEqual([ms(first.start)]);
    expect(b.say).toContain("26. Oktober, um 9:30 Uhr");
  });

  it("books a slot before the switch on the 26th (01:30 local = 23:30Z on the 25th)", async () => {
    const night = parseBusinessProfile({
      ...friseur,
      id: "nacht",
      hours: { ...friseur.hours, sun: [["00:00", "12:00"]] },
    });
    const { sim, session } = newCall({ profile: night });
    const r = expectStatus(await check(session, "2025-10-26", "01:30"), "available");
    const b = expectStatus(await book(session, r.slot.id), "booked");
    expect(ms(b.booking.start)).toBe(Date.parse("2025-10-25T23:30:00.000Z"));
    expect(ms(accepted(sim)[0]?.start ?? "")).toBe(ms(r.slot.start));
    expect(b.booking.time).toBe("01:30");
  });
});

describe("F5: a slot taken between offer and booking", () => {
  it("book_appointment returns fresh, still-free alternatives without the chosen slot, and one of them books", async () => {
    const { sim, session } = newCall();
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "available");
    sim.addBooking(eva("2025-10-26T10:00")); // another customer, after the offer
    const taken = expectStatus(await book(session, r.slot.id), "slot_taken");
    expect(taken.chosen.id).toBe(r.slot.id);
    expect(taken.alternatives.length).toBeGreaterThan(0);
    for (const a of taken.alternatives) {
      expect(ms(a.start)).not.toBe(ms(r.slot.start));
      expect(await isFree(sim, a.start)).toBe(true);
    }
    expect(taken.alternatives.slice(0, 2).map((a) => a.time)).toEqual(["09:30", "10:30"]);
    expect(taken.say).toContain("tut mir leid");
    expect(taken.say).not.toMatch(/unerwartet/i);
    expect(taken.say).toMatchInlineSnapshot(
      `"Das tut mir leid: Der Termin morgen, Sonntag, 26. Oktober, um 10:00 Uhr wurde gerade eben von jemand anderem gebucht. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder übermorgen, Montag, 27. Oktober, um 10:00 Uhr. Welcher Termin passt Ihnen am besten?"`,
    );
    const next = taken.alternatives[0] as SlotOffer;
    const b = expectStatus(await book(session, next.id), "booked");
    expect(ms(b.booking.start)).toBe(ms(next.start));
    expect(accepted(sim)).toHaveLength(2); // Eva's and ours, never two at one time
  });

  it("hold_slot does the same", async () => {
    const { sim, session } = newCall();
    const r = expectStatus(await check(session, "morgen", "10 Uhr"), "available");
    sim.addBooking(eva("2025-10-26T10:00"));
    const taken = expectStatus(await hold(session, r.slot.id), "slot_taken");
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(taken.alternatives.map((a) => ms(a.start))).not.toContain(ms(r.slot.start));
    for (const a of taken.alternatives) expect(await isFree(sim, a.start)).toBe(true);
    expect(taken.say).not.toMatch(/unerwartet/i);
    const held = expectStatus(await hold(session, (taken.alternatives[0] as SlotOffer).id), "held");
    expect(sim.listHolds()).toHaveLength(1);
    expect(held.say).toMatchInlineSnapshot(
      `"Ich halte Ihnen den Termin morgen, Sonntag, 26. Oktober, um 9:30 Uhr kurz frei. Auf welchen Namen darf ich ihn buchen?"`,
    );
  });

  it("a slot another caller is holding comes back as slot_taken with alternatives", async () => {
    const { sim, clock, session } = newCall();
    const mine = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const theirs = expectStatus(await check(other, "Dienstag", "10 Uhr"), "available");
    expectStatus(await hold(other, theirs.slot.id), "held");
    const taken = expectStatus(await book(session, mine.slot.id, "Hans Schuster"), "slot_taken");
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(taken.alternatives.map((a) => ms(a.start))).not.toContain(ms(mine.slot.start));
    for (const a of taken.alternatives) expect(await isFree(sim, a.start)).toBe(true);
    expect(accepted(sim)).toHaveLength(0);
  });

  it("a slot the calendar refuses but still lists (stale slot list) is not offered again", async () => {
    const { session } = newCall({
      overrides: () => ({
        hold: async () => {
          throw new CalendarError("slot_taken", "Can't reserve a slot if the event is already booked.", {
            status: 422,
          });
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const taken = expectStatus(await hold(session, r.slot.id), "slot_taken");
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(taken.alternatives.map((a) => ms(a.start))).not.toContain(ms(r.slot.start));
  });

  /**
   * A call whose hold is refused as taken (422) and whose look-up of other times then fails with `refusal`: the
   * "slot_taken" result, and how many slot queries the calendar got.
   */
  async function takenWhileLookUpFails(refusal: CalendarError) {
    let slotQueries = 0;
    const { session } = newCall({
      overrides: (inner) => ({
        getSlots: async (q) => {
          slotQueries += 1;
          if (slotQueries > 1) throw refusal;
          return inner.getSlots(q);
        },
        hold: async () => {
          throw new CalendarError("slot_taken", "Can't reserve a slot if the event is already booked.", {
            status: 422,
          });
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const taken = expectStatus(await hold(session, r.slot.id), "slot_taken");
    return { taken, slotQueries };
  }

  it("a slot proven taken stays what the caller hears when the look-up of other times then fails", async () => {
    const { taken, slotQueries } = await takenWhileLookUpFails(
      new CalendarError("unavailable", "fetch failed"),
    );
    expect(slotQueries).toBe(2);
    expect(taken.alternatives).toEqual([]);
    expect(taken.say.startsWith("Das tut mir leid: Der Termin am Dienstag, 28. Oktober, um 10:00 Uhr")).toBe(
      true,
    );
    expect(taken.say).toContain("kann ich gerade nicht nachsehen, weil unser Kalender nicht antwortet");
    // Not "no other free time found": the look-up did not happen.
    expect(taken.say).not.toContain("nicht gefunden");
  });

  it.each([
    ["rate_limited", "weil unser Kalender sehr ausgelastet ist"],
    ["bad_request", "kann ich gerade leider nicht nachsehen."],
  ] as const)(
    "a look-up of other times refused with %s gives its own reason, never 'antwortet nicht'",
    async (kind, said) => {
      const { taken } = await takenWhileLookUpFails(new CalendarError(kind, "refused"));
      expect(taken.alternatives).toEqual([]);
      expect(taken.say).toContain(said);
      expect(taken.say).not.toContain("antwortet");
    },
  );

  it("a hold hides the slot from other callers, and booking consumes the hold", async () => {
    const { sim, clock, session } = newCall();
    const mine = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await hold(session, mine.slot.id), "held");
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const seen = expectStatus(await check(other, "Dienstag", "10 Uhr"), "alternatives");
    // Held, not booked: the other caller hears "nicht frei", not "vergeben".
    expect(seen.reason).toBe("not_free");
    expect(seen.alternatives.map((a) => ms(a.start))).not.toContain(ms(mine.slot.start));
    clock.advance({ minutes: 2 });
    const b = expectStatus(await book(session, mine.slot.id), "booked");
    expect(ms(b.booking.start)).toBe(ms(mine.slot.start));
    expect(sim.listHolds()).toHaveLength(0);
    expect(session.holds.size).toBe(0);
  });

  it("after the hold expired and someone else booked, booking gives slot_taken with alternatives", async () => {
    const { sim, clock, session } = newCall();
    const mine = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await hold(session, mine.slot.id), "held");
    clock.advance({ minutes: 6 }); // the 5-minute hold is gone
    const other = sessionOn(sim, clock, { callId: "call_other", phone: OTHER_PHONE }).session;
    const theirs = expectStatus(await check(other, "Dienstag", "10 Uhr"), "available");
    expectStatus(await book(other, theirs.slot.id, "Eva Brandt"), "booked");
    const taken = expectStatus(await book(session, mine.slot.id), "slot_taken");
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(accepted(sim)).toHaveLength(1);
  });
});

describe("at most one booking per call", () => {
  it("booking the same slot twice returns the same booking, and the calendar has one", async () => {
    const { sim, session, offer, log } = await offeredTuesday();
    const first = expectStatus(await book(session, offer.id), "booked");
    const again = expectStatus(await book(session, offer.id), "booked");
    expect(again.booking).toEqual(first.booking);
    expect(accepted(sim)).toHaveLength(1);
    expect(log.book).toBe(1);
  });

  it("a second, different booking is limit_reached and is not made", async () => {
    const { sim, session, offer } = await offeredTuesday({ maxBookings: 1 });
    expectStatus(await book(session, offer.id), "booked");
    const other = expectStatus(await check(session, "Donnerstag", "10 Uhr"), "available");
    const r = expectStatus(await book(session, other.slot.id), "limit_reached");
    expect(r.booked.map((b) => ms(b.start))).toEqual([ms(offer.start)]);
    expect(accepted(sim)).toHaveLength(1);
    expect(r.say).toMatchInlineSnapshot(
      `"Sie haben in diesem Gespräch schon einen Termin gebucht: am Dienstag, 28. Oktober, um 10:00 Uhr. Einen weiteren Termin kann ich in diesem Gespräch leider nicht eintragen. Möchten Sie stattdessen einen bestehenden Termin verschieben?"`,
    );
  });

  it("without maxBookings the profile's bookingsPerCall (2 at friseur-1) is the limit: the third is refused", async () => {
    const { sim, session } = newCall();
    for (const day of ["Dienstag", "Donnerstag"]) {
      const a = expectStatus(await check(session, day, "10 Uhr"), "available");
      expectStatus(await book(session, a.slot.id), "booked");
    }
    const c = expectStatus(await check(session, "Freitag", "10 Uhr"), "available");
    expectStatus(await book(session, c.slot.id), "limit_reached");
    expect(accepted(sim)).toHaveLength(2);
  });

  it("maxBookings 2 allows a second booking", async () => {
    const { sim, session } = newCall({ maxBookings: 2 });
    const a = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await book(session, a.slot.id), "booked");
    const b = expectStatus(await check(session, "Donnerstag", "10 Uhr"), "available");
    expectStatus(await book(session, b.slot.id), "booked");
    expect(accepted(sim)).toHaveLength(2);
  });
});

describe("calendar outage at booking time", () => {
  it("book throws unavailable: calendar_unavailable, honest words, no booking; a retry books through the same hold", async () => {
    let down = true;
    const { sim, session, log } = newCall({
      overrides: (s) => ({
        book: async (request) => {
          if (down) throw new CalendarError("unavailable", "Cal.com 503");
          return s.book(request);
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const failed = expectStatus(await book(session, r.slot.id), "calendar_unavailable");
    expect(failed.retryable).toBe(true);
    expect(failed.say).not.toMatch(/unerwartet/i);
    expect(accepted(sim)).toHaveLength(0);
    down = false;
    const b = expectStatus(await book(session, r.slot.id), "booked");
    expect(ms(b.booking.start)).toBe(ms(r.slot.start));
    expect(log.hold).toBe(1);
    expect(accepted(sim)).toHaveLength(1);
  });

  it("a lost response (booking made, then unavailable) is found by callId: booked, exactly one booking", async () => {
    const { sim, session } = newCall({
      maxBookings: 1,
      overrides: (s) => ({
        book: async (request) => {
          await s.book(request);
          throw new CalendarError("unavailable", "socket hang up");
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const b = expectStatus(await book(session, r.slot.id), "booked");
    expect(ms(b.booking.start)).toBe(ms(r.slot.start));
    const all = accepted(sim);
    expect(all).toHaveLength(1);
    expect(all[0]?.metadata["callId"]).toBe(session.callId);
    expect(b.booking.uid).toBe(all[0]?.uid);
    // the call's one booking is counted: a second slot is refused
    const other = expectStatus(await check(session, "Donnerstag", "10 Uhr"), "available");
    expectStatus(await book(session, other.slot.id), "limit_reached");
  });

  it("a lost response is recovered also when the caller's number is withheld", async () => {
    const { sim, session } = newCall({
      phone: null,
      overrides: (s) => ({
        book: async (request) => {
          await s.book(request);
          throw new CalendarError("unavailable", "socket hang up");
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await book(session, r.slot.id), "booked");
    expect(accepted(sim)).toHaveLength(1);
  });
});

describe("F6: calendar calls per booking", () => {
  it("happy path: 1 getSlots + 1 hold + 1 book", async () => {
    const { session, offer, log } = await offeredTuesday();
    expectStatus(await book(session, offer.id), "booked");
    expect(log.getSlots).toHaveLength(1);
    expect(log.hold).toBe(1);
    expect(log.book).toBe(1);
    expect(totalCalls(log)).toBe(3);
  });

  it("hold_slot then book_appointment: still 1 getSlots + 1 hold + 1 book", async () => {
    const { session, offer, log } = await offeredTuesday();
    expectStatus(await hold(session, offer.id), "held");
    expectStatus(await book(session, offer.id), "booked");
    expect(totalCalls(log)).toBe(3);
  });

  it("one conflict at hold time (slot booked after the offer): 5 calls = 2 getSlots + 2 holds + 1 book", async () => {
    const { sim, session, log } = newCall();
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    sim.addBooking(eva("2025-10-28T10:00"));
    const taken = expectStatus(await book(session, r.slot.id), "slot_taken");
    expectStatus(await book(session, (taken.alternatives[0] as SlotOffer).id), "booked");
    expect({ getSlots: log.getSlots.length, hold: log.hold, book: log.book }).toEqual({
      getSlots: 2,
      hold: 2,
      book: 1,
    });
    expect(totalCalls(log)).toBe(5);
  });

  it("one conflict at booking time (the book request itself refused): 9 calls = 2 getSlots + 2 holds + 2 books + 2 lookups (our own booking, another's) + 1 hold released", async () => {
    let refuse = true;
    const { session, log } = newCall({
      overrides: (s) => ({
        book: async (request) => {
          if (refuse) {
            refuse = false;
            throw new CalendarError(
              "slot_taken",
              "One of the hosts either already has booking at this time or is not available",
              { status: 400, code: "BadRequestException" },
            );
          }
          return s.book(request);
        },
      }),
    });
    const r = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const taken = expectStatus(await book(session, r.slot.id), "slot_taken");
    expect(taken.say).not.toMatch(/unerwartet/i);
    // Cal.com's "already has booking at this time or is not available" names nobody, and no other booking covers
    // the slot here: the caller is not told someone else booked it.
    expect(taken.say).not.toMatch(/jemand anderem/);
    expect(taken.say.startsWith("Das tut mir leid: Der Termin am Dienstag, 28. Oktober, um 10:00 Uhr")).toBe(
      true,
    );
    expectStatus(await book(session, (taken.alternatives[0] as SlotOffer).id), "booked");
    expect({ getSlots: log.getSlots.length, hold: log.hold, book: log.book }).toEqual({
      getSlots: 2,
      hold: 2,
      book: 2,
    });
    // Before calling it a conflict, the handler looks whether the "conflict" is this call's own earlier booking,
    // and it lets go of the hold on the lost slot instead of leaving it to expire.
    expect({ findBookings: log.findBookings, releaseHold: log.releaseHold }).toEqual({
      findBookings: 2,
      releaseHold: 1,
    });
    expect(totalCalls(log)).toBe(9);
  });
});

describe("book_appointment input", () => {
  it("a blank name asks for the name (schema refuses it before the handler)", async () => {
    const { session, offer, log } = await offeredTuesday();
    const r = await book(session, offer.id, "   ");
    expect(r.status).toBe("invalid_arguments");
    expect(log.hold + log.book).toBe(0);
  });

  it("an id this call never offered is invalid_arguments naming the offered ids", async () => {
    const { session } = await offeredTuesday();
    const r = expectStatus(await book(session, "S99"), "invalid_arguments");
    expect(r.error).toContain("S99");
    expect(r.error).toContain("S1");
  });
});

describe("this call's own booking is never blamed on someone else", () => {
  it("a hold asked for a slot whose booking answer was lost is refused as 'nicht mehr frei', not 'jemand anderem'", async () => {
    let lose = true;
    const { session, clock } = newCall({
      overrides: (s) => ({
        // The booking is made, but its answer is lost, and the look-up for it fails too: unverified.
        book: async (request) => {
          const made = await s.book(request);
          if (!lose) return made;
          throw new CalendarError("unavailable", "no answer within 10000 ms");
        },
        findBookings: async (query) => {
          if (lose) throw new CalendarError("unavailable", "connect ECONNREFUSED");
          return s.findBookings(query);
        },
      }),
    });
    const offered = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    expectStatus(await book(session, offered.slot.id), "unverified");
    // The hold taken for the booking has expired: holding again meets the calendar's "already booked".
    clock.advance({ minutes: 6 });
    const again = expectStatus(await hold(session, offered.slot.id), "slot_taken");
    expect(again.say).not.toMatch(/jemand anderem/);
    expect(again.say).toContain("ist leider nicht mehr frei");
    lose = false;
  });
});

describe("a booking that may have been made is never said to be not booked", () => {
  it("the request reached the calendar, then 429s for the retry and the look-up: unverified, not 'noch nicht gebucht'", async () => {
    let throttled = true;
    const { sim, session } = newCall({
      overrides: (s) => ({
        book: async (request) => {
          await s.book(request);
          throw new CalendarError("rate_limited", "ThrottlerException: Too Many Requests", { status: 429 });
        },
        findBookings: async (query) => {
          if (throttled) throw new CalendarError("rate_limited", "ThrottlerException", { status: 429 });
          return s.findBookings(query);
        },
      }),
    });
    const offered = expectStatus(await check(session, "Dienstag", "10 Uhr"), "available");
    const r = await book(session, offered.slot.id);
    expect(r.status).toBe("unverified");
    expect(accepted(sim)).toHaveLength(1);
    const bye = await runTool(session, "end_call", JSON.stringify({ reason: "caller_request" }));
    expect(JSON.stringify(bye.result)).not.toMatch(/noch nicht gebucht/);
    throttled = false;
  });
});
