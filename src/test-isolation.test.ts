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
    // The check reads what it should: the isolated files do replace modules.
    const isolated = files.filter((f) => f.endsWith(".isolated.test.ts"));
    expect(isolated.length).toBeGreaterThan(0);
    for (const f of isolated) expect(readFileSync(f, "utf8")).toMatch(REPLACES_A_MODULE);
  });
});
