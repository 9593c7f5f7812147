/**
 * Phrase table for the resolver: what callers say, when they say it, and what it means in Europe/Berlin.
 * Expected values are worked out by hand from a calendar (weekdays noted per instant), not produced by the code.
 * Shared by resolve.test.ts and the resolver benchmark.
 */
import type { Daypart } from "../numbers.ts";

/** The moments the phrases are said at. */
export const INSTANTS = {
  /** Saturday: the reference call. "morgen" is Sunday 26 Oct, the day summer time ends (25 hours). */
  call: "2025-10-25T20:17:50+02:00",
  /** Sunday 26 Oct 2025, after the clocks went back. */
  fallBackDay: "2025-10-26T09:30:00+01:00",
  /** Saturday before summer time starts. */
  springEve: "2026-03-28T15:00:00+01:00",
  /** Sunday 29 Mar 2026, summer time started at 02:00 (23 hours). */
  springDay: "2026-03-29T10:00:00+02:00",
  /** Tuesday 30 Dec 2025. */
  dec30: "2025-12-30T16:45:00+01:00",
  /** Wednesday 31 Dec 2025. */
  dec31: "2025-12-31T11:00:00+01:00",
  /** Monday 3 Nov 2025: November has no 31st. */
  nov3: "2025-11-03T10:00:00+01:00",
  /** An ordinary Wednesday. */
  weekday: "2025-11-12T09:00:00+01:00",
  /** 23:30 UTC on Saturday is already 01:30 on Sunday 26 Oct in Berlin. */
  utcNight: "2025-10-25T23:30:00Z",
} as const;

/** One phrase and what it must resolve to. Left-out fields mean: daypart null, past false, nothing unresolved. */
export interface PhraseCase {
  text: string;
  now: string;
  date: string | null;
  time: string | null;
  daypart?: Daypart;
  /** Expected window when it is not the daypart's ("zwischen 14 und 16 Uhr", "bis 12 Uhr"). */
  window?: { from: string; to: string };
  past?: boolean;
  unresolved?: string[];
  /** Expected `matched.day` / `matched.time`, where the case is about what was read. */
  day?: string;
  clock?: string;
  /** Resolve with `salonHours: false`. */
  noSalon?: boolean;
}

type Row = [text: string, date: string | null, time: string | null, extra?: Partial<PhraseCase>];

function at(now: string, rows: Row[]): PhraseCase[] {
  return rows.map(([text, date, time, extra]) => ({ text, now, date, time, ...extra }));
}

export const PHRASES: PhraseCase[] = [
  // Sat 25 Oct 2025, 20:17. Su 26, Mo 27, Tu 28, We 29, Th 30, Fr 31, Sa 1 Nov, Su 2 Nov.
  ...at(INSTANTS.call, [
    ["morgen um zehn", "2025-10-26", "10:00", { day: "morgen", clock: "um zehn" }],
    ["Haben Sie morgen um zehn Uhr einen Termin frei?", "2025-10-26", "10:00", { clock: "um zehn Uhr" }],
    ["Herrenhaarschnitt morgen um 10:00", "2025-10-26", "10:00"],
    ["Ja genau, also nächsten Dienstag so gegen halb drei wäre super", "2025-10-28", "14:30", { day: "nächsten Dienstag" }],
    ["heute", "2025-10-25", null],
    ["übermorgen", "2025-10-27", null],
    ["uebermorgen um fuenf", "2025-10-27", "17:00"],
    ["gestern", "2025-10-24", null, { past: true }],
    ["vorgestern um zehn", "2025-10-23", "10:00", { past: true }],
    ["letzten Montag", "2025-10-20", null, { past: true }],
    ["vergangenen Samstag", "2025-10-18", null, { past: true }],
    ["heute um 8", "2025-10-25", "08:00", { past: true }],
    ["heute um neun Uhr abends", "2025-10-25", "21:00", { daypart: "abends" }],
    ["in drei Tagen", "2025-10-28", null],
    ["in 10 Tagen", "2025-11-04", null],
    ["in zwei Wochen", "2025-11-08", null],
    ["in einer Woche", "2025-11-01", null],
    ["am 27.", "2025-10-27", null],
    ["am 25. um 21 Uhr", "2025-10-25", "21:00"],
    ["am 24.", "2025-11-24", null],
    ["am dritten", "2025-11-03", null],
    ["am 3.11.", "2025-11-03", null],
    ["3. November", "2025-11-03", null],
    ["am fünften November", "2025-11-05", null],
    ["am 24.10.", "2026-10-24", null],
    ["am 26. Oktober um 10", "2025-10-26", "10:00"],
    ["am Sonntag, den 26. Oktober um 10 Uhr", "2025-10-26", "10:00", { day: "am Sonntag, den 26. Oktober" }],
    ["Montag", "2025-10-27", null],
    ["am Samstag", "2025-11-01", null],
    ["Sonntag um eins", "2025-10-26", "13:00"],
    ["kommenden Donnerstag", "2025-10-30", null],
    ["Montag nächste Woche", "2025-10-27", null],
    ["Sonntag nächster Woche", "2025-11-02", null],
    ["nächste Woche Freitag", "2025-10-31", null],
    ["übernächste Woche Dienstag", "2025-11-04", null],
    ["Montagmorgen um 9", "2025-10-27", "09:00", { daypart: "morgens" }],
    ["Dienstagnachmittag", "2025-10-28", null, { daypart: "nachmittags" }],
    ["morgen Nachmittag", "2025-10-26", null, { daypart: "nachmittags" }],
    ["morgen früh", "2025-10-26", null, { daypart: "frueh", day: "morgen" }],
    ["morgen früh um acht", "2025-10-26", "08:00", { daypart: "frueh" }],
    ["morgen Morgen", "2025-10-26", null, { daypart: "morgens" }],
    ["Guten Morgen, haben Sie heute Abend noch etwas frei?", "2025-10-25", null, { daypart: "abends" }],
    ["heute Nachmittag", "2025-10-25", null, { daypart: "nachmittags", past: true }],
    ["Ich hätte gern einen Termin für 2 Personen am Freitag", "2025-10-31", null],
    ["Geht es so um elf am Montag?", "2025-10-27", "11:00"],
    ["Könnte ich übermorgen gegen Viertel nach vier vorbeikommen?", "2025-10-27", "16:15"],
    ["Ich kann erst ab 17 Uhr, geht Donnerstag?", "2025-10-30", null, { window: { from: "17:00", to: "23:59" } }],
    ["Mein Sohn hat am Montag um acht Schule, also lieber um halb fünf", "2025-10-27", "16:30"],
    ["Hans Schuster, ich komme morgen früh um acht", "2025-10-26", "08:00", { daypart: "frueh" }],
    ["Wäre Dienstag nächste Woche um 10:15 möglich?", "2025-10-28", "10:15"],
    ["Ich komme am achten um neun", "2025-11-08", "09:00"],
    ["morgen 10", "2025-10-26", "10:00"],
    ["morgen, nein, übermorgen um elf", "2025-10-27", "11:00", { day: "übermorgen" }],
    ["Montag, der 28.", null, null, { unresolved: ["Montag, der 28."] }],
    ["am 30. Februar um 10", null, "10:00", { unresolved: ["am 30. Februar"] }],
    ["am 32.", null, null, { unresolved: ["am 32."] }],
    ["31. November", null, null, { unresolved: ["31. November"] }],
    ["morgen um 25 Uhr", "2025-10-26", null, { unresolved: ["um 25 Uhr"] }],
    ["um 10:75", null, null, { unresolved: ["um 10:75"] }],
    // A weekday with an offset is that weekday, N weeks after its next occurrence ("in acht Tagen" = a week).
    ["Dienstag in acht Tagen", "2025-11-04", null, { day: "Dienstag in acht Tagen" }],
    ["Dienstag in einer Woche", "2025-11-04", null],
    ["Freitag in zwei Wochen", "2025-11-14", null],
    ["Montag in 8 Tagen", "2025-11-03", null],
    ["in einer Woche am Dienstag", "2025-11-04", null],
    ["Dienstag in fünf Tagen", null, null, { unresolved: ["Dienstag in fünf Tagen"] }],
    ["morgen in einer Woche", "2025-11-02", null],
    ["übermorgen in acht Tagen um zehn", "2025-11-03", "10:00"],
    ["übermorgen in zwei Wochen", "2025-11-10", null],
    ["heute in acht Tagen", "2025-11-01", null],
    [
      "Dienstag nächste Woche in einer Woche",
      null,
      null,
      { unresolved: ["Dienstag nächste Woche in einer Woche"] },
    ],
    ["den zweiten Dienstag im November", "2025-11-11", null],
    ["am ersten Montag im Dezember um 10", "2025-12-01", "10:00"],
    ["am fünften Montag im November", null, null, { unresolved: ["am fünften Montag im November"] }],
    ["am 1. Advent", null, null, { unresolved: ["am 1. Advent"] }],
    ["am zweiten Weihnachtsfeiertag", null, null, { unresolved: ["am zweiten Weihnachtsfeiertag"] }],
    ["am 4. 11.", "2025-11-04", null],
    // Ranges are windows; "vor"/"bis" open from midnight (or the daypart's start), "nach"/"ab" run to 23:59.
    ["zwischen 14 und 16 Uhr", null, null, { window: { from: "14:00", to: "16:00" }, clock: "zwischen 14 und 16 Uhr" }],
    ["von 10 bis 12 Uhr", null, null, { window: { from: "10:00", to: "12:00" } }],
    ["zwischen halb drei und vier", null, null, { window: { from: "14:30", to: "16:00" } }],
    ["zwischen 10 und 12", null, null, { window: { from: "10:00", to: "12:00" } }],
    ["morgen zwischen 9:00 und 12:00 Uhr", "2025-10-26", null, { window: { from: "09:00", to: "12:00" } }],
    ["Montag 10 bis 12 Uhr", "2025-10-27", null, { window: { from: "10:00", to: "12:00" } }],
    ["von 5 bis 7", null, null, { window: { from: "17:00", to: "19:00" } }],
    ["vor 10 Uhr", null, null, { window: { from: "00:00", to: "10:00" } }],
    ["bis 12 Uhr", null, null, { window: { from: "00:00", to: "12:00" } }],
    ["morgen Vormittag bis 11", "2025-10-26", null, { daypart: "vormittags", window: { from: "08:00", to: "11:00" } }],
    ["nicht vor zehn", null, null, { window: { from: "10:00", to: "23:59" }, clock: "nicht vor zehn" }],
    ["nach 15 Uhr", null, null, { window: { from: "15:00", to: "23:59" } }],
    ["Montag spätestens um 11", "2025-10-27", null, { window: { from: "00:00", to: "11:00" } }],
    // A list of clock times: the first one said.
    ["morgen um neun oder zehn", "2025-10-26", "09:00", { clock: "um neun" }],
    ["um 9, 10 oder 11 Uhr", null, "09:00"],
    ["kurz nach zehn", null, "10:00"],
    ["um achte", null, "08:00"],
    ["morgen um neune", "2025-10-26", "09:00"],
  ]),
  // Mon 3 Nov 2025, 10:00. November has 30 days.
  ...at(INSTANTS.nov3, [
    ["am 31.", "2025-12-31", null],
  ]),
  // Negative cases: words that look like dates or times but are none.
  ...at(INSTANTS.call, [
    ["So, dann nehme ich den", null, null],
    ["ja so machen wir das", null, null],
    ["Ich war früher schon mal bei Ihnen", null, null],
    ["Ist das nicht zu früh?", null, null],
    ["Ich brauche einen Termin", null, null],
    ["Ich hätte gern einen Herrenhaarschnitt", null, null],
    ["Mo geht nicht, Di vielleicht", null, null],
    ["Moment, ich schaue mal in den Kalender", null, null],
    ["Gute Nacht", null, null],
    ["Das kostet 25 Euro?", null, null],
    ["Das dauert 30 Minuten", null, null],
    ["Meine Nummer ist 0170 1234567", null, null],
    ["für 2 Personen bitte", null, null],
    ["Wir sind zu acht", null, null],
    ["um 10 Uhr für zwei Personen", null, "10:00"],
    ["nächste Woche", null, null],
  ]),
  // Clock forms (no date).
  ...at(INSTANTS.weekday, [
    ["10", null, "10:00"],
    ["zwölf", null, "12:00"],
    ["Ja, zehn bitte", null, "10:00"],
    ["um 10", null, "10:00"],
    ["10 Uhr", null, "10:00"],
    ["10:15", null, "10:15"],
    ["10.15 Uhr", null, "10:15"],
    ["13.30 Uhr", null, "13:30"],
    ["um 14.30", null, "14:30"],
    ["10 Uhr 15", null, "10:15"],
    ["zehn Uhr dreißig", null, "10:30"],
    ["zehn Uhr dreissig", null, "10:30"],
    ["elf Uhr fünfzehn", null, "11:15"],
    ["um zehn", null, "10:00"],
    ["halb elf", null, "10:30"],
    ["halb eins", null, "12:30"],
    ["um halb sieben", null, "18:30"],
    ["Viertel nach neun", null, "09:15"],
    ["Viertel vor drei", null, "14:45"],
    ["dreiviertel zehn", null, "09:45"],
    ["viertel zehn", null, "09:15"],
    ["zehn nach drei", null, "15:10"],
    ["zwanzig nach zehn", null, "10:20"],
    ["fünf vor halb elf", null, "10:25"],
    ["5 vor 12", null, "11:55"],
    ["gegen drei", null, "15:00"],
    ["so gegen 3", null, "15:00"],
    ["ab 14 Uhr", null, null, { window: { from: "14:00", to: "23:59" } }],
    ["ein Uhr", null, "13:00"],
    ["um 1", null, "13:00"],
    ["um 6", null, "18:00"],
    ["um 7", null, "07:00"],
    ["um 12", null, "12:00"],
    ["um 06:00", null, "06:00"],
    ["um 6 morgens", null, "06:00", { daypart: "morgens" }],
    ["in der Früh um 6", null, "06:00", { daypart: "frueh" }],
    ["vormittags um 11", null, "11:00", { daypart: "vormittags" }],
    ["um 1 mittags", null, "13:00", { daypart: "mittags" }],
    ["zwölf Uhr mittags", null, "12:00", { daypart: "mittags" }],
    ["um 2 nachmittags", null, "14:00", { daypart: "nachmittags" }],
    ["um 8 abends", null, "20:00", { daypart: "abends" }],
    ["abends um halb acht", null, "19:30", { daypart: "abends" }],
    ["morgens", null, null, { daypart: "morgens" }],
    ["am Vormittag", null, null, { daypart: "vormittags" }],
    ["um 3", null, "03:00", { noSalon: true }],
    ["halb drei", null, "02:30", { noSalon: true }],
  ]),
  // Wed 12 Nov 2025, 09:00. Th 13, Fr 14, Mo 17, Tu 18, We 19, Fr 21.
  ...at(INSTANTS.weekday, [
    ["morgen", "2025-11-13", null],
    ["Montag", "2025-11-17", null],
    ["Mittwoch", "2025-11-19", null],
    ["nächsten Mittwoch", "2025-11-19", null],
    ["Mittwoch nächste Woche", "2025-11-19", null],
    ["Freitag", "2025-11-14", null],
    ["diesen Freitag", "2025-11-14", null],
    ["Freitag nächste Woche", "2025-11-21", null],
    ["übernächsten Freitag", "2025-11-21", null],
    ["letzte Woche Dienstag", "2025-11-04", null, { past: true }],
    ["vorgestern", "2025-11-10", null, { past: true }],
    ["am 27.", "2025-11-27", null],
    ["am 5.", "2025-12-05", null],
    ["am zwölften", "2025-11-12", null],
    ["am 12. um 8", "2025-11-12", "08:00", { past: true }],
    ["heute um halb zehn", "2025-11-12", "09:30"],
    ["Dienstagnachmittag", "2025-11-18", null, { daypart: "nachmittags" }],
    ["Freitagabend um 7", "2025-11-14", "19:00", { daypart: "abends" }],
    ["heute Morgen", "2025-11-12", null, { daypart: "morgens" }],
  ]),
  // Sun 26 Oct 2025, 09:30 winter time. Mo 27, Su 2 Nov.
  ...at(INSTANTS.fallBackDay, [
    ["heute", "2025-10-26", null],
    ["morgen", "2025-10-27", null],
    ["heute um 9", "2025-10-26", "09:00", { past: true }],
    ["heute um halb zehn", "2025-10-26", "09:30"],
    ["heute um 10", "2025-10-26", "10:00"],
    ["Sonntag", "2025-11-02", null],
    ["Montag nächste Woche", "2025-10-27", null],
    ["heute früh", "2025-10-26", null, { daypart: "frueh", past: true }],
    ["heute Nachmittag um 3", "2025-10-26", "15:00", { daypart: "nachmittags" }],
    ["am 26.", "2025-10-26", null],
    ["gestern Abend", "2025-10-25", null, { daypart: "abends", past: true }],
  ]),
  // Sat 28 Mar 2026, 15:00 winter time. Su 29 (23 hours), Mo 30, Fr 3 Apr.
  ...at(INSTANTS.springEve, [
    ["morgen", "2026-03-29", null],
    ["morgen um 2:30", "2026-03-29", "14:30"],
    ["morgen um 02:30", "2026-03-29", "02:30"],
    ["übermorgen", "2026-03-30", null],
    ["Montag", "2026-03-30", null],
    ["in einer Woche", "2026-04-04", null],
    ["am 1.", "2026-04-01", null],
    ["am 28.", "2026-03-28", null],
    ["am 27.", "2026-04-27", null],
    ["31. März", "2026-03-31", null],
    ["heute um 14 Uhr", "2026-03-28", "14:00", { past: true }],
    ["heute um 16 Uhr", "2026-03-28", "16:00"],
    ["nächste Woche Freitag", "2026-04-03", null],
    ["diese Woche Freitag", "2026-03-27", null, { past: true }],
  ]),
  // Sun 29 Mar 2026, 10:00 summer time. Mo 30, Su 5 Apr.
  ...at(INSTANTS.springDay, [
    ["heute", "2026-03-29", null],
    ["morgen", "2026-03-30", null],
    ["heute um 9", "2026-03-29", "09:00", { past: true }],
    ["heute um 11", "2026-03-29", "11:00"],
    ["Sonntag", "2026-04-05", null],
    ["Sonntag nächste Woche", "2026-04-05", null],
    ["gestern", "2026-03-28", null, { past: true }],
    ["am 29. März um 15 Uhr", "2026-03-29", "15:00"],
    ["heute Nachmittag", "2026-03-29", null, { daypart: "nachmittags" }],
  ]),
  // Tue 30 Dec 2025, 16:45. We 31, Th 1 Jan, Fr 2 Jan, Mo 5 Jan, Tu 6 Jan.
  ...at(INSTANTS.dec30, [
    ["morgen", "2025-12-31", null],
    ["übermorgen", "2026-01-01", null],
    ["am 2. Januar", "2026-01-02", null],
    ["am 5.", "2026-01-05", null],
    ["am 30.", "2025-12-30", null],
    ["am 31.", "2025-12-31", null],
    ["Freitag", "2026-01-02", null],
    ["Dienstag", "2026-01-06", null],
    ["nächste Woche Montag", "2026-01-05", null],
    ["in zwei Wochen", "2026-01-13", null],
    ["am dritten Januar", "2026-01-03", null],
    ["am 3.1.", "2026-01-03", null],
    ["am 1.1.2026", "2026-01-01", null],
    ["29. Dezember", "2026-12-29", null],
    ["heute um vier", "2025-12-30", "16:00", { past: true }],
    ["heute um fünf", "2025-12-30", "17:00"],
    ["letzten Freitag", "2025-12-26", null, { past: true }],
  ]),
  // Wed 31 Dec 2025, 11:00. Th 1 Jan, Sa 3 Jan, Su 4 Jan, Mo 5 Jan, We 7 Jan.
  ...at(INSTANTS.dec31, [
    ["morgen", "2026-01-01", null],
    ["Mittwoch", "2026-01-07", null],
    ["am 1.", "2026-01-01", null],
    ["in drei Tagen", "2026-01-03", null],
    ["Montag nächste Woche", "2026-01-05", null],
    ["Sonntag", "2026-01-04", null],
    ["Sonntag nächste Woche", "2026-01-11", null],
    ["am 29. Februar", null, null, { unresolved: ["am 29. Februar"] }],
  ]),
  // The zone decides the day, not the offset written in `now`.
  ...at(INSTANTS.utcNight, [
    ["heute", "2025-10-26", null],
    ["morgen", "2025-10-27", null],
    ["gestern", "2025-10-25", null, { past: true }],
  ]),
];
