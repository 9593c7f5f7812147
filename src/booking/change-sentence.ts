import type { DateTime } from "luxon";
import { speakSlot } from "../time/speak.ts";
import type { CalendarChange } from "./session.ts";

/**
 * The kit's own words for a calendar write whose template failed: "Ihr Termin ist gebucht: morgen, Sonntag,
 * 26. Oktober, um 10:00 Uhr.", "... ist verschoben auf ...", "... ist abgesagt: ...". The date and time come from the
 * booking's instant, like every spoken time.
 */
export function changeSentence(change: CalendarChange, zone: string, now: DateTime): string {
  const slot = speakSlot(change.booking.start, { zone, now });
  if (change.kind === "rescheduled") return `Ihr Termin ist verschoben auf ${slot}.`;
  return `Ihr Termin ist ${change.kind === "booked" ? "gebucht" : "abgesagt"}: ${slot}.`;
}
