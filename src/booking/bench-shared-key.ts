/**
 * `termin bench sharedkey`: many phone calls of one salon on one Cal.com API key, as in production. N calls run at
 * once through the real tool handlers and the real Cal.com client (one client for the process, as `termin serve`
 * has) against `termin calsim`'s server on 127.0.0.1 with Cal.com's throttler: 120 requests per 60 s per key, then
 * the key is blocked for 60 s. Each caller checks a day and time, thinks, holds, gives a name and books (or checks
 * twice and books); a slot gone meanwhile is followed by one of the alternatives, twice at most.
 *
 * Time runs `speed` times faster (default 20) for everything at once: the throttler's window and block, the
 * simulator's clock, the client's clock and sleeps (budget, cache, backoff) and the callers' think times; so the
 * figures are those of the real limits, got in seconds. Cal.com's answers take 300 ms of that time.
 * `protect: false` is the client before the request budget and the slot cache (both off).
 */
import { performance } from "node:perf_hooks";
import { DateTime } from "luxon";
import type { Booking, CalendarBackend } from "../calendar/backend.ts";
import { createCalcomClient } from "../calendar/calcom-client.ts";
import { seededRandom } from "../calendar/faults.ts";
import { overlappingBookings } from "../calendar/overlap.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError } from "../errors.ts";
import { runTool } from "./run-tool.ts";
import { BookingSession } from "./session.ts";
import type { SlotOffer } from "./types.ts";

/** Knobs of one run. */
export interface SharedKeyOptions {
  /** Calls in progress at once, on average (phone lines of the salon on one key). */
  calls: number;
  /** Callers in all, phoning at random moments spread so that about `calls` talk at once. Default 2 × `calls`. */
  callers?: number;
  /** Request budget and slot cache on (the kit now) or off (before them). */
  protect: boolean;
  /** How many times faster time runs. Default 10. */
  speed?: number;
  seed?: number;
}

/** What one run gives. */
export interface SharedKeyFigures {
  calls: number;
  callers: number;
  protect: boolean;
  speed: number;
  /** Callers who got a booking. */
  served: number;
  /** Callers told at least once that the calendar cannot be reached right now. */
  toldBusy: number;
  /** Callers who hung up without a booking because they were told so again after one retry. */
  gaveUpBusy: number;
  /** Callers who found no slot they took (every alternative gone, or none offered). */
  noSlot: number;
  /** 429 answers from Cal.com's throttler. */
  http429: number;
  /** Requests that reached Cal.com. */
  calendarRequests: number;
  /** Slot queries the handlers made, those that went to Cal.com, and those the cache answered. */
  slotQueries: number;
  slotRequests: number;
  slotCacheHits: number;
  /** Requests the budget refused without sending (the caller heard "busy"). */
  shed: number;
  /** Overlapping bookings in the calendar afterwards: must be 0. */
  doubleBookings: number;
  /** Wall time of the run, real ms. */
  wallMs: number;
}

/** The reference call's moment: a Saturday evening; callers want a day of the week after it. */
const START = "2025-10-25T20:17:50+02:00";
const KEY = "cal_live_bench_shared_key";
/** Cal.com's answer time, in the run's time. */
const LATENCY_MS = 300;
/** A call's length without waiting for Cal.com: greeting 10-20 s, choosing 15-25 s, name 8-15 s, goodbye. */
const MEAN_CALL_MS = 60_000;
/** Days the callers want, "morgen" most: Sunday 26 Oct to Saturday 1 Nov. */
const DAYS = [
  "2025-10-26",
  "2025-10-27",
  "2025-10-28",
  "2025-10-29",
  "2025-10-30",
  "2025-10-31",
  "2025-11-01",
];
const DAY_WEIGHTS = [4, 3, 2, 2, 2, 2, 1];
const TIMES = ["08:00", "09:00", "09:30", "10:00", "11:00", "14:00", "15:30", "17:00"];

type Outcome = "served" | "busy" | "no_slot";

interface Result {
  status: string;
  slot?: SlotOffer;
  alternatives?: SlotOffer[];
}

/** Runs the benchmark once; resolves when every caller has hung up and the server is closed. */
export async function benchSharedKey(
  profile: BusinessProfile,
  options: SharedKeyOptions,
): Promise<SharedKeyFigures> {
  const speed = options.speed ?? 10;
  const seed = options.seed ?? 1;
  const callers = options.callers ?? options.calls * 2;
  const service = profile.services[0];
  if (service === undefined) throw new Error(`${profile.id} has no services`);

  const started = performance.now();
  const startMs = Date.parse(START);
  const fastNow = () => startMs + (performance.now() - started) * speed;
  const fastSleep = (ms: number) =>
    new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms / speed)));
  const clock = () => DateTime.fromMillis(fastNow());

  const sim = new CalendarSimulator({ profile, clock });
  const server = await startSimServer(sim, {
    apiKey: KEY,
    now: fastNow,
    faults: { latencyMs: LATENCY_MS / speed, seed },
  });
  const counts = { calendarRequests: 0, http429: 0, slotRequests: 0, slotQueries: 0, shed: 0, slotShed: 0 };
  const counting = (async (input: string | URL | Request, init?: RequestInit) => {
    counts.calendarRequests += 1;
    if (new URL(String(input)).pathname === "/v2/slots") counts.slotRequests += 1;
    const response = await fetch(input, init);
    if (response.status === 429) counts.http429 += 1;
    return response;
  }) as typeof fetch;
  const client = createCalcomClient({
    baseUrl: server.url,
    apiKey: KEY,
    region: sim.region,
    fetch: counting,
    now: fastNow,
    sleep: fastSleep,
    ...(options.protect ? {} : { budget: false, slotCacheMs: 0 }),
  });
  const calendar = observed(client, counts);

  const tool = async (session: BookingSession, name: string, args: object): Promise<Result> =>
    (await runTool(session, name, JSON.stringify(args))).result as Result;

  let toldBusy = 0;
  /** One caller's call, from the greeting to hanging up; every die from the caller's own seed. */
  async function call(index: number): Promise<Outcome> {
    const random = seededRandom(seed * 100_003 + index);
    const think = (minMs: number, maxMs: number) => fastSleep(minMs + random() * (maxMs - minMs));
    const session = new BookingSession({
      callId: `bench-sharedkey-${index}`,
      business: profile,
      callerPhone: `+4917${String(100_000_000 + index)}`,
      calendar,
      clock,
    });
    let heardBusy = false;
    /** A tool call; "busy" once, the caller agrees to try again in a moment; twice, they hang up. */
    const ask = async (name: string, args: object): Promise<Result | "busy"> => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const result = await tool(session, name, args);
        if (result.status !== "calendar_unavailable") return result;
        if (!heardBusy) toldBusy += 1;
        heardBusy = true;
        await think(5_000, 10_000);
      }
      return "busy";
    };
    const day = pick(DAYS, DAY_WEIGHTS, random());
    const check = (time: string) =>
      ask("check_availability", {
        service: service?.name ?? "",
        day,
        time,
        person: null,
        reschedule_booking_id: null,
      });
    try {
      await think(10_000, 20_000);
      let asked = await check(pick(TIMES, [], random()));
      const checkTwice = random() < 0.3;
      if (checkTwice && asked !== "busy") {
        await think(8_000, 15_000);
        asked = await check(pick(TIMES, [], random()));
      }
      if (asked === "busy") return "busy";
      let offer = firstOffer(asked);
      for (let tries = 0; offer !== undefined && tries < 3; tries++) {
        await think(15_000, 25_000);
        if (!checkTwice) {
          const held = await ask("hold_slot", { slot_id: offer.id });
          if (held === "busy") return "busy";
          if (held.status === "slot_taken") {
            offer = held.alternatives?.[0];
            continue;
          }
          await think(8_000, 15_000);
        }
        const booked = await ask("book_appointment", { slot_id: offer.id, name: `Anrufer ${index}` });
        if (booked === "busy") return "busy";
        if (booked.status === "booked") return "served";
        offer = booked.alternatives?.[0];
      }
      return "no_slot";
    } finally {
      await session.releaseAllHolds();
    }
  }

  // Callers phone at random moments over the span in which `calls` lines stay about busy.
  const arrivals = seededRandom(seed);
  const spanMs = (callers * MEAN_CALL_MS) / options.calls;
  let bookings: Booking[];
  let outcomes: Outcome[];
  try {
    outcomes = await Promise.all(
      Array.from({ length: callers }, async (_, index) => {
        await fastSleep(arrivals() * spanMs);
        return call(index);
      }),
    );
    bookings = sim.listBookings();
  } finally {
    await server.close();
  }
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  const { slotShed, ...requests } = counts;
  return {
    calls: options.calls,
    callers,
    protect: options.protect,
    speed,
    served: count("served"),
    toldBusy,
    gaveUpBusy: count("busy"),
    noSlot: count("no_slot"),
    ...requests,
    // Without the budget no query is shed and none is cached (a 429 retried may even send one twice).
    slotCacheHits: options.protect ? Math.max(0, counts.slotQueries - counts.slotRequests - slotShed) : 0,
    doubleBookings: overlappingBookings(bookings).length,
    wallMs: Math.round(performance.now() - started),
  };
}

/** The slot the caller takes from a check: the one asked for, else the first alternative. */
function firstOffer(result: Result): SlotOffer | undefined {
  return result.slot ?? result.alternatives?.[0];
}

/** An item by weight (all 1 when `weights` is empty), for a uniform `die` in [0, 1). */
function pick<T>(items: readonly T[], weights: readonly number[], die: number): T {
  const w = items.map((_, i) => weights[i] ?? 1);
  let left = die * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    left -= w[i] ?? 1;
    if (left < 0) return items[i] as T;
  }
  return items[items.length - 1] as T;
}

/** Counts the handlers' slot queries and the requests the budget refused without sending (no HTTP status). */
function observed(
  inner: CalendarBackend,
  counts: { slotQueries: number; shed: number; slotShed: number },
): CalendarBackend {
  const watch = async <T>(run: () => Promise<T>, slots = false): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof CalendarError && error.kind === "rate_limited" && error.status === undefined) {
        counts.shed += 1;
        if (slots) counts.slotShed += 1;
      }
      throw error;
    }
  };
  return {
    getSlots: (q) => {
      counts.slotQueries += 1;
      return watch(() => inner.getSlots(q), true);
    },
    hold: (e, s, owner) => watch(() => inner.hold(e, s, owner)),
    releaseHold: (u) => watch(() => inner.releaseHold(u)),
    book: (r) => watch(() => inner.book(r)),
    findBookings: (q) => watch(() => inner.findBookings(q)),
    cancel: (u, r) => watch(() => inner.cancel(u, r)),
    reschedule: (u, s, r) => watch(() => inner.reschedule(u, s, r)),
  };
}

/** The figures as a table, one row per run. */
export function sharedKeyTable(rows: readonly SharedKeyFigures[]): string[] {
  const speed = rows[0]?.speed ?? 10;
  const columns: Array<[string, (r: SharedKeyFigures) => string | number]> = [
    ["calls", (r) => r.calls],
    ["callers", (r) => r.callers],
    ["client", (r) => (r.protect ? "after" : "before")],
    ["served", (r) => r.served],
    ["told busy", (r) => r.toldBusy],
    ["gave up busy", (r) => r.gaveUpBusy],
    ["no slot", (r) => r.noSlot],
    ["429s", (r) => r.http429],
    ["requests", (r) => r.calendarRequests],
    ["shed", (r) => r.shed],
    ["slot queries", (r) => r.slotQueries],
    ["cache hits", (r) => r.slotCacheHits],
    ["double", (r) => r.doubleBookings],
  ];
  const cells = [
    columns.map(([name]) => name),
    ...rows.map((r) => columns.map(([, cell]) => String(cell(r)))),
  ];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i] ?? 0)).join("  ");
  return [
    `sharedkey: calls at once on one Cal.com key (calsim's throttler: 120 requests per 60 s, then blocked 60 s),`,
    `  through the tool handlers and the real client; time ${speed}x faster (limits, clocks, think times alike).`,
    `  before = no request budget, no slot cache; after = both (120 per 60 s, wait <= 6 s, cache 20 s).`,
    ...cells.map(line),
  ];
}
