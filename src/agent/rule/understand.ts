/**
 * One caller utterance -> the facts in it: service, name, day and time (via `src/time/resolve`), yes/no, a pick
 * among offered options, intents (cancel, reschedule, look up, end) and rule breaking (injection, insults).
 * Pure and context-light: what the facts mean for the dialogue is the policy's business.
 */
import type { BusinessProfile } from "../../calendar/profile.ts";
import { resolve } from "../../time/resolve.ts";
import type { ChoiceHints } from "./choice.ts";
import {
  escapeRegExp,
  findPhrase,
  fold,
  hasPhrase,
  type Lexicon,
  loadLexicon,
  withoutPhrases,
} from "./lexicon.ts";
import { findName } from "./names.ts";
import { matchServices, serviceWords } from "./services.ts";

/** Day and time as the caller said them (passed to the tools verbatim) and as resolved. */
export interface When {
  /** The caller's words for the day ("morgen", "am Montag"), or null. */
  day: string | null;
  /** The caller's words for the time ("um zehn Uhr") or the daypart ("nachmittags"), or null. */
  time: string | null;
  /** Resolved local `YYYY-MM-DD`. */
  date: string | null;
  /** Resolved local `HH:MM`. */
  clock: string | null;
  /** The day follows "auf"/"nach": the NEW day of a booking being moved. */
  targetDay: boolean;
}

/** Everything understood in one utterance. */
export interface Understanding {
  text: string;
  yes: boolean;
  no: boolean;
  /** Service id when one is clearly meant. */
  service: string | null;
  /** Service ids when generic words fit several. */
  serviceOptions: string[];
  name: string | null;
  when: When | null;
  /** Hints for picking one of the options just read out. */
  choice: ChoiceHints;
  intent: "cancel" | "reschedule" | "lookup" | null;
  end: boolean;
  thanks: boolean;
  /** Clearly asks for one more booking ("noch einen Termin"). */
  another: boolean;
  /** "nochmal": try again. */
  again: boolean;
  /** Asks for an appointment without details ("Ich hätte gern einen Termin"). */
  wish: boolean;
  injection: boolean;
  manyBookings: boolean;
  abuse: boolean;
  /** Line check or filler ("Hallo?", "ähm"). */
  filler: boolean;
  /** Anything at all was understood. */
  understood: boolean;
}

/** What understanding needs besides the words. */
export interface UnderstandContext {
  profile: BusinessProfile;
  /** The call's clock, ISO. */
  now: string;
  /** The model just asked for the caller's name. */
  expectingName?: boolean;
  lexicon?: Lexicon;
}

/** The text without greetings, so "Guten Morgen" is not read as tomorrow. */
function withoutGreetings(text: string, lexicon: Lexicon): string {
  let out = text;
  for (const g of [...lexicon.greetings].sort((a, b) => b.length - a.length)) {
    const words = g.split(/\s+/).map(escapeRegExp).join("[\\s,]+");
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, "giu"), " ");
  }
  return out;
}

/**
 * Drops clauses the caller negates ("nicht morgen, übermorgen"; "Montag geht nicht, lieber Dienstag") so the
 * day that is meant remains. A single clause is only dropped when it is a refusal ("Dienstag geht nicht").
 */
function affirmedText(text: string, lexicon: Lexicon): string {
  const breaks = lexicon.clauseBreaks.map(escapeRegExp).join("|");
  const clauses = text.split(new RegExp(breaks, "i")).filter((c) => c.trim() !== "");
  const negations = lexicon.negations;
  const negated = (c: string) => negations.some((n) => hasPhrase(fold(c), n));
  if (clauses.length <= 1) return findPhrase(fold(text), lexicon.no) !== null && negated(text) ? "" : text;
  return clauses.filter((c) => !negated(c)).join(", ");
}

function readWhen(
  text: string,
  ctx: UnderstandContext,
  lexicon: Lexicon,
): { when: When | null; ordinalDay: boolean } {
  const cleaned = affirmedText(withoutGreetings(text, lexicon), lexicon);
  if (cleaned.trim() === "") return { when: null, ordinalDay: false };
  const r = resolve(cleaned, { now: ctx.now, zone: ctx.profile.timezone });
  const dayWords = r.matched.day;
  const timeWords = r.matched.time ?? (r.window !== null ? r.daypart : null);
  if (dayWords === null && timeWords === null) return { when: null, ordinalDay: false };
  // "den ersten" is a day of the month only when nothing else is said with it; it may also be a pick.
  const articles = new Set(["den", "der", "die", "dem", "am", "das"]);
  const dayRest =
    dayWords === null
      ? []
      : fold(dayWords)
          .split(" ")
          .filter((w) => !articles.has(w));
  const ordinalDay = dayRest.length === 1 && lexicon.ordinals[dayRest[0] ?? ""] !== undefined;
  let targetDay = false;
  if (dayWords !== null) {
    const before =
      fold(cleaned.slice(0, Math.max(0, cleaned.indexOf(dayWords))))
        .split(" ")
        .at(-1) ?? "";
    targetDay = lexicon.targetDayMarkers.map(fold).includes(before);
  }
  return {
    when: { day: dayWords, time: timeWords, date: r.date, clock: r.time, targetDay },
    ordinalDay,
  };
}

function manyBookings(folded: string, lexicon: Lexicon): boolean {
  const words = folded.split(" ");
  const numbers = new Set(lexicon.manyBookings.numbers.map(fold));
  const nouns = new Set(lexicon.manyBookings.nouns.map(fold));
  return words.some((w, i) => numbers.has(w) && nouns.has(words[i + 1] ?? ""));
}

const reservedCache = new WeakMap<BusinessProfile, Set<string>>();

function reservedWords(profile: BusinessProfile, lexicon: Lexicon): Set<string> {
  const hit = reservedCache.get(profile);
  if (hit !== undefined) return hit;
  const lists = [
    lexicon.notName,
    lexicon.yes,
    lexicon.no,
    lexicon.filler,
    lexicon.greetings,
    lexicon.earlier,
  ];
  const words = new Set([...serviceWords(profile), ...Object.keys(lexicon.ordinals), ...lexicon.later]);
  for (const list of lists) for (const p of list) for (const w of fold(p).split(" ")) words.add(w);
  reservedCache.set(profile, words);
  return words;
}

/** Reads one caller utterance. */
export function understand(text: string, ctx: UnderstandContext): Understanding {
  const lexicon = ctx.lexicon ?? loadLexicon();
  const folded = fold(text);
  const no = findPhrase(folded, lexicon.no) !== null;
  const yes =
    !no && findPhrase(withoutPhrases(folded, [...lexicon.no, ...lexicon.wishes]), lexicon.yes) !== null;
  const services = matchServices(text, ctx.profile, lexicon);
  const { when, ordinalDay } = readWhen(text, ctx, lexicon);
  const expectingName = ctx.expectingName ?? false;
  const mentionsTime = (part: string) => {
    const r = resolve(part, { now: ctx.now, zone: ctx.profile.timezone });
    return r.date !== null || r.time !== null || r.window !== null;
  };
  const name = findName(text, lexicon, {
    // With a day in the turn, one-word answers are not names ("Dienstag").
    expectingName: expectingName && when === null,
    reserved: reservedWords(ctx.profile, lexicon),
    mentionsTime,
  });

  const words = folded.split(" ");
  const ordinalWord = words.find((w) => lexicon.ordinals[w] !== undefined);
  const dayNamesMore = when?.day != null && !ordinalDay;
  const ordinal = ordinalWord === undefined || dayNamesMore ? null : (lexicon.ordinals[ordinalWord] ?? null);
  const relative = words.some((w) => lexicon.earlier.map(fold).includes(w))
    ? "earlier"
    : words.some((w) => lexicon.later.map(fold).includes(w))
      ? "later"
      : null;
  const choice: ChoiceHints = {
    ordinal,
    relative,
    date: ordinalDay ? null : (when?.date ?? null),
    time: when?.clock ?? null,
    pointing: yes || lexicon.pointers.some((p) => hasPhrase(folded, p)),
  };

  const i = lexicon.intents;
  const cancel = findPhrase(folded, i.cancel) !== null;
  const reschedule = findPhrase(folded, i.reschedule) !== null;
  const lookup = findPhrase(folded, i.lookup) !== null;
  const intent = reschedule ? "reschedule" : cancel ? "cancel" : lookup ? "lookup" : null;
  const end = findPhrase(folded, i.end) !== null;
  const thanks = findPhrase(folded, i.thanks) !== null;
  const another = findPhrase(folded, i.another) !== null;
  const again = findPhrase(folded, i.again) !== null;
  const wish = findPhrase(folded, i.booking) !== null;
  const injection = findPhrase(folded, lexicon.injection) !== null;
  const many = intent === null && manyBookings(folded, lexicon);
  const abuse = findPhrase(folded, lexicon.abuse) !== null;
  const filler = findPhrase(folded, lexicon.filler) !== null;

  const understood =
    yes ||
    no ||
    services.service !== null ||
    services.options.length > 0 ||
    name !== null ||
    when !== null ||
    ordinal !== null ||
    relative !== null ||
    intent !== null ||
    end ||
    thanks ||
    another ||
    again ||
    wish ||
    injection ||
    many ||
    abuse;

  return {
    text,
    yes,
    no,
    service: services.service,
    serviceOptions: services.options,
    name,
    when,
    choice,
    intent,
    end,
    thanks,
    another,
    again,
    wish,
    injection,
    manyBookings: many,
    abuse,
    filler,
    understood,
  };
}
