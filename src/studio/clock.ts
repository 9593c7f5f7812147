/**
 * The studio's clock: one running clock for every call and the simulator, so holds expire and "morgen" means the
 * same day in the chat and in the calendar pane. A new call may pin it to another start.
 */
import type { DateTime } from "luxon";
import type { Clock } from "../calendar/clock.ts";
import { runningClock } from "../cli/clock-option.ts";

/** A running clock whose start can be pinned again. */
export interface StudioClock extends Clock {
  /** Runs on from `start` (or from the real time, when undefined); the returned function puts the clock back. */
  pin(start: DateTime | undefined): () => void;
  /** Whether the clock was pinned rather than following the machine's time. */
  pinned(): boolean;
}

/** A studio clock starting at `start` (pinned) or at the real time. */
export function studioClock(start: DateTime | undefined): StudioClock {
  let current = runningClock(start);
  let isPinned = start !== undefined;
  return Object.assign(() => current(), {
    pin(next: DateTime | undefined): () => void {
      const [before, wasPinned] = [current, isPinned];
      current = runningClock(next);
      isPinned = next !== undefined;
      return () => {
        current = before;
        isPinned = wasPinned;
      };
    },
    pinned: () => isPinned,
  });
}
