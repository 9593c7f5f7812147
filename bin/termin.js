#!/usr/bin/env node
// In a checkout (src/ and the dev dependency tsx present) the command runs the TypeScript sources through tsx, so an
// edit needs no build. Installed from the package, it runs the JavaScript built into dist/ (`npm run build`, which
// `prepare` runs for `npm ci` and `npm pack`): no TypeScript loader at run time.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/cli/bin.ts", import.meta.url);
const built = new URL("../dist/src/cli/bin.js", import.meta.url);

async function tsx() {
  try {
    return await import("tsx/esm/api");
  } catch {
    return null;
  }
}

const loader = existsSync(fileURLToPath(source)) ? await tsx() : null;
if (loader !== null) {
  loader.register();
  await import(source.href);
} else if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  console.error("termin: dist/ is missing; run `npm run build` (or `npm ci`, which builds it)");
  process.exitCode = 1;
}
