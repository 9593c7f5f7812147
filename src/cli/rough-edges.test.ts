/**
 * Rough edges a new user meets on the command line (issue 14), each as the user meets it: a pipe closed early,
 * a port in use, `--now` without an offset or without a time, a `--phone` that is no number, an OpenAI server
 * that is not there, `/trace` without `--trace`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { kitModule } from "../dist-for-tests.ts";
import { closedPort } from "../ports-for-tests.ts";
import { runCli } from "./testing.ts";

const ROOT = join(PROMPTS_DIR, "..");
const NOW = "2025-10-25T20:17:50+02:00";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "termin-rough-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A server holding a port on 127.0.0.1, closed after the test. */
async function occupiedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  cleanups.push(() => new Promise((done) => server.close(done)));
  return (server.address() as { port: number }).port;
}

describe("termin when the reader closes the pipe after the first chunk (| head -1)", () => {
  // `--help` through bin/termin.js, the command's own file (in a checkout it runs the sources through tsx); the
  // replay through the built JavaScript when dist/ is current (as a user of the package runs it), else the sources.
  const built = kitModule("src/cli/bin.ts");
  const wrapper = [join(ROOT, "bin", "termin.js")];
  // Three calls: the reader is gone after the first call's line, and the next two lines meet the closed pipe.
  const calls = ["hans-schuster", "asap", "weekend"].map((name) =>
    join(ROOT, "evals", "transcripts", `${name}.yaml`),
  );
  it.each([
    [["--help"], wrapper],
    [
      ["replay", "--json", ...calls],
      [...built.execArgv, built.path],
    ],
  ])(
    "termin %s stops quietly: exit 0, no stack trace",
    async (args, command) => {
      const child = spawn(process.execPath, [...command, ...args], {
        cwd: ROOT,
        env: { PATH: process.env["PATH"] ?? "" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let err = "";
      child.stderr.on("data", (c: Buffer) => {
        err += c.toString("utf8");
      });
      await new Promise<void>((done) => child.stdout.once("data", () => done()));
      child.stdout.destroy();
      const code = await new Promise<number | null>((done) => child.on("close", done));
      expect(err).toBe("");
      expect(code).toBe(0);
    },
    60_000,
  );
});

describe("termin calsim on a port in use", () => {
  it("is one line saying so, exit 2, no stack trace", async () => {
    const port = await occupiedPort();
    const r = await runCli(["calsim", "--port", String(port)]);
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toBe(`termin calsim: port ${port} on 127.0.0.1 is in use; try --port 0\n`);
  });
});

describe("--now is read the same way by every command", () => {
  /** friseur-1 moved to Tokyo: no machine is in both zones, so only the business's zone can give 20:17 in both. */
  function tokyoProfile(): string {
    const file = join(tmp(), "tokyo-1.yaml");
    const yaml = readFileSync(join(PROMPTS_DIR, "businesses", "friseur-1.yaml"), "utf8");
    writeFileSync(
      file,
      yaml.replace(/^id: .*$/m, "id: tokyo-1").replace(/^timezone: .*$/m, "timezone: Asia/Tokyo"),
    );
    return file;
  }

  it("chat: a time without offset is wall time in the business's zone, not the machine's", async () => {
    for (const business of ["friseur-1", tokyoProfile()]) {
      const r = await runCli(["chat", "--business", business, "--now", "2025-10-25T20:17:50"], "/quit\n");
      expect(r.code, business).toBe(0);
      expect(r.lines[0], business).toMatch(/· Samstag, 25\. Oktober 2025 20:17\]$/);
    }
  });

  it("tool: 10:00 without offset is 10:00 at the business, so 'heute um zwölf' is free in both zones", async () => {
    const ask = JSON.stringify({
      service: "Herrenhaarschnitt",
      day: "heute",
      time: "um zwölf",
      person: null,
      reschedule_booking_id: null,
    });
    for (const business of ["friseur-1", tokyoProfile()]) {
      const r = await runCli([
        "tool",
        "--business",
        business,
        "--now",
        "2025-10-25T10:00",
        "check_availability",
        ask,
      ]);
      expect(r.code, business).toBe(0);
      const result = JSON.parse(r.lines[0] ?? "{}") as { status: string; say: string };
      expect(result.status, business).toBe("available");
      expect(result.say, business).toContain("heute, Samstag, 25. Oktober, um 12:00 Uhr");
    }
  });

  it.each([
    ["chat", []],
    ["tool", ["business_info", '{"topic":"hours","day":null,"service":null}']],
    ["calsim", []],
    ["resolve", ["morgen um zehn"]],
  ])("%s refuses a date without a time (it took it as 02:00)", async (command, rest) => {
    const r = await runCli([command, "--now", "2025-10-25", ...rest], "Hallo\n");
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toMatch(
      new RegExp(`^termin ${command}: --now needs a time of day as well as the date .*"2025-10-25"\\n$`),
    );
  });
});

describe("--phone must be a number", () => {
  it.each([
    ["chat", []],
    ["tool", ["business_info", '{"topic":"hours","day":null,"service":null}']],
  ])("%s refuses --phone abc, exit 2", async (command, rest) => {
    const r = await runCli([command, "--now", NOW, "--phone", "abc", ...rest], "Hallo\n");
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toMatch(
      new RegExp(
        `^termin ${command}: --phone must be a valid phone number, international \\(\\+ and country code\\) or national in DE \\(starting with 0\\), or "" for a withheld one; got "abc"\\n$`,
      ),
    );
  });

  it("a withheld number and a national one still work", async () => {
    const info = ["business_info", '{"topic":"hours","day":null,"service":null}'];
    for (const phone of ["", "anonymous", "0170 1234567"]) {
      const r = await runCli(["tool", "--now", NOW, "--phone", phone, ...info]);
      expect(r.code, phone).toBe(0);
    }
  });
});

describe("termin chat with the OpenAI server unreachable", () => {
  it("the caller hears the apology, the developer gets the reason on stderr in one line, the key redacted", async () => {
    const port = await closedPort();
    const key = "sk-proj-abcdefghijklmnop1234567890";
    const r = await runCli(["chat", "--now", NOW], "Hallo?\n", {
      OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      OPENAI_API_KEY: key,
    });
    expect(r.code).toBe(0);
    expect(r.lines).toContain(
      "Agent: Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. Bitte rufen Sie in ein paar Minuten noch einmal an.",
    );
    expect(r.err).toBe(
      `termin chat: OpenAI model gpt-4.1-mini could not be reached at http://127.0.0.1:${port}/v1 (after retries): connect ECONNREFUSED 127.0.0.1:${port}\n`,
    );
    expect(r.err + r.out).not.toContain(key);
  }, 30_000);
});

describe("/trace in chat", () => {
  // Enough for a calendar response longer than the 40 lines a report shows.
  const input = "Einen Herrenhaarschnitt morgen bitte.\n/trace\n/quit\n";

  it("without --trace promises no file: a long response only says it was cut", async () => {
    const r = await runCli(["chat", "--now", NOW], input);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^… \d+ more lines not shown$/m);
    expect(r.out).not.toContain(".json");
  });

  it("with --trace names the file that will hold the whole response, which then exists", async () => {
    const dir = tmp();
    const r = await runCli(["chat", "--now", NOW, "--trace", dir], input);
    expect(r.code).toBe(0);
    const cut = /^… \d+ more lines \(all in (.+\.json), written when the call ends\)$/m.exec(r.out);
    expect(cut).not.toBeNull();
    expect(existsSync(cut?.[1] ?? "")).toBe(true);
  });
});
