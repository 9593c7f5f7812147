import { describe, expect, it } from "vitest";
import { INSTANTS } from "./phrase-table.ts";
import { type Mention, scanMentions } from "./scan.ts";

const options = { now: INSTANTS.call, zone: "Europe/Berlin" };
const scan = (text: string) => scanMentions(text, options);
const times = (mentions: Mention[]) => mentions.filter((m) => m.kind === "time").map((m) => m.value);

describe("scanMentions", () => {
  it("reads a good agent reply: explicit dates, same day, each listed time once", () => {
    const text =
      "Leider ist Sonntag, 26. Oktober, um 10:00 Uhr schon vergeben. Am gleichen Tag kann ich Ihnen um 9:30 oder " +
      "10:30 Uhr anbieten, oder am Montag, 27. Oktober, um 7:00 Uhr.";
    const found = scan(text);
    expect(found.map((m) => [m.kind, "value" in m ? m.value : null])).toEqual([
      ["date", "2025-10-26"],
      ["time", "10:00"],
      ["same-day", null],
      ["time", "09:30"],
      ["time", "10:30"],
      ["date", "2025-10-27"],
      ["time", "07:00"],
    ]);
    expect(found[0]).toMatchObject({ explicit: true, weekday: true, text: "Sonntag, 26. Oktober" });
    for (const m of found) expect(text.slice(m.index, m.index + m.text.length)).toBe(m.text);
  });

  it("reports the reference call's bad line as it was: 08:30, 06:00 and a same-day claim", () => {
    const found = scan(
      "Leider ist der Termin morgen um 10:00 Uhr nicht verfügbar. Ich habe jedoch folgende Alternativen für Sie: " +
        "um 08:30 Uhr oder um 06:00 Uhr am gleichen Tag. Welcher Termin würde Ihnen besser passen?",
    );
    expect(found[0]).toMatchObject({ kind: "relative", value: "morgen", date: "2025-10-26" });
    expect(times(found)).toEqual(["10:00", "08:30", "06:00"]);
    expect(found.filter((m) => m.kind === "same-day")).toHaveLength(1);
    expect(found.filter((m) => m.kind === "date")).toEqual([]);
  });

  it("never applies the salon rule: 06:00 and 'um 6 Uhr' stay in the morning", () => {
    expect(times(scan("um 06:00 Uhr oder um 6 Uhr"))).toEqual(["06:00", "06:00"]);
  });

  it("reads word forms and lists", () => {
    expect(times(scan("um sieben Uhr, halb acht oder um 9 Uhr"))).toEqual(["07:00", "07:30", "09:00"]);
    expect(times(scan("um 9:00, 9:30 oder 10:00 Uhr"))).toEqual(["09:00", "09:30", "10:00"]);
    expect(times(scan("um 9, 10 oder 11 Uhr"))).toEqual(["09:00", "10:00", "11:00"]);
    expect(times(scan("um 8 Uhr abends"))).toEqual(["20:00"]);
  });

  it("reports both ends of a range as times (the resolver reads the range as a window)", () => {
    expect(times(scan("zwischen 9:00 und 12:00 Uhr"))).toEqual(["09:00", "12:00"]);
    expect(times(scan("von 10 bis 12 Uhr"))).toEqual(["10:00", "12:00"]);
    expect(times(scan("zwischen halb drei und vier"))).toEqual(["02:30", "04:00"]);
  });

  it("reads date forms, each as one mention", () => {
    const found = scan("27. Oktober 2025, 27.10., den 27.10.2025, Sonntag, den 26. Oktober, am Montag");
    expect(found).toMatchObject([
      { kind: "date", value: "2025-10-27", explicit: true, weekday: false, text: "27. Oktober 2025" },
      { kind: "date", value: "2025-10-27", explicit: true, weekday: false, text: "27.10." },
      { kind: "date", value: "2025-10-27", explicit: true, weekday: false, text: "den 27.10.2025" },
      { kind: "date", value: "2025-10-26", explicit: true, weekday: true, text: "Sonntag, den 26. Oktober" },
      { kind: "date", value: "2025-10-27", explicit: false, weekday: true, text: "am Montag" },
    ]);
  });

  it("reads heute, morgen, übermorgen as relative and other same-day wordings", () => {
    const found = scan("heute nicht, morgen auch nicht, übermorgen am selben Tag oder gleichen Tags");
    expect(found.map((m) => (m.kind === "relative" ? m.date : m.kind))).toEqual([
      "2025-10-25",
      "2025-10-26",
      "2025-10-27",
      "same-day",
      "same-day",
    ]);
  });

  it("leaves out day spans, earliest-slot wishes, durations, work windows and an article with an ordinal", () => {
    const found = scan(
      "Nächste Woche am Wochenende, so schnell wie möglich, in zwei Stunden oder nach Feierabend? Der Dritte " +
        "wäre frei, am Montag, 27. Oktober, um 9:30 Uhr.",
    );
    expect(found.map((m) => [m.kind, m.text])).toEqual([
      ["date", "am Montag, 27. Oktober"],
      ["time", "um 9:30 Uhr"],
    ]);
  });

  it("does not report phone numbers, prices or durations", () => {
    expect(
      scan("Rufen Sie 030 1234567 an. Der Schnitt kostet 25 Euro und dauert 30 Minuten, für 2 Personen."),
    ).toEqual([]);
  });
});

describe("scanMentions: what a slot time is not", () => {
  const at = { now: "2025-10-25T20:17:50+02:00", zone: "Europe/Berlin" };
  const times = (text: string) =>
    scanMentions(text, at).flatMap((m) =>
      m.kind === "time" ? [{ value: m.value, range: m.range, utc: m.utc }] : [],
    );

  it("marks the ends of ranges and bounds, not the times of a list", () => {
    expect(times("Wir haben montags von 7 bis 13 Uhr geöffnet, samstags ab 8 Uhr.")).toEqual([
      { value: "07:00", range: true, utc: false },
      { value: "13:00", range: true, utc: false },
      { value: "08:00", range: true, utc: false },
    ]);
    expect(times("Morgen zwischen 9:00 und 12:00 Uhr ist alles vergeben.").map((t) => t.range)).toEqual([
      true,
      true,
    ]);
    expect(times("Am Montag, 27. Oktober, um 7:00 oder 9:30 Uhr.").map((t) => t.range)).toEqual([
      false,
      false,
    ]);
  });

  it("marks a time said as UTC", () => {
    expect(times("Am Montag, 27. Oktober, um 6:00 Uhr UTC oder 9:30 Uhr.")).toEqual([
      { value: "06:00", range: false, utc: true },
      { value: "09:30", range: false, utc: false },
    ]);
  });

  it("numbers sentences; dots of dates and abbreviations end none", () => {
    const mentions = scanMentions(
      "Am Montag, 27. Oktober, um 7:00 bzw. 9:30 Uhr. Z. B. um 10:00 Uhr. Danke!",
      at,
    );
    expect(mentions.map((m) => [m.text, m.sentence])).toEqual([
      ["Am Montag, 27. Oktober", 0],
      ["um 7:00", 0],
      ["9:30 Uhr", 0],
      ["um 10:00 Uhr", 1],
    ]);
  });
});

describe("scanMentions: long texts", () => {
  it("still numbers the sentences of a long text", () => {
    const mentions = scanMentions("Am Montag, 27. Oktober, um 10:00 Uhr. ".repeat(200), options);
    expect(mentions.at(-1)).toMatchObject({ text: "um 10:00 Uhr", sentence: 199 });
  });
});
