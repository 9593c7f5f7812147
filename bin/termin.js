#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx, so there is no build step between editing and running.
import { register } from "tsx/esm/api";

// A reader that stops early (`termin replay evals/transcripts | head -3`) closes the pipe: stop quietly, as Unix
// tools do, instead of a stack trace for EPIPE.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
