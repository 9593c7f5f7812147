import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BusinessProfile, loadBusinessProfile, parseBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { matchService, type ServiceMatch, serviceWords } from "./service-match.ts";
import { loadServiceVocabulary } from "./service-vocabulary.ts";

/**
 * What a row expects: a service id (named or narrowed to one, no options); `{ named }` for services named
 * explicitly (the first is the service); `{ options }` for generic words that fit several; null for nothing.
 */
type Want = string | { named: string[] } | { options: string[] } | null;

interface Ids {
  service: string | null;
  named?: string[];
  options: string[];
}

function ids(m: ServiceMatch, checkNamed: boolean): Ids {
  const out: Ids = { service: m.service?.id ?? null, options: m.options.map((s) => s.id) };
  if (checkNamed) out.named = m.named.map((s) => s.id);
  return out;
}

function wanted(want: Want): Ids {
  if (want === null) return { service: null, named: [], options: [] };
  if (typeof want === "string") return { service: want, options: [] };
  if ("named" in want) return { service: want.named[0] ?? null, named: want.named, options: [] };
  return { service: null, named: [], options: want.options };
}

function check(text: string, profile: BusinessProfile, want: Want): void {
  const checkNamed = want === null || typeof want !== "string";
  expect(ids(matchService(text, profile), checkNamed)).toEqual(wanted(want));
}

const friseur = loadBusinessProfile("friseur-1");
const HAIRCUTS = ["herrenhaarschnitt", "damenhaarschnitt", "kinderhaarschnitt", "waschen-schneiden-foehnen"];

const friseurRows: [string, Want][] = [
  // plain names, ids and aliases, any case
  ["Herrenhaarschnitt", { named: ["herrenhaarschnitt"] }],
  ["herrenhaarschnitt", "herrenhaarschnitt"],
  ["HERRENHAARSCHNITT", "herrenhaarschnitt"],
  ["Damenhaarschnitt", "damenhaarschnitt"],
  ["Kinderhaarschnitt", "kinderhaarschnitt"],
  ["Waschen, Schneiden, Föhnen", { named: ["waschen-schneiden-foehnen"] }],
  ["waschen-schneiden-foehnen", "waschen-schneiden-foehnen"],
  ["Bartpflege", "bartpflege"],
  ["Färben", { named: ["faerben"] }],
  ["Herrenschnitt", "herrenhaarschnitt"],
  ["Männerhaarschnitt", "herrenhaarschnitt"],
  ["Damenschnitt", "damenhaarschnitt"],
  ["Kinderschnitt", "kinderhaarschnitt"],
  ["Bart", { named: ["bartpflege"] }],
  ["Bartschnitt", "bartpflege"],
  ["Tönung", "faerben"],
  ["Schneiden und Föhnen", "waschen-schneiden-foehnen"],
  ["Haarschnitt für Damen", { named: ["damenhaarschnitt"] }],
  ["Ja, ich hätte gern einen Herrenhaarschnitt.", "herrenhaarschnitt"],
  ["Ich bin Eva Brandt und hätte gern morgen um zehn einen Damenhaarschnitt", "damenhaarschnitt"],
  // case endings, also where the case is wrong
  ["einen Herrenhaarschnitts", { named: ["herrenhaarschnitt"] }],
  ["wegen eines Damenhaarschnittes", "damenhaarschnitt"],
  ["zwei Kinderhaarschnitte", "kinderhaarschnitt"],
  ["was kostet das mit Farben?", "faerben"],
  ["einen Termin zum Färben", "faerben"],
  ["zur Rasur", "bartpflege"],
  ["Ich möchte mir die Haare färben lassen", "faerben"],
  // compounds
  ["Kann ich am Mittwoch zum Bartschneiden kommen?", "bartpflege"],
  ["Bartrasur", "bartpflege"],
  ["Damenfrisur", "damenhaarschnitt"],
  ["Kinderfrisur", "kinderhaarschnitt"],
  ["eine Herrenfrisur", "herrenhaarschnitt"],
  ["Männerschnitt", "herrenhaarschnitt"],
  ["Haarefärben", "faerben"],
  ["Herrenfärben", "faerben"],
  ["Nassrasur", "bartpflege"],
  ["den Vollbart stutzen", "bartpflege"],
  ["einen Herrenhaarschnitttermin", "herrenhaarschnitt"],
  ["ein Kurzhaarschnitt", { options: HAIRCUTS }],
  // compounds said apart
  ["Herren Haarschnitt", { named: ["herrenhaarschnitt"] }],
  ["Herren-Haarschnitt", "herrenhaarschnitt"],
  ["Damen Haar Schnitt", "damenhaarschnitt"],
  ["Kinder Haarschnitt", "kinderhaarschnitt"],
  ["Bart Pflege", "bartpflege"],
  // umlaut-free spellings
  ["Faerben", "faerben"],
  ["Foehnen", "waschen-schneiden-foehnen"],
  ["Waschen Schneiden Foehnen", "waschen-schneiden-foehnen"],
  ["Maennerhaarschnitt", "herrenhaarschnitt"],
  ["Toenung", "faerben"],
  ["Haarschnitt fuer Herren", "herrenhaarschnitt"],
  ["Straehnchen", "faerben"],
  // generic family words
  ["Haare schneiden", { options: HAIRCUTS }],
  ["Ich müsste mal wieder die Haare schneiden lassen", { options: HAIRCUTS }],
  ["Einen Haarschnitt bitte", { options: HAIRCUTS }],
  ["Frisur", { options: HAIRCUTS }],
  ["Schnitt", { options: HAIRCUTS }],
  ["Ich brauche einen neuen Schnitt", { options: HAIRCUTS }],
  ["die Haare machen lassen", { options: HAIRCUTS }],
  ["Strähnchen", "faerben"],
  ["Ich möchte mir die Haare tönen", "faerben"],
  ["Ansatz färben", "faerben"],
  ["den Ansatz nachfärben", "faerben"],
  ["Bart trimmen", "bartpflege"],
  ["Rasur", "bartpflege"],
  ["nur föhnen", "waschen-schneiden-foehnen"],
  // who it is for
  ["für einen Mann", "herrenhaarschnitt"],
  ["Einen Termin für meinen Mann bitte", "herrenhaarschnitt"],
  ["für Herren", "herrenhaarschnitt"],
  ["Männer", "herrenhaarschnitt"],
  ["für meine Frau", "damenhaarschnitt"],
  ["Dame", "damenhaarschnitt"],
  ["für mein Kind", "kinderhaarschnitt"],
  ["meinen Sohn", "kinderhaarschnitt"],
  ["meine Tochter", "kinderhaarschnitt"],
  ["Kind", "kinderhaarschnitt"],
  ["Herren und Damen", { named: ["herrenhaarschnitt", "damenhaarschnitt"] }],
  ["für meinen Mann und meine Tochter", { options: ["herrenhaarschnitt", "kinderhaarschnitt"] }],
  // a kind of service for someone
  ["Haarschnitt für meinen Sohn", "kinderhaarschnitt"],
  ["einmal Haare schneiden für einen Mann", "herrenhaarschnitt"],
  ["Haare schneiden für meine Frau", "damenhaarschnitt"],
  ["eine Frisur für meine Tochter", "kinderhaarschnitt"],
  ["Schnitt für Damen", "damenhaarschnitt"],
  ["Färben für meinen Mann", "faerben"],
  [
    "Haare schneiden für meinen Mann und meinen Sohn",
    { options: ["herrenhaarschnitt", "kinderhaarschnitt"] },
  ],
  // two services in one sentence: both named, the first said is the service
  ["Haarschnitt für Herren und danach den Bart", { named: ["herrenhaarschnitt", "bartpflege"] }],
  ["Erst Färben, dann einen Damenhaarschnitt", { named: ["faerben", "damenhaarschnitt"] }],
  ["Bart trimmen und einen Herrenhaarschnitt", { named: ["bartpflege", "herrenhaarschnitt"] }],
  [
    "Einen Kinderhaarschnitt und einen Herrenhaarschnitt",
    { named: ["kinderhaarschnitt", "herrenhaarschnitt"] },
  ],
  ["Ein Haarschnitt für meine Tochter, also Kinderhaarschnitt", { named: ["kinderhaarschnitt"] }],
  ["Haare schneiden und föhnen", { named: ["waschen-schneiden-foehnen"] }],
  // words that name no service
  ["Haare", null],
  ["Ich hätte gern einen Termin", null],
  ["Hans Schuster", null],
  ["morgen um zehn", null],
  ["Klar, aber erst muss ich meinen Mann fragen", null],
  ["Guten Tag, Frau Meier hier", null],
  ["Herr Schuster am Apparat", null],
  ["Ich bin der Schneider", null],
  ["Haben Sie am Samstag noch etwas frei?", null],
  ["Spitze, danke!", null],
  ["", null],
];

describe("matchService (friseur-1)", () => {
  it("has at least 70 phrasings", () => {
    expect(friseurRows.length).toBeGreaterThanOrEqual(70);
  });

  it.each(friseurRows)("%s", (text, want) => {
    check(text, friseur, want);
  });
});

/** A second business with no haircut and no audience in its names: nothing in the code is salon-specific. */
const physio = parseBusinessProfile({
  id: "physio-test",
  name: "Praxis am Park",
  timezone: "Europe/Berlin",
  greeting: "Praxis am Park, guten Tag!",
  services: [
    {
      id: "kg",
      name: "Krankengymnastik",
      aliases: ["KG", "Physiotherapie"],
      eventTypeId: 1,
      minutes: 30,
    },
    { id: "massage", name: "Massage", aliases: ["klassische Massage"], eventTypeId: 2, minutes: 20 },
    { id: "mt", name: "Manuelle Therapie", aliases: ["MT"], eventTypeId: 3, minutes: 30 },
    { id: "fango", name: "Fango", aliases: ["Fangopackung", "Wärmepackung"], eventTypeId: 4, minutes: 20 },
    {
      id: "mld",
      name: "Lymphdrainage",
      aliases: ["manuelle Lymphdrainage", "MLD"],
      eventTypeId: 5,
      minutes: 45,
    },
  ],
  hours: { mon: [["08:00", "18:00"]] },
});

const physioRows: [string, Want][] = [
  ["Krankengymnastik", "kg"],
  ["Ich hätte gern Physiotherapie", "kg"],
  ["KG am Montag", "kg"],
  ["eine Massage", "massage"],
  ["zwei Massagen", "massage"],
  ["eine Rückenmassage", "massage"],
  ["ich möchte massiert werden", "massage"],
  ["Manuelle Therapie", "mt"],
  ["zur manuellen Therapie", "mt"],
  ["manuelle Lymphdrainage", { named: ["mld"] }],
  ["Lymph-Drainage", "mld"],
  ["Fangopackungen", "fango"],
  ["Waermepackung", "fango"],
  ["Fango und danach eine Massage", { named: ["fango", "massage"] }],
  ["Haare schneiden", null],
  ["für meinen Mann", null],
  ["Therapie", null],
  ["Ich hätte gern einen Termin", null],
];

describe("matchService (an inline physiotherapy profile)", () => {
  it.each(physioRows)("%s", (text, want) => {
    check(text, physio, want);
  });
});

describe("matchService edge cases", () => {
  it("takes an alias two services share for neither: they are options", () => {
    const shared = parseBusinessProfile({
      ...physio,
      services: [
        { id: "a", name: "Kurze Behandlung", aliases: ["Behandlung"], eventTypeId: 1, minutes: 20 },
        { id: "b", name: "Lange Behandlung", aliases: ["Behandlung"], eventTypeId: 2, minutes: 40 },
      ],
    });
    check("eine Behandlung bitte", shared, { options: ["a", "b"] });
    check("die lange Behandlung", shared, "b");
  });

  it("reads a bounded prefix of the text", () => {
    check(`${"bla ".repeat(1000)}Bartpflege`, friseur, null);
  });
});

describe("matchService: a kind of service beside a named one", () => {
  const also = (text: string) => {
    const m = matchService(text, friseur);
    return { named: m.named.map((s) => s.id), also: m.also.map((s) => s.id) };
  };
  it("keeps the haircut said beside the beard as the candidates to ask about", () => {
    expect(also("Haarschnitt und danach den Bart, direkt hintereinander")).toEqual({
      named: ["bartpflege"],
      also: HAIRCUTS,
    });
    expect(also("Erst färben, dann schneiden")).toEqual({ named: ["faerben"], also: HAIRCUTS });
  });
  it("narrows it by who it is for", () => {
    expect(also("Einen Haarschnitt für meinen Sohn und Bart für mich")).toEqual({
      named: ["bartpflege"],
      also: ["kinderhaarschnitt"],
    });
  });
  it("has none where the kind word is the named service's own", () => {
    expect(also("Herrenhaarschnitt, einfach kurz schneiden")).toEqual({
      named: ["herrenhaarschnitt"],
      also: [],
    });
    expect(also("Bart schneiden")).toEqual({ named: ["bartpflege"], also: [] });
    expect(also("Farbe, also die Haare tönen")).toEqual({ named: ["faerben"], also: [] });
  });
});

describe("serviceWords", () => {
  it("holds every word of the service terms and one-word kinds, with and without umlauts", () => {
    const words = serviceWords(friseur);
    for (const w of [
      "herrenhaarschnitt",
      "bart",
      "trimmen",
      "färben",
      "faerben",
      "föhnen",
      "frisur",
      "strähnchen",
    ]) {
      expect(words.has(w), w).toBe(true);
    }
    for (const w of ["hans", "schuster", "termin", "mann", "meinen"]) expect(words.has(w), w).toBe(false);
  });
});

describe("loadServiceVocabulary", () => {
  const dir = mkdtempSync(join(tmpdir(), "service-vocabulary-"));

  it("loads the shipped file once", () => {
    const v = loadServiceVocabulary();
    expect(v.families.length).toBeGreaterThan(0);
    expect(v.audiences.length).toBeGreaterThan(0);
    expect(loadServiceVocabulary()).toBe(v);
  });

  it("names the file and the field of a broken vocabulary", () => {
    const file = join(dir, "broken.yaml");
    writeFileSync(file, "spellings: {}\nendings: [s]\nfamilies:\n  - match: [haarschnitt]\naudiences: []\n");
    expect(() => loadServiceVocabulary(file)).toThrow(ConfigError);
    expect(() => loadServiceVocabulary(file)).toThrow(/broken\.yaml.*families\.0\.cues/);
  });

  it("fails on a missing file with a ConfigError", () => {
    expect(() => loadServiceVocabulary(join(dir, "missing.yaml"))).toThrow(ConfigError);
  });
});
