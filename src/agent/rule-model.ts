/**
 * The rule-based German model: a deterministic booking dialogue policy behind the same {@link ChatModel}
 * interface as the OpenAI model, so chat, replays and benchmarks run without an API key. Wiring only: the
 * history is folded into a dialogue state (`rule/state.ts`), the last message is read (`rule/understand.ts`)
 * and answered (`rule/policy.ts`).
 */
import type { BusinessProfile } from "../calendar/profile.ts";
import type { ChatMessage, ChatModel, ModelRequest, ModelResponse } from "./model.ts";
import { readOutcome } from "./rule/outcome.ts";
import { type Action, decideOnTool, decideOnUser, type PolicyContext } from "./rule/policy.ts";
import { absorbUser, awaiting, type DialogueState, type FoldUser, StateFolder } from "./rule/state.ts";
import { type Understanding, understand } from "./rule/understand.ts";

/** Distinct caller lines remembered per model; the oldest unused are forgotten first. */
const MAX_READINGS = 2_000;

/** A remembered reading is shared by every later step, so nobody may change it. */
function frozen(u: Understanding): Understanding {
  for (const part of [u.when, u.choice, u.question, u.services, u.serviceOptions]) {
    if (part !== null) Object.freeze(part);
  }
  return Object.freeze(u);
}

/** Options of {@link createRuleModel}. */
export interface RuleModelOptions {
  profile: BusinessProfile;
  /** The call's clock (ISO with offset); day words are resolved against it. */
  now: string;
  /** A name telephony or a CRM already knows; the model then never asks for it. */
  callerName?: string;
  /** Bookings the call may make (the booking session's `maxBookings`, default 1). */
  maxBookings?: number;
  /**
   * What reads one caller line (default: the lexicon's `understand`). A developer can wrap it, to log or count the
   * readings, or put a reader of their own in front of it.
   */
  reader?: typeof understand;
}

/** Creates the rule-based model. `complete` depends only on the messages, never on earlier calls. */
export function createRuleModel(options: RuleModelOptions): ChatModel {
  const ctx: PolicyContext = { profile: options.profile, now: options.now };
  // A history folded from the start (another call's, or an edited one) reads each caller line again: each line is
  // read once and remembered. The reading depends only on the words and whether a name was asked for (profile and
  // clock are fixed per model).
  const readings = new Map<string, Understanding>();
  const reader = options.reader ?? understand;
  const read = (s: DialogueState, text: string): Understanding => {
    const expectingName = awaiting(s) === "name";
    const key = `${expectingName ? "n" : "-"}${text}`;
    const hit = readings.get(key);
    if (hit !== undefined) {
      // Least recently used goes first: re-insert on a hit.
      readings.delete(key);
      readings.set(key, hit);
      return hit;
    }
    const u = frozen(reader(text, { profile: ctx.profile, now: ctx.now, expectingName }));
    readings.set(key, u);
    if (readings.size > MAX_READINGS) readings.delete(readings.keys().next().value ?? key);
    return u;
  };
  const foldUser: FoldUser = (s, text) => absorbUser(s, read(s, text));
  const maxBookings = options.maxBookings ?? 1;
  // The history only grows between the steps of a call: folding resumes where it stopped.
  const folder = new StateFolder(foldUser, options.callerName ?? null, maxBookings);

  return {
    name: "rule",
    async complete(request: ModelRequest): Promise<ModelResponse> {
      const messages = request.messages;
      const last = messages.at(-1);
      let action: Action;
      if (last?.role === "user") {
        const before = folder.stateOf(messages.slice(0, -1));
        const u = read(before, last.content);
        const { next, effect } = absorbUser(before, u);
        action = decideOnUser(before, next, effect, u, ctx);
      } else if (last?.role === "tool") {
        const after = folder.stateOf(messages);
        action = decideOnTool(after, readOutcome(last.name, last.content), ctx);
      } else {
        // Nothing to answer: greet at the start of a call, otherwise stay silent (it is the caller's turn).
        const spoke = messages.some((m) => m.role === "assistant");
        action = { say: spoke ? null : options.profile.greeting, call: null };
      }
      return toResponse(action, messages);
    },
  };
}

/** Tool call ids are `call_<n>`, counted over the history, so the same history gives the same ids. */
function toResponse(action: Action, messages: readonly ChatMessage[]): ModelResponse {
  const count = messages.reduce((n, m) => n + (m.role === "assistant" ? (m.toolCalls?.length ?? 0) : 0), 0);
  const toolCalls =
    action.call === null
      ? []
      : [{ id: `call_${count + 1}`, name: action.call.name, arguments: JSON.stringify(action.call.args) }];
  const say = action.say !== null && action.say.trim() !== "" ? action.say : null;
  return { content: say, toolCalls };
}
