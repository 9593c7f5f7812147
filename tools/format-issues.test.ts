/**
 * Invalid-argument messages summarise and never echo: a value is quoted to a few hundred characters, at most five
 * problems are named, and deep, cyclic or huge input never throws, directly or through `runTool`.
 */
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { newCall } from "../src/booking/__fixtures__/call.ts";
import { runTool } from "../src/booking/run-tool.ts";
import { endCall } from "./end-call.ts";
import {
  clip,
  formatIssues,
  formatJsonError,
  MAX_ISSUES_NAMED,
  MAX_QUOTED_LENGTH,
  preview,
} from "./format-issues.ts";

const TEN_MB = "x".repeat(10 * 1024 * 1024);
const schema = endCall.jsonSchema;

/** `{a: {a: … {} }}` nested `depth` levels, built without recursion. */
function deepObject(depth: number): Record<string, unknown> {
  let node: Record<string, unknown> = {};
  for (let i = 0; i < depth; i += 1) node = { a: node };
  return node;
}

/** The text of {@link deepObject}, built without JSON.stringify (which overflows the stack on it). */
function deepJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}{}${"}".repeat(depth)}`;
}

const badReason = (value: unknown): z.core.$ZodIssue[] => [
  {
    code: "invalid_value",
    values: ["done", "caller_request"],
    path: ["reason"],
    message: "bad",
    input: value,
  },
];

describe("preview and clip", () => {
  it("quote a short value as JSON and cut a long one, saying how long it was", () => {
    expect(preview("Hans")).toBe('"Hans"');
    expect(preview(null)).toBe("null");
    expect(preview([1, 2])).toBe("an array of 2");
    expect(preview({ a: 1 })).toBe("an object");
    const long = preview(TEN_MB);
    expect(long.length).toBeLessThan(MAX_QUOTED_LENGTH + 40);
    expect(long).toMatch(/^"x{200}…" \(10485760 characters\)$/);
    expect(clip("abc", 2)).toBe("ab… (3 characters)");
  });

  it("cut a value full of characters that JSON escapes", () => {
    expect(preview("\u0000".repeat(300)).length).toBeLessThan(MAX_QUOTED_LENGTH + 40);
  });
});

describe("formatIssues never echoes and never throws", () => {
  it("names a 10 MB value by its start and length", () => {
    const message = formatIssues("end_call", badReason(TEN_MB), { reason: TEN_MB }, schema);
    expect(message.length).toBeLessThan(1024);
    expect(message).toContain("(10485760 characters)");
  });

  it("describes a 5000-deep and a cyclic value by kind", () => {
    const deep = formatIssues("end_call", badReason(null), { reason: deepObject(5000) }, schema);
    expect(deep).toContain('reason: expected one of "done", "caller_request", got an object');
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    expect(formatIssues("end_call", badReason(null), { reason: cyclic }, schema)).toContain("got an object");
  });

  it(`names at most ${MAX_ISSUES_NAMED} problems and counts the rest`, () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${i}`);
    const issues: z.core.$ZodIssue[] = [
      { code: "unrecognized_keys", keys, path: [], message: "x", input: {} },
    ];
    const message = formatIssues("end_call", issues, {}, schema);
    expect(message).toContain("k4: unknown field");
    expect(message).not.toContain("k5:");
    expect(message).toContain("and 295 more problems");
    expect(message.length).toBeLessThan(1024);
  });

  it("cuts a long field path and a long unknown key", () => {
    const key = "k".repeat(10_000);
    const issues: z.core.$ZodIssue[] = [
      { code: "unrecognized_keys", keys: [key], path: ["a".repeat(10_000)], message: "x", input: {} },
    ];
    expect(formatIssues("end_call", issues, {}, schema).length).toBeLessThan(1024);
  });

  it("cuts the JSON parser's message, which quotes the text", () => {
    const error = new SyntaxError(`Unexpected token in ${TEN_MB}`);
    expect(formatJsonError("end_call", error, schema).length).toBeLessThan(1024);
  });
});

describe("runTool: huge, deep or cyclic arguments give a short invalid_arguments, never a throw", () => {
  it.each([
    ["a 10 MB string", JSON.stringify({ reason: TEN_MB })],
    ["a 5000-deep object", `{"reason":${deepJson(5000)}}`],
    ["a 5000-deep array", `{"reason":${"[".repeat(5000)}${"]".repeat(5000)}}`],
    ["20,000 unknown fields", `{${Array.from({ length: 20_000 }, (_, i) => `"f${i}":1`).join(",")}}`],
  ])("end_call with %s", async (_name, raw) => {
    const { session } = newCall();
    const out = await runTool(session, "end_call", raw);
    expect(out.result.status).toBe("invalid_arguments");
    expect(out.result.error?.length).toBeLessThan(1024);
    expect(out.endCall).toBe(false);
    // The trace gets the raw text cut as well.
    expect(String(out.arguments).length).toBeLessThan(1024);
  });

  it("a 1 MB name is neither booked nor echoed; a 600-character one is refused by name", async () => {
    const { session, log } = newCall();
    const huge = await runTool(session, "book_appointment", JSON.stringify({ slot_id: "S1", name: TEN_MB }));
    expect(huge.result.status).toBe("invalid_arguments");
    expect(huge.result.error?.length).toBeLessThan(1024);
    const long = await runTool(
      session,
      "book_appointment",
      JSON.stringify({ slot_id: "S1", name: "N".repeat(600) }),
    );
    expect(long.result.error).toContain("name: at most 500 characters (got 600)");
    expect(log.book).toBe(0);
  });

  it("an unknown tool with a 10 MB name", async () => {
    const { session } = newCall();
    const out = await runTool(session, TEN_MB, "{}");
    expect(out.result.status).toBe("invalid_arguments");
    expect(out.result.error?.length).toBeLessThan(1024);
    expect(out.name.length).toBeLessThan(1024);
  });
});
