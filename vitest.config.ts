import { defineConfig } from "vitest/config";

/**
 * The time tests run again with the machine in UTC and in New York (each zone that is not already the machine's):
 * dates must not follow the server's clock zone. The cost ratios and the benchmark's own tests do not depend on the
 * zone, so they run once.
 */
const ZONES = ["UTC", "America/New_York"];

/** A zone's canonical name ("Etc/UTC" and "GMT" are "UTC"), as the machine's own zone is reported. */
const canonical = (zone?: string) =>
  new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;

/**
 * The zones other than the machine's: on a machine in UTC (most CI machines, this one), the unit project already runs
 * the time tests in UTC, and a project of its own would only run them again.
 */
const OTHER_ZONES = ZONES.filter((zone) => canonical(zone) !== canonical());

/**
 * Test files share their worker's module registry (`isolate: false`): importing the kit once per worker instead of
 * once per file saves most of the suite's CPU time. A file that replaces a module (`vi.mock`) must not leak it into
 * the next file, so it is named `*.isolated.test.ts` and runs in a fresh module registry (none does now: a seam such
 * as the rule model's `reader` option is preferred, and the file then runs in the shared workers).
 */
const ISOLATED = "**/*.isolated.test.ts";

export default defineConfig({
  test: {
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
    // Without V8's optimizing compiler (TurboFan): a test runs most code a few times, and the compiler's background
    // work on it is CPU time the run never gets back. vitest alone, two runs each: 65.8-67.6 s of CPU time instead of
    // 69.1-70.6 s, every test passing; the cost tests compare CPU times of one process, so the ratios hold.
    execArgv: ["--no-turbofan"],
    isolate: false,
    // Three workers on two CPUs: many tests wait on timers, sockets and child processes. vitest's default (one less
    // than the CPUs) runs the whole suite in one worker on a two-CPU machine, and a percentage is capped at the CPU
    // count. npm test, 3 runs each: 2 workers 58.7-60.7 s, 3 workers 56.4-58.3 s, 4 workers 54.1-62.3 s.
    maxWorkers: 3,
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache, keyed by their content), so a
    // second run does not transform the kit again: about 10 s of CPU time of a warm run.
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          sequence: { groupOrder: OTHER_ZONES.length },
          include: ["src/**/*.test.ts", "tools/**/*.test.ts", "evals/**/*.test.ts"],
          exclude: [ISOLATED],
        },
      },
      {
        extends: true,
        test: {
          name: "isolated",
          sequence: { groupOrder: OTHER_ZONES.length },
          include: [`src/${ISOLATED}`, `tools/${ISOLATED}`, `evals/${ISOLATED}`],
          isolate: true,
        },
      },
      // Each zone's time tests run in one worker, first, one zone after the other (a group each), and the rest after
      // them: two workers per zone each imported the kit again for a few seconds of tests. While they run,
      // `npm test`'s other steps (typecheck, lint, eval) have the other CPU.
      ...OTHER_ZONES.map((zone, i) => ({
        extends: true as const,
        test: {
          name: `time TZ=${zone}`,
          include: ["src/time/**/*.test.ts"],
          exclude: ["src/time/resolve.cost.test.ts", "src/time/bench.test.ts"],
          env: { TZ: zone },
          maxWorkers: 1,
          sequence: { groupOrder: i },
        },
      })),
    ],
  },
});
