/** The `termin` command: the arguments in, the exit code out (`bin/termin.js` runs this, built or as source). */
import { main } from "./main.ts";

// A reader that stops early (`termin replay evals/transcripts | head -3`) closes the pipe: stop quietly, as Unix
// tools do, instead of a stack trace for EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2));
