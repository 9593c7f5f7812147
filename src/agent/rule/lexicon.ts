/**
 * The German words the rule-based model understands, loaded from `prompts/rule-model.lexicon.de.yaml`, and the
 * text folding every matcher shares. The word lists are data so a developer can teach the model a new way of
 * saying "ja" without touching the policy.
 */
import { join } from "node:path";
import { z } from "zod";
import { PROMPTS_DIR } from "../../calendar/profile.ts";
import { readYamlData } from "../../yaml-data.ts";

const words = z.array(z.string().min(1));

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
    thanks: words,
    another: words,
    again: words,
    booking: words,
  }),
  injection: words,
  manyBookings: z.object({ numbers: words, nouns: words }),
  abuse: words,
  filler: words,
  greetings: words,
  nameIntro: words,
  titles: words,
  nameTrailers: words,
  nameLeadWords: words,
  articles: words,
  notName: words,
  targetDayMarkers: words,
  pointers: words,
  clauseBreaks: words,
  negations: words,
  unsure: words,
  contrasts: words,
  reservations: words,
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

/** Whether the folded text contains the phrase as whole words. */
export function hasPhrase(folded: string, phrase: string): boolean {
  const p = fold(phrase);
  return p !== "" && ` ${folded} `.includes(` ${p} `);
}

/** The longest phrase of the list found in the folded text, with its word offset; null when none. */
export function findPhrase(
  folded: string,
  phrases: readonly string[],
): { phrase: string; index: number } | null {
  let best: { phrase: string; index: number } | null = null;
  for (const raw of phrases) {
    const p = fold(raw);
    if (p === "") continue;
    const at = ` ${folded} `.indexOf(` ${p} `);
    if (at < 0) continue;
    if (best === null || p.length > best.phrase.length) best = { phrase: p, index: at };
  }
  return best;
}

/** Removes every occurrence of the phrases (whole words) from the folded text. */
export function withoutPhrases(folded: string, phrases: readonly string[]): string {
  let padded = ` ${folded} `;
  const sorted = phrases.map(fold).filter((p) => p !== "");
  sorted.sort((a, b) => b.length - a.length);
  for (const p of sorted) {
    while (padded.includes(` ${p} `)) padded = padded.replace(` ${p} `, " ");
  }
  return padded.trim().replace(/\s+/g, " ");
}

/** Escapes text for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
