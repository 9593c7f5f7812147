import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FileWatch, MAX_REPORTED, watchFiles } from "./watch.ts";

let dir = "";
let watch: FileWatch | undefined;
afterEach(() => {
  watch?.close();
  watch = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a watch on `paths` and resolves with its first report. */
function firstReport(paths: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    watch = watchFiles(paths, dir, resolve);
  });
}

describe("watchFiles", () => {
  it("watches a file given by path on its own, not the folder around it", async () => {
    dir = mkdtempSync(join(tmpdir(), "termin-watch-"));
    const profile = join(dir, "salon.yaml");
    writeFileSync(profile, "id: salon\n");
    const report = firstReport([profile]);
    // A neighbour changes first; only the watched file is reported.
    writeFileSync(join(dir, "other.yaml"), "x");
    writeFileSync(profile, "id: salon\nname: Salon\n");
    expect(await report).toEqual(["salon.yaml"]);
  });

  it(`names at most ${MAX_REPORTED} changed paths in one report and counts the rest`, async () => {
    dir = mkdtempSync(join(tmpdir(), "termin-watch-"));
    const folder = join(dir, "responses");
    mkdirSync(folder);
    const report = firstReport([folder]);
    for (let i = 0; i < MAX_REPORTED + 5; i++)
      writeFileSync(join(folder, `t${String(i).padStart(2, "0")}.hbs`), "x");
    const paths = await report;
    expect(paths).toHaveLength(MAX_REPORTED + 1);
    expect(paths.at(-1)).toBe("and 5 more");
    expect(paths[0]).toBe(join("responses", "t00.hbs"));
  });
});
