/**
 * `termin prompt` prints the system prompt a call starts with: the same text `startCall` gives the model, for the
 * business, moment and caller named on the command line.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { startCall } from "../agent/call.ts";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile, PROMPTS_DIR } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { runCli } from "./testing.ts";

const NOW = "2025-10-25T20:17:50+02:00";

/** The system message a call started by `termin chat` would give its model. */
function systemMessageOfCall(business: string, now: string, phone: string | null): string {
  const profile = loadBusinessProfile(business);
  const clock = manualClock(now);
  const call = startCall({
    business: profile,
    calendar: new CalendarSimulator({ profile, clock }),
    clock,
    callerPhone: phone,
    model: "rule",
    env: {},
  });
  const [first] = call.conversation.messages;
  if (first?.role !== "system") throw new Error("a call starts with its system message");
  return first.content;
}

describe("termin prompt", () => {
  it("prints the business, the call's local moment, the caller's number, services and hours", async () => {
    const run = await runCli(["prompt", "--now", NOW]);
    expect(run).toMatchObject({ code: 0, err: "" });
    const head = run.out.split("\n").slice(0, 23).join("\n");
    expect(head).toMatchInlineSnapshot(`
      "Du bist die freundliche Telefonassistenz von Friseur 1. Du sprichst Deutsch und siezt die Anrufer.
      Deine einzige Aufgabe: Termine für die Leistungen unten vereinbaren, nennen, absagen oder verschieben.

      Jetzt ist Samstag, der 25. Oktober 2025, 20:17 Uhr (Zeitzone Europe/Berlin).
      Die Telefonnummer des Anrufers kennst du aus der Telefonie: +491701234567.
      Frag nicht danach und nenne sie nicht.

      Leistungen:
      - Herrenhaarschnitt (30 Minuten), auch genannt: Herrenschnitt, Männerhaarschnitt, Haarschnitt für Herren, Herren
      - Damenhaarschnitt (60 Minuten), auch genannt: Damenschnitt, Haarschnitt für Damen, Damen
      - Kinderhaarschnitt (30 Minuten), auch genannt: Kinderschnitt, Kinder
      - Waschen, Schneiden, Föhnen (60 Minuten), auch genannt: Waschen Schneiden Föhnen, Schneiden und Föhnen
      - Bartpflege (30 Minuten), auch genannt: Bart, Bart trimmen, Bartschnitt, Bart schneiden, Bartschneiden, Rasur
      - Färben (90 Minuten), auch genannt: Farbe, Haare färben, Tönung, Ansatz färben

      Öffnungszeiten:
      - Montag: 07:00–13:00 Uhr
      - Dienstag: 08:00–18:00 Uhr
      - Mittwoch: geschlossen
      - Donnerstag: 08:00–20:00 Uhr
      - Freitag: 08:00–18:00 Uhr
      - Samstag: 08:00–14:00 Uhr
      - Sonntag: 07:00–12:00 Uhr"
    `);
  });

  it.each([
    ["friseur-1", NOW, "+491701234567"],
    // A national number is normalised with the business's country, as telephony's number is when a call starts.
    ["physio-1", "2025-03-30T01:59:00+01:00", "0170 1234567"],
    ["friseur-1", "2025-12-31T23:30:00Z", ""],
  ])("prints exactly the system message a call of %s at %s gets (phone %j)", async (business, now, phone) => {
    const run = await runCli(["prompt", "--business", business, "--now", now, "--phone", phone]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe(`${systemMessageOfCall(business, now, phone)}\n`);
  });

  it('says the number is withheld for --phone ""', async () => {
    const run = await runCli(["prompt", "--now", NOW, "--phone", ""]);
    expect(run.out).toContain("kennst du aus der Telefonie: unterdrückt.");
    expect(run.out).not.toContain("+49");
  });

  it("reads the moment in the business's zone: a UTC instant is said as local time", async () => {
    // 23:30Z on New Year's Eve is already 00:30 on 1 January in Berlin.
    const run = await runCli(["prompt", "--now", "2025-12-31T23:30:00Z"]);
    expect(run.out).toContain(
      "Jetzt ist Donnerstag, der 1. Januar 2026, 00:30 Uhr (Zeitzone Europe/Berlin).",
    );
  });

  it("without --now, renders the real moment", async () => {
    const today = () => DateTime.now().setZone("Europe/Berlin").setLocale("de").toFormat("d. LLLL yyyy");
    const before = today();
    const run = await runCli(["prompt"]);
    const after = today();
    const said = /^Jetzt ist \p{L}+, der (.+), \d\d:\d\d Uhr/mu.exec(run.out)?.[1];
    expect([before, after]).toContain(said);
  });

  describe("with a profile file", () => {
    const dir = mkdtempSync(join(tmpdir(), "termin-prompt-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("takes a YAML path, its zone and its country for the caller's number", async () => {
      const source = readFileSync(join(PROMPTS_DIR, "businesses", "physio-1.yaml"), "utf8");
      const file = join(dir, "wien-1.yaml");
      writeFileSync(
        file,
        source
          .replace("id: physio-1", "id: wien-1")
          .replace("name: Physio 1", "name: Physio Wien")
          .replace("timezone: Europe/Berlin", "timezone: Europe/Vienna"),
      );
      const run = await runCli([
        "prompt",
        "--business",
        file,
        "--now",
        "2025-10-25T18:17:50Z",
        "--phone",
        "0664 1234567",
      ]);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain("von Physio Wien.");
      expect(run.out).toContain(
        "Jetzt ist Samstag, der 25. Oktober 2025, 20:17 Uhr (Zeitzone Europe/Vienna).",
      );
      expect(run.out).toContain("aus der Telefonie: +436641234567.");
    });

    it("reads a --now without offset as wall time in the business's zone, not Berlin's or the machine's", async () => {
      const source = readFileSync(join(PROMPTS_DIR, "businesses", "physio-1.yaml"), "utf8");
      const file = join(dir, "london-1.yaml");
      writeFileSync(
        file,
        source
          .replace("id: physio-1", "id: london-1")
          .replace("timezone: Europe/Berlin", "timezone: Europe/London"),
      );
      const run = await runCli(["prompt", "--business", file, "--now", "2025-10-25T20:17"]);
      expect(run.code, run.err).toBe(0);
      expect(run.out).toContain(
        "Jetzt ist Samstag, der 25. Oktober 2025, 20:17 Uhr (Zeitzone Europe/London).",
      );
    });
  });

  it.each([
    [["--business", "no-such-salon"], 'termin prompt: business profile "no-such-salon" not found'],
    [["--now", "gestern"], "termin prompt: --now "],
    [["friseur-1"], 'termin prompt: unexpected argument "friseur-1"; see termin prompt --help'],
    [["--phone", "abc"], "termin prompt: --phone "],
    [["--no-such-flag"], "termin prompt: Unknown option '--no-such-flag'"],
  ])("%j exits 2 with one line on stderr and nothing on stdout", async (args, message) => {
    const run = await runCli(["prompt", ...args]);
    expect(run).toMatchObject({ code: 2, out: "" });
    expect(run.err.startsWith(message), run.err).toBe(true);
    expect(run.err.trimEnd().split("\n")).toHaveLength(1);
  });
});
