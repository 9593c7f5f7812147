/**
 * `npm run eval`: runs promptfoo offline on the replayed calls. The rule-based provider always runs; the OpenAI
 * provider joins when OPENAI_API_KEY or OPENAI_BASE_URL is set. No telemetry, sharing, update checks or writes
 * outside the project; promptfoo's exit code (100 = a test failed) is passed on. Plain JavaScript: it only starts
 * promptfoo (which loads the TypeScript provider itself), and a TypeScript loader for this file alone cost 0.65 s of CPU
 * time per run.
 */
import { spawnSync } from "node:child_process";
import { setPriority } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `npm test` runs the eval beside the unit tests, which take longer: the eval yields the CPU to them, so it fills
// the time they wait instead of stretching them. promptfoo inherits the priority.
try {
  setPriority(10);
} catch {
  // Not permitted here: run at the usual priority.
}
const openai = Boolean(process.env["OPENAI_API_KEY"] || process.env["OPENAI_BASE_URL"]);
const args = [
  // The node options this file was started with (`npm test` passes --no-turbofan) apply to promptfoo too.
  ...process.execArgv,
  join(root, "node_modules", "promptfoo", "dist", "src", "entrypoint.js"),
  "eval",
  "-c",
  join(root, "promptfooconfig.yaml"),
  "--no-cache",
  "--no-share",
  "--no-progress-bar",
  ...(openai ? [] : ["--filter-providers", "^termin-rule$"]),
  ...process.argv.slice(2),
];
const result = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_DISABLE_REDTEAM_REMOTE_GENERATION: "1",
    // promptfoo 0.121 can write its per-run debug log after closing the file at exit ("write after end", exit 1
    // with every test passed); the error log stays.
    PROMPTFOO_DISABLE_DEBUG_LOG: process.env["PROMPTFOO_DISABLE_DEBUG_LOG"] ?? "1",
    // Keep promptfoo's database and logs inside the project, not in the home folder.
    PROMPTFOO_CONFIG_DIR: process.env["PROMPTFOO_CONFIG_DIR"] ?? join(root, ".promptfoo"),
  },
});
process.exitCode = result.status ?? 1;
// Without the table (npm test leaves it out) a failure is only counted: say where to read which call failed and why.
if (result.status === 100 && process.argv.includes("--no-table")) {
  console.error(
    "A replayed call failed a check: `npm run eval` prints each call's result and reason; `npm run replay` names the turn of a failed invariant or expectation.",
  );
}
