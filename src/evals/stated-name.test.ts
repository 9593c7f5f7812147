/** How invariant 8 reads the names a caller states, and how it compares them. */
import { describe, expect, it } from "vitest";
import { serviceWords } from "../booking/service-match.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { nameKey, statedNames } from "./stated-name.ts";

const reserved = serviceWords(loadBusinessProfile("friseur-1"));
const read = (line: string) => statedNames(line, { reserved }).map((n) => `${n.kind}:${n.name}`);

describe("statedNames", () => {
  it.each([
    ["Auf den Namen meiner Tochter, Lena Huber.", ["booking:Lena Huber"]],
    ["Für meine Tochter, Lena Huber.", ["booking:Lena Huber"]],
    ["auf den Namen meines Sohnes Emre Yilmaz", ["booking:Emre Yilmaz"]],
    ["Halb zwölf, auf den Namen Emre Yilmaz.", ["booking:Emre Yilmaz"]],
    ["Meine Tochter heißt Lena.", ["booking:Lena"]],
    ["Dann um 9:40. Karin Wimmer.", ["booking:Karin Wimmer"]],
    ["Donnerstag passt, den nehme ich. Jürgen Fischer.", ["booking:Jürgen Fischer"]],
    ["Ja, Frau Meier.", ["booking:Frau Meier"]],
    ["Mein Name ist Hans Schuster.", ["self:Hans Schuster"]],
    [
      "Hallo, hier ist Eva Brandt, ich hätte gern einen Kinderhaarschnitt für meinen Sohn.",
      ["self:Eva Brandt"],
    ],
    ["Hans Schuster hier.", ["self:Hans Schuster"]],
    ["Ich bin Dr. Anna Schmidt.", ["self:Dr Anna Schmidt"]],
    ["auf den namen hans schuster", ["booking:hans schuster"]],
    ["Hier ist Eva Huber, für meine Tochter, Lena Huber, bitte.", ["self:Eva Huber", "booking:Lena Huber"]],
    ["Grüß Gott, Huber mein Name. Einen Herrenhaarschnitt morgen um neun.", ["self:Huber"]],
    ["Vorname Piotr, Nachname W-I-S-N-I-E-W-S-K-I.", ["booking:Piotr Wisniewski"]],
    ["Mein Vorname ist Karin und mein Nachname ist Wimmer.", ["booking:Karin Wimmer"]],
    ["Nachname Wimmer.", ["booking:Wimmer"]],
  ])("%s", (line, names) => {
    expect(read(line)).toEqual(names);
  });

  it.each([
    "Der Erste.",
    "Vielen Dank, auf Wiederhören.",
    "Für Herren bitte.",
    "Für meinen Sohn.",
    "Guten Morgen, Schönen Tag noch.",
    "Elf Dreißig.",
    "Genau.",
    "Grüß Gott.",
    "Ich möchte den Termin von Eva Brandt absagen, ich bin ihr Nachbar.",
    "ja gerne danke",
    "Ist hier noch was frei?",
    "Damen Haarschnitt.",
  ])("no name in %s", (line) => {
    expect(read(line)).toEqual([]);
  });

  it("reads a line of any length in bounded time: only its last 2,000 characters", () => {
    const long = `Mein Name ist Eva Brandt. ${"bla ".repeat(100_000)}Mein Name ist Hans Schuster.`;
    expect(read(long)).toEqual(["self:Hans Schuster"]);
  });
});

describe("nameKey", () => {
  it("ignores case, spacing, punctuation and titles", () => {
    expect(nameKey("  lena   HUBER ")).toBe(nameKey("Lena Huber"));
    expect(nameKey("Frau Meier")).toBe(nameKey("Meier"));
    expect(nameKey("Dr. Anna Schmidt")).toBe("anna schmidt");
    expect(nameKey("Eva Huber")).not.toBe(nameKey("Lena Huber"));
  });
});
