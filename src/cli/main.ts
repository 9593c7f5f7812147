import { type ParseArgsConfig, parseArgs } from "node:util";

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig["options"]>;

import { KitError } from "../errors.ts";
import { type CliIO, type Command, println, processIO } from "./io.ts";

/**
 * Subcommands, each loaded only when it runs, so `termin resolve` does not load the agent and `termin --help` loads
 * none: the summaries live here.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  chat: {
    summary: "chat with the agent locally (simulated calendar, rule-based or OpenAI model)",
    load: async () => (await import("./chat.ts")).chatCommand,
  },
  replay: {
    summary: "replay recorded calls (evals/transcripts) and check expectations and invariants",
    load: async () => (await import("./replay.ts")).replayCommand,
  },
  resolve: {
    summary: "German date/time phrase -> date and time (one phrase, or JSON lines on stdin)",
    load: async () => (await import("./resolve.ts")).resolveCommand,
  },
  tools: {
    summary: "export the tool definitions for OpenAI, Retell or Vapi",
    load: async () => (await import("./tools.ts")).toolsCommand,
  },
  tool: {
    summary: "run tool calls without a model, one JSON result per line",
    load: async () => (await import("./tool.ts")).toolCommand,
  },
  prompt: {
    summary: "print the rendered system prompt for a business, a moment and a caller",
    load: async () => (await import("./prompt.ts")).promptCommand,
  },
  calsim: {
    summary: "serve the Cal.com v2 simulator over HTTP on 127.0.0.1 (with fault injection)",
    load: async () => (await import("./calsim.ts")).calsimCommand,
  },
  serve: {
    summary:
      "serve the agent to voice platforms (Vapi tools and custom LLM, Retell functions and LLM socket)",
    load: async () => (await import("./serve.ts")).serveCommand,
  },
  studio: {
    summary:
      "a local web page: chat with the agent, watch the calendar, read the trace, step through replays",
    load: async () => (await import("./studio.ts")).studioCommand,
  },
  bench: {
    summary:
      "benchmarks: contention, resolve, calsim, sharedkey, faults, rule, guard, week, serve (print figures)",
    load: async () => (await import("./bench.ts")).benchCommand,
  },
};

const USAGE = `termin: build and test German phone agents that book through Cal.com

Usage: termin <command> [options]   (termin <command> --help for details)

Commands:`;

/** Entry point of the `termin` binary; returns the exit code. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    println(io.stdout, USAGE);
    for (const [cmd, { summary }] of Object.entries(COMMANDS))
      println(io.stdout, `  ${cmd.padEnd(8)} ${summary}`);
    return name === undefined ? 1 : 0;
  }
  if (name === "--version") {
    println(io.stdout, "termin-kit 0.1.0");
    return 0;
  }
  const load = COMMANDS[name]?.load;
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
export function parseCommandArgs<const T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}
