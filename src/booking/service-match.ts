/**
 * Which service the caller's words name: the one matcher of the tool handlers, the rule model and the call
 * checks. A service is named by its id, name or aliases (from the profile), inflected ("einen
 * Herrenhaarschnitts"), in a compound ("Bartrasur", "Damenfrisur"), as a compound said apart ("Herren
 * Haarschnitt") or without umlauts ("Faerben"). Generic words (a kind of service, who it is for; from
 * `prompts/services.de.yaml`) narrow the profile's services by their names and never guess: when several remain,
 * they are the options to ask about.
 */
import type { BusinessProfile, Service } from "../calendar/profile.ts";
import { loadServiceVocabulary, type ServiceVocabulary } from "./service-vocabulary.ts";

/** What the caller's words say about the service. */
export interface ServiceMatch {
  /** The one service the words name, or null. When several are named explicitly, the first one said. */
  service: Service | null;
  /**
   * Every service named explicitly (id, name, alias, with inflection/compound), distinct, in the order said: two
   * for "Haarschnitt für Herren und danach den Bart". An alias that is only an audience word ("Herren") counts
   * as a name only when nothing else names a service or a kind of service; otherwise it narrows.
   */
  named: Service[];
  /**
   * When generic words fit several services and none is named or narrowed to one: those candidates, so the agent
   * asks which. Else [].
   */
  options: Service[];
  /**
   * A kind of service said beside named ones that none of them is ("Haarschnitt und danach den Bart": the
   * haircuts beside the beard): its candidates, narrowed by who it is for, so the wish is never dropped. Else [].
   */
  also: Service[];
  /** The kind was said before the named services ("Färben und danach föhnen"), so it comes first. */
  alsoFirst: boolean;
  /** The service or options come only from who it is for ("für meine Tochter"), no service or kind was named. */
  byAudience: boolean;
}

// Bounds at the edge: a caller's turn or a model's argument, never a document.
const MAX_TEXT = 2000;
/** Longer words are not split into compounds (the splitting is quadratic in the word's length). */
const MAX_COMPOUND = 40;
/** A compound's known first part ("Bart|rasur") and the rest need this many letters, so endings are no rest. */
const MIN_PART = 4;
/** A compound's unknown first part before a known last one ("Nass|rasur", "Kurz|haarschnitt"). */
const MIN_MODIFIER = 3;
/** A long compound said apart ("Herren Haarschnitt") spans at most this many words... */
const MAX_APART = 3;
/** ...and only long words are matched that way, so short words said in a row are not read as one. */
const MIN_APART = 8;

/** A word sequence the matcher knows, with everything it means. */
interface Phrase {
  words: string[];
  chars: number;
  /** Services with this id, name or alias. */
  services: Service[];
  /** Indexes into the vocabulary's families and audiences. */
  families: number[];
  audiences: number[];
}

/** The matcher for one profile, built once. */
interface Index {
  byFirst: Map<string, Phrase[]>;
  /** One-word phrases, for compounds. */
  single: Map<string, Phrase>;
  endings: readonly string[];
  /** Folded words that refuse the kind said after them. */
  negations: ReadonlySet<string>;
  spell: (text: string) => string;
  /** Per family and audience: the profile's services whose names contain one of its fragments. */
  familyServices: Service[][];
  audienceServices: Service[][];
  /** Folded words of every service term and one-word family cue, with and without umlauts. */
  words: Set<string>;
}

/** Lower case, apostrophes dropped, every other non-letter/digit a break (as the rule model's `fold`). */
function plainWords(text: string): string[] {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/['’`´]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

function speller(spellings: ServiceVocabulary["spellings"]): (text: string) => string {
  const keys = Object.keys(spellings);
  if (keys.length === 0) return (text) => text;
  const pattern = new RegExp(`[${keys.map((k) => k.replace(/[\\\]^-]/g, "\\$&")).join("")}]`, "gu");
  return (text) => text.replace(pattern, (ch) => spellings[ch] ?? ch);
}

const indexCache = new WeakMap<BusinessProfile, Index>();

function indexOf(profile: BusinessProfile): Index {
  const hit = indexCache.get(profile);
  if (hit !== undefined) return hit;
  const vocabulary = loadServiceVocabulary();
  const spell = speller(vocabulary.spellings);
  const norm = (text: string) => plainWords(text).map(spell);
  const phrases = new Map<string, Phrase>();
  const words = new Set<string>();
  const phraseOf = (text: string): Phrase | undefined => {
    const ws = norm(text);
    if (ws.length === 0) return undefined;
    const key = ws.join(" ");
    let p = phrases.get(key);
    if (p === undefined) {
      p = { words: ws, chars: key.length, services: [], families: [], audiences: [] };
      phrases.set(key, p);
    }
    return p;
  };
  const remember = (text: string) => {
    for (const w of plainWords(text)) words.add(w).add(spell(w));
  };

  for (const s of profile.services) {
    for (const term of [s.id, s.name, ...s.aliases]) {
      const p = phraseOf(term);
      if (p !== undefined && !p.services.includes(s)) p.services.push(s);
      remember(term);
    }
  }
  const byName = (fragments: string[]) => {
    const fs = fragments.map((f) => norm(f).join(" "));
    // Names only: an alias like "Bart schneiden" does not make the beard a haircut.
    return profile.services.filter((s) => {
      const name = norm(s.name).join(" ");
      return fs.some((f) => f !== "" && name.includes(f));
    });
  };
  const familyServices = vocabulary.families.map((family, i) => {
    for (const cue of family.cues) {
      phraseOf(cue)?.families.push(i);
      if (plainWords(cue).length === 1) remember(cue);
    }
    return byName(family.match);
  });
  const audienceServices = vocabulary.audiences.map((audience, i) => {
    for (const cue of audience.cues) phraseOf(cue)?.audiences.push(i);
    return byName(audience.match);
  });

  const byFirst = new Map<string, Phrase[]>();
  const single = new Map<string, Phrase>();
  for (const p of phrases.values()) {
    const first = p.words[0] ?? "";
    byFirst.set(first, [...(byFirst.get(first) ?? []), p]);
    if (p.words.length === 1) single.set(first, p);
  }
  const index: Index = {
    byFirst,
    single,
    endings: vocabulary.endings,
    negations: new Set(vocabulary.negations.map((w) => spell(w.toLowerCase()))),
    spell,
    familyServices,
    audienceServices,
    words,
  };
  indexCache.set(profile, index);
  return index;
}

/** The word and the word without each ending it may carry ("haarschnitts" -> "haarschnitt"). */
function stems(word: string, index: Index): string[] {
  const out = [word];
  for (const e of index.endings) {
    if (word.length > e.length + 2 && word.endsWith(e)) out.push(word.slice(0, -e.length));
  }
  return out;
}

function fits(said: string, word: string, index: Index): boolean {
  return (
    said === word ||
    (said.length > word.length && said.startsWith(word) && index.endings.includes(said.slice(word.length)))
  );
}

function knownWord(word: string, index: Index): boolean {
  return stems(word, index).some((s) => index.byFirst.has(s));
}

/**
 * An unknown word split in two where one part is known: a known first part ("Damen|frisur", "Bart|rasur") or,
 * failing that, a known last part, the head of a German compound ("Kurz|haarschnitt", "Nach|färben").
 */
function splitCompound(word: string, index: Index): string[] {
  if (word.length > MAX_COMPOUND) return [word];
  for (let k = word.length - MIN_PART; k >= MIN_PART; k--) {
    if (index.byFirst.has(word.slice(0, k))) return [word.slice(0, k), word.slice(k)];
  }
  for (let k = MIN_MODIFIER; k <= word.length - MIN_PART; k++) {
    if (stems(word.slice(k), index).some((s) => index.single.has(s)))
      return [word.slice(0, k), word.slice(k)];
  }
  return [word];
}

/**
 * The longest phrase of the kind `wanted` said at word `i`, with the number of words it spans. Words already
 * read are "" and match nothing.
 */
function longestAt(
  said: readonly string[],
  i: number,
  index: Index,
  wanted: (p: Phrase) => boolean,
): { phrase: Phrase; span: number } | null {
  let best: { phrase: Phrase; span: number } | null = null;
  const consider = (phrase: Phrase, span: number) => {
    if (!wanted(phrase)) return;
    if (best === null || span > best.span || (span === best.span && phrase.chars > best.phrase.chars))
      best = { phrase, span };
  };
  const word = said[i] ?? "";
  if (word === "") return null;
  for (const stem of stems(word, index)) {
    for (const p of index.byFirst.get(stem) ?? []) {
      if (p.words.every((w, k) => fits(said[i + k] ?? "", w, index))) consider(p, p.words.length);
    }
  }
  let joined = word;
  for (let n = 2; n <= MAX_APART && i + n <= said.length; n++) {
    const next = said[i + n - 1] ?? "";
    if (next === "") break;
    joined += next;
    for (const stem of stems(joined, index)) {
      const p = index.single.get(stem);
      if (p !== undefined && stem.length >= MIN_APART) consider(p, n);
    }
  }
  return best;
}

/** A phrase found in the caller's words, at the index of its first word. */
type Taken = Phrase & { at: number };

/**
 * The phrases of the kind `wanted` in the words, longest first at each word, in the order said. The words they
 * span are blanked, so a later pass reads only what is left.
 */
function take(said: string[], index: Index, wanted: (p: Phrase) => boolean): Taken[] {
  const found: Taken[] = [];
  for (let i = 0; i < said.length; i++) {
    const hit = longestAt(said, i, index, wanted);
    if (hit === null) continue;
    found.push({ ...hit.phrase, at: i });
    said.fill("", i, i + hit.span);
    i += hit.span - 1;
  }
  return found;
}

function addDistinct(list: Service[], services: readonly Service[]): void {
  for (const s of services) if (!list.includes(s)) list.push(s);
}

/** Finds the service the caller's words name; see `ServiceMatch`. */
export function matchService(text: string, profile: BusinessProfile): ServiceMatch {
  const index = indexOf(profile);
  const said = plainWords(text.slice(0, MAX_TEXT))
    .map(index.spell)
    .flatMap((w) => (knownWord(w, index) ? [w] : splitCompound(w, index)));

  // Service names first, so a generic phrase cannot take a word a name needs: in "Haare schneiden und föhnen"
  // the alias "Schneiden und Föhnen" wins over "Haare schneiden".
  const words = [...said];
  const terms = take(said, index, (p) => p.services.length > 0);
  const cues = take(said, index, (p) => p.families.length > 0 || p.audiences.length > 0);
  const named: Service[] = [];
  const audienceNames: Service[] = [];
  const generic = new Set<Service>();
  const audience = new Set<Service>();
  /** Services a kind word said on its own fits ("Haarschnitt", not the alias "Bart" that is also a kind). */
  const kinds = new Set<Service>();
  let kindAt = Number.POSITIVE_INFINITY;
  let namedAt = Number.POSITIVE_INFINITY;
  for (const { services, families, audiences, at } of [...terms, ...cues]) {
    // "keinen Haarschnitt": a refused kind is no wish.
    const refused = index.negations.has(words[at - 1] ?? "") || index.negations.has(words[at - 2] ?? "");
    if (services.length === 0 && families.length > 0 && !refused) {
      kindAt = Math.min(kindAt, at);
      for (const f of families) for (const s of index.familyServices[f] ?? []) kinds.add(s);
    }
    if (services.length === 1 && audiences.length === 0) namedAt = Math.min(namedAt, at);
    // One alias shared by several services names none of them: it is as generic as a family word.
    if (services.length > 1) for (const s of services) generic.add(s);
    else if (audiences.length > 0) addDistinct(audienceNames, services);
    else addDistinct(named, services);
    for (const f of families) for (const s of index.familyServices[f] ?? []) generic.add(s);
    for (const a of audiences) for (const s of index.audienceServices[a] ?? []) audience.add(s);
  }

  if (named.length > 0) {
    const kind = [...kinds].filter((s) => !audienceNames.includes(s));
    const narrowed = kind.filter((s) => audience.has(s));
    const also = kind.some((s) => named.includes(s)) ? [] : narrowed.length > 0 ? narrowed : kind;
    return {
      service: named[0] ?? null,
      named,
      options: [],
      also: profile.services.filter((s) => also.includes(s)),
      alsoFirst: kindAt < namedAt,
      byAudience: false,
    };
  }
  const none: ServiceMatch = {
    service: null,
    named: [],
    options: [],
    also: [],
    alsoFirst: false,
    byAudience: false,
  };
  if (generic.size > 0) {
    const narrowed = [...generic].filter((s) => audience.has(s));
    return narrowedTo(profile, narrowed.length > 0 ? narrowed : [...generic], none, false);
  }
  if (audienceNames.length > 0)
    return {
      service: audienceNames[0] ?? null,
      named: audienceNames,
      options: [],
      also: [],
      alsoFirst: false,
      byAudience: true,
    };
  return narrowedTo(profile, [...audience], none, true);
}

/** One candidate is the service; several are options, in the profile's order. */
function narrowedTo(
  profile: BusinessProfile,
  candidates: Service[],
  none: ServiceMatch,
  byAudience: boolean,
): ServiceMatch {
  if (candidates.length === 0) return none;
  if (candidates.length === 1)
    return { service: candidates[0] ?? null, named: [], options: [], also: [], alsoFirst: false, byAudience };
  return {
    service: null,
    named: [],
    options: profile.services.filter((s) => candidates.includes(s)),
    also: [],
    alsoFirst: false,
    byAudience,
  };
}

/** Every folded word that names a service (so such words are never taken for a person's name). */
export function serviceWords(profile: BusinessProfile): Set<string> {
  return new Set(indexOf(profile).words);
}
