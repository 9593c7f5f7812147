/**
 * The machine's timers (a test's fake ones under `vi.useFakeTimers`), counting the ones set and not yet run or
 * cleared. A test asks this count, not `vi.getTimerCount()`: test files share their worker (vitest.config.ts), and an
 * earlier file's closing sockets may set timers of their own while this test's fake timers are on.
 */
import { systemTimers, type Timers } from "../turn-budget.ts";

export function countedTimers(): { timers: Timers; live: () => number } {
  const pending = new Set<unknown>();
  const timers: Timers = {
    setTimeout: (run, ms) => {
      const handle = systemTimers.setTimeout(() => {
        pending.delete(handle);
        run();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout: (handle) => {
      pending.delete(handle);
      systemTimers.clearTimeout(handle);
    },
    now: () => systemTimers.now(),
  };
  return { timers, live: () => pending.size };
}
