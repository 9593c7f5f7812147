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

/** Throughput of each phase; `errors` counts failed requests of both. */
export interface BenchCalsimResult {
  slotsPerSecond: number;
  bookingsPerSecond: number;
  requests: number;
  errors: number;
}

const NOW = "2025-10-25T20:17:50+02:00";
const ZONE = "Europe/Berlin";

/** Runs `work(i)` from `concurrency` workers until `deadline` or `limit` calls; returns calls made and failed. */
async function hammer(
  concurrency: number,
  deadline: number,
  limit: number,
  work: (i: number) => Promise<unknown>,
): Promise<{ done: number; failed: number; ms: number }> {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = next++;
      if (i >= limit) return;
      await work(i).catch(() => {
        failed += 1;
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { done: Math.min(next, limit), failed, ms: performance.now() - started };
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

    const firstMonday = DateTime.fromISO("2025-10-27T00:00", { zone: ZONE });
    const slots = await hammer(concurrency, performance.now() + phaseMs, limit, (i) => {
      const from = firstMonday.plus({ weeks: i % 52 });
      return client.getSlots({
        eventTypeId: service.eventTypeId,
        start: from.toISO() ?? "",
        end: from.plus({ weeks: 1 }).toISO() ?? "",
        timeZone: ZONE,
      });
    });

    // The free slots come straight from the simulator, so the phase measures booking alone.
    const free = Object.values(
      await sim.getSlots({
        eventTypeId: service.eventTypeId,
        start: firstMonday.toISO() ?? "",
        end: firstMonday.plus({ years: 9 }).toISO() ?? "",
        timeZone: ZONE,
      }),
    ).flat();
    const bookings = await hammer(
      concurrency,
      performance.now() + phaseMs,
      Math.min(limit, free.length),
      (i) =>
        client.book({
          eventTypeId: service.eventTypeId,
          start: free[i]?.start ?? "",
          attendee: { name: `Bench ${i}`, phoneNumber: "+491701234567", timeZone: ZONE },
          metadata: { callId: `bench-${i}` },
        }),
    );

    return {
      slotsPerSecond: Math.round(((slots.done - slots.failed) * 1000) / slots.ms),
      bookingsPerSecond: Math.round(((bookings.done - bookings.failed) * 1000) / bookings.ms),
      requests: slots.done + bookings.done,
      errors: slots.failed + bookings.failed,
    };
  } finally {
    await server.close();
  }
}
