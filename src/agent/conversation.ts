import { toolSpecs } from "../../tools/index.ts";
import { runTool, type ToolOutcome } from "../booking/run-tool.ts";
import type { BookingSession } from "../booking/session.ts";
import { ConfigError } from "../errors.ts";
import type { TraceRecorder } from "../trace/recorder.ts";
import type { ChatMessage, ChatModel, ToolCall } from "./model.ts";

/** Lets a replay act between steps (another customer taking a slot right after an offer). */
export interface ConversationObserver {
  afterTool?(outcome: ToolOutcome): Promise<void> | void;
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
}

/** One agent reply: what was spoken, and the tools that ran for it. */
export interface TurnResult {
  say: string;
  tools: ToolOutcome[];
  ended: boolean;
}

/**
 * The conversation loop: caller text -> model -> tools -> model, until the model speaks without calling a tool.
 * Wiring only: tool logic lives in src/booking, speech in prompts/, the policy in the model.
 */
export class Conversation {
  readonly messages: ChatMessage[];
  ended = false;
  private turnNo = 0;
  /** The tools the model sees, built once per call rather than on every model step. */
  private readonly tools = toolSpecs();

  constructor(private readonly options: ConversationOptions) {
    this.messages = [{ role: "system", content: options.systemPrompt }];
  }

  /** The greeting that opens the call. */
  greet(): string {
    this.messages.push({ role: "assistant", content: this.options.greeting });
    this.options.recorder.record({ type: "agent_said", text: this.options.greeting, turn: 0 });
    return this.options.greeting;
  }

  /** Handles one caller utterance and returns the agent's reply. */
  async turn(callerText: string): Promise<TurnResult> {
    const { model, recorder, session } = this.options;
    const turn = ++this.turnNo;
    this.messages.push({ role: "user", content: callerText });
    recorder.record({ type: "caller_said", text: callerText, turn });
    const spoken: string[] = [];
    const tools: ToolOutcome[] = [];
    const maxSteps = this.options.maxSteps ?? 6;
    for (let step = 1; step <= maxSteps; step++) {
      recorder.record({ type: "model_request", turn, step, messages: this.messages.length });
      const started = performance.now();
      let response: Awaited<ReturnType<ChatModel["complete"]>>;
      try {
        response = await model.complete({ messages: this.messages, tools: this.tools });
      } catch (error) {
        // A developer's misconfiguration stops the call; anything else (the model's server down, a bug in a
        // model) must not drop the caller: they hear an honest sentence, the trace keeps the cause.
        if (error instanceof ConfigError) throw error;
        recorder.record({
          type: "note",
          text: `model failed: ${error instanceof Error ? error.message : String(error)}`,
        });
        // What a tool already did (a booking made) must still reach the caller before the apology.
        const unspoken = unspokenSay(tools, spoken);
        if (unspoken !== undefined) spoken.push(unspoken);
        spoken.push(this.options.modelUnavailableText);
        break;
      }
      recorder.record({
        type: "model_response",
        turn,
        step,
        content: response.content,
        toolCalls: response.toolCalls,
        durationMs: performance.now() - started,
      });
      this.messages.push({
        role: "assistant",
        content: response.content,
        ...(response.toolCalls.length > 0 ? { toolCalls: response.toolCalls } : {}),
      });
      if (response.content !== null && response.content.trim() !== "") spoken.push(response.content.trim());
      if (response.toolCalls.length === 0) break;
      for (const call of response.toolCalls) {
        const outcome = await this.runCall(call, turn, session);
        tools.push(outcome);
        if (outcome.endCall) this.ended = true;
        await this.options.observer?.afterTool?.(outcome);
      }
      if (this.ended && spoken.length > 0) break;
    }
    // A model that only called tools until the step cap must not leave the caller in silence.
    if (spoken.length === 0) {
      const unspoken = unspokenSay(tools, spoken);
      if (unspoken !== undefined) spoken.push(unspoken);
    }
    if (this.ended) await session.releaseAllHolds();
    const say = spoken.join(" ");
    recorder.record({ type: "agent_said", text: say, turn });
    return { say, tools, ended: this.ended };
  }

  private async runCall(call: ToolCall, turn: number, session: BookingSession): Promise<ToolOutcome> {
    const started = performance.now();
    const outcome = await runTool(session, call.name, call.arguments);
    this.messages.push({
      role: "tool",
      toolCallId: call.id,
      name: call.name,
      content: JSON.stringify(outcome.result),
    });
    this.options.recorder.record({
      type: "tool_call",
      turn,
      id: call.id,
      name: call.name,
      arguments: outcome.arguments,
      result: outcome.result,
      durationMs: performance.now() - started,
      ...(outcome.thrown === undefined ? {} : { error: outcome.thrown }),
    });
    return outcome;
  }
}

/** The `say` of the turn's last tool result, unless the model already spoke it. */
function unspokenSay(tools: ToolOutcome[], spoken: string[]): string | undefined {
  const say = [...tools].reverse().find((t) => typeof t.result.say === "string" && t.result.say !== "")
    ?.result.say;
  if (say === undefined || spoken.some((s) => s.includes(say))) return undefined;
  return say;
}
