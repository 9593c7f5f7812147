import { DateTime } from "luxon";
import type { Booking } from "./backend.ts";

const ms = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

/** Pairs of live (accepted or pending) bookings whose times overlap: a double booking, for one host. */
export function overlappingBookings(bookings: readonly Booking[]): [Booking, Booking][] {
  // Each booking's times are read once, not once per pair.
  const live = bookings
    .filter((b) => b.status === "accepted" || b.status === "pending")
    .map((booking) => ({ booking, start: ms(booking.start), end: ms(booking.end) }));
  const pairs: [Booking, Booking][] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i];
      const b = live[j];
      if (a !== undefined && b !== undefined && a.start < b.end && b.start < a.end)
        pairs.push([a.booking, b.booking]);
    }
  }
  return pairs;
}
