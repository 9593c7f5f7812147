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

/**
 * Picks alternatives for a time the caller cannot have (F3): first the requested day, nearest to the requested
 * time (the nearest before and the nearest after), then the following open days, one slot per day nearest to
 * the requested time of day (the earliest when no time was given), inside the caller's daypart window if any.
 * Returns the chosen slots in chronological order, so what is spoken first is offered first.
 */
export function rankAlternatives(slots: SlotsByDate, target: RankTarget, options: RankOptions): Slot[] {
  const max = options.max ?? 3;
  const excluded = new Set(
    (options.exclude ?? []).map((e) => DateTime.fromISO(e, { setZone: true }).toMillis()),
  );
  // Read each slot's instant once: luxon's zone lookups are the expensive part, not the ranking.
  const local = new Map<Slot, { minutes: number; ms: number }>();
  const info = (s: Slot): { minutes: number; ms: number } => {
    let v = local.get(s);
    if (v === undefined) {
      const t = DateTime.fromISO(s.start, { setZone: true }).setZone(options.zone);
      v = { minutes: t.hour * 60 + t.minute, ms: t.toMillis() };
      local.set(s, v);
    }
    return v;
  };
  const inWindow = (s: Slot): boolean => {
    if (target.window === null) return true;
    const m = info(s).minutes;
    return m >= minutesOf(target.window.from) && m < minutesOf(target.window.to);
  };
  const usable = (list: Slot[] | undefined): Slot[] =>
    (list ?? []).filter((s) => inWindow(s) && !excluded.has(info(s).ms));
  const wanted = target.time === null ? null : minutesOf(target.time);
  const distance = (s: Slot): number =>
    wanted === null ? info(s).minutes : Math.abs(info(s).minutes - wanted);
  const byDistance = (list: Slot[]): Slot[] =>
    [...list].sort((a, b) => distance(a) - distance(b) || info(a).ms - info(b).ms);

  const picked: Slot[] = [];
  const sameDay = usable(slots[target.date]);
  if (wanted !== null) {
    const before = byDistance(sameDay.filter((s) => info(s).minutes < wanted))[0];
    const after = byDistance(sameDay.filter((s) => info(s).minutes >= wanted))[0];
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
    const rest = [...sameDay, ...laterDays.flatMap((d) => usable(slots[d]))].filter(
      (s) => !picked.includes(s),
    );
    picked.push(...byDistance(rest).slice(0, max - picked.length));
  }
  return picked.sort((a, b) => info(a).ms - info(b).ms);
}

/** The slot at exactly the requested local date and time, if the calendar offers it. */
export function findExactSlot(
  slots: SlotsByDate,
  date: string,
  time: string,
  zone: string,
): Slot | undefined {
  return (slots[date] ?? []).find((s) => {
    const t = DateTime.fromISO(s.start, { setZone: true }).setZone(zone);
    return t.toFormat("HH:mm") === time;
  });
}
