/**
 * promptfoo custom provider: runs a whole transcript (`vars.transcript`) through the agent harness on the
 * simulated calendar. Output = the conversation, then one line of the call's tool calls in OpenAI shape
 * (`{"tool_calls":[...]}`, which `tool-call-f1` reads). Metadata = the replay report (failures per check),
 * the Markdown trace and the final calendar, for the `javascript` assertions in evals/assertions.ts.
 */
import { isAbsolute, resolve } from "node:path";
import { replayTranscript } from "../src/evals/replay.ts";
import { jsonReport } from "../src/evals/report.ts";
import { loadTranscript } from "../src/evals/transcript.ts";
import { renderTraceMarkdown } from "../src/trace/markdown.ts";

interface ProviderOptions {
  id?: string;
  label?: string;
  config?: { model?: "rule" | "openai"; templatesDir?: string };
}

interface CallContext {
  vars: Record<string, unknown>;
}

/** Turns a replay into promptfoo's provider response. */
export default class TerminReplayProvider {
  private readonly providerId: string;
  readonly label: string | undefined;
  private readonly config: NonNullable<ProviderOptions["config"]>;

  constructor(options: ProviderOptions = {}) {
    this.providerId = options.id ?? "termin-replay";
    this.label = options.label;
    this.config = options.config ?? {};
  }

  id(): string {
    return this.providerId;
  }

  async callApi(
    _prompt: string,
    context?: CallContext,
  ): Promise<{ output?: string; error?: string; metadata?: Record<string, unknown> }> {
    const path = context?.vars["transcript"];
    if (typeof path !== "string") return { error: "test has no vars.transcript (path of a transcript YAML)" };
    const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
    try {
      const report = await replayTranscript(loadTranscript(file), {
        model: this.config.model ?? "rule",
        ...(this.config.templatesDir === undefined ? {} : { templatesDir: this.config.templatesDir }),
      });
      const lines = [`Agent: ${report.greeting}`];
      for (const t of report.turns) lines.push(`Anrufer: ${t.caller}`, `Agent: ${t.agent}`);
      const toolCalls = report.toolCalls.map((c) => ({
        id: `call_${c.id}`,
        type: "function",
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      }));
      lines.push(JSON.stringify({ tool_calls: toolCalls }));
      return {
        output: lines.join("\n"),
        metadata: {
          report: jsonReport(report),
          trace: renderTraceMarkdown(report.events),
          calendar: report.bookings,
          // How often the speech guard had to correct the model's words in this call, by rule.
          guard: report.guard,
        },
      };
    } catch (error) {
      return { error: `${path}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
