/**
 * The world of the contention benchmark, the same for both flows: a starting calendar for one week and the
 * callers who phone in, each with a wish (a day, a time of day, a tolerance), think times and Cal.com latencies,
 * all drawn from one seed.
 */
import { DateTime } from "luxon";
import type { Slot } from "../calendar/backend.ts";
import { seededRandom } from "../calendar/faults.ts";
import type { BusinessProfile, Service } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { dayBounds } from "../time/instant.ts";
import { VirtualTime } from "./bench-virtual-time.ts";

/** What a run is made of; every figure has a CLI flag of the same name. */
export interface ContentionOptions {
  callers: number;
  seed: number;
  /** Mean Cal.com round trip per call; each call takes 0.5x to 1.5x of it (seeded). */
  latencyMs: number;
  /** Mean time a caller takes between hearing the offers and picking one; 0.5x to 1.5x of it (seeded). */
  thinkMs: number;
  /** A caller accepts a slot on their day that starts at most this many minutes from the time they asked for. */
  toleranceMin: number;
  /** Picks a caller of the kit's flow makes (the first, then one per slot_taken) before giving up. */
  tries: number;
  /** The callers phone in at uniformly random moments over this many minutes. */
  arrivalMin: number;
}

/** 200 callers for one week of a salon, 20 s to choose (the reference call took 19 s), half a second per call. */
export const CONTENTION_DEFAULTS: Readonly<ContentionOptions> = Object.freeze({
  callers: 200,
  seed: 1,
  latencyMs: 500,
  thinkMs: 20_000,
  toleranceMin: 60,
  tries: 3,
  arrivalMin: 10,
});

/** The runs start at the reference call's moment (Saturday evening); wishes cover the seven days after it. */
export const BENCH_START = "2025-10-25T20:17:50+02:00";
const WEEK_DAYS = 7;
/** Share of the week's slots already booked by other customers when the first caller phones. */
export const STARTING_BOOKED_SHARE = 0.25;

/** One caller, the same person with the same dice in both flows. */
export interface BenchCaller {
  /** Order of arrival, from 0. */
  index: number;
  /** When the caller phones, ms after the run's start. */
  arrivalMs: number;
  /** The wished local date `YYYY-MM-DD` and time `HH:MM`. */
  date: string;
  time: string;
  /** Think time before each pick (the first offers, then after each conflict), ms. */
  thinkMs: number[];
  /** Per pick, which of two offers equally near the wish the caller takes (< 0.5: the earlier). */
  tieBreak: number[];
  /** Seed of this caller's Cal.com latencies: their k-th call takes as long in both flows. */
  latencySeed: number;
}

/** A slot as the benchmark compares it: its instant and its local date and minute of day. */
export interface WeekSlot {
  start: string;
  date: string;
  minute: number;
}

/** Everything both flows start from. */
export interface BenchWorld {
  profile: BusinessProfile;
  service: Service;
  startIso: string;
  week: { from: string; to: string };
  /** Every slot of the week on an empty calendar. */
  slots: WeekSlot[];
  /** Starts of the bookings other customers made before the run. */
  existing: string[];
  /** The week's slots still free when the first caller phones. */
  free: WeekSlot[];
  callers: BenchCaller[];
}

/** Minutes since local midnight of `HH:MM`. */
export function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether a caller would take a slot at this local date and minute of day: their day, within the tolerance. */
export function acceptable(caller: BenchCaller, toleranceMin: number, date: string, minute: number): boolean {
  return date === caller.date && Math.abs(minute - minuteOf(caller.time)) <= toleranceMin;
}

/**
 * The offer a caller picks: the acceptable one nearest their wish; of two equally near, the earlier or the later
 * by the pick's own die. Undefined when none is acceptable.
 */
export function pickOffer<T extends { date: string; time: string }>(
  caller: BenchCaller,
  toleranceMin: number,
  offers: readonly T[],
  pick: number,
): T | undefined {
  const wish = minuteOf(caller.time);
  const fits = offers
    .filter((o) => acceptable(caller, toleranceMin, o.date, minuteOf(o.time)))
    .sort((a, b) => minuteOf(a.time) - minuteOf(b.time));
  const distance = (o: T) => Math.abs(minuteOf(o.time) - wish);
  const best = Math.min(...fits.map(distance));
  const nearest = fits.filter((o) => distance(o) === best);
  return (caller.tieBreak[pick] ?? 0) < 0.5 ? nearest[0] : nearest.at(-1);
}

/** A derived seed, so each caller's latency dice do not depend on how many other callers there are. */
function mix(seed: number, n: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(n + 1, 0xc2b2ae35)) >>> 0;
}

function weekSlot(slot: Slot, zone: string): WeekSlot {
  const local = DateTime.fromISO(slot.start, { setZone: true }).setZone(zone);
  return { start: slot.start, date: local.toISODate() ?? "", minute: local.hour * 60 + local.minute };
}

const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

/**
 * Builds the world for a seed: the week's slots of the profile's first service, a quarter of them booked by others,
 * and the callers. Each caller wishes for an open day of the week (each open day equally likely, so short days are
 * busier) and one of that day's slot times (booked or not: callers do not see the calendar), and phones at a
 * uniformly random moment of the arrival window (a Poisson stream given its count).
 */
export async function buildWorld(profile: BusinessProfile, options: ContentionOptions): Promise<BenchWorld> {
  const service = profile.services[0];
  if (service === undefined) throw new Error(`profile ${profile.id} has no service`);
  const zone = profile.timezone;
  const start = DateTime.fromISO(BENCH_START, { setZone: true }).setZone(zone);
  const from = start.plus({ days: 1 }).toISODate() ?? "";
  const to = start.plus({ days: WEEK_DAYS }).toISODate() ?? "";
  const empty = new CalendarSimulator({ profile, clock: new VirtualTime(BENCH_START).clock });
  const byDate = await empty.getSlots({
    eventTypeId: service.eventTypeId,
    start: dayBounds(from, zone).start.toUTC().toISO() ?? "",
    end: dayBounds(to, zone).end.toUTC().toISO() ?? "",
    timeZone: zone,
  });
  const slots = Object.keys(byDate)
    .sort()
    .flatMap((d) => (byDate[d] ?? []).map((s) => weekSlot(s, zone)));
  if (slots.length === 0) throw new Error(`profile ${profile.id}: no slot in the week from ${from}`);

  const random = seededRandom(options.seed);
  const existing: WeekSlot[] = [];
  const free: WeekSlot[] = [];
  for (const slot of slots) (random() < STARTING_BOOKED_SHARE ? existing : free).push(slot);

  const days = [...new Set(slots.map((s) => s.date))];
  const arrivalSpan = options.arrivalMin * 60_000;
  const drawn = Array.from({ length: options.callers }, () => {
    const date = days[Math.floor(random() * days.length)] ?? from;
    const ofDay = slots.filter((s) => s.date === date);
    const wish = ofDay[Math.floor(random() * ofDay.length)] ?? (slots[0] as WeekSlot);
    const arrivalMs = Math.round(random() * arrivalSpan);
    const thinkMs = Array.from({ length: options.tries }, () =>
      Math.round(options.thinkMs * (0.5 + random())),
    );
    const tieBreak = Array.from({ length: options.tries }, () => random());
    return { arrivalMs, date, time: hhmm(wish.minute), thinkMs, tieBreak };
  });
  // Stable sort: callers phoning at the same millisecond keep the order they were drawn in.
  const callers = drawn
    .sort((a, b) => a.arrivalMs - b.arrivalMs)
    .map((c, index) => ({ ...c, index, latencySeed: mix(options.seed, index) }));
  return {
    profile,
    service,
    startIso: BENCH_START,
    week: { from, to },
    slots,
    existing: existing.map((s) => s.start),
    free,
    callers,
  };
}

/** A fresh simulator holding the world's starting calendar, on the given clock. */
export function startingCalendar(world: BenchWorld, time: VirtualTime): CalendarSimulator {
  const sim = new CalendarSimulator({ profile: world.profile, clock: time.clock });
  world.existing.forEach((start, i) => {
    sim.addBooking({
      eventTypeId: world.service.eventTypeId,
      start,
      name: `Bestandskunde ${i + 1}`,
      phone: `+49151${String(1_000_000 + i)}`,
    });
  });
  return sim;
}
