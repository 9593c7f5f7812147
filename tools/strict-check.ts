/**
 * Offline check of OpenAI Structured Outputs ("strict: true") rules for a tool's JSON schema, so a schema the
 * API would refuse fails a unit test instead of the first live call. Rules as documented in OpenAI's
 * "Supported schemas" guide: the root is an object (not anyOf); every object has `additionalProperties: false`
 * and lists every property in `required`; optional values are nullable, never left out of `required`; only a
 * subset of keywords is supported.
 */

/** Limits. The current guide allows 10 levels and 5000 properties; older model snapshots and several
 * OpenAI-compatible servers still enforce the first published limits (5 and 100), so those are the default. */
export interface StrictCheckLimits {
  /** Deepest allowed nesting of object schemas; the root object is level 1. */
  maxDepth: number;
  /** Most object properties allowed across the whole schema. */
  maxProperties: number;
}

/** The first published OpenAI limits: every endpoint and snapshot accepts a schema within them. */
export const CONSERVATIVE_LIMITS: StrictCheckLimits = { maxDepth: 5, maxProperties: 100 };

// Keywords OpenAI documents as supported in strict mode. Anything else is flagged: some are refused
// outright (`default`, `allOf`, `not`, `if`), others are undocumented (`minLength`) and only work on some models.
const SUPPORTED_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "description",
  "title",
  "$ref",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
]);

const SUPPORTED_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);

const SUPPORTED_FORMATS = new Set([
  "date-time",
  "time",
  "date",
  "duration",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "uuid",
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typesOf(schema: Json): string[] {
  const t = schema["type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return [];
}

/**
 * Returns every way `schema` breaks OpenAI strict mode, each as `<path>: <problem>`; empty means it passes.
 * Pure and offline.
 */
export function checkOpenAIStrict(schema: object, limits: StrictCheckLimits = CONSERVATIVE_LIMITS): string[] {
  const problems: string[] = [];
  if (!isObject(schema)) return ["(root): schema must be a JSON object"];
  if ("anyOf" in schema)
    problems.push("(root): root must not be anyOf; wrap the variants in an object property");
  if (schema["type"] !== "object") problems.push('(root): root must have type "object"');

  const defs = isObject(schema["$defs"]) ? schema["$defs"] : {};
  let propertyCount = 0;

  const visit = (node: unknown, path: string, depth: number): void => {
    if (!isObject(node)) {
      problems.push(`${path}: schema must be an object, got ${JSON.stringify(node)}`);
      return;
    }
    for (const key of Object.keys(node)) {
      // $defs is only meaningful at the root, where $ref "#/$defs/..." can reach it.
      if (!SUPPORTED_KEYWORDS.has(key) && !(key === "$defs" && path === "(root)")) {
        problems.push(`${path}: keyword "${key}" is not supported in strict mode`);
      }
    }

    const ref = node["$ref"];
    if (ref !== undefined) {
      if (typeof ref !== "string" || !(ref === "#" || ref.startsWith("#/$defs/"))) {
        problems.push(`${path}: $ref must be "#" or point into #/$defs, got ${JSON.stringify(ref)}`);
      } else if (ref !== "#" && !(ref.slice("#/$defs/".length) in defs)) {
        problems.push(`${path}: $ref ${ref} does not resolve`);
      }
      return; // the target is checked where it is defined
    }

    const anyOf = node["anyOf"];
    if (anyOf !== undefined) {
      if (!Array.isArray(anyOf) || anyOf.length === 0) {
        problems.push(`${path}: anyOf must be a non-empty array`);
      } else {
        anyOf.forEach((branch, i) => {
          visit(branch, `${path}.anyOf[${i}]`, depth);
        });
      }
    }

    const types = typesOf(node);
    if (node["type"] !== undefined && types.length === 0) {
      problems.push(`${path}: type must be a string or an array of strings`);
    }
    for (const t of types) {
      if (!SUPPORTED_TYPES.has(t)) problems.push(`${path}: type "${t}" is not supported`);
    }
    // `{}` (what zod-to-json-schema emits for a Zod 4 object) or a bare description: the model could send anything.
    const constrained = types.length > 0 || anyOf !== undefined || "enum" in node || "const" in node;
    if (!constrained) problems.push(`${path}: schema accepts any value; give it a type`);

    const format = node["format"];
    if (format !== undefined && (typeof format !== "string" || !SUPPORTED_FORMATS.has(format))) {
      problems.push(`${path}: format ${JSON.stringify(format)} is not supported`);
    }
    if ("enum" in node && (!Array.isArray(node["enum"]) || node["enum"].length === 0)) {
      problems.push(`${path}: enum must be a non-empty array`);
    }

    if (types.includes("object")) {
      if (depth + 1 > limits.maxDepth) {
        problems.push(`${path}: objects nested ${depth + 1} levels deep; the limit is ${limits.maxDepth}`);
      }
      checkObject(node, path, depth + 1);
    }
    if (types.includes("array")) {
      if (node["items"] === undefined) problems.push(`${path}: array needs "items"`);
      else visit(node["items"], `${path}[]`, depth);
    }
  };

  const checkObject = (node: Json, path: string, depth: number): void => {
    const properties = node["properties"];
    if (!isObject(properties)) {
      problems.push(`${path}: object needs "properties"`);
      return;
    }
    if (node["additionalProperties"] !== false) {
      problems.push(`${path}: object needs "additionalProperties": false`);
    }
    const required = Array.isArray(node["required"]) ? node["required"] : [];
    for (const key of Object.keys(properties)) {
      if (!required.includes(key)) {
        problems.push(
          `${path}.${key}: missing from "required"; strict mode has no optional fields, make it nullable instead`,
        );
      }
    }
    for (const key of required) {
      if (typeof key !== "string" || !(key in properties)) {
        problems.push(`${path}: "required" names ${JSON.stringify(key)}, which is not a property`);
      }
    }
    for (const [key, value] of Object.entries(properties)) {
      propertyCount += 1;
      visit(value, `${path}.${key}`, depth);
    }
  };

  visit(schema, "(root)", 0);
  for (const [name, def] of Object.entries(defs)) visit(def, `$defs.${name}`, 0);
  if (propertyCount > limits.maxProperties) {
    problems.push(`(root): ${propertyCount} properties in total; the limit is ${limits.maxProperties}`);
  }
  return problems;
}
