import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TraceEvent } from "./events.ts";
import { renderTraceMarkdown } from "./markdown.ts";
import { traceFileName, writeTrace } from "./write.ts";

const events: TraceEvent[] = [
  {
    type: "call_started",
    callId: "call_1",
    business: { id: "friseur-1", name: "Friseur 1", timezone: "Europe/Berlin" },
    callerPhone: "+491701234567",
    model: "rule",
    now: "2025-10-25T20:17:50.000+02:00",
    at: "2025-10-25T20:17:50.000+02:00",
    seq: 1,
  },
  {
    type: "caller_said",
    text: "Schreiben Sie an hans@example.com",
    turn: 1,
    at: "2025-10-25T20:17:55.000+02:00",
    seq: 2,
  },
  {
    type: "call_ended",
    reason: "caller hung up",
    durationMs: 6000,
    at: "2025-10-25T20:17:56.000+02:00",
    seq: 3,
  },
];

let dir = "";
afterEach(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
  dir = "";
});

describe("writeTrace", () => {
  it("writes the Markdown report and the redacted events, creating the directory", async () => {
    dir = await mkdtemp(join(tmpdir(), "termin-trace-"));
    const target = join(dir, "nested", "traces");
    const written = await writeTrace(target, "hans-schuster", events);
    expect(written).toEqual({
      markdown: join(target, "hans-schuster.md"),
      json: join(target, "hans-schuster.json"),
    });
    expect(await readFile(written.markdown, "utf8")).toBe(renderTraceMarkdown(events));
    const json = await readFile(written.json, "utf8");
    expect(json).toMatch(/^\[\n {2}\{\n {4}"type": "call_started",/);
    expect(json).not.toContain("1701234567");
    expect(json).not.toContain("hans@example.com");
    const back = JSON.parse(json) as TraceEvent[];
    expect(back.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(back[0]).toMatchObject({ callerPhone: "+49 *** *** **67" });
    expect(back[1]).toMatchObject({ text: "Schreiben Sie an h***@example.com" });
    // The JSON is enough to render the same report again.
    expect(renderTraceMarkdown(back)).toBe(renderTraceMarkdown(events));
  });

  it("masks every spelling of the caller's number in the JSON, by field and in text", async () => {
    dir = await mkdtemp(join(tmpdir(), "termin-trace-"));
    const spelled: TraceEvent[] = [
      { ...(events[0] as TraceEvent & { type: "call_started" }), callerPhone: "491701234567" },
      {
        type: "caller_said",
        text: "Das ist die (0170) 1234567, also null eins sieben null, eins zwei drei vier fünf sechs sieben.",
        turn: 1,
        at: "2025-10-25T20:17:55.000+02:00",
        seq: 2,
      },
      {
        type: "calendar_request",
        method: "findBookings",
        path: "findBookings",
        request: { phone: "０１７０ １２３４５６７" },
        status: "ok",
        response: [],
        durationMs: 1,
        at: "2025-10-25T20:17:55.500+02:00",
        seq: 3,
      },
    ];
    const written = await writeTrace(dir, "spelled", spelled);
    const json = await readFile(written.json, "utf8");
    for (const leaked of ["1234567", "１２３４５６７", "eins zwei drei"]) expect(json).not.toContain(leaked);
    const back = JSON.parse(json) as TraceEvent[];
    expect(back[0]).toMatchObject({ callerPhone: "+49 *** *** **67" });
    expect(back[1]).toMatchObject({ text: "Das ist die 0*** *** **67, also [REDACTED]." });
    expect(back[2]).toMatchObject({ request: { phone: "0*** *** **67" } });
    expect(renderTraceMarkdown(back)).toBe(renderTraceMarkdown(spelled));
  });

  it("keeps the file inside the directory whatever the name", async () => {
    dir = await mkdtemp(join(tmpdir(), "termin-trace-"));
    const written = await writeTrace(dir, "../../etc/passwd", events);
    expect(written.markdown).toBe(join(dir, "etc-passwd.md"));
  });
});

describe("traceFileName", () => {
  it.each([
    ["hans-schuster", "hans-schuster"],
    ["call_24977a803e9bd80b586fca06259", "call_24977a803e9bd80b586fca06259"],
    ["../secret", "secret"],
    ["a/b\\c d", "a-b-c-d"],
    ["Größe: Übermorgen?", "Grosse-Ubermorgen"],
    [".hidden", "hidden"],
    ["", "trace"],
    ["///", "trace"],
    ["x".repeat(150), "x".repeat(100)],
  ])("%s -> %s", (input, expected) => {
    expect(traceFileName(input)).toBe(expected);
  });
});
