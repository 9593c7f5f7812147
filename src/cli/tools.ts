/** `termin tools export`: the tool definitions as JSON for OpenAI, Retell or Vapi. */

import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  exportTools,
  isExportFormat,
  PLACEHOLDER_WEBHOOK_URL,
  renderExport,
  writeExports,
} from "../../tools/export.ts";
import { ConfigError } from "../errors.ts";
import { type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";

const HELP = `termin tools export [--format FORMAT] [--out DIR] [--webhook-url URL]

Exports the agent's tools (tools/*.ts, one Zod schema each) in a platform's JSON shape.

Options:
  --format FORMAT     ${EXPORT_FORMATS.join(" | ")}; default: all formats
  --out DIR           write DIR/<format>.json instead of printing to stdout
  --webhook-url URL   the tool server Retell and Vapi call
                      (default ${PLACEHOLDER_WEBHOOK_URL}, a placeholder that never resolves)

Without --format and --out, prints one JSON object keyed by format.
Regenerate the committed files with: termin tools export --out tools/generated`;

/** The `tools` command; `export` is its only subcommand. */
export const toolsCommand: Command = {
  help: HELP,
  async run(args, io) {
    const parsed = parseCommandArgs(args, {
      format: { type: "string" },
      out: { type: "string" },
      "webhook-url": { type: "string" },
    });
    // parseCommandArgs' `options ?? {}` widens the inferred values to `{}`; these are the flags declared above.
    const values = parsed.values as { format?: string; out?: string; "webhook-url"?: string };
    const positionals = parsed.positionals;
    const [subcommand, ...extra] = positionals;
    if (subcommand !== "export" || extra.length > 0) {
      const got = subcommand === undefined ? "nothing" : JSON.stringify(positionals.join(" "));
      throw new ConfigError(`expected "export", got ${got}. Run "termin tools --help".`);
    }
    let formats: readonly ExportFormat[] = EXPORT_FORMATS;
    if (values.format !== undefined) {
      if (!isExportFormat(values.format)) {
        throw new ConfigError(
          `unknown format ${JSON.stringify(values.format)}; use one of ${EXPORT_FORMATS.join(", ")}`,
        );
      }
      formats = [values.format];
    }
    const options: ExportOptions =
      values["webhook-url"] === undefined ? {} : { webhookUrl: values["webhook-url"] };

    if (values.out !== undefined) {
      for (const path of await writeExports(values.out, formats, options))
        println(io.stdout, `wrote ${path}`);
      return 0;
    }
    const [only] = formats;
    if (formats.length === 1 && only !== undefined) {
      io.stdout.write(renderExport(only, options));
    } else {
      const all = Object.fromEntries(formats.map((format) => [format, exportTools(format, options)]));
      io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    }
    return 0;
  },
};
