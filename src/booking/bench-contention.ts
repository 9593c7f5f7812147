import { DateTime } from "luxon";
import type { CalendarBackend } from "../calendar/backend.ts";
import { manualClock } from "../calendar/clock.ts";
import { seededRandom } from "../calendar/faults.ts";
import { overlappingBookings } from "../calendar/overlap.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { bookAppointment } from "./book-appointment.ts";
import { checkAvailability } from "./check-availability.ts";
import { BookingSession } from "./session.ts";
import type { SlotOffer } from "./types.ts";

/** Figures of one contention run. */
export interface ContentionResult {
  callers: number;
  seed: number;
  booked: number;
  /** Times a caller's chosen slot was gone at hold or booking time. */
  conflicts: number;
  /** Conflicts whose result carried at least one fresh alternative. */
  conflictsWithAlternatives: number;
  /** Callers who found nothing after three tries. */
  gaveUp: number;
  /** Overlapping accepted bookings in the calendar afterwards (must be 0). */
  doubleBookings: number;
  /** Bookings whose instant differs from the offer the caller accepted (must be 0). */
  mismatches: number;
  calendarCalls: number;
  /** Calendar calls per booking for callers who booked at the first try, and for those with one conflict. */
  callsPerBookingHappy: number;
  callsPerBookingOneConflict: number;
  wallMs: number;
}

/** Counts calls per caller (one wrapper per session). */
function counting(backend: CalendarBackend, counter: { calls: number }): CalendarBackend {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      counter.calls++;
      return fn(...args);
    };
  return {
    getSlots: wrap((q) => backend.getSlots(q)),
    hold: wrap((e, s) => backend.hold(e, s)),
    releaseHold: wrap((u) => backend.releaseHold(u)),
    book: wrap((r) => backend.book(r)),
    findBookings: wrap((q) => backend.findBookings(q)),
    cancel: wrap((u, r) => backend.cancel(u, r)),
    reschedule: wrap((u, s, r) => backend.reschedule(u, s, r)),
  };
}

/**
 * N callers at once ask for the same few popular times (Saturday morning) and book what they are offered,
 * through the real handlers on one simulated calendar: every booking conflict must come back as fresh
 * alternatives, and the calendar must never hold two bookings for one time.
 */
export async function benchContention(
  profile: BusinessProfile,
  callers: number,
  seed: number,
): Promise<ContentionResult> {
  const random = seededRandom(seed);
  const clock = manualClock("2025-11-03T09:00:00+01:00");
  const sim = new CalendarSimulator({ profile, clock });
  const service = profile.services[0];
  if (service === undefined) throw new Error("profile has no service");
  const days = ["Freitag", "Samstag", "Donnerstag"];
  const times = ["9 Uhr", "halb zehn", "10 Uhr", "11 Uhr"];
  const result = {
    booked: 0,
    conflicts: 0,
    conflictsWithAlternatives: 0,
    gaveUp: 0,
    mismatches: 0,
    calendarCalls: 0,
  };
  const happy: number[] = [];
  const oneConflict: number[] = [];
  const started = performance.now();

  await Promise.all(
    Array.from({ length: callers }, async (_, i) => {
      const counter = { calls: 0 };
      const session = new BookingSession({
        callId: `bench_${seed}_${i}`,
        business: profile,
        callerPhone: `+49170${String(1_000_000 + i)}`,
        calendar: counting(sim, counter),
        clock,
      });
      const day = days[Math.floor(random() * days.length)] ?? "Samstag";
      const time = times[Math.floor(random() * times.length)] ?? "10 Uhr";
      const check = await checkAvailability(
        { service: service.id, day, time, person: null, reschedule_booking_id: null },
        session,
      );
      let offers: SlotOffer[] =
        check.status === "available"
          ? [check.slot]
          : check.status === "alternatives"
            ? check.alternatives
            : [];
      let conflictsHere = 0;
      for (let attempt = 0; attempt < 3 && offers.length > 0; attempt++) {
        const choice = offers[Math.floor(random() * offers.length)] as SlotOffer;
        const booked = await bookAppointment({ slot_id: choice.id, name: `Kunde ${i}` }, session);
        if (booked.status === "booked") {
          result.booked++;
          if (DateTime.fromISO(booked.booking.start).toMillis() !== DateTime.fromISO(choice.start).toMillis())
            result.mismatches++;
          if (conflictsHere === 0) happy.push(counter.calls);
          else if (conflictsHere === 1) oneConflict.push(counter.calls);
          break;
        }
        if (booked.status === "slot_taken") {
          result.conflicts++;
          conflictsHere++;
          if (booked.alternatives.length > 0) result.conflictsWithAlternatives++;
          offers = booked.alternatives;
        } else break;
      }
      if (!session.booked.size) result.gaveUp++;
      result.calendarCalls += counter.calls;
    }),
  );

  const doubleBookings = overlappingBookings(sim.listBookings()).length;
  const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  return {
    callers,
    seed,
    ...result,
    doubleBookings,
    callsPerBookingHappy: mean(happy),
    callsPerBookingOneConflict: mean(oneConflict),
    wallMs: performance.now() - started,
  };
}
