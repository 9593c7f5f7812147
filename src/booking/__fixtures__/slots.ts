/** Slots for the ranking tests, written as a calendar returns them, and read back as local words. */
import { DateTime } from "luxon";
import type { Slot, SlotsByDate } from "../../calendar/backend.ts";

export const ZONE = "Europe/Berlin";

/** Slots as a calendar returns them: local `HH:MM` starts per local date, exact instants with offsets. */
export function slots(days: Record<string, string[]>, minutes = 30): SlotsByDate {
  const out: SlotsByDate = {};
  for (const [date, times] of Object.entries(days)) {
    out[date] = times.map((hhmm) => {
      const start = DateTime.fromISO(`${date}T${hhmm}`, { zone: ZONE });
      return { start: start.toISO() ?? "", end: start.plus({ minutes }).toISO() ?? "" };
    });
  }
  return out;
}

/** "YYYY-MM-DD HH:MM" in the business zone, for readable assertions. */
export const local = (s: Slot): string =>
  DateTime.fromISO(s.start, { setZone: true }).setZone(ZONE).toFormat("yyyy-MM-dd HH:mm");
