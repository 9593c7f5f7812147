/**
 * Reads a hand-written YAML data file under `prompts/` (the rule model's lexicon, the service vocabulary) and
 * validates it with its Zod schema: a missing, unreadable or invalid file is one ConfigError naming the file and
 * the first fields at fault, at load rather than in the middle of a call.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "./errors.ts";

/** How many schema problems one error names; the rest are counted. */
const MAX_ISSUES = 5;

/** The file's data, checked by `schema`; `what` names the kind of file in the error ("rule-model lexicon"). */
export function readYamlData<S extends z.ZodType>(file: string, schema: S, what: string): z.infer<S> {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ConfigError(`cannot read ${what} ${file}: ${(cause as Error).message.split("\n")[0]}`, {
      cause,
    });
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const named = issues
    .slice(0, MAX_ISSUES)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  const more = issues.length > MAX_ISSUES ? `; and ${issues.length - MAX_ISSUES} more` : "";
  throw new ConfigError(`${file}: invalid ${what}: ${named}${more}`);
}
