/**
 * A person's name in what the caller said: "Mein Name ist Eva Brandt", "Ich heiße ...", "Hier ist Frau Meier",
 * "Schuster, Hans", "Hans Schuster hier", or a bare "Hans Schuster." (as the answer to a name question).
 */
import { fold, type Lexicon } from "./lexicon.ts";

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
}

const WORD = /\p{L}[\p{L}'’-]*/gu;
const MAX_NAME_WORDS = 3;

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ word: m[0], index: m.index ?? 0 }));
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

/** Words that can be part of a name; titles ("Frau") only at the start. */
function nameWords(
  tokens: Token[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  needCaps: boolean,
): string[] {
  const titles = new Set(lexicon.titles.map(fold));
  const out: Token[] = [];
  for (const t of tokens) {
    const f = fold(t.word);
    const title = out.length === 0 && titles.has(f);
    if (!title && (ctx.reserved.has(f) || f.length < 2)) break;
    if (needCaps && !isCapitalized(t.word)) break;
    out.push(t);
    if (out.length === MAX_NAME_WORDS) break;
  }
  if (out.filter((t) => !titles.has(fold(t.word))).length === 0) return [];
  const first = out[0];
  const second = out[1];
  // "Schuster, Hans": surname first, separated by a comma.
  if (out.length === 2 && first !== undefined && second !== undefined) {
    const between = text.slice(first.index + first.word.length, second.index);
    if (between.includes(",") && !titles.has(fold(first.word))) return [second.word, first.word];
  }
  return out.map((t) => t.word);
}

/** Index of the first token after the intro phrase, or -1. */
function afterIntro(tokens: Token[], intro: string): number {
  const words = fold(intro).split(" ");
  const folded = tokens.map((t) => fold(t.word));
  for (let i = 0; i + words.length <= folded.length; i++) {
    if (words.every((w, k) => folded[i + k] === w)) return i + words.length;
  }
  return -1;
}

/** The caller's name, or null. Capitalised on the way out so "hans schuster" books as "Hans Schuster". */
export function findName(text: string, lexicon: Lexicon, ctx: NameContext): string | null {
  const tokens = tokenize(text);
  if (tokens.length === 0) return null;
  const hasCaps = /\p{Lu}/u.test(text);
  const finish = (words: string[]) => (words.length === 0 ? null : words.map(capitalize).join(" "));

  const intros = [...lexicon.nameIntro].sort((a, b) => b.length - a.length);
  for (const intro of intros) {
    const at = afterIntro(tokens, intro);
    if (at < 0) continue;
    // "ich bin noch da" must not give a name "Noch": loose intros need a capitalised name or a name question.
    const loose = fold(intro) === "ich bin" || fold(intro) === "name";
    if (loose && !hasCaps && !ctx.expectingName) continue;
    const name = finish(nameWords(tokens.slice(at), text, lexicon, ctx, hasCaps));
    if (name !== null) return name;
  }

  // "Hans Schuster hier." / "Schuster am Apparat", also as the first sentence of a longer turn.
  for (const sentence of text.split(/[.!?;,]/)) {
    const part = tokenize(sentence);
    const words = part.map((t) => fold(t.word));
    const trailer =
      lexicon.nameTrailers
        .map((t) => fold(t).split(" "))
        .find((t) => words.slice(-t.length).join(" ") === t.join(" "))?.length ?? 0;
    if (trailer === 0) continue;
    const head = part.slice(0, -trailer);
    const name = nameWords(head, sentence, lexicon, ctx, hasCaps);
    if (name.length > 0 && name.length === head.length) return finish(name);
  }

  // A bare name: the whole utterance (after a leading "ja" or "gerne"), or one sentence of it
  // ("Donnerstag passt, den nehme ich. Jürgen Fischer.").
  const whole = bareName(tokens, text, lexicon, ctx, hasCaps, ctx.expectingName);
  if (whole !== null) return finish(whole);
  const parts = text.split(/[.!?;]/).filter((p) => p.trim() !== "");
  if (parts.length < 2) return null;
  for (const part of parts) {
    if (ctx.mentionsTime?.(part) === true) continue;
    const words = bareName(tokenize(part), part, lexicon, ctx, hasCaps, false);
    if (words !== null) return finish(words);
  }
  return null;
}

function bareName(
  tokens: Token[],
  text: string,
  lexicon: Lexicon,
  ctx: NameContext,
  hasCaps: boolean,
  asked: boolean,
): string[] | null {
  const skip = new Set([...lexicon.yes, ...lexicon.greetings, ...lexicon.nameLeadWords].map(fold));
  let start = 0;
  while (start < tokens.length && skip.has(fold(tokens[start]?.word ?? ""))) start++;
  const rest = tokens.slice(start);
  if (rest.length === 0 || rest.length > MAX_NAME_WORDS) return null;
  const words = nameWords(rest, text, lexicon, ctx, hasCaps);
  if (words.length !== rest.length) return null;
  if (asked) return words;
  // Unasked, only "Vorname Nachname" in capitals is clearly a name.
  return rest.length >= 2 && rest.every((t) => isCapitalized(t.word)) ? words : null;
}
