/** `termin calsim`: the Cal.com v2 simulator over HTTP on 127.0.0.1, with optional fault injection. */
import type { FaultOptions } from "../calendar/faults.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { ConfigError } from "../errors.ts";
import { parseNow, runningClock } from "./clock-option.ts";
import { type CliIO, type Command, println, untilSignal } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parsePortOption } from "./port-option.ts";

const HELP = `termin calsim [options]

Serves the in-memory Cal.com simulator as Cal.com API v2 on 127.0.0.1: the same paths, cal-api-version
headers, JSON shapes, error envelopes, holds and rate limits (120 requests per 60 s per key). Runs until
Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port N           port to listen on; 0 (default) picks a free one and prints it
  --business ID      business profile in prompts/businesses/ (default friseur-1)
  --now ISO          start the simulator's clock at this instant, e.g. 2025-10-25T20:17:50+02:00
                     (without an offset: wall time in the business's zone); it then runs on in real
                     time (default: the real now)
  --api-key KEY      require "Authorization: Bearer KEY" for GET /v2/bookings, refuse wrong keys
Faults (for testing clients):
  --latency MS       add MS milliseconds before every answer
  --jitter MS        add up to MS more, at random
  --error-rate P     answer a fraction P (0..1) of requests 500 InternalServerErrorException
  --burst-429 N      answer every Nth request 429 ThrottlerException (with Retry-After)
  --drop-rate P      drop the connection of a fraction P of requests without an answer
  --slow-ms MS       send every answer's body slowly, spread over MS milliseconds
  --seed N           seed of the random faults, so a run repeats

Examples:
  termin calsim --port 4010 --now 2025-10-25T20:17:50+02:00
  curl -H 'cal-api-version: 2024-09-04' \\
    'http://127.0.0.1:4010/v2/slots?eventTypeId=3672814&start=2025-10-25T22:00:00Z&end=2025-10-26T23:00:00Z&timeZone=Europe/Berlin'
  curl -X POST -H 'cal-api-version: 2024-08-13' -H 'content-type: application/json' \\
    -d '{"start":"2025-10-26T09:00:00Z","eventTypeId":3672814,"attendee":{"name":"Hans","timeZone":"Europe/Berlin","phoneNumber":"+491701234567"}}' \\
    http://127.0.0.1:4010/v2/bookings
  termin calsim --error-rate 0.1 --drop-rate 0.05 --burst-429 20 --seed 7
  termin chat --calendar http://127.0.0.1:4010`;

/** calsim serves this machine only: it is a test double, not a server to expose. */
const HOST = "127.0.0.1";

type Values = Partial<Record<"port" | "business" | "now" | "api-key" | "latency" | "jitter", string>> &
  Partial<Record<"error-rate" | "burst-429" | "drop-rate" | "slow-ms" | "seed", string>>;

function number(
  values: Values,
  flag: keyof Values,
  min: number,
  max = Number.POSITIVE_INFINITY,
): number | undefined {
  const text = values[flag];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < min || value > max) {
    const range = Number.isFinite(max) ? `${min}..${max}` : `>= ${min}`;
    throw new ConfigError(`--${flag} must be a number ${range}, got "${text}"`);
  }
  return value;
}

function faultOptions(values: Values): FaultOptions {
  const faults: FaultOptions = {};
  const set = <K extends keyof FaultOptions>(key: K, value: FaultOptions[K] | undefined) => {
    if (value !== undefined) faults[key] = value;
  };
  set("latencyMs", number(values, "latency", 0));
  set("jitterMs", number(values, "jitter", 0));
  set("errorRate", number(values, "error-rate", 0, 1));
  set("throttleEvery", number(values, "burst-429", 1));
  set("dropRate", number(values, "drop-rate", 0, 1));
  set("slowMs", number(values, "slow-ms", 0));
  set("seed", number(values, "seed", 0));
  return faults;
}

/** Runs calsim until `until` settles; the command passes process signals, tests may pass their own promise. */
export async function runCalsim(
  args: string[],
  io: CliIO,
  until: () => Promise<unknown> = untilSignal,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    port: { type: "string" },
    business: { type: "string" },
    now: { type: "string" },
    "api-key": { type: "string" },
    latency: { type: "string" },
    jitter: { type: "string" },
    "error-rate": { type: "string" },
    "burst-429": { type: "string" },
    "drop-rate": { type: "string" },
    "slow-ms": { type: "string" },
    seed: { type: "string" },
  });
  if (positionals.length > 0)
    throw new ConfigError(`unexpected argument "${positionals[0]}"; see termin calsim --help`);
  const v = values as Values;
  const port = v.port === undefined ? 0 : parsePortOption(v.port);
  const profile = loadBusinessProfile(v.business ?? "friseur-1");
  const sim = new CalendarSimulator({ profile, clock: runningClock(parseNow(v.now, profile.timezone)) });
  const server = await startSimServer(sim, {
    port,
    host: HOST,
    faults: faultOptions(v),
    ...(v["api-key"] === undefined ? {} : { apiKey: v["api-key"] }),
  }).catch((error: unknown) => {
    // Another calsim (or anything else) on the port is the developer's setup, not a crash: say so in one line.
    if ((error as { code?: unknown }).code === "EADDRINUSE")
      throw new ConfigError(`port ${port} on ${HOST} is in use; try --port 0`, { cause: error });
    throw error;
  });
  // Listen for the signal before announcing the port: a script may send it as soon as it reads the line.
  const stopped = until();
  println(io.stdout, `calsim listening on ${server.url} (business ${profile.id}, zone ${profile.timezone})`);
  try {
    await stopped;
  } finally {
    await server.close();
  }
  return 0;
}

/** The `calsim` command. */
export const calsimCommand: Command = {
  help: HELP,
  run: (args, io) => runCalsim(args, io),
};
