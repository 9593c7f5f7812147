/**
 * `termin chat` when the loop itself fails mid-call (here: a tool throws a developer's ConfigError, as a broken
 * template does): the caller hears an honest sentence, the trace is written, holds are let go, exit 1 (not 2).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TraceEvent } from "../trace/events.ts";
import { runCli } from "./testing.ts";

const failing = vi.hoisted(() => ({ tool: null as string | null }));

vi.mock("../booking/run-tool.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../booking/run-tool.ts")>();
  const { ConfigError } = await import("../errors.ts");
  return {
    ...real,
    runTool: async (...args: Parameters<typeof real.runTool>) => {
      if (args[1] === failing.tool) throw new ConfigError(`${args[1]}: template broken`);
      return real.runTool(...args);
    },
  };
});

const NOW = "2025-10-25T20:17:50+02:00";
const dirs: string[] = [];
afterEach(() => {
  failing.tool = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("termin chat: the loop fails mid-call", () => {
  it("the caller hears an honest sentence, the held slot is let go, the trace is written, exit 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "termin-chat-fail-"));
    dirs.push(dir);
    failing.tool = "book_appointment";
    const input = [
      "Einen Herrenhaarschnitt morgen um zehn Uhr bitte.",
      "Ja, bitte.",
      "Hans Schuster.",
      "Hallo?",
    ];
    const r = await runCli(["chat", "--now", NOW, "--trace", dir], `${input.join("\n")}\n`);
    expect(r.code).toBe(1);
    const at = r.lines.indexOf("Anrufer: Hans Schuster.");
    expect(r.lines[at + 1]).toMatch(/^Agent: Entschuldigung, ich habe gerade ein technisches Problem/);
    expect(r.out).not.toContain("Anrufer: Hallo?");
    expect(r.err).toMatch(/^termin chat: book_appointment: template broken$/m);
    const file = readdirSync(dir).find((f) => f.endsWith(".json")) ?? "";
    const events = JSON.parse(readFileSync(join(dir, file), "utf8")) as TraceEvent[];
    expect(events.at(-1)).toMatchObject({ type: "call_ended", reason: "failed" });
    expect(events).toContainEqual(
      expect.objectContaining({ type: "note", text: "call failed: book_appointment: template broken" }),
    );
    expect(
      events.some((e) => e.type === "calendar_request" && e.method === "releaseHold" && e.status === "ok"),
    ).toBe(true);
  });
});
