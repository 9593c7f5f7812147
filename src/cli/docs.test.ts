/**
 * docs/ must not go stale silently: docs/cli.md has a section for every command `termin --help` lists, naming every
 * `--option` of that command's help, and names no option no command has; every relative link in docs/*.md resolves
 * (file and heading) inside the repository; the transcript, profile and template docs name every field, template
 * and metric the code has; their examples load and replay.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { TEMPLATE_NAMES } from "../booking/templates.ts";
import { businessProfileSchema, PROMPTS_DIR, parseBusinessProfile } from "../calendar/profile.ts";
import { replayTranscript } from "../evals/replay.ts";
import { parseTranscript, transcriptSchema } from "../evals/transcript.ts";
import { runCli } from "./testing.ts";

const ROOT = resolve(PROMPTS_DIR, "..");
const DOCS = join(ROOT, "docs");
const docFiles = readdirSync(DOCS)
  .filter((f) => f.endsWith(".md"))
  .sort();
const read = (file: string): string => readFileSync(join(DOCS, file), "utf8");

/** Markdown without its fenced code blocks (links and headings there are examples, not structure). */
const prose = (text: string): string => text.replace(/^```[\s\S]*?^```$/gm, "");

/** Every `--option` in a text: a double dash, then a letter (a bare `--` ends npm's own options). */
const optionsIn = (text: string): Set<string> =>
  new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => `--${m[1]}`));

/** The commands `termin --help` lists, as main.ts registers them. */
async function commands(): Promise<string[]> {
  const { out } = await runCli(["--help"]);
  return out
    .split("\n")
    .map((l) => /^ {2}([a-z][a-z-]*) +\S/.exec(l)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** `## heading` sections of a Markdown text, by heading. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^## /m).slice(1);
  for (const part of parts) {
    const newline = part.indexOf("\n");
    out.set(part.slice(0, newline).trim(), part.slice(newline + 1));
  }
  return out;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens; repeats get -1, -2, ... */
function anchorsOf(text: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = (m[1] ?? "")
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every identifier in a doc's `inline code` (its tables and prose; examples in code blocks do not count). */
function codeWords(text: string): Set<string> {
  const code = [...prose(text).matchAll(/`[^`\n]+`/g)].map((m) => m[0]).join(" ");
  return new Set(code.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
}

/** The first ```yaml block of a doc. */
function firstYaml(text: string): unknown {
  const block = /^```yaml\n([\s\S]*?)^```$/m.exec(text)?.[1];
  if (block === undefined) throw new Error("no ```yaml block");
  return parseYaml(block);
}

/** Every object key a Zod schema can hold, through optional, default, nullable, array, tuple and union. */
function keysOf(schema: z.core.$ZodType, into = new Set<string>()): Set<string> {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const visit = (inner: unknown) => keysOf(inner as z.core.$ZodType, into);
  if (def.type === "object") {
    for (const [key, value] of Object.entries(def["shape"] as Record<string, unknown>)) {
      into.add(key);
      visit(value);
    }
  } else if (def.type === "optional" || def.type === "default" || def.type === "nullable")
    visit(def["innerType"]);
  else if (def.type === "array") visit(def["element"]);
  else if (def.type === "union") for (const option of def["options"] as unknown[]) visit(option);
  else if (def.type === "tuple") for (const item of def["items"] as unknown[]) visit(item);
  return into;
}

describe("docs/cli.md", () => {
  const cli = read("cli.md");
  const bySection = sections(cli);

  it("has a section for every command termin --help lists", async () => {
    const names = await commands();
    expect(names).toContain("chat");
    expect(names).toContain("prompt");
    for (const name of names) expect([...bySection.keys()], `## termin ${name}`).toContain(`termin ${name}`);
  });

  it("names every --option of a command's help in that command's section", async () => {
    for (const name of await commands()) {
      const { out, code } = await runCli([name, "--help"]);
      expect(code).toBe(0);
      const section = bySection.get(`termin ${name}`) ?? "";
      const documented = optionsIn(section);
      const missing = [...optionsIn(out)].filter((o) => !documented.has(o));
      expect(missing, `docs/cli.md, ## termin ${name}`).toEqual([]);
    }
  });

  it("names no option that no command has, in any doc", async () => {
    const known = new Set(["--help", "--version"]);
    for (const name of await commands())
      for (const o of optionsIn((await runCli([name, "--help"])).out)) known.add(o);
    for (const file of docFiles) {
      const unknown = [...optionsIn(read(file))].filter((o) => !known.has(o));
      expect(unknown, `docs/${file}`).toEqual([]);
    }
  });
});

describe("docs/*.md links", () => {
  it.each(docFiles)(
    "every relative link in docs/%s resolves to a file (and heading) in the repository",
    (file) => {
      const text = read(file);
      const links = [...prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        if (/^(https?|mailto):/.test(link)) continue;
        const [path = "", anchor] = link.split("#");
        const target = path === "" ? join(DOCS, file) : resolve(DOCS, path);
        expect(relative(ROOT, target).startsWith(".."), `${link} leaves the repository`).toBe(false);
        expect(existsSync(target), `${link} in docs/${file}`).toBe(true);
        if (anchor !== undefined && target.endsWith(".md")) {
          expect([...anchorsOf(readFileSync(target, "utf8"))], `${link} in docs/${file}`).toContain(anchor);
        }
      }
    },
  );

  it("no doc points to ../shared, which users' clones do not have", () => {
    for (const file of docFiles) expect(read(file), file).not.toContain("../shared");
  });
});

describe("docs/transcripts.md", () => {
  const text = read("transcripts.md");

  it("names every field of the transcript schema", () => {
    const fields = [...keysOf(transcriptSchema)];
    expect(fields).toContain("not_says");
    const named = codeWords(text);
    expect(fields.filter((f) => !named.has(f))).toEqual([]);
  });

  it("its example is a valid transcript that replays and passes with the rule model", async () => {
    const loaded = parseTranscript(firstYaml(text), "docs/transcripts.md");
    const report = await replayTranscript(loaded, { model: "rule" });
    expect(report.failures).toEqual([]);
    expect(report.bookings.filter((b) => b.byThisCall).map((b) => b.start)).toEqual(["2025-10-26T10:30"]);
  });
});

describe("docs/business-profile.md", () => {
  const text = read("business-profile.md");

  it("names every field of the profile schema, services and weekdays included", () => {
    const fields = [...keysOf(businessProfileSchema)];
    expect(fields).toEqual(expect.arrayContaining(["bookingsPerCall", "eventTypeId", "sun"]));
    const named = codeWords(text);
    expect(fields.filter((f) => !named.has(f))).toEqual([]);
  });

  it("its example is a valid profile", () => {
    const profile = parseBusinessProfile(firstYaml(text), "docs/business-profile.md");
    expect(profile).toMatchObject({ id: "friseur-1", bookingsPerCall: 2 });
  });
});

describe("docs/templates.md and docs/invariants.md", () => {
  it("templates.md names every response template and partial", () => {
    const text = read("templates.md");
    const partials = readdirSync(join(PROMPTS_DIR, "responses", "partials")).map((f) =>
      f.replace(/\.hbs$/, ""),
    );
    const names = [...TEMPLATE_NAMES, ...partials];
    expect(names.filter((n) => !text.includes(`\`${n}\``))).toEqual([]);
  });

  it("invariants.md names every metric of promptfoo's default assertions", () => {
    const text = read("invariants.md");
    const config = parseYaml(readFileSync(join(ROOT, "promptfooconfig.yaml"), "utf8")) as {
      defaultTest: { assert: { metric: string }[] };
    };
    const metrics = config.defaultTest.assert.map((a) => a.metric).filter((m) => m !== "expectations");
    expect(metrics).toContain("8 booked as chosen");
    expect(metrics.filter((m) => !text.includes(`\`${m}\``))).toEqual([]);
    for (const m of metrics.filter((x) => /^\d /.test(x)))
      expect(text, m).toMatch(new RegExp(`^## ${m.split(" ")[0]}\\. `, "m"));
  });

  it("the docs folder holds the five guides the README links", () => {
    expect(docFiles).toEqual(
      expect.arrayContaining([
        "business-profile.md",
        "cli.md",
        "invariants.md",
        "templates.md",
        "transcripts.md",
      ]),
    );
  });
});
