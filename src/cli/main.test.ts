/**
 * The `termin` dispatcher: the command list, per-command help, and the exit codes DESIGN.md's CLI contract
 * relies on (2 for a usage error, with the command named so the user knows whose flags are meant).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

/** Runs `termin <args>` with empty piped stdin. */
const run = (args: string[]) => runCli(args);

/** Every command of DESIGN.md's CLI contract. */
const COMMANDS = [
  "chat",
  "replay",
  "resolve",
  "tools",
  "tool",
  "prompt",
  "calsim",
  "serve",
  "studio",
  "bench",
] as const;

describe("termin --help", () => {
  it("lists every command with a one-line summary", async () => {
    const r = await run(["--help"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toContain("Usage: termin <command> [options]");
    const listed = r.out
      .split("\n")
      .map((l) => /^ {2}(\S+) +(\S.*)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2]]);
    expect(listed.map(([name]) => name)).toEqual([...COMMANDS]);
    for (const [, summary] of listed) expect(summary?.length).toBeGreaterThan(15);
  });

  it("-h and help are the same; no command at all prints the usage but fails", async () => {
    const help = await run(["--help"]);
    expect(await run(["-h"])).toEqual(help);
    expect(await run(["help"])).toEqual(help);
    expect(await run([])).toEqual({ ...help, code: 1 });
  });

  it("--version prints the package version", async () => {
    expect(await run(["--version"])).toMatchObject({ code: 0, out: "termin-kit 0.1.0\n", err: "" });
  });
});

describe.each(COMMANDS)("termin %s", (command) => {
  it("--help and -h print the command's own help and exit 0 without running it", async () => {
    const r = await run([command, "--help"]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(r.out.startsWith(`termin ${command}`)).toBe(true);
    expect(r.out).toMatch(new RegExp(`termin ${command}\\b.*\\[`)); // a usage line with options
    expect(await run([command, "-h"])).toEqual(r);
  });

  it("an unknown flag exits 2 with the command's name in the message", async () => {
    const r = await run([command, "--no-such-flag"]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err).toMatch(new RegExp(`^termin ${command}: .*--no-such-flag`));
  });
});

describe("termin usage errors", () => {
  it("an unknown command exits 2 and points to --help", async () => {
    const r = await run(["book"]);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toBe('termin: unknown command "book". Run "termin --help" for the list.\n');
  });

  it("a flag where the command should be is an unknown command", async () => {
    expect(await run(["--now", "2025-10-25T20:17:50+02:00"])).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "--now"'),
    });
  });

  it("an unknown flag's message points to the command's --help", async () => {
    const r = await run(["chat", "--no-such-flag"]);
    expect(r.err).toContain("termin chat --help");
  });
});

describe("a broken business profile", () => {
  const dir = mkdtempSync(join(tmpdir(), "termin-main-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      "a misspelled field",
      [
        "id: bad",
        "name: Salon",
        "timezone: Europe/Berlin",
        "greeting: Hallo",
        "services: [{ id: schnitt, name: Schnitt, eventTypeId: 1, minutes: 30 }]",
        'hours: { mon: [["09:00", "18:00"]] }',
        "minimumNotice: 60",
        "",
      ].join("\n"),
      "invalid business profile: minimumNotice: unknown field; did you mean minimumNoticeMinutes?\n",
    ],
    [
      "a YAML syntax error",
      "id: bad\nname: [Salon\ngreeting: Hallo\n",
      "not valid YAML at line 3, column 1: ",
    ],
  ])("(%s) is one line naming file and field, exit 2, no stack trace", async (_what, yaml, field) => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, yaml);
    const r = await runCli(["chat", "--business", file], "Hallo\n");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.endsWith("\n")).toBe(true);
    expect(r.err.trimEnd().split("\n")).toHaveLength(1);
    expect(r.err.startsWith(`termin chat: ${file}: `)).toBe(true);
    expect(r.err).toContain(field);
    expect(r.err).not.toMatch(/^\s+at /m);
  });
});
