/**
 * Writes a call's trace next to its siblings: `<name>.md` for people, `<name>.json` (the redacted events)
 * for tools that re-render or compare traces. Runs once after a call, never on the per-turn path.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { TraceEvent } from "./events.ts";
import { type RenderTraceOptions, renderTraceMarkdown } from "./markdown.ts";
import { redact } from "./redact.ts";

/**
 * Turns a call id or transcript name into a safe file name: no path separators, no leading dots,
 * only letters, digits, `.`, `_` and `-`, at most 100 characters.
 */
export function traceFileName(name: string): string {
  const cleaned = name
    // Umlauts lose their dots and ß becomes ss, so German transcript names stay readable.
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 100);
  return cleaned === "" ? "trace" : cleaned;
}

/**
 * Writes `<dir>/<name>.md` and `<dir>/<name>.json` (redacted events, 2-space JSON), creating `dir`.
 * Returns the paths of the two files.
 */
export async function writeTrace(
  dir: string,
  name: string,
  events: readonly TraceEvent[],
  options: RenderTraceOptions = {},
): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true });
  const base = join(dir, traceFileName(name));
  const paths = { markdown: `${base}.md`, json: `${base}.json` };
  await Promise.all([
    // A cut block in the Markdown points to the JSON file beside it, which has everything.
    writeFile(
      paths.markdown,
      renderTraceMarkdown(events, { ...options, fullTrace: basename(paths.json) }),
      "utf8",
    ),
    writeFile(paths.json, JSON.stringify(redact([...events]), null, 2) + "\n", "utf8"),
  ]);
  return paths;
}
