import type { Readable, Writable } from "node:stream";

/** The streams a command talks to; tests pass their own. */
export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/** A `termin` subcommand. `run` returns the exit code; it never calls `process.exit`. */
export interface Command {
  /** Full text for `termin <cmd> --help`. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** The process's own streams. */
export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Writes a line. */
export function println(stream: Writable, text = ""): void {
  stream.write(`${text}\n`);
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
