/**
 * Which of the options just read out the caller picks: "der Erste", "den letzten", "lieber den späteren",
 * "den um halb neun", "den am Montag". Works the same for offered slots and for the caller's own bookings.
 */

/** Anything with a local date and time that was read out in order. */
export interface Choosable {
  start: string;
  date: string;
  time: string;
}

/** What in an utterance can point at one option. */
export interface ChoiceHints {
  /** 1-based; -1 = the last one. */
  ordinal: number | null;
  relative: "earlier" | "later" | null;
  /** Resolved local date and time the caller named, if any. */
  date: string | null;
  time: string | null;
  /**
   * A full hour said without a daypart ("die Acht", "um drei"), 1-12: it fits an option at that hour on either
   * half of the dial (08:00 or 20:00), so the offers decide what "acht" meant; `time` holds one reading of it.
   */
  hour: number | null;
  /** The words point at an option ("den am Montag") or agree ("Montag passt"); a day alone needs this. */
  pointing: boolean;
}

/** The picked option, `ambiguous` when the words fit several, null when they point at none. */
export type Pick<T> = { kind: "one"; item: T } | { kind: "ambiguous" } | null;

function byStart<T extends Choosable>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * "den späteren" compares times said together: offers are read out grouped by day ("am Sonntag um 8:30 oder
 * 9:30 Uhr, oder am Montag um 9:00 Uhr"), so the comparison is within the first day that has several.
 */
function pairOf<T extends Choosable>(items: readonly T[]): T[] {
  for (const item of items) {
    const sameDay = items.filter((i) => i.date === item.date);
    if (sameDay.length >= 2) return sameDay;
  }
  return [...items];
}

/** "HH:MM" is the full hour `hour` (1-12) in the morning or the afternoon. */
function onDial(time: string, hour: number): boolean {
  const [h, m] = time.split(":").map(Number);
  return m === 0 && h !== undefined && h % 12 === hour % 12;
}

/** Resolves the hints against the options in the order they were offered. */
export function pickOption<T extends Choosable>(items: readonly T[], hints: ChoiceHints): Pick<T> {
  if (items.length === 0) return null;
  let candidates = [...items];
  if (hints.date !== null) candidates = candidates.filter((i) => i.date === hints.date);
  const hour = hints.hour;
  if (hour !== null) candidates = candidates.filter((i) => onDial(i.time, hour));
  else if (hints.time !== null) candidates = candidates.filter((i) => i.time === hints.time);
  const named = hints.date !== null || hints.time !== null || hour !== null;
  if (candidates.length === 0) {
    // A date/time that fits no option is a new wish, unless an ordinal alone explains the words
    // ("den ersten" also reads as "the 1st of the month").
    if (hints.ordinal === null) return null;
    candidates = [...items];
  }
  if (hints.ordinal !== null) {
    const index = hints.ordinal === -1 ? candidates.length - 1 : hints.ordinal - 1;
    const item = candidates[index];
    return item === undefined ? { kind: "ambiguous" } : { kind: "one", item };
  }
  if (hints.relative !== null && candidates.length >= 2) {
    const sorted = byStart(pairOf(candidates));
    const item = hints.relative === "earlier" ? sorted[0] : sorted.at(-1);
    return item === undefined ? null : { kind: "one", item };
  }
  // "nicht morgen, übermorgen" names a day that happens to have an offer, but asks for that day, not the offer.
  if (hints.time === null && hour === null && !hints.pointing) return null;
  if (named) {
    const only = candidates[0];
    return candidates.length === 1 && only !== undefined
      ? { kind: "one", item: only }
      : { kind: "ambiguous" };
  }
  return null;
}
