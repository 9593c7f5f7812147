/**
 * Calls driven end to end through a faulty Cal.com: the rule model, the conversation loop with its turn budget, the
 * tool handlers and the real Cal.com client against `termin calsim`'s server on 127.0.0.1 with random faults
 * (latency, 500s, dropped connections, slow bodies). Each caller wants a different slot, so nobody else ever books
 * or holds one: every "jemand anderem" the agent says is false by construction. At the end the calendar is read to
 * compare what callers heard with what is booked. Used by `termin bench faults` and by the end-to-end fault tests.
 */

import { DateTime } from "luxon";
import { startCall } from "../agent/call.ts";
import { createCalcomClient } from "../calendar/calcom-client.ts";
import { manualClock } from "../calendar/clock.ts";
import type { FaultOptions } from "../calendar/faults.ts";
import { slotsOnDate } from "../calendar/grid.ts";
import { overlappingBookings } from "../calendar/overlap.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { createTraceRecorder } from "../trace/recorder.ts";
import { stallMeter } from "./stall-meter.ts";

/** How a fault run is set up. Durations are real milliseconds, divided by `speed`. */
export interface FaultRunOptions {
  profile: BusinessProfile;
  /** Callers in all (default 60). */
  calls?: number;
  /** Calls at once (default 10). */
  concurrency?: number;
  /** The simulator server's random faults (latency, error rate, drops, slow bodies, seed). */
  faults?: FaultOptions;
  /** Per-attempt timeout of the Cal.com client (default 10000, as in production). */
  clientTimeoutMs?: number;
  /** Every duration (faults, timeouts, the turn budget, the silence threshold) runs this many times faster. */
  speed?: number;
  /** A turn whose first words (filler or answer) take longer than this is a silent turn (default 10000). */
  silenceMs?: number;
  /** Callers' numbers in national format ("0170 ...") as telephony often passes them. */
  nationalNumbers?: boolean;
  /** How long a caller takes to answer (default 3000). */
  thinkMs?: number;
  /**
   * Production's shared key (default true): the server's throttle (120 requests per 60 s, then 60 s blocked) on, and
   * the client's request budget and slot cache on; every call of the run uses the one key.
   */
  sharedKey?: boolean;
  /** The call's frozen clock (default the reference call's Saturday evening). */
  now?: string;
}

/** What one run found. The counts of false things, silences, loops and double bookings must be 0. */
export interface FaultRunReport {
  calls: number;
  booked: number;
  /** Callers who heard the calendar is unavailable at least once (honest, under faults). */
  toldUnavailable: number;
  /** Callers who heard the calendar is busy (too many requests on the shared key) at least once. */
  toldBusy: number;
  /** Callers who hung up without a booking. */
  withoutBooking: number;
  /** "jemand anderem": false by construction (nobody else wants any caller's slot). */
  falseSomeoneElse: number;
  /** A booking of the call exists at the end, but the caller heard neither "... ist gebucht" nor that it is unknown. */
  untoldBookings: number;
  /** A booking exists, and the caller was told honestly that it could not be confirmed (and what to do). */
  unconfirmedBookings: number;
  /** A booking exists, but the last thing the caller heard about it was that it is not booked. */
  falseNotBooked: number;
  /** Calls in which the agent said one sentence in three replies in a row: a loop. */
  repeatedSentences: number;
  /** The caller heard "... ist gebucht" but no booking of the call exists. */
  falseConfirmations: number;
  /** Turns whose first words came later than `silenceMs`, not counting time the machine did not run the process. */
  silentTurns: number;
  /** The longest wait for first words in any turn (ms, at run speed, as measured). */
  maxSilenceMs: number;
  /** The most time in one turn's wait during which the machine did not run the process (ms; see `stallMeter`). */
  maxStallMs: number;
  turns: number;
  doubleBookings: number;
  /** Up to three agent lines per finding, to see what was said. */
  examples: Record<string, string[]>;
  wallMs: number;
}

const CONFIRMED = /\bist gebucht\b/;
const UNCONFIRMED = /nicht bestätigen/;
const NOT_BOOKED = /noch nicht gebucht|nicht gebucht worden/;
/** A sentence about the booking: confirmed, not booked, or unconfirmed (what the caller believes is the last one). */
const STATEMENT = /\bist gebucht\b|noch nicht gebucht|nicht gebucht worden|nicht bestätigen/g;
const SOMEONE_ELSE = /jemand anderem/;
const UNAVAILABLE = /Terminkalender|nicht erreichbar/;
const BUSY = /ausgelastet/;
const NAMES = [
  "Hans Schuster",
  "Eva Brandt",
  "Karl Meier",
  "Lena Huber",
  "Murat Yilmaz",
  "Ina Roth",
  "Jonas Weber",
];

/** The caller's next line, from what the agent just said: a simple caller who wants their slot booked. */
function nextLine(said: string, name: string, retries: { left: number }): string | null {
  if (CONFIRMED.test(said)) return null;
  if (UNAVAILABLE.test(said)) {
    if (retries.left-- <= 0) return null;
    return "Ja, bitte versuchen Sie es noch einmal.";
  }
  if (/Namen|Nachname/.test(said)) return name;
  if (/noch nicht gebucht|nicht gebucht worden/.test(said)) return `Ja, bitte, auf den Namen ${name}.`;
  // Another slot could be another caller's: declining keeps every "jemand anderem" false by construction.
  if (/anbieten|Außerdem hätte ich/.test(said)) return "Nein danke, dann melde ich mich später. Tschüss.";
  if (/länger als gewohnt|nicht bestätigen/.test(said)) return "Okay, ich warte.";
  return "Ja, gerne.";
}

/** A sentence said in three agent replies in a row, if any: the caller is stuck in a loop. */
function loopedSentence(replies: string[]): string | undefined {
  const sentencesOf = (reply: string) => new Set(reply.split(/(?<=[.?!])\s+/).filter((x) => x.length > 20));
  const sets = replies.map(sentencesOf);
  for (let i = 2; i < sets.length; i++) {
    for (const sentence of sets[i] ?? []) {
      if (sets[i - 1]?.has(sentence) && sets[i - 2]?.has(sentence)) return sentence;
    }
  }
  return undefined;
}

/** A distinct free slot per caller: the grid of the days after `now`, spread over days and times. */
function wishes(profile: BusinessProfile, now: DateTime, count: number): DateTime[] {
  const service = profile.services[0];
  if (service === undefined) return [];
  const out: DateTime[] = [];
  for (let day = 2; out.length < count && day < profile.bookingWindowDays; day++) {
    const date = now.startOf("day").plus({ days: day });
    for (const span of slotsOnDate(profile, service.minutes, date).filter((_, i) => i % 3 === day % 3))
      if (out.length < count) out.push(DateTime.fromMillis(span.startMs, { zone: profile.timezone }));
  }
  return out;
}

/**
 * One call on a calendar of its own before the timed calls: the kit's first turn in a process compiles and loads what
 * every later turn reuses, CPU time the run's `speed` does not shrink, which would otherwise count as silence.
 */
async function warmUp(profile: BusinessProfile, service: string): Promise<void> {
  const clock = manualClock("2025-10-25T20:17:50+02:00");
  const call = startCall({
    business: profile,
    calendar: new CalendarSimulator({ profile, clock }),
    callerPhone: "+491700000000",
    clock,
    model: "rule",
  });
  call.conversation.greet();
  await call.conversation.turn(`Ich hätte gern einen ${service} am Montag um 9 Uhr.`);
  await call.conversation.turn("Ja, bitte.");
  await call.conversation.finish();
}

/** Runs the calls and reads the calendar afterwards. */
export async function runFaultCalls(options: FaultRunOptions): Promise<FaultRunReport> {
  const speed = options.speed ?? 1;
  const scaled = (ms: number) => Math.max(1, Math.round(ms / speed));
  const profile = options.profile;
  const service = profile.services[0];
  if (service === undefined) throw new Error("fault run: the profile has no service");
  const clock = manualClock(options.now ?? "2025-10-25T20:17:50+02:00");
  const sim = new CalendarSimulator({ profile, clock });
  const faults = options.faults ?? {};
  const shared = options.sharedKey ?? true;
  // Limits keep their production values on a clock that runs `speed` times faster.
  const origin = Date.now();
  const fastNow = () => origin + (Date.now() - origin) * speed;
  const key = "cal_live_fault_run";
  const server = await startSimServer(sim, {
    rateLimit: shared ? {} : false,
    now: fastNow,
    apiKey: key,
    faults: {
      ...faults,
      ...(faults.latencyMs === undefined ? {} : { latencyMs: scaled(faults.latencyMs) }),
      ...(faults.jitterMs === undefined ? {} : { jitterMs: scaled(faults.jitterMs) }),
      ...(faults.slowMs === undefined ? {} : { slowMs: scaled(faults.slowMs) }),
    },
  });
  const calendar = createCalcomClient({
    baseUrl: server.url,
    region: sim.region,
    apiKey: key,
    timeoutMs: scaled(options.clientTimeoutMs ?? 10_000),
    ...(shared ? {} : { budget: false as const, slotCacheMs: 0 }),
    now: fastNow,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, scaled(ms))),
  });
  const silenceMs = scaled(options.silenceMs ?? 10_000);
  const thinkMs = scaled(options.thinkMs ?? 3_000);
  const think = () => new Promise((resolve) => setTimeout(resolve, thinkMs));
  const budget = { fillerAfterMs: scaled(1_500), deadlineMs: scaled(8_000), closingWaitMs: scaled(8_000) };
  const calls = options.calls ?? 60;
  const slots = wishes(profile, clock(), calls);
  const report: FaultRunReport = {
    calls: slots.length,
    booked: 0,
    toldUnavailable: 0,
    toldBusy: 0,
    withoutBooking: 0,
    falseSomeoneElse: 0,
    untoldBookings: 0,
    unconfirmedBookings: 0,
    falseNotBooked: 0,
    repeatedSentences: 0,
    falseConfirmations: 0,
    silentTurns: 0,
    maxSilenceMs: 0,
    maxStallMs: 0,
    turns: 0,
    doubleBookings: 0,
    examples: {},
    wallMs: 0,
  };
  const note = (finding: keyof FaultRunReport, line: string) => {
    const list = report.examples[finding] ?? [];
    if (list.length < 3) list.push(line);
    report.examples[finding] = list;
  };
  await warmUp(profile, service.name);
  const started = performance.now();
  const stalls = stallMeter();

  const oneCall = async (index: number, at: DateTime): Promise<void> => {
    const callId = `call_fault_${index}`;
    const name = NAMES[index % NAMES.length] ?? "Hans Schuster";
    const phone = options.nationalNumbers
      ? `0170 ${String(1_000_000 + index).slice(-7)}`
      : `+49170${String(1_000_000 + index).slice(-7)}`;
    /** When the caller heard the first words of the turn, and the process's stall time by then. */
    let firstWords: { at: number; stalled: number } | null = null;
    const call = startCall({
      business: profile,
      calendar,
      clock,
      callerPhone: phone,
      model: "rule",
      callId,
      budget,
      recorder: createTraceRecorder({ clock, zone: profile.timezone }),
      observer: {
        onFiller: () => {
          firstWords ??= { at: performance.now(), stalled: stalls.stalledMs() };
        },
      },
    });
    const heard: string[] = [call.conversation.greet()];
    let line: string | null =
      `Ich hätte gern einen ${service.name} am ${at.toFormat("d.M.")} um ${at.toFormat("H:mm")} Uhr.`;
    const retries = { left: 2 };
    for (let turn = 0; line !== null && turn < 10 && !call.conversation.ended; turn++) {
      firstWords = null;
      const begin = performance.now();
      const stalledBefore = stalls.stalledMs();
      const reply = await call.conversation.turn(line);
      const heardAt = firstWords ?? { at: performance.now(), stalled: stalls.stalledMs() };
      const waited = heardAt.at - begin;
      const stalled = heardAt.stalled - stalledBefore;
      report.turns++;
      report.maxSilenceMs = Math.max(report.maxSilenceMs, Math.round(waited));
      report.maxStallMs = Math.max(report.maxStallMs, Math.round(stalled));
      if (waited - stalled > silenceMs) {
        report.silentTurns++;
        note(
          "silentTurns",
          `${Math.round(waited)} ms (${Math.round(stalled)} ms stalled) after "${line}": ${reply.say}`,
        );
      }
      heard.push(reply.say);
      line = nextLine(reply.say, name, retries);
      await think();
      if (line === null && !CONFIRMED.test(reply.say)) line = "Dann melde ich mich später. Tschüss.";
      if (line?.endsWith("Tschüss.") === true && line.startsWith("Dann")) {
        heard.push((await call.conversation.turn(line)).say);
        line = null;
      }
    }
    heard.push(await call.conversation.finish());
    const said = heard.join(" ");
    const mine = sim.listBookings().filter((b) => b.metadata["callId"] === callId && b.status === "accepted");
    // What the caller believes at the end is the last thing said about the booking.
    const last = heard.flatMap((h) => [...h.matchAll(STATEMENT)].map((m) => m[0])).at(-1);
    if (mine.length > 0 && last !== undefined && NOT_BOOKED.test(last)) {
      report.falseNotBooked++;
      note("falseNotBooked", said);
    }
    const looped = loopedSentence(heard);
    if (looped !== undefined) {
      report.repeatedSentences++;
      note("repeatedSentences", looped);
    }
    const confirmed = heard.some((h) => CONFIRMED.test(h));
    if (mine.length > 0) report.booked++;
    else {
      report.withoutBooking++;
      note("withoutBooking", said);
    }
    if (heard.some((h) => UNAVAILABLE.test(h) && !BUSY.test(h))) report.toldUnavailable++;
    if (heard.some((h) => BUSY.test(h))) report.toldBusy++;
    for (const h of heard.filter((x) => SOMEONE_ELSE.test(x))) {
      report.falseSomeoneElse++;
      note("falseSomeoneElse", h);
    }
    if (mine.length > 0 && !confirmed) {
      if (heard.some((h) => UNCONFIRMED.test(h))) report.unconfirmedBookings++;
      else {
        report.untoldBookings++;
        note("untoldBookings", said);
      }
    }
    if (mine.length === 0 && confirmed) {
      report.falseConfirmations++;
      note("falseConfirmations", said);
    }
  };

  try {
    let next = 0;
    const worker = async () => {
      while (next < slots.length) {
        const index = next++;
        const at = slots[index];
        if (at !== undefined) await oneCall(index, at);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 10, slots.length) }, worker));
  } finally {
    stalls.stop();
    await server.close();
  }
  report.doubleBookings = overlappingBookings(sim.listBookings()).length;
  report.wallMs = Math.round(performance.now() - started);
  return report;
}

/** The report as the lines `termin bench faults` prints. */
export function faultRunTable(r: FaultRunReport): string[] {
  const row = (label: string, value: number | string) => `  ${label.padEnd(50)} ${value}`;
  return [
    `faults: ${r.calls} calls, ${r.turns} caller turns, ${(r.wallMs / 1000).toFixed(1)} s wall`,
    row("booked", r.booked),
    row("without a booking", r.withoutBooking),
    row("told the calendar is unavailable (honest)", r.toldUnavailable),
    row("told the calendar is busy (the shared key's limit)", r.toldBusy),
    row("booked, told it could not be confirmed", r.unconfirmedBookings),
    row('false "jemand anderem" claims (must be 0)', r.falseSomeoneElse),
    row("bookings never told (must be 0)", r.untoldBookings),
    row("false confirmations (must be 0)", r.falseConfirmations),
    row('booked, but last told "nicht gebucht" (must be 0)', r.falseNotBooked),
    row("calls with one sentence in 3 replies in a row (must be 0)", r.repeatedSentences),
    row("silent turns over the threshold (must be 0)", r.silentTurns),
    row("longest wait for first words (ms, at run speed)", r.maxSilenceMs),
    row("longest stall of the process in one wait (ms, other processes on the CPUs)", r.maxStallMs),
    row("double bookings (must be 0)", r.doubleBookings),
  ];
}
