import type { Slot, SlotsByDate } from "../calendar/backend.ts";
import { instantKey, localOf, localTimeOf } from "../time/instant.ts";

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

/** Minutes since midnight of a local `HH:MM`. */
function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a start (minutes since local midnight) lies in a time-of-day window: at or after `from`, before `to`. */
export function inTimeWindow(minute: number, window: { from: string; to: string } | null): boolean {
  return window === null || (minute >= minutesOf(window.from) && minute < minutesOf(window.to));
}

/** A slot's local minute of day and epoch ms. */
interface SlotTime {
  minutes: number;
  ms: number;
}

/** Reads each slot's instant once: luxon's zone lookups are the expensive part, not the ranking. */
function slotReader(zone: string): (s: Slot) => SlotTime {
  const seen = new Map<Slot, SlotTime>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) {
      const t = localOf(s.start, zone);
      v = { minutes: t.minuteOfDay, ms: t.ms };
      seen.set(s, v);
    }
    return v;
  };
}

/**
 * Picks alternatives for a time the caller cannot have (F3): first the requested day, nearest to the requested
 * time (the nearest before and the nearest after; the two nearest when one side has none), then the following
 * open days, one slot per day nearest to the requested time of day (the earliest when no time was given), inside the caller's daypart window if any.
 * Returns the chosen slots in chronological order, so what is spoken first is offered first.
 */
export function rankAlternatives(slots: SlotsByDate, target: RankTarget, options: RankOptions): Slot[] {
  const max = options.max ?? 3;
  const excluded = new Set((options.exclude ?? []).map((e) => instantKey(e)));
  const info = slotReader(options.zone);
  const inWindow = (s: Slot): boolean => inTimeWindow(info(s).minutes, target.window);
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
    // Nothing on one side (the wish is after the last start, or before the first): the two nearest on the other.
    const sides =
      before === undefined || after === undefined ? byDistance(sameDay).slice(0, 2) : [before, after];
    for (const s of sides) if (picked.length < max) picked.push(s);
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
  return (slots[date] ?? []).find((s) => localTimeOf(s.start, zone) === time);
}

/** What offers are chosen for: the caller's wish, its days, and whether they lie beyond the booking window. */
export interface OfferPlan {
  /** The wish: a day (with a time or a time-of-day window), a span of days, or the earliest slot. */
  requested: {
    date: string | null;
    time: string | null;
    window: { from: string; to: string } | null;
    days: { from: string; to: string } | null;
    earliest: boolean;
  };
  /** The wish lies beyond the booking window: the nearest bookable days are the last ones before it. */
  backward: boolean;
  /**
   * The requested day's daypart is open but full: the day's other free times come first (F3 through a daypart).
   * False when the daypart lies outside the day's hours: then the daypart on other days is what the caller wants.
   */
  daypartFull: boolean;
}

/** Up to `max` slots spread over a chronological list: the first, the last, and the ones between, evenly. */
export function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  if (max <= 1) return list.slice(0, max);
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (list.length - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b).map((i) => list[i] as T);
}

/**
 * Chooses the offers for a wish, always from the calendar's free slots and returned in chronological order:
 * - a clock time on a day: {@link rankAlternatives} (the nearest before and after on that day, then following days);
 * - a day or a daypart on a day: times spread over the daypart (early, middle, late), or, when the daypart is full,
 *   the day's free times nearest to it first; then one per following day inside the daypart;
 * - a span of days: one per day on up to `max` days, nearest the time asked (the earliest inside the daypart);
 * - the earliest: the first free slots, two on the first free day and one on the next;
 * - beyond the booking window: the last bookable days, nearest the wish first.
 */
export function chooseOffers(slots: SlotsByDate, plan: OfferPlan, options: RankOptions): Slot[] {
  const max = options.max ?? 3;
  const { requested } = plan;
  const info = slotReader(options.zone);
  const minuteOf = (s: Slot) => info(s).minutes;
  const ms = (s: Slot) => info(s).ms;
  const window = requested.window;
  const inWindow = (s: Slot) => inTimeWindow(minuteOf(s), window);
  const wanted = requested.time === null ? null : minutesOf(requested.time);
  /** The best slot of one day for this wish: nearest the clock time, else the earliest inside the window. */
  const bestOf = (list: Slot[] | undefined, useWindow = true): Slot | undefined => {
    const usable = (list ?? []).filter((s) => !useWindow || inWindow(s));
    if (wanted === null) return usable[0];
    return [...usable].sort(
      (a, b) => Math.abs(minuteOf(a) - wanted) - Math.abs(minuteOf(b) - wanted) || ms(a) - ms(b),
    )[0];
  };
  const days = Object.keys(slots)
    .filter((d) => (slots[d] ?? []).length > 0)
    .sort();
  const chronological = (list: Slot[]) => [...new Set(list)].sort((a, b) => ms(a) - ms(b));
  /** One per day, in the given day order, until `max`; then more from those days if still short. */
  const perDay = (order: string[], picked: Slot[], useWindow = true): Slot[] => {
    const out = [...picked];
    for (const day of order) {
      if (out.length >= max) break;
      const best = bestOf(
        slots[day]?.filter((s) => !out.includes(s)),
        useWindow,
      );
      if (best !== undefined) out.push(best);
    }
    return out;
  };

  if (plan.backward) {
    const last = requested.date ?? requested.days?.to ?? days.at(-1) ?? "";
    return chronological(perDay([...days].filter((d) => d <= last).reverse(), []));
  }
  if (requested.date !== null && requested.time !== null) {
    const target = { date: requested.date, time: requested.time, window: null };
    return rankAlternatives(slots, target, options);
  }
  if (requested.earliest) {
    // The window from "in einer halben Stunde" bounds its day only; later days are open all day. A daypart said
    // without a day ("so bald wie möglich, lieber abends") bounds every day.
    const everyDay = requested.date === null && window !== null;
    const fits = (d: string, s: Slot) => (!everyDay && d !== requested.date) || inWindow(s);
    const first = days.find((d) => (slots[d] ?? []).some((s) => fits(d, s)));
    if (first === undefined) return [];
    const onFirst = (slots[first] ?? []).filter((s) => fits(first, s)).slice(0, 2);
    return chronological(
      perDay(
        days.filter((d) => d > first),
        onFirst,
        everyDay,
      ),
    );
  }
  if (requested.days !== null) {
    const { from, to } = requested.days;
    const inSpan = days.filter((d) => d >= from && d <= to);
    let picked = perDay(inSpan, []);
    if (picked.length < max && inSpan.length > 0) {
      // Fewer free days than offers: more times from the span's days, each day's spread over its daypart.
      const each = Math.ceil(max / inSpan.length) + 1;
      const rest = inSpan
        .flatMap((d) => spread((slots[d] ?? []).filter(inWindow), each))
        .filter((s) => !picked.includes(s));
      picked = [...picked, ...rest.slice(0, max - picked.length)];
    }
    return chronological(
      perDay(
        days.filter((d) => d > to),
        picked,
      ),
    );
  }
  const date = requested.date;
  if (date === null) return [];
  const onDay = slots[date] ?? [];
  const wished = onDay.filter(inWindow);
  let picked: Slot[];
  if (wished.length > 0) picked = spread(wished, max);
  else if (window !== null && plan.daypartFull) {
    // The daypart is full but the day is not: the day's free times nearest the daypart come first (F3).
    const gap = (s: Slot) =>
      Math.max(minutesOf(window.from) - minuteOf(s), minuteOf(s) - minutesOf(window.to) + 1, 0);
    picked = [...onDay].sort((a, b) => gap(a) - gap(b) || ms(a) - ms(b)).slice(0, Math.min(2, max));
  } else picked = [];
  return chronological(
    perDay(
      days.filter((d) => d > date),
      picked,
    ),
  );
}
