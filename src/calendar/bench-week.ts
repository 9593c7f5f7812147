/**
 * `termin bench week`: the in-process simulator's one-week slot query for one event type, warm. The calendar is
 * the reference call's (frozen at Saturday 25 Oct 2025, 20:17:50), a quarter of its slots booked; the queries
 * cycle through the weeks of the booking window (the first holds 26 Oct, the 25-hour day) in the business zone.
 * After a warm-up of 100 queries, each run times a batch of queries in CPU time (user + system), so a busy
 * machine skews the figures less.
 */
import { DateTime } from "luxon";
import type { SlotsQuery } from "./backend.ts";
import { fixedClock } from "./clock.ts";
import type { BusinessProfile } from "./profile.ts";
import { CalendarSimulator } from "./simulator.ts";

const NOW = "2025-10-25T20:17:50+02:00";

/** Benchmark knobs. */
export interface BenchWeekOptions {
  profile: BusinessProfile;
  /** Timed batches. Default 7. */
  runs?: number;
  /** Week queries per batch. Default 200. */
  queries?: number;
}

/** CPU milliseconds per week query, one figure per run, and what a query returns. */
export interface BenchWeekResult {
  business: string;
  service: string;
  runs: number;
  queriesPerRun: number;
  /** Mean free slots per answer. */
  slotsPerQuery: number;
  /** CPU ms per query of each run, in run order. */
  msPerQuery: number[];
  min: number;
  median: number;
  max: number;
}

/** A one-week query per week of the booking window, starting on today's local date. */
function weekQueries(profile: BusinessProfile, eventTypeId: number): SlotsQuery[] {
  const zone = profile.timezone;
  const today = DateTime.fromISO(NOW, { zone }).startOf("day");
  const weeks = Math.max(1, Math.ceil(profile.bookingWindowDays / 7));
  return Array.from({ length: weeks }, (_, week) => {
    const from = today.plus({ weeks: week });
    return {
      eventTypeId,
      start: from.toISO() ?? "",
      end: from.plus({ weeks: 1 }).toISO() ?? "",
      timeZone: zone,
    };
  });
}

/** Builds the calendar, warms it up, then times `runs` batches of `queries` queries. */
export async function benchWeek(options: BenchWeekOptions): Promise<BenchWeekResult> {
  const { profile } = options;
  const runs = options.runs ?? 7;
  const queries = options.queries ?? 200;
  const service = profile.services[0];
  if (service === undefined) throw new Error(`${profile.id} has no services`);
  const sim = new CalendarSimulator({ profile, clock: fixedClock(NOW) });
  const weeks = weekQueries(profile, service.eventTypeId);

  // Every fourth free slot of the window is booked by someone else, as a working calendar would be.
  let booked = 0;
  for (const query of weeks) {
    const free = Object.values(await sim.getSlots(query)).flat();
    for (const [i, slot] of free.entries()) {
      if (i % 4 !== 0) continue;
      sim.addBooking({ eventTypeId: service.eventTypeId, start: slot.start, name: `Kunde ${booked++}` });
    }
  }

  let slots = 0;
  for (const query of weeks) slots += Object.values(await sim.getSlots(query)).flat().length;
  // Warm-up: caches filled and the code compiled before anything is timed.
  for (let i = 0; i < 100; i++) await sim.getSlots(weeks[i % weeks.length] as SlotsQuery);

  const msPerQuery: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.cpuUsage();
    for (let i = 0; i < queries; i++) await sim.getSlots(weeks[i % weeks.length] as SlotsQuery);
    const used = process.cpuUsage(started);
    msPerQuery.push((used.user + used.system) / 1000 / queries);
  }
  const sorted = [...msPerQuery].sort((a, b) => a - b);
  return {
    business: profile.id,
    service: service.id,
    runs,
    queriesPerRun: queries,
    slotsPerQuery: slots / weeks.length,
    msPerQuery,
    min: sorted[0] ?? 0,
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** The figures as lines for the terminal. */
export function benchWeekTable(r: BenchWeekResult): string[] {
  const ms = (n: number) => n.toFixed(3);
  return [
    `simulator week query (${r.business}, ${r.service}, warm, ${r.slotsPerQuery.toFixed(1)} free slots per answer):`,
    `  CPU ms per query over ${r.runs} runs of ${r.queriesPerRun}: min ${ms(r.min)} / median ${ms(r.median)} / max ${ms(r.max)}`,
  ];
}
