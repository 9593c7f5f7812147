import { defineConfig } from "vitest/config";

/**
 * The time tests run again with the machine in two other zones: dates must not follow the server's clock zone. The
 * cost ratios and the benchmark's own tests do not depend on the zone, so they run once.
 */
const OTHER_ZONES = ["UTC", "America/New_York"];

export default defineConfig({
  test: {
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["src/**/*.test.ts", "tools/**/*.test.ts", "evals/**/*.test.ts"] },
      },
      ...OTHER_ZONES.map((zone) => ({
        extends: true as const,
        test: {
          name: `time TZ=${zone}`,
          include: ["src/time/**/*.test.ts"],
          exclude: ["src/time/resolve.cost.test.ts", "src/time/bench.test.ts"],
          env: { TZ: zone },
        },
      })),
    ],
  },
});
