/**
 * The system prompt (`prompts/agent.de.hbs`): business name, services with minutes, opening hours with the
 * closed day, the call's local weekday, date and time in the business zone, and the caller's number.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DateTime } from "luxon";
import { afterAll, describe, expect, it } from "vitest";
import { loadBusinessProfile, parseBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { renderSystemPrompt } from "./system-prompt.ts";

const business = loadBusinessProfile("friseur-1");
const utc = (iso: string) => DateTime.fromISO(iso, { zone: "utc" });
const lines = (text: string) => text.split("\n");

/** The line that tells the model the time of the call. */
const nowLine = (iso: string, profile = business) =>
  lines(renderSystemPrompt({ business: profile, now: utc(iso), callerPhone: null })).find((l) =>
    l.startsWith("Jetzt ist "),
  );

const dir = mkdtempSync(join(tmpdir(), "termin-prompt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("renderSystemPrompt", () => {
  it("renders the call's local time in the business zone for a UTC now (first lines)", () => {
    const text = renderSystemPrompt({
      business,
      now: utc("2025-10-25T18:17:50Z"),
      callerPhone: "+491701234567",
    });
    expect(lines(text).slice(0, 6).join("\n")).toMatchInlineSnapshot(`
      "Du bist die freundliche Telefonassistenz von Friseur 1. Du sprichst Deutsch und siezt die Anrufer.
      Deine einzige Aufgabe: Termine für die Leistungen unten vereinbaren, nennen, absagen oder verschieben.

      Jetzt ist Samstag, der 25. Oktober 2025, 20:17 Uhr (Zeitzone Europe/Berlin).
      Die Telefonnummer des Anrufers kennst du aus der Telefonie: +491701234567.
      Frag nicht danach und nenne sie nicht."
    `);
  });

  it("takes the local date, not the UTC date, around midnight and across the end of summer time", () => {
    // 22:30Z on the 25th is already Sunday in Berlin (CEST, +02:00).
    expect(nowLine("2025-10-25T22:30:00Z")).toBe(
      "Jetzt ist Sonntag, der 26. Oktober 2025, 00:30 Uhr (Zeitzone Europe/Berlin).",
    );
    // After 01:00Z on the 26th Berlin is on CET (+01:00).
    expect(nowLine("2025-10-26T05:00:00Z")).toBe(
      "Jetzt ist Sonntag, der 26. Oktober 2025, 06:00 Uhr (Zeitzone Europe/Berlin).",
    );
    // Start of summer time: 01:30Z is 03:30 CEST.
    expect(nowLine("2025-03-30T01:30:00Z")).toBe(
      "Jetzt ist Sonntag, der 30. März 2025, 03:30 Uhr (Zeitzone Europe/Berlin).",
    );
  });

  it("ignores the zone the DateTime happens to carry", () => {
    const inNewYork = DateTime.fromISO("2025-10-25T14:17:50", { zone: "America/New_York" });
    const text = renderSystemPrompt({ business, now: inNewYork, callerPhone: null });
    expect(text).toContain("Jetzt ist Samstag, der 25. Oktober 2025, 20:17 Uhr");
  });

  it("uses the profile's own zone", () => {
    const tokyo = parseBusinessProfile({ ...business, id: "tokyo", timezone: "Asia/Tokyo" });
    expect(nowLine("2025-10-25T18:17:50Z", tokyo)).toBe(
      "Jetzt ist Sonntag, der 26. Oktober 2025, 03:17 Uhr (Zeitzone Asia/Tokyo).",
    );
  });

  it("lists every service with its minutes and aliases", () => {
    const text = renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null });
    const services = lines(text.slice(text.indexOf("Leistungen:"), text.indexOf("Öffnungszeiten:"))).filter(
      (l) => l.startsWith("- "),
    );
    expect(services).toHaveLength(business.services.length);
    expect(services).toContain(
      "- Herrenhaarschnitt (30 Minuten), auch genannt: Herrenschnitt, Männerhaarschnitt, Haarschnitt für Herren, Herren",
    );
    expect(services).toContain(
      "- Färben (90 Minuten), auch genannt: Farbe, Haare färben, Tönung, Ansatz färben",
    );
    expect(services.some((l) => l.startsWith("- Waschen, Schneiden, Föhnen (60 Minuten)"))).toBe(true);
  });

  it("lists opening hours Monday to Sunday, with the missing Wednesday as closed", () => {
    const text = renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null });
    const from = lines(text).indexOf("Öffnungszeiten:");
    expect(lines(text).slice(from, from + 8)).toEqual([
      "Öffnungszeiten:",
      "- Montag: 07:00–13:00 Uhr",
      "- Dienstag: 08:00–18:00 Uhr",
      "- Mittwoch: geschlossen",
      "- Donnerstag: 08:00–20:00 Uhr",
      "- Freitag: 08:00–18:00 Uhr",
      "- Samstag: 08:00–14:00 Uhr",
      "- Sonntag: 07:00–12:00 Uhr",
    ]);
  });

  it("renders split hours and a service without aliases", () => {
    const salon = parseBusinessProfile({
      id: "mini",
      name: "Salon Mini",
      timezone: "Europe/Berlin",
      greeting: "Hallo",
      services: [{ id: "schnitt", name: "Schnitt", eventTypeId: 1, minutes: 45 }],
      hours: {
        mon: [
          ["09:00", "12:00"],
          ["14:00", "18:00"],
        ],
      },
    });
    const text = renderSystemPrompt({ business: salon, now: utc("2025-10-25T18:17:50Z"), callerPhone: null });
    expect(text).toContain("von Salon Mini.");
    expect(lines(text)).toContain("- Schnitt (45 Minuten)");
    expect(lines(text)).toContain("- Montag: 09:00–12:00 Uhr, 14:00–18:00 Uhr");
    expect(lines(text)).toContain("- Sonntag: geschlossen");
  });

  it('says "unterdrückt" for a withheld number, and never prints null', () => {
    for (const callerPhone of [null, ""]) {
      const text = renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone });
      expect(text).toContain("Die Telefonnummer des Anrufers kennst du aus der Telefonie: unterdrückt.");
      expect(text).not.toContain("null");
    }
  });

  it("renders a developer's own template file, and a missing file is a ConfigError", () => {
    const file = join(dir, "short.hbs");
    writeFileSync(
      file,
      "{{business.name}} · {{now.weekday}} {{now.time}} · {{#each hours}}{{day}} {{/each}}\n",
    );
    const text = renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null, file });
    expect(text).toBe(
      "Friseur 1 · Samstag 20:17 · Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    );
    expect(() =>
      renderSystemPrompt({
        business,
        now: utc("2025-10-25T18:17:50Z"),
        callerPhone: null,
        file: join(dir, "x"),
      }),
    ).toThrow(ConfigError);
  });

  it("a template naming an unknown field is a ConfigError that names the file", () => {
    const file = join(dir, "typo.hbs");
    writeFileSync(file, "Hallo {{business.nope}}\n");
    expect(() =>
      renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null, file }),
    ).toThrow(ConfigError);
  });

  it("a misspelt list or condition is a ConfigError naming the field and line, not an empty list", () => {
    const render = (name: string, text: string) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return () =>
        renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null, file });
    };
    const servics = render("servics.hbs", "Leistungen:\n{{#each business.servics}}\n- {{name}}\n{{/each}}\n");
    expect(servics).toThrow(ConfigError);
    expect(servics).toThrow(
      `system prompt ${join(dir, "servics.hbs")} failed: business.servics (servics.hbs, line 2): the field "business.servics" is missing from the data`,
    );
    expect(render("phone.hbs", "{{#if callerPhon}}x{{/if}}")).toThrow(
      'failed: {{#if callerPhon}} (phone.hbs, line 1): the field "callerPhon" is missing from the data',
    );
    expect(render("unless.hbs", "\n{{#unless hour}}x{{/unless}}")).toThrow(
      '{{#unless hour}} (unless.hbs, line 2): the field "hour" is missing',
    );
    // A misspelt first part of a path, in a block or printed: named, not "Cannot read properties of undefined".
    expect(render("busines.hbs", "{{#each busines.services}}{{/each}}")).toThrow(
      'busines.services (busines.hbs, line 1): the field "busines" is missing from the data',
    );
    expect(render("nmae.hbs", "Hallo {{business.nmae}}")).toThrow(
      'business.nmae (nmae.hbs, line 1): the field "business.nmae" is missing from the data',
    );
  });

  it("a misspelt helper is a ConfigError when the prompt is compiled", () => {
    const file = join(dir, "helper.hbs");
    writeFileSync(file, "{{#iff callerPhone}}x{{/iff}}");
    expect(() =>
      renderSystemPrompt({ business, now: utc("2025-10-25T18:17:50Z"), callerPhone: null, file }),
    ).toThrow(
      `system prompt ${file} does not compile: You specified knownHelpersOnly, but used the unknown helper iff`,
    );
  });
});
