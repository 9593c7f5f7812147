import { describe, expect, it } from "vitest";
import { MAX_LINE_DEPTH, MAX_LINE_LENGTH } from "./resolve.ts";
import { runCli } from "./testing.ts";

const run = (args: string[], stdinText = "") => runCli(["resolve", ...args], stdinText);

const CALL = "2025-10-25T20:17:50+02:00";

describe("termin resolve", () => {
  it("resolves one phrase to one JSON line with date and time first", async () => {
    const { code, lines } = await run(["--now", CALL, "morgen um zehn"]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? "");
    expect(Object.keys(result).slice(0, 2)).toEqual(["date", "time"]);
    expect(result).toMatchObject({ date: "2025-10-26", time: "10:00", past: false });
  });

  it("joins several words and honours --tz", async () => {
    const { lines } = await run([
      "--now",
      "2025-10-25T23:30:00Z",
      "--tz",
      "America/New_York",
      "morgen",
      "um",
      "10",
    ]);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ date: "2025-10-26", time: "10:00" });
    const berlin = await run(["--now", "2025-10-25T23:30:00Z", "morgen", "um", "10"]);
    expect(JSON.parse(berlin.lines[0] ?? "")).toMatchObject({ date: "2025-10-27" });
  });

  it("answers JSON lines in input order, echoing the input fields", async () => {
    const input = [
      { id: 1, text: "morgen um zehn", now: CALL },
      { id: 2, text: "übermorgen halb drei", now: CALL, tz: "Europe/Berlin" },
      { id: 3, text: "am 2. Januar", now: "2025-12-30T16:45:00+01:00" },
      { id: 4, text: "heute" },
    ];
    const { code, lines } = await run(
      ["--jsonl", "--now", "2026-03-29T10:00:00+02:00"],
      input.map((i) => JSON.stringify(i)).join("\n"),
    );
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { id: 1, text: "morgen um zehn", now: CALL, date: "2025-10-26", time: "10:00" },
      { id: 2, tz: "Europe/Berlin", date: "2025-10-27", time: "14:30" },
      { id: 3, date: "2026-01-02", time: null },
      { id: 4, date: "2026-03-29", time: null },
    ]);
  });

  it("answers a malformed line with an error on its line, goes on, and exits 1", async () => {
    const stdin = [
      JSON.stringify({ text: "morgen", now: CALL }),
      "{not json",
      JSON.stringify({ text: 42 }),
      "",
      JSON.stringify({ text: "morgen", now: CALL, tz: "Mars/Base" }),
      JSON.stringify({ text: "übermorgen", now: CALL }),
    ].join("\n");
    const { code, lines } = await run(["--jsonl"], stdin);
    expect(code).toBe(1);
    const results = lines.map((l) => JSON.parse(l));
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({ date: "2025-10-26" });
    expect(results[1]).toMatchObject({ line: 2, error: expect.stringContaining("line 2") });
    expect(results[2]).toMatchObject({ line: 3, error: expect.stringContaining("text") });
    expect(results[3]).toMatchObject({ line: 5, error: expect.stringContaining("Mars/Base") });
    expect(results[4]).toMatchObject({ date: "2025-10-27" });
  });

  it("answers a 5000-deep line and a 1 MB line with an error each, and the lines around them in order", async () => {
    const good = (id: number) => JSON.stringify({ id, text: "morgen um zehn", now: CALL });
    const deep = `{"text":"morgen","x":${"[".repeat(5000)}${"]".repeat(5000)}}`;
    const huge = JSON.stringify({ text: `morgen ${"x".repeat(1024 * 1024)}`, now: CALL });
    const { code, out, lines } = await run(["--jsonl"], [good(1), deep, good(3), huge, good(5)].join("\n"));
    expect(code).toBe(1);
    expect(out.length).toBeLessThan(4096);
    const results = lines.map((l) => JSON.parse(l));
    expect(results).toMatchObject([
      { id: 1, date: "2025-10-26", time: "10:00" },
      { line: 2, error: `line 2: nested deeper than ${MAX_LINE_DEPTH} levels` },
      { id: 3, date: "2025-10-26" },
      {
        line: 4,
        error: expect.stringMatching(new RegExp(`^line 4: longer than ${MAX_LINE_LENGTH} characters`)),
      },
      { id: 5, date: "2025-10-26" },
    ]);
    expect(results[3]).toEqual({ line: 4, error: expect.stringContaining(`(${huge.length})`) });
  });

  it("keeps lines at the bound, splits at \\r\\n, \\r and \\n, and cuts an error that quotes a long value", async () => {
    const padded = (id: number) => {
      const line = JSON.stringify({ id, text: "morgen", now: CALL, pad: "" });
      return line.replace('"pad":""', `"pad":"${"p".repeat(MAX_LINE_LENGTH - line.length)}"`);
    };
    expect(padded(1)).toHaveLength(MAX_LINE_LENGTH);
    const zone = JSON.stringify({ text: "morgen", now: CALL, tz: "Z".repeat(50_000) });
    const stdin = `${padded(1)}\r\n${padded(2)}x\r${zone}\n${JSON.stringify({ id: 4, text: "heute", now: CALL })}`;
    const { lines } = await run(["--jsonl"], stdin);
    const results = lines.map((l) => JSON.parse(l));
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ id: 1, date: "2025-10-26" });
    expect(results[1]).toMatchObject({ line: 2, error: expect.stringContaining("longer than") });
    expect(results[2]).toMatchObject({ line: 3, error: expect.stringContaining("unknown time zone") });
    expect(results[2].error.length).toBeLessThan(400);
    expect(results[3]).toMatchObject({ id: 4, date: "2025-10-25" });
  });

  it("prints days and earliest: a weekend span, the earliest slot, a duration from now", async () => {
    const weekend = await run(["--now", "2025-10-22T10:00:00+02:00", "am Wochenende"]);
    expect(weekend.code).toBe(0);
    expect(JSON.parse(weekend.lines[0] ?? "")).toEqual({
      date: null,
      time: null,
      window: null,
      days: { from: "2025-10-25", to: "2025-10-26" },
      earliest: false,
      daypart: null,
      past: false,
      unresolved: [],
      matched: { day: "am Wochenende", time: null },
    });
    const soon = await run(["--now", CALL, "so", "schnell", "wie", "möglich"]);
    expect(JSON.parse(soon.lines[0] ?? "")).toMatchObject({ date: null, days: null, earliest: true });
    const later = await run(["--now", CALL, "in zwei Stunden"]);
    expect(JSON.parse(later.lines[0] ?? "")).toMatchObject({
      date: "2025-10-25",
      time: null,
      window: { from: "22:17", to: "23:59" },
      days: null,
      earliest: true,
    });
  });

  it("adds days and earliest to every JSON line", async () => {
    const input = [
      { id: 1, text: "nächste Woche", now: CALL },
      { id: 2, text: "morgen um zehn", now: CALL },
      { id: 3, text: "nächster freier Termin", now: CALL },
    ];
    const { code, lines } = await run(["--jsonl"], input.map((i) => JSON.stringify(i)).join("\n"));
    expect(code).toBe(0);
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([
      { id: 1, date: null, days: { from: "2025-10-27", to: "2025-11-02" }, earliest: false },
      { id: 2, date: "2025-10-26", time: "10:00", days: null, earliest: false },
      { id: 3, date: null, days: null, earliest: true, matched: { day: "nächster freier Termin" } },
    ]);
  });

  it("rejects a bad --tz or --now with exit 2 and a message on stderr", async () => {
    const badZone = await run(["--tz", "Europe/Atlantis", "morgen"]);
    expect(badZone.code).toBe(2);
    expect(badZone.err).toContain("Europe/Atlantis");
    expect(badZone.out).toBe("");
    const badNow = await run(["--now", "gestern abend", "morgen"]);
    expect(badNow.code).toBe(2);
    expect(badNow.err).toContain("--now");
  });

  it("exits 2 without a phrase, and shows help with examples", async () => {
    expect((await run([])).code).toBe(2);
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("termin resolve --jsonl");
    expect(help.out).toContain("morgen um zehn");
    expect(help.out).toContain('"am Wochenende"');
    expect(help.out).toContain('"days"');
    expect(help.out).toContain('"earliest"');
  });
});
