/**
 * `defineTool()`: one Zod object schema is the only definition of a tool's input. The same object gives the JSON
 * schema the model sees, parses the model's arguments, and types the handler through `z.infer`. Every check runs
 * when the tool module loads, so a broken tool fails at import, not in the middle of a call.
 */
import { z } from "zod";
import { ConfigError, ModelOutputError, type SafeResult } from "../src/errors.ts";
import { type ArgumentProblem, formatIssues, formatJsonError, formatProblems } from "./format-issues.ts";
import { checkOpenAIStrict } from "./strict-check.ts";

/** What platforms may say while the tool runs (Vapi `request-start`/`request-failed`, Retell's execution message). */
export interface ToolMessages {
  /** Spoken when the call starts, e.g. "Einen Moment bitte, ich schaue im Kalender nach." */
  requestStart: string;
  /** Spoken when the tool server fails or times out. */
  requestFailed: string;
}

/** A tool as a model sees it: name, description and JSON schema (`toolSpecs()`). */
export interface ToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

/** A tool's JSON schema: a plain, deeply frozen JSON object that OpenAI strict mode accepts. */
export type ToolJsonSchema = Readonly<Record<string, unknown>>;

/** A checked tool. Arguments always go through `parse`/`safeParse`; the model's JSON is never trusted. */
export interface ToolDefinition<
  Name extends string = string,
  Shape extends z.core.$ZodShape = z.core.$ZodShape,
> {
  readonly name: Name;
  /** English, written for the model: when to call it and what to do with the result. */
  readonly description: string;
  /** The input schema, made strict: unknown keys are rejected, matching `additionalProperties: false`. */
  readonly input: z.ZodObject<Shape, z.core.$strict>;
  /** `z.toJSONSchema(input)` without `$schema`; passes `checkOpenAIStrict`. */
  readonly jsonSchema: ToolJsonSchema;
  readonly messages?: ToolMessages;
  /** Parses already-decoded arguments; throws `ModelOutputError` naming every bad field. */
  parse(args: unknown): z.infer<z.ZodObject<Shape, z.core.$strict>>;
  /** `parse` without throwing. */
  safeParse(args: unknown): SafeResult<z.infer<z.ZodObject<Shape, z.core.$strict>>, ModelOutputError>;
  /** Parses the raw JSON text of a tool call; malformed JSON is a `ModelOutputError` too. */
  parseJson(text: string): z.infer<z.ZodObject<Shape, z.core.$strict>>;
  /** `parseJson` without throwing. */
  safeParseJson(text: string): SafeResult<z.infer<z.ZodObject<Shape, z.core.$strict>>, ModelOutputError>;
}

/** What `defineTool` takes. */
export interface ToolConfig<Name extends string, Shape extends z.core.$ZodShape> {
  name: Name;
  description: string;
  input: z.ZodObject<Shape>;
  messages?: ToolMessages;
}

/** The arguments a tool's handler receives. */
export type ToolArgs<T extends ToolDefinition> = z.infer<T["input"]>;

/**
 * Most characters of JSON text in one tool call's arguments. The largest valid call holds five strings of at most
 * {@link MAX_STRING_LENGTH} characters; even written entirely as `\uXXXX` escapes that is about 15,000 characters.
 */
export const MAX_ARGUMENTS_LENGTH = 16_384;

/**
 * Deepest nesting of arrays and objects in one tool call's arguments (the arguments object itself is level 1).
 * Every kit tool takes one flat object, and OpenAI strict mode allows 10 levels of schema nesting at most; 20 is
 * more than any schema can use, and keeps a 5000-deep value away from the recursive JSON parser, Zod and the error
 * message.
 */
export const MAX_ARGUMENTS_DEPTH = 20;

/**
 * Longest string value or field name in a tool call's arguments: a person's name, a service, the caller's words for
 * a day or a time, an id. Real ones stay under 100 characters; 500 leaves room for a long double name or a wordy
 * phrase, and keeps a runaway value from being booked, spoken or echoed. OpenAI strict mode does not accept
 * `maxLength` in the exported schema, so the bound is enforced here, in code.
 */
export const MAX_STRING_LENGTH = 500;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, read in one pass over the characters (brackets
 * inside strings do not count), so a 5000-deep value is refused before any recursive code sees it. Also used where
 * other JSON enters (`termin resolve --jsonl`).
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character; a quote ends the string.
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * Every bound the decoded arguments break: nesting, overall size (counted as JSON characters, so shared or cyclic
 * references cannot make the walk long) and the length of each string and field name. One walk with its own stack;
 * it stops at the first nesting or size problem.
 */
function boundProblems(args: unknown): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const tooLong = (length: number) => `at most ${MAX_STRING_LENGTH} characters (got ${length})`;
  const tooBig = [{ path: [], message: `at most ${MAX_ARGUMENTS_LENGTH} characters of JSON` }];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: args, path: [] }];
  let size = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, path } = item;
    if (typeof value === "string") {
      size += value.length + 2;
      if (value.length > MAX_STRING_LENGTH) problems.push({ path, message: tooLong(value.length) });
    } else if (typeof value === "object" && value !== null) {
      if (path.length >= MAX_ARGUMENTS_DEPTH) {
        return [{ path: [], message: `at most ${MAX_ARGUMENTS_DEPTH} levels of nesting` }];
      }
      const keys: PropertyKey[] = Array.isArray(value) ? [] : Object.keys(value);
      const count = Array.isArray(value) ? value.length : keys.length;
      // Pushed last to first, so problems come out in the order the model wrote the fields.
      for (let i = count - 1; i >= 0; i -= 1) {
        const key = Array.isArray(value) ? i : (keys[i] as string);
        size += 1;
        if (typeof key === "string") {
          size += key.length + 3;
          if (key.length > MAX_STRING_LENGTH)
            problems.push({ path, message: `field names are ${tooLong(key.length)}` });
        }
        if (size > MAX_ARGUMENTS_LENGTH) return tooBig;
        stack.push({ value: (value as Record<PropertyKey, unknown>)[key], path: [...path, key] });
      }
    } else size += 1;
    if (size > MAX_ARGUMENTS_LENGTH) return tooBig;
  }
  return problems;
}

// OpenAI allows [a-zA-Z0-9_-]{1,64}; lower snake case keeps names identical across every platform we export to.
const NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function toJsonSchema(name: string, input: z.ZodObject): ToolJsonSchema {
  let generated: Record<string, unknown>;
  try {
    // io "input": the model writes the input side. "throw": a transform or date has no JSON form and would
    // otherwise become `{}`, which lets the model send anything.
    generated = z.toJSONSchema(input, { target: "draft-2020-12", io: "input", unrepresentable: "throw" });
  } catch (error) {
    throw new ConfigError(`tool ${name}: input has no JSON schema form: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const { $schema: _dialect, ...schema } = generated;
  return deepFreeze(schema);
}

/**
 * Checks and freezes a tool. Throws `ConfigError` when the name is not lower snake case, the input is not a
 * `z.object`, or its JSON schema breaks OpenAI strict mode (use `.nullable()`, never `.optional()`).
 */
export function defineTool<const Name extends string, Shape extends z.core.$ZodShape>(
  config: ToolConfig<Name, Shape>,
): ToolDefinition<Name, Shape> {
  const { name, description, messages } = config;
  if (typeof name !== "string" || !NAME_PATTERN.test(name)) {
    throw new ConfigError(`tool name ${JSON.stringify(name)} must match ${NAME_PATTERN}`);
  }
  if (typeof description !== "string" || description.trim() === "") {
    throw new ConfigError(`tool ${name}: description must not be empty`);
  }
  if (!(config.input instanceof z.ZodObject)) {
    throw new ConfigError(
      `tool ${name}: input must be a z.object(...) schema; tool arguments are always an object`,
    );
  }
  if (
    messages !== undefined &&
    (messages.requestStart.trim() === "" || messages.requestFailed.trim() === "")
  ) {
    throw new ConfigError(`tool ${name}: messages must not be empty`);
  }
  const input = config.input.strict();
  const jsonSchema = toJsonSchema(name, input);
  const problems = checkOpenAIStrict(jsonSchema);
  if (problems.length > 0) {
    throw new ConfigError(`tool ${name}: schema breaks OpenAI strict mode:\n  ${problems.join("\n  ")}`);
  }

  type Args = z.infer<typeof input>;
  const refuse = (problems: readonly ArgumentProblem[]): { ok: false; error: ModelOutputError } => ({
    ok: false,
    error: new ModelOutputError(formatProblems(name, problems, jsonSchema), name),
  });
  const safeParse = (args: unknown): SafeResult<Args, ModelOutputError> => {
    // Bounds first: Zod and the error message then only ever see small, shallow arguments.
    const problems = boundProblems(args);
    if (problems.length > 0) return refuse(problems);
    const result = input.safeParse(args);
    if (result.success) return { ok: true, value: result.data };
    const message = formatIssues(name, result.error.issues, args, jsonSchema);
    return { ok: false, error: new ModelOutputError(message, name, { cause: result.error }) };
  };
  const safeParseJson = (text: string): SafeResult<Args, ModelOutputError> => {
    if (text.length > MAX_ARGUMENTS_LENGTH) {
      return refuse([
        { path: [], message: `at most ${MAX_ARGUMENTS_LENGTH} characters of JSON (got ${text.length})` },
      ]);
    }
    if (nestsDeeperThan(text, MAX_ARGUMENTS_DEPTH)) {
      return refuse([{ path: [], message: `at most ${MAX_ARGUMENTS_DEPTH} levels of nesting` }]);
    }
    let args: unknown;
    try {
      // Some models send "" for a call they think needs no arguments; as `{}` it yields a "missing" per field.
      args = text.trim() === "" ? {} : JSON.parse(text);
    } catch (error) {
      return {
        ok: false,
        error: new ModelOutputError(formatJsonError(name, error, jsonSchema), name, { cause: error }),
      };
    }
    return safeParse(args);
  };
  const unwrap = (result: SafeResult<Args, ModelOutputError>): Args => {
    if (!result.ok) throw result.error;
    return result.value;
  };

  return Object.freeze({
    name,
    description,
    input,
    jsonSchema,
    ...(messages === undefined ? {} : { messages: Object.freeze({ ...messages }) }),
    parse: (args: unknown) => unwrap(safeParse(args)),
    safeParse,
    parseJson: (text: string) => unwrap(safeParseJson(text)),
    safeParseJson,
  });
}
