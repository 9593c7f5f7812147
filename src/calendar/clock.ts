/**
 * Where "now" comes from. The simulator, the handlers and replays take a Clock instead of calling
 * `DateTime.now()`, so a recorded call can be replayed at its own moment and holds can expire on demand.
 */
import { DateTime } from "luxon";
import { ConfigError } from "../errors.ts";

/** Returns the current instant. Callers convert to the zone they need; the clock's zone carries no meaning. */
export type Clock = () => DateTime;

/** A step to move a manual clock by; exact durations only, since a "day" is not a fixed length. */
export interface ClockStep {
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/** A clock that only moves when told to: for tests, replays and benchmarks. */
export interface ManualClock extends Clock {
  /** Moves the clock forward (or back, with negative values) and returns the new instant. */
  advance(step: ClockStep): DateTime;
  /** Jumps to an ISO instant with an offset. */
  set(iso: string): void;
}

/** The machine's real time. */
export const systemClock: Clock = () => DateTime.now().toUTC();

/** Parses an ISO instant; a missing offset would silently mean the machine's zone, so it is refused. */
function parseClockInstant(iso: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid || !/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(iso.trim())) {
    throw new ConfigError(`clock: expected an ISO instant with an offset, got "${iso}"`);
  }
  return parsed.toUTC();
}

/** A clock frozen at one instant, e.g. the moment a recorded call happened. */
export function fixedClock(iso: string): Clock {
  const at = parseClockInstant(iso);
  return () => at;
}

/** A clock that starts at `iso` and moves only through `advance` and `set`. */
export function manualClock(iso: string): ManualClock {
  let at = parseClockInstant(iso);
  const clock = () => at;
  return Object.assign(clock, {
    advance(step: ClockStep): DateTime {
      // Hours and smaller are exact durations in luxon, so this is DST-safe.
      at = at.plus(step);
      return at;
    },
    set(next: string): void {
      at = parseClockInstant(next);
    },
  });
}
