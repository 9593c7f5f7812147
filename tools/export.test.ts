import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.ts";
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportTools,
  PLACEHOLDER_WEBHOOK_URL,
  renderExport,
  writeExports,
} from "./export.ts";
import { TOOLS } from "./index.ts";
import { checkOpenAIStrict } from "./strict-check.ts";

/** The JSON schema inside one exported entry, wherever the format keeps it. */
function parametersOf(format: ExportFormat, entry: Record<string, unknown>): object {
  const holder =
    format === "openai" || format === "vapi" ? (entry["function"] as Record<string, unknown>) : entry;
  return holder["parameters"] as object;
}

const GENERATED_DIR = join(import.meta.dirname, "generated");

describe("exportTools", () => {
  it.each(EXPORT_FORMATS)("%s: every tool's schema passes OpenAI strict mode", (format) => {
    const entries = exportTools(format);
    expect(entries).toHaveLength(TOOLS.length);
    for (const entry of entries) {
      const parameters = parametersOf(format, entry);
      expect(parameters).not.toEqual({});
      expect(checkOpenAIStrict(parameters)).toEqual([]);
    }
  });

  it("openai: Chat Completions function tools with strict: true", () => {
    const [first] = exportTools("openai");
    expect(first).toEqual({
      type: "function",
      function: {
        name: "check_availability",
        description: TOOLS[0].description,
        parameters: TOOLS[0].jsonSchema,
        strict: true,
      },
    });
  });

  it("responses and realtime: flat function tools; only Responses has strict", () => {
    const [responses] = exportTools("responses");
    const [realtime] = exportTools("realtime");
    expect(Object.keys(responses ?? {})).toEqual(["type", "name", "description", "parameters", "strict"]);
    expect(realtime).toEqual({
      type: "function",
      name: "check_availability",
      description: TOOLS[0].description,
      parameters: TOOLS[0].jsonSchema,
    });
  });

  it("retell: custom functions that speak the German start message verbatim", () => {
    const hold = exportTools("retell", { webhookUrl: "https://agent.example.com/tools" })[1];
    expect(hold).toEqual({
      type: "custom",
      name: "hold_slot",
      description: TOOLS[1].description,
      url: "https://agent.example.com/tools",
      method: "POST",
      parameters: TOOLS[1].jsonSchema,
      speak_during_execution: true,
      execution_message_description: "Einen Moment, ich reserviere Ihnen den Termin.",
      execution_message_type: "static_text",
      speak_after_execution: true,
      timeout_ms: 10_000,
    });
  });

  it("vapi: function tools with request-start/request-failed messages and the server URL", () => {
    const [check] = exportTools("vapi");
    expect(check).toEqual({
      type: "function",
      function: {
        name: "check_availability",
        description: TOOLS[0].description,
        parameters: TOOLS[0].jsonSchema,
      },
      messages: [
        { type: "request-start", content: "Einen Moment bitte, ich schaue im Kalender nach." },
        {
          type: "request-failed",
          content:
            "Entschuldigung, der Kalender antwortet gerade nicht. Versuchen wir es gleich noch einmal.",
        },
      ],
      server: { url: PLACEHOLDER_WEBHOOK_URL },
    });
  });

  it("rejects a webhook URL that is not http(s)", () => {
    expect(() => exportTools("vapi", { webhookUrl: "not a url" })).toThrow(ConfigError);
    expect(() => exportTools("retell", { webhookUrl: "ftp://example.com/x" })).toThrow(/http or https/);
  });

  it("hands out copies: editing an export leaves the tools untouched", () => {
    const [entry] = exportTools("responses");
    (entry?.["parameters"] as Record<string, unknown>)["additionalProperties"] = true;
    expect(exportTools("responses")[0]?.["parameters"]).toEqual(TOOLS[0].jsonSchema);
  });
});

describe("tools/generated", () => {
  it.each(EXPORT_FORMATS)("%s.json is up to date with the Zod schemas", async (format) => {
    const committed = await readFile(join(GENERATED_DIR, `${format}.json`), "utf8").catch(() => "(missing)");
    const fresh = renderExport(format);
    if (committed !== fresh) {
      expect.fail(
        `tools/generated/${format}.json is stale or missing: run "npm run tools:export" and commit it`,
      );
    }
  });

  it("writeExports writes exactly what renderExport renders", async () => {
    const dir = await mkdtemp(join(tmpdir(), "termin-tools-"));
    try {
      const paths = await writeExports(join(dir, "out"), ["openai", "vapi"]);
      expect(paths).toEqual([join(dir, "out", "openai.json"), join(dir, "out", "vapi.json")]);
      expect(await readFile(join(dir, "out", "vapi.json"), "utf8")).toBe(renderExport("vapi"));
      expect(renderExport("vapi").endsWith("}\n]\n")).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
