/**
 * The German words the rule-based model understands, loaded from `prompts/rule-model.lexicon.de.yaml`, and the
 * text folding every matcher shares. The word lists are data so a developer can teach the model a new way of
 * saying "ja" without touching the policy. English callers are read through the lexicon's English section: their
 * words are said in German first ({@link translateEnglish}), so no rule exists twice.
 */
import { join } from "node:path";
import { z } from "zod";
import { PROMPTS_DIR } from "../../calendar/profile.ts";
import { readYamlData } from "../../yaml-data.ts";

const words = z.array(z.string().min(1));

/** Cue phrases ("..." = a few words between) and phrases that never count as a cue ("im Moment" is no wait). */
const cues = z.object({ cues: words, not: words.default([]) });

const lexiconSchema = z.object({
  yes: words,
  wishes: words,
  no: words,
  ordinals: z.record(z.string(), z.number().int()),
  earlier: words,
  later: words,
  intents: z.object({
    cancel: words,
    reschedule: words,
    lookup: words,
    end: words,
    farewells: words,
    thanks: words,
    another: words,
    again: words,
    booking: words,
  }),
  farewellGlue: words,
  navigate: z.object({
    other_day: words,
    later: words,
    earlier: words,
    none_fits: words,
    other: words,
  }),
  navigateNot: words,
  questions: z.object({
    hours: cues,
    address: cues,
    prices: cues,
    payment: cues,
    services: cues,
    phone: cues,
  }),
  serviceJoiners: words,
  offTopic: cues,
  wait: cues,
  callback: cues,
  injection: words,
  manyBookings: z.object({ numbers: words, nouns: words }),
  abuse: words,
  insultEndings: words,
  filler: words,
  greetings: words,
  nameIntro: words,
  titles: words,
  titleForms: words,
  titledIntros: words,
  nameTrailers: words,
  nameLeadWords: words,
  nameIntroSkip: words,
  nameParts: z.object({ first: words, last: words, lead: words }),
  person: z.object({ possessives: words, relations: words, lead: words, naming: words }),
  articles: words,
  notName: words,
  notHours: words,
  targetDayMarkers: words,
  /** "Nummer drei", "Option zwei": the number after one of these is a position in the list read out. */
  numberedPick: words,
  pointers: words,
  clauseBreaks: words,
  negations: words,
  unsure: words,
  contrasts: words,
  reservations: words,
  english: z.object({
    markers: words,
    words: z.record(z.string(), z.string()),
    afterNumber: z.record(z.string(), z.string()),
  }),
});

/** The parsed lexicon file. */
export type Lexicon = z.infer<typeof lexiconSchema>;

/** Path of the shipped lexicon. */
export const LEXICON_FILE = join(PROMPTS_DIR, "rule-model.lexicon.de.yaml");

let cached: Lexicon | undefined;

/** Loads and validates the lexicon once per process; a broken file fails loudly as a ConfigError. */
export function loadLexicon(file = LEXICON_FILE): Lexicon {
  if (file === LEXICON_FILE && cached !== undefined) return cached;
  const lexicon = readYamlData(file, lexiconSchema, "rule-model lexicon");
  if (file === LEXICON_FILE) cached = lexicon;
  return lexicon;
}

/**
 * Lower case, apostrophes dropped ("war's" = "wars"), every other non-letter/digit a single space. Phrases and
 * utterances go through the same folding, so matching is case- and punctuation-insensitive.
 */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’`´]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** A list's phrases folded, as a set: built once per list (the lexicon's lists are kept as they were loaded). */
const foldedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The folded phrases of a list of the lexicon, for `has`. */
export function foldedSet(phrases: readonly string[]): ReadonlySet<string> {
  let set = foldedSets.get(phrases);
  if (set === undefined) {
    set = new Set(phrases.map(foldPhrase));
    foldedSets.set(phrases, set);
  }
  return set;
}

/** What the matchers build from a lexicon (joined lists, patterns), by name: built once per lexicon. */
const derived = new WeakMap<Lexicon, Map<string, unknown>>();

/** `build(lexicon)`, built at its first use for this lexicon and kept under `name`. */
export function fromLexicon<T>(lexicon: Lexicon, name: string, build: (lexicon: Lexicon) => T): T {
  let built = derived.get(lexicon);
  if (built === undefined) {
    built = new Map();
    derived.set(lexicon, built);
  }
  if (!built.has(name)) built.set(name, build(lexicon));
  return built.get(name) as T;
}

/**
 * The lexicon has about a thousand phrases: each is folded once, not on every utterance. Only phrases are kept, never
 * a caller's words: a process serves many calls, and what a caller said stays with their call.
 */
const foldedPhrases = new Map<string, string>();
const partsCache = new Map<string, string[][]>();
/** A bound for phrases that do not come from the lexicon. */
const MAX_CACHED_PHRASES = 20_000;

/** `fold` for a phrase of the lexicon, remembered. */
export function foldPhrase(phrase: string): string {
  let folded = foldedPhrases.get(phrase);
  if (folded === undefined) {
    if (foldedPhrases.size >= MAX_CACHED_PHRASES) foldedPhrases.clear();
    folded = fold(phrase);
    foldedPhrases.set(phrase, folded);
  }
  return folded;
}

/** Whether the folded text contains the phrase as whole words. */
export function hasPhrase(folded: string, phrase: string): boolean {
  const p = foldPhrase(phrase);
  return p !== "" && ` ${folded} `.includes(` ${p} `);
}

/** A cue's gap: "rufen sie mich ... zurück" lets a few words stand between its parts. */
const GAP = "...";
/** Words a gap may span: a clause, not a paragraph. */
const MAX_GAP = 4;

/** A phrase's parts, folded into words; one part unless it has gaps. */
function partsOf(raw: string): string[][] {
  let parts = partsCache.get(raw);
  if (parts === undefined) {
    if (partsCache.size >= MAX_CACHED_PHRASES) partsCache.clear();
    parts = raw
      .split(GAP)
      .map((part) => fold(part))
      .filter((part) => part !== "")
      .map((part) => part.split(" "));
    partsCache.set(raw, parts);
  }
  return parts;
}

function partAt(words: readonly string[], part: readonly string[], at: number): boolean {
  return part.every((w, k) => words[at + k] === w);
}

/** Where the parts occur in order from word `at` on (each gap at most MAX_GAP words): [start, end) or null. */
function partsFrom(
  words: readonly string[],
  parts: readonly string[][],
  at: number,
): [number, number] | null {
  const first = parts[0];
  if (first === undefined || !partAt(words, first, at)) return null;
  let end = at + first.length;
  for (const part of parts.slice(1)) {
    let found = -1;
    for (let i = end; i <= end + MAX_GAP && i + part.length <= words.length; i++) {
      if (partAt(words, part, i)) {
        found = i;
        break;
      }
    }
    if (found < 0) return null;
    end = found + part.length;
  }
  return [at, end];
}

/** A phrase found in a folded text: the phrase (folded) and the words it spans, [index, end). */
export interface PhraseHit {
  phrase: string;
  index: number;
  end: number;
}

/** One phrase of a list, ready to be looked for: its parts, its folded text and its place in the list. */
interface IndexedPhrase {
  parts: string[][];
  phrase: string;
  order: number;
}

/**
 * A list of phrases by their first word: a text is read word by word and each word is checked against the phrases
 * that start with it, instead of every phrase at every word. Built once per list (the lexicon's lists are kept as
 * they were loaded); a list made for one call is indexed for that call.
 */
const phraseIndexes = new WeakMap<readonly string[], Map<string, IndexedPhrase[]>>();

function phraseIndex(phrases: readonly string[]): Map<string, IndexedPhrase[]> {
  let index = phraseIndexes.get(phrases);
  if (index === undefined) {
    index = new Map();
    for (const [order, raw] of phrases.entries()) {
      const parts = partsOf(raw);
      const first = parts[0]?.[0];
      if (first === undefined) continue;
      const entry = { parts, phrase: parts.map((p) => p.join(" ")).join(` ${GAP} `), order };
      const list = index.get(first);
      if (list === undefined) index.set(first, [entry]);
      else list.push(entry);
    }
    phraseIndexes.set(phrases, index);
  }
  return index;
}

/** Each phrase of the list said in the words, with where it is first said (in list order where that is tied). */
function hitsIn(folded: string, phrases: readonly string[]): (PhraseHit & { order: number })[] {
  if (folded === "") return [];
  const index = phraseIndex(phrases);
  const words = folded.split(" ");
  const hits: (PhraseHit & { order: number })[] = [];
  const found = new Set<IndexedPhrase>();
  for (let at = 0; at < words.length; at++) {
    for (const entry of index.get(words[at] ?? "") ?? []) {
      if (found.has(entry)) continue;
      const span = partsFrom(words, entry.parts, at);
      if (span === null) continue;
      found.add(entry);
      hits.push({ phrase: entry.phrase, index: span[0], end: span[1], order: entry.order });
    }
  }
  return hits;
}

/**
 * The longest phrase of the list found in the folded text as whole words (the first one said among equally long
 * ones, the first in the list among those said at the same word); null when none. A phrase may have gaps: "wann ich
 * ... termin" also finds "wann ich meinen nächsten Termin".
 */
export function findPhrase(folded: string, phrases: readonly string[]): PhraseHit | null {
  let best: (PhraseHit & { order: number }) | null = null;
  for (const hit of hitsIn(folded, phrases)) {
    if (
      best === null ||
      hit.phrase.length > best.phrase.length ||
      (hit.phrase.length === best.phrase.length &&
        (hit.index < best.index || (hit.index === best.index && hit.order < best.order)))
    )
      best = hit;
  }
  return best === null ? null : { phrase: best.phrase, index: best.index, end: best.end };
}

/** The first phrase of the list said (the longest among those said at the same word, then the first listed). */
function firstPhrase(folded: string, phrases: readonly string[]): PhraseHit | null {
  let first: (PhraseHit & { order: number }) | null = null;
  for (const hit of hitsIn(folded, phrases)) {
    if (
      first === null ||
      hit.index < first.index ||
      (hit.index === first.index &&
        (hit.phrase.length > first.phrase.length ||
          (hit.phrase.length === first.phrase.length && hit.order < first.order)))
    )
      first = hit;
  }
  return first === null ? null : { phrase: first.phrase, index: first.index, end: first.end };
}

/** A cue of the group in the folded text, after its `not` phrases are taken out ("im Moment" is no wait). */
export function findCue(
  folded: string,
  group: { cues: readonly string[]; not: readonly string[] },
): PhraseHit | null {
  let said = folded;
  // Each round takes words out, so this ends after at most as many rounds as there are words.
  for (let hit = findPhrase(said, group.not); hit !== null; hit = findPhrase(said, group.not)) {
    const words = said.split(" ");
    words.splice(hit.index, hit.end - hit.index);
    said = words.join(" ");
  }
  return firstPhrase(said, group.cues);
}

/**
 * Whether a word of the text is one of the words with one of the endings ("Vollidioten" is "Vollidiot" + "en").
 * Phrases of several words are matched as they are.
 */
export function hasInflected(
  folded: string,
  phrases: readonly string[],
  endings: readonly string[],
): boolean {
  if (findPhrase(folded, phrases) !== null) return true;
  const single = new Set(phrases.map(foldPhrase).filter((p) => p !== "" && !p.includes(" ")));
  return folded
    .split(" ")
    .some((w) =>
      endings.some((e) => w.length > e.length && w.endsWith(e) && single.has(w.slice(0, -e.length))),
    );
}

/** The folded text with every letter said several times in a row said once ("äääähm", "hmmm"). */
export function squeeze(folded: string): string {
  return folded.replace(/(\p{L})\1+/gu, "$1");
}

/** A list's phrases folded and padded with a space each side, longest first, by their first word. */
interface PaddedPhrases {
  byFirstWord: Map<string, { padded: string; rank: number }[]>;
}
const paddedPhrases = new WeakMap<readonly string[], PaddedPhrases>();

function paddedOf(phrases: readonly string[]): PaddedPhrases {
  let built = paddedPhrases.get(phrases);
  if (built === undefined) {
    const sorted = phrases.map(foldPhrase).filter((p) => p !== "");
    sorted.sort((a, b) => b.length - a.length);
    const byFirstWord = new Map<string, { padded: string; rank: number }[]>();
    for (const [rank, p] of sorted.entries()) {
      const first = p.split(" ", 1)[0] ?? "";
      const entry = { padded: ` ${p} `, rank };
      const list = byFirstWord.get(first);
      if (list === undefined) byFirstWord.set(first, [entry]);
      else list.push(entry);
    }
    built = { byFirstWord };
    paddedPhrases.set(phrases, built);
  }
  return built;
}

/**
 * Removes every occurrence of the phrases (whole words) from the folded text, longest phrase first. Only the phrases
 * that start with a word of the text are tried: taking words out never brings a new word in.
 */
export function withoutPhrases(folded: string, phrases: readonly string[]): string {
  const { byFirstWord } = paddedOf(phrases);
  const candidates: { padded: string; rank: number }[] = [];
  for (const word of new Set(folded.split(" "))) candidates.push(...(byFirstWord.get(word) ?? []));
  if (candidates.length === 0) return folded.trim().replace(/\s+/g, " ");
  candidates.sort((a, b) => a.rank - b.rank);
  let padded = ` ${folded} `;
  for (const { padded: p } of candidates) {
    while (padded.includes(p)) padded = padded.replace(p, " ");
  }
  return padded.trim().replace(/\s+/g, " ");
}

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A word of a text where it stands; `key` is lower case with its apostrophe ("i'm" is not the German "im"). */
interface Spot {
  key: string;
  start: number;
  end: number;
}

const SPOT = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function spotsOf(text: string): Spot[] {
  return [...text.matchAll(SPOT)].map((m) => ({
    key: m[0].toLowerCase().replace(/’/g, "'"),
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

interface EnglishIndex {
  /** Phrases by their first word, each with its words and German. */
  byFirst: Map<string, { words: string[]; german: string }[]>;
  afterNumber: Map<string, string>;
  /** Words only English speakers say. */
  english: Set<string>;
  /** Words of the German lexicon that are not English too. */
  german: Set<string>;
}

const englishCache = new WeakMap<Lexicon, EnglishIndex>();

function stringsOf(value: unknown, out: string[]): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, out);
  else if (value !== null && typeof value === "object")
    for (const v of Object.values(value)) stringsOf(v, out);
  return out;
}

function englishIndex(lexicon: Lexicon): EnglishIndex {
  const hit = englishCache.get(lexicon);
  if (hit !== undefined) return hit;
  const keyWords = (k: string) => spotsOf(k).map((s) => s.key);
  const byFirst = new Map<string, { words: string[]; german: string }[]>();
  const english = new Set<string>(lexicon.english.markers.flatMap(keyWords));
  for (const [key, german] of Object.entries(lexicon.english.words)) {
    const ws = keyWords(key);
    const first = ws[0];
    if (first === undefined) continue;
    byFirst.set(first, [...(byFirst.get(first) ?? []), { words: ws, german }]);
    for (const w of ws) english.add(w);
  }
  const afterNumber = new Map(
    Object.entries(lexicon.english.afterNumber).map(([k, v]) => [keyWords(k).join(" "), v]),
  );
  const { english: _english, ...native } = lexicon;
  const german = new Set(
    stringsOf(native, Object.keys(lexicon.ordinals))
      .flatMap((s) => fold(s.split(GAP).join(" ")).split(" "))
      .filter((w) => w !== "" && !/^\d+$/.test(w)),
  );
  for (const w of [...english]) {
    if (german.has(w)) {
      english.delete(w);
      german.delete(w);
    }
  }
  const index = { byFirst, afterNumber, english, german };
  englishCache.set(lexicon, index);
  return index;
}

/** The text with its English words in German, and whether the caller speaks English. */
export interface Translated {
  text: string;
  english: boolean;
}

/**
 * Says the English words of the text in German ("tomorrow at ten" -> "morgen um 10"), longest phrase first; every
 * other word stays as it was said, so names keep their spelling. The caller speaks English when more of their
 * words are English-only than German-only.
 */
export function translateEnglish(text: string, lexicon: Lexicon): Translated {
  const index = englishIndex(lexicon);
  const spots = spotsOf(text);
  let english = 0;
  let german = 0;
  for (const s of spots) {
    if (index.english.has(s.key)) english++;
    else if (index.german.has(fold(s.key))) german++;
  }
  let out = "";
  let from = 0;
  let previous: string | null = null;
  for (let i = 0; i < spots.length; i++) {
    const spot = spots[i];
    if (spot === undefined) continue;
    let best: { span: number; german: string } | null = null;
    for (const p of index.byFirst.get(spot.key) ?? []) {
      if (p.words.length > (best?.span ?? 0) && p.words.every((w, k) => spots[i + k]?.key === w))
        best = { span: p.words.length, german: p.german };
    }
    if (previous !== null && /^\d+$/.test(previous)) {
      for (let n = 2; n >= 1; n--) {
        const key = spots
          .slice(i, i + n)
          .map((s) => s.key)
          .join(" ");
        const after = index.afterNumber.get(key);
        if (after !== undefined && spots.slice(i, i + n).length === n) {
          best = { span: n, german: after };
          break;
        }
      }
    }
    if (best === null) {
      previous = spot.key;
      continue;
    }
    const last = spots[i + best.span - 1] ?? spot;
    out += `${text.slice(from, spot.start)}${best.german}`;
    from = last.end;
    previous = best.german;
    i += best.span - 1;
  }
  out += text.slice(from);
  return { text: out, english: english > 0 && english > german };
}
