/**
 * Whether `dist/` holds the current sources built, for tests that start a process of the kit: they run the built
 * JavaScript when it is current (as a user of the package does), and the TypeScript sources through tsx otherwise. A
 * tsx start costs about 0.6 s of CPU time more than a plain node start, for every child process.
 */
import { type Dirent, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

/** The newest modification time (ms) of the files under `dir`, 0 when it does not exist. */
function newestIn(dir: string): number {
  let newest = 0;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether `dist/` was built after its sources were last written (`npm ci` builds it through `prepare`). Read again on
 * each call: a test may build it. `npm run build` writes `dist/.built` last, so a build still being written (its
 * first files newer than the sources already) does not count.
 */
export function distIsFresh(): boolean {
  const built = join(ROOT, "dist", ".built");
  if (!existsSync(built) || !existsSync(join(ROOT, "dist", "src", "index.js"))) return false;
  const sources = [join(ROOT, "src"), join(ROOT, "tools")].map(newestIn);
  const configs = ["package.json", "tsconfig.json", "tsconfig.build.json"].map(
    (f) => statSync(join(ROOT, f)).mtimeMs,
  );
  return Math.max(...sources, ...configs) < statSync(built).mtimeMs;
}

/**
 * The file of the kit's module `source` (a path under `src/`, such as `src/cli/bin.ts`) that a child process should run,
 * and the node options it needs: the built JavaScript when `dist/` is current, else the TypeScript file through tsx.
 */
export function kitModule(source: string): { path: string; execArgv: string[] } {
  if (distIsFresh()) return { path: join(ROOT, "dist", source.replace(/\.ts$/, ".js")), execArgv: [] };
  return { path: join(ROOT, source), execArgv: ["--import", "tsx"] };
}
