import { benchContention } from "../booking/bench-contention.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";

const HELP = `termin bench: benchmarks that print figures (not tests: shared machines are noisy)

Usage:
  termin bench contention [--callers N] [--seed N] [--business ID] [--json]
      N callers at once want the same popular times and book through the real handlers on one
      simulated calendar. Prints bookings, conflicts answered with alternatives, double bookings (must
      be 0) and Cal.com calls per booking (happy path and with one conflict).
  termin bench resolve [--count N] [--json]
      Resolves N German day/time phrases; prints phrases per second of CPU time.
  termin bench calsim [--seconds S] [--concurrency N] [--json]
      Drives the Cal.com simulator over HTTP with the real client; prints slots/s and bookings/s.`;

/** `termin bench` */
export const benchCommand: Command = {
  summary: "benchmarks: contention, resolve, calsim (print figures)",
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      callers: { type: "string", default: "200" },
      seed: { type: "string", default: "1" },
      business: { type: "string", default: "friseur-1" },
      count: { type: "string", default: "10000" },
      seconds: { type: "string", default: "3" },
      concurrency: { type: "string", default: "16" },
      json: { type: "boolean", default: false },
    });
    const which = positionals[0];
    const num = (name: string, value: string): number | undefined => {
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0) {
        println(io.stderr, `termin bench: --${name} must be a positive number, got "${value}"`);
        return undefined;
      }
      return n;
    };
    const print = (figures: Record<string, unknown>, lines: string[]): void => {
      println(io.stdout, values.json ? JSON.stringify(figures) : lines.join("\n"));
    };
    if (which === "contention") {
      const callers = num("callers", values.callers);
      const seed = num("seed", values.seed);
      if (callers === undefined || seed === undefined) return 2;
      const r = await benchContention(
        loadBusinessProfile(values.business),
        Math.floor(callers),
        Math.floor(seed),
      );
      print({ ...r }, [
        `contention: ${r.callers} callers, seed ${r.seed}, ${r.wallMs.toFixed(0)} ms`,
        `  booked                         ${r.booked}`,
        `  conflicts (slot gone)          ${r.conflicts}, with fresh alternatives: ${r.conflictsWithAlternatives}`,
        `  gave up after 3 tries          ${r.gaveUp}`,
        `  double bookings                ${r.doubleBookings}`,
        `  booked instant != offered      ${r.mismatches}`,
        `  calendar calls per booking     ${r.callsPerBookingHappy.toFixed(2)} (first try), ${r.callsPerBookingOneConflict.toFixed(2)} (after one conflict)`,
      ]);
      return r.doubleBookings === 0 && r.mismatches === 0 ? 0 : 1;
    }
    if (which === "resolve") {
      const count = num("count", values.count);
      if (count === undefined) return 2;
      const { benchResolve } = await import("../time/bench.ts");
      const r = benchResolve(Math.floor(count));
      print({ ...r }, [
        `resolve: ${r.phrases} phrases in ${r.seconds.toFixed(3)} s CPU = ${Math.round(r.perSecond)} phrases/s`,
      ]);
      return 0;
    }
    if (which === "calsim") {
      const seconds = num("seconds", values.seconds);
      const concurrency = num("concurrency", values.concurrency);
      if (seconds === undefined || concurrency === undefined) return 2;
      const { benchCalsim } = await import("../calendar/bench.ts");
      const r = await benchCalsim({ seconds, concurrency: Math.floor(concurrency) });
      print({ ...r }, [
        `calsim over HTTP: ${Math.round(r.slotsPerSecond)} slot queries/s, ${Math.round(r.bookingsPerSecond)} bookings/s (${r.requests} requests, ${r.errors} errors)`,
      ]);
      return 0;
    }
    println(io.stderr, `termin bench: name a benchmark: contention, resolve or calsim (termin bench --help)`);
    return 2;
  },
};
