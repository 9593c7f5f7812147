import { DateTime } from "luxon";
import { clip } from "../../tools/format-issues.ts";
import type { Clock } from "../calendar/clock.ts";
import { ConfigError } from "../errors.ts";

/** The zone an offset-less `--now` is read in when a command names no business: the default profile's. */
export const DEFAULT_NOW_ZONE = "Europe/Berlin";

// A date and a clock time: "2025-10-25T20:17", with seconds, fractions and an offset or Z optional. A date alone
// would be midnight (or 02:00 read in one zone and shown in another), never what a demo of a call meant.
const DATE_AND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/i;

/**
 * Parses `--now ISO`, the same way in every command: an instant with an offset (`2025-10-25T20:17:50+02:00`,
 * `...Z`) is that instant; without an offset (`2025-10-25T20:17:50`) it is wall time in `zone`, the business's
 * zone, never the machine's. A date without a time, or anything else, is a ConfigError naming the flag.
 */
export function parseNow(value: string | undefined, zone: string = DEFAULT_NOW_ZONE): DateTime | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const example = `e.g. 2025-10-25T20:17:50+02:00, or 2025-10-25T20:17:50 for wall time in ${zone}`;
  const at = DATE_AND_TIME.test(text) ? DateTime.fromISO(text, { zone, setZone: true }) : null;
  if (at === null || !at.isValid) {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
    throw new ConfigError(
      dateOnly
        ? `--now needs a time of day as well as the date (${example}), got "${clip(value)}"`
        : `--now must be an ISO date and time (${example}), got "${clip(value)}"`,
    );
  }
  return at;
}

/** A clock that starts at `start` (or the real now) and runs on with real elapsed time, as a call would. */
export function runningClock(start: DateTime | undefined): Clock {
  if (start === undefined) return () => DateTime.now();
  const origin = performance.now();
  return () => start.plus({ milliseconds: Math.round(performance.now() - origin) });
}
