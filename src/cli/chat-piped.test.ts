import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIO } from "./io.ts";
import { main } from "./main.ts";

/** Runs `termin <args>` with piped stdin; returns exit code and what it printed. */
async function run(args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString()));
  stderr.on("data", (c: Buffer) => err.push(c.toString()));
  stdin.end(input);
  const io: CliIO = { stdin, stdout, stderr, env };
  const code = await main(args, io);
  return { code, out: out.join(""), err: err.join("") };
}

const NOW = ["--now", "2025-10-25T20:17:50+02:00"];

describe("termin chat (piped stdin)", () => {
  it("greets, echoes the caller and answers about Sunday, 26 October with explicit dates", async () => {
    const r = await run(
      ["chat", ...NOW],
      "Ich hätte gern einen Herrenhaarschnitt.\nHaben Sie morgen um zehn Uhr einen Termin frei?\nHans Schuster.\n",
    );
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[1]).toBe("Agent: Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?");
    expect(lines).toContain("Anrufer: Haben Sie morgen um zehn Uhr einen Termin frei?");
    const answer = lines[lines.indexOf("Anrufer: Haben Sie morgen um zehn Uhr einen Termin frei?") + 1] ?? "";
    expect(answer).toMatch(/^Agent: .*Sonntag, 26\. Oktober, um 10:00 Uhr/);
  });

  it("/calendar lists the simulator's bookings, /reset starts a new call, /quit ends", async () => {
    const r = await run(
      ["chat", ...NOW],
      [
        "Einen Herrenhaarschnitt morgen um zehn bitte, mein Name ist Hans Schuster.",
        "Ja, bitte buchen.",
        "/calendar",
        "/reset",
        "/quit",
        "Das wird nicht mehr gelesen.",
      ].join("\n"),
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/So 26\.10\.2025 10:00\s+accepted\s+Hans Schuster/);
    expect(r.out.match(/Guten Tag bei Friseur 1!/g)).toHaveLength(2);
    expect(r.out).not.toContain("Das wird nicht mehr gelesen.");
  });

  it("--trace writes a redacted Markdown and JSON trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "termin-trace-"));
    try {
      const r = await run(["chat", ...NOW, "--trace", dir], "Herrenhaarschnitt morgen um zehn?\n");
      expect(r.code).toBe(0);
      expect(r.err).toContain("trace written");
      const files = readdirSync(dir).sort();
      expect(files.map((f) => f.replace(/^.*\./, ""))).toEqual(["json", "md"]);
      const md = readFileSync(join(dir, files.find((f) => f.endsWith(".md")) ?? ""), "utf8");
      expect(md).toContain("## TIMELINE OVERVIEW");
      expect(md).toContain("check_availability");
      expect(md).not.toContain("+491701234567");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--trace writes one trace per call, also for a call ended by /reset", async () => {
    const dir = mkdtempSync(join(tmpdir(), "termin-trace-"));
    try {
      const r = await run(
        ["chat", ...NOW, "--trace", dir],
        "Herrenhaarschnitt morgen um zehn?\n/reset\nHallo?\n",
      );
      expect(r.code).toBe(0);
      const md = readdirSync(dir).filter((f) => f.endsWith(".md"));
      expect(md).toHaveLength(2);
      const reasons = md
        .map((f) => /\*\*Ended:\*\* (\S+)/.exec(readFileSync(join(dir, f), "utf8"))?.[1])
        .sort();
      expect(reasons).toEqual(["caller_left", "reset"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses bad options with exit 2 and a clear message", async () => {
    expect(await run(["chat", "--now", "gestern"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--now"),
    });
    expect(await run(["chat", "--model", "gpt"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--model"),
    });
    expect(await run(["chat", "--model", "openai"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("OPENAI_API_KEY"),
    });
    expect(await run(["chat", "--calendar", "not a url"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--calendar"),
    });
    expect(await run(["chat", "--business", "nowhere"], "")).toMatchObject({
      code: 2,
      err: expect.stringContaining("nowhere"),
    });
  });

  it("--help explains the command", async () => {
    const r = await run(["chat", "--help"], "");
    expect(r.code).toBe(0);
    expect(r.out).toContain("Usage: termin chat");
  });
});
