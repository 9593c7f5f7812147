/**
 * The booking dialogue policy: state + the latest event (a caller turn or a tool result) -> one action (speak,
 * call a tool, or both). General rules only: tools first (check as soon as service and day are known), a picked
 * slot is consent, hold before asking the name, one booking per call, speak every tool `say` as it is, never the
 * same offer twice and never the same sentence a third time.
 */

import type { BookingInfo, SlotOffer } from "../../booking/types.ts";
import { openingRanges } from "../../calendar/grid.ts";
import type { BusinessProfile } from "../../calendar/profile.ts";
import { dayBounds, toInstant } from "../../time/instant.ts";
import { resolve } from "../../time/resolve.ts";
import { localTimeOf, speakDate, speakOnDate, speakTime } from "../../time/speak.ts";
import { bookingOf, readArgs, slotOf, type ToolReading } from "./outcome.ts";
import { listAnd, listOr, type PhraseKey, phrase, sentences } from "./phrases.ts";
import {
  type Awaiting,
  awaiting,
  type DialogueState,
  saidBefore,
  sentenceKeys,
  type TurnEffect,
  waitingFor,
} from "./state.ts";
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

function spoken(ctx: PolicyContext): { zone: string; now: string } {
  return { zone: ctx.profile.timezone, now: ctx.now };
}

/** "Mittwoch, 16. September, um 10:40 Uhr": every time with its own date. */
function slotWords(slot: { start: string }, ctx: PolicyContext): string {
  const o = spoken(ctx);
  return ask("slotAt", { date: speakDate(slot.start, o), time: speakTime(slot.start, o) });
}

function byStart<T extends { start: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** A person named with first (and last) name, not "mein Sohn": words that all start with a capital letter. */
const NAME_WORD = /^\p{Lu}[\p{L}'’-]*$/u;

/** The name the booking is made under: the named person it is for, else the caller's own. */
function bookingName(s: DialogueState): string | null {
  const p = s.person?.trim() ?? "";
  if (p !== "" && p.split(/\s+/).every((w) => NAME_WORD.test(w))) return p;
  return s.name;
}

/** The service the current task is about (a move keeps the booking's service). */
function currentService(s: DialogueState): string | null {
  return s.task === "reschedule" ? (s.target?.service ?? null) : s.service;
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

/** The goodbye for how the call ends. */
function farewell(s: DialogueState, reason: EndReason, ctx: PolicyContext): string {
  if (reason === "abuse") return ask("farewellAbuse");
  if (reason === "no_progress") return ask(s.english ? "englishGoodbye" : "farewellNoProgress");
  if (s.english) return ask("farewellEnglish", { business: ctx.profile.name });
  // "Nein danke, ich rufe nochmal an" to an offer: the caller hears that nothing is booked.
  const declinedOffer = s.declined && s.booked === 0 && (s.offers.length > 0 || s.heldId !== null);
  return ask(declinedOffer ? "farewellNotBooked" : "farewell", { business: ctx.profile.name });
}

type EndReason = "done" | "caller_request" | "no_progress" | "abuse";

function end(s: DialogueState, reason: EndReason, ctx: PolicyContext): Action {
  const why = reason === "caller_request" && (s.done || s.booked > 0) ? "done" : reason;
  // No farewell yet while a booking question is open: `end_call` answers `not_booked` (then the caller hears that
  // nothing is booked) or `ended`, and the farewell follows the result (see decideOnTool).
  if (reason !== "abuse" && reason !== "done" && bookingQuestionOpen(s) && !warnedNotBooked(s))
    return call("end_call", { reason: why });
  return call("end_call", { reason: why }, farewell(s, reason, ctx));
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

/** The pending question after a side remark; at the start, what we can do rather than a list of services. */
function pending(s: DialogueState, ctx: PolicyContext): string {
  if (awaiting(s) === "request" && s.task === "book" && s.service === null && s.serviceOptions.length === 0) {
    // What we can do is said once; after the next answer only a short open question follows.
    const help = ask("howCanIHelp");
    return saidBefore(s, help) ? ask("whatElse") : help;
  }
  return reprompt(s, ctx);
}

/** The open question of the request with an example answer, for a caller who answered it with "ja". */
function openExample(s: DialogueState, ctx: PolicyContext): string {
  if (s.service === null) {
    const names = (
      s.serviceOptions.length > 1 ? s.serviceOptions : ctx.profile.services.map((x) => x.id)
    ).map((id) => serviceName(ctx, id));
    return ask("askServiceExample", { options: listOr(names), example: names[0] ?? "" });
  }
  return ask("askDayExample");
}

function askService(s: DialogueState, ctx: PolicyContext): string {
  if (s.serviceOptions.length > 1) {
    const options = listOr(s.serviceOptions.map((id) => serviceName(ctx, id)));
    if (s.queue.length === 0) return ask("askServiceWhich", { options });
    // "Haarschnitt und danach den Bart": which haircut, and the beard is not forgotten.
    // The one asked about comes first; of the others, those the call may still book follow it.
    const room = s.maxBookings - s.booked;
    if (room > s.queue.length)
      return ask("twoServicesWhich", { rest: listAnd(s.queue.map((id) => serviceName(ctx, id))), options });
    const later = s.queue.slice(Math.max(0, room - 1)).map((id) => serviceName(ctx, id));
    return ask("oneBookingOnlyWhich", { limit: limitSaid(s), rest: listAnd(later), options });
  }
  return ask("askService", { services: listOr(ctx.profile.services.map((x) => x.name)) });
}

/** An availability check for the current task (a move passes its booking), with these day and time words. */
function checkCall(
  s: DialogueState,
  day: string,
  time: string | null,
  say: string | null = null,
): Action | null {
  const target = s.task === "reschedule" ? s.target : null;
  const service = target?.service ?? (s.task === "book" ? s.service : null);
  if (service === null) return null;
  return call(
    "check_availability",
    {
      service,
      day,
      time,
      person: target === null ? s.person : null,
      reschedule_booking_id: target?.uid ?? null,
    },
    say,
  );
}

/** The last reply asked for the day of this service ("Für welchen Tag ...?"). */
function askedForDay(s: DialogueState, ctx: PolicyContext): boolean {
  if (s.service === null || s.lastSaid === null) return false;
  return s.lastSaid.endsWith(ask("askDay", { service: serviceName(ctx, s.service) }));
}

/** The next step of a request: check as soon as service and day are known, else ask for what is missing. */
function nextStep(s: DialogueState, ctx: PolicyContext, prefix: string | null = null): Action {
  if (s.task === "reschedule" && s.target !== null) {
    if (s.day === null) return speak(prefix, ask("askNewDay"));
    return checkCall(s, s.day.words, s.time?.words ?? null, prefix) ?? speak(prefix, ask("askNewDay"));
  }
  if (s.service === null) return speak(prefix, askService(s, ctx));
  if (s.day === null) {
    // Asked for the day, the caller answered with a time ("Lieber abends"): the earliest days at that time,
    // rather than the same question again.
    if (s.time !== null && askedForDay(s, ctx))
      return checkCall(s, ask("earliestDay"), s.time.words, prefix) ?? speak(prefix);
    return speak(prefix, ask("askDay", { service: serviceName(ctx, s.service) }));
  }
  return checkCall(s, s.day.words, s.time?.words ?? null, prefix) ?? speak(prefix);
}

/** The caller picked (or agreed to) a slot: that is consent. Book with a known name, else hold it first. */
function takeSlot(s: DialogueState, slot: SlotOffer): Action {
  if (s.task === "reschedule" && s.target !== null) {
    return call("reschedule_appointment", { booking_id: s.target.uid, slot_id: slot.id });
  }
  const who = bookingName(s);
  if (who !== null) return call("book_appointment", { slot_id: slot.id, name: who });
  return call("hold_slot", { slot_id: slot.id });
}

/**
 * "Später?", "früher?", "an einem anderen Tag?", "was anderes?", "keiner passt": a new check from the offers read
 * out last, with the caller's constraint in words the tool reads: later = from the end of the latest offer of
 * that day, earlier = before the earliest, another day = the day after the last offered one. The tool cannot
 * exclude ids, so "was anderes" and "keiner passt" look later the same day (and the days after).
 */
function navigation(
  s: DialogueState,
  nav: NonNullable<Understanding["navigate"]>,
  ctx: PolicyContext,
): Action | null {
  const service = currentService(s);
  if (service === null) return null;
  const offers = byStart(s.lastOffers.filter((o) => o.service === service));
  const first = offers[0];
  const last = offers.at(-1);
  if (first === undefined || last === undefined) return null;
  const o = spoken(ctx);
  if (nav === "other_day") {
    const next = dayBounds(last.date, ctx.profile.timezone).start.plus({ days: 1 }).toISODate() ?? last.date;
    return checkCall(s, next, s.time?.words ?? null);
  }
  const wanted = s.day?.date ?? null;
  const near = nav === "later" || nav === "earlier" ? offers : s.shown;
  const anchor = wanted !== null && near.some((x) => x.date === wanted) ? wanted : first.date;
  // "Später" goes on from the offers just read; "was anderes" and "keiner passt" from everything read out that day.
  const from =
    nav === "later" || nav === "earlier" ? offers : byStart(s.shown.filter((x) => x.service === service));
  const onDay = from.filter((x) => x.date === anchor);
  const minutes = ctx.profile.services.find((x) => x.id === service)?.minutes ?? 30;
  const shownOnDay = byStart(s.shown.filter((x) => x.service === service && x.date === anchor));
  if (nav === "later" || nav === "earlier") {
    // Times read out before lie beyond the offers just read ("später" after "was anderes"): the nearest stretch
    // in that direction that holds none of them. Else simply from (before) the offers just read, below.
    const edge = nav === "earlier" ? onDay[0] : onDay.at(-1);
    const beyond =
      edge !== undefined &&
      shownOnDay.some((x) =>
        nav === "later"
          ? Date.parse(x.start) >= Date.parse(edge.end)
          : Date.parse(x.end) <= Date.parse(edge.start),
      );
    const gap = !beyond
      ? null
      : nav === "later"
        ? freeStretch(s, ctx, anchor, shownOnDay, minutes, { after: Date.parse(edge.end), pick: "first" })
        : freeStretch(s, ctx, anchor, shownOnDay, minutes, { before: Date.parse(edge.start), pick: "last" });
    if (gap !== null)
      return checkCall(
        s,
        anchor,
        ask("betweenWords", { from: speakTime(gap.from, o), to: speakTime(gap.to, o) }),
      );
    // Every time that way was read out already: say so, never read them out again.
    if (beyond) return speak(ask("nothingElseNear"));
  }
  if (nav === "other" || nav === "none_fits") {
    // Other times that day: the widest stretch of opening hours between the times read out, never a time after
    // closing the caller did not ask for; none left that day: the next day.
    const gap = freeStretch(s, ctx, anchor, onDay, minutes, { pick: "widest" });
    if (gap === null) {
      // Nothing left that day for the wish: said, and the next open day looked at with the caller's time.
      const next = nextOpenDay(ctx, anchor);
      const day = speakOnDate(anchor, o);
      const said = ask("noMoreThatDay", {
        day: day.charAt(0).toUpperCase() + day.slice(1),
        time: s.callerTime === null ? "" : `, ${s.callerTime}`,
      });
      return checkCall(s, next, s.callerTime, said);
    }
    return checkCall(
      s,
      anchor,
      ask("betweenWords", { from: speakTime(gap.from, o), to: speakTime(gap.to, o) }),
    );
  }
  const edge = nav === "earlier" ? onDay[0] : onDay.at(-1);
  if (edge === undefined) return null;
  const time =
    nav === "earlier"
      ? ask("earlierWords", { time: speakTime(edge.start, o) })
      : ask("laterWords", { time: speakTime(edge.end, o) });
  return checkCall(s, anchor, time);
}

/**
 * A stretch of the day's opening hours that holds the service and none of the times read out or searched already:
 * from the end of one (or the opening) to the start of the next (or the closing), after the booking notice and
 * inside the time the caller asked for; the widest, the first or the last within the bounds. Null when none is left.
 */
function freeStretch(
  s: DialogueState,
  ctx: PolicyContext,
  date: string,
  shown: readonly SlotOffer[],
  minutes: number,
  want: { after?: number; before?: number; pick: "widest" | "first" | "last" },
): { from: string; to: string } | null {
  const zone = ctx.profile.timezone;
  const at = (hhmm: string) => toInstant(date, hhmm, zone).toMillis();
  const wish = s.callerTime === null ? null : resolve(s.callerTime, { now: ctx.now, zone }).window;
  const lower = Math.max(
    Date.parse(ctx.now) + ctx.profile.minimumNoticeMinutes * 60_000,
    want.after ?? 0,
    wish === null ? 0 : at(wish.from),
  );
  const upper = Math.min(
    want.before ?? Number.POSITIVE_INFINITY,
    wish === null ? Number.POSITIVE_INFINITY : at(wish.to),
  );
  const blocked = [
    ...shown.map((x) => ({ from: Date.parse(x.start), to: Date.parse(x.end) })),
    ...s.searched.filter((x) => x.date === date).map((x) => ({ from: at(x.from), to: at(x.to) })),
  ].sort((p, q) => p.from - q.from);
  let best: { from: number; to: number } | null = null;
  for (const { open, close } of openingRanges(ctx.profile, dayBounds(date, zone).start)) {
    const latestStart = close.toMillis() - minutes * 60_000;
    let from = open.toMillis();
    for (const stop of [...blocked, { from: close.toMillis(), to: close.toMillis() }]) {
      if (stop.to <= from) continue;
      const gap = { from: Math.max(from, lower), to: Math.min(stop.from, close.toMillis(), upper) };
      // A slot must start inside the stretch and end by the closing.
      if (gap.from < gap.to && gap.from <= latestStart) {
        if (
          best === null ||
          want.pick === "last" ||
          (want.pick === "widest" && gap.to - gap.from > best.to - best.from)
        )
          best = gap;
        if (want.pick === "first") break;
      }
      from = Math.max(from, stop.to);
      if (from >= close.toMillis()) break;
    }
    if (want.pick === "first" && best !== null) break;
  }
  if (best === null) return null;
  return { from: new Date(best.from).toISOString(), to: new Date(best.to).toISOString() };
}

/** The first day after `date` the business is open (at most four weeks on; else the day after). */
function nextOpenDay(ctx: PolicyContext, date: string): string {
  const zone = ctx.profile.timezone;
  let day = dayBounds(date, zone).start;
  for (let i = 0; i < 28; i++) {
    day = day.plus({ days: 1 });
    if (openingRanges(ctx.profile, day).length > 0) return day.toISODate() ?? date;
  }
  return dayBounds(date, zone).start.plus({ days: 1 }).toISODate() ?? date;
}

/**
 * A bare hour on the day's dial: "Sieben" on a day open 8-20 is 19:00. The reading inside the opening hours, the
 * morning one first; the time as said when neither is.
 */
function openHourOf(ctx: PolicyContext, date: string, time: string): string {
  const zone = ctx.profile.timezone;
  const ranges = openingRanges(ctx.profile, dayBounds(date, zone).start);
  const [h = 0, m = 0] = time.split(":").map(Number);
  for (const hour of h < 12 ? [h, h + 12] : [h]) {
    const at = toInstant(
      date,
      `${String(hour).padStart(2, "0")}:${String(m).padStart(2, "0")}`,
      zone,
    ).toMillis();
    if (ranges.some((r) => at >= r.open.toMillis() && at < r.close.toMillis()))
      return `${hour}:${String(m).padStart(2, "0")}`;
  }
  // Neither is open: the time as said, so the tool tells the caller why.
  return `${h}:${String(m).padStart(2, "0")}`;
}

/** "Meinen Sie Mittwoch, 16. September, um 10:40 Uhr oder Donnerstag, 17. September, um 10:40 Uhr?" */
function askWhichOf(fits: readonly SlotOffer[], ctx: PolicyContext): string {
  if (fits.length < 2) return ask("askWhichSlot");
  return ask("askWhichOf", { options: listOr(byStart(fits).map((x) => slotWords(x, ctx))) });
}

/** What the caller told us so far, as one sentence; a clock time only with its date and once a tool reported it. */
function summary(s: DialogueState, ctx: PolicyContext, timeKnown: boolean): string | null {
  const o = spoken(ctx);
  const facts: string[] = [];
  const service = currentService(s);
  if (service !== null) facts.push(serviceName(ctx, service));
  if (s.person !== null) facts.push(ask("factPerson", { person: s.person }));
  const date = s.day?.date ?? null;
  if (date !== null) facts.push(speakOnDate(date, o));
  else if (s.day !== null && !/\d/.test(s.day.words)) facts.push(s.day.words);
  const clock = s.time?.clock ?? null;
  if (date !== null && clock !== null && timeKnown) {
    facts.push(ask("factTime", { time: speakTime(toInstant(date, clock, ctx.profile.timezone), o) }));
  } else if (s.time !== null && clock === null && !/\d/.test(s.time.words)) {
    facts.push(s.time.words);
  }
  const who = bookingName(s);
  if (who !== null) facts.push(ask("factName", { name: who }));
  return facts.length === 0 ? null : ask("understoodSoFar", { facts: facts.join(", ") });
}

/**
 * The same sentence would be said a third time: say what was understood and take a concrete step instead (the
 * earliest free slots of the service, the offers one by one, the name), or end politely.
 */
function unstuck(s: DialogueState, ctx: PolicyContext): Action {
  const a = awaiting(s);
  if (a === "request" && currentService(s) !== null) {
    // A day not checked yet is checked; one checked already gave nothing the caller took: the earliest slots.
    const fresh = s.unchecked && s.day !== null;
    const day = fresh && s.day !== null ? s.day.words : ask("earliestDay");
    const time = fresh ? (s.time?.words ?? null) : null;
    const said = sentences(summary(s, ctx, fresh || !s.unchecked), ask("stuckCheck"));
    const check = checkCall(s, day, time, said);
    if (check !== null) return check;
  }
  if (a === "request" && s.task === "book" && s.service === null) {
    const names = listOr(ctx.profile.services.map((x) => x.name));
    return speak(summary(s, ctx, false), ask("stuckService", { services: names }));
  }
  if ((a === "choose" || a === "confirm") && s.offers.length > 0) {
    const offers = listOr(byStart(s.offers).map((x) => slotWords(x, ctx)));
    return speak(summary(s, ctx, !s.unchecked), ask("stuckChoose", { offers }));
  }
  if (a === "name") return speak(summary(s, ctx, !s.unchecked), ask("stuckName"));
  return end(s, "no_progress", ctx);
}

/**
 * The reply says nothing new, and most of it (by length) was said twice already: a third reading. A tool's own
 * closing question ("Welcher Termin passt Ihnen am besten?") ends every new offer; it alone makes no loop.
 */
function wouldRepeat(counts: ReadonlyMap<string, number>, reply: string): boolean {
  const keys = sentenceKeys(reply);
  if (keys.length === 0 || keys.some((k) => (counts.get(k) ?? 0) === 0)) return false;
  const length = (list: string[]) => list.reduce((n, k) => n + k.length, 0);
  return 2 * length(keys.filter((k) => (counts.get(k) ?? 0) >= 2)) >= length(keys);
}

/**
 * Never the same sentence a third time: a concrete next step instead, and a polite end if even that repeats.
 * Answering a tool result (`mayCall` false), the step is not another search: that search may be what repeats.
 */
function noThirdTime(s: DialogueState, action: Action, ctx: PolicyContext, mayCall = true): Action {
  if (action.call !== null || action.say === null || !wouldRepeat(s.said, action.say)) return action;
  let next = unstuck(s, ctx);
  if (next.call?.name === "check_availability" && !mayCall)
    next = speak(summary(s, ctx, !s.unchecked), ask("askOtherDay"));
  if (next.call === null && next.say !== null && wouldRepeat(s.said, next.say))
    return end(s, "no_progress", ctx);
  return next;
}

/** The first answer to an English-speaking caller carries a short bilingual note. */
function withEnglish(s: DialogueState, u: Understanding, action: Action): Action {
  if (!u.english || action.call?.name === "end_call") return action;
  const told = saidBefore(s, ask("englishNote")) || saidBefore(s, ask("englishHint"));
  if (told || action.say?.includes(ask("englishHint"))) return action;
  return { ...action, say: sentences(ask("englishNote"), action.say) };
}

/** Answers a caller turn. `before`/`after` are the states around it, `effect` what it changed. */
export function decideOnUser(
  before: DialogueState,
  after: DialogueState,
  effect: TurnEffect,
  u: Understanding,
  ctx: PolicyContext,
): Action {
  const action = noThirdTime(after, respond(before, after, effect, u, ctx), ctx);
  return withEnglish(before, u, action);
}

function respond(
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

  // "Servus." as the caller's first words is a hello, though it can also say goodbye.
  if (u.end && u.greeting && before.toolCalls === 0 && before.service === null && before.name === null)
    return speak(ask("howCanIHelp"));
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
    if (u.yes && a === "name" && bookingName(after) === null) return speak(ask("askName"));
  }
  const nothingNew = !effect.newTask && !effect.factsChanged && u.when === null && u.service === null;
  if (before.done && nothingNew && (u.thanks || (a === "anything_else" && u.no))) {
    return end(after, "done", ctx);
  }
  // "Danke, bis morgen." after a booking: a thank-you naming a day is a goodbye, not a new wish.
  if (before.done && u.thanks && !effect.newTask && !u.another && u.service === null && u.intent === null) {
    return end(after, "done", ctx);
  }
  // "Ja" to "Kann ich sonst noch etwas für Sie tun?": ask what, not the same question again.
  if (a === "anything_else" && u.yes && nothingNew && !effect.nameChanged) return speak(ask("askWhat"));
  // "Ja" to "Meinen Sie ...?" or "Für welchen Tag?": an example of an answer, never the same question again.
  if (a === "request" && u.yes && nothingNew && !effect.nameChanged && after.unclear > 0) {
    if (after.unclear > MAX_UNCLEAR) return end(after, "no_progress", ctx);
    return speak(openExample(after, ctx));
  }

  // Side remarks change nothing in the dialogue: a short answer, then where we were.
  if (!effect.newTask && !effect.factsChanged) {
    if (u.wait) return speak(ask("waitOk"));
    // While the calendar is down, "jetzt gleich zusammen" is not on offer either: say so, and offer one more try.
    if (u.callback)
      return a === "retry" ? speak(ask("callbackOutage")) : speak(ask("callback"), pending(after, ctx));
  }
  if (u.question !== null && !effect.newTask) {
    if (u.question.topic === "phone") return speak(ask("phoneNotNeeded"), pending(after, ctx));
    return call("business_info", {
      topic: u.question.topic,
      day: u.question.day,
      service: u.question.service,
    });
  }
  if (u.offTopic && !effect.newTask && !effect.factsChanged && !effect.nameChanged && effect.slot === null) {
    return speak(ask("offTopic"), pending(after, ctx));
  }

  if (effect.newTask && after.task !== "book") return call("find_appointments", { day: after.findDay });
  // "Halb zwölf, auf den Namen Emre Yilmaz" after the father's booking: said back as a booking of its own.
  if (effect.newTask && before.done && after.person !== null && after.service === null)
    return speak(ask("anotherFor", { person: after.person }), reprompt(after, ctx));

  if (a === "retry" && (u.yes || u.again) && nothingNew && before.lastCall !== null) {
    // Tried twice more and still down: say so once and end the call, instead of the same sentence on every "ja".
    if (before.failures >= 2) return call("end_call", { reason: "no_progress" }, ask("retryFailed"));
    return call(before.lastCall.name, readArgs(before.lastCall.arguments));
  }

  // "Welche Zeiten gibt es morgen sonst noch?" names the very day (or time) of the offers and picks none of them:
  // the caller wants other times there, not the same offer again.
  const sameFacts =
    offering && u.when !== null && effect.slot === null && !u.yes && !u.no && !u.unsure ? "other" : null;
  // A day read out before, named again without a time ("Welche Zeiten gibt es morgen sonst noch?" after offers on
  // another day): other times of that day, not the ones read out there again.
  const shownDay =
    u.navigate === "other" &&
    u.when?.time === null &&
    after.day?.date != null &&
    after.shown.some((x) => x.date === after.day?.date);
  const nav = u.navigate ?? sameFacts;
  if (nav !== null && (!effect.factsChanged || shownDay) && !effect.newTask) {
    const next = navigation(after, nav, ctx);
    if (next !== null) return next;
    if (offering || a === "request") return speak(ask("askOtherDay"));
  }

  if (a === "name" && before.heldId !== null) {
    // A new service, person, day or time with the name ("Lieber eine Massage um 9:40, Karin Wimmer"; "Halb zwölf,
    // auf den Namen Emre Yilmaz") asks anew: the held slot is no longer what the caller chose for that person.
    if (effect.factsChanged) return nextStep(after, ctx, null);
    const who = bookingName(after);
    if (who !== null) return call("book_appointment", { slot_id: before.heldId, name: who });
    if (u.understood) return speak(ask("askNameAgain"));
  }

  if (effect.slot?.kind === "one") return takeSlot(after, effect.slot.item);
  if (effect.slot?.kind === "ambiguous") return speak(askWhichOf(after.narrowed, ctx));
  // "Zwölf passt." when no offer is at twelve: that hour is looked up on the day of the offers.
  // A number no larger than the count of offers may be a position ("Die Zwei"): asked below, not looked up.
  const hour = u.choice.hour;
  if (
    offering &&
    u.choice.time !== null &&
    u.choice.ordinal === null &&
    (hour === null || hour > after.lastOffers.length) &&
    u.when === null &&
    effect.slot === null &&
    !u.no
  ) {
    const days = after.lastOffers.map((x) => x.date);
    const day = after.day?.date != null && days.includes(after.day.date) ? after.day.date : days[0];
    const check =
      day === undefined
        ? null
        : checkCall(after, day, ask("atWords", { time: openHourOf(ctx, day, u.choice.time) }));
    if (check !== null) return check;
  }
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
    if (after.booked < after.maxBookings) return speak(ask("refuseMoreBookings"));
    return speak(ask(after.maxBookings <= 1 ? "refuseOnlyOne" : "refuseLimit"));
  }
  if (effect.factsChanged || effect.newTask) {
    const thanks = effect.nameChanged && after.name !== null ? ask("thanksName", { name: after.name }) : null;
    return nextStep(after, ctx, sentences(thanks, effect.queued ? queueNote(after, ctx) : null));
  }
  if (offering && u.no) return speak(ask("askOtherDay"));
  if (effect.nameChanged && after.name !== null) {
    return speak(ask("thanksName", { name: after.name }), reprompt(after, ctx));
  }
  if (u.english && !u.understood) {
    // Nothing we could act on, in English: a hint in both languages once, then an honest goodbye, no loop.
    if (saidBefore(before, ask("englishHint")))
      return call("end_call", { reason: "no_progress" }, ask("englishGoodbye"));
    return speak(ask("englishHint"));
  }
  if (!u.understood) {
    if (after.unclear > MAX_UNCLEAR) return end(after, "no_progress", ctx);
    const opener = u.filler ? ask("stillHere") : ask("notUnderstood");
    // While we still gather the request, repeat its question (not a refusal or greeting said before it).
    const again =
      a === "anything_else"
        ? ask("anythingElse")
        : a !== "request"
          ? (before.lastSaid ?? ask("howCanIHelp"))
          : before.service === null
            ? ask("howCanIHelp")
            : reprompt(before, ctx);
    return speak(opener, again);
  }
  return speak(reprompt(after, ctx));
}

/**
 * Several services in one breath: booked one after the other when the call may book them all, else said now
 * that only one booking per call is possible and which one comes first. Never one dropped silently.
 */
function queueNote(s: DialogueState, ctx: PolicyContext): string | null {
  if (s.service === null || s.queue.length === 0) return null;
  const all = [s.service, ...s.queue].map((id) => serviceName(ctx, id));
  const room = Math.max(1, s.maxBookings - s.booked);
  if (room >= all.length) return ask("twoServices", { first: all[0] ?? "", rest: listAnd(all.slice(1)) });
  // As many as the call may book, in the order said; the others need a call of their own.
  return ask("oneBookingOnly", {
    limit: limitSaid(s),
    first: listAnd(all.slice(0, room)),
    rest: listAnd(all.slice(room)),
  });
}

/** "Pro Anruf kann ich leider nur einen Termin buchen." with the call's real limit. */
function limitSaid(s: DialogueState): string {
  return s.maxBookings <= 1 ? ask("limitOne") : ask("limitMany", { count: String(s.maxBookings) });
}

/** A tool's `say`, followed by our question unless the say already asks one. */
function sayThen(o: ToolReading, key: PhraseKey | null): Action {
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
        person: target === null ? s.person : null,
        reschedule_booking_id: target?.uid ?? null,
      };
    }
    case "hold_slot": {
      const id = str(args["slot_id"]);
      return id === null ? null : { slot_id: id };
    }
    case "book_appointment": {
      const id = str(args["slot_id"]) ?? s.heldId;
      const who = bookingName(s) ?? str(args["name"]);
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
export function decideOnTool(s: DialogueState, o: ToolReading, ctx: PolicyContext): Action {
  return noThirdTime(s, answerTool(s, o, ctx), ctx, false);
}

/** Why our last `end_call` ended the call. */
function endReason(s: DialogueState): EndReason {
  const r = s.lastCall === null ? null : readArgs(s.lastCall.arguments)["reason"];
  return r === "done" || r === "no_progress" || r === "abuse" ? r : "caller_request";
}

/** The check found only slots offered just before: same service, same instants. */
function nothingNewOffered(s: DialogueState): boolean {
  if (s.priorOffers.length === 0 || s.offers.length === 0) return false;
  return s.offers.every((x) =>
    s.priorOffers.some((p) => p.service === x.service && Date.parse(p.start) === Date.parse(x.start)),
  );
}

function foundBooking(b: BookingInfo, ctx: PolicyContext): string {
  const o = spoken(ctx);
  return ask("foundBooking", { date: speakOnDate(b.start, o), time: speakTime(b.start, o) });
}

function answerTool(s: DialogueState, o: ToolReading, ctx: PolicyContext): Action {
  if (o.tool === "end_call") {
    const reason = endReason(s);
    if (o.status === "not_booked") {
      // The caller said no to the offer and goodbye: nothing is booked, and they know it; end with that.
      if (s.declined) return call("end_call", { reason }, farewell(s, "caller_request", ctx));
      const slot = slotOf(o, "slot");
      // We end because we do not get on: no question again, but the caller hears that nothing is booked.
      if (reason === "no_progress" && slot !== null)
        return call("end_call", { reason }, ask("notBookedNoProgress", { slot: slotWords(slot, ctx) }));
      if (s.task === "reschedule" && s.target !== null && slot !== null)
        return speak(ask("moveNotDone", { slot: slotWords(slot, ctx) }));
      // Speak its question and wait.
      return sayThen(o, null);
    }
    // `ended` after a silent end_call: say goodbye now.
    return s.lastCall !== null && !s.endSaid ? speak(farewell(s, reason, ctx)) : { say: null, call: null };
  }
  if (o.status === "invalid_arguments") {
    const last = s.lastCall;
    if (last === null || s.invalid > 1) return speak(ask("invalidAsk"));
    const failed = readArgs(last.arguments);
    const fixed = corrected(s, last.name, failed);
    if (fixed === null)
      return speak(s.heldId !== null && bookingName(s) === null ? ask("askName") : ask("invalidAsk"));
    if (JSON.stringify(fixed) === JSON.stringify(failed)) return speak(ask("invalidAsk"));
    return call(last.name, fixed);
  }
  if (o.status === "unreadable") return speak(ask("invalidAsk"));
  if (o.status === "calendar_unavailable") return sayThen(o, null);

  switch (`${o.tool}:${o.status}`) {
    case "check_availability:available":
    case "check_availability:alternatives": {
      // "Später?" and the calendar has only what was offered: say so, never the same offer read again.
      // A time the caller named that was offered before is theirs to take, not "nothing else".
      if (o.status === "alternatives" && nothingNewOffered(s)) return speak(ask("nothingElseNear"));
      const slot = slotOf(o, "slot");
      if (o.status === "available" && s.task === "reschedule" && s.target !== null && slot !== null) {
        // A move is never "gebucht".
        const w = spoken(ctx);
        return speak(ask("moveOffer", { date: speakOnDate(slot.start, w), time: speakTime(slot.start, w) }));
      }
      return sayThen(o, null);
    }
    case "check_availability:none_free":
      return sayThen(o, "askOtherDay");
    case "hold_slot:held": {
      const slot = slotOf(o, "slot");
      const who = bookingName(s);
      if (slot !== null && who !== null) return call("book_appointment", { slot_id: slot.id, name: who });
      return sayThen(o, "askName");
    }
    case "book_appointment:booked":
      return afterBooking(s, o, ctx);
    case "business_info:info": {
      // A booking wish said with the question is checked now, after the answer.
      if (s.unchecked && awaiting(s) === "request") {
        const next = nextStep(s, ctx);
        if (next.call !== null) return { ...next, say: o.say };
      }
      const said = o.say ?? "";
      return said.includes("?") ? speak(said) : speak(said, pending(s, ctx));
    }
    case "cancel_appointment:cancelled":
    case "cancel_appointment:not_found":
    case "reschedule_appointment:rescheduled":
    case "reschedule_appointment:not_found":
    case "find_appointments:none":
      return sayThen(o, "anythingElse");
    case "find_appointments:found":
      // The caller said what they want: tell the booking found and ask only what is still open (no "verschieben
      // oder absagen?" after "absagen").
      if (s.task === "cancel") {
        if (s.target === null) return sayThen(o, "askWhichBooking");
        return speak(foundBooking(s.target, ctx), ask("askCancelIt"));
      }
      if (s.task === "reschedule") {
        if (s.target === null) return sayThen(o, "askWhichBooking");
        // "auf Dienstag verschieben": the new day was said already; check it right away.
        if (s.day !== null) return { ...nextStep(s, ctx), say: foundBooking(s.target, ctx) };
        return speak(foundBooking(s.target, ctx), ask("askNewDay"));
      }
      return sayThen(o, "anythingElse");
    default:
      return sayThen(o, null);
  }
}

/**
 * Booked. With another service named together ("und danach den Bart"), its check follows at the end of this
 * booking when the call may book it; otherwise the caller hears which one is booked and that the other needs a
 * call of its own.
 */
function afterBooking(s: DialogueState, o: ToolReading, ctx: PolicyContext): Action {
  const booking = bookingOf(o, "booking");
  const next = s.queue[0];
  if (booking === null || next === undefined) return sayThen(o, "anythingElse");
  if (s.booked < s.maxBookings) {
    const said = sentences(o.say, ask("nextService", { service: serviceName(ctx, next) }));
    const zone = ctx.profile.timezone;
    return call(
      "check_availability",
      {
        service: next,
        day: booking.date,
        time: localTimeOf(booking.end, zone),
        person: s.person,
        reschedule_booking_id: null,
      },
      said,
    );
  }
  const rest = listAnd(s.queue.map((id) => serviceName(ctx, id)));
  return speak(o.say, ask("onlyOneBooked", { limit: limitSaid(s), rest }), ask("anythingElse"));
}
