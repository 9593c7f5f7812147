/**
 * promptfoo's test generator (`tests: {path: file://evals/tests.ts, config: ...}` in promptfooconfig.yaml): one test
 * per transcript in the folder, so a new `evals/transcripts/*.yaml` is a new test with no edit anywhere else. The
 * config adds what a file cannot say for itself: a transcript's description in the report and assertions beyond
 * `defaultTest`, keyed by the file's name without extension.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestCase } from "promptfoo";
import { parse as parseYaml } from "yaml";
import { MAX_TRANSCRIPT_BYTES } from "../src/evals/transcript.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The folder tests are generated from when the config names none. */
export const TRANSCRIPTS_DIR = "evals/transcripts";

/** What promptfooconfig.yaml may add to the test of one transcript. */
export type TestExtras = Pick<TestCase, "description" | "assert">;

/** The generator's `config` in promptfooconfig.yaml. */
export interface TranscriptTestsConfig {
  /** Folder of the transcripts, relative to the project root (or absolute); default {@link TRANSCRIPTS_DIR}. */
  dir?: string;
  /** Per transcript (file name without `.yaml`/`.yml`): its description and extra assertions. */
  extras?: Record<string, TestExtras>;
}

/** One generated test: the transcript the provider replays, and what the report calls it. */
export interface TranscriptTest {
  description: string;
  vars: { transcript: string };
  assert?: TestCase["assert"];
}

const TRANSCRIPT_FILE = /\.ya?ml$/;

/**
 * A transcript's own `description`, else its `name`, else its file name. Only the YAML is read: validating the call
 * is the provider's job, which reports a broken file as that test's failure.
 */
function describedBy(file: string, fallback: string): string {
  try {
    if (statSync(file).size > MAX_TRANSCRIPT_BYTES) return fallback;
    const data: unknown = parseYaml(readFileSync(file, "utf8"));
    if (typeof data !== "object" || data === null) return fallback;
    const { description, name } = data as { description?: unknown; name?: unknown };
    if (typeof description === "string" && description !== "") return description;
    return typeof name === "string" && name !== "" ? name : fallback;
  } catch {
    return fallback;
  }
}

/**
 * The tests of every `*.yaml`/`*.yml` in the folder, sorted by file name. An `extras` key that names no transcript
 * throws: a renamed transcript must not lose its assertions without notice.
 */
export default function transcriptTests(config: TranscriptTestsConfig = {}): TranscriptTest[] {
  const dir = config.dir ?? TRANSCRIPTS_DIR;
  const folder = isAbsolute(dir) ? dir : resolve(ROOT, dir);
  const files = readdirSync(folder)
    .filter((f) => TRANSCRIPT_FILE.test(f))
    .sort();
  const extras = config.extras ?? {};
  const names = new Set(files.map((f) => f.replace(TRANSCRIPT_FILE, "")));
  const stale = Object.keys(extras).filter((key) => !names.has(key));
  if (stale.length > 0)
    throw new Error(`promptfooconfig.yaml tests.config.extras: no transcript ${stale.join(", ")} in ${dir}`);
  return files.map((file) => {
    const name = file.replace(TRANSCRIPT_FILE, "");
    const extra = extras[name] ?? {};
    const description = extra.description ?? describedBy(join(folder, file), name);
    return {
      description,
      // The provider resolves a relative path against promptfoo's working folder, the project root.
      vars: { transcript: isAbsolute(dir) ? join(dir, file) : `${dir.replace(/\/$/, "")}/${file}` },
      ...(extra.assert === undefined ? {} : { assert: extra.assert }),
    };
  });
}
