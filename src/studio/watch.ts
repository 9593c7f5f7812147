/**
 * Watches the files a developer edits while tuning (response templates, system prompt, business profile,
 * transcripts) and reports which changed, a burst of writes as one report. Nothing is cached here: the next call
 * or replay reads the files again; the page only learns that it is worth running again.
 */
import { type FSWatcher, watch } from "node:fs";
import { join, relative } from "node:path";

/** A running watch; `close` stops it. */
export interface FileWatch {
  close(): void;
}

/** How long writes are gathered before one report (an editor's save is often several events). */
const SETTLE_MS = 100;

/**
 * Watches `dirs` (recursively, so `responses/partials/` counts) and calls `onChange` with the changed paths,
 * relative to `base`. A directory that does not exist is skipped: there is nothing in it to edit.
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
    if (paths.length > 0) onChange(paths);
  };
  for (const dir of new Set(dirs)) {
    try {
      const watcher = watch(dir, { recursive: true }, (_event, name) => {
        if (name === null || name.endsWith("~") || name.includes(".swp")) return;
        pending.add(relative(base, join(dir, name)) || name);
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
