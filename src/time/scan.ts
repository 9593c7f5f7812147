/**
 * Every date and clock-time mention in the agent's own German text, for the invariant checks of replayed calls
 * ("each clock time comes with its slot's explicit date", "no UTC leak", "am gleichen Tag only when true",
 * "chronological order"). It reads with the resolver's patterns; only the interpretation differs: the agent
 * speaks 24-hour times, so "06:00" stays 06:00 (the salon rule would hide exactly the UTC leak the checker hunts).
 */
import type { DateTime } from "luxon";
import { clockOf, dateOf, findMentions, referenceOf } from "./resolve.ts";

/** One date or time the agent said, with its offset and wording in the text. */
export type Mention =
  | { kind: "time"; value: string; index: number; text: string }
  | {
      kind: "date";
      /** YYYY-MM-DD. */
      value: string;
      /** A day number and a month (name or number) were both said. */
      explicit: boolean;
      /** A weekday name was part of it. */
      weekday: boolean;
      index: number;
      text: string;
    }
  | { kind: "relative"; value: "heute" | "morgen" | "übermorgen"; date: string; index: number; text: string }
  /** "am gleichen Tag", "am selben Tag", "gleichen Tags". */
  | { kind: "same-day"; index: number; text: string };

/**
 * Finds every date and time mention in `text`, in text order. Each time of a list ("9:30 oder 10:30 Uhr") is one
 * mention; "Montag, 27. Oktober" is one date mention. Throws ConfigError for an unknown zone or unreadable `now`.
 */
export function scanMentions(text: string, options: { now: string | DateTime; zone: string }): Mention[] {
  const { today } = referenceOf(options.now, options.zone);
  const mentions: Mention[] = [];
  for (const m of findMentions(text)) {
    const at = { index: m.index, text: m.text };
    if (m.kind === "time") {
      // Only a daypart said with the clock itself ("um 8 Uhr abends") moves it; no salon rule.
      mentions.push({ kind: "time", value: clockOf(m, m.daypart, false), ...at });
    } else if (m.kind === "same-day") {
      mentions.push({ kind: "same-day", ...at });
    } else if (m.kind === "date") {
      const date = dateOf(m.spec, today)?.toISODate();
      if (date === undefined || date === null) continue;
      const { spec } = m;
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
