/**
 * Turns Zod issues on a tool call's arguments into one short English message the model can act on: every bad
 * field is named with what was expected, so the model can fix all of them in a single retry. The message
 * summarises and never echoes: a value is quoted to {@link MAX_QUOTED_LENGTH} characters, at most
 * {@link MAX_ISSUES_NAMED} problems are named, and no input (deep, cyclic, huge) makes it throw.
 */
import type { z } from "zod";

type Json = Record<string, unknown>;

/**
 * Most characters of a value the model sent (or of any text taken from it) that a message quotes: enough to
 * recognise a name or a phrase, never an echo of a runaway 10 MB value back into the model's context.
 */
export const MAX_QUOTED_LENGTH = 200;

/**
 * Most problems one message names. A real mistake touches one or two fields; five keep the message short (well
 * under 1 KB) when the model sent hundreds of unknown fields, and the rest show up on the next try.
 */
export const MAX_ISSUES_NAMED = 5;

/** Longest field path a message names: a path of long keys nested deep is cut, since the top of it locates it. */
const MAX_FIELD_LENGTH = 100;

/** `text` cut to `max` characters, saying how long it was when cut. */
export function clip(text: string, max: number = MAX_QUOTED_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** A short, safe description of any value: a string quoted (cut), a scalar as is, a container by kind and size. */
export function preview(value: unknown): string {
  if (typeof value === "string") {
    const quoted = JSON.stringify(value.slice(0, MAX_QUOTED_LENGTH));
    if (value.length <= MAX_QUOTED_LENGTH && quoted.length <= MAX_QUOTED_LENGTH + 2) return quoted;
    return `${quoted.slice(0, MAX_QUOTED_LENGTH + 1)}…" (${value.length} characters)`;
  }
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** The dotted path of a field, cut to {@link MAX_FIELD_LENGTH}. */
function fieldName(path: readonly PropertyKey[]): string {
  return clip(path.map(String).join("."), MAX_FIELD_LENGTH);
}

/** One problem with the arguments: where, and what is wrong, in words the model can act on. */
export interface ArgumentProblem {
  path: readonly PropertyKey[];
  message: string;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `null`, `array`, or the `typeof` name: what the model actually sent. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let node: unknown = root;
  for (const key of path) {
    if (!isObject(node) && !Array.isArray(node)) return { found: false, value: undefined };
    if (!(String(key) in (node as object))) return { found: false, value: undefined };
    node = (node as Record<string, unknown>)[String(key)];
  }
  return { found: true, value: node };
}

/** The JSON schema of a top-level property, when the path is one; nested paths fall back to Zod's words. */
function propertySchema(jsonSchema: Json, path: readonly PropertyKey[]): Json | undefined {
  if (path.length !== 1) return undefined;
  const properties = jsonSchema["properties"];
  if (!isObject(properties)) return undefined;
  const schema = properties[String(path[0])];
  return isObject(schema) ? schema : undefined;
}

function expectedTypes(schema: Json | undefined, fallback: string): string {
  const t = schema?.["type"];
  if (Array.isArray(t)) return t.join(" or ");
  return typeof t === "string" ? t : fallback;
}

function describeIssue(issue: z.core.$ZodIssue, args: unknown, jsonSchema: Json): string[] {
  const field = fieldName(issue.path);
  const at = valueAt(args, issue.path);
  const schema = propertySchema(jsonSchema, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map(
        (key) => `${field ? `${field}.` : ""}${clip(key, MAX_FIELD_LENGTH)}: unknown field, remove it`,
      );
    case "invalid_type": {
      if (field === "") return [`arguments: expected a JSON object, got ${kindOf(args)}`];
      if (!at.found) {
        const nullable = expectedTypes(schema, "").split(" or ").includes("null");
        return [`${field}: missing${nullable ? " (send null if the caller did not say)" : ""}`];
      }
      return [`${field}: expected ${expectedTypes(schema, issue.expected)}, got ${kindOf(at.value)}`];
    }
    case "invalid_value": {
      const options = clip(issue.values.map(preview).join(", "));
      if (!at.found) return [`${field}: missing (one of ${options})`];
      return [`${field}: expected one of ${options}, got ${preview(at.value)}`];
    }
    default:
      return [`${field || "arguments"}: ${clip(issue.message)}`];
  }
}

/** The message for `parts`: the first {@link MAX_ISSUES_NAMED} named, the rest counted, and what to send instead. */
function message(toolName: string, parts: readonly string[], jsonSchema: Json): string {
  const named = parts.slice(0, MAX_ISSUES_NAMED);
  const more = parts.length - named.length;
  const rest = more > 0 ? `; and ${more} more problem${more === 1 ? "" : "s"}` : "";
  const properties = isObject(jsonSchema["properties"]) ? Object.keys(jsonSchema["properties"]) : [];
  return (
    `Invalid arguments for ${toolName}: ${named.join("; ")}${rest}. ` +
    `Call ${toolName} again with all of: ${properties.join(", ")}.`
  );
}

/** One message for all issues, e.g. `Invalid arguments for hold_slot: slot_id: missing. Call hold_slot again ...` */
export function formatIssues(
  toolName: string,
  issues: readonly z.core.$ZodIssue[],
  args: unknown,
  jsonSchema: Json,
): string {
  const parts = issues.flatMap((issue) => {
    try {
      return describeIssue(issue, args, jsonSchema);
    } catch {
      // `args` may be anything a platform decoded (a getter, a proxy); the model must still get a message.
      return [`${fieldName(issue.path)}: invalid`];
    }
  });
  return message(toolName, parts, jsonSchema);
}

/** One message for problems found before the schema ran (size, nesting, string length), in the same form. */
export function formatProblems(
  toolName: string,
  problems: readonly ArgumentProblem[],
  jsonSchema: Json,
): string {
  const parts = problems.map((p) => `${fieldName(p.path) || "arguments"}: ${clip(p.message)}`);
  return message(toolName, parts, jsonSchema);
}

/** The message for arguments that are not JSON at all. */
export function formatJsonError(toolName: string, error: unknown, jsonSchema: Json): string {
  // The parser's message quotes the text around the error; cut, it still says what and where.
  const detail = clip(error instanceof Error ? error.message : String(error));
  const properties = isObject(jsonSchema["properties"]) ? Object.keys(jsonSchema["properties"]) : [];
  return (
    `Invalid arguments for ${toolName}: not valid JSON (${detail}). ` +
    `Call ${toolName} again with one JSON object holding all of: ${properties.join(", ")}.`
  );
}
