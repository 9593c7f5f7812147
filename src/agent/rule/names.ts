/**
 * A person's name in what the caller said: "Mein Name ist Eva Brandt", "Ich heiße ...", "Hier ist Frau Meier",
 * "Schuster, Hans", "Hans Schuster hier", "Huber mein Name", "Auf Herrn Schmidt", "Vorname Piotr, Nachname
 * W-I-S-N-I-E-W-S-K-I", or a bare "Hans Schuster." (as the answer to a name question). Said twice, the fuller
 * form wins ("Schuster hier, Hans Schuster"). Someone else's name ("für meine Tochter, Lena Huber") is found by
 * {@link findPerson}.
 */
import { fold, foldedSet, foldPhrase, fromLexicon, type Lexicon } from "./lexicon.ts";

/** What decides whether bare words count as a name. */
export interface NameContext {
  /** The model just asked for the name: one to three plain words are taken as the answer. */
  expectingName: boolean;
  /** Folded words that must never be read as a name (service names, lexicon words). */
  reserved: ReadonlySet<string>;
  /** Whether a sentence names a day or time ("Halb Elf." is no name). */
  mentionsTime?: (text: string) => boolean;
}

interface Token {
  word: string;
  index: number;
  /** The word folded, once: the finders compare it with the lexicon's words many times. */
  folded: string;
}

const WORD = /\p{L}[\p{L}'’-]*/gu;
const MAX_NAME_WORDS = 3;
/** Letters spelled one by one ("W-I-S-N-I-E-W-S-K-I", "M E I E R"): three or more. */
const SPELLED = /(?<![\p{L}\p{N}])\p{L}(?:[-–.\s]{1,3}\p{L}(?![\p{L}\p{N}])){2,}/gu;
const SENTENCE = /[.!?;]/;
const PART = /[.!?;,]/;

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], index: m.index ?? 0, folded: fold(m[0]) }));
}

function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

function capitalize(word: string): string {
  return word
    .split("-")
    .map((part) => (part === "" ? part : part[0]!.toUpperCase() + part.slice(1)))
    .join("-");
}

/** Spelled letters written as the word they spell: "W-I-S-N-I-E-W-S-K-I" -> "Wisniewski". */
export function joinSpelled(text: string): string {
  return text.replace(SPELLED, (m) => {
    const letters = m.replace(/[-–.\s]/g, "").toLowerCase();
    return letters[0]!.toUpperCase() + letters.slice(1);
  });
}

/** Words that can be part of a name; titles ("Frau") only at the start, a title form ("Herrn") is dropped. */
function nameWords(
  tokens: Token[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  needCaps: boolean,
): string[] {
  const titles = foldedSet(lexicon.titles);
  const forms = foldedSet(lexicon.titleForms);
  const out: Token[] = [];
  let rest = tokens;
  if (rest[0] !== undefined && forms.has(rest[0].folded)) rest = rest.slice(1);
  for (const t of rest) {
    const f = t.folded;
    const title = out.length === 0 && titles.has(f);
    if (!title && (ctx.reserved.has(f) || f.length < 2)) break;
    if (needCaps && !isCapitalized(t.word)) break;
    out.push(t);
    if (out.length === MAX_NAME_WORDS) break;
  }
  // "Meier, Karl Meier": a name said again in full keeps the full form.
  const last = out.at(-1);
  const again = last === undefined ? -1 : out.findIndex((t) => t.folded === last.folded);
  const kept = again >= 0 && again < out.length - 1 ? out.slice(again + 1) : out;
  if (kept.filter((t) => !titles.has(t.folded)).length === 0) return [];
  const first = kept[0];
  const second = kept[1];
  // "Schuster, Hans": surname first, separated by a comma.
  if (kept.length === 2 && first !== undefined && second !== undefined) {
    const between = text.slice(first.index + first.word.length, second.index);
    if (between.includes(",") && !titles.has(first.folded)) return [second.word, first.word];
  }
  return kept.map((t) => t.word);
}

/** Index of the first token after the phrase, or -1. */
function after(tokens: Token[], phrase: string): number {
  const words = foldPhrase(phrase).split(" ");
  const folded = tokens.map((t) => t.folded);
  for (let i = 0; i + words.length <= folded.length; i++) {
    if (words.every((w, k) => folded[i + k] === w)) return i + words.length;
  }
  return -1;
}

function finish(words: string[]): string | null {
  return words.length === 0 ? null : words.map(capitalize).join(" ");
}

/** The caller's name, or null. Capitalised on the way out so "hans schuster" books as "Hans Schuster". */
export function findName(text: string, lexicon: Lexicon, ctx: NameContext): string | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const hasCaps = /\p{Lu}/u.test(text);
  const found = firstName(text, tokens, lexicon, ctx, hasCaps);
  return found === null ? null : finish(fuller(found, text, lexicon, ctx, hasCaps));
}

function firstName(
  text: string,
  tokens: Token[],
  lexicon: Lexicon,
  ctx: NameContext,
  hasCaps: boolean,
): string[] | null {
  const parts = namedParts(tokens, text, lexicon, ctx, hasCaps);
  if (parts !== null) return parts;

  // "Auf Herrn Schmidt", "für Frau Meier": these words introduce a name only before a title.
  const titled = fromLexicon(lexicon, "titled", (l) => foldedSet([...l.titles, ...l.titleForms]));
  const intros = foldedSet(lexicon.titledIntros);
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!intros.has(tokens[i]?.folded ?? "") || !titled.has(tokens[i + 1]?.folded ?? "")) continue;
    const words = nameWords(tokens.slice(i + 1), text, lexicon, ctx, hasCaps);
    if (words.length > 0) return words;
  }

  const skip = foldedSet(lexicon.nameIntroSkip);
  const nameIntros = fromLexicon(lexicon, "name intros", (l) =>
    [...l.nameIntro].sort((a, b) => b.length - a.length),
  );
  for (const intro of nameIntros) {
    const at = after(tokens, intro);
    if (at < 0) continue;
    // "ich bin noch da" must not give a name "Noch": loose intros need a capitalised name or a name question.
    const loose = foldPhrase(intro) === "ich bin" || foldPhrase(intro) === "name";
    if (loose && !hasCaps && !ctx.expectingName) continue;
    let from = at;
    while (from < tokens.length && skip.has(tokens[from]?.folded ?? "")) from++;
    const words = nameWords(tokens.slice(from), text, lexicon, ctx, hasCaps);
    // After an article only a full name is one: "Ich bin die Petra Lange", not "Ich bin der Meinung".
    if (words.length > (from > at ? 1 : 0)) return words;
  }

  // "Hans Schuster hier." / "Schuster am Apparat" / "Huber mein Name", also as a part of a longer turn.
  const trailers = fromLexicon(lexicon, "name trailers", (l) =>
    [...l.nameTrailers].map((t) => fold(t).split(" ")).sort((a, b) => b.length - a.length),
  );
  for (const sentence of text.split(PART)) {
    const part = tokenize(sentence);
    const words = part.map((t) => t.folded);
    const trailer = trailers.find((t) => words.slice(-t.length).join(" ") === t.join(" "))?.length ?? 0;
    if (trailer === 0) continue;
    const head = part.slice(0, -trailer);
    const name = nameWords(head, sentence, lexicon, ctx, hasCaps);
    if (name.length > 0 && name.length === head.length) return name;
  }

  // A bare name: the whole utterance (after a leading "ja" or "gerne"), or one sentence of it
  // ("Donnerstag passt, den nehme ich. Jürgen Fischer.").
  const whole = bareName(tokens, text, lexicon, ctx, hasCaps, ctx.expectingName);
  if (whole !== null) return whole;
  const sentences = text.split(SENTENCE).filter((p) => p.trim() !== "");
  if (sentences.length < 2) return null;
  for (const sentence of sentences) {
    if (ctx.mentionsTime?.(sentence) === true) continue;
    const words = bareName(tokenize(sentence), sentence, lexicon, ctx, hasCaps, false);
    if (words !== null) return words;
  }
  return null;
}

/** "Vorname Piotr, Nachname Wisniewski": the parts named by their kind, either or both. */
function namedParts(
  tokens: Token[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  hasCaps: boolean,
): string[] | null {
  const lead = foldedSet(lexicon.nameParts.lead);
  const part = (kinds: readonly string[]): string[] => {
    for (const kind of kinds) {
      let at = after(tokens, kind);
      if (at < 0) continue;
      while (at < tokens.length && lead.has(tokens[at]?.folded ?? "")) at++;
      const words = nameWords(tokens.slice(at), text, lexicon, ctx, hasCaps);
      if (words.length > 0) return words;
    }
    return [];
  };
  const words = [...part(lexicon.nameParts.first), ...part(lexicon.nameParts.last)];
  return words.length === 0 ? null : words;
}

/** A name said again in a fuller form elsewhere in the turn ("Schuster hier, Hans Schuster."): that form. */
function fuller(
  found: string[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  hasCaps: boolean,
): string[] {
  const last = fold(found.at(-1) ?? "");
  let best = found;
  for (const part of text.split(PART)) {
    const words = bareName(tokenize(part), part, lexicon, ctx, hasCaps, false);
    if (words !== null && words.length > best.length && fold(words.at(-1) ?? "") === last) best = words;
  }
  return best;
}

function bareName(
  tokens: Token[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  hasCaps: boolean,
  asked: boolean,
): string[] | null {
  const skip = fromLexicon(lexicon, "before a bare name", (l) =>
    foldedSet([...l.yes, ...l.greetings, ...l.nameLeadWords]),
  );
  let start = 0;
  while (start < tokens.length && skip.has(tokens[start]?.folded ?? "")) start++;
  const rest = tokens.slice(start);
  if (rest.length === 0 || rest.length > MAX_NAME_WORDS) return null;
  const words = nameWords(rest, text, lexicon, ctx, hasCaps);
  if (words.length !== rest.length && !(words.length > 0 && repeats(rest))) return null;
  if (asked) return words;
  // Unasked, only "Vorname Nachname" in capitals is clearly a name.
  return words.length >= 2 && rest.every((t) => isCapitalized(t.word)) ? words : null;
}

/** "Meier, Karl Meier": the last word said before. */
function repeats(tokens: readonly Token[]): boolean {
  const last = tokens.at(-1)?.folded ?? "";
  return tokens.slice(0, -1).some((t) => t.folded === last);
}

/**
 * Someone else the booking is for, by name: a possessive and a relation, then the name ("auf den Namen meiner
 * Tochter, Lena Huber", "für meinen Mann, der heißt Peter Huber"). Null when no such person is named.
 */
export function findPerson(text: string, lexicon: Lexicon, ctx: NameContext): string | null {
  const tokens = tokenize(text);
  const hasCaps = /\p{Lu}/u.test(text);
  const possessives = foldedSet(lexicon.person.possessives);
  const relations = foldedSet(lexicon.person.relations);
  const lead = foldedSet(lexicon.person.lead);
  const naming = foldedSet(lexicon.person.naming);
  for (let i = 1; i < tokens.length; i++) {
    const relation = tokens[i];
    if (relation === undefined) continue;
    if (!relations.has(relation.folded) || !possessives.has(tokens[i - 1]?.folded ?? "")) continue;
    let at = i + 1;
    let named = false;
    while (at < tokens.length && lead.has(tokens[at]?.folded ?? "")) {
      named = named || naming.has(tokens[at]?.folded ?? "");
      at++;
    }
    const start = tokens[at];
    // The name follows in the same sentence; in a transcript without capitals only after "heißt"/"namens".
    if (start === undefined || SENTENCE.test(text.slice(relation.index, start.index))) continue;
    if (!hasCaps && !named) continue;
    const words = nameWords(tokens.slice(at), text, lexicon, ctx, hasCaps);
    if (words.length > 0) return finish(fuller(words, text, lexicon, ctx, hasCaps));
  }
  return null;
}
