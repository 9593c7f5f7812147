/** `business_info`: facts only from the profile; a fact the profile lacks is said to be unavailable, never guessed. */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile, parseBusinessProfile } from "../calendar/profile.ts";
import { friseur, newCall } from "./__fixtures__/call.ts";
import { runTool } from "./run-tool.ts";
import type { BookingSession } from "./session.ts";
import type { BusinessInfoResult } from "./types.ts";

async function ask(
  session: BookingSession,
  topic: string,
  day: string | null = null,
  service: string | null = null,
): Promise<BusinessInfoResult> {
  const r = await runTool(session, "business_info", JSON.stringify({ topic, day, service }));
  return r.result as BusinessInfoResult;
}

const bare = parseBusinessProfile({
  ...friseur,
  id: "ohne-fakten",
  services: friseur.services.map(({ price: _price, ...s }) => s),
  address: undefined,
  payment: undefined,
});

describe("opening hours", () => {
  it("the week, days with the same hours together, closed days named", async () => {
    const { session } = newCall();
    const r = await ask(session, "hours");
    expect(r.say).toMatchInlineSnapshot(
      `"Unsere Öffnungszeiten: Montag von 7:00 bis 13:00 Uhr, Dienstag und Freitag von 8:00 bis 18:00 Uhr, Donnerstag von 8:00 bis 20:00 Uhr, Samstag von 8:00 bis 14:00 Uhr, Sonntag von 7:00 bis 12:00 Uhr. Geschlossen: Mittwoch."`,
    );
  });

  it("one day the caller names, today after closing, a span, and a day not understood", async () => {
    const { session } = newCall();
    expect((await ask(session, "day_hours", "am Samstag")).say).toMatchInlineSnapshot(
      `"Am Samstag, 1. November, haben wir regulär von 8:00 bis 14:00 Uhr geöffnet."`,
    );
    expect((await ask(session, "day_hours", "heute")).say).toMatchInlineSnapshot(
      `"Heute, Samstag, 25. Oktober, haben wir regulär von 8:00 bis 14:00 Uhr geöffnet; jetzt haben wir schon geschlossen."`,
    );
    expect((await ask(session, "day_hours", "Mittwoch")).say).toMatchInlineSnapshot(
      `"Am Mittwoch, 29. Oktober, haben wir geschlossen."`,
    );
    const unknown = await ask(session, "day_hours", "an Weihnachten vielleicht");
    expect(unknown.status).toBe("need_input");
    expect(unknown.say).toBe("Für welchen Tag möchten Sie unsere Öffnungszeiten wissen?");
  });

  it("a practice with a lunch break says both ranges", async () => {
    const { session } = newCall({
      profile: loadBusinessProfile("physio-1"),
      now: "2025-11-03T08:00:00+01:00",
    });
    expect((await ask(session, "day_hours", "morgen")).say).toMatchInlineSnapshot(
      `"Morgen, Dienstag, 4. November, haben wir regulär von 7:30 bis 12:30 Uhr und von 13:30 bis 19:00 Uhr geöffnet."`,
    );
    expect((await ask(session, "hours")).say).toMatchInlineSnapshot(
      `"Unsere Öffnungszeiten: Montag bis Donnerstag von 7:30 bis 12:30 Uhr und von 13:30 bis 19:00 Uhr, Freitag von 7:30 bis 12:00 Uhr und von 12:30 bis 14:00 Uhr. Geschlossen: Samstag und Sonntag."`,
    );
  });
});

describe("prices", () => {
  it("a service with a price, one without, an ambiguous one and all of them", async () => {
    const { session } = newCall();
    const herren = await ask(session, "prices", null, "einen Herrenhaarschnitt");
    expect(herren).toMatchObject({ status: "info", known: true });
    expect(herren.say).toBe("Der Preis für Herrenhaarschnitt: 28 €.");
    const farbe = await ask(session, "prices", null, "Färben");
    expect(farbe).toMatchObject({ status: "info", known: false });
    expect(farbe.say).toBe("Den Preis für Färben kann ich Ihnen am Telefon leider nicht nennen.");
    expect((await ask(session, "prices", null, "Haare schneiden")).say).toMatchInlineSnapshot(
      `"Unsere Preise: Herrenhaarschnitt 28 €; Damenhaarschnitt ab 45 €; Kinderhaarschnitt 18 €; Waschen, Schneiden, Föhnen ab 52 €."`,
    );
    expect((await ask(session, "prices")).say).toMatchInlineSnapshot(
      `"Unsere Preise: Herrenhaarschnitt 28 €; Damenhaarschnitt ab 45 €; Kinderhaarschnitt 18 €; Waschen, Schneiden, Föhnen ab 52 €. Die Preise für Bartpflege und Färben kann ich Ihnen am Telefon leider nicht nennen."`,
    );
    expect((await ask(session, "prices", null, "Dauerwelle")).say).toMatchInlineSnapshot(
      `"Diese Leistung habe ich bei uns leider nicht gefunden. Unsere Preise: Herrenhaarschnitt 28 €; Damenhaarschnitt ab 45 €; Kinderhaarschnitt 18 €; Waschen, Schneiden, Föhnen ab 52 €. Die Preise für Bartpflege und Färben kann ich Ihnen am Telefon leider nicht nennen."`,
    );
  });

  it("a profile without prices never speaks a number", async () => {
    const { session } = newCall({ profile: bare });
    const r = await ask(session, "prices");
    expect(r.say).not.toMatch(/\d/);
    expect(r.say).toContain("kann ich Ihnen am Telefon leider nicht nennen");
  });
});

describe("address, payment, services", () => {
  it("from the profile when it has them, honestly unavailable when not", async () => {
    const known = newCall().session;
    const none = newCall({ profile: bare }).session;
    expect((await ask(known, "address")).say).toBe("Sie finden uns hier: Musterstraße 12, 10115 Berlin.");
    expect((await ask(none, "address")).say).toBe(
      "Unsere Adresse kann ich Ihnen am Telefon leider nicht nennen.",
    );
    expect((await ask(known, "payment")).say).toBe(
      "Bei uns können Sie so bezahlen: Bargeld, EC-Karte oder Kreditkarte.",
    );
    expect(await ask(none, "payment")).toMatchObject({ known: false });
    expect((await ask(known, "services")).say).toMatchInlineSnapshot(
      `"Wir bieten an: Herrenhaarschnitt (30 Minuten), Damenhaarschnitt (60 Minuten), Kinderhaarschnitt (30 Minuten), Waschen, Schneiden, Föhnen (60 Minuten), Bartpflege (30 Minuten), Färben (90 Minuten). Wofür möchten Sie einen Termin?"`,
    );
  });

  it("a topic outside the list is refused as bad arguments, not answered", async () => {
    const { session } = newCall();
    const r = await runTool(
      session,
      "business_info",
      JSON.stringify({ topic: "weather", day: null, service: null }),
    );
    expect(r.result.status).toBe("invalid_arguments");
  });
});
