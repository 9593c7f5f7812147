/**
 * The kit's tools in the JSON shape each platform expects. The committed files in `tools/generated/` are exactly
 * what `writeExports("tools/generated")` writes; a test fails when they fall behind the Zod schemas.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "../src/errors.ts";
import type { ToolDefinition } from "./define-tool.ts";
import { TOOLS } from "./index.ts";

/** Every supported target: OpenAI Chat Completions, Responses, Realtime, Retell custom functions, Vapi tools. */
export const EXPORT_FORMATS = ["openai", "responses", "realtime", "retell", "vapi"] as const;

/** One export target. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Where Retell and Vapi send tool calls unless `webhookUrl` is given. `.invalid` can never resolve (RFC 6761),
 * so an agent deployed with the committed files fails loudly instead of posting call data to a stranger.
 */
export const PLACEHOLDER_WEBHOOK_URL = "https://example.invalid/termin/tools";

/** Options for the platform formats. */
export interface ExportOptions {
  /** The tool server Retell and Vapi call; defaults to `PLACEHOLDER_WEBHOOK_URL`. */
  webhookUrl?: string;
}

// Slot queries and bookings can each take a few Cal.com round trips; 10 s leaves room without a dead line.
const RETELL_TIMEOUT_MS = 10_000;

/** True when `value` names a supported format. */
export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`webhook URL ${JSON.stringify(url)} is not a valid URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`webhook URL ${JSON.stringify(url)} must use http or https`);
  }
  return url;
}

// Each entry gets its own copy, so a consumer that edits the JSON cannot reach the frozen tool definitions.
const parametersOf = (tool: ToolDefinition) => structuredClone(tool.jsonSchema) as Record<string, unknown>;

function exportOne(format: ExportFormat, tool: ToolDefinition, url: string): Record<string, unknown> {
  const { name, description, messages } = tool;
  const parameters = parametersOf(tool);
  switch (format) {
    case "openai":
      return { type: "function", function: { name, description, parameters, strict: true } };
    case "responses":
      return { type: "function", name, description, parameters, strict: true };
    case "realtime":
      // The Realtime API has no `strict` flag; the schema is strict-compatible anyway.
      return { type: "function", name, description, parameters };
    case "retell":
      return {
        type: "custom",
        name,
        description,
        url,
        method: "POST",
        parameters,
        speak_during_execution: messages !== undefined,
        // static_text: speak our German sentence as written instead of letting the LLM improvise one.
        ...(messages === undefined
          ? {}
          : { execution_message_description: messages.requestStart, execution_message_type: "static_text" }),
        speak_after_execution: true,
        timeout_ms: RETELL_TIMEOUT_MS,
      };
    case "vapi":
      return {
        type: "function",
        function: { name, description, parameters },
        ...(messages === undefined
          ? {}
          : {
              messages: [
                { type: "request-start", content: messages.requestStart },
                { type: "request-failed", content: messages.requestFailed },
              ],
            }),
        server: { url },
      };
  }
}

/** The tools list for one platform, as plain JSON values. Throws `ConfigError` for a bad webhook URL. */
export function exportTools(format: ExportFormat, options: ExportOptions = {}): Record<string, unknown>[] {
  const url = checkedUrl(options.webhookUrl ?? PLACEHOLDER_WEBHOOK_URL);
  return TOOLS.map((tool) => exportOne(format, tool, url));
}

/** The file text for one format: 2-space JSON with a trailing newline, as committed in `tools/generated/`. */
export function renderExport(format: ExportFormat, options: ExportOptions = {}): string {
  return `${JSON.stringify(exportTools(format, options), null, 2)}\n`;
}

/** Writes `<dir>/<format>.json` for each format, creating `dir`; returns the paths written. */
export async function writeExports(
  dir: string,
  formats: readonly ExportFormat[] = EXPORT_FORMATS,
  options: ExportOptions = {},
): Promise<string[]> {
  // Render everything first, so a bad option leaves no half-written directory behind.
  const files = formats.map((format) => ({
    path: join(dir, `${format}.json`),
    text: renderExport(format, options),
  }));
  await mkdir(dir, { recursive: true });
  for (const file of files) await writeFile(file.path, file.text, "utf8");
  return files.map((file) => file.path);
}
