import { afterEach, describe, expect, it, vi } from "vitest";
import type { Booking } from "../calendar/backend.ts";
import type { CalendarSimulator } from "../calendar/simulator.ts";
import { friseur } from "./__fixtures__/call.ts";
import {
  type BenchCaller,
  type BenchWorld,
  buildWorld,
  CONTENTION_DEFAULTS,
  type ContentionOptions,
  pickOffer,
  startingCalendar,
} from "./bench-callers.ts";
import { benchContention, bestPossible, flowFigures } from "./bench-contention.ts";
import { type FlowRun, kitFlow, runFlow, seedFlow } from "./bench-flows.ts";
import { VirtualTime } from "./bench-virtual-time.ts";
import { instantKey } from "./session.ts";

const options: ContentionOptions = { ...CONTENTION_DEFAULTS, callers: 0 };

function caller(
  index: number,
  arrivalMs: number,
  date: string,
  time: string,
  thinkMs: number[],
): BenchCaller {
  return { index, arrivalMs, date, time, thinkMs, tieBreak: [0, 0, 0], latencySeed: index + 1 };
}

/**
 * The week with only `freeSlots` (local "YYYY-MM-DD HH:MM") still free, and these callers. Hans Schuster's race:
 * two callers want Monday 10:00; the one who thinks longer loses it.
 */
async function world(callers: BenchCaller[], freeSlots: string[]): Promise<BenchWorld> {
  const w = await buildWorld(friseur, options);
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const isFree = (s: { date: string; minute: number }) => freeSlots.includes(`${s.date} ${hhmm(s.minute)}`);
  return {
    ...w,
    existing: w.slots.filter((s) => !isFree(s)).map((s) => s.start),
    free: w.slots.filter(isFree),
    callers,
  };
}

const race = () =>
  world(
    [
      caller(0, 0, "2025-10-27", "10:00", [25_000, 5_000, 5_000]),
      caller(1, 1_000, "2025-10-27", "10:00", [10_000]),
    ],
    ["2025-10-27 10:00", "2025-10-27 11:00"],
  );

/** Runs one flow on a fresh calendar of the world (`spy` sees the simulator first); returns the run's own bookings. */
async function run(flow: typeof kitFlow, w: BenchWorld, spy?: (sim: CalendarSimulator) => void) {
  const time = new VirtualTime(w.startIso);
  const sim = startingCalendar(w, time);
  spy?.(sim);
  const result = await runFlow(flow, w, options, sim, time);
  const own = sim.listBookings().filter((b) => b.metadata["callId"]?.startsWith("bench_"));
  return { result, own };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the two flows on Hans Schuster's race (two callers, one wished slot, one more within the hour)", () => {
  it("the seed's flow never holds, and loses the slower caller on the conflict", async () => {
    const w = await race();
    let holds = 0;
    const { result, own } = await run(seedFlow, w, (sim) => {
      vi.spyOn(sim, "hold").mockImplementation(async () => {
        holds++;
        throw new Error("the seed's flow must not hold");
      });
    });
    expect(holds).toBe(0);
    expect(result.outcomes).toEqual([
      {
        caller: 0,
        result: "lost",
        accepted: expect.stringContaining("2025-10-27T10:00"),
        booked: null,
        conflicts: 1,
        holds: 0,
      },
      {
        caller: 1,
        result: "booked",
        accepted: expect.any(String),
        booked: expect.any(String),
        conflicts: 0,
        holds: 0,
      },
    ]);
    expect(own).toHaveLength(1);
    expect(result.calendarCalls).toBe(4); // two checks, two bookings (one refused), nothing else
  });

  it("the kit's flow holds the pick, and on slot_taken the slower caller books the fresh alternative", async () => {
    const w = await race();
    const { result, own } = await run(kitFlow, w);
    const [slow, fast] = result.outcomes;
    expect(fast).toMatchObject({ result: "booked", conflicts: 0, holds: 1 });
    expect(slow).toMatchObject({ result: "booked", conflicts: 1, holds: 1 });
    expect(instantKey(slow?.booked ?? "")).toBe(instantKey("2025-10-27T11:00:00+01:00"));
    // what each booked is what they accepted last, and the calendar agrees
    for (const o of result.outcomes) expect(instantKey(o.booked ?? "")).toBe(instantKey(o.accepted ?? ""));
    expect(own.map((b) => instantKey(b.start)).sort()).toEqual(
      [instantKey("2025-10-27T10:00:00+01:00"), instantKey("2025-10-27T11:00:00+01:00")].sort(),
    );
    expect(bestPossible(w, options.toleranceMin)).toBe(2);
  });

  it("the seed sends the same single slot query as the kit's check_availability", async () => {
    const w = await world([caller(0, 0, "2025-10-30", "15:30", [10_000])], ["2025-10-30 16:00"]);
    const queries: unknown[] = [];
    const record = (sim: CalendarSimulator) => {
      const real = sim.getSlots.bind(sim);
      vi.spyOn(sim, "getSlots").mockImplementation((q) => {
        queries.push(q);
        return real(q);
      });
    };
    await run(kitFlow, w, record);
    const kitFirst = queries[0];
    queries.length = 0;
    await run(seedFlow, w, record);
    expect(queries).toEqual([kitFirst]);
  });
});

describe("pickOffer", () => {
  const c = caller(0, 0, "2025-10-28", "10:00", [1]);
  const offer = (date: string, time: string) => ({ date, time });
  it("takes the acceptable offer nearest the wish, never one on another day or beyond the tolerance", () => {
    expect(pickOffer(c, 60, [offer("2025-10-28", "08:30"), offer("2025-10-28", "10:30")], 0)).toEqual(
      offer("2025-10-28", "10:30"),
    );
    expect(pickOffer(c, 60, [offer("2025-10-29", "10:00"), offer("2025-10-28", "11:30")], 0)).toBeUndefined();
    expect(pickOffer(c, 0, [offer("2025-10-28", "10:00")], 0)).toEqual(offer("2025-10-28", "10:00"));
  });
  it("breaks a tie by the pick's die", () => {
    const tie = [offer("2025-10-28", "09:30"), offer("2025-10-28", "10:30")];
    expect(pickOffer({ ...c, tieBreak: [0.2] }, 60, tie, 0)?.time).toBe("09:30");
    expect(pickOffer({ ...c, tieBreak: [0.8] }, 60, tie, 0)?.time).toBe("10:30");
  });
});

describe("flowFigures: the checks can fail", () => {
  const booking = (id: number, start: string, callId: string): Booking => ({
    id,
    uid: `u${id}`,
    eventTypeId: 3672814,
    start,
    end: new Date(instantKey(start) + 30 * 60_000).toISOString(),
    status: "accepted",
    attendees: [],
    metadata: { callId },
  });
  it("counts an overlap as a double booking and a booking at another instant than accepted", () => {
    const run: FlowRun = {
      outcomes: [
        {
          caller: 0,
          result: "booked",
          accepted: "2025-10-28T09:00:00Z",
          booked: "2025-10-28T09:00:00Z",
          conflicts: 0,
          holds: 1,
        },
        // reported right, but the calendar holds another instant
        {
          caller: 1,
          result: "booked",
          accepted: "2025-10-28T10:00:00Z",
          booked: "2025-10-28T10:00:00Z",
          conflicts: 0,
          holds: 1,
        },
      ],
      calendarCalls: 6,
      toolLatenciesMs: [100, 200, 300, 400],
    };
    const f = flowFigures(
      run,
      [booking(1, "2025-10-28T09:00:00Z", "bench_kit_0"), booking(2, "2025-10-28T09:15:00Z", "bench_kit_1")],
      "bench_kit_",
      2,
    );
    expect(f).toMatchObject({ booked: 2, ofBest: 1, doubleBookings: 1, wrongInstant: 1, callsPerBooking: 3 });
    expect(f.toolLatencyMs).toEqual({ p50: 200, p99: 400 });
  });
});

describe("benchContention", () => {
  it("a seeded contended run: the kit never double-books nor books another instant, and books at least as many as the seed", async () => {
    const r = await benchContention(friseur, { callers: 24, seed: 1, arrivalMin: 0.5 });
    const { kit, seed } = r.flows;
    expect(kit.conflicts).toBeGreaterThan(0); // the run really contends
    expect(seed.conflicts).toBeGreaterThan(0);
    expect(kit.doubleBookings).toBe(0);
    expect(kit.wrongInstant).toBe(0);
    expect(kit.booked).toBeGreaterThanOrEqual(seed.booked);
    expect(kit.lost).toBeLessThan(seed.lost);
    expect(kit.recovered).toBeGreaterThan(0);
    expect(seed).toMatchObject({
      holds: 0,
      recovered: 0,
      lost: seed.conflicts,
      doubleBookings: 0,
      wrongInstant: 0,
    });
    for (const f of [kit, seed]) {
      expect(f.booked).toBeLessThanOrEqual(r.best); // nobody beats the maximum matching
      expect(f.booked + f.noFit + f.lost).toBe(24);
    }
  });

  it("is deterministic for a seed (apart from CPU and wall time)", async () => {
    const {
      cpuMs: _a,
      wallMs: _b,
      ...first
    } = await benchContention(friseur, { callers: 10, seed: 7, arrivalMin: 1 });
    const {
      cpuMs: _c,
      wallMs: _d,
      ...second
    } = await benchContention(friseur, { callers: 10, seed: 7, arrivalMin: 1 });
    expect(second).toEqual(first);
  });
});
