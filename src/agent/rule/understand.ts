/**
 * One caller utterance -> the facts in it: service, name, day and time (via `src/time/resolve`), yes/no, a pick
 * among offered options, intents (cancel, reschedule, look up, end) and rule breaking (injection, insults).
 * Pure and context-light: what the facts mean for the dialogue is the policy's business.
 */
import { matchService, serviceWords } from "../../booking/service-match.ts";
import type { BusinessProfile } from "../../calendar/profile.ts";
import { parseCardinal } from "../../time/numbers.ts";
import { findMentions, type ResolveResult, resolve } from "../../time/resolve.ts";
import type { ChoiceHints } from "./choice.ts";
import {
  escapeRegExp,
  findCue,
  findPhrase,
  fold,
  foldedSet,
  foldPhrase,
  fromLexicon,
  hasInflected,
  hasPhrase,
  type Lexicon,
  loadLexicon,
  squeeze,
  translateEnglish,
  withoutPhrases,
} from "./lexicon.ts";
import { findName, findPerson, joinSpelled } from "./names.ts";

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
  /** The span of days said instead of one day ("nächste Woche"): inclusive local dates. */
  days?: { from: string; to: string };
  /** The day is a weekday alone ("am Dienstag"): inside a span asked about before, it is that span's weekday. */
  weekdayOnly?: true;
}

/** Where the caller wants the offers to go instead of the ones read out. */
export type Navigation = "later" | "earlier" | "other_day" | "other" | "none_fits";

/** What a question about the business is about (the `business_info` topics, and the caller's own number). */
export type QuestionTopic = "hours" | "day_hours" | "address" | "prices" | "payment" | "services" | "phone";

/** A question about the business itself. */
export interface BusinessQuestion {
  topic: QuestionTopic;
  /** For `day_hours`: the caller's words for the day ("am Samstag"). */
  day: string | null;
  /** For `prices` and `services`: the caller's words for the service ("Haarschnitt"). */
  service: string | null;
}

/** Everything understood in one utterance. */
export interface Understanding {
  text: string;
  yes: boolean;
  no: boolean;
  /** Service id when one is clearly meant. */
  service: string | null;
  /**
   * Every service id named, in the order said ("Haarschnitt für Herren und Bart"); `service` is the first. When
   * `service` is null and there are `serviceOptions`, these wait for the one asked about ("Haarschnitt und Bart").
   */
  services: string[];
  /** `service`/`serviceOptions` come only from who it is for ("meiner Tochter"), no service or kind was named. */
  serviceByAudience: boolean;
  /** Service ids when generic words fit several (also beside a named service: "Haarschnitt und Bart"). */
  serviceOptions: string[];
  name: string | null;
  /** The booking is for someone else, named ("für meine Tochter, Lena Huber"); `name` is then theirs too. */
  person: string | null;
  when: When | null;
  /** Hints for picking one of the options just read out. */
  choice: ChoiceHints;
  /** Asks for other offers: later, earlier, another day, anything else, or none of these fits. */
  navigate: Navigation | null;
  /** A question about the business (opening hours, address, prices, payment, services, the phone number). */
  question: BusinessQuestion | null;
  intent: "cancel" | "reschedule" | "lookup" | null;
  end: boolean;
  thanks: boolean;
  /** Clearly asks for one more booking ("noch einen Termin"). */
  another: boolean;
  /** "nochmal": try again. */
  again: boolean;
  /** Asks for an appointment without details ("Ich hätte gern einen Termin"). */
  wish: boolean;
  /** Asks us to wait ("Moment, ich schau kurz in meinen Kalender"): they will be back. */
  wait: boolean;
  /** Asks to be called back ("Rufen Sie mich bitte zurück"). */
  callback: boolean;
  /** Not about appointments or the business ("Wie wird das Wetter morgen?"); its day is no booking day. */
  offTopic: boolean;
  /** The caller speaks English; every other field is read from their words said in German. */
  english: boolean;
  /** The line is only a greeting ("Servus.", "Grüß Gott!"): at the start of a call no goodbye, however it sounds. */
  greeting: boolean;
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
  let patterns = greetingPatterns.get(lexicon);
  if (patterns === undefined) {
    patterns = [...lexicon.greetings]
      .sort((a, b) => b.length - a.length)
      .map((g) => {
        const words = g.split(/\s+/).map(escapeRegExp).join("[\\s,]+");
        return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, "giu");
      });
    greetingPatterns.set(lexicon, patterns);
  }
  let out = text;
  for (const pattern of patterns) out = out.replace(pattern, " ");
  return out;
}

const greetingPatterns = new WeakMap<Lexicon, RegExp[]>();

/**
 * Drops the day and time mentions the caller negates, so the one that is meant remains: a negation drops the
 * mentions after it in its clause ("nicht morgen, übermorgen"; "am Dienstag nicht um 9, lieber um 10"), or those
 * before it when none follows ("Montag geht nicht, lieber Dienstag"). An answer word that is a no by itself
 * ("nein Donnerstag um zehn") negates the offer, not the day said with it.
 */
function affirmedText(text: string, lexicon: Lexicon): string {
  const { negations, pattern } = fromLexicon(lexicon, "affirmed", (l) => {
    const answers = foldedSet(l.no);
    const negations = l.negations.filter((n) => !answers.has(fold(n)));
    const pattern = new RegExp(
      `(?<![\\p{L}\\p{N}])(?:${negations.map(escapeRegExp).join("|")})(?![\\p{L}\\p{N}])`,
      "iu",
    );
    return { negations, pattern };
  });
  // "Ich kann morgen nicht kommen" cancels the booking of that day: the negation belongs to the intent.
  const intents = negatedIntents(lexicon, negations);
  let changed = false;
  const clauses = clausesOf(text, lexicon).map((clause) => {
    const blanked = intents === null ? clause : clause.replace(intents, (m) => " ".repeat(m.length));
    const at = negations.length === 0 ? -1 : blanked.search(pattern);
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

const negatedIntentCache = new WeakMap<Lexicon, RegExp | null>();

/** The cancel phrases that hold a negation ("nicht kommen"), as one pattern; null when there are none. */
function negatedIntents(lexicon: Lexicon, negations: readonly string[]): RegExp | null {
  const hit = negatedIntentCache.get(lexicon);
  if (hit !== undefined) return hit;
  const negated = lexicon.intents.cancel.filter((p) => negations.some((n) => hasPhrase(foldPhrase(p), n)));
  const pattern = negated.length === 0 ? null : phrasePattern(negated);
  negatedIntentCache.set(lexicon, pattern);
  return pattern;
}

/** A RegExp finding any of the phrases as whole words in raw text, white space between their words. */
function phrasePattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases.map((p) => fold(p).split(" ").map(escapeRegExp).join("\\s+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
}

/**
 * The text split at the lexicon's clause breaks. A punctuation break next to a digit is part of a date or clock
 * ("10.30 Uhr", "am 7.11."), not the end of a clause.
 */
function clausesOf(text: string, lexicon: Lexicon): string[] {
  const breaks = fromLexicon(lexicon, "clause breaks", (l) => {
    const alternatives = l.clauseBreaks.map((b) =>
      /^[^\p{L}\s]$/u.test(b) ? `(?<!\\p{N})${escapeRegExp(b)}(?!\\p{N})` : escapeRegExp(b),
    );
    return new RegExp(alternatives.join("|"), "iu");
  });
  return text.split(breaks).filter((c) => c.trim() !== "");
}

function readWhen(
  text: string,
  ctx: UnderstandContext,
  lexicon: Lexicon,
): { when: When | null; ordinalDay: boolean; daypart: boolean } {
  const none = { when: null, ordinalDay: false, daypart: false };
  const cleaned = affirmedText(withoutGreetings(text, lexicon), lexicon);
  if (cleaned.trim() === "") return none;
  const r = resolve(cleaned, { now: ctx.now, zone: ctx.profile.timezone });
  let dayWords = r.matched.day;
  let timeWords = r.matched.time ?? (r.window !== null ? r.daypart : null);
  if (dayWords === null && timeWords === null) return none;
  // The tools read only these words; where they alone mean something else (the daypart was said apart from the
  // clock: "Donnerstag früh um halb sieben"), the resolved value stands in for them.
  const alone = resolve([dayWords, timeWords].filter((w) => w !== null).join(" "), {
    now: ctx.now,
    zone: ctx.profile.timezone,
  });
  // "den ersten" is a day of the month only when nothing else is said with it; it may also be a pick.
  const articles = foldedSet(lexicon.articles);
  const dayRest =
    dayWords === null
      ? []
      : fold(dayWords)
          .split(" ")
          .filter((w) => !articles.has(w));
  const ordinalDay = dayRest.length === 1 && lexicon.ordinals[dayRest[0] ?? ""] !== undefined;
  let targetDay = false;
  let date = r.date;
  let days = r.days;
  let target: ResolveResult | null = null;
  if (dayWords !== null) {
    const before =
      fold(cleaned.slice(0, Math.max(0, cleaned.indexOf(dayWords))))
        .split(" ")
        .at(-1) ?? "";
    targetDay = foldedSet(lexicon.targetDayMarkers).has(before);
    // "meinen Termin am Freitag auf nächste Woche verschieben": two days joined by "auf" are the booking's day and
    // the new one (not the Friday of next week); the new one is what is looked for.
    target = targetWithin(dayWords, ctx, lexicon);
    if (target !== null) {
      dayWords = target.matched.day;
      date = target.date;
      days = target.days;
      targetDay = true;
    }
  }
  if (r.time !== null && alone.time !== r.time) timeWords = r.time;
  if (target === null && r.date !== null && alone.date !== r.date) dayWords = r.date;
  const when: When = { day: dayWords, time: timeWords, date, clock: r.time, targetDay };
  if (days !== null) when.days = days;
  if (dayWords !== null && isWeekdayOnly(dayWords)) when.weekdayOnly = true;
  return { when, ordinalDay, daypart: r.daypart !== null };
}

function resolveDay(words: string, ctx: UnderstandContext): ResolveResult {
  return resolve(words, { now: ctx.now, zone: ctx.profile.timezone });
}

/** The day after a target marker inside the day words ("am Freitag auf nächste Woche"), resolved alone; else null. */
function targetWithin(dayWords: string, ctx: UnderstandContext, lexicon: Lexicon): ResolveResult | null {
  const markers = fromLexicon(lexicon, "target day markers", (l) => {
    return new RegExp(`\\s(?:${l.targetDayMarkers.map((m) => escapeRegExp(m)).join("|")})\\s`, "iu");
  });
  const m = markers.exec(dayWords);
  if (m === null) return null;
  const head = resolveDay(dayWords.slice(0, m.index), ctx);
  const rest = resolveDay(dayWords.slice(m.index + m[0].length), ctx);
  if (head.matched.day === null || rest.matched.day === null) return null;
  return rest;
}

/** The words name a weekday and nothing else about the day ("am Dienstag", not "Dienstag nächste Woche"). */
function isWeekdayOnly(dayWords: string): boolean {
  const dates = findMentions(dayWords.toLowerCase()).filter((x) => x.kind === "date" || x.kind === "days");
  const [only] = dates;
  return (
    dates.length === 1 && only?.kind === "date" && only.spec.type === "weekday" && only.spec.rule === "next"
  );
}

/**
 * Yes, no, or hesitation. A yes word counts only in a clause without a negation ("das passt leider nicht",
 * "nicht so gut" are a no) and not before a reservation ("klar, aber erst muss ich meinen Mann fragen").
 */
function readConsent(text: string, lexicon: Lexicon): { yes: boolean; no: boolean; unsure: boolean } {
  const notConsent = fromLexicon(lexicon, "not consent", (l) => {
    // "Wo genau sind Sie?": a yes word inside a question about the business is part of the question.
    const q = l.questions;
    const asking = [q.hours, q.address, q.prices, q.payment, q.services, q.phone].flatMap((g) => g.cues);
    // "Machen Sie's gut" is a goodbye, not a "gut".
    const goodbyes = [...l.intents.end, ...l.intents.farewells];
    return [...l.no, ...l.wishes, ...asking, ...goodbyes];
  });
  const folded = fold(text);
  const words = folded.split(" ");
  const contrasts = foldedSet(lexicon.contrasts);
  const contrast = words.findIndex((w) => contrasts.has(w));
  const after = words.slice(contrast + 1).join(" ");
  // "aber erst nach der Arbeit" names a time, it reserves nothing.
  const reserved =
    contrast >= 0 && findPhrase(after, lexicon.reservations) !== null && findMentions(after).length === 0;
  const unsure = findPhrase(folded, lexicon.unsure) !== null || reserved;
  let no = findPhrase(folded, lexicon.no) !== null;
  let yes = false;
  if (!no) {
    for (const clause of clausesOf(text, lexicon)) {
      const rest = withoutPhrases(fold(clause), notConsent);
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
  const numbers = foldedSet(lexicon.manyBookings.numbers);
  const nouns = foldedSet(lexicon.manyBookings.nouns);
  return words.some((w, i) => numbers.has(w) && nouns.has(words[i + 1] ?? ""));
}

const reservedCache = new WeakMap<BusinessProfile, Set<string>>();

function reservedWords(profile: BusinessProfile, lexicon: Lexicon): Set<string> {
  const hit = reservedCache.get(profile);
  if (hit !== undefined) return hit;
  const n = lexicon.navigate;
  const lists = [
    lexicon.notName,
    lexicon.yes,
    lexicon.no,
    lexicon.filler,
    lexicon.greetings,
    lexicon.earlier,
    lexicon.intents.end,
    lexicon.intents.farewells,
    lexicon.intents.thanks,
    lexicon.wait.cues,
    lexicon.callback.cues,
    lexicon.titleForms,
    lexicon.nameParts.first,
    lexicon.nameParts.last,
    n.later,
    n.earlier,
    n.other_day,
    n.none_fits,
  ];
  const words = new Set([...serviceWords(profile), ...Object.keys(lexicon.ordinals), ...lexicon.later]);
  for (const list of lists) for (const p of list) for (const w of fold(p).split(" ")) words.add(w);
  reservedCache.set(profile, words);
  return words;
}

/** The longest utterance a caller's turn is read from (CONVENTIONS 13: bounds at the edge). */
const MAX_TEXT = 2000;
/** A bare hour ("die Acht", "Zwölf passt") is a pick only in a short answer. */
const MAX_PICK_WORDS = 6;

const NAVIGATIONS: readonly Navigation[] = ["other_day", "later", "earlier", "none_fits", "other"];
const TOPICS = ["hours", "address", "prices", "payment", "services", "phone"] as const;

/** The first question about the business, clause by clause, and the clause it was asked in. */
function readQuestion(
  clauses: readonly string[],
  ctx: UnderstandContext,
  lexicon: Lexicon,
): { question: BusinessQuestion; clause: number } | null {
  for (let c = 0; c < clauses.length; c++) {
    const clause = clauses[c] ?? "";
    const folded = fold(clause);
    let best: { topic: (typeof TOPICS)[number]; index: number; length: number } | null = null;
    for (const topic of TOPICS) {
      const hit = findCue(folded, lexicon.questions[topic]);
      if (hit === null) continue;
      if (
        best === null ||
        hit.index < best.index ||
        (hit.index === best.index && hit.phrase.length > best.length)
      )
        best = { topic, index: hit.index, length: hit.phrase.length };
    }
    if (best === null) continue;
    let question: BusinessQuestion = { topic: best.topic, day: null, service: null };
    if (best.topic === "hours") {
      const day = resolve(withoutGreetings(clause, lexicon), { now: ctx.now, zone: ctx.profile.timezone })
        .matched.day;
      if (day !== null) question = { topic: "day_hours", day, service: null };
    }
    if (best.topic === "prices" || best.topic === "services")
      question = { ...question, service: serviceWordsIn(clauses.slice(c).join(", "), ctx.profile, lexicon) };
    return { question, clause: c };
  }
  return null;
}

/** The caller's words for a service ("Haarschnitt für Herren"), from the first service word to the last in a row. */
function serviceWordsIn(text: string, profile: BusinessProfile, lexicon: Lexicon): string | null {
  const known = serviceWords(profile);
  const joiners = foldedSet(lexicon.serviceJoiners);
  const isService = (word: string) => {
    // "und" in the alias "Schneiden und Föhnen" joins service words; it names none ("Und was kostet ...?").
    if (joiners.has(fold(word))) return false;
    if (known.has(fold(word))) return true;
    const m = matchService(word, profile);
    return m.service !== null || m.options.length > 0;
  };
  const tokens = [...text.matchAll(/\p{L}[\p{L}'’-]*/gu)];
  let from = -1;
  let to = -1;
  for (let i = 0; i < tokens.length; i++) {
    const word = tokens[i]?.[0] ?? "";
    if (isService(word)) {
      if (from < 0) from = i;
      to = i;
    } else if (from >= 0 && !joiners.has(fold(word))) break;
  }
  const first = tokens[from];
  const last = tokens[to];
  if (first === undefined || last === undefined) return null;
  return text.slice(first.index ?? 0, (last.index ?? 0) + last[0].length);
}

/** Where the caller wants the offers to go, by the first direction of `NAVIGATIONS` said; null when none. */
function readNavigation(folded: string, lexicon: Lexicon): Navigation | null {
  const said = withoutPhrases(folded, lexicon.navigateNot);
  for (const n of NAVIGATIONS) if (findPhrase(said, lexicon.navigate[n]) !== null) return n;
  return null;
}

/** The turn is a greeting and nothing else (fillers aside). */
function onlyGreeting(folded: string, lexicon: Lexicon): boolean {
  if (findPhrase(folded, lexicon.greetings) === null) return false;
  const greetingOrFiller = fromLexicon(lexicon, "greeting or filler", (l) => [...l.greetings, ...l.filler]);
  return withoutPhrases(folded, greetingOrFiller) === "";
}

/** The turn is nothing but a goodbye: goodbyes, thanks, yes words, greetings, fillers and glue words. */
function onlyGoodbye(folded: string, lexicon: Lexicon): boolean {
  const { goodbyes, allowed } = fromLexicon(lexicon, "only goodbye", (l) => {
    const i = l.intents;
    const goodbyes = [...i.farewells, ...i.end];
    return {
      goodbyes,
      allowed: [...goodbyes, ...i.thanks, ...l.yes, ...l.greetings, ...l.filler, ...l.farewellGlue],
    };
  });
  if (findPhrase(folded, goodbyes) === null) return false;
  return withoutPhrases(folded, allowed) === "";
}

/**
 * A full hour said bare as a pick ("Acht ist super", "die Acht", "Zwölf passt"): the hour (1-12) and its clock as
 * "um <hour>" reads. Only in a short answer with no clock in it, and not a count ("zwei Termine").
 */
function bareHour(
  said: string,
  when: When | null,
  ctx: UnderstandContext,
  lexicon: Lexicon,
): { hour: number; time: string } | null {
  if (when?.clock != null) return null;
  // Words the day or time reading used ("vor zehn", "in acht Tagen") are no bare hour.
  const used = new Set(fold(`${when?.day ?? ""} ${when?.time ?? ""}`).split(" "));
  const words = fold(withoutPhrases(fold(said), lexicon.filler)).split(" ");
  if (words.length > MAX_PICK_WORDS) return null;
  const skip = fromLexicon(lexicon, "no hour", (l) => foldedSet([...l.notHours, ...l.manyBookings.nouns]));
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? "";
    if (skip.has(word) || used.has(word) || skip.has(words[i + 1] ?? "")) continue;
    const n = parseCardinal(word);
    if (n === null || n < 1 || n > 12) continue;
    const time = resolve(`um ${word}`, { now: ctx.now, zone: ctx.profile.timezone }).time;
    if (time !== null) return { hour: n, time };
  }
  return null;
}

/** The hour of a clock said as a full hour without a daypart ("um acht"), which the offers may read as 20:00. */
function dialHour(when: When | null, daypart: boolean, ctx: UnderstandContext): number | null {
  if (daypart || when === null || when.clock === null || when.time === null || !when.clock.endsWith(":00"))
    return null;
  const r = resolve(when.time, { now: ctx.now, zone: ctx.profile.timezone });
  if (r.daypart !== null || r.time !== when.clock) return null;
  const numbers = when.time.split(/[^\p{L}\p{N}]+/u).map(parseCardinal);
  if (numbers.some((n) => n !== null && n > 12)) return null;
  const hour = Number(when.clock.slice(0, 2)) % 12;
  return hour === 0 ? 12 : hour;
}

/** Reads one caller utterance. */
export function understand(text: string, ctx: UnderstandContext): Understanding {
  const lexicon = ctx.lexicon ?? loadLexicon();
  const translated = translateEnglish(joinSpelled(text.slice(0, MAX_TEXT)), lexicon);
  const said = translated.text;
  const folded = fold(said);
  const i = lexicon.intents;

  const goodbye = onlyGoodbye(folded, lexicon);
  const end = goodbye || findPhrase(folded, i.end) !== null;
  const callback = findCue(folded, lexicon.callback) !== null;
  const clauses = clausesOf(said, lexicon);
  const asked = readQuestion(clauses, ctx, lexicon);
  const question = asked?.question ?? null;
  // A day said in an off-topic clause or an opening-hours question is no booking day.
  const offClauses = clauses.map((c) => findCue(fold(c), lexicon.offTopic) !== null);
  const dropped = [...offClauses];
  if (question?.topic === "day_hours" && asked !== null) dropped[asked.clause] = true;
  const kept = clauses.filter((_, k) => dropped[k] !== true);
  const whenText = goodbye ? "" : kept.length === clauses.length ? said : kept.join(", ");

  const { yes, no, unsure } = readConsent(said, lexicon);
  const services = matchService(said, ctx.profile);
  const { when, ordinalDay, daypart } = readWhen(whenText, ctx, lexicon);
  const expectingName = ctx.expectingName ?? false;
  const mentionsTime = (part: string) => {
    const r = resolve(part, { now: ctx.now, zone: ctx.profile.timezone });
    return r.date !== null || r.time !== null || r.window !== null;
  };
  const nameContext = {
    // With a day in the turn, one-word answers are not names ("Dienstag").
    expectingName: expectingName && when === null,
    reserved: reservedWords(ctx.profile, lexicon),
    mentionsTime,
  };
  const greeted = withoutGreetings(said, lexicon);
  const abuse = hasInflected(folded, lexicon.abuse, lexicon.insultEndings);
  // An insult is never a name ("Ihr Vollidioten").
  const person = abuse ? null : findPerson(greeted, lexicon, nameContext);
  const name = abuse ? null : (person ?? findName(greeted, lexicon, nameContext));

  const words = folded.split(" ");
  const ordinalWord = words.find((w) => lexicon.ordinals[w] !== undefined);
  const dayNamesMore = when?.day != null && !ordinalDay;
  const numberedPick = foldedSet(lexicon.numberedPick);
  const numbered = words.findIndex((w) => numberedPick.has(w));
  const position = numbered < 0 ? null : parseCardinal(words[numbered + 1] ?? "");
  const ordinal =
    position !== null && position >= 1 && position <= 9
      ? position
      : ordinalWord === undefined || dayNamesMore
        ? null
        : (lexicon.ordinals[ordinalWord] ?? null);
  const earlier = foldedSet(lexicon.earlier);
  const later = foldedSet(lexicon.later);
  const relative = words.some((w) => earlier.has(w))
    ? "earlier"
    : words.some((w) => later.has(w))
      ? "later"
      : null;
  // "Die Acht nicht": a refused hour picks nothing.
  const bare = no || (position !== null && ordinal === position) ? null : bareHour(said, when, ctx, lexicon);
  const choice: ChoiceHints = {
    ordinal,
    relative,
    date: ordinalDay ? null : (when?.date ?? null),
    time: when?.clock ?? bare?.time ?? null,
    hour: bare?.hour ?? dialHour(when, daypart, ctx),
    pointing: yes || lexicon.pointers.some((p) => hasPhrase(folded, p)),
  };

  const cancel = findPhrase(folded, i.cancel) !== null;
  const reschedule = findPhrase(folded, i.reschedule) !== null;
  const lookup = findPhrase(folded, i.lookup) !== null;
  const intent = reschedule ? "reschedule" : cancel ? "cancel" : lookup ? "lookup" : null;
  const thanks = findPhrase(folded, i.thanks) !== null;
  const another = findPhrase(folded, i.another) !== null;
  // "Ich rufe später nochmal an", "Wann war nochmal mein Termin?": "nochmal" there asks for no retry.
  const again = !end && intent === null && findPhrase(folded, i.again) !== null;
  // "Ich muss meinen Termin absagen" names a booking, but wishes for none.
  const wish = intent === null && findPhrase(folded, i.booking) !== null;
  const navigate = end || callback ? null : readNavigation(folded, lexicon);
  const wait = findCue(folded, lexicon.wait) !== null;
  const injection = findPhrase(folded, lexicon.injection) !== null;
  const many = intent === null && manyBookings(folded, lexicon);
  // A filler with at most two other words ("Ähm, also ..."); "Was muss ich sonst noch mitbringen?" is no filler.
  const fillers = fromLexicon(lexicon, "squeezed fillers", (l) => l.filler.map((f) => squeeze(fold(f))));
  const filler =
    findPhrase(squeeze(folded), fillers) !== null &&
    withoutPhrases(squeeze(folded), fillers)
      .split(" ")
      .filter((w) => w !== "").length <= 2;
  const serviceIds = services.named.map((x) => x.id);
  if (serviceIds.length === 0 && services.service !== null) serviceIds.push(services.service.id);
  // "Haarschnitt und danach den Bart": the kind said beside the named service keeps its place in the order said;
  // several candidates are asked about first, and the named ones wait.
  const also = services.also.map((x) => x.id);
  const [alsoOne] = also;
  if (also.length === 1 && alsoOne !== undefined) {
    if (services.alsoFirst) serviceIds.unshift(alsoOne);
    else serviceIds.push(alsoOne);
  }
  const firstService = also.length > 1 ? null : (serviceIds[0] ?? null);
  const options = also.length > 1 ? also : services.options.map((x) => x.id);

  const onTopic =
    serviceIds.length > 0 ||
    services.options.length > 0 ||
    when !== null ||
    intent !== null ||
    wish ||
    question !== null ||
    navigate !== null ||
    name !== null;
  const offTopic = !onTopic && offClauses.includes(true);

  const understood =
    yes ||
    no ||
    unsure ||
    serviceIds.length > 0 ||
    services.options.length > 0 ||
    name !== null ||
    when !== null ||
    ordinal !== null ||
    relative !== null ||
    bare !== null ||
    navigate !== null ||
    question !== null ||
    intent !== null ||
    end ||
    thanks ||
    another ||
    again ||
    wish ||
    wait ||
    callback ||
    offTopic ||
    injection ||
    many ||
    abuse;

  return {
    text,
    yes,
    no,
    service: firstService,
    services: serviceIds,
    serviceByAudience: services.byAudience,
    serviceOptions: options,
    name,
    person,
    when,
    choice,
    navigate,
    question,
    intent,
    end,
    thanks,
    another,
    again,
    wish,
    wait,
    callback,
    offTopic,
    english: translated.english,
    greeting: onlyGreeting(folded, lexicon),
    injection,
    manyBookings: many,
    abuse,
    filler,
    unsure,
    understood,
  };
}
