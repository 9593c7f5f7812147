/**
 * Reading and writing instants for the simulator (and its slot grid, `grid.ts`). Every parse names its zone
 * explicitly, so nothing depends on the machine's TZ.
 */
import { DateTime } from "luxon";
import { plainDateOfIso } from "../time/plain-date.ts";
import { isoOf } from "../time/zone-clock.ts";

export { isValidZoneName, ZoneClock, zoneClock } from "../time/zone-clock.ts";

/**
 * Parses an API instant as Cal.com does: an offset is honoured, a missing one means UTC, and a date-only
 * value is a UTC day (its start, or with `dateOnlyAs: "end"` its last second). Returns null when unparsable.
 */
export function parseApiInstant(text: string, dateOnlyAs: "start" | "end" = "start"): DateTime | null {
  const trimmed = text.trim();
  const parsed = DateTime.fromISO(trimmed, { zone: "utc" });
  if (!parsed.isValid) return null;
  if (dateOnlyAs === "end" && plainDateOfIso(trimmed) !== null)
    return parsed.endOf("day").set({ millisecond: 0 });
  return parsed;
}

/**
 * Parses set-up input: a business-local wall time ("2025-10-26T10:00") or an instant with an offset.
 * Returns null when unparsable.
 */
export function parseWallOrInstant(text: string, zone: string): DateTime | null {
  const parsed = DateTime.fromISO(text.trim(), { zone });
  return parsed.isValid ? parsed : null;
}

/** UTC ISO text (`...Z`) of an instant in epoch milliseconds. */
export function utcIso(ms: number): string {
  return isoOf(DateTime.fromMillis(ms, { zone: "utc" }));
}
