/**
 * Test files share their worker's module registry (vitest.config.ts), so a file that replaces a module must say so
 * in its name, `*.isolated.test.ts`, to run in a registry of its own; otherwise its mock leaks into the next file.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const REPLACES_A_MODULE = /\bvi\.(mock|doMock|unmock|resetModules)\(/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : testFiles(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("test files that replace modules", () => {
  const files = ["src", "tools", "evals"].flatMap((d) => testFiles(join(ROOT, d)));

  it("are named *.isolated.test.ts, so their mocks stay theirs", () => {
    const offenders = files
      .filter((f) => !f.endsWith(".isolated.test.ts") && REPLACES_A_MODULE.test(readFileSync(f, "utf8")))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
    // The check reads what it should: it finds a replaced module, not a spy; and an isolated file does replace one.
    // (Spelt in two parts: this file itself must not read as one that replaces a module.)
    expect(`vi.${"mock"}("./rule/understand.ts", async () => ({}));`).toMatch(REPLACES_A_MODULE);
    expect(`const spy = vi.fn(understand); vi.spyOn(console, "log");`).not.toMatch(REPLACES_A_MODULE);
    expect(files.length).toBeGreaterThan(100);
    for (const f of files.filter((f) => f.endsWith(".isolated.test.ts")))
      expect(readFileSync(f, "utf8")).toMatch(REPLACES_A_MODULE);
  });
});
