import { KitError } from "../errors.ts";
import { replayTranscript } from "../evals/replay.ts";
import { formatReport, jsonReport } from "../evals/report.ts";
import { loadTranscript, transcriptFiles } from "../evals/transcript.ts";
import { writeTrace } from "../trace/write.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parseGuardOption, parseModelOption } from "./model-option.ts";

const HELP = `termin replay: replay recorded calls against the current prompt, tools and templates

Usage: termin replay <file|dir>... [--model rule|openai] [--json] [--trace DIR] [--guard MODE]

Each transcript (evals/transcripts/*.yaml) runs on a simulated calendar in its recorded state, with a
frozen clock and the other customers acting when they acted. Every per-turn and per-call expectation and
the eight invariants of DESIGN.md are checked. Exit code 0 only when all hold.

Options:
  --model M      rule (default, no key) or openai (OPENAI_API_KEY / OPENAI_BASE_URL / TERMIN_MODEL)
  --json         one JSON object per call and line: name, passed, failures, turns, toolCalls, bookings,
                 guard (turns the speech guard flagged, by rule)
  --trace DIR    write each call's trace as Markdown and JSON into DIR
  --templates D  use the response templates in D instead of prompts/responses
  --guard MODE   speech guard: strict (default; flagged model words are replaced by the tool's template),
                 warn (spoken, traced) or off; also TERMIN_GUARD

Example:
  npx termin replay evals/transcripts
  npx termin replay evals/transcripts/hans-schuster.yaml --trace traces/`;

/** `termin replay` */
export const replayCommand: Command = {
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      model: { type: "string", default: "rule" },
      json: { type: "boolean", default: false },
      trace: { type: "string" },
      templates: { type: "string" },
      guard: { type: "string" },
    });
    if (positionals.length === 0) {
      println(
        io.stderr,
        "termin replay: name at least one transcript file or directory (e.g. evals/transcripts)",
      );
      return 2;
    }
    const model = parseModelOption(values.model) ?? "rule";
    const guard = parseGuardOption(values.guard);
    const files = transcriptFiles(positionals);
    if (files.length === 0) {
      println(io.stderr, `termin replay: no *.yaml transcripts in ${positionals.join(", ")}`);
      return 2;
    }
    let failed = 0;
    let turns = 0;
    for (const file of files) {
      let report: Awaited<ReturnType<typeof replayTranscript>>;
      try {
        report = await replayTranscript(loadTranscript(file), {
          model,
          env: io.env,
          ...(values.templates === undefined ? {} : { templatesDir: values.templates }),
          ...(guard === undefined ? {} : { guard }),
        });
      } catch (error) {
        if (!(error instanceof KitError)) throw error;
        failed++;
        if (values.json)
          println(
            io.stdout,
            JSON.stringify({
              name: file,
              file,
              passed: false,
              failures: [{ check: "load", turn: null, message: error.message }],
              turns: [],
              toolCalls: [],
              bookings: [],
            }),
          );
        else println(io.stdout, `FAIL  ${file}\n  ✗ ${error.message}`);
        continue;
      }
      turns += report.turns.length;
      if (!report.passed) failed++;
      if (values.json) println(io.stdout, JSON.stringify(jsonReport(report)));
      else println(io.stdout, formatReport(report));
      if (values.trace !== undefined) await writeTrace(values.trace, report.name, report.events);
    }
    if (!values.json) {
      // The count alone on its line, as CI summaries read it; the detail on the next.
      println(io.stdout, `\n${files.length - failed} passed, ${failed} failed`);
      println(io.stdout, `(${files.length} calls, ${turns} caller turns)`);
    }
    return failed === 0 ? 0 : 1;
  },
};
