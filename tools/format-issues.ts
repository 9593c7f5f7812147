/**
 * Turns Zod issues on a tool call's arguments into one short English message the model can act on: every bad
 * field is named with what was expected, so the model can fix all of them in a single retry.
 */
import type { z } from "zod";

type Json = Record<string, unknown>;

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
  const field = issue.path.map(String).join(".");
  const at = valueAt(args, issue.path);
  const schema = propertySchema(jsonSchema, issue.path);
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => `${field ? `${field}.` : ""}${key}: unknown field, remove it`);
    case "invalid_type": {
      if (field === "") return [`arguments: expected a JSON object, got ${kindOf(args)}`];
      if (!at.found) {
        const nullable = expectedTypes(schema, "").split(" or ").includes("null");
        return [`${field}: missing${nullable ? " (send null if the caller did not say)" : ""}`];
      }
      return [`${field}: expected ${expectedTypes(schema, issue.expected)}, got ${kindOf(at.value)}`];
    }
    case "invalid_value": {
      const options = issue.values.map((v) => JSON.stringify(v)).join(", ");
      if (!at.found) return [`${field}: missing (one of ${options})`];
      return [`${field}: expected one of ${options}, got ${JSON.stringify(at.value)}`];
    }
    default:
      return [`${field || "arguments"}: ${issue.message}`];
  }
}

/** One message for all issues, e.g. `Invalid arguments for hold_slot: slot_id: missing. Call hold_slot again ...` */
export function formatIssues(
  toolName: string,
  issues: readonly z.core.$ZodIssue[],
  args: unknown,
  jsonSchema: Json,
): string {
  const parts = issues.flatMap((issue) => describeIssue(issue, args, jsonSchema));
  const properties = isObject(jsonSchema["properties"]) ? Object.keys(jsonSchema["properties"]) : [];
  return (
    `Invalid arguments for ${toolName}: ${parts.join("; ")}. ` +
    `Call ${toolName} again with all of: ${properties.join(", ")}.`
  );
}

/** The message for arguments that are not JSON at all. */
export function formatJsonError(toolName: string, error: unknown, jsonSchema: Json): string {
  const detail = error instanceof Error ? error.message : String(error);
  const properties = isObject(jsonSchema["properties"]) ? Object.keys(jsonSchema["properties"]) : [];
  return (
    `Invalid arguments for ${toolName}: not valid JSON (${detail}). ` +
    `Call ${toolName} again with one JSON object holding all of: ${properties.join(", ")}.`
  );
}
