/**
 * Every date and clock-time mention in the agent's own German text, for the invariant checks of replayed calls
 * ("each clock time comes with its slot's explicit date", "no UTC leak", "am gleichen Tag only when true",
 * "chronological order"). It reads with the resolver's patterns and calendar (`placeMentions`); only the
 * interpretation differs: the agent speaks 24-hour times, so "06:00" stays 06:00 (the salon rule would hide exactly
 * the UTC leak the checker hunts).
 */
import type { DateTime } from "luxon";
import { SENTENCE_ABBREVIATIONS } from "./numbers.ts";
import { placeMentions } from "./resolve.ts";

/** Where a mention stands: offset, wording, and the number of its sentence (0-based). */
interface At {
  index: number;
  text: string;
  sentence: number;
}

/** One date or time the agent said, with its offset and wording in the text. */
export type Mention =
  | (At & {
      kind: "time";
      value: string;
      /** An end of a range or a bound ("von 7 bis 13 Uhr", "ab 9 Uhr"): opening hours or a window, no slot. */
      range: boolean;
      /** Said as UTC ("9:30 Uhr UTC"): not the business's local time. */
      utc: boolean;
    })
  | (At & {
      kind: "date";
      /** YYYY-MM-DD. */
      value: string;
      /** A day number and a month (name or number) were both said. */
      explicit: boolean;
      /** A weekday name was part of it. */
      weekday: boolean;
    })
  | (At & { kind: "relative"; value: "heute" | "morgen" | "übermorgen"; date: string })
  /** "am gleichen Tag", "am selben Tag", "gleichen Tags". */
  | (At & { kind: "same-day" });

/**
 * Characters looked back from a dot for the word before it: longer than any abbreviation in
 * `SENTENCE_ABBREVIATIONS`, so a longer word cut to this length still reads as a long word.
 */
const WORD_LOOK_BACK = 32;

/**
 * Sentence number of every offset: a sentence ends at ".", "!" or "?" before white space (or the end), except a
 * dot after a digit ("26. Oktober", "27.10."), after a single letter ("z. B.") or after an abbreviation ("bzw.").
 */
export function sentenceOf(text: string): (index: number) => number {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if ((c !== "." && c !== "!" && c !== "?") || (next !== undefined && !/\s/.test(next))) continue;
    if (c === ".") {
      // The word before the dot; a short look-back is enough to tell a number, an initial or an abbreviation.
      const word = /(\p{L}+|\d+)$/u.exec(text.slice(Math.max(0, i - WORD_LOOK_BACK), i))?.[1] ?? "";
      if (/^\d+$/.test(word) || word.length === 1 || SENTENCE_ABBREVIATIONS.has(word.toLowerCase())) continue;
    }
    ends.push(i);
  }
  // Binary search: a text with many sentences and many mentions stays linear-logarithmic.
  return (index) => {
    let low = 0;
    let high = ends.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((ends[mid] as number) < index) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** After a clock time: the agent gave it in UTC. */
const UTC_AFTER = /^\s*(?:UTC|GMT|Z)(?![\p{L}\p{N}])/u;

/**
 * Finds every date and time mention in `text`, in text order. Each time of a list ("9:30 oder 10:30 Uhr") is one
 * mention; "Montag, 27. Oktober" is one date mention. Throws ConfigError for an unknown zone or unreadable `now`.
 */
export function scanMentions(text: string, options: { now: string | DateTime; zone: string }): Mention[] {
  const placed = placeMentions(text, options);
  const sentence = sentenceOf(text);
  const mentions: Mention[] = [];
  for (const m of placed) {
    const at = { index: m.index, text: m.text, sentence: sentence(m.index) };
    if (m.kind === "time") {
      mentions.push({
        kind: "time",
        value: m.clock,
        range: m.range,
        utc: UTC_AFTER.test(text.slice(m.index + m.text.length)),
        ...at,
      });
    } else if (m.kind === "same-day") {
      mentions.push({ kind: "same-day", ...at });
    } else if (m.kind === "date" && m.maybePick !== true) {
      // "der Erste" in the agent's words is as likely the first option read out as the first of the month.
      const { date, spec } = m;
      if (date === null) continue;
      if (
        spec.type === "offset" &&
        (spec.word === "heute" || spec.word === "morgen" || spec.word === "übermorgen")
      ) {
        mentions.push({ kind: "relative", value: spec.word, date, ...at });
      } else {
        mentions.push({
          kind: "date",
          value: date,
          explicit: spec.type === "day" && spec.month !== null,
          weekday: spec.type === "weekday" || (spec.type === "day" && spec.weekday !== null),
          ...at,
        });
      }
    }
  }
  return mentions;
}
