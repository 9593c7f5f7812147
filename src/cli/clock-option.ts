import { DateTime } from "luxon";
import type { Clock } from "../calendar/clock.ts";
import { ConfigError } from "../errors.ts";

/** Parses `--now ISO` (an instant with offset); throws a ConfigError naming the flag. */
export function parseNow(value: string | undefined): DateTime | undefined {
  if (value === undefined) return undefined;
  const at = DateTime.fromISO(value, { setZone: true });
  if (!at.isValid)
    throw new ConfigError(`--now must be an ISO instant like 2025-10-25T20:17:50+02:00, got "${value}"`);
  return at;
}

/** A clock that starts at `start` (or the real now) and runs on with real elapsed time, as a call would. */
export function runningClock(start: DateTime | undefined): Clock {
  if (start === undefined) return () => DateTime.now();
  const origin = performance.now();
  return () => start.plus({ milliseconds: Math.round(performance.now() - origin) });
}
