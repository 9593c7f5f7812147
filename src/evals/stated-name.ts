/**
 * The names a caller states in one line, for invariant 8 ("what is booked is what the caller chose"). A simple
 * reading, independent of the rule model's: "auf den Namen (meiner Tochter,) X", "für meinen Sohn, X",
 * "meine Tochter heißt X", "Mein Name ist X", "Hier ist X", "Ich bin X", "X hier", and a clause that is only a
 * name ("Hans Schuster."). The rule model's `findName` misses "auf den Namen meiner Tochter, Lena Huber"; a
 * checker that read names with it would pass the very booking it must catch.
 */
import { findMentions } from "../time/resolve.ts";
import {
  BOOKING_NAME_INTROS,
  FIRST_NAME_LABELS,
  LAST_NAME_LABELS,
  LEAD_WORDS,
  NAME_TRAILERS,
  NOT_NAME,
  OTHER_NAME_VERBS,
  POSSESSIVES,
  RELATIONS,
  SELF_NAME_INTROS,
  TITLES,
} from "./name-words.de.ts";

/** A name the caller said, and whether it is the name to book under or the caller introducing themselves. */
export interface StatedName {
  name: string;
  /**
   * `booking`: said for the appointment ("auf den Namen X", "für meine Tochter, X", a bare "X" answering the name
   * question); `self`: the caller introducing themselves ("Mein Name ist X", "Hier ist X", "X hier").
   */
  kind: "booking" | "self";
}

/**
 * A line is a sentence or two; of a longer one only the end is read (bounds at the edge), as `resolve` does: the
 * last name said is the one that counts.
 */
const MAX_LINE = 2_000;
const MAX_NAME_WORDS = 3;

interface Token {
  text: string;
  folded: string;
  kind: "word" | "number" | "punct";
}

const TOKEN = /(\p{L}[\p{L}'’-]*)|(\p{N}+)|([,.;:!?])/gu;

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.slice(-MAX_LINE).normalize("NFC").matchAll(TOKEN)) {
    const text = m[0];
    const kind = m[1] !== undefined ? "word" : m[2] !== undefined ? "number" : "punct";
    out.push({ text, folded: text.toLowerCase().replace(/['’]/g, ""), kind });
  }
  return out;
}

const set = (words: readonly string[]): ReadonlySet<string> => new Set(words);
const TITLE = set(TITLES);
const POSSESSIVE = set(POSSESSIVES);
const RELATION = set(RELATIONS);
const LEAD = set(LEAD_WORDS);
const phrases = (list: readonly string[]): string[][] =>
  [...list].map((p) => p.split(" ")).sort((a, b) => b.length - a.length);
const BOOKING_INTROS = phrases(BOOKING_NAME_INTROS);
const SELF_INTROS = phrases(SELF_NAME_INTROS);
const TRAILERS = phrases(NAME_TRAILERS);
const OTHER_VERBS = set(OTHER_NAME_VERBS);
const FIRST_LABELS = phrases(FIRST_NAME_LABELS);
const LAST_LABELS = phrases(LAST_NAME_LABELS);
/** A word spelled letter by letter: "W-I-S-N-I-E-W-S-K-I". */
const SPELLED = /^\p{L}(?:-\p{L}){2,}$/u;

/** What a name word may not be: the fixed list and the business's service words. */
export interface NameReading {
  /** Folded words that are never a name (e.g. `serviceWords(profile)`), on top of the built-in list. */
  reserved: ReadonlySet<string>;
}

class Reader {
  private readonly notName: ReadonlySet<string>;
  /** In a line without capitals (a lower-case speech-to-text), name words need not be capitalised. */
  private readonly anyCase: boolean;

  constructor(
    private readonly tokens: Token[],
    reading: NameReading,
    line: string,
  ) {
    this.notName = new Set([...NOT_NAME, ...reading.reserved]);
    this.anyCase = !/\p{Lu}/u.test(line);
  }

  /** Whether the words of the phrase stand at `at`. */
  startsWith(at: number, words: readonly string[]): boolean {
    return words.every((w, k) => this.tokens[at + k]?.kind === "word" && this.tokens[at + k]?.folded === w);
  }

  /** "meiner Tochter" or "meines Sohnes", with the comma after it: the index after them, else `at`. */
  afterRelation(at: number): number {
    const [p, r] = [this.tokens[at], this.tokens[at + 1]];
    if (p === undefined || r === undefined || !POSSESSIVE.has(p.folded) || !RELATION.has(r.folded)) return at;
    return this.tokens[at + 2]?.text === "," ? at + 3 : at + 2;
  }

  private isNameWord(t: Token | undefined): t is Token {
    if (t?.kind !== "word" || t.folded.length < 2) return false;
    if (this.notName.has(t.folded) || RELATION.has(t.folded) || POSSESSIVE.has(t.folded)) return false;
    return this.anyCase || /^\p{Lu}/u.test(t.text);
  }

  /** A name part after a label: a spelled word ("W-I-S-...", joined and capitalised) or a name; else null. */
  partAt(at: number): { words: string[]; end: number } | null {
    const t = this.tokens[at];
    if (t?.kind === "word" && SPELLED.test(t.text)) {
      const joined = t.text.replace(/-/g, "").toLowerCase();
      return { words: [joined.charAt(0).toUpperCase() + joined.slice(1)], end: at + 1 };
    }
    const name = this.nameAt(at);
    return name === null ? null : { words: name.words, end: name.end };
  }

  /** The name (an optional title and one to three name words) starting at `at`, and the index after it. */
  nameAt(at: number): { words: string[]; plain: number; end: number } | null {
    const words: string[] = [];
    let k = at;
    const first = this.tokens[k];
    if (first?.kind === "word" && TITLE.has(first.folded) && (this.anyCase || /^\p{Lu}/u.test(first.text))) {
      words.push(first.text);
      k++;
      if (this.tokens[k]?.text === ".") k++;
    }
    let plain = 0;
    while (plain < MAX_NAME_WORDS && this.isNameWord(this.tokens[k])) {
      words.push(this.tokens[k]?.text ?? "");
      plain++;
      k++;
    }
    return plain === 0 ? null : { words, plain, end: k };
  }
}

/** Every name stated in the line, in the order said. */
export function statedNames(line: string, reading: NameReading): StatedName[] {
  const tokens = tokenize(line);
  const r = new Reader(tokens, reading, line);
  const found: { at: number; end: number; name: StatedName }[] = [];
  const add = (at: number, end: number, words: string[], kind: StatedName["kind"]) =>
    found.push({ at, end, name: { name: words.join(" "), kind } });

  // Introduced names.
  for (let i = 0; i < tokens.length; i++) {
    // "Vorname Piotr, Nachname W-I-S-N-I-E-W-S-K-I": the parts joined, either label alone its part.
    const firstLabel = FIRST_LABELS.find((p) => r.startsWith(i, p));
    const lastLabel = LAST_LABELS.find((p) => r.startsWith(i, p));
    if (firstLabel !== undefined || lastLabel !== undefined) {
      const first = firstLabel === undefined ? null : r.partAt(i + firstLabel.length);
      let k = first?.end ?? i + (lastLabel?.length ?? 0);
      if (first !== null && tokens[k]?.kind === "punct") k++;
      if (first !== null && tokens[k]?.folded === "und") k++;
      const label = firstLabel === undefined ? lastLabel : LAST_LABELS.find((p) => r.startsWith(k, p));
      const last = label === undefined ? null : r.partAt(firstLabel === undefined ? k : k + label.length);
      const words = [...(first?.words ?? []), ...(last?.words ?? [])];
      const end = last?.end ?? first?.end;
      if (words.length > 0 && end !== undefined) {
        add(i, end, words, "booking");
        i = end - 1;
      }
      continue;
    }
    const booking = BOOKING_INTROS.find((p) => r.startsWith(i, p));
    if (booking !== undefined) {
      const name = r.nameAt(r.afterRelation(i + booking.length));
      if (name !== null) {
        add(i, name.end, name.words, "booking");
        i = name.end - 1;
      }
      continue;
    }
    const self = SELF_INTROS.find((p) => r.startsWith(i, p));
    if (self !== undefined) {
      const name = r.nameAt(i + self.length);
      if (name !== null) {
        add(i, name.end, name.words, "self");
        i = name.end - 1;
      }
      continue;
    }
    const t = tokens[i];
    // "für meine Tochter, Lena Huber", "für Frau Meier": only with a relation or a title, so "für Herren" is none.
    if (t?.folded === "für") {
      const after = r.afterRelation(i + 1);
      const titled = TITLE.has(tokens[i + 1]?.folded ?? "");
      const name = after > i + 1 || titled ? r.nameAt(after) : null;
      if (name !== null) {
        add(i, name.end, name.words, "booking");
        i = name.end - 1;
      }
      continue;
    }
    if (t !== undefined && OTHER_VERBS.has(t.folded)) {
      const name = r.nameAt(i + 1);
      if (name !== null) {
        add(i, name.end, name.words, "booking");
        i = name.end - 1;
      }
    }
  }

  // Clauses that are only a name ("Hans Schuster.", "Ja, Eva Brandt") or a name and a trailer ("Schuster hier").
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const t = tokens[i];
    if (t !== undefined && t.kind !== "punct") continue;
    // "Dr. Meier": the title's dot does not end the clause.
    if (t?.text === "." && TITLE.has(tokens[i - 1]?.folded ?? "")) continue;
    const clause = start;
    start = i + 1;
    if (found.some((f) => f.at < i && f.end > clause)) continue;
    let from = clause;
    while (from < i && LEAD.has(tokens[from]?.folded ?? "")) from++;
    const name = r.nameAt(from);
    if (name === null) continue;
    const text = tokens
      .slice(from, i)
      .map((x) => x.text)
      .join(" ");
    if (findMentions(text).length > 0) continue;
    // A bare name needs capitals and two words or a title: one plain word is too often something else
    // ("Genau.", "Schade."), and in a line without capitals every word would pass.
    const bare = name.end === i && (name.plain >= 2 || name.words.length > name.plain);
    if (bare && /\p{Lu}/u.test(line)) {
      add(from, i, name.words, "booking");
      continue;
    }
    const trailer = TRAILERS.find((p) => name.end + p.length === i && r.startsWith(name.end, p));
    if (trailer !== undefined) add(from, i, name.words, "self");
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.name);
}

/** A name as compared: case, spacing, punctuation and titles ("Frau", "Dr.") do not matter. */
export function nameKey(name: string): string {
  return tokenize(name)
    .filter((t) => t.kind === "word" && !TITLE.has(t.folded))
    .map((t) => t.folded)
    .join(" ");
}
