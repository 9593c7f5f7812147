// `npm test`: the type check, the lint, the unit tests and the eval side by side, each the package.json script of
// that name, started in a shell directly rather than through `npm run` (four more npm processes cost about 1.6 s of
// CPU time on a run that is bound by CPU time). Plain JavaScript, like bin/termin.js: no TypeScript loader to start.
import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { concurrently } from "concurrently";

const root = fileURLToPath(new URL("..", import.meta.url));
const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// The name shown before each line, and the script it runs.
const steps = { typecheck: "typecheck", lint: "lint", unit: "test:unit", eval: "eval" };
// What `npm run` adds: the project's commands first on the PATH (also when this file is run with `node` alone).
const env = { ...process.env, PATH: [join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter) };

// The eval without promptfoo's table of outputs (its first 25 calls, cut to 250 characters each) and without storing
// the run for `promptfoo view`: about 0.7 s of CPU time. `npm run eval` has both.
const extra = { eval: " --no-table --no-write" };
// And without V8's optimizing compiler, whose background work a run this short does not get back: 8.5-8.9 s of CPU
// time instead of 9.6-9.9 s (three runs each), about a second longer, which npm test does not wait for (the unit tests
// take longer). `npm run eval`, run alone, keeps the compiler.
const nodeFlags = { eval: "--no-turbofan" };

/** The package.json script of a step, with the node options of `nodeFlags` after its leading `node`. */
function command(name, script) {
  const flags = nodeFlags[name];
  if (flags === undefined) return script;
  if (!script.startsWith("node "))
    throw new Error(`scripts/test.mjs: the ${name} script no longer starts with node`);
  return `node ${flags} ${script.slice("node ".length)}`;
}

const { result } = concurrently(
  Object.entries(steps).map(([name, script]) => ({
    name,
    command: command(name, scripts[script]) + (extra[name] ?? ""),
    cwd: root,
    env,
  })),
  { group: true, timings: true },
);
result.then(
  () => {
    process.exitCode = 0;
  },
  () => {
    process.exitCode = 1;
  },
);
