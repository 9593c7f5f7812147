/**
 * `termin bench calsim`: how fast the Cal.com client and `termin calsim` go together over real HTTP on
 * 127.0.0.1. First a phase of week-long slot queries, then a phase of bookings of distinct free slots, each
 * bounded in time and count. The throttler is off: 120 requests a minute would measure the limit, not the code.
 */
import { DateTime } from "luxon";
import type { CalendarBackend } from "./backend.ts";
import { createCalcomClient } from "./calcom-client.ts";
import { manualClock } from "./clock.ts";
import { loadBusinessProfile } from "./profile.ts";
import { startSimServer } from "./sim-server.ts";
import { CalendarSimulator } from "./simulator.ts";

/** Benchmark knobs. */
export interface BenchCalsimOptions {
  /** Total wall time, split evenly between the two phases. Default 4. */
  seconds?: number;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Upper bound of requests per phase. Default 20000. */
  maxRequestsPerPhase?: number;
}

/** Throughput of each phase; `errors` counts failed requests of both, `errorKinds` says what they were. */
export interface BenchCalsimResult {
  slotsPerSecond: number;
  bookingsPerSecond: number;
  requests: number;
  errors: number;
  /** Failed requests by their error's first line (e.g. `connection to Cal.com failed: ...`); empty when none. */
  errorKinds: Record<string, number>;
}

const NOW = "2025-10-25T20:17:50+02:00";
const ZONE = "Europe/Berlin";

/** Failed calls, counted by what failed: a benchmark that reports errors says which. */
type ErrorKinds = Record<string, number>;

function countError(kinds: ErrorKinds, error: unknown): void {
  const text =
    (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0] ?? "";
  const kind = text.slice(0, 120);
  kinds[kind] = (kinds[kind] ?? 0) + 1;
}

/**
 * Runs `work(i)` from `concurrency` workers until `deadline` or `limit` calls; returns calls made and failed, and
 * adds each failure to `kinds`.
 */
async function hammer(
  concurrency: number,
  deadline: number,
  limit: number,
  kinds: ErrorKinds,
  work: (i: number) => Promise<unknown>,
): Promise<{ done: number; failed: number; ms: number }> {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      if (i >= limit) return;
      await work(i).catch((error: unknown) => {
        failed += 1;
        countError(kinds, error);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { done: Math.min(next, limit), failed, ms: performance.now() - started };
}

/**
 * Free slot starts from the simulator, four weeks at a time as the booking phase takes them, up to `until`.
 * Not one list of years up front: building that blocks the event loop for seconds, longer than the server's
 * keep-alive timeout (5 s), so the server closes the client's idle sockets and the first requests sent on them
 * fail ("other side closed"), which the benchmark counted as errors of the calendar.
 */
export function freeSlotFeed(
  sim: CalendarSimulator,
  eventTypeId: number,
  from: DateTime,
  until: DateTime,
): () => Promise<string | undefined> {
  let next = from;
  let starts: string[] = [];
  let taken = 0;
  let refill: Promise<void> | null = null;
  const more = async () => {
    const to = DateTime.min(next.plus({ weeks: 4 }), until);
    const slots = await sim.getSlots({
      eventTypeId,
      start: next.toISO() ?? "",
      end: to.toISO() ?? "",
      timeZone: ZONE,
    });
    starts = Object.values(slots).flatMap((day) => day.map((slot) => slot.start));
    taken = 0;
    next = to;
  };
  return async () => {
    while (taken >= starts.length) {
      if (next >= until) return undefined;
      // Workers that run dry together wait for one refill instead of each fetching the same weeks.
      refill ??= more().finally(() => {
        refill = null;
      });
      await refill;
    }
    return starts[taken++];
  };
}

/** Starts an in-process calsim, measures slots/s and bookings/s through the real client, stops it. */
export async function benchCalsim(options: BenchCalsimOptions = {}): Promise<BenchCalsimResult> {
  const seconds = options.seconds ?? 4;
  const concurrency = options.concurrency ?? 8;
  const limit = options.maxRequestsPerPhase ?? 20_000;
  const base = loadBusinessProfile("friseur-1");
  // Ten years of window and no notice: enough distinct free slots for any run.
  const profile = { ...base, bookingWindowDays: 3_650, minimumNoticeMinutes: 0 };
  const service = profile.services[0];
  if (service === undefined) throw new Error("friseur-1 has no services");
  const sim = new CalendarSimulator({ profile, clock: manualClock(NOW) });
  const server = await startSimServer(sim, { rateLimit: false });
  try {
    // No request budget and no slot cache either: the figures are the client's and the server's speed.
    const client: CalendarBackend = createCalcomClient({
      baseUrl: server.url,
      region: sim.region,
      retries: 0,
      budget: false,
      slotCacheMs: 0,
    });
    const phaseMs = (seconds * 1000) / 2;
    const errorKinds: ErrorKinds = {};

    const firstMonday = DateTime.fromISO("2025-10-27T00:00", { zone: ZONE });
    const slots = await hammer(concurrency, performance.now() + phaseMs, limit, errorKinds, (i) => {
      const from = firstMonday.plus({ weeks: i % 52 });
      return client.getSlots({
        eventTypeId: service.eventTypeId,
        start: from.toISO() ?? "",
        end: from.plus({ weeks: 1 }).toISO() ?? "",
        timeZone: ZONE,
      });
    });

    // The free slots come straight from the simulator, so the phase measures booking alone.
    const nextFree = freeSlotFeed(sim, service.eventTypeId, firstMonday, firstMonday.plus({ years: 9 }));
    const bookings = await hammer(concurrency, performance.now() + phaseMs, limit, errorKinds, async (i) => {
      const start = await nextFree();
      if (start === undefined) throw new Error("no free slot left in the booking window");
      return client.book({
        eventTypeId: service.eventTypeId,
        start,
        attendee: { name: `Bench ${i}`, phoneNumber: "+491701234567", timeZone: ZONE },
        metadata: { callId: `bench-${i}` },
      });
    });

    return {
      slotsPerSecond: Math.round(((slots.done - slots.failed) * 1000) / slots.ms),
      bookingsPerSecond: Math.round(((bookings.done - bookings.failed) * 1000) / bookings.ms),
      requests: slots.done + bookings.done,
      errors: slots.failed + bookings.failed,
      errorKinds,
    };
  } finally {
    await server.close();
  }
}
