/**
 * The dialogue state, derived from the message history alone: what the caller told us, what the tools answered
 * and what we are waiting for. Folding the same messages always gives the same state, so the model needs no
 * memory between calls.
 */
import type { BookingInfo, SlotOffer } from "../../booking/types.ts";
import type { ChatMessage, ToolCall } from "../model.ts";
import { type Pick, pickOption } from "./choice.ts";
import { alternativesOf, bookingsOf, readArgs, readOutcome, slotOf, type ToolOutcome } from "./outcome.ts";
import type { Understanding, When } from "./understand.ts";

/** What the caller came for. */
export type Task = "book" | "cancel" | "reschedule" | "lookup";

/** The state after a prefix of the conversation. */
export interface DialogueState {
  task: Task;
  /** The current task is finished (booked, cancelled, moved, looked up, or declined). */
  done: boolean;
  booked: number;
  /** Service id. */
  service: string | null;
  /** Service ids the caller's generic words fit; asked about until one is chosen. */
  serviceOptions: string[];
  day: { words: string; date: string | null } | null;
  time: { words: string; clock: string | null } | null;
  /** The caller's words for the day of an existing booking (cancel, move, look up). */
  findDay: string | null;
  name: string | null;
  /** Slots of the latest availability or conflict result that the caller has not answered yet. */
  offers: SlotOffer[];
  /** The offer is the exact slot asked for (confirm it) rather than a list (choose one). */
  single: boolean;
  /** A slot held (or picked) for the caller, waiting for the name. */
  heldId: string | null;
  /** The caller's bookings from the latest find, and the one the task is about. */
  bookings: BookingInfo[];
  target: BookingInfo | null;
  lastCall: ToolCall | null;
  lastOutcome: ToolOutcome | null;
  /** Consecutive `calendar_unavailable` and `invalid_arguments` results. */
  failures: number;
  invalid: number;
  /** The last thing we said, repeated when the caller did not catch it. */
  lastSaid: string | null;
  /** Consecutive caller turns with nothing understood. */
  unclear: number;
  abuse: number;
  toolCalls: number;
  /** Caller turns in a row answered while a tool result was still pending or a booking unconfirmed. */
  waited: number;
}

/** What the model waits for next; decides how a bare "ja" or "der Erste" is read. */
export type Awaiting =
  | "retry"
  | "name"
  | "confirm"
  | "choose"
  | "confirm_cancel"
  | "which_booking"
  | "new_day"
  | "anything_else"
  | "request";

/** The state before anything was said. */
export function initialState(name: string | null): DialogueState {
  return {
    task: "book",
    done: false,
    booked: 0,
    service: null,
    serviceOptions: [],
    day: null,
    time: null,
    findDay: null,
    name,
    offers: [],
    single: false,
    heldId: null,
    bookings: [],
    target: null,
    lastCall: null,
    lastOutcome: null,
    failures: 0,
    invalid: 0,
    lastSaid: null,
    unclear: 0,
    abuse: 0,
    toolCalls: 0,
    waited: 0,
  };
}

/** What we wait for in this state. */
export function awaiting(s: DialogueState): Awaiting {
  // The calendar failed, or a booking whose answer was lost turned out not to exist: "Soll ich es noch einmal
  // versuchen?" was asked, and a yes repeats the call.
  if (s.lastOutcome?.status === "calendar_unavailable") return "retry";
  if (s.lastOutcome?.tool === "book_appointment" && s.lastOutcome.status === "not_made") return "retry";
  if (s.heldId !== null && !s.done) return "name";
  if (s.offers.length > 0) return s.single ? "confirm" : "choose";
  if (!s.done && (s.task === "cancel" || s.task === "reschedule")) {
    if (s.target === null && s.bookings.length > 1) return "which_booking";
    if (s.target !== null) return s.task === "cancel" ? "confirm_cancel" : "new_day";
  }
  if (s.done) return "anything_else";
  return "request";
}

/**
 * A tool result the caller is waiting for: still running (`pending`, the turn's time ran out) or a booking whose
 * outcome the calendar has not confirmed yet (`unverified`); the loop tells it when it comes.
 */
export function waitingFor(s: DialogueState): boolean {
  const o = s.lastOutcome;
  return (
    o !== null && (o.status === "pending" || (o.tool === "book_appointment" && o.status === "unverified"))
  );
}

/** What one caller turn changed, for the policy. */
export interface TurnEffect {
  /** The offered slot the caller picked (or agreed to). */
  slot: Pick<SlotOffer>;
  /** The found booking the caller picked. */
  booking: Pick<BookingInfo>;
  /** Service, day or time changed: time for a new availability check. */
  factsChanged: boolean;
  nameChanged: boolean;
  /** A new task started with this turn (cancel, reschedule, look up, another booking). */
  newTask: boolean;
}

function startTask(s: DialogueState, task: Task): void {
  s.task = task;
  s.done = false;
  s.offers = [];
  s.single = false;
  s.heldId = null;
  s.bookings = [];
  s.target = null;
  s.findDay = null;
  s.day = null;
  s.time = null;
  if (task === "book") {
    s.service = null;
    s.serviceOptions = [];
  }
}

/** Applies one caller turn to the state. */
export function absorbUser(
  state: DialogueState,
  u: Understanding,
): { next: DialogueState; effect: TurnEffect } {
  const s: DialogueState = { ...state };
  const before = awaiting(state);
  const effect: TurnEffect = {
    slot: null,
    booking: null,
    factsChanged: false,
    nameChanged: false,
    newTask: false,
  };
  s.unclear = u.understood ? 0 : state.unclear + 1;
  s.waited = waitingFor(state) ? state.waited + 1 : 0;
  if (u.abuse) s.abuse = state.abuse + 1;
  // A rule-breaking sentence changes nothing: its facts are not taken on (one booking per call, no new role).
  if (u.injection || u.manyBookings || u.abuse || u.end) return { next: s, effect };

  if (u.name !== null && u.name !== s.name) {
    s.name = u.name;
    effect.nameChanged = true;
  }

  if (u.intent !== null && (u.intent !== s.task || s.done)) {
    startTask(s, u.intent);
    effect.newTask = true;
    if (u.when !== null && u.intent === "reschedule" && u.when.targetDay) setWhen(s, u);
    else s.findDay = u.when?.day ?? null;
    return { next: s, effect };
  }
  if (s.done && (u.service !== null || u.when !== null || u.another)) {
    // After a booking only a clear "noch einen Termin" starts another (one booking per call by default);
    // after a cancel or look-up, a booking wish is simply the next task.
    if (s.booked >= 2 || (s.task === "book" && !u.another)) return { next: s, effect };
    startTask(s, "book");
    effect.newTask = true;
  }

  if (before === "confirm" || before === "choose") {
    effect.slot = pickOption(s.offers, u.choice);
    const offer = s.offers.length === 1 ? s.offers[0] : undefined;
    // A yes takes the one offer only if the turn names no other day or time ("ja, aber lieber um elf" asks anew).
    if (effect.slot === null && u.yes && offer !== undefined && fitsOffer(u.when, offer)) {
      effect.slot = { kind: "one", item: offer };
    }
    if (effect.slot !== null) return { next: s, effect };
  }
  if (before === "which_booking") {
    effect.booking = pickOption(s.bookings, u.choice);
    if (effect.booking?.kind === "one") s.target = effect.booking.item;
    if (effect.booking !== null) return { next: s, effect };
  }
  if (before === "confirm_cancel" && u.no && u.when === null) {
    s.done = true;
    s.target = null;
    return { next: s, effect };
  }

  const service = s.task === "book" ? u.service : null;
  if (service !== null && service !== s.service) {
    s.service = service;
    s.serviceOptions = [];
    effect.factsChanged = true;
  } else if (s.task === "book" && s.service === null && u.serviceOptions.length > 0) {
    s.serviceOptions = u.serviceOptions;
  }
  if (u.when !== null) {
    if (s.task === "cancel" || s.task === "lookup" || (s.task === "reschedule" && s.target === null)) {
      s.findDay = u.when.day ?? s.findDay;
    } else if (setWhen(s, u)) {
      effect.factsChanged = true;
    }
  }
  if ((before === "confirm" || before === "choose") && (u.no || effect.factsChanged)) {
    s.offers = [];
    s.single = false;
  }
  return { next: s, effect };
}

/** The day and time said (if any) are the offer's own: a daypart without a clock fits any time. */
function fitsOffer(w: When | null, offer: SlotOffer): boolean {
  if (w === null) return true;
  const day = w.day === null || w.date === offer.date;
  const time = w.time === null || w.clock === null || w.clock === offer.time;
  return day && time;
}

/** Merges the turn's day and time into the facts ("nein, Dienstag" keeps the time asked for); true if changed. */
function setWhen(s: DialogueState, u: Understanding): boolean {
  const w = u.when;
  if (w === null) return false;
  let changed = false;
  if (w.day !== null && (s.day === null || s.day.words !== w.day || s.day.date !== w.date)) {
    s.day = { words: w.day, date: w.date };
    changed = true;
  }
  if (w.time !== null && (s.time === null || s.time.words !== w.time || s.time.clock !== w.clock)) {
    s.time = { words: w.time, clock: w.clock };
    changed = true;
  }
  return changed;
}

/** Applies our own tool call. */
export function absorbCall(state: DialogueState, call: ToolCall): DialogueState {
  const s: DialogueState = { ...state, lastCall: call, toolCalls: state.toolCalls + 1 };
  const args = readArgs(call.arguments);
  if (call.name === "check_availability") {
    // A new search replaces the slot picked before: its answer is what the caller chooses from now.
    s.offers = [];
    s.single = false;
    s.heldId = null;
  }
  if (
    (call.name === "hold_slot" || call.name === "book_appointment") &&
    typeof args["slot_id"] === "string"
  ) {
    s.heldId = null;
  }
  if (call.name === "book_appointment" && typeof args["name"] === "string" && args["name"].trim() !== "") {
    s.name = s.name ?? args["name"].trim();
  }
  return s;
}

/** Applies a tool result. */
export function absorbOutcome(state: DialogueState, o: ToolOutcome, call: ToolCall | null): DialogueState {
  const s: DialogueState = { ...state, lastOutcome: o };
  s.failures = o.status === "calendar_unavailable" ? state.failures + 1 : 0;
  s.invalid = o.status === "invalid_arguments" ? state.invalid + 1 : 0;
  const taken = () => {
    s.offers = alternativesOf(o);
    s.single = false;
    s.heldId = null;
  };
  switch (`${o.tool}:${o.status}`) {
    case "check_availability:available": {
      const slot = slotOf(o, "slot");
      s.offers = slot === null ? [] : [slot];
      s.single = true;
      break;
    }
    case "check_availability:alternatives":
      s.offers = alternativesOf(o);
      s.single = false;
      break;
    case "check_availability:none_free":
    case "check_availability:need_input":
      s.offers = [];
      break;
    case "hold_slot:held":
      s.heldId = slotOf(o, "slot")?.id ?? null;
      s.offers = [];
      break;
    case "book_appointment:need_input": {
      const id = call === null ? undefined : readArgs(call.arguments)["slot_id"];
      if (typeof id === "string") s.heldId = id;
      s.offers = [];
      break;
    }
    case "book_appointment:booked":
      s.done = true;
      s.booked = state.booked + 1;
      s.heldId = null;
      s.offers = [];
      break;
    case "hold_slot:slot_taken":
    case "book_appointment:slot_taken":
    case "reschedule_appointment:slot_taken":
      taken();
      break;
    case "find_appointments:found": {
      s.bookings = bookingsOf(o);
      s.target = s.bookings.length === 1 ? (s.bookings[0] ?? null) : null;
      if (s.task === "lookup" || s.task === "book") s.done = true;
      break;
    }
    case "find_appointments:none":
      s.bookings = [];
      s.target = null;
      s.done = true;
      break;
    case "cancel_appointment:cancelled":
    case "cancel_appointment:not_found":
    case "reschedule_appointment:rescheduled":
    case "reschedule_appointment:not_found":
      s.done = true;
      s.offers = [];
      s.target = null;
      break;
  }
  return s;
}

/** Folds the whole history into the state. */
export function deriveState(
  messages: readonly ChatMessage[],
  fold: FoldUser,
  callerName: string | null,
): DialogueState {
  let s = initialState(callerName);
  const calls = new Map<string, ToolCall>();
  for (const m of messages) {
    if (m.role === "user") s = fold(s, m.content).next;
    else if (m.role === "assistant") {
      // A reply that ends with what we said last is that question repeated behind an opener ("Ja, ich bin
      // noch da. ..."): keep the question itself, so a second repeat does not stack openers.
      const content = m.content?.trim() ?? "";
      if (content !== "" && !(s.lastSaid !== null && content.endsWith(s.lastSaid)))
        s = { ...s, lastSaid: content };
      for (const call of m.toolCalls ?? []) {
        calls.set(call.id, call);
        s = absorbCall(s, call);
      }
    } else if (m.role === "tool") {
      s = absorbOutcome(s, readOutcome(m.name, m.content), calls.get(m.toolCallId) ?? null);
    }
  }
  return s;
}

/** Reads and applies one caller utterance (understanding needs the state: is a name expected?). */
export type FoldUser = (s: DialogueState, text: string) => { next: DialogueState; effect: TurnEffect };
