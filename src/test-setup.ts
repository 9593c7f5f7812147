/**
 * Fails any test that prints unexpectedly: output belongs in assertions, not in the log.
 * A test that means to print spies on console itself (vi.spyOn replaces these wrappers).
 * Each test file starts with the process-wide Cal.com accounts forgotten: files share their worker's modules
 * (vitest.config.ts), and one file's spent request budget must not refuse the next file's requests.
 */
import { afterEach, beforeAll, beforeEach } from "vitest";
import { forgetSharedAccounts } from "./calendar/request-budget.ts";

beforeAll(() => {
  forgetSharedAccounts();
});

const methods = ["log", "info", "warn", "error", "debug"] as const;
let printed: string[] = [];
const originals = new Map<string, (...args: unknown[]) => void>();

beforeEach(() => {
  printed = [];
  for (const m of methods) {
    originals.set(m, console[m]);
    console[m] = (...args: unknown[]) => {
      printed.push(`console.${m}: ${args.map(String).join(" ")}`);
    };
  }
});

afterEach(() => {
  for (const m of methods) console[m] = originals.get(m) as (typeof console)[typeof m];
  if (printed.length > 0) {
    const lines = printed.join("\n");
    printed = [];
    throw new Error(`test printed unexpectedly:\n${lines}`);
  }
});
