/**
 * Watches the files a developer edits while tuning (response templates, system prompt, business profile,
 * transcripts) and reports which changed, a burst of writes as one report. Nothing is cached here: the next call
 * or replay reads the files again; the page only learns that it is worth running again.
 */
import { type FSWatcher, statSync, watch } from "node:fs";
import { join, relative } from "node:path";

/** A running watch; `close` stops it. */
export interface FileWatch {
  close(): void;
}

/** How long writes are gathered before one report (an editor's save is often several events). */
const SETTLE_MS = 100;

/** At most this many changed paths are named in one report; the rest are counted ("and 12 more"). */
export const MAX_REPORTED = 20;

/**
 * Watches `dirs` (a folder recursively, so `responses/partials/` counts; a file on its own, so a profile or prompt
 * given by path does not put its whole folder under watch) and calls `onChange` with the changed paths, relative to
 * `base`, at most {@link MAX_REPORTED} of them named. A path that does not exist is skipped: there is nothing to edit.
 */
export function watchFiles(
  dirs: readonly string[],
  base: string,
  onChange: (paths: string[]) => void,
): FileWatch {
  const watchers: FSWatcher[] = [];
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    const paths = [...pending].sort();
    pending = new Set();
    if (paths.length > MAX_REPORTED)
      onChange([...paths.slice(0, MAX_REPORTED), `and ${paths.length - MAX_REPORTED} more`]);
    else if (paths.length > 0) onChange(paths);
  };
  for (const dir of new Set(dirs)) {
    try {
      const folder = statSync(dir).isDirectory();
      const watcher = watch(dir, { recursive: folder }, (_event, name) => {
        if (name === null || name.endsWith("~") || name.includes(".swp")) return;
        pending.add(relative(base, folder ? join(dir, name) : dir) || name);
        timer ??= setTimeout(flush, SETTLE_MS);
      });
      // A watched folder that goes away ends its watch; the studio goes on without it.
      watcher.on("error", () => watcher.close());
      watchers.push(watcher);
    } catch {
      // Missing folder: nothing to watch.
    }
  }
  return {
    close() {
      if (timer !== null) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
