import { DateTime } from "luxon";
import type { Slot, SlotsByDate } from "../calendar/backend.ts";

/** What to rank against: a local date, and a time or a daypart window (both local `HH:MM`). */
export interface RankTarget {
  date: string;
  time: string | null;
  window: { from: string; to: string } | null;
}

export interface RankOptions {
  zone: string;
  /** How many alternatives to return. */
  max?: number;
  /** An instant to leave out (the slot that was just taken). */
  exclude?: string[];
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Minutes since local midnight of a slot start, read in the business zone. */
function localMinutes(slot: Slot, zone: string): number {
  const t = DateTime.fromISO(slot.start, { setZone: true }).setZone(zone);
  return t.hour * 60 + t.minute;
}

function sameInstant(a: string, b: string): boolean {
  return DateTime.fromISO(a).toMillis() === DateTime.fromISO(b).toMillis();
}

/**
 * Picks alternatives for a time the caller cannot have (F3): first the requested day, nearest to the requested
 * time (the nearest before and the nearest after), then the following open days, one slot per day nearest to
 * the requested time of day (the earliest when no time was given), inside the caller's daypart window if any.
 * Returns the chosen slots in chronological order, so what is spoken first is offered first.
 */
export function rankAlternatives(slots: SlotsByDate, target: RankTarget, options: RankOptions): Slot[] {
  const max = options.max ?? 3;
  const excluded = options.exclude ?? [];
  const inWindow = (s: Slot): boolean => {
    if (target.window === null) return true;
    const m = localMinutes(s, options.zone);
    return m >= minutesOf(target.window.from) && m < minutesOf(target.window.to);
  };
  const usable = (list: Slot[] | undefined): Slot[] =>
    (list ?? []).filter((s) => inWindow(s) && !excluded.some((e) => sameInstant(e, s.start)));
  const wanted = target.time === null ? null : minutesOf(target.time);
  const distance = (s: Slot): number => (wanted === null ? localMinutes(s, options.zone) : Math.abs(localMinutes(s, options.zone) - wanted));
  const byDistance = (list: Slot[]): Slot[] =>
    [...list].sort((a, b) => distance(a) - distance(b) || a.start.localeCompare(b.start));

  const picked: Slot[] = [];
  const sameDay = usable(slots[target.date]);
  if (wanted !== null) {
    const before = byDistance(sameDay.filter((s) => localMinutes(s, options.zone) < wanted))[0];
    const after = byDistance(sameDay.filter((s) => localMinutes(s, options.zone) >= wanted))[0];
    for (const s of [before, after]) if (s !== undefined && picked.length < max) picked.push(s);
  } else {
    picked.push(...byDistance(sameDay).slice(0, Math.min(max, 2)));
  }

  const laterDays = Object.keys(slots)
    .filter((d) => d > target.date)
    .sort();
  // One per following day first (spread the choice), then fill up from those days if still short.
  for (const day of laterDays) {
    if (picked.length >= max) break;
    const best = byDistance(usable(slots[day]))[0];
    if (best !== undefined) picked.push(best);
  }
  if (picked.length < max) {
    const rest = [...sameDay, ...laterDays.flatMap((d) => usable(slots[d]))].filter((s) => !picked.includes(s));
    picked.push(...byDistance(rest).slice(0, max - picked.length));
  }
  return picked.sort((a, b) => DateTime.fromISO(a.start).toMillis() - DateTime.fromISO(b.start).toMillis());
}

/** The slot at exactly the requested local date and time, if the calendar offers it. */
export function findExactSlot(slots: SlotsByDate, date: string, time: string, zone: string): Slot | undefined {
  return (slots[date] ?? []).find((s) => {
    const t = DateTime.fromISO(s.start, { setZone: true }).setZone(zone);
    return t.toFormat("HH:mm") === time;
  });
}
