import { DateTime } from "luxon";
import type { Booking } from "./backend.ts";

const ms = (iso: string): number => DateTime.fromISO(iso, { setZone: true }).toMillis();

/** Pairs of live (accepted or pending) bookings whose times overlap: a double booking, for one host. */
export function overlappingBookings(bookings: readonly Booking[]): [Booking, Booking][] {
  const live = bookings.filter((b) => b.status === "accepted" || b.status === "pending");
  const pairs: [Booking, Booking][] = [];
  for (let i = 0; i < live.length; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i];
      const b = live[j];
      if (a !== undefined && b !== undefined && ms(a.start) < ms(b.end) && ms(b.start) < ms(a.end))
        pairs.push([a, b]);
    }
  }
  return pairs;
}
