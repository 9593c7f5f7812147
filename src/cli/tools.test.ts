import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_FORMATS, renderExport } from "../../tools/export.ts";
import { runCli } from "./testing.ts";

/** Runs `termin <argv>` against in-memory streams. */
const run = async (argv: string[]) => {
  const r = await runCli(argv);
  return { code: r.code, stdout: r.out, stderr: r.err };
};

describe("termin tools export", () => {
  it("prints one format as the committed file's JSON", async () => {
    const result = await run(["tools", "export", "--format", "openai"]);
    expect(result).toEqual({ code: 0, stdout: renderExport("openai"), stderr: "" });
    const parsed = JSON.parse(result.stdout) as { function: { name: string; strict: boolean } }[];
    expect(parsed.map((t) => t.function.name)).toContain("book_appointment");
    expect(parsed.every((t) => t.function.strict)).toBe(true);
  });

  it("without --format prints every format keyed by name", async () => {
    const result = await run(["tools", "export"]);
    expect(result.code).toBe(0);
    expect(Object.keys(JSON.parse(result.stdout))).toEqual([...EXPORT_FORMATS]);
  });

  it("puts --webhook-url into the Retell and Vapi exports", async () => {
    const result = await run([
      "tools",
      "export",
      "--format",
      "vapi",
      "--webhook-url",
      "https://agent.example.com/t",
    ]);
    const parsed = JSON.parse(result.stdout) as { server: { url: string } }[];
    expect(new Set(parsed.map((t) => t.server.url))).toEqual(new Set(["https://agent.example.com/t"]));
  });

  it("with --out writes <dir>/<format>.json", async () => {
    const dir = await mkdtemp(join(tmpdir(), "termin-cli-tools-"));
    try {
      const result = await run(["tools", "export", "--out", dir]);
      expect(result.code).toBe(0);
      for (const format of EXPORT_FORMATS) {
        expect(await readFile(join(dir, `${format}.json`), "utf8")).toBe(renderExport(format));
        expect(result.stdout).toContain(`wrote ${join(dir, `${format}.json`)}`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("an unknown format exits 2 and names the valid ones", async () => {
    const result = await run(["tools", "export", "--format", "langchain"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'termin tools: unknown format "langchain"; use one of openai, responses, realtime, retell, vapi\n',
    );
  });

  it("a missing subcommand, an unknown flag or a bad URL exits 2", async () => {
    expect((await run(["tools"])).stderr).toContain('expected "export", got nothing');
    expect((await run(["tools", "export", "--fromat", "openai"])).code).toBe(2);
    const bad = await run(["tools", "export", "--format", "retell", "--webhook-url", "nope"]);
    expect(bad).toEqual({
      code: 2,
      stdout: "",
      stderr: 'termin tools: webhook URL "nope" is not a valid URL\n',
    });
  });

  it("--help shows the formats", async () => {
    const result = await run(["tools", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("openai | responses | realtime | retell | vapi");
  });
});
