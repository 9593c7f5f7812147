import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tools/**/*.test.ts", "evals/**/*.test.ts"],
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 20_000,
    pool: "forks",
  },
});
