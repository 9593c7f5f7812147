/**
 * The resolver's phrase table: what callers say, when they say it, and what it means in Europe/Berlin.
 * Expected values are worked out by hand from a calendar (weekdays noted per instant), not produced by the code.
 * resolve.test.ts checks every row; `termin bench resolve` times the same phrases, so it lives beside the code
 * rather than among the test fixtures.
 */
import type { Daypart } from "./numbers.ts";

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
  /** An ordinary Friday: "diesen Freitag" is today, "am Freitag" next week's. */
  friday: "2025-11-14T10:00:00+01:00",
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
  /** Expected span of days ("nächste Woche"), inclusive YYYY-MM-DD. */
  days?: { from: string; to: string };
  /** The caller wants the earliest bookable slot. */
  earliest?: boolean;
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

/** A span of days, inclusive. */
function days(from: string, to: string, extra?: Partial<PhraseCase>): Partial<PhraseCase> {
  return { days: { from, to }, ...extra };
}

/** The earliest bookable slot. */
const EARLIEST = { earliest: true } as const;

/** "in zwei Stunden": the earliest slot from that wall-clock time on. */
function fromNow(from: string, extra?: Partial<PhraseCase>): Partial<PhraseCase> {
  return { earliest: true, window: { from, to: "23:59" }, ...extra };
}

export const PHRASES: PhraseCase[] = [
  // Sat 25 Oct 2025, 20:17. Su 26, Mo 27, Tu 28, We 29, Th 30, Fr 31, Sa 1 Nov, Su 2 Nov.
  ...at(INSTANTS.call, [
    ["morgen um zehn", "2025-10-26", "10:00", { day: "morgen", clock: "um zehn" }],
    ["Haben Sie morgen um zehn Uhr einen Termin frei?", "2025-10-26", "10:00", { clock: "um zehn Uhr" }],
    ["Herrenhaarschnitt morgen um 10:00", "2025-10-26", "10:00"],
    [
      "Ja genau, also nächsten Dienstag so gegen halb drei wäre super",
      "2025-10-28",
      "14:30",
      { day: "nächsten Dienstag" },
    ],
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
    [
      "Ich kann erst ab 17 Uhr, geht Donnerstag?",
      "2025-10-30",
      null,
      { window: { from: "17:00", to: "23:59" } },
    ],
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
    [
      "zwischen 14 und 16 Uhr",
      null,
      null,
      { window: { from: "14:00", to: "16:00" }, clock: "zwischen 14 und 16 Uhr" },
    ],
    ["von 10 bis 12 Uhr", null, null, { window: { from: "10:00", to: "12:00" } }],
    ["zwischen halb drei und vier", null, null, { window: { from: "14:30", to: "16:00" } }],
    ["zwischen 10 und 12", null, null, { window: { from: "10:00", to: "12:00" } }],
    ["morgen zwischen 9:00 und 12:00 Uhr", "2025-10-26", null, { window: { from: "09:00", to: "12:00" } }],
    ["Montag 10 bis 12 Uhr", "2025-10-27", null, { window: { from: "10:00", to: "12:00" } }],
    ["von 5 bis 7", null, null, { window: { from: "17:00", to: "19:00" } }],
    ["vor 10 Uhr", null, null, { window: { from: "00:00", to: "10:00" } }],
    ["bis 12 Uhr", null, null, { window: { from: "00:00", to: "12:00" } }],
    [
      "morgen Vormittag bis 11",
      "2025-10-26",
      null,
      { daypart: "vormittags", window: { from: "08:00", to: "11:00" } },
    ],
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
  ...at(INSTANTS.nov3, [["am 31.", "2025-12-31", null]]),
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
    // Southern German "in der Früh" is the morning; "früh" alone and "in aller Früh" are early.
    ["in der Früh um 6", null, "06:00", { daypart: "morgens" }],
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
  // Day windows, earliest-slot wishes, durations from now. Weeks run Monday-Sunday; a span starts no earlier than
  // today. Wed 12 Nov 2025, 09:00: Mo 10, Tu 11, Th 13, Fr 14, Sa 15, Su 16; next week Mo 17-Su 23; then Mo 24-Su 30.
  ...at(INSTANTS.weekday, [
    ["am Wochenende", null, null, days("2025-11-15", "2025-11-16", { day: "am Wochenende" })],
    ["dieses Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["übers Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["nächstes Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["kommendes Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["am Wochenende nächster Woche", null, null, days("2025-11-22", "2025-11-23")],
    ["nächste Woche am Wochenende", null, null, days("2025-11-22", "2025-11-23")],
    ["diese Woche", null, null, days("2025-11-12", "2025-11-16")],
    [
      "Haben Sie diese Woche noch was frei?",
      null,
      null,
      days("2025-11-12", "2025-11-16", { day: "diese Woche noch" }),
    ],
    ["noch diese Woche", null, null, days("2025-11-12", "2025-11-16")],
    ["in dieser Woche", null, null, days("2025-11-12", "2025-11-16")],
    ["die Woche noch", null, null, days("2025-11-12", "2025-11-16")],
    ["nächste Woche", null, null, days("2025-11-17", "2025-11-23", { day: "nächste Woche" })],
    ["kommende Woche", null, null, days("2025-11-17", "2025-11-23")],
    ["in der nächsten Woche", null, null, days("2025-11-17", "2025-11-23")],
    ["übernächste Woche", null, null, days("2025-11-24", "2025-11-30")],
    ["Anfang nächster Woche", null, null, days("2025-11-17", "2025-11-18")],
    ["Mitte nächster Woche", null, null, days("2025-11-18", "2025-11-20")],
    ["Ende nächster Woche", null, null, days("2025-11-20", "2025-11-22")],
    ["Anfang der nächsten Woche", null, null, days("2025-11-17", "2025-11-18")],
    ["nächste Woche Anfang", null, null, days("2025-11-17", "2025-11-18")],
    ["Mitte der kommenden Woche", null, null, days("2025-11-18", "2025-11-20")],
    // This week's part: clipped to today; when it is over, the same part of next week.
    ["Anfang dieser Woche", null, null, days("2025-11-17", "2025-11-18")],
    ["Mitte der Woche", null, null, days("2025-11-12", "2025-11-13")],
    ["Ende der Woche", null, null, days("2025-11-13", "2025-11-15")],
    ["in den nächsten Tagen", null, null, days("2025-11-12", "2025-11-15")],
    ["die nächsten Tage", null, null, days("2025-11-12", "2025-11-15")],
    ["in den kommenden Tagen", null, null, days("2025-11-12", "2025-11-15")],
    ["nächste Woche nachmittags", null, null, days("2025-11-17", "2025-11-23", { daypart: "nachmittags" })],
    [
      "am Wochenende ab 10 Uhr",
      null,
      null,
      days("2025-11-15", "2025-11-16", { window: { from: "10:00", to: "23:59" } }),
    ],
    ["letzte Woche", null, null, days("2025-11-03", "2025-11-09", { past: true })],
    // A single day named with a span wins.
    ["nächste Woche Dienstag", "2025-11-18", null],
    ["nächste Woche, am 20.", "2025-11-20", null],
    // A bare weekday lands in the week named elsewhere, across punctuation and filler.
    ["nächste Woche. Mittwoch", "2025-11-19", null, { day: "nächste Woche. Mittwoch" }],
    ["nächste Woche ... Mittwoch", "2025-11-19", null],
    ["nächste Woche, am besten Mittwoch", "2025-11-19", null],
    ["Mittwoch – aber nächste Woche", "2025-11-19", null, { day: "Mittwoch – aber nächste Woche" }],
    ["übernächste Woche, Donnerstag", "2025-11-27", null],
    ["diese Woche, am besten Freitag um 10", "2025-11-14", "10:00"],
    ["Montag, Anfang nächster Woche", "2025-11-17", null],
    // ...or a weekday said with its week names the week for the next one.
    ["nächste Woche Montag oder Dienstag", "2025-11-18", null, { day: "nächste Woche Montag oder Dienstag" }],
    ["Montag nächste Woche, oder lieber Mittwoch", "2025-11-19", null],
    ["letzten Montag, Freitag", "2025-11-14", null],
    ["Mittwoch", "2025-11-19", null],
    ["diesen Mittwoch", "2025-11-12", null],
    ["am Mittwoch", "2025-11-19", null],
    // Earliest slot.
    ["so schnell wie möglich", null, null, { ...EARLIEST, day: "so schnell wie möglich" }],
    ["so bald wie möglich", null, null, EARLIEST],
    ["möglichst bald", null, null, EARLIEST],
    ["möglichst schnell", null, null, EARLIEST],
    ["schnellstmöglich", null, null, EARLIEST],
    ["baldmöglichst", null, null, EARLIEST],
    ["frühestmöglich", null, null, EARLIEST],
    ["nächstmöglich", null, null, EARLIEST],
    ["den nächstmöglichen Termin bitte", null, null, EARLIEST],
    ["Was ist der nächste freie Termin?", null, null, EARLIEST],
    ["der erste freie Termin", null, null, EARLIEST],
    ["den ersten freien Termin", null, null, EARLIEST],
    ["egal wann", null, null, EARLIEST],
    ["wann immer", null, null, EARLIEST],
    ["wann es Ihnen passt", null, null, EARLIEST],
    ["Wann haben Sie als Nächstes was frei?", null, null, EARLIEST],
    [
      "nächste Woche so früh wie möglich",
      null,
      null,
      days("2025-11-17", "2025-11-23", { ...EARLIEST, day: "nächste Woche so früh wie möglich" }),
    ],
    [
      "morgen so schnell wie möglich",
      "2025-11-13",
      null,
      { ...EARLIEST, day: "morgen so schnell wie möglich" },
    ],
    ["egal wann, Hauptsache nachmittags", null, null, { ...EARLIEST, daypart: "nachmittags" }],
    ["in einer halben Stunde", "2025-11-12", null, fromNow("09:30", { day: "in einer halben Stunde" })],
    // Windows named by the working day, and "später/früher als" bounds.
    ["nach Feierabend", null, null, { window: { from: "17:00", to: "23:59" }, clock: "nach Feierabend" }],
    ["nach der Arbeit", null, null, { window: { from: "17:00", to: "23:59" } }],
    ["vor der Arbeit", null, null, { window: { from: "06:00", to: "09:00" }, clock: "vor der Arbeit" }],
    ["Dienstag nach Feierabend", "2025-11-18", null, { window: { from: "17:00", to: "23:59" } }],
    ["nach der Arbeit um 7", null, "19:00", { clock: "nach der Arbeit um 7" }],
    ["vor der Arbeit um 6", null, "06:00"],
    ["später als zehn", null, null, { window: { from: "10:00", to: "23:59" }, clock: "später als zehn" }],
    ["später als 10 Uhr", null, null, { window: { from: "10:00", to: "23:59" } }],
    ["früher als zehn", null, null, { window: { from: "00:00", to: "10:00" }, clock: "früher als zehn" }],
    [
      "morgen Nachmittag, aber nicht später als fünf",
      "2025-11-13",
      null,
      { daypart: "nachmittags", window: { from: "12:00", to: "17:00" } },
    ],
    [
      "morgen Nachmittag später als drei",
      "2025-11-13",
      null,
      { daypart: "nachmittags", window: { from: "15:00", to: "18:00" } },
    ],
    // Dayparts: "morgens" runs to 11:00; "in der Früh" is the morning, "früh" and "in aller Früh" early.
    ["Mittwochmorgen", "2025-11-19", null, { daypart: "morgens" }],
    ["morgen in der Früh", "2025-11-13", null, { daypart: "morgens", day: "morgen" }],
    ["Freitag in der Früh", "2025-11-14", null, { daypart: "morgens" }],
    ["in aller Früh", null, null, { daypart: "frueh" }],
    ["frühmorgens", null, null, { daypart: "frueh" }],
    ["gegen Mittag", null, null, { daypart: "mittags" }],
    ["Freitagnachmittag", "2025-11-14", null, { daypart: "nachmittags" }],
    ["Samstagvormittag", "2025-11-15", null, { daypart: "vormittags" }],
    // Ordinals: a day of the month, unless a noun makes it a pick among options.
    ["der Dreizehnte", "2025-11-13", null, { day: "der Dreizehnte" }],
    ["der zwölfte", "2025-11-12", null],
    ["am Dreizehnten", "2025-11-13", null],
    ["der Dreizehnte um zehn", "2025-11-13", "10:00"],
    ["am zwölften dritten", "2026-03-12", null, { day: "am zwölften dritten" }],
    ["den ersten vierten", "2026-04-01", null],
    ["am 12. dritten", "2026-03-12", null],
    ["am zwanzigsten elften um 9", "2025-11-20", "09:00"],
    // Regional: Austrian month names, "heuer" (this year, even when past).
    ["am 3. Jänner", "2026-01-03", null],
    ["am 15. Feber", "2026-02-15", null],
    ["am 3. November heuer", "2025-11-03", null, { past: true, day: "am 3. November heuer" }],
    ["heuer am 20. Dezember", "2025-12-20", null, { day: "heuer am 20. Dezember" }],
  ]),
  // Fri 14 Nov 2025, 10:00. Sa 15, Su 16; next week Mo 17-Su 23; Th 13 was yesterday.
  ...at(INSTANTS.friday, [
    ["diesen Freitag", "2025-11-14", null, { day: "diesen Freitag" }],
    ["diesen Freitag um 15 Uhr", "2025-11-14", "15:00"],
    ["am Freitag", "2025-11-21", null],
    ["Freitag", "2025-11-21", null],
    ["nächsten Freitag", "2025-11-21", null],
    ["kommenden Freitag", "2025-11-21", null],
    ["diesen Samstag", "2025-11-15", null],
    ["am Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["nächstes Wochenende", null, null, days("2025-11-15", "2025-11-16")],
    ["übernächstes Wochenende", null, null, days("2025-11-22", "2025-11-23")],
    ["diese Woche noch", null, null, days("2025-11-14", "2025-11-16")],
    ["Ende der Woche", null, null, days("2025-11-14", "2025-11-15")],
    ["Anfang der Woche", null, null, days("2025-11-17", "2025-11-18")],
    ["Mitte dieser Woche", null, null, days("2025-11-18", "2025-11-20")],
    ["nächste Woche", null, null, days("2025-11-17", "2025-11-23")],
    ["in den nächsten Tagen", null, null, days("2025-11-14", "2025-11-17")],
    ["nächste Woche, am besten Mittwoch", "2025-11-19", null],
    ["Freitag in der Früh", "2025-11-21", null, { daypart: "morgens" }],
    ["heute in zwei Stunden", "2025-11-14", null, fromNow("12:00", { day: "heute in zwei Stunden" })],
    ["in 20 Minuten", "2025-11-14", null, fromNow("10:20")],
    [
      "in einer Stunde, aber nicht nach 14 Uhr",
      "2025-11-14",
      null,
      fromNow("11:00", { window: { from: "11:00", to: "14:00" }, clock: "nicht nach 14 Uhr" }),
    ],
    ["in drei Tagen", "2025-11-17", null],
    ["der Dreizehnte", "2025-12-13", null],
  ]),
  // Sat 25 Oct 2025, 20:17:50 summer time (the reference call). Su 26 (25 hours), Mo 27-Su 2 Nov, Mo 3-Su 9 Nov.
  ...at(INSTANTS.call, [
    ["am Wochenende", null, null, days("2025-10-25", "2025-10-26")],
    ["dieses Wochenende", null, null, days("2025-10-25", "2025-10-26")],
    ["übers Wochenende", null, null, days("2025-10-25", "2025-10-26")],
    ["nächstes Wochenende", null, null, days("2025-11-01", "2025-11-02")],
    ["kommendes Wochenende", null, null, days("2025-11-01", "2025-11-02")],
    ["am Wochenende nächster Woche", null, null, days("2025-11-01", "2025-11-02")],
    ["nächste Woche am Wochenende", null, null, days("2025-11-01", "2025-11-02")],
    ["diese Woche noch", null, null, days("2025-10-25", "2025-10-26")],
    ["die Woche noch", null, null, days("2025-10-25", "2025-10-26")],
    ["nächste Woche", null, null, days("2025-10-27", "2025-11-02")],
    ["übernächste Woche", null, null, days("2025-11-03", "2025-11-09")],
    ["Ende der Woche", null, null, days("2025-10-25", "2025-10-25")],
    ["Mitte der Woche", null, null, days("2025-10-28", "2025-10-30")],
    ["Anfang nächster Woche", null, null, days("2025-10-27", "2025-10-28")],
    ["Ende nächster Woche", null, null, days("2025-10-30", "2025-11-01")],
    ["in den nächsten Tagen", null, null, days("2025-10-25", "2025-10-28")],
    ["so schnell wie möglich", null, null, EARLIEST],
    ["nächster freier Termin", null, null, EARLIEST],
    [
      "Haben Sie morgen so früh wie möglich was frei?",
      "2025-10-26",
      null,
      { ...EARLIEST, day: "morgen so früh wie möglich" },
    ],
    ["in einer halben Stunde", "2025-10-25", null, fromNow("20:47")],
    ["in einer Stunde", "2025-10-25", null, fromNow("21:17")],
    ["in zwei Stunden", "2025-10-25", null, fromNow("22:17", { day: "in zwei Stunden" })],
    ["in anderthalb Stunden", "2025-10-25", null, fromNow("21:47")],
    ["in eineinhalb Stunden", "2025-10-25", null, fromNow("21:47")],
    ["in einer Dreiviertelstunde", "2025-10-25", null, fromNow("21:02")],
    ["in 20 Minuten", "2025-10-25", null, fromNow("20:37")],
    ["in 90 Minuten", "2025-10-25", null, fromNow("21:47")],
    ["heute in zwei Stunden", "2025-10-25", null, fromNow("22:17")],
    // Past midnight, and across the clock change: 18:17:50Z + 12 h = 06:17:50Z = 07:17 winter time.
    ["in vier Stunden", "2025-10-26", null, fromNow("00:17")],
    ["in zwölf Stunden", "2025-10-26", null, fromNow("07:17")],
    ["morgen in der Früh", "2025-10-26", null, { daypart: "morgens" }],
    ["am 24. Oktober heuer", "2025-10-24", null, { past: true }],
    ["heuer am 3. Jänner", "2025-01-03", null, { past: true }],
    ["am 3. Jänner", "2026-01-03", null],
    ["am 15. Feber", "2026-02-15", null],
    ["der Dreizehnte", "2025-11-13", null],
    ["diesen Samstag", "2025-10-25", null],
    ["letzten Montag ... nächste Woche", "2025-10-20", null, { past: true, day: "letzten Montag" }],
  ]),
  // Sun 26 Oct 2025, 09:30 winter time. Mo 27-Su 2 Nov.
  ...at(INSTANTS.fallBackDay, [
    ["am Wochenende", null, null, days("2025-10-26", "2025-10-26")],
    ["nächstes Wochenende", null, null, days("2025-11-01", "2025-11-02")],
    ["diese Woche", null, null, days("2025-10-26", "2025-10-26")],
    ["nächste Woche", null, null, days("2025-10-27", "2025-11-02")],
    ["Ende der Woche", null, null, days("2025-10-30", "2025-11-01")],
    ["Anfang der Woche", null, null, days("2025-10-27", "2025-10-28")],
    ["in den nächsten Tagen", null, null, days("2025-10-26", "2025-10-29")],
    ["diesen Sonntag", "2025-10-26", null],
    ["in zwei Stunden", "2025-10-26", null, fromNow("11:30")],
    ["nächste Woche, Mittwoch", "2025-10-29", null],
  ]),
  // Sat 28 Mar 2026, 15:00 winter time; summer time starts Sunday 02:00. Next weekend Sa 4-Su 5 Apr.
  ...at(INSTANTS.springEve, [
    ["am Wochenende", null, null, days("2026-03-28", "2026-03-29")],
    ["nächstes Wochenende", null, null, days("2026-04-04", "2026-04-05")],
    ["in zwei Stunden", "2026-03-28", null, fromNow("17:00")],
    // 14:00Z + 12 h = 02:00Z = 04:00 summer time (not 03:00: the night is an hour short).
    ["in zwölf Stunden", "2026-03-29", null, fromNow("04:00")],
  ]),
  // Sun 29 Mar 2026, 10:00 summer time. Mo 30-Su 5 Apr, Mo 6-Su 12 Apr.
  ...at(INSTANTS.springDay, [
    ["am Wochenende", null, null, days("2026-03-29", "2026-03-29")],
    ["nächstes Wochenende", null, null, days("2026-04-04", "2026-04-05")],
    ["diese Woche noch", null, null, days("2026-03-29", "2026-03-29")],
    ["nächste Woche", null, null, days("2026-03-30", "2026-04-05")],
    ["übernächste Woche, Donnerstag", "2026-04-09", null],
    ["in einer Stunde", "2026-03-29", null, fromNow("11:00")],
    ["diesen Sonntag", "2026-03-29", null],
  ]),
  // Wed 31 Dec 2025, 11:00. Th 1 Jan, Sa 3, Su 4; next week Mo 5-Su 11 Jan; then Mo 12-Su 18.
  ...at(INSTANTS.dec31, [
    ["nächste Woche", null, null, days("2026-01-05", "2026-01-11")],
    ["übernächste Woche", null, null, days("2026-01-12", "2026-01-18")],
    ["diese Woche noch", null, null, days("2025-12-31", "2026-01-04")],
    ["am Wochenende", null, null, days("2026-01-03", "2026-01-04")],
    ["in den nächsten Tagen", null, null, days("2025-12-31", "2026-01-03")],
    ["Anfang nächster Woche", null, null, days("2026-01-05", "2026-01-06")],
    ["Ende der Woche", null, null, days("2026-01-01", "2026-01-03")],
    ["nächste Woche, am besten Mittwoch", "2026-01-07", null],
    ["diesen Mittwoch", "2025-12-31", null],
    ["in 14 Stunden", "2026-01-01", null, fromNow("01:00")],
    ["so bald wie möglich", null, null, EARLIEST],
    ["am zwölften ersten", "2026-01-12", null],
    ["am 3. Jänner", "2026-01-03", null],
    ["am 3. Jänner heuer", "2025-01-03", null, { past: true }],
    ["am 7. Jän.", "2026-01-07", null],
    ["am 31. Dezember heuer", "2025-12-31", null],
  ]),
  // Negative cases for the new phrases: picks among options, counts, words that only look like a span or a duration.
  ...at(INSTANTS.weekday, [
    ["der zweite Termin", null, null],
    ["der dritte Vorschlag", null, null],
    ["die erste Option", null, null],
    ["den zweiten Termin bitte", null, null],
    ["zum ersten Mal", null, null],
    ["die Woche war ich krank", null, null],
    ["unter der Woche", null, null],
    ["am nächsten Tag", null, null],
    ["Das dauert zwei Stunden", null, null],
    ["in zwei Stunden", "2025-11-12", null, fromNow("11:00")],
  ]),
  // The zone decides the day, not the offset written in `now`.
  ...at(INSTANTS.utcNight, [
    ["heute", "2025-10-26", null],
    ["morgen", "2025-10-27", null],
    ["gestern", "2025-10-25", null, { past: true }],
  ]),
];
