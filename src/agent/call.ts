import { randomUUID } from "node:crypto";
import type { DateTime } from "luxon";
import { BookingSession } from "../booking/session.ts";
import type { CalendarBackend } from "../calendar/backend.ts";
import { type CountryCode, DEFAULT_REGION, normalizePhone, regionForTimezone } from "../calendar/phone.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { createTraceRecorder, type TraceRecorder } from "../trace/recorder.ts";
import { traceBackend } from "../trace/tracing-backend.ts";
import { Conversation, type ConversationObserver } from "./conversation.ts";
import type { ChatModel } from "./model.ts";
import { modelFromEnv } from "./model-config.ts";
import { createOpenAIModel } from "./openai-model.ts";
import { createRuleModel } from "./rule-model.ts";
import { GUARD_ENV, GUARD_MODES, type GuardMode, guardModeOf, SpeechGuard } from "./speech-guard.ts";
import { renderSystemPrompt } from "./system-prompt.ts";
import type { Timers, TurnBudget } from "./turn-budget.ts";

/** Everything one call needs; telephony supplies the caller's number, the business supplies the rest. */
export interface CallSetup {
  business: BusinessProfile;
  calendar: CalendarBackend;
  clock: () => DateTime;
  callerPhone: string | null;
  /** `rule`, `openai`, a ready model, or undefined for the DESIGN.md default (openai when configured). */
  model?: "rule" | "openai" | ChatModel;
  env?: NodeJS.ProcessEnv;
  callId?: string;
  templatesDir?: string;
  systemPromptFile?: string;
  observer?: ConversationObserver;
  maxBookings?: number;
  /** Records into this recorder instead of a new one. */
  recorder?: TraceRecorder;
  /** Time and size bounds of the conversation (filler, turn deadline, caller line, turns); default per field. */
  budget?: Partial<TurnBudget>;
  /** Timers for the budget; tests pass fake ones. */
  timers?: Timers;
  /** The speech guard's mode; default from TERMIN_GUARD in `env`, else `strict`. */
  guard?: GuardMode;
}

/** A call in progress. */
export interface Call {
  callId: string;
  conversation: Conversation;
  session: BookingSession;
  recorder: TraceRecorder;
  model: ChatModel;
}

/** Picks the model per DESIGN.md: `rule` needs nothing; `openai` reads OPENAI_API_KEY / OPENAI_BASE_URL / TERMIN_MODEL. */
export function chooseModel(
  setup: Pick<CallSetup, "model" | "env" | "business" | "clock" | "maxBookings">,
): ChatModel {
  if (typeof setup.model === "object") return setup.model;
  const selection = modelFromEnv(setup.env ?? process.env, setup.model);
  if (selection.kind === "openai" && selection.openai !== undefined)
    return createOpenAIModel(selection.openai);
  return createRuleModel({
    profile: setup.business,
    now: setup.clock().toISO() ?? "",
    maxBookings: setup.maxBookings ?? setup.business.bookingsPerCall,
  });
}

/**
 * Telephony's number in E.164, or null when it is withheld ("", "anonymous", "unknown") or not a valid number.
 * Normalised here, once, so the booking, look-ups and redaction all see one spelling; national numbers take
 * the business's country (`regionForTimezone(business.timezone)`, default DE).
 */
export function callerNumber(raw: string | null, region: CountryCode = DEFAULT_REGION): string | null {
  return raw === null ? null : normalizePhone(raw, region);
}

/** The guard mode TERMIN_GUARD sets; an unknown value is a setup error, not a silent default. */
export function guardFromEnv(env: NodeJS.ProcessEnv): GuardMode {
  const value = env[GUARD_ENV];
  const mode = guardModeOf(value);
  if (mode === null) throw new ConfigError(`${GUARD_ENV}=${value}: expected ${GUARD_MODES.join(", ")}`);
  return mode;
}

/** Sets up one call: traced calendar, booking session, system prompt, model, conversation. */
export function startCall(setup: CallSetup): Call {
  const callerPhone = callerNumber(setup.callerPhone, regionForTimezone(setup.business.timezone));
  const callId = setup.callId ?? `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const zone = setup.business.timezone;
  const recorder = setup.recorder ?? createTraceRecorder({ clock: setup.clock, zone });
  const model = chooseModel(setup);
  const session = new BookingSession({
    callId,
    business: setup.business,
    callerPhone,
    calendar: traceBackend(setup.calendar, recorder),
    clock: setup.clock,
    ...(setup.templatesDir === undefined ? {} : { templatesDir: setup.templatesDir }),
    maxBookings: setup.maxBookings ?? setup.business.bookingsPerCall,
  });
  recorder.record({
    type: "call_started",
    callId,
    business: { id: setup.business.id, name: setup.business.name, timezone: zone },
    callerPhone: callerPhone ?? "",
    model: model.name,
    now: setup.clock().setZone(zone).toISO() ?? "",
  });
  const conversation = new Conversation({
    model,
    session,
    recorder,
    greeting: setup.business.greeting,
    systemPrompt: renderSystemPrompt({
      business: setup.business,
      now: setup.clock(),
      callerPhone,
      ...(setup.systemPromptFile === undefined ? {} : { file: setup.systemPromptFile }),
    }),
    // The session's first words: its templates are compiled here, so a missing folder or a broken template stops the
    // call before its greeting.
    modelUnavailableText: session.say("model-unavailable", {}),
    ...(setup.observer === undefined ? {} : { observer: setup.observer }),
    ...(setup.budget === undefined ? {} : { budget: setup.budget }),
    ...(setup.timers === undefined ? {} : { timers: setup.timers }),
    guard: new SpeechGuard({
      zone,
      callerPhone,
      mode: setup.guard ?? guardFromEnv(setup.env ?? process.env),
      hours: setup.business.hours,
    }),
  });
  return { callId, conversation, session, recorder, model };
}
