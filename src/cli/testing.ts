import { PassThrough } from "node:stream";
import { main } from "./main.ts";

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
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString("utf8")));
  stderr.on("data", (c: Buffer) => err.push(c.toString("utf8")));
  stdin.end(input);
  const code = await main(args, { stdin, stdout, stderr, env });
  // Let the streams deliver what was written just before main returned.
  await new Promise((r) => setImmediate(r));
  const text = out.join("");
  return { code, out: text, err: err.join(""), lines: text.split("\n").filter((l) => l !== "") };
}
