import { type ParseArgsConfig, parseArgs } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

import { KitError } from "../errors.ts";
import { type CliIO, type Command, println, processIO } from "./io.ts";

/** Subcommands, loaded on demand so `termin resolve` does not load the agent. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  chat: async () => (await import("./chat.ts")).chatCommand,
  replay: async () => (await import("./replay.ts")).replayCommand,
  resolve: async () => (await import("./resolve.ts")).resolveCommand,
  tools: async () => (await import("./tools.ts")).toolsCommand,
  tool: async () => (await import("./tool.ts")).toolCommand,
  calsim: async () => (await import("./calsim.ts")).calsimCommand,
  serve: async () => (await import("./serve.ts")).serveCommand,
  bench: async () => (await import("./bench.ts")).benchCommand,
};

const USAGE = `termin: build and test German phone agents that book through Cal.com

Usage: termin <command> [options]   (termin <command> --help for details)

Commands:`;

/** Entry point of the `termin` binary; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    println(io.stdout, USAGE);
    for (const [cmd, load] of Object.entries(COMMANDS)) {
      println(io.stdout, `  ${cmd.padEnd(8)} ${(await load()).summary}`);
    }
    return name === undefined ? 1 : 0;
  }
  if (name === "--version") {
    println(io.stdout, "termin-kit 0.1.0");
    return 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    println(io.stderr, `termin: unknown command "${name}". Run "termin --help" for the list.`);
    return 2;
  }
  const command = await load();
  if (rest.includes("--help") || rest.includes("-h")) {
    println(io.stdout, command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof KitError) {
      println(io.stderr, `termin ${name}: ${(await import("../trace/redact.ts")).redactText(error.message)}`);
      return 2;
    }
    if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
      println(io.stderr, `termin ${name}: ${error.message.split(". ")[0]}. See "termin ${name} --help".`);
      return 2;
    }
    throw error;
  }
}

/** `parseArgs` with the kit's defaults: unknown flags are errors that name the command's --help. */
export function parseCommandArgs<const T extends ParseArgsOptionsConfig>(args: string[], options: T) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
