import { getTool, toolSpecs } from "../../tools/index.ts";
import { changeSentence } from "../booking/change-sentence.ts";
import { recheckUnverified, unverifiedBooking } from "../booking/own-bookings.ts";
import { runTool, type ToolOutcome } from "../booking/run-tool.ts";
import { type BookingSession, type CalendarChange, instantKey } from "../booking/session.ts";
import { ConfigError } from "../errors.ts";
import type { TraceRecorder } from "../trace/recorder.ts";
import {
  changesCalendar,
  fillerFor,
  lateId,
  NOT_RUN_RESULT,
  pendingResult,
  startWork,
  unspokenSays,
  type Work,
} from "./late-work.ts";
import type { ChatMessage, ChatModel, ModelResponse, ToolCall } from "./model.ts";
import type { SpeechGuard } from "./speech-guard.ts";
import {
  boundCallerText,
  DEFAULT_TURN_BUDGET,
  Deadline,
  type Raced,
  systemTimers,
  type Timers,
  type TurnBudget,
} from "./turn-budget.ts";

/** Lets a replay act between steps, and a chat or a server speak while a turn is still running. */
export interface ConversationObserver {
  afterTool?(outcome: ToolOutcome): Promise<void> | void;
  /**
   * A tool call is slow: `text` (the tool's `messages.requestStart`) is to be spoken now, before the turn's answer.
   * Called from a timer, while the turn runs; it must not throw (a throw is traced and ignored).
   */
  onFiller?(text: string, info: { turn: number; tool: string }): void;
  /**
   * The model failed this turn (unreachable, timed out, refused the key): the caller hears the honest sentence,
   * which says nothing to a developer, so a chat prints `error` here. It must not throw (a throw is traced and
   * ignored).
   */
  onModelFailed?(error: Error, info: { turn: number }): void;
}

export interface ConversationOptions {
  model: ChatModel;
  session: BookingSession;
  systemPrompt: string;
  greeting: string;
  recorder: TraceRecorder;
  /** What the agent says when the model cannot be reached (from the business's templates). */
  modelUnavailableText: string;
  /** Model round trips per caller turn before the loop stops asking (a runaway model must not loop forever). */
  maxSteps?: number;
  observer?: ConversationObserver;
  /** Time and size bounds of turns and of the call; unset fields take `DEFAULT_TURN_BUDGET`. */
  budget?: Partial<TurnBudget>;
  /** Timers for the budget; tests pass fake ones. Default: the machine's. */
  timers?: Timers;
  /** Checks the model's words before the caller hears them; none: spoken as they are. */
  guard?: SpeechGuard;
}

/** One agent reply: what was spoken, and the tools that ran for it. */
export interface TurnResult {
  say: string;
  /** Tool results of this turn, with results that came late from earlier turns and were told in this one. */
  tools: ToolOutcome[];
  ended: boolean;
  /** Filler sentences spoken while tools ran (already delivered through `onFiller`), in order. */
  fillers: string[];
  /** The turn's deadline passed: `say` tells the caller so (and what was known by then). */
  timedOut: boolean;
}

/** What one turn has said and done so far. */
interface TurnState {
  turn: number;
  /** Told first: results that came late, looked-up bookings, what the end of the call found. */
  late: string[];
  /** The answer to the caller's line. */
  spoken: string[];
  /** Which of `spoken` are the model's own words (the speech guard reads those). */
  fromModel: Set<string>;
  tools: ToolOutcome[];
  fillers: string[];
  timedOut: boolean;
}

/**
 * The conversation loop: caller text -> model -> tools -> model, until the model speaks without calling a tool,
 * inside a time budget per turn (turn-budget.ts): a slow tool gets its filler sentence, and at the turn's deadline
 * the caller hears an honest sentence while the tool keeps running; its result is told at the next turn or before
 * the call ends. Wiring only: tool logic lives in src/booking, speech in prompts/, the policy in the model.
 */
export class Conversation {
  readonly messages: ChatMessage[];
  ended = false;
  /**
   * What ended the call by failing: the model's setup (a rejected key: the developer must fix it) or the loop
   * itself (`fail`). The caller heard an honest sentence; a chat reports this and exits non-zero.
   */
  fatal: Error | null = null;
  private turnNo = 0;
  /** The tools the model sees, built once per call rather than on every model step. */
  private readonly tools = toolSpecs();
  private readonly budget: TurnBudget;
  private readonly timers: Timers;
  /** Work that outlived its turn's deadline, in the order it started; removed once its result is added. */
  private background: Work[] = [];
  private rechecks = 0;
  /** Turns in a row that ended with the delay sentence. */
  private delayed = 0;
  private closed = false;
  /** The turn in progress, so that `fail` can still tell what its tools did. */
  private current: TurnState | null = null;

  /**
   * The call's calendar writes the caller was told of: by a tool result of a finished turn, or before this loop took
   * the call over (a call restored on another instance).
   */
  private readonly toldChanges = new Set<CalendarChange>();

  constructor(private readonly options: ConversationOptions) {
    for (const change of options.session.changes) this.toldChanges.add(change);
    this.messages = [{ role: "system", content: options.systemPrompt }];
    this.budget = { ...DEFAULT_TURN_BUDGET, ...options.budget };
    this.timers = options.timers ?? systemTimers;
  }

  /** The greeting that opens the call. */
  greet(): string {
    this.messages.push({ role: "assistant", content: this.options.greeting });
    this.options.recorder.record({ type: "agent_said", text: this.options.greeting, turn: 0 });
    return this.options.greeting;
  }

  /** Handles one caller utterance and returns the agent's reply. */
  async turn(callerText: string): Promise<TurnResult> {
    const { recorder } = this.options;
    const turn = ++this.turnNo;
    const line = boundCallerText(callerText, this.budget.maxCallerChars);
    recorder.record({
      type: "caller_said",
      text: line.text,
      turn,
      ...(line.cutFrom === undefined ? {} : { cutFrom: line.cutFrom }),
    });
    const state = emptyState(turn);
    this.options.guard?.startTurn();
    this.current = state;
    const deadline = new Deadline(this.timers, this.budget.deadlineMs);
    try {
      if (turn > this.budget.maxCallerTurns) {
        this.messages.push({ role: "user", content: line.text });
        await this.endForTurnLimit(state);
      } else {
        // The caller spoke before hearing what came late (a tool call past the last deadline, a booking looked up
        // again): in the history their line goes first and the late results after it, so a "ja" meant for the last
        // question is not taken as consent to an offer they have not heard yet. In the reply the late results are
        // said first.
        this.messages.push({ role: "user", content: line.text });
        await this.catchUp(state, deadline);
        if (!state.timedOut) await this.answer(state, deadline);
        if (state.timedOut) this.sayDelayed(state);
        else this.delayed = 0;
        // A model that only called tools until the step cap must not leave the caller in silence.
        if (state.spoken.length === 0) state.spoken.push(...unspokenSays(state.tools, state.late));
        if (this.ended) await this.closeOut(state);
      }
    } finally {
      deadline.dispose();
    }
    this.guardSpeech(state);
    this.markTold(state.tools);
    const say = [...state.late, ...state.spoken].join(" ");
    recorder.record({ type: "agent_said", text: say, turn });
    this.current = null;
    return { say, tools: state.tools, ended: this.ended, fillers: state.fillers, timedOut: state.timedOut };
  }

  /**
   * Ends the call from outside a turn (the caller hung up, the chat ended, a signal): waits a bounded time for work
   * still running, tells what came of it and of bookings whose outcome was unknown, and lets go of every hold.
   * Returns what the caller still hears ("" when nothing). Safe to call more than once.
   */
  async finish(): Promise<string> {
    this.ended = true;
    const state = emptyState(this.turnNo);
    await this.closeOut(state);
    const say = state.late.join(" ");
    if (say !== "") this.options.recorder.record({ type: "agent_said", text: say, turn: this.turnNo });
    return say;
  }

  /**
   * The loop itself failed (a broken template, a bug): the caller hears what this turn's tools did and the honest
   * apology, the call ends (holds released, work still running waited for), and `fatal` keeps the cause.
   */
  async fail(error: unknown): Promise<string> {
    const { recorder } = this.options;
    this.fatal = error instanceof Error ? error : new Error(String(error));
    recorder.record({ type: "note", text: `call failed: ${this.fatal.message}` });
    const turn = this.current;
    // The failed turn returned nothing, so the caller heard none of it: what came late (a booking confirmed), what
    // the model already worded, and what its tools did all come first.
    const parts =
      turn === null
        ? []
        : [...turn.late, ...turn.spoken, ...unspokenSays(turn.tools, [...turn.late, ...turn.spoken])];
    if (turn !== null) this.markTold(turn.tools);
    this.current = null;
    this.ended = true;
    const closing = emptyState(this.turnNo);
    try {
      await this.closeOut(closing);
    } catch (cause) {
      recorder.record({ type: "note", text: `closing failed: ${describe(cause)}` });
    }
    this.markTold(closing.tools);
    const say = [...closing.late, ...parts, ...this.untoldChanges(), this.options.modelUnavailableText].join(
      " ",
    );
    recorder.record({ type: "agent_said", text: say, turn: this.turnNo });
    return say;
  }

  /** Remembers the calendar writes these tool results told the caller of. */
  private markTold(outcomes: readonly ToolOutcome[]): void {
    for (const { result } of outcomes) {
      if (result.status !== "booked" && result.status !== "rescheduled" && result.status !== "cancelled")
        continue;
      for (const change of this.options.session.changes)
        if (change.kind === result.status && change.booking.uid === result.booking.uid)
          this.toldChanges.add(change);
    }
  }

  /**
   * The calendar writes of the call no tool result told: the loop failed after the calendar booked, moved or
   * cancelled (a broken template, in the turn or in work finishing late). The caller must not hang up believing
   * nothing was done (and call again to book twice), and the sentence cannot come from the templates that just
   * failed: it is the kit's own, from the booking's instant. A write whose instant cannot be read is not claimed.
   */
  private untoldChanges(): string[] {
    const { session, recorder } = this.options;
    const sentences: string[] = [];
    for (const change of session.changes) {
      if (this.toldChanges.has(change)) continue;
      this.toldChanges.add(change);
      try {
        sentences.push(changeSentence(change, session.business.timezone, session.clock()));
      } catch (cause) {
        recorder.record({
          type: "note",
          text: `${change.kind} ${change.booking.uid} not told: ${describe(cause)}`,
        });
      }
    }
    return sentences;
  }

  /** Model round trips and their tool calls, until the model speaks, the step cap, or the deadline. */
  private async answer(state: TurnState, deadline: Deadline): Promise<void> {
    const { model, recorder, session } = this.options;
    const { turn } = state;
    const maxSteps = this.options.maxSteps ?? 6;
    for (let step = 1; step <= maxSteps; step++) {
      recorder.record({ type: "model_request", turn, step, messages: this.messages.length });
      const started = this.timers.now();
      const abort = new AbortController();
      const request = callModel(model, [...this.messages], this.tools, abort.signal);
      let raced: Raced<ModelResponse>;
      try {
        raced = await deadline.race(request);
      } catch (error) {
        this.modelFailed(error, state);
        return;
      }
      if (!raced.done) {
        // Too slow for this turn: the answer is dropped, the caller hears the delay sentence and may ask again.
        abort.abort();
        request.catch(() => undefined);
        state.timedOut = true;
        return;
      }
      const response = raced.value;
      recorder.record({
        type: "model_response",
        turn,
        step,
        content: response.content,
        toolCalls: response.toolCalls,
        durationMs: this.timers.now() - started,
      });
      this.messages.push({
        role: "assistant",
        content: response.content,
        ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}),
      });
      const content = response.content?.trim() ?? "";
      // A model repeating what was just told (a late result) is not said twice.
      if (content !== "" && ![...state.late, ...state.spoken].includes(content)) {
        state.spoken.push(content);
        state.fromModel.add(content);
      }
      if (response.toolCalls.length === 0) return;
      for (const call of response.toolCalls) {
        if (state.timedOut || deadline.passed) {
          // Every tool call must be answered before the next model request; this one never started.
          state.timedOut = true;
          this.pushToolMessage(call, NOT_RUN_RESULT);
          continue;
        }
        const work = this.start(call, turn, () => runTool(session, call.name, call.arguments));
        const done = await deadline.race(work.settled, this.fillerTimer(call.name, state));
        if (!done.done) {
          this.background.push(work);
          this.pushToolMessage(call, pendingResult(call));
          state.timedOut = true;
          continue;
        }
        const outcome = resultOf(work);
        this.pushToolMessage(call, outcome.result);
        state.tools.push(outcome);
        this.options.guard?.observe(outcome);
        if (outcome.endCall) this.ended = true;
        await this.options.observer?.afterTool?.(outcome);
      }
      if (state.timedOut) return;
      if (this.ended && state.spoken.length > 0) return;
    }
  }

  /**
   * The speech guard reads the model's words of this turn against the call's tool results. Flagged in `strict`
   * mode: the caller hears the turn's last tool result instead (the template), or, when no tool ran, the sentence
   * that the calendar is to be checked first; `warn` speaks the model's words. Either way the trace tells.
   */
  private guardSpeech(state: TurnState): void {
    const { guard, recorder, session } = this.options;
    if (guard === undefined || guard.mode === "off") return;
    const own = state.spoken.filter((x) => state.fromModel.has(x));
    if (own.length === 0) return;
    const text = own.join(" ");
    const flags = guard.checkModel(text, session.now(), state.turn);
    if (flags.length === 0) return;
    if (guard.mode === "warn") {
      recorder.record({
        type: "speech_guarded",
        turn: state.turn,
        mode: "warn",
        rules: flags,
        text,
        replacement: null,
      });
      return;
    }
    const told = [...state.late, ...state.spoken.filter((x) => !state.fromModel.has(x))];
    const says = state.tools.map((t) => t.result.say ?? "").filter((x) => x !== "" && !told.includes(x));
    const replacement = says.at(-1) ?? session.say("speech-guarded", {});
    const at = state.spoken.findIndex((x) => state.fromModel.has(x));
    state.spoken = state.spoken.filter((x) => !state.fromModel.has(x));
    state.spoken.splice(Math.max(0, at), 0, replacement);
    state.fromModel.clear();
    recorder.record({
      type: "speech_guarded",
      turn: state.turn,
      mode: "strict",
      rules: flags,
      text,
      replacement,
    });
    // The model reads what the caller heard, not what it wrote: its last words of the turn become the
    // replacement, its earlier ones of the turn are dropped (their tool calls stay).
    const mine = this.messages.filter(
      (m): m is Extract<ChatMessage, { role: "assistant" }> =>
        m.role === "assistant" && m.content !== null && own.includes(m.content.trim()),
    );
    for (const [i, m] of mine.entries()) m.content = i === mine.length - 1 ? replacement : null;
  }

  /** The model failed: what the tools did is still told, then the honest sentence; a setup error ends the call. */
  private modelFailed(error: unknown, state: TurnState): void {
    const { observer, recorder } = this.options;
    recorder.record({ type: "note", text: `model failed: ${describe(error)}` });
    const failure = error instanceof Error ? error : new Error(String(error));
    try {
      observer?.onModelFailed?.(failure, { turn: state.turn });
    } catch (cause) {
      recorder.record({ type: "note", text: `onModelFailed failed: ${describe(cause)}` });
    }
    state.spoken.push(...unspokenSays(state.tools, [...state.late, ...state.spoken]));
    state.spoken.push(this.options.modelUnavailableText);
    // A rejected key or an unknown model name will fail every turn: end the call instead of apologising forever.
    if (error instanceof ConfigError) {
      this.fatal = error;
      this.ended = true;
    }
  }

  /** The deadline passed: say so honestly, with what is known, and let the trace show what still runs. */
  private sayDelayed(state: TurnState): void {
    const running = this.background.filter((w) => !w.done);
    this.options.recorder.record({
      type: "turn_deadline",
      turn: state.turn,
      afterMs: this.budget.deadlineMs,
      pending: running.map((w) => ({ id: w.call.id, name: w.call.name })),
    });
    const known = unspokenSays(state.tools, [...state.late, ...state.spoken]);
    let text: string;
    if (running.length === 0 && known.length > 0) {
      // Nothing running and a result known (the model was slow to word it): the result is the answer.
      text = known.join(" ");
      this.delayed = 0;
    } else {
      // Said again in the next turn the sentence changes, so the caller does not hear the same words over and over.
      const data = { pending: running.length > 0, again: this.delayed > 0 };
      text = this.options.session.say("turn-delayed", data);
      this.delayed++;
    }
    state.spoken.push(text);
    this.messages.push({ role: "assistant", content: text });
  }

  /**
   * At the start of a turn: waits for work still running (within the turn's budget), adds the results of work that
   * finished since the last turn, then looks up again every booking whose outcome is unknown (within the budget; a
   * look-up past the deadline goes on in the background).
   */
  private async catchUp(state: TurnState, deadline: Deadline): Promise<void> {
    // Work still running from an earlier turn is waited for first, for half of this turn's budget: the caller's
    // new words ("Okay, ich warte") are answered knowing its result. Past that the model answers them with the
    // result still `pending` (a goodbye is heard, a question is not left unanswered), and it is told when it comes.
    const half = new Deadline(this.timers, Math.min(deadline.ms / 2, deadline.ms));
    try {
      for (const work of this.background.filter((w) => !w.done)) {
        const done = await half.race(work.settled, this.fillerTimer(work.call.name, state));
        if (!done.done) break;
      }
    } finally {
      half.dispose();
    }
    await this.addFinished(state);
    const { session } = this.options;
    for (const key of [...session.unverified.keys()]) {
      if (session.bookingsInFlight.has(key) || this.background.some((w) => w.recheckOf === key)) continue;
      const work = this.startRecheck(key, state.turn, false);
      const done = await deadline.race(work.settled, this.fillerTimer("check_availability", state));
      if (!done.done) {
        this.background.push(work);
        state.timedOut = true;
        return;
      }
      await this.addLate(work, state);
    }
  }

  /** Adds every finished background work's result to the conversation, in order, and tells the caller. */
  private async addFinished(state: TurnState, closing = false): Promise<void> {
    const finished = this.background.filter((w) => w.done);
    this.background = this.background.filter((w) => !w.done);
    for (const work of finished) await this.addLate(work, state, closing);
  }

  /**
   * Adds a late result as a call of its own (the model saw the first id answered with `pending`, or never saw the
   * look-up) and says it, so the model knows what the caller was told. `closing`: the call ends; a failure is only
   * traced, only what changed the calendar is told (an offer is no use in a goodbye), and a booking request that came
   * back unverified is not told (the last look-up then says what is known).
   */
  private async addLate(work: Work, state: TurnState, closing = false): Promise<void> {
    if (work.error !== undefined) {
      if (!closing) throw work.error;
      return;
    }
    const outcome = work.outcome;
    if (outcome === null || outcome === undefined) return;
    const call = work.recheckOf === undefined ? { ...work.call, id: lateId(work.call) } : work.call;
    this.messages.push({ role: "assistant", content: null, toolCalls: [call] });
    this.pushToolMessage(call, outcome.result);
    state.tools.push(outcome);
    this.options.guard?.observe(outcome);
    if (outcome.endCall) this.ended = true;
    const say = outcome.result.say;
    const quiet =
      closing &&
      (!changesCalendar(outcome) || (work.recheckOf === undefined && outcome.result.status === "unverified"));
    if (!quiet && say !== undefined && say !== "" && !this.toldBefore(say, state)) {
      state.late.push(say);
      this.messages.push({ role: "assistant", content: say });
    }
    await this.options.observer?.afterTool?.(outcome);
  }

  /**
   * Whether the caller already heard `say`: in this turn, or from the agent earlier (a second request for the same
   * booking joined the first and its result was spoken then).
   */
  private toldBefore(say: string, state: TurnState): boolean {
    if (state.late.includes(say) || state.spoken.includes(say)) return true;
    return this.messages.some((m) => m.role === "assistant" && m.content !== null && m.content.includes(say));
  }

  /** The line after the last allowed turn: the honest goodbye, and the call ends. */
  private async endForTurnLimit(state: TurnState): Promise<void> {
    const { recorder, session } = this.options;
    recorder.record({ type: "note", text: `turn cap reached (${this.budget.maxCallerTurns} caller turns)` });
    this.ended = true;
    await this.closeOut(state);
    const pending = session.pendingConsent;
    const notBooked = pending !== null && !session.booked.has(instantKey(pending.start)) ? pending : null;
    const service = notBooked === null ? null : session.serviceOf(notBooked);
    const bye = session.say("turn-limit", {
      notBooked,
      service: service === null ? null : { id: service.id, name: service.name },
    });
    state.spoken.push(bye);
    this.messages.push({ role: "assistant", content: bye });
  }

  /**
   * The end of the call: waits (bounded) for work still running and adds its results, looks up every booking whose
   * outcome is still unknown one last time, tells (into `state.late`) what is known, and lets go of the holds. Once.
   */
  private async closeOut(state: TurnState): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { recorder, session } = this.options;
    const wait = new Deadline(this.timers, this.budget.closingWaitMs);
    try {
      const running = this.background.filter((w) => !w.done);
      const first = running[0];
      if (first !== undefined) {
        await wait.race(Promise.all(running.map((w) => w.settled)), this.fillerTimer(first.call.name, state));
      }
      await this.addFinished(state, true);
      // Still running now: a booking among it (a request or a look-up) can only be told as unconfirmed.
      const told = new Set<number>();
      for (const work of this.background) {
        recorder.record({ type: "note", text: `still running at the end of the call: ${work.call.name}` });
        const booking = bookingOf(work.call, session);
        if (booking === null || told.has(booking.key)) continue;
        told.add(booking.key);
        state.late.push(unverifiedBooking(session, booking.offer, booking.name, true).say);
      }
      for (const key of [...session.unverified.keys()]) {
        if (told.has(key)) continue;
        const work = this.startRecheck(key, state.turn, true);
        const done = await wait.race(work.settled);
        const entry = session.unverified.get(key);
        if (done.done) await this.addLate(work, state, true);
        else if (entry !== undefined)
          state.late.push(unverifiedBooking(session, entry.offer, entry.name, true).say);
      }
    } finally {
      wait.dispose();
      await this.options.session.releaseAllHolds();
    }
  }

  /** Starts a tool call (or a look-up); its `tool_call` event is recorded when it finishes, however late. */
  private start(call: ToolCall, turn: number, run: () => Promise<ToolOutcome | null>): Work {
    const started = this.timers.now();
    return startWork(call, turn, run, (work) => {
      const { recorder } = this.options;
      if (work.outcome === null) {
        recorder.record({ type: "note", text: `booking still unverified after a look-up (${call.id})` });
        return;
      }
      const outcome = work.outcome;
      if (outcome === undefined) {
        recorder.record({ type: "note", text: `${call.name} (${call.id}) failed: ${describe(work.error)}` });
        return;
      }
      recorder.record({
        type: "tool_call",
        turn,
        id: call.id,
        name: call.name,
        arguments: outcome.arguments,
        result: outcome.result,
        durationMs: this.timers.now() - started,
        ...(outcome.thrown === undefined ? {} : { error: outcome.thrown }),
      });
    });
  }

  /** A look-up of an unverified booking, as the booking call it settles (`recheck_<n>`). */
  private startRecheck(key: number, turn: number, final: boolean): Work {
    const { session } = this.options;
    const entry = session.unverified.get(key);
    const args = { slot_id: entry?.offer.id ?? "", name: entry?.name ?? "" };
    const call: ToolCall = {
      id: `recheck_${++this.rechecks}`,
      name: "book_appointment",
      arguments: JSON.stringify(args),
    };
    const work = this.start(call, turn, async () => {
      const result = await recheckUnverified(session, key, final);
      // `recheck` tells a reader of the trace that this is the kit looking, not a second booking request.
      const traced = { ...args, recheck: true };
      return result === null
        ? null
        : { name: "book_appointment" as const, arguments: traced, result, endCall: false };
    });
    work.recheckOf = key;
    return work;
  }

  /** The filler of a slow tool, once per text and turn: traced, and handed to the observer to speak. */
  private fillerTimer(toolName: string, state: TurnState): { afterMs: number; run: () => void } | undefined {
    const text = fillerFor(toolName);
    if (text === undefined) return undefined;
    return {
      afterMs: this.budget.fillerAfterMs,
      run: () => {
        if (state.fillers.includes(text)) return;
        state.fillers.push(text);
        const { recorder, observer } = this.options;
        recorder.record({
          type: "filler",
          turn: state.turn,
          tool: toolName,
          text,
          afterMs: this.budget.fillerAfterMs,
        });
        try {
          observer?.onFiller?.(text, { turn: state.turn, tool: toolName });
        } catch (error) {
          recorder.record({ type: "note", text: `onFiller failed: ${describe(error)}` });
        }
      },
    };
  }

  private pushToolMessage(call: ToolCall, result: unknown): void {
    this.messages.push({
      role: "tool",
      toolCallId: call.id,
      name: call.name,
      content: JSON.stringify(result),
    });
  }
}

function emptyState(turn: number): TurnState {
  return { turn, late: [], spoken: [], fromModel: new Set(), tools: [], fillers: [], timedOut: false };
}

/** A model call as a promise, also when the implementation throws before returning one. */
function callModel(
  model: ChatModel,
  messages: ChatMessage[],
  tools: ReturnType<typeof toolSpecs>,
  signal: AbortSignal,
): Promise<ModelResponse> {
  try {
    return model.complete({ messages, tools, signal });
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The outcome of a finished model tool call; a thrown error (a developer's `ConfigError`) is thrown on. */
function resultOf(work: Work): ToolOutcome {
  if (work.error !== undefined) throw work.error;
  if (work.outcome === null || work.outcome === undefined) throw new Error(`${work.call.name}: no outcome`);
  return work.outcome;
}

/** The offer and name of a `book_appointment` call, when it names an offer of this call. */
function bookingOf(
  call: ToolCall,
  session: BookingSession,
): { key: number; offer: NonNullable<ReturnType<BookingSession["offers"]["get"]>>; name: string } | null {
  if (call.name !== "book_appointment") return null;
  // Through the tool's own schema (bounded, checked), never a second parser beside it.
  const parsed = getTool("book_appointment").safeParseJson(call.arguments);
  if (!parsed.ok) return null;
  const offer = session.offers.get(parsed.value.slot_id.trim());
  if (offer === undefined) return null;
  return { key: instantKey(offer.start), offer, name: parsed.value.name.trim() };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
