import { DateTime } from "luxon";
import { startCall } from "../agent/call.ts";
import type { ChatModel } from "../agent/model.ts";
import type { GuardMode, ObservedTool } from "../agent/speech-guard.ts";
import type { TurnBudget } from "../agent/turn-budget.ts";
import type { ToolOutcome } from "../booking/run-tool.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import { manualClock } from "../calendar/clock.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { instantKey, localMinuteOf } from "../time/instant.ts";
import type { TraceEvent } from "../trace/events.ts";
import { createTraceRecorder } from "../trace/recorder.ts";
import { checkBookedAsChosen } from "./booked-as-chosen.ts";
import { byThisCall, type CallFacts, checkCall } from "./call-checks.ts";
import {
  checkReply,
  type KnownSlot,
  knownSlotsOf,
  type OfferRound,
  offerRound,
  turnRound,
  type Violation,
} from "./invariants.ts";
import { type OfferState, OtherCustomers, replayCalendar } from "./others.ts";
import type { LoadedTranscript } from "./transcript.ts";

/** How to replay. */
export interface ReplayOptions {
  model?: "rule" | "openai" | ChatModel;
  env?: NodeJS.ProcessEnv;
  /** Response templates to use instead of prompts/responses (e.g. a developer's edited copy). */
  templatesDir?: string;
  /** The speech guard's mode (default: TERMIN_GUARD in `env`, else strict). */
  guard?: GuardMode;
  systemPromptFile?: string;
  /** Seconds the call clock moves per caller turn (a caller needs time to speak). */
  secondsPerTurn?: number;
  /** The turn budget (filler threshold, turn deadline, ...), e.g. shortened to replay a slow calendar quickly. */
  budget?: Partial<TurnBudget>;
  /**
   * Real milliseconds each calendar method waits before it answers: replays the call against a slow Cal.com, so the
   * trace shows the fillers and turn deadlines the caller would hear.
   */
  calendarDelayMs?: Partial<Record<keyof CalendarBackend, number>>;
}

/** One failed expectation or invariant. */
export interface ReplayFailure {
  /** `invariant N`, `says`, `not_says`, `booked`, `cancelled`, `call`. */
  check: string;
  /** 1-based caller turn, or null for the whole call. */
  turn: number | null;
  message: string;
  /** The agent's words at that turn. */
  agent?: string;
}

export interface ReplayTurn {
  caller: string;
  agent: string;
  /** Filler sentences spoken while a slow tool ran (see `calendarDelayMs`); empty on a fast calendar. */
  fillers: string[];
  tools: { name: string; arguments: unknown; status: string }[];
}

export interface ReplayBooking {
  uid: string;
  service: string;
  /** Business-local wall time `YYYY-MM-DDTHH:MM`. */
  start: string;
  status: string;
  name: string;
  /** Made (or cancelled) by this call rather than present before it. */
  byThisCall: boolean;
}

/** The outcome of one replayed call (`termin replay --json` prints one per call). */
export interface ReplayReport {
  name: string;
  file: string;
  model: string;
  passed: boolean;
  failures: ReplayFailure[];
  turns: ReplayTurn[];
  /** Each tool call as JSON (the report is written as JSON; its readers look into results generically). */
  toolCalls: { turn: number; id: string; name: string; arguments: unknown; result: ObservedTool["result"] }[];
  bookings: ReplayBooking[];
  greeting: string;
  events: readonly TraceEvent[];
  /** How often the speech guard flagged the model's words, by rule (replaced in strict mode, spoken in warn). */
  guard: GuardCounts;
}

/** Speech-guard flags of one call: the turns flagged, and how often each rule was broken. */
export interface GuardCounts {
  flagged: number;
  rules: Record<string, number>;
}

/** Counts the `speech_guarded` events of a trace. */
export function guardCounts(events: readonly TraceEvent[]): GuardCounts {
  const out: GuardCounts = { flagged: 0, rules: {} };
  for (const e of events) {
    if (e.type !== "speech_guarded") continue;
    out.flagged++;
    for (const r of e.rules) out.rules[r.rule] = (out.rules[r.rule] ?? 0) + 1;
  }
  return out;
}

/**
 * Replays a transcript: the simulated calendar in its recorded state, the frozen clock, the other customers
 * acting when they acted, each caller line through the real conversation loop; then the per-turn and per-call
 * expectations and the eight invariants of DESIGN.md.
 */
export async function replayTranscript(
  loaded: LoadedTranscript,
  options: ReplayOptions = {},
): Promise<ReplayReport> {
  const { transcript, business } = loaded;
  const zone = business.timezone;
  const clock = manualClock(transcript.now);
  const sim = new CalendarSimulator({ profile: business, clock });
  for (const b of transcript.calendar.bookings) {
    sim.addBooking({
      service: b.service,
      start: b.start,
      name: b.name,
      ...(b.phone === undefined ? {} : { phone: b.phone }),
    });
  }
  for (const c of transcript.calendar.closed) sim.addClosure(c);
  const before = new Set(sim.listBookings().map((b) => b.uid));

  const recorder = createTraceRecorder({ clock, zone });
  const offers: OfferState = { latest: [] };
  const others = new OtherCustomers(transcript.others, sim, business, offers, recorder);
  const calendar = slowedDown(
    replayCalendar(sim, transcript.calendar.failures, others),
    options.calendarDelayMs,
  );
  let latestRound: OfferRound | null = null;
  /** This turn's availability answers: "am gleichen Tag" is about what the caller asked for first. */
  let turnRounds: OfferRound[] = [];
  const call = startCall({
    business,
    calendar,
    clock,
    callerPhone: transcript.caller.phone,
    callId: `replay_${transcript.name}`,
    recorder,
    ...(options.model === undefined ? { model: "rule" as const } : { model: options.model }),
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.templatesDir === undefined ? {} : { templatesDir: options.templatesDir }),
    ...(options.guard === undefined ? {} : { guard: options.guard }),
    ...(options.systemPromptFile === undefined ? {} : { systemPromptFile: options.systemPromptFile }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    observer: {
      afterTool(outcome) {
        const round = offerRound(outcome, zone);
        if (round === null) return;
        latestRound = round;
        turnRounds.push(round);
        const r = outcome.result;
        const service =
          "slot" in r ? r.slot.service : "alternatives" in r ? (r.alternatives[0]?.service ?? "") : "";
        offers.latest = round.offers.map((o) => ({ ...o, service }));
        if (outcome.name === "check_availability") others.afterOffer();
      },
    },
  });

  const failures: ReplayFailure[] = [];
  const turns: ReplayTurn[] = [];
  const toolCalls: ReplayReport["toolCalls"] = [];
  const known: KnownSlot[] = [];
  const outcomes: { turn: number; outcome: ToolOutcome }[] = [];
  /** The call's clock at each caller turn: invariant 8 reads "morgen" as the caller meant it. */
  const clocks: string[] = [];
  const greeting = call.conversation.greet();
  const fold = (s: string): string => s.toLowerCase().replace(/\s+/g, " ");

  for (const [i, t] of transcript.turns.entries()) {
    const turnNo = i + 1;
    if (call.conversation.ended) {
      failures.push({
        check: "call",
        turn: turnNo,
        message: `the agent ended the call before caller turn ${turnNo}`,
      });
      break;
    }
    clock.advance({ seconds: options.secondsPerTurn ?? 10 });
    turnRounds = [];
    clocks.push(clock().toISO() ?? transcript.now);
    const reply = await call.conversation.turn(t.caller);
    let conflict: KnownSlot[] | null = null;
    for (const outcome of reply.tools) {
      outcomes.push({ turn: turnNo, outcome });
      known.push(...knownSlotsOf(outcome.result, zone));
      if (outcome.result.status === "slot_taken") conflict = knownSlotsOf(outcome.result.alternatives, zone);
    }
    toolCalls.push(
      ...reply.tools.map((o, k) => ({
        turn: turnNo,
        id: `${turnNo}.${k + 1}`,
        name: o.name,
        arguments: o.arguments,
        result: o.result,
      })),
    );
    turns.push({
      caller: t.caller,
      agent: reply.say,
      fillers: reply.fillers,
      tools: reply.tools.map((o) => ({
        name: o.name,
        arguments: o.arguments,
        status: String(o.result.status),
      })),
    });
    const said = fold(reply.say);
    for (const phrase of t.expect?.says ?? []) {
      if (!said.includes(fold(phrase)))
        failures.push({
          check: "says",
          turn: turnNo,
          message: `expected the agent to say "${phrase}"`,
          agent: reply.say,
        });
    }
    for (const phrase of t.expect?.not_says ?? []) {
      if (said.includes(fold(phrase)))
        failures.push({
          check: "not_says",
          turn: turnNo,
          message: `the agent must not say "${phrase}"`,
          agent: reply.say,
        });
    }
    const violations: Violation[] = checkReply({
      zone,
      now: clock(),
      turn: turnNo,
      text: reply.say,
      known,
      latestRound: turnRound(turnRounds, latestRound),
      conflict:
        conflict === null
          ? null
          : { alternatives: await stillFree(conflict, sim, business), offered: conflict.length },
    });
    for (const v of violations)
      failures.push({
        check: `invariant ${v.invariant}`,
        turn: v.turn,
        message: v.message,
        agent: reply.say,
      });
  }
  const endedByAgent = call.conversation.ended;
  // Work still running past a turn's deadline is waited for and told; the holds are let go.
  const closing = await call.conversation.finish();
  const lastTurn = turns.at(-1);
  if (closing !== "" && lastTurn !== undefined) lastTurn.agent = `${lastTurn.agent} ${closing}`;
  recorder.record({
    type: "call_ended",
    reason: endedByAgent ? "end_call" : "transcript_done",
    durationMs: 0,
  });

  const bookings: ReplayBooking[] = sim.listBookings().map((b) => ({
    uid: b.uid,
    service: business.services.find((s) => s.eventTypeId === b.eventTypeId)?.id ?? String(b.eventTypeId),
    start: localMinuteOf(b.start, zone),
    status: b.status,
    name: b.attendees[0]?.name ?? "",
    byThisCall: byThisCall(b, before, call.callId),
  }));
  for (const action of others.unfired()) {
    failures.push({
      check: "others",
      turn: null,
      message: `others action never fired: on ${action.on}, takes ${action.takes}`,
    });
  }
  const facts: CallFacts = {
    transcript,
    business,
    zone,
    bookings: sim.listBookings(),
    before,
    callId: call.callId,
    offers: call.session.offers,
    outcomes,
  };
  failures.push(...checkCall(facts));
  failures.push(...checkBookedAsChosen({ turns, toolCalls, bookings }, { business, clock: clocks }));
  return {
    name: transcript.name,
    file: loaded.file,
    model: call.model.name,
    passed: failures.length === 0,
    failures,
    turns,
    toolCalls,
    bookings,
    greeting,
    events: recorder.events(),
    guard: guardCounts(recorder.events()),
  };
}

/** The calendar with each method answering `delays[method]` real milliseconds late (a slow Cal.com). */
function slowedDown(
  backend: CalendarBackend,
  delays: ReplayOptions["calendarDelayMs"] | undefined,
): CalendarBackend {
  if (delays === undefined) return backend;
  const late = async <T>(ms: number | undefined, run: () => Promise<T>): Promise<T> => {
    if (ms !== undefined && ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return run();
  };
  return {
    getSlots: (q) => late(delays.getSlots, () => backend.getSlots(q)),
    hold: (e, s, owner) => late(delays.hold, () => backend.hold(e, s, owner)),
    releaseHold: (u) => late(delays.releaseHold, () => backend.releaseHold(u)),
    book: (r) => late(delays.book, () => backend.book(r)),
    findBookings: (q) => late(delays.findBookings, () => backend.findBookings(q)),
    cancel: (u, r) => late(delays.cancel, () => backend.cancel(u, r)),
    reschedule: (u, s, r) => late(delays.reschedule, () => backend.reschedule(u, s, r)),
  };
}

/** The conflict's alternatives that are still bookable right now (invariant 4 asks for still-free ones). */
async function stillFree(
  alternatives: KnownSlot[],
  sim: CalendarSimulator,
  business: LoadedTranscript["business"],
): Promise<KnownSlot[]> {
  if (alternatives.length === 0) return [];
  const zone = business.timezone;
  const starts = alternatives.map((a) => instantKey(a.start));
  const from = DateTime.fromMillis(Math.min(...starts));
  const to = DateTime.fromMillis(Math.max(...starts)).plus({ minutes: 1 });
  const free = new Set<number>();
  for (const service of business.services) {
    const slots = await sim.getSlots({
      eventTypeId: service.eventTypeId,
      start: from.toUTC().toISO() ?? "",
      end: to.toUTC().toISO() ?? "",
      timeZone: zone,
    });
    for (const list of Object.values(slots)) for (const s of list) free.add(instantKey(s.start));
  }
  return alternatives.filter((a) => free.has(instantKey(a.start)));
}
