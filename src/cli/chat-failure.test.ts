/**
 * `termin chat` when the loop itself fails mid-call (here: a template that names a missing field, a developer's
 * ConfigError at its first render): the caller hears an honest sentence and every calendar change no result told,
 * the trace is written, holds are let go, exit 1 (not 2). A template folder that does not exist is a setup error:
 * exit 2 before the call.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { responsesIn, tempFolders } from "../temp-for-tests.ts";
import type { TraceEvent } from "../trace/events.ts";
import { type CliRun, runCli } from "./testing.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const tempDir = tempFolders("chat-fail");

/** A copy of the shipped templates with `file` replaced by `text`. */
function templatesWith(file: string, text: string): string {
  return responsesIn(tempDir(), { [file]: text });
}

/** A chat on `templates`, fed `lines`, with its trace written; the run and the trace's events. */
async function chatWith(templates: string, lines: string[]): Promise<{ r: CliRun; events: TraceEvent[] }> {
  const trace = tempDir();
  const r = await runCli(
    ["chat", "--now", NOW, "--trace", trace, "--templates", templates],
    `${lines.join("\n")}\n`,
  );
  const file = readdirSync(trace).find((f) => f.endsWith(".json")) ?? "";
  return { r, events: JSON.parse(readFileSync(join(trace, file), "utf8")) as TraceEvent[] };
}

describe("termin chat: the loop fails mid-call", () => {
  it("the caller hears an honest sentence, the held slot is let go, the trace is written, exit 1", async () => {
    // The "held" sentence reads a field no hold has.
    const templates = templatesWith("held.hbs", "Ich halte Ihnen {{slot.room}} frei.\n");
    const input = ["Einen Herrenhaarschnitt morgen um zehn Uhr bitte.", "Ja, bitte.", "Hallo?"];
    const { r, events } = await chatWith(templates, input);
    expect(r.code).toBe(1);
    const at = r.lines.indexOf("Anrufer: Ja, bitte.");
    expect(r.lines[at + 1]).toMatch(/^Agent: Entschuldigung, ich habe gerade ein technisches Problem/);
    expect(r.out).not.toContain("Anrufer: Hallo?");
    expect(r.err).toMatch(/^termin chat: response template \S+held\.hbs failed: .*slot\.room/m);
    expect(events.at(-1)).toMatchObject({ type: "call_ended", reason: "failed" });
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "note",
        text: expect.stringMatching(/^call failed: response template .*held\.hbs failed/),
      }),
    );
    expect(
      events.some((e) => e.type === "calendar_request" && e.method === "releaseHold" && e.status === "ok"),
    ).toBe(true);
  });

  it("a confirmation template that fails after the calendar booked: the caller still hears the booking", async () => {
    const templates = templatesWith("booked.hbs", "Erledigt: {{booking.room}}.\n");
    const input = ["Einen Herrenhaarschnitt morgen um zehn Uhr bitte.", "Ja, bitte.", "Hans Schuster."];
    const { r, events } = await chatWith(templates, input);
    expect(r.code).toBe(1);
    const at = r.lines.indexOf("Anrufer: Hans Schuster.");
    expect(r.lines[at + 1]).toBe(
      "Agent: Ihr Termin ist gebucht: morgen, Sonntag, 26. Oktober, um 10:00 Uhr. Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. Bitte rufen Sie in ein paar Minuten noch einmal an.",
    );
    const booked = events.filter(
      (e) => e.type === "calendar_request" && e.method === "book" && e.status === "ok",
    );
    expect(booked).toHaveLength(1);
  });

  it("a booking told in an earlier turn is not told again when a later turn fails", async () => {
    const templates = templatesWith("found.hbs", "Gefunden: {{nothing.here}}.\n");
    const input = [
      "Einen Herrenhaarschnitt morgen um zehn Uhr bitte.",
      "Ja, bitte.",
      "Hans Schuster.",
      "Ich möchte meinen Termin absagen.",
    ];
    const { r } = await chatWith(templates, input);
    expect(r.code).toBe(1);
    expect(r.lines[r.lines.indexOf("Anrufer: Hans Schuster.") + 1]).toMatch(
      /^Agent: Erledigt: .* ist gebucht/,
    );
    expect(r.lines[r.lines.indexOf("Anrufer: Ich möchte meinen Termin absagen.") + 1]).toMatch(
      /^Agent: Entschuldigung, ich habe gerade ein technisches Problem/,
    );
  });

  it.each([
    [
      "cancelled.hbs",
      ["Ich möchte meinen Termin absagen.", "Ja, bitte absagen."],
      "Ihr Termin ist abgesagt: morgen, Sonntag, 26. Oktober, um 10:00 Uhr.",
    ],
    [
      "rescheduled.hbs",
      ["Kann ich meinen Termin auf Dienstag um zehn verschieben?", "Ja, bitte."],
      "Ihr Termin ist verschoben auf Dienstag, 28. Oktober, um 10:00 Uhr.",
    ],
  ])(
    "%s fails after the calendar changed the booking: the caller hears the change",
    async (file, lines, said) => {
      const templates = templatesWith(file, "Kaputt: {{nothing.here}}.\n");
      const booking = ["Einen Herrenhaarschnitt morgen um zehn Uhr bitte.", "Ja, bitte.", "Hans Schuster."];
      const { r } = await chatWith(templates, [...booking, ...lines]);
      expect(r.code).toBe(1);
      const answer = r.lines[r.lines.lastIndexOf(`Anrufer: ${lines.at(-1)}`) + 1] ?? "";
      // Only the change: the booking was told in its own turn.
      expect(answer).toBe(
        `Agent: ${said} Entschuldigung, ich habe gerade ein technisches Problem und kann Ihnen im Moment nicht weiterhelfen. Bitte rufen Sie in ein paar Minuten noch einmal an.`,
      );
    },
  );

  it("a template folder that does not exist: exit 2 before the call, naming the file", async () => {
    const missing = join(tempDir(), "nope");
    const r = await runCli(["chat", "--now", NOW, "--templates", missing], "Hallo\n");
    expect(r).toMatchObject({ code: 2, out: "" });
    expect(r.err).toMatch(/^termin chat: response template missing: .*nope/);
  });
});
