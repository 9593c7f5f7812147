import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { ConfigError, ModelOutputError } from "../src/errors.ts";
import { defineTool, MAX_ARGUMENTS_DEPTH, MAX_ARGUMENTS_LENGTH, MAX_STRING_LENGTH } from "./define-tool.ts";

const sample = defineTool({
  name: "sample_tool",
  description: "A tool for tests.",
  input: z.object({
    slot_id: z.string().regex(/\S/, "must not be empty"),
    day: z.string().nullable(),
    mode: z.enum(["a", "b"]),
  }),
});

/** The error a failed parse carries; fails the test when the parse succeeded. */
function errorOf(result: ReturnType<typeof sample.safeParse>): ModelOutputError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe("defineTool at import", () => {
  it.each(["BookSlot", "1tool", "book-slot", "", "a".repeat(65), "book slot"])(
    "rejects the name %j",
    (name) => {
      expect(() => defineTool({ name, description: "x", input: z.object({}) })).toThrow(ConfigError);
    },
  );

  it("accepts a 64-character lower snake case name", () => {
    expect(
      defineTool({ name: `a${"_".repeat(63)}`, description: "x", input: z.object({}) }).name,
    ).toHaveLength(64);
  });

  it("rejects a schema that is not a z.object", () => {
    const input = z.string() as unknown as z.ZodObject;
    expect(() => defineTool({ name: "t", description: "x", input })).toThrow(/input must be a z.object/);
  });

  it("rejects an optional field: OpenAI strict mode wants it required and nullable", () => {
    const input = z.object({ day: z.string().optional() });
    expect(() => defineTool({ name: "t", description: "x", input })).toThrow(
      /strict mode:\n {2}\(root\)\.day: missing from "required"/,
    );
  });

  it("rejects a schema with no JSON form instead of exporting an any-schema", () => {
    const input = z.object({ at: z.date() });
    expect(() => defineTool({ name: "t", description: "x", input })).toThrow(/no JSON schema form/);
  });

  it("rejects an empty description and empty messages", () => {
    expect(() => defineTool({ name: "t", description: " ", input: z.object({}) })).toThrow(ConfigError);
    const messages = { requestStart: "", requestFailed: "Fehler" };
    expect(() => defineTool({ name: "t", description: "x", input: z.object({}), messages })).toThrow(
      ConfigError,
    );
  });
});

describe("the generated JSON schema", () => {
  it("is a strict object schema without $schema: additionalProperties false, every key required", () => {
    expect(sample.jsonSchema).toEqual({
      type: "object",
      properties: {
        slot_id: { type: "string", pattern: "\\S" },
        day: { type: ["string", "null"] },
        mode: { type: "string", enum: ["a", "b"] },
      },
      required: ["slot_id", "day", "mode"],
      additionalProperties: false,
    });
  });

  it("is frozen, like the definition", () => {
    expect(Object.isFrozen(sample)).toBe(true);
    expect(Object.isFrozen(sample.jsonSchema["properties"])).toBe(true);
  });
});

describe("parsing the model's arguments", () => {
  it("returns typed arguments for valid input", () => {
    const args = sample.parse({ slot_id: "S3", day: null, mode: "a" });
    expect(args).toEqual({ slot_id: "S3", day: null, mode: "a" });
    expectTypeOf(args).toEqualTypeOf<{ slot_id: string; day: string | null; mode: "a" | "b" }>();
    expect(sample.parseJson('{"slot_id":"S1","day":"morgen","mode":"b"}')).toEqual({
      slot_id: "S1",
      day: "morgen",
      mode: "b",
    });
  });

  it("names every missing field and says null is allowed where it is", () => {
    const error = errorOf(sample.safeParse({}));
    expect(error).toBeInstanceOf(ModelOutputError);
    expect(error.toolName).toBe("sample_tool");
    expect(error.message).toBe(
      "Invalid arguments for sample_tool: slot_id: missing; day: missing (send null if the caller did not say); " +
        'mode: missing (one of "a", "b"). Call sample_tool again with all of: slot_id, day, mode.',
    );
  });

  it("names wrong types, empty strings and bad enum values", () => {
    const error = errorOf(sample.safeParse({ slot_id: " ", day: 27, mode: "c" }));
    expect(error.message).toContain("slot_id: must not be empty");
    expect(error.message).toContain("day: expected string or null, got number");
    expect(error.message).toContain('mode: expected one of "a", "b", got "c"');
  });

  it("rejects extra fields, matching additionalProperties: false (the phone number never comes from the model)", () => {
    const error = errorOf(sample.safeParse({ slot_id: "S1", day: null, mode: "a", phone: "+4917012345" }));
    expect(error.message).toContain("phone: unknown field, remove it");
  });

  it("rejects arguments that are not an object", () => {
    expect(errorOf(sample.safeParse([1])).message).toContain("arguments: expected a JSON object, got array");
  });

  it("turns malformed JSON into the same error kind", () => {
    const result = sample.safeParseJson('{"slot_id": "S1",');
    const error = errorOf(result);
    expect(error).toBeInstanceOf(ModelOutputError);
    expect(error.message).toMatch(
      /^Invalid arguments for sample_tool: not valid JSON \(.+\)\. Call sample_tool/,
    );
    expect(() => sample.parseJson("nope")).toThrow(ModelOutputError);
  });

  it("reads empty argument text as {} so the model hears which fields are missing", () => {
    expect(errorOf(sample.safeParseJson("  ")).message).toContain("slot_id: missing");
  });

  it("parse throws what safeParse returns", () => {
    expect(() => sample.parse({ slot_id: "S1", day: null })).toThrow(/mode: missing \(one of "a", "b"\)/);
  });
});

describe("bounds on the model's arguments, checked in code (strict mode has no maxLength)", () => {
  /** `value` nested in `levels` arrays, as JSON text. */
  const nested = (levels: number, value = "1") => `${"[".repeat(levels)}${value}${"]".repeat(levels)}`;
  const valid = { slot_id: "S1", day: null, mode: "a" };

  it("leaves the exported schema as it was: no maxLength", () => {
    expect(JSON.stringify(sample.jsonSchema)).not.toContain("maxLength");
  });

  it(`refuses JSON text over ${MAX_ARGUMENTS_LENGTH} characters before parsing it`, () => {
    const text = JSON.stringify(valid);
    const padded = text.replace("{", `{${" ".repeat(MAX_ARGUMENTS_LENGTH - text.length)}`);
    expect(padded).toHaveLength(MAX_ARGUMENTS_LENGTH);
    expect(sample.parseJson(padded)).toEqual(valid);
    expect(errorOf(sample.safeParseJson(` ${padded}`)).message).toBe(
      `Invalid arguments for sample_tool: arguments: at most ${MAX_ARGUMENTS_LENGTH} characters of JSON ` +
        `(got ${MAX_ARGUMENTS_LENGTH + 1}). Call sample_tool again with all of: slot_id, day, mode.`,
    );
  });

  it(`refuses nesting deeper than ${MAX_ARGUMENTS_DEPTH} levels, counted in the text, not inside strings`, () => {
    const deepest = `{"slot_id":"S1","day":${nested(MAX_ARGUMENTS_DEPTH - 1)},"mode":"a"}`;
    expect(errorOf(sample.safeParseJson(deepest)).message).toContain(
      "day: expected string or null, got array",
    );
    const deeper = `{"slot_id":"S1","day":${nested(MAX_ARGUMENTS_DEPTH)},"mode":"a"}`;
    expect(errorOf(sample.safeParseJson(deeper)).message).toContain(
      `arguments: at most ${MAX_ARGUMENTS_DEPTH} levels of nesting`,
    );
    expect(errorOf(sample.safeParseJson(nested(5000))).message).toContain("levels of nesting");
    const brackets = '[{\\"'.repeat(30);
    expect(sample.parseJson(JSON.stringify({ ...valid, day: brackets }))).toMatchObject({ day: brackets });
  });

  it(`refuses a string or a field name over ${MAX_STRING_LENGTH} characters, naming the field`, () => {
    const longest = "N".repeat(MAX_STRING_LENGTH);
    expect(sample.parse({ ...valid, day: longest }).day).toBe(longest);
    const error = errorOf(
      sample.safeParseJson(JSON.stringify({ ...valid, slot_id: `${longest}1`, day: `${longest}22` })),
    );
    expect(error.message).toBe(
      `Invalid arguments for sample_tool: slot_id: at most ${MAX_STRING_LENGTH} characters (got 501); ` +
        `day: at most ${MAX_STRING_LENGTH} characters (got 502). Call sample_tool again with all of: slot_id, day, mode.`,
    );
    const key = errorOf(sample.safeParse({ ...valid, [longest + longest]: 1 }));
    expect(key.message).toContain("arguments: field names are at most 500 characters (got 1000)");
    expect(key.message.length).toBeLessThan(1024);
  });

  it("bounds decoded arguments the same way: deep, cyclic, and wide through shared references", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 5000; i += 1) deep = { a: deep };
    expect(errorOf(sample.safeParse(deep)).message).toContain("levels of nesting");
    const cyclic: Record<string, unknown> = { ...valid };
    cyclic["day"] = cyclic;
    expect(errorOf(sample.safeParse(cyclic)).message).toContain("levels of nesting");
    const row = Array.from({ length: 1000 }, () => "abc");
    const wide = { ...valid, day: Array.from({ length: 1000 }, () => row) };
    expect(errorOf(sample.safeParse(wide)).message).toContain(
      `at most ${MAX_ARGUMENTS_LENGTH} characters of JSON`,
    );
    expect(errorOf(sample.safeParse({ ...valid, day: new Array(1e9) })).message).toContain(
      "characters of JSON",
    );
  });
});
