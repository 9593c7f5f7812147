/**
 * The booking dialogue policy: state + the latest event (a caller turn or a tool result) -> one action (speak,
 * call a tool, or both). General rules only: tools first (check as soon as service and day are known), a picked
 * slot is consent, hold before asking the name, one booking per call, speak every tool `say` as it is.
 */

import type { BookingInfo, SlotOffer } from "../../booking/types.ts";
import type { BusinessProfile } from "../../calendar/profile.ts";
import { speakOnDate, speakTime } from "../../time/speak.ts";
import { readArgs, slotOf, type ToolOutcome } from "./outcome.ts";
import { listOr, type PhraseKey, phrase, sentences } from "./phrases.ts";
import { type Awaiting, awaiting, type DialogueState, type TurnEffect, waitingFor } from "./state.ts";
import type { Understanding } from "./understand.ts";

/** What the model does this turn: words to speak and/or one tool call (arguments as an object). */
export interface Action {
  say: string | null;
  call: { name: string; args: Record<string, unknown> } | null;
}

/** What the policy needs besides the state. */
export interface PolicyContext {
  profile: BusinessProfile;
  /** The call's clock, ISO. */
  now: string;
}

/** More unclear turns in a row than this end the call as `no_progress`. */
const MAX_UNCLEAR = 3;
/** Abusive turns tolerated with a warning before hanging up. */
const MAX_ABUSE = 1;

function speak(...parts: (string | null | undefined)[]): Action {
  return { say: sentences(...parts), call: null };
}

function call(name: string, args: Record<string, unknown>, say: string | null = null): Action {
  return { say, call: { name, args } };
}

function ask(key: PhraseKey, values: Record<string, string> = {}): string {
  return phrase(key, values);
}

function serviceName(ctx: PolicyContext, id: string): string {
  return ctx.profile.services.find((s) => s.id === id)?.name ?? id;
}

/** `end_call` just answered that the caller was asked to book a slot and nothing is booked yet. */
function warnedNotBooked(s: DialogueState): boolean {
  return s.lastOutcome?.tool === "end_call" && s.lastOutcome.status === "not_booked";
}

/**
 * The caller was just asked whether to book one slot (held for them, or offered alone) and has not answered: a
 * goodbye now must not leave them believing they are booked.
 */
function bookingQuestionOpen(s: DialogueState): boolean {
  const a = awaiting(s);
  return a === "name" || a === "confirm" || (a === "choose" && s.offers.length === 1);
}

function end(
  s: DialogueState,
  reason: "done" | "caller_request" | "no_progress" | "abuse",
  ctx: PolicyContext,
): Action {
  const key: PhraseKey =
    reason === "abuse" ? "farewellAbuse" : reason === "no_progress" ? "farewellNoProgress" : "farewell";
  const why = reason === "caller_request" && (s.done || s.booked > 0) ? "done" : reason;
  // No farewell yet while a booking question is open: `end_call` answers `not_booked` with the question again,
  // or `ended`, and the farewell follows the result (see decideOnTool).
  if (reason === "caller_request" && bookingQuestionOpen(s) && !warnedNotBooked(s))
    return call("end_call", { reason: why });
  return call("end_call", { reason: why }, ask(key, { business: ctx.profile.name }));
}

function confirmCancel(b: BookingInfo, ctx: PolicyContext): string {
  const o = { zone: ctx.profile.timezone, now: ctx.now };
  return ask("confirmCancel", { date: speakOnDate(b.start, o), time: speakTime(b.start, o) });
}

/** The question for what we are waiting for, to repeat or to continue after a side remark. */
export function reprompt(s: DialogueState, ctx: PolicyContext): string {
  const a: Awaiting = awaiting(s);
  switch (a) {
    case "request":
      if (s.service === null) return askService(s, ctx);
      if (s.day === null) return ask("askDay", { service: serviceName(ctx, s.service) });
      return ask("askOtherDay");
    case "name":
      return ask("askName");
    case "confirm":
    case "choose":
    case "retry":
      return s.lastSaid ?? ask("askWhichSlot");
    case "confirm_cancel":
      return s.target === null ? ask("confirmCancelFound") : confirmCancel(s.target, ctx);
    case "which_booking":
      return ask("askWhichBooking");
    case "new_day":
      return ask("askNewDay");
    case "anything_else":
      return ask("anythingElse");
  }
}

function askService(s: DialogueState, ctx: PolicyContext): string {
  if (s.serviceOptions.length > 1) {
    return ask("askServiceWhich", { options: listOr(s.serviceOptions.map((id) => serviceName(ctx, id))) });
  }
  return ask("askService", { services: listOr(ctx.profile.services.map((x) => x.name)) });
}

/** The next step of a request: check as soon as service and day are known, else ask for what is missing. */
function nextStep(s: DialogueState, ctx: PolicyContext, prefix: string | null = null): Action {
  if (s.task === "reschedule" && s.target !== null) {
    if (s.day === null) return speak(prefix, ask("askNewDay"));
    return call("check_availability", {
      service: s.target.service,
      day: s.day.words,
      time: s.time?.words ?? null,
      person: null,
      reschedule_booking_id: s.target.uid,
    });
  }
  if (s.service === null) return speak(prefix, askService(s, ctx));
  if (s.day === null) return speak(prefix, ask("askDay", { service: serviceName(ctx, s.service) }));
  return call("check_availability", {
    service: s.service,
    day: s.day.words,
    time: s.time?.words ?? null,
    person: null,
    reschedule_booking_id: null,
  });
}

/** The caller picked (or agreed to) a slot: that is consent. Book with a known name, else hold it first. */
function takeSlot(s: DialogueState, slot: SlotOffer): Action {
  if (s.task === "reschedule" && s.target !== null) {
    return call("reschedule_appointment", { booking_id: s.target.uid, slot_id: slot.id });
  }
  if (s.name !== null) return call("book_appointment", { slot_id: slot.id, name: s.name });
  return call("hold_slot", { slot_id: slot.id });
}

/** Answers a caller turn. `before`/`after` are the states around it, `effect` what it changed. */
export function decideOnUser(
  before: DialogueState,
  after: DialogueState,
  effect: TurnEffect,
  u: Understanding,
  ctx: PolicyContext,
): Action {
  const a = awaiting(before);
  const offering = a === "confirm" || a === "choose";

  // The rules of the call are not negotiable; after saying so, carry on where we were.
  if (u.abuse) {
    return after.abuse > MAX_ABUSE
      ? end(after, "abuse", ctx)
      : speak(ask("abuseWarning"), reprompt(after, ctx));
  }
  if (u.injection) return speak(ask("refuseInjection", { business: ctx.profile.name }), reprompt(after, ctx));
  if (u.manyBookings) return speak(ask("refuseManyBookings"), reprompt(after, ctx));

  if (u.end) return end(after, "caller_request", ctx);
  if (waitingFor(before) && !effect.newTask) {
    // The calendar has not answered yet: say so (in other words the second time), and end honestly after that
    // rather than loop; when the call ends the loop says what became of a booking.
    if (after.waited > 2) return end(after, "no_progress", ctx);
    return speak(ask(after.waited > 1 ? "stillWaitingAgain" : "stillWaiting"));
  }
  if (warnedNotBooked(before)) {
    // "Nothing is booked yet, shall I?": a no ends the call; a yes without a name asks for it.
    if (u.no && !effect.factsChanged) return end(after, "caller_request", ctx);
    if (u.yes && a === "name" && after.name === null) return speak(ask("askName"));
  }
  const nothingNew = !effect.newTask && !effect.factsChanged && u.when === null && u.service === null;
  if (before.done && nothingNew && (u.thanks || (a === "anything_else" && u.no))) {
    return end(after, "done", ctx);
  }

  if (effect.newTask && after.task !== "book") return call("find_appointments", { day: after.findDay });

  if (a === "retry" && (u.yes || u.again) && nothingNew && before.lastCall !== null) {
    // Tried twice more and still down: say so once and end the call, instead of the same sentence on every "ja".
    if (before.failures >= 2) return call("end_call", { reason: "no_progress" }, ask("retryFailed"));
    return call(before.lastCall.name, readArgs(before.lastCall.arguments));
  }

  if (a === "name" && before.heldId !== null) {
    // A new service, day or time with the name ("Lieber eine Massage um 9:40, Karin Wimmer") asks anew: the
    // held slot is no longer what the caller chose.
    if (effect.factsChanged) return nextStep(after, ctx, null);
    if (after.name !== null) return call("book_appointment", { slot_id: before.heldId, name: after.name });
    if (!effect.factsChanged && u.understood) return speak(ask("askNameAgain"));
  }

  if (effect.slot?.kind === "one") return takeSlot(after, effect.slot.item);
  if (effect.slot?.kind === "ambiguous") return speak(ask("askWhichSlot"));
  if (offering && u.yes && !effect.factsChanged) return speak(ask("askWhichSlot"));

  if (a === "confirm_cancel" && before.target !== null) {
    if (u.yes && nothingNew) return call("cancel_appointment", { booking_id: before.target.uid });
    if (after.done) return speak(ask("cancelKept"), ask("anythingElse"));
  }
  if (effect.booking?.kind === "one") {
    const b = effect.booking.item;
    return after.task === "cancel" ? speak(confirmCancel(b, ctx)) : nextStep(after, ctx);
  }
  if (a === "which_booking" && !effect.newTask) return speak(ask("askWhichBooking"));

  if (
    before.done &&
    before.task === "book" &&
    !effect.newTask &&
    (u.service !== null || u.when !== null || u.another)
  ) {
    return speak(after.booked >= 2 ? ask("refuseLimit") : ask("refuseMoreBookings"));
  }
  if (effect.factsChanged || effect.newTask) {
    return nextStep(
      after,
      ctx,
      effect.nameChanged && after.name !== null ? ask("thanksName", { name: after.name }) : null,
    );
  }
  if (offering && u.no) return speak(ask("askOtherDay"));
  if (effect.nameChanged && after.name !== null) {
    return speak(ask("thanksName", { name: after.name }), reprompt(after, ctx));
  }
  if (!u.understood) {
    if (after.unclear > MAX_UNCLEAR) return end(after, "no_progress", ctx);
    const opener = u.filler ? ask("stillHere") : ask("notUnderstood");
    // While we still gather the request, repeat its question (not a refusal or greeting said before it).
    const again =
      awaiting(before) !== "request"
        ? (before.lastSaid ?? ask("howCanIHelp"))
        : before.service === null
          ? ask("howCanIHelp")
          : reprompt(before, ctx);
    return speak(opener, again);
  }
  return speak(reprompt(after, ctx));
}

/** A tool's `say`, followed by our question unless the say already asks one. */
function sayThen(o: ToolOutcome, key: PhraseKey | null): Action {
  const said = o.say ?? "";
  if (key === null || said.includes("?")) return speak(said === "" ? ask("invalidAsk") : said);
  return speak(said, ask(key));
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** Rebuilds a rejected call from the state, with resolved values where words may have been the problem. */
function corrected(
  s: DialogueState,
  name: string,
  args: Record<string, unknown>,
): Record<string, unknown> | null {
  const target = s.task === "reschedule" ? s.target : null;
  switch (name) {
    case "check_availability": {
      const service = target?.service ?? s.service ?? str(args["service"]);
      if (service === null) return null;
      return {
        service,
        day: s.day?.date ?? s.day?.words ?? str(args["day"]),
        time: s.time?.clock ?? s.time?.words ?? str(args["time"]),
        person: null,
        reschedule_booking_id: target?.uid ?? null,
      };
    }
    case "hold_slot": {
      const id = str(args["slot_id"]);
      return id === null ? null : { slot_id: id };
    }
    case "book_appointment": {
      const id = str(args["slot_id"]) ?? s.heldId;
      const who = s.name ?? str(args["name"]);
      return id === null || who === null ? null : { slot_id: id, name: who };
    }
    case "find_appointments":
      return { day: s.findDay };
    case "cancel_appointment": {
      const id = s.target?.uid ?? str(args["booking_id"]);
      return id === null ? null : { booking_id: id };
    }
    case "reschedule_appointment": {
      const id = s.target?.uid ?? str(args["booking_id"]);
      const slot = str(args["slot_id"]);
      return id === null || slot === null ? null : { booking_id: id, slot_id: slot };
    }
    case "end_call":
      return { reason: s.done ? "done" : "caller_request" };
    default:
      return null;
  }
}

/** Answers a tool result (the state already includes it). */
export function decideOnTool(s: DialogueState, o: ToolOutcome, ctx: PolicyContext): Action {
  if (o.tool === "end_call") {
    // `not_booked`: speak its question and wait. `ended` after a silent end_call: say goodbye now.
    if (o.status === "not_booked") return sayThen(o, null);
    return s.lastCall !== null && bookingQuestionOpen(s) && !warnedNotBooked(s)
      ? speak(ask("farewell", { business: ctx.profile.name }))
      : { say: null, call: null };
  }
  if (o.status === "invalid_arguments") {
    const last = s.lastCall;
    if (last === null || s.invalid > 1) return speak(ask("invalidAsk"));
    const failed = readArgs(last.arguments);
    const fixed = corrected(s, last.name, failed);
    if (fixed === null)
      return speak(s.heldId !== null && s.name === null ? ask("askName") : ask("invalidAsk"));
    if (JSON.stringify(fixed) === JSON.stringify(failed)) return speak(ask("invalidAsk"));
    return call(last.name, fixed);
  }
  if (o.status === "unreadable") return speak(ask("invalidAsk"));
  if (o.status === "calendar_unavailable") return sayThen(o, null);

  switch (`${o.tool}:${o.status}`) {
    case "check_availability:none_free":
      return sayThen(o, "askOtherDay");
    case "hold_slot:held": {
      const slot = slotOf(o, "slot");
      if (slot !== null && s.name !== null)
        return call("book_appointment", { slot_id: slot.id, name: s.name });
      return sayThen(o, "askName");
    }
    case "book_appointment:booked":
    case "cancel_appointment:cancelled":
    case "cancel_appointment:not_found":
    case "reschedule_appointment:rescheduled":
    case "reschedule_appointment:not_found":
    case "find_appointments:none":
      return sayThen(o, "anythingElse");
    case "find_appointments:found":
      if (s.task === "cancel")
        return sayThen(o, s.target === null ? "askWhichBooking" : "confirmCancelFound");
      if (s.task === "reschedule") {
        if (s.target === null) return sayThen(o, "askWhichBooking");
        if (s.day !== null) {
          // "auf Dienstag verschieben": the new day was said already; check it right away, telling what was found.
          const next = nextStep(s, ctx);
          return { ...next, say: o.say };
        }
        return sayThen(o, "askNewDay");
      }
      return sayThen(o, "anythingElse");
    default:
      return sayThen(o, null);
  }
}
