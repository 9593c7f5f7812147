import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { main } from "../cli/main.ts";
import { ConfigError } from "../errors.ts";
import { loadTranscript, transcriptFiles } from "./transcript.ts";

const DIR = join(PROMPTS_DIR, "..", "evals", "transcripts");
const tmp = mkdtempSync(join(tmpdir(), "termin-transcripts-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

const VALID = `name: t
now: "2025-11-03T09:12:00+01:00"
business: friseur-1
turns:
  - caller: "Hallo"
`;

describe("transcript files", () => {
  it("every shipped transcript loads", () => {
    const files = transcriptFiles([DIR]);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) expect(loadTranscript(f).transcript.turns.length).toBeGreaterThan(0);
  });

  it.each([
    [
      "now without offset",
      VALID.replace('"2025-11-03T09:12:00+01:00"', '"2025-11-03T09:12"'),
      /now: expected an ISO instant with offset/,
    ],
    ["unknown others.on", `${VALID}others:\n  - { on: later, takes: chosen }\n`, /others\.0\.on/],
    ["empty turns", VALID.replace(/turns:[\s\S]*/, "turns: []\n"), /turns: /],
    ["unknown top-level key", `${VALID}extra: 1\n`, /extra/],
    [
      "unknown service in calendar.bookings",
      `${VALID}calendar:\n  bookings:\n    - { service: massage, start: "2025-11-04T10:00", name: "X" }\n`,
      /calendar\.bookings\.0\.service: unknown service "massage"/,
    ],
    [
      "bad wall time",
      `${VALID}calendar:\n  closed:\n    - { from: "morgen", to: "2025-11-04T10:00" }\n`,
      /calendar\.closed\.0\.from/,
    ],
    ["not YAML", "name: [unclosed\n", /not valid YAML/],
  ])("%s: a ConfigError names the file and the field", (_label, text, pattern) => {
    const path = file(`bad-${_label.replaceAll(" ", "-")}.yaml`, text);
    let error: unknown;
    try {
      loadTranscript(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(pattern);
  });

  it("accepts an inline business profile", () => {
    const inline = VALID.replace(
      "business: friseur-1",
      `business:
  id: mini
  name: Mini
  timezone: Europe/Vienna
  greeting: Servus!
  services: [{ id: schnitt, name: Schnitt, eventTypeId: 9, minutes: 20 }]
  hours: { mon: [["09:00", "12:00"]] }`,
    );
    const loaded = loadTranscript(file("inline.yaml", inline));
    expect(loaded.business).toMatchObject({ id: "mini", timezone: "Europe/Vienna", minimumNoticeMinutes: 0 });
  });
});

async function replay(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString()));
  stderr.on("data", (c: Buffer) => err.push(c.toString()));
  const code = await main(["replay", ...args], { stdin: new PassThrough(), stdout, stderr, env: {} });
  return { code, out: out.join(""), err: err.join("") };
}

describe("termin replay", () => {
  it("--json prints one object per call with name, passed, failures, turns, toolCalls, bookings", async () => {
    const r = await replay([join(DIR, "direct-booking.yaml"), join(DIR, "cancel-own.yaml"), "--json"]);
    expect(r.code).toBe(0);
    const objects = r.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o["name"])).toEqual(["direct-booking", "cancel-own"]);
    for (const o of objects) {
      expect(Object.keys(o)).toEqual(
        expect.arrayContaining(["name", "passed", "failures", "turns", "toolCalls", "bookings"]),
      );
      expect(o["passed"]).toBe(true);
    }
  });

  it("exits 1 and names the check, the turn and the agent's words when an expectation fails", async () => {
    const path = file(
      "wrong.yaml",
      `${VALID.replace('"Hallo"', '"Einen Herrenhaarschnitt am Donnerstag um 15 Uhr bitte."')}    expect: { says: ["Mittwoch"] }\nexpect:\n  booked: { service: herrenhaarschnitt, start: "2025-11-06T15:00" }\n`,
    );
    const r = await replay([path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain("FAIL  t");
    expect(r.out).toMatch(/says at turn 1: expected the agent to say "Mittwoch"/);
    expect(r.out).toMatch(/Agent: {3}.*Donnerstag, 6\. November/);
    expect(r.out).toMatch(/booked: expected booked herrenhaarschnitt@2025-11-06T15:00, got none/);
    expect(r.out).toContain("0 passed, 1 failed");
  });

  it("exits 2 with a clear message for no path, a missing path, or a folder without transcripts", async () => {
    expect(await replay([])).toMatchObject({
      code: 2,
      err: expect.stringContaining("name at least one transcript"),
    });
    expect(await replay([join(tmp, "nope.yaml")])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no such file"),
    });
    const empty = mkdtempSync(join(tmp, "empty-"));
    expect(await replay([empty])).toMatchObject({
      code: 2,
      err: expect.stringContaining("no *.yaml transcripts"),
    });
  });
});
