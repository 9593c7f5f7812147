/**
 * German vocabulary for dates and times: number words, ordinals, weekdays, months, dayparts.
 * Everything here is data plus the regex sources built from it, so the resolver and the scanner
 * share one vocabulary. Spellings without umlauts ("fuenf", "uebermorgen", "dreissig") are
 * accepted because speech-to-text and typed chat produce both.
 */

const UNFOLDED = /[äöüß]/;

/** Folds umlauts and ß to ASCII so look-ups need one key per word. */
export function fold(word: string): string {
  if (!UNFOLDED.test(word)) return word;
  return word.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
}

/** Turns a regex source written with umlauts into one that also accepts the ASCII spellings. */
export function de(source: string): string {
  return source
    .replace(/ä/g, "(?:ä|ae)")
    .replace(/ö/g, "(?:ö|oe)")
    .replace(/ü/g, "(?:ü|ue)")
    .replace(/ß/g, "(?:ß|ss)");
}

/** Start and end of a word; `\b` does not know that "ü" is a letter. */
export const WORD_START = "(?<![\\p{L}\\p{N}])";
/** See {@link WORD_START}. */
export const WORD_END = "(?![\\p{L}\\p{N}])";

const UNITS: Record<string, number> = {
  eins: 1,
  zwei: 2,
  zwo: 2,
  drei: 3,
  vier: 4,
  fünf: 5,
  sechs: 6,
  sieben: 7,
  acht: 8,
  neun: 9,
};
const TEENS: Record<string, number> = {
  zehn: 10,
  elf: 11,
  zwölf: 12,
  dreizehn: 13,
  vierzehn: 14,
  fünfzehn: 15,
  sechzehn: 16,
  siebzehn: 17,
  achtzehn: 18,
  neunzehn: 19,
};
const TENS: Record<string, number> = { zwanzig: 20, dreißig: 30, vierzig: 40, fünfzig: 50 };
/** "ein" only as the first part of a compound ("einundzwanzig"); "eins" is the number said alone. */
const COMPOUND_UNITS: Record<string, number> = { ...UNITS, ein: 1 };
delete COMPOUND_UNITS["eins"];
delete COMPOUND_UNITS["zwo"];

function buildCardinals(): Map<string, number> {
  const words = new Map<string, number>();
  for (const [w, n] of Object.entries({ ...UNITS, ...TEENS, ...TENS })) words.set(w, n);
  for (const [tens, t] of Object.entries(TENS)) {
    for (const [unit, u] of Object.entries(COMPOUND_UNITS)) words.set(`${unit}und${tens}`, t + u);
  }
  return words;
}

/** Cardinal words 1-59 with their values, keyed by the umlaut spelling. */
const CARDINALS = buildCardinals();
const CARDINALS_FOLDED = new Map([...CARDINALS].map(([w, n]) => [fold(w), n]));

function alternation(words: Iterable<string>): string {
  // Longest first, so "siebzehn" is not read as "sieben" plus rest.
  return de([...words].sort((a, b) => b.length - a.length).join("|"));
}

/** Regex source for a cardinal word 1-59 (minutes, "in drei Tagen"). */
export const CARDINAL_WORD = alternation(CARDINALS.keys());
/** Regex source for an hour word 1-24. "ein" is left out: "einen Termin" is no hour ("ein Uhr" is handled apart). */
export const HOUR_WORD = alternation([...CARDINALS].filter(([, n]) => n <= 24).map(([w]) => w));
/** Regex source for a 12-hour clock word 1-12, as used after "halb", "Viertel", "nach", "vor". */
export const HOUR12_WORD = alternation([...CARDINALS].filter(([, n]) => n <= 12).map(([w]) => w));

/**
 * Dialect hours with a trailing "e" ("um achte", "um neune", "um zehne"), southern and colloquial German.
 * "eine" is left out (the article); only use this after a clock cue, since "achte" is also an ordinal.
 */
const DIALECT_HOURS = new Map(
  ["zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"].map((w) => [
    `${w}e`,
    CARDINALS.get(w) ?? 0,
  ]),
);
const DIALECT_HOURS_FOLDED = new Map([...DIALECT_HOURS].map(([w, n]) => [fold(w), n]));
/** Regex source for a dialect hour word ("achte", "neune"); see {@link DIALECT_HOURS}. */
export const DIALECT_HOUR_WORD = alternation(DIALECT_HOURS.keys());

/** Value of a cardinal word or digits, or null. Accepts "ein"/"eine"/"einem"/"einer" as 1, dialect "achte" as 8. */
export function parseCardinal(text: string): number | null {
  const word = fold(text.toLowerCase().trim());
  if (/^\d+$/.test(word)) return Number(word);
  if (word === "ein" || word === "eine" || word === "einem" || word === "einer" || word === "einen") return 1;
  return CARDINALS_FOLDED.get(word) ?? DIALECT_HOURS_FOLDED.get(word) ?? null;
}

const ORDINAL_STEMS: Record<string, number> = {
  erst: 1,
  zweit: 2,
  dritt: 3,
  viert: 4,
  fünft: 5,
  sechst: 6,
  siebt: 7,
  siebent: 7,
  acht: 8,
  neunt: 9,
  zehnt: 10,
  elft: 11,
  zwölft: 12,
};
function buildOrdinalStems(): Map<string, number> {
  const stems = new Map(Object.entries(ORDINAL_STEMS));
  for (const [w, n] of Object.entries(TEENS)) if (n >= 13) stems.set(`${w}t`, n);
  stems.set("zwanzigst", 20);
  stems.set("dreißigst", 30);
  for (const [unit, u] of Object.entries(COMPOUND_UNITS)) stems.set(`${unit}undzwanzigst`, 20 + u);
  stems.set("einunddreißigst", 31);
  return stems;
}
const ORDINALS = buildOrdinalStems();
const ORDINALS_FOLDED = new Map([...ORDINALS].map(([w, n]) => [fold(w), n]));

/** Regex source for an ordinal word 1-31 in any case ending: "dritten", "erste", "einunddreißigsten". */
export const ORDINAL_WORD = `(?:${alternation(ORDINALS.keys())})(?:en|er|es|em|e)`;

/** Value of an ordinal word ("fünften" = 5), or null. */
export function parseOrdinal(text: string): number | null {
  const stem = fold(text.toLowerCase()).replace(/(en|er|es|em|e)$/, "");
  return ORDINALS_FOLDED.get(stem) ?? null;
}

const WEEKDAYS: Record<string, number> = {
  montag: 1,
  dienstag: 2,
  mittwoch: 3,
  donnerstag: 4,
  freitag: 5,
  samstag: 6,
  sonnabend: 6,
  sonntag: 7,
};
const WEEKDAY_ABBREVIATIONS: Record<string, number> = { mo: 1, di: 2, mi: 3, do: 4, fr: 5, sa: 6, so: 7 };

/** Regex source for a full weekday name. Abbreviations are separate: "so", "Mo" are ordinary words too. */
export const WEEKDAY_WORD = alternation(Object.keys(WEEKDAYS));
/** Regex source for a weekday abbreviation; only use it where a date must follow ("Mo., 27.10."). */
export const WEEKDAY_ABBREVIATION = Object.keys(WEEKDAY_ABBREVIATIONS).join("|");

/** ISO weekday (Monday = 1) of a weekday name or abbreviation, or null. */
export function parseWeekday(text: string): number | null {
  const word = text.toLowerCase().replace(/\.$/, "");
  return WEEKDAYS[word] ?? WEEKDAY_ABBREVIATIONS[word] ?? null;
}

const MONTHS: Record<string, number> = {
  januar: 1,
  jänner: 1,
  jan: 1,
  jän: 1,
  februar: 2,
  feber: 2,
  feb: 2,
  märz: 3,
  mär: 3,
  mrz: 3,
  april: 4,
  apr: 4,
  mai: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  dezember: 12,
  dez: 12,
};
const MONTHS_FOLDED = new Map(Object.entries(MONTHS).map(([w, n]) => [fold(w), n]));

/** Regex source for a month name or its abbreviation (with an optional dot). */
export const MONTH_WORD = `(?:${alternation(Object.keys(MONTHS))})\\.?`;

/** Month number (1-12) of a month name, or null. */
export function parseMonth(text: string): number | null {
  return MONTHS_FOLDED.get(fold(text.toLowerCase().replace(/\.$/, ""))) ?? null;
}

/** The dayparts a result can carry; "nachts" is understood for clock times but has no window. */
export type Daypart = "frueh" | "morgens" | "vormittags" | "mittags" | "nachmittags" | "abends";

/**
 * Daypart of a daypart word or phrase ("Nachmittag", "abends", "früh", "am Abend", "in der Früh"), or null;
 * "nachts" is reported as "nachts".
 */
export function parseDaypart(text: string): Daypart | "nachts" | null {
  const phrase = fold(text.toLowerCase()).trim().replace(/\s+/g, " ");
  // Southern German "in der Früh" is the morning ("morgen in der Früh"); "früh" and "in aller Früh" are early.
  if (phrase === "in der frueh") return "morgens";
  const word = phrase.replace(/^(?:am|in der|in aller|gegen|ueber|zu) /, "").replace(/s$/, "");
  switch (word) {
    case "frueh":
    case "fruehmorgen":
      return "frueh";
    case "morgen":
      return "morgens";
    case "vormittag":
      return "vormittags";
    case "mittag":
      return "mittags";
    case "nachmittag":
      return "nachmittags";
    case "abend":
      return "abends";
    case "nacht":
      return "nachts";
    default:
      return null;
  }
}

/** Regex source for a daypart word, adverb or noun: "morgens", "Nachmittag", "früh", "abends". */
export const DAYPART_WORD = de(
  "frühmorgens|früh|morgens|morgen|vormittags?|nachmittags?|mittags?|abends?|nachts",
);

/**
 * Regex source for words after a number that make it a quantity, not a clock time:
 * "für 2 Personen", "30 Minuten", "25 Euro", "zwei Termine".
 */
export const UNIT_WORD = de(
  "minuten|minute|min|stunden|stunde|std|personen|person|leute|leuten|euro|eur|cent|prozent|tagen|tage|tag|wochen|woche|monaten|monate|monat|jahren|jahre|jahr|mal|kinder|kindern|kind|stück|termine|termin|damen|herren|männer|frauen|haarschnitte|plätze|leute",
);

/** Words that end with a dot inside a German sentence ("bzw.", "z. B.", "ca."): no sentence ends there. */
export const SENTENCE_ABBREVIATIONS: ReadonlySet<string> = new Set([
  "bzw",
  "ca",
  "usw",
  "etc",
  "evtl",
  "ggf",
  "inkl",
  "zzgl",
  "nr",
  "str",
  "vgl",
  "bspw",
  "sog",
]);

/**
 * Regex source for nouns after an ordinal that make it count something other than days of the month: "der zweite
 * Termin" and "die erste Option" pick an offered option, "zum ersten Mal" counts times.
 */
export const ORDINAL_NOUN = de(
  "termine|terminen|termin|vorschläge|vorschlag|optionen|option|möglichkeiten|möglichkeit|alternativen|alternative|" +
    "uhrzeiten|uhrzeit|zeit|slots|slot|angebote|angebot|varianten|variante|zeitpunkt|mal|platz|stock|wahl",
);
/** Regex source for adjectives that may stand between such an ordinal and its noun ("den ersten freien Termin"). */
export const ORDINAL_ADJECTIVE = de(
  "freien|freie|freier|möglichen|mögliche|möglicher|anderen|andere|genannten|genannte|vorgeschlagenen|vorgeschlagene",
);

/**
 * Regex source for "the earliest bookable slot" ("so schnell wie möglich", "nächster freier Termin", "egal wann").
 * "so früh wie möglich" is here too, so its "früh" is not read as the early-morning daypart.
 */
export const EARLIEST_WORDS = de(
  [
    "so\\s+(?:schnell|bald|früh)\\s+(?:wie|als)\\s+(?:irgend\\s+)?möglich",
    "so\\s+(?:schnell|bald|früh)\\s+es\\s+geht",
    "möglichst\\s+(?:bald|schnell|früh|zeitnah)",
    "(?:schnellst|frühest|nächst)möglich(?:e[nrms]?)?(?:\\s+(?:termin|zeitpunkt))?",
    "baldmöglichst|baldigst|schnellstens|zeitnah",
    "(?:(?:der|den|dem|ihr|ihren|ihrem|einen)\\s+)?(?:nächst|erst)(?:e[nrms]?)?\\s+(?:frei|möglich)(?:e[nrms]?)?\\s+termin",
    "egal\\s*(?:,\\s*)?wann|wann\\s+immer",
    "wann\\s+es\\s+ihnen\\s+(?:am\\s+besten\\s+)?passt",
    "(?:wann|was)\\s+(?:haben|hätten)\\s+sie\\s+(?:denn\\s+)?als\\s+nächstes\\s+(?:(?:was|etwas|einen\\s+termin)\\s+)?frei",
  ].join("|"),
);

/** Regex sources for the caller's working day as a window: after work ("nach Feierabend") and before work. */
export const WORK_WORDS = {
  after: de(
    "nach\\s+(?:dem\\s+)?feierabend|nach\\s+der\\s+arbeit|nach\\s+arbeitsschluss|nach\\s+dienstschluss",
  ),
  before: de("vor\\s+der\\s+arbeit|vor\\s+arbeitsbeginn|vor\\s+dienstbeginn"),
} as const;

/** The part of a Monday-Sunday week a caller names ("Anfang nächster Woche"): first and last ISO weekday. */
export const WEEK_PARTS: Readonly<Record<"anfang" | "mitte" | "ende", readonly [number, number]>> = {
  anfang: [1, 2],
  mitte: [2, 4],
  ende: [4, 6],
};

/** Hours of the fraction words of "in einer halben Stunde", "in anderthalb Stunden", "in einer Dreiviertelstunde". */
export const HOUR_FRACTIONS: Readonly<Record<string, number>> = {
  viertel: 0.25,
  halben: 0.5,
  dreiviertel: 0.75,
  anderthalb: 1.5,
  eineinhalb: 1.5,
};
