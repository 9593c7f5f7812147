import { PassThrough } from "node:stream";
import type { CliIO } from "./io.ts";
import { main } from "./main.ts";

/** In-memory streams for a command run in-process, with what it printed so far. */
export function memoryIO(
  env: NodeJS.ProcessEnv = {},
): CliIO & { stdin: PassThrough; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString("utf8")));
  stderr.on("data", (c: Buffer) => err.push(c.toString("utf8")));
  return { stdin: new PassThrough(), stdout, stderr, env, out: () => out.join(""), err: () => err.join("") };
}

/** What one `termin` run printed, and its exit code. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout split into lines, without empty ones. */
  lines: string[];
}

/**
 * Runs `termin <args>` in-process with in-memory streams: `input` is piped to stdin (not a TTY), `env` is the
 * whole environment the command sees (no OpenAI settings leak in from the machine). For the kit's own tests and
 * for agent developers who test their own commands.
 */
export async function runCli(args: string[], input = "", env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const io = memoryIO(env);
  io.stdin.end(input);
  const code = await main(args, io);
  // Let the streams deliver what was written just before main returned.
  await new Promise((r) => setImmediate(r));
  const text = io.out();
  return { code, out: text, err: io.err(), lines: text.split("\n").filter((l) => l !== "") };
}
