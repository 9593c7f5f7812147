import { dirname, join } from "node:path";
import { benchContention, CONTENTION_DEFAULTS, type FlowFigures } from "../booking/bench-contention.ts";
import { contentionTable } from "../booking/bench-contention-table.ts";
import { loadBusinessProfile, PROMPTS_DIR } from "../calendar/profile.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";

const HELP = `termin bench: benchmarks that print figures (not tests: shared machines are noisy)

Usage:
  termin bench contention [--callers N] [--seed N] [--business ID] [--latency-ms MS] [--think-ms MS]
                          [--tolerance-min M] [--tries N] [--arrival-min M] [--json]
      The kit's flow (check, hold the pick, book; a slot that is gone comes back with fresh
      alternatives) against the seed's (check, offer two, book after the caller's think time with no
      hold; a conflict ends the call with a generic error), on the same callers and the same starting
      calendar, in virtual time. Callers wish for a day and a time in the week after the reference
      call's Saturday (a quarter of it booked already) and accept a slot on that day within the
      tolerance. Prints, per flow: booked against the best possible (a maximum matching of callers to
      acceptable free slots), callers lost, conflicts, double bookings and booked instants that differ
      from the offered one (both must be 0; exit 1 otherwise), Cal.com calls per booking, and p50/p99
      tool latency in the latency model. Same seed, same figures (apart from CPU and wall time).
        --callers N        callers (default 200, at most 5000)
        --seed N           seed of wishes, arrivals, think times and latencies (default 1)
        --business ID      profile; its first service is booked (default friseur-1)
        --latency-ms MS    mean Cal.com round trip; each call takes 0.5x to 1.5x (default 500)
        --think-ms MS      mean time from hearing the offers to picking one; 0.5x to 1.5x (default 20000)
        --tolerance-min M  minutes from the wished time a caller accepts, on their day (default 60)
        --tries N          picks a caller of the kit's flow makes before giving up (default 3)
        --arrival-min M    callers phone at random moments over this many minutes (default 10)
  termin bench resolve [--count N] [--vs chrono [--runs N]] [--json]
      Resolves N German day/time phrases (the resolver's phrase table, cycled); prints phrases per
      second of CPU time. --vs chrono: the same N phrases through the resolver and chrono-node's German
      parser (a dev dependency) in this process, alternating which goes first, N runs (default 5, at
      most 50); prints phrases/s of each and the throughput ratio, min / median / max over the runs.
  termin bench calsim [--seconds S] [--concurrency N] [--json]
      Drives the Cal.com simulator over HTTP with the real client; prints slots/s and bookings/s.
  termin bench week [--runs N] [--queries N] [--business ID] [--json]
      The in-process simulator's one-week slot query (first service, a quarter of the window booked),
      warm: prints CPU ms per query, min / median / max over N runs (default 7, at most 50) of --queries
      queries each (default 200, at most 10000).
  termin bench sharedkey [--calls N[,N...]] [--speed X] [--seed N] [--business ID] [--json]
      N calls at once on one Cal.com key, 2N callers in all, through the tool handlers and the real
      client against calsim's server (in-process, 127.0.0.1) with Cal.com's throttler (120 requests
      per 60 s, then the key is blocked for 60 s). Each caller checks, holds and books (or checks
      twice and books); told "busy", they try once more, then hang up. Runs each N before (no request
      budget, no slot cache) and after; prints callers served / told busy / gave up, 429s received,
      requests sent and shed, slot queries and cache hits, double bookings (must be 0; exit 1).
        --calls N[,N...]   calls at once, one run before and one after each (default 30,100)
        --speed X          time runs X times faster for limits, clocks and think times (default 10)
  termin bench faults [--calls N] [--concurrency C] [--latency MS] [--jitter MS] [--error-rate P]
                      [--drop-rate P] [--slow-ms MS] [--slow-rate P] [--timeout-ms MS] [--national] [--no-shared-key]
                      [--speed X] [--seed N] [--business ID] [--json]
      N calls end to end (rule model, conversation loop with its turn budget, tool handlers, the real
      Cal.com client) against calsim's server with random faults; each caller wants another slot, so
      any "jemand anderem" is false. Prints what callers heard against what the calendar holds: false
      "someone else" claims, bookings never told, false confirmations, silent turns over 10 s, double
      bookings (each must be 0; exit 1 otherwise), and callers told the calendar is unavailable.
        --calls N          callers (default 100); --concurrency C calls at once (default 10)
        --latency MS, --jitter MS   added before every answer (default 0)
        --error-rate P, --drop-rate P   500s and dropped connections (default 0)
        --slow-ms MS, --slow-rate P     answers whose body takes MS (lost past the client timeout)
        --timeout-ms MS    the client's per-attempt timeout (default 10000, as in production)
        --national         callers' numbers in national format ("0170 ...")
        --no-shared-key    no throttle on the server, no request budget or slot cache in the client
                           (default: one key for all calls, Cal.com's 120 per 60 s, as in production)
        --speed X          every duration X times faster (default 10)
  termin bench rule [--turns N] [--runs N] [--seed N] [--business ID] [--json]
      One long call through the rule model (conversation loop, tool handlers, in-process simulator):
      the caller books a haircut, then keeps moving it, asking questions, naming days and times,
      picking offers, giving a name and saying things the model does not understand. Every
      complete() step is timed (performance.now); prints the step time p50 / p99 over the 10 turns up
      to turn 10 and up to the last turn, each as min / median / max over the runs, and how much the
      median p50 grew. A model that re-reads the whole call on every step grows with it.
        --turns N          caller turns of the call (default 200, at most 500)
        --runs N           calls played, each with a fresh model (default 3, at most 20)
        --seed N           which lines of each kind the caller says (default 1)
  termin bench guard [TRANSCRIPT|FOLDER ...] [--runs N] [--json]
      The speech guard's time per utterance: the transcripts (default: the shipped ones) are replayed once (rule model),
      then every reply is checked against the tool results before it by a fresh guard, each check
      timed; prints p50 / p99 as min / median / max over the runs (default 5, at most 20) and how
      many replies were flagged (0 expected: the rule model speaks the templates).
  termin bench serve [--calls N] [--concurrency C] [--think-ms MS] [--now ISO] [--seed N]
                     [--business ID] [--json]
      N calls at once over loopback against termin serve and calsim's server (both in-process,
      127.0.0.1; the real Cal.com client; secrets set): every other call books over POST /vapi/tools
      (check_availability, book_appointment, an alternative after slot_taken), the others over the
      Retell WebSocket with the rule model (a wish, yes, a name, goodbye); wishes are spread over the
      weeks after --now, some shared. Prints per path the latency the kit adds per request (wall time
      at the client minus the wait on calsim; p50 / p99 / max), errors by kind, calendar requests,
      peak RSS and CPU seconds, double bookings and bookings told wrongly (must be 0; exit 1 otherwise).
        --calls N          calls (default 200, at most 2000); --concurrency C at once (default all)
        --think-ms MS      a caller's mean pause before each request, 0.5x to 1.5x (default 3000;
                           0: back to back)
        --now ISO          the pinned clock (default 2025-10-28T09:00:00+01:00, a Tuesday morning)`;

/** `termin bench` */
export const benchCommand: Command = {
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      callers: { type: "string", default: "200" },
      seed: { type: "string", default: "1" },
      business: { type: "string", default: "friseur-1" },
      "latency-ms": { type: "string", default: String(CONTENTION_DEFAULTS.latencyMs) },
      "think-ms": { type: "string", default: String(CONTENTION_DEFAULTS.thinkMs) },
      "tolerance-min": { type: "string", default: String(CONTENTION_DEFAULTS.toleranceMin) },
      tries: { type: "string", default: String(CONTENTION_DEFAULTS.tries) },
      "arrival-min": { type: "string", default: String(CONTENTION_DEFAULTS.arrivalMin) },
      count: { type: "string", default: "10000" },
      vs: { type: "string" },
      seconds: { type: "string", default: "3" },
      concurrency: { type: "string" },
      calls: { type: "string" },
      latency: { type: "string", default: "0" },
      jitter: { type: "string", default: "0" },
      "error-rate": { type: "string", default: "0" },
      "drop-rate": { type: "string", default: "0" },
      "slow-ms": { type: "string", default: "0" },
      "slow-rate": { type: "string", default: "0" },
      "timeout-ms": { type: "string", default: "10000" },
      national: { type: "boolean", default: false },
      "no-shared-key": { type: "boolean", default: false },
      speed: { type: "string", default: "10" },
      turns: { type: "string" },
      runs: { type: "string" },
      queries: { type: "string", default: "200" },
      now: { type: "string" },
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
      const tries = num("tries", values.tries);
      // Durations may be 0 (no latency, instant choice, exact wishes only, everyone at once); all are bounded.
      const upTo = (name: string, value: string, max: number): number | undefined => {
        const n = Number(value);
        if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > max) {
          println(io.stderr, `termin bench: --${name} must be a number from 0 to ${max}, got "${value}"`);
          return undefined;
        }
        return n;
      };
      const latencyMs = upTo("latency-ms", values["latency-ms"], 60_000);
      const thinkMs = upTo("think-ms", values["think-ms"], 3_600_000);
      const toleranceMin = upTo("tolerance-min", values["tolerance-min"], 1_440);
      const arrivalMin = upTo("arrival-min", values["arrival-min"], 1_440);
      if (
        callers === undefined ||
        seed === undefined ||
        tries === undefined ||
        latencyMs === undefined ||
        thinkMs === undefined ||
        toleranceMin === undefined ||
        arrivalMin === undefined
      )
        return 2;
      for (const [name, value, max] of [
        ["callers", callers, 5_000],
        ["tries", tries, 10],
      ] as const) {
        if (value > max) {
          println(io.stderr, `termin bench: --${name} must be at most ${max}, got "${value}"`);
          return 2;
        }
      }
      const r = await benchContention(loadBusinessProfile(values.business), {
        callers: Math.floor(callers),
        seed: Math.floor(seed),
        tries: Math.max(1, Math.floor(tries)),
        latencyMs,
        thinkMs,
        toleranceMin,
        arrivalMin,
      });
      print({ ...r }, contentionTable(r));
      const clean = (f: FlowFigures) => f.doubleBookings === 0 && f.wrongInstant === 0;
      return clean(r.flows.kit) && clean(r.flows.seed) ? 0 : 1;
    }
    if (which === "resolve") {
      const count = num("count", values.count);
      if (count === undefined) return 2;
      if (values.vs !== undefined) {
        const runs = num("runs", values.runs ?? "5");
        if (runs === undefined) return 2;
        if (values.vs !== "chrono" || runs > 50) {
          println(io.stderr, 'termin bench: --vs takes "chrono" and --runs at most 50');
          return 2;
        }
        const { benchResolveVsChrono, versusChronoTable } = await import("../time/bench.ts");
        const r = await benchResolveVsChrono({ count: Math.floor(count), runs: Math.floor(runs) });
        print({ ...r }, versusChronoTable(r));
        return 0;
      }
      const { benchResolve } = await import("../time/bench.ts");
      const r = benchResolve(Math.floor(count));
      print({ ...r }, [
        `resolve: ${r.phrases} phrases in ${r.seconds.toFixed(3)} s CPU = ${Math.round(r.perSecond)} phrases/s`,
      ]);
      return 0;
    }
    if (which === "calsim") {
      const seconds = num("seconds", values.seconds);
      const concurrency = num("concurrency", values.concurrency ?? "16");
      if (seconds === undefined || concurrency === undefined) return 2;
      const { benchCalsim } = await import("../calendar/bench.ts");
      const r = await benchCalsim({ seconds, concurrency: Math.floor(concurrency) });
      print({ ...r }, [
        `calsim over HTTP: ${Math.round(r.slotsPerSecond)} slot queries/s, ${Math.round(r.bookingsPerSecond)} bookings/s (${r.requests} requests, ${r.errors} errors${r.errors > 0 ? `: ${JSON.stringify(r.errorKinds)}` : ""})`,
      ]);
      return 0;
    }
    if (which === "week") {
      const runs = num("runs", values.runs ?? "7");
      const queries = num("queries", values.queries);
      if (runs === undefined || queries === undefined) return 2;
      if (runs > 50) {
        println(io.stderr, `termin bench: --runs must be at most 50, got "${runs}"`);
        return 2;
      }
      if (queries > 10_000) {
        println(io.stderr, `termin bench: --queries must be at most 10000, got "${queries}"`);
        return 2;
      }
      const { benchWeek, benchWeekTable } = await import("../calendar/bench-week.ts");
      const r = await benchWeek({
        profile: loadBusinessProfile(values.business),
        runs: Math.floor(runs),
        queries: Math.ceil(queries),
      });
      print({ ...r }, benchWeekTable(r));
      return 0;
    }
    if (which === "sharedkey") {
      const speed = num("speed", values.speed);
      const seed = num("seed", values.seed);
      const calls = (values.calls ?? "30,100").split(",").map((n) => num("calls", n.trim()));
      if (speed === undefined || seed === undefined || calls.some((n) => n === undefined || n > 1_000)) {
        if (calls.some((n) => n !== undefined && n > 1_000))
          println(io.stderr, "termin bench: --calls must be at most 1000");
        return 2;
      }
      const { benchSharedKey, sharedKeyTable } = await import("../booking/bench-shared-key.ts");
      const profile = loadBusinessProfile(values.business);
      const rows = [];
      for (const n of calls as number[]) {
        for (const protect of [false, true]) {
          rows.push(
            await benchSharedKey(profile, { calls: Math.floor(n), protect, speed, seed: Math.floor(seed) }),
          );
        }
      }
      println(io.stdout, values.json ? JSON.stringify(rows) : sharedKeyTable(rows).join("\n"));
      return rows.every((r) => r.doubleBookings === 0) ? 0 : 1;
    }
    if (which === "faults") {
      const figure = (name: string, value: string, max: number): number | undefined => {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0 && n <= max) return n;
        println(io.stderr, `termin bench: --${name} must be a number from 0 to ${max}, got "${value}"`);
        return undefined;
      };
      const options = {
        calls: figure("calls", values.calls ?? "100", 2_000),
        concurrency: figure("concurrency", values.concurrency ?? "10", 200),
        latencyMs: figure("latency", values.latency, 60_000),
        jitterMs: figure("jitter", values.jitter, 60_000),
        errorRate: figure("error-rate", values["error-rate"], 1),
        dropRate: figure("drop-rate", values["drop-rate"], 1),
        slowMs: figure("slow-ms", values["slow-ms"], 120_000),
        slowRate: figure("slow-rate", values["slow-rate"], 1),
        timeoutMs: figure("timeout-ms", values["timeout-ms"], 120_000),
        speed: figure("speed", values.speed, 1_000),
        seed: figure("seed", values.seed, 2 ** 31),
      };
      if (Object.values(options).some((v) => v === undefined) || (options.speed ?? 0) < 1) {
        if ((options.speed ?? 1) < 1) println(io.stderr, "termin bench: --speed must be at least 1");
        return 2;
      }
      const o = options as Record<keyof typeof options, number>;
      const { runFaultCalls, faultRunTable } = await import("../evals/fault-run.ts");
      const report = await runFaultCalls({
        profile: loadBusinessProfile(values.business),
        calls: Math.floor(o.calls),
        concurrency: Math.max(1, Math.floor(o.concurrency)),
        clientTimeoutMs: o.timeoutMs,
        speed: o.speed,
        nationalNumbers: values.national,
        sharedKey: !values["no-shared-key"],
        faults: {
          latencyMs: o.latencyMs,
          jitterMs: o.jitterMs,
          errorRate: o.errorRate,
          dropRate: o.dropRate,
          ...(o.slowMs > 0 ? { slowMs: o.slowMs, slowRate: o.slowRate } : {}),
          seed: Math.floor(o.seed),
        },
      });
      println(io.stdout, values.json ? JSON.stringify(report) : faultRunTable(report).join("\n"));
      const falseThings =
        report.falseSomeoneElse +
        report.untoldBookings +
        report.falseConfirmations +
        report.falseNotBooked +
        report.repeatedSentences +
        report.doubleBookings;
      return falseThings === 0 ? 0 : 1;
    }
    if (which === "rule") {
      const { BENCH_RULE_DEFAULTS, benchRule, benchRuleTable } = await import("../evals/bench-rule.ts");
      const turns = num("turns", values.turns ?? String(BENCH_RULE_DEFAULTS.turns));
      const runs = num("runs", values.runs ?? String(BENCH_RULE_DEFAULTS.runs));
      const seed = num("seed", values.seed);
      if (turns === undefined || runs === undefined || seed === undefined) return 2;
      for (const [name, value, max] of [
        ["turns", turns, 500],
        ["runs", runs, 20],
      ] as const) {
        if (value > max) {
          println(io.stderr, `termin bench: --${name} must be at most ${max}, got "${value}"`);
          return 2;
        }
      }
      const r = await benchRule({
        profile: loadBusinessProfile(values.business),
        turns: Math.floor(turns),
        runs: Math.floor(runs),
        seed: Math.floor(seed),
      });
      print({ ...r }, benchRuleTable(r));
      return 0;
    }
    if (which === "guard") {
      const { benchGuard, benchGuardTable } = await import("../evals/bench-guard.ts");
      const runs = num("runs", values.runs ?? "5");
      if (runs === undefined) return 2;
      if (runs > 20) {
        println(io.stderr, `termin bench: --runs must be at most 20, got "${runs}"`);
        return 2;
      }
      // The transcripts named, or the kit's own, beside prompts/ (not the working directory's).
      const paths = positionals.slice(1);
      const r = await benchGuard({
        paths: paths.length > 0 ? paths : [join(dirname(PROMPTS_DIR), "evals", "transcripts")],
        runs: Math.max(1, Math.floor(runs)),
      });
      print({ ...r }, benchGuardTable(r));
      return 0;
    }
    if (which === "serve") {
      const { BENCH_SERVE_DEFAULTS, BENCH_SERVE_LIMITS, benchServe, benchServeTable } = await import(
        "../platforms/bench-serve.ts"
      );
      const upTo = (name: string, value: string, min: number, max: number): number | undefined => {
        const n = Number(value);
        if (value.trim() !== "" && Number.isFinite(n) && n >= min && n <= max) return Math.floor(n);
        println(io.stderr, `termin bench: --${name} must be a number from ${min} to ${max}, got "${value}"`);
        return undefined;
      };
      // --think-ms carries contention's default: serve's callers pause less unless told.
      const thinkGiven = args.some((a) => a === "--think-ms" || a.startsWith("--think-ms="));
      const calls = upTo(
        "calls",
        values.calls ?? String(BENCH_SERVE_DEFAULTS.calls),
        1,
        BENCH_SERVE_LIMITS.calls,
      );
      const concurrency =
        values.concurrency === undefined
          ? (calls ?? 1)
          : upTo("concurrency", values.concurrency, 1, BENCH_SERVE_LIMITS.concurrency);
      const thinkMs = thinkGiven
        ? upTo("think-ms", values["think-ms"], 0, BENCH_SERVE_LIMITS.thinkMs)
        : BENCH_SERVE_DEFAULTS.thinkMs;
      const seed = num("seed", values.seed);
      const now = values.now ?? BENCH_SERVE_DEFAULTS.now;
      const { fixedClock } = await import("../calendar/clock.ts");
      try {
        fixedClock(now);
      } catch {
        println(io.stderr, `termin bench: --now must be an ISO instant with an offset, got "${now}"`);
        return 2;
      }
      if (calls === undefined || concurrency === undefined || thinkMs === undefined || seed === undefined)
        return 2;
      const r = await benchServe({
        profile: loadBusinessProfile(values.business),
        calls,
        concurrency: Math.min(concurrency, calls),
        thinkMs,
        now,
        seed: Math.floor(seed),
      });
      print({ ...r }, benchServeTable(r));
      const wrongTold = (r.errorKinds["false_confirmation"] ?? 0) + (r.errorKinds["untold_booking"] ?? 0);
      return r.doubleBookings === 0 && wrongTold === 0 ? 0 : 1;
    }
    println(
      io.stderr,
      "termin bench: name a benchmark: contention, resolve, calsim, sharedkey, faults, rule, guard, week or serve (termin bench --help)",
    );
    return 2;
  },
};
