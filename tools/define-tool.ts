/**
 * `defineTool()`: one Zod object schema is the only definition of a tool's input. The same object gives the JSON
 * schema the model sees, parses the model's arguments, and types the handler through `z.infer`. Every check runs
 * when the tool module loads, so a broken tool fails at import, not in the middle of a call.
 */
import { z } from "zod";
import { ConfigError, ModelOutputError, type SafeResult } from "../src/errors.ts";
import { formatIssues, formatJsonError } from "./format-issues.ts";
import { checkOpenAIStrict } from "./strict-check.ts";

/** What platforms may say while the tool runs (Vapi `request-start`/`request-failed`, Retell's execution message). */
export interface ToolMessages {
  /** Spoken when the call starts, e.g. "Einen Moment bitte, ich schaue im Kalender nach." */
  requestStart: string;
  /** Spoken when the tool server fails or times out. */
  requestFailed: string;
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
  const safeParse = (args: unknown): SafeResult<Args, ModelOutputError> => {
    const result = input.safeParse(args);
    if (result.success) return { ok: true, value: result.data };
    const message = formatIssues(name, result.error.issues, args, jsonSchema);
    return { ok: false, error: new ModelOutputError(message, name, { cause: result.error }) };
  };
  const safeParseJson = (text: string): SafeResult<Args, ModelOutputError> => {
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
