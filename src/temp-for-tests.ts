/**
 * Temporary folders for tests, and copies of the shipped response templates to edit: made in the system's temporary
 * folder and removed after each test of the file or describe block that asked for them.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { PROMPTS_DIR } from "./calendar/profile.ts";

/**
 * A maker of fresh temporary folders named `termin-<name>-…`. Call it where `afterEach` may be registered (a test
 * file's top level or a describe block): the folders it made are removed after each test there.
 */
export function tempFolders(name: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), `termin-${name}-`));
    made.push(dir);
    return dir;
  };
}

/** The shipped response templates copied into `dir`, with the files of `replaced` (relative paths) written over. */
export function responsesIn(dir: string, replaced: Record<string, string> = {}): string {
  cpSync(join(PROMPTS_DIR, "responses"), dir, { recursive: true });
  for (const [file, text] of Object.entries(replaced)) writeFileSync(join(dir, file), text);
  return dir;
}
