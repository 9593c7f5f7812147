import { describe, expect, it } from "vitest";
import { CONSERVATIVE_LIMITS, checkOpenAIStrict } from "./strict-check.ts";

const good = {
  type: "object",
  properties: {
    name: { type: "string", description: "Full name" },
    day: { type: ["string", "null"] },
    kind: { type: "string", enum: ["a", "b"] },
    when: { anyOf: [{ type: "string", format: "date" }, { type: "null" }] },
    tags: { type: "array", items: { type: "string" }, maxItems: 3 },
    nested: {
      type: "object",
      properties: { n: { type: "integer", minimum: 0 } },
      required: ["n"],
      additionalProperties: false,
    },
    ref: { $ref: "#/$defs/point" },
  },
  required: ["name", "day", "kind", "when", "tags", "nested", "ref"],
  additionalProperties: false,
  $defs: {
    point: {
      type: "object",
      properties: { x: { type: "number" } },
      required: ["x"],
      additionalProperties: false,
    },
  },
};

/** Loose enough to break any part of a schema in one line. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures poke at arbitrary JSON paths; the checker sees plain JSON
type Editable = Record<string, any>;

/** A copy of `good` with the root object changed by `edit`. */
function bad(edit: (schema: Editable) => void): Record<string, unknown> {
  const schema: Editable = structuredClone(good);
  edit(schema);
  return schema;
}

describe("checkOpenAIStrict", () => {
  it("accepts a schema that uses every supported construct", () => {
    expect(checkOpenAIStrict(good)).toEqual([]);
  });

  it("catches a property missing from required (an optional field)", () => {
    const problems = checkOpenAIStrict(bad((s) => s["required"].splice(1, 1)));
    expect(problems).toEqual([
      '(root).day: missing from "required"; strict mode has no optional fields, make it nullable instead',
    ]);
  });

  it("catches a missing additionalProperties: false, also on nested objects", () => {
    expect(checkOpenAIStrict(bad((s) => delete s["additionalProperties"]))).toEqual([
      '(root): object needs "additionalProperties": false',
    ]);
    expect(checkOpenAIStrict(bad((s) => (s["properties"].nested.additionalProperties = true)))).toEqual([
      '(root).nested: object needs "additionalProperties": false',
    ]);
  });

  it("catches a root anyOf", () => {
    const problems = checkOpenAIStrict({ anyOf: [good, { type: "null" }] });
    expect(problems).toContain("(root): root must not be anyOf; wrap the variants in an object property");
    expect(problems).toContain('(root): root must have type "object"');
  });

  it('catches the "any" schema {} that zod-to-json-schema emits for Zod 4 objects', () => {
    expect(checkOpenAIStrict({})).toEqual([
      '(root): root must have type "object"',
      "(root): schema accepts any value; give it a type",
    ]);
    expect(checkOpenAIStrict(bad((s) => (s["properties"].name = {})))).toEqual([
      "(root).name: schema accepts any value; give it a type",
    ]);
  });

  it("catches unsupported keywords such as default, minLength, allOf", () => {
    const problems = checkOpenAIStrict(
      bad((s) => {
        s["properties"].name.default = "x";
        s["properties"].name.minLength = 1;
        s["properties"].kind.allOf = [];
      }),
    );
    expect(problems).toEqual([
      '(root).name: keyword "default" is not supported in strict mode',
      '(root).name: keyword "minLength" is not supported in strict mode',
      '(root).kind: keyword "allOf" is not supported in strict mode',
    ]);
  });

  it("catches required names that are not properties, dangling $ref, unknown format and type", () => {
    const problems = checkOpenAIStrict(
      bad((s) => {
        s["required"].push("ghost");
        s["properties"].ref.$ref = "#/$defs/nothing";
        s["properties"].when.anyOf[0].format = "phone";
        s["properties"].name.type = "text";
      }),
    );
    expect(problems).toEqual([
      '(root): "required" names "ghost", which is not a property',
      '(root).name: type "text" is not supported',
      '(root).when.anyOf[0]: format "phone" is not supported',
      "(root).ref: $ref #/$defs/nothing does not resolve",
    ]);
  });

  it("enforces nesting depth and the total property count", () => {
    let deep: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < CONSERVATIVE_LIMITS.maxDepth + 1; i++) {
      deep = { type: "object", properties: { d: deep }, required: ["d"], additionalProperties: false };
    }
    expect(checkOpenAIStrict(deep)).toEqual([
      "(root).d.d.d.d.d: objects nested 6 levels deep; the limit is 5",
    ]);
    expect(checkOpenAIStrict(deep, { maxDepth: 10, maxProperties: 5000 })).toEqual([]);

    const keys = Array.from({ length: 101 }, (_, i) => `k${i}`);
    const wide = {
      type: "object",
      properties: Object.fromEntries(keys.map((k) => [k, { type: "string" }])),
      required: keys,
      additionalProperties: false,
    };
    expect(checkOpenAIStrict(wide)).toEqual(["(root): 101 properties in total; the limit is 100"]);
  });
});
