/**
 * One caller utterance -> the facts in it: service, name, day and time (via `src/time/resolve`), yes/no, a pick
 * among offered options, intents (cancel, reschedule, look up, end) and rule breaking (injection, insults).
 * Pure and context-light: what the facts mean for the dialogue is the policy's business.
 */
import { matchService, serviceWords } from "../../booking/service-match.ts";
import type { BusinessProfile } from "../../calendar/profile.ts";
import { findMentions, resolve } from "../../time/resolve.ts";
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

/** Day and time as the caller said them (passed to the tools verbatim) and as resolved. */
export interface When {
  /** The caller's words for the day ("morgen", "am Montag"), or null; `YYYY-MM-DD` when the words alone mislead. */
  day: string | null;
  /**
   * The caller's words for the time ("um zehn Uhr") or the daypart ("nachmittags"), or null; `HH:MM` when the
   * words alone mislead ("früh ... um halb sieben").
   */
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
  /** Hesitates ("ich bin mir nicht sicher", "aber erst muss ich fragen"): neither yes nor no. */
  unsure: boolean;
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
 * Drops the day and time mentions the caller negates, so the one that is meant remains: a negation drops the
 * mentions after it in its clause ("nicht morgen, übermorgen"; "am Dienstag nicht um 9, lieber um 10"), or those
 * before it when none follows ("Montag geht nicht, lieber Dienstag"). An answer word that is a no by itself
 * ("nein Donnerstag um zehn") negates the offer, not the day said with it.
 */
function affirmedText(text: string, lexicon: Lexicon): string {
  const answers = new Set(lexicon.no.map(fold));
  const negations = lexicon.negations.filter((n) => !answers.has(fold(n)));
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${negations.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`,
    "iu",
  );
  let changed = false;
  const clauses = clausesOf(text, lexicon).map((clause) => {
    const at = negations.length === 0 ? -1 : clause.search(pattern);
    if (at < 0) return clause;
    const mentions = findMentions(clause);
    const after = mentions.filter((m) => m.index > at);
    const dropped = after.length > 0 ? after : mentions.filter((m) => m.index < at);
    if (dropped.length === 0) return clause;
    changed = true;
    let kept = clause;
    for (const m of [...dropped].sort((a, b) => b.index - a.index)) {
      kept = `${kept.slice(0, m.index)} ${kept.slice(m.index + m.text.length)}`;
    }
    return kept;
  });
  // Untouched unless a mention was dropped: re-joining would change the words the resolver reads.
  return changed ? clauses.join(", ") : text;
}

/**
 * The text split at the lexicon's clause breaks. A punctuation break next to a digit is part of a date or clock
 * ("10.30 Uhr", "am 7.11."), not the end of a clause.
 */
function clausesOf(text: string, lexicon: Lexicon): string[] {
  const breaks = lexicon.clauseBreaks
    .map((b) => (/^[^\p{L}\s]$/u.test(b) ? `(?<!\\p{N})${escapeRegExp(b)}(?!\\p{N})` : escapeRegExp(b)))
    .join("|");
  return text.split(new RegExp(breaks, "iu")).filter((c) => c.trim() !== "");
}

function readWhen(
  text: string,
  ctx: UnderstandContext,
  lexicon: Lexicon,
): { when: When | null; ordinalDay: boolean } {
  const cleaned = affirmedText(withoutGreetings(text, lexicon), lexicon);
  if (cleaned.trim() === "") return { when: null, ordinalDay: false };
  const r = resolve(cleaned, { now: ctx.now, zone: ctx.profile.timezone });
  let dayWords = r.matched.day;
  let timeWords = r.matched.time ?? (r.window !== null ? r.daypart : null);
  if (dayWords === null && timeWords === null) return { when: null, ordinalDay: false };
  // The tools read only these words; where they alone mean something else (the daypart was said apart from the
  // clock: "Donnerstag früh um halb sieben"), the resolved value stands in for them.
  const alone = resolve([dayWords, timeWords].filter((w) => w !== null).join(" "), {
    now: ctx.now,
    zone: ctx.profile.timezone,
  });
  // "den ersten" is a day of the month only when nothing else is said with it; it may also be a pick.
  const articles = new Set(lexicon.articles.map(fold));
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
  if (r.time !== null && alone.time !== r.time) timeWords = r.time;
  if (r.date !== null && alone.date !== r.date) dayWords = r.date;
  return {
    when: { day: dayWords, time: timeWords, date: r.date, clock: r.time, targetDay },
    ordinalDay,
  };
}

/**
 * Yes, no, or hesitation. A yes word counts only in a clause without a negation ("das passt leider nicht",
 * "nicht so gut" are a no) and not before a reservation ("klar, aber erst muss ich meinen Mann fragen").
 */
function readConsent(text: string, lexicon: Lexicon): { yes: boolean; no: boolean; unsure: boolean } {
  const folded = fold(text);
  const words = folded.split(" ");
  const contrast = words.findIndex((w) => lexicon.contrasts.map(fold).includes(w));
  const reserved =
    contrast >= 0 && findPhrase(words.slice(contrast + 1).join(" "), lexicon.reservations) !== null;
  const unsure = findPhrase(folded, lexicon.unsure) !== null || reserved;
  let no = findPhrase(folded, lexicon.no) !== null;
  let yes = false;
  if (!no) {
    for (const clause of clausesOf(text, lexicon)) {
      const rest = withoutPhrases(fold(clause), [...lexicon.no, ...lexicon.wishes]);
      const hit = findPhrase(rest, lexicon.yes);
      if (hit === null) continue;
      const outside = withoutPhrases(rest, [hit.phrase]);
      if (lexicon.negations.some((n) => hasPhrase(outside, n))) no = no || !unsure;
      else yes = true;
    }
  }
  if (no || unsure) yes = false;
  return { yes, no, unsure };
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
  const { yes, no, unsure } = readConsent(text, lexicon);
  const services = matchService(text, ctx.profile);
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
    unsure ||
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
    service: services.service?.id ?? null,
    serviceOptions: services.options.map((s) => s.id),
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
    unsure,
    understood,
  };
}
