/**
 * The dialogue state, derived from the message history alone: what the caller told us, what the tools answered
 * and what we are waiting for. Folding the same messages always gives the same state, so the model needs no
 * memory between calls.
 */
import type { BookingInfo, SlotOffer } from "../../booking/types.ts";
import { plainDateOfIso } from "../../time/plain-date.ts";
import type { ChatMessage, ToolCall } from "../model.ts";
import { type Pick, pickOption } from "./choice.ts";
import { alternativesOf, bookingsOf, readArgs, readOutcome, slotOf, type ToolReading } from "./outcome.ts";
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
  /** Further services the caller named with it ("Haarschnitt und danach den Bart"), booked one after the other. */
  queue: string[];
  /** Who the appointment is for when not the caller ("Lena Huber"); passed to check_availability. */
  person: string | null;
  /** Service ids the caller's generic words fit; asked about until one is chosen. */
  serviceOptions: string[];
  /** The day asked about; `days` when it is a span ("nächste Woche"), so a weekday said next is read inside it. */
  day: { words: string; date: string | null; days?: { from: string; to: string } } | null;
  time: { words: string; clock: string | null } | null;
  /** The time words the caller said last ("ab 16 Uhr", "nachmittags"); our own search words never replace them. */
  callerTime: string | null;
  /**
   * Stretches of a day searched ("zwischen 8:00 und 9:30 Uhr") that gave nothing in them, as local
   * `YYYY-MM-DD` and `HH:MM`: not searched again for other times.
   */
  searched: { date: string; from: string; to: string }[];
  /** The caller's words for the day of an existing booking (cancel, move, look up). */
  findDay: string | null;
  name: string | null;
  /** Slots of the latest availability or conflict result that the caller has not answered yet. */
  offers: SlotOffer[];
  /** The offers the caller's last words fitted equally ("um 10:40" on two days), asked about by their days. */
  narrowed: SlotOffer[];
  /** The slots read out last, kept after the caller declined them: "später?" and "keiner passt" start from them. */
  lastOffers: SlotOffer[];
  /** Every slot read out for the current service and task: "was anderes" looks beyond all of them. */
  shown: SlotOffer[];
  /** `lastOffers` as they were when the latest check was sent: its result must not offer the same again. */
  priorOffers: SlotOffer[];
  /** Service, day, time or person changed since the last availability check. */
  unchecked: boolean;
  /** The offer is the exact slot asked for (confirm it) rather than a list (choose one). */
  single: boolean;
  /** A slot held (or picked) for the caller, waiting for the name. */
  heldId: string | null;
  /** The caller's bookings from the latest find, and the one the task is about. */
  bookings: BookingInfo[];
  target: BookingInfo | null;
  lastCall: ToolCall | null;
  lastOutcome: ToolReading | null;
  /** Consecutive `calendar_unavailable` and `invalid_arguments` results. */
  failures: number;
  invalid: number;
  /** The last question we asked, repeated when the caller did not catch it. */
  lastSaid: string | null;
  /**
   * How often we said each sentence in the call (keys of `sentenceKeys`), kept as the call goes, so checking a
   * reply against everything said costs the same late in a call as early on: no sentence is said a third time.
   */
  said: ReadonlyMap<string, number>;
  /** The last `end_call` came with our goodbye already. */
  endSaid: boolean;
  /** The caller's latest turn said no (declined what was offered). */
  declined: boolean;
  /** The caller spoke English at least once. */
  english: boolean;
  /** How many bookings this call may make (the booking session's limit). */
  maxBookings: number;
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
export function initialState(name: string | null, maxBookings = 1): DialogueState {
  return {
    task: "book",
    done: false,
    booked: 0,
    service: null,
    queue: [],
    person: null,
    serviceOptions: [],
    day: null,
    time: null,
    callerTime: null,
    searched: [],
    findDay: null,
    name,
    offers: [],
    narrowed: [],
    lastOffers: [],
    shown: [],
    priorOffers: [],
    unchecked: false,
    single: false,
    heldId: null,
    bookings: [],
    target: null,
    lastCall: null,
    lastOutcome: null,
    failures: 0,
    invalid: 0,
    lastSaid: null,
    said: new Map(),
    endSaid: false,
    declined: false,
    english: false,
    maxBookings,
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
  /** Several services were named together: the first is checked, the others wait in `queue`. */
  queued: boolean;
}

function startTask(s: DialogueState, task: Task): void {
  s.task = task;
  s.done = false;
  s.offers = [];
  s.narrowed = [];
  s.lastOffers = [];
  s.shown = [];
  s.single = false;
  s.heldId = null;
  s.bookings = [];
  s.target = null;
  s.findDay = null;
  s.day = null;
  s.time = null;
  s.callerTime = null;
  s.searched = [];
  s.unchecked = false;
  if (task === "book") {
    s.service = null;
    s.serviceOptions = [];
    s.queue = [];
    s.person = null;
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
    queued: false,
  };
  const sideRemark = u.wait || u.callback || u.offTopic;
  // A bare "ja" to an open question ("Welche Leistung?") answers nothing: counted like a line not understood.
  const bareYes =
    before === "request" &&
    u.yes &&
    !u.thanks &&
    u.service === null &&
    u.serviceOptions.length === 0 &&
    u.when === null &&
    u.name === null &&
    u.intent === null &&
    !u.end;
  s.unclear =
    (u.understood && !bareYes) || u.english || sideRemark || u.question !== null ? 0 : state.unclear + 1;
  s.waited = waitingFor(state) ? state.waited + 1 : 0;
  s.declined = u.no;
  if (u.english) s.english = true;
  if (u.abuse) s.abuse = state.abuse + 1;
  // A rule-breaking sentence changes nothing: its facts are not taken on (one booking per call, no new role).
  if (u.injection || u.manyBookings || u.abuse || u.end) return { next: s, effect };

  if (u.name !== null && u.name !== s.name) {
    s.name = u.name;
    effect.nameChanged = true;
  }
  // A question about the business ("Was kostet ein Herrenhaarschnitt?") asks, it does not choose: its service
  // and day are booking facts only when the caller also asks for an appointment in the same breath.
  if (u.question !== null && !u.wish) return { next: s, effect };
  // Waiting, a call-back wish or a remark off the subject neither picks an offer nor changes the request.
  if (sideRemark && u.when === null && u.service === null && u.person === null) return { next: s, effect };

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
    // A day or time for someone else by name ("Halb zwölf, auf den Namen Emre Yilmaz" after the father's booking)
    // is another booking as clearly as "noch einen Termin".
    const forOther =
      u.name !== null &&
      state.name !== null &&
      u.when !== null &&
      !u.no &&
      !sameNameWords(u.name, state.name) &&
      !(u.when.clock === state.time?.clock && (u.when.date === null || u.when.date === state.day?.date));
    if (s.booked >= s.maxBookings || (s.task === "book" && !u.another && !forOther))
      return { next: s, effect };
    startTask(s, "book");
    if (forOther && u.person === null) {
      // The caller stays who they are; the new booking is for the person named.
      s.name = state.name;
      s.person = u.name;
      effect.nameChanged = false;
      // A time alone ("Halb zwölf") is on the day just booked.
      if (u.when?.day === null) s.day = state.day;
    }
    effect.newTask = true;
  }

  s.narrowed = [];
  // "Keiner davon passt", "geht es später?": other offers are wanted, so no word of it picks one ("passt").
  if ((before === "confirm" || before === "choose") && u.navigate === null) {
    // Asked "Meinen Sie Donnerstag oder Freitag?", a bare "Freitag" answers it: a day alone picks among those.
    const asked = state.narrowed.length > 0;
    effect.slot = asked
      ? (pickOption(state.narrowed, { ...u.choice, pointing: true }) ?? sameWeekday(state.narrowed, u))
      : pickOption(s.offers, u.choice);
    if (effect.slot?.kind === "ambiguous") s.narrowed = candidates(asked ? state.narrowed : s.offers, u);
    const offer = s.offers.length === 1 ? s.offers[0] : undefined;
    // A yes takes the one offer only if the turn names no other day or time ("ja, aber lieber um elf" asks anew).
    if (effect.slot === null && u.yes && offer !== undefined && fitsOffer(u.when, offer)) {
      effect.slot = { kind: "one", item: offer };
    }
    if (effect.slot !== null) return { next: s, effect };
  }
  if (before === "which_booking") {
    // A day alone picks among the caller's own bookings ("der am Freitag"): they are theirs, not offers.
    const hints = u.choice.date !== null ? { ...u.choice, pointing: true } : u.choice;
    effect.booking = pickOption(s.bookings, hints);
    if (effect.booking?.kind === "one") s.target = effect.booking.item;
    if (effect.booking !== null) return { next: s, effect };
  }
  if (before === "confirm_cancel" && u.no && u.when === null) {
    s.done = true;
    s.target = null;
    return { next: s, effect };
  }

  // "Auf den Namen meiner Tochter, Lena Huber" names who the appointment is for, not another service.
  const nameOnly = u.serviceByAudience && u.person !== null && s.service !== null;
  const service = s.task === "book" && !nameOnly ? u.service : null;
  const answersOptions = service !== null && s.serviceOptions.includes(service);
  if (service !== null && service !== s.service) {
    s.service = service;
    s.serviceOptions = [];
    s.lastOffers = [];
    s.shown = [];
    effect.factsChanged = true;
  } else if (s.task === "book" && s.service === null && u.serviceOptions.length > 0) {
    s.serviceOptions = u.serviceOptions;
    // "Haarschnitt und danach den Bart": which haircut is asked first; the beard waits.
    if (u.services.length > 0 && u.services.join() !== s.queue.join()) {
      s.queue = [...new Set(u.services)];
      effect.queued = true;
    }
  }
  if (s.task === "book" && service !== null) {
    // "Haarschnitt und danach den Bart": the first now, the others after it; naming one service alone drops them,
    // unless it answers which of the options it is ("Herren").
    const rest = [...new Set(u.services)].filter((id) => id !== service);
    if (rest.length > 0 && rest.join() !== s.queue.join()) effect.queued = true;
    if (rest.length > 0 || (u.services.length === 1 && !answersOptions)) s.queue = rest;
  }
  if (s.task === "book" && u.person !== null && u.person !== s.person) {
    // The appointment is for someone else now. Before anything is offered, the check is for them; an offer or
    // hold open now is what they answer ("Auf den Namen meiner Tochter, Lena Huber"): it stays, under their name.
    s.person = u.person;
    const open = before === "confirm" || before === "choose" || before === "name";
    if (!open) effect.factsChanged = true;
    else effect.nameChanged = true;
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
  if (effect.factsChanged) s.unchecked = true;
  return { next: s, effect };
}

/**
 * The offers the turn's day and time fit (all of them when they fit fewer than two): what an ambiguous pick asks
 * about. A full hour said bare ("die Acht") fits it on either half of the dial, as in `pickOption`.
 */
export function candidates(offers: readonly SlotOffer[], u: Understanding): SlotOffer[] {
  const { date, time, hour } = u.choice;
  let fits = [...offers];
  if (date !== null) fits = fits.filter((x) => x.date === date);
  if (hour !== null)
    fits = fits.filter((x) => x.time.endsWith(":00") && Number(x.time.slice(0, 2)) % 12 === hour % 12);
  else if (time !== null) fits = fits.filter((x) => x.time === time);
  return fits.length < 2 ? [...offers] : fits;
}

/**
 * "Donnerstag" answering "Meinen Sie Montag, 10. November, oder Donnerstag, 13. November?": the weekday reads as the
 * next Thursday, but means the one asked about.
 */
function sameWeekday(options: readonly SlotOffer[], u: Understanding): Pick<SlotOffer> {
  const date = u.when?.date ?? null;
  if (date === null || u.when?.clock != null) return null;
  const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
  const fits = options.filter((x) => weekday(x.date) === weekday(date));
  const only = fits[0];
  return fits.length === 1 && only !== undefined ? { kind: "one", item: only } : null;
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
  // The same date in other words ("morgen" after "2025-10-26") is no new day.
  const sameDay =
    s.day !== null &&
    (s.day.date !== null && w.date !== null ? s.day.date === w.date : s.day.words === w.day);
  const inSpan = w.weekdayOnly === true && w.date !== null ? weekdayIn(s.day?.days, w.date) : null;
  if (inSpan !== null && inSpan !== s.day?.date) {
    // "Am Dienstag" after offers for "nächste Woche": the Tuesday of that week, not the next Tuesday.
    s.day = { words: inSpan, date: inSpan, ...(s.day?.days ? { days: s.day.days } : {}) };
    changed = true;
  } else if (inSpan === null && w.day !== null && !sameDay) {
    s.day = { words: w.day, date: w.date, ...(w.days ? { days: w.days } : {}) };
    changed = true;
  }
  if (w.time !== null && (s.time === null || s.time.words !== w.time || s.time.clock !== w.clock)) {
    s.time = { words: w.time, clock: w.clock };
    changed = true;
  }
  if (w.time !== null) s.callerTime = w.time;
  return changed;
}

/** The date inside the span that falls on the same weekday as `date`, when `date` itself is outside it; else null. */
function weekdayIn(span: { from: string; to: string } | undefined, date: string): string | null {
  if (span === undefined || (date >= span.from && date <= span.to)) return null;
  const weekday = (d: string) => new Date(`${d}T12:00:00Z`).getUTCDay();
  for (let d = span.from; d <= span.to; d = nextDate(d)) if (weekday(d) === weekday(date)) return d;
  return null;
}

/** The calendar date after `date` (YYYY-MM-DD), by calendar arithmetic, so no clock or zone is involved. */
function nextDate(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** One name is the other or part of it ("Müller", "Max Müller"): the same person, not someone else. */
function sameNameWords(a: string, b: string): boolean {
  const words = (x: string) =>
    new Set(
      x
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => w !== ""),
    );
  const [x, y] = [words(a), words(b)];
  const inside = (p: Set<string>, q: Set<string>) => [...p].every((w) => q.has(w));
  return inside(x, y) || inside(y, x);
}

/** A text's sentences as counted in `said`: case and spacing do not count. */
export function sentenceKeys(text: string): string[] {
  // A full stop after a digit is a date ("26. Oktober"), not the end of a sentence.
  return text
    .split(/(?<=[^\d\s][.!?]|\d[!?])\s+/u)
    .map((x) => x.trim().toLowerCase().replace(/\s+/g, " "))
    .filter((x) => x !== "");
}

/** Every sentence of `text` was said before in the call. */
export function saidBefore(s: DialogueState, text: string): boolean {
  const keys = sentenceKeys(text);
  return keys.length > 0 && keys.every((k) => (s.said.get(k) ?? 0) > 0);
}

/** A search of a day's stretch that offered nothing inside it: remembered, so it is not searched again. */
function noteEmpty(s: DialogueState, o: ToolReading): void {
  const requested = o.data["requested"];
  if (typeof requested !== "object" || requested === null) return;
  const { date, window } = requested as { date?: unknown; window?: unknown };
  if (typeof date !== "string" || typeof window !== "object" || window === null) return;
  const { from, to } = window as { from?: unknown; to?: unknown };
  if (typeof from !== "string" || typeof to !== "string") return;
  const inside = s.offers.some((x) => x.date === date && x.time >= from && x.time < to);
  if (!inside) s.searched = [...s.searched, { date, from, to }];
}

/** Applies our own tool call. */
export function absorbCall(state: DialogueState, call: ToolCall): DialogueState {
  const s: DialogueState = { ...state, lastCall: call, toolCalls: state.toolCalls + 1, narrowed: [] };
  const args = readArgs(call.arguments);
  if (call.name === "check_availability") {
    // A new search replaces the slot picked before: its answer is what the caller chooses from now.
    s.offers = [];
    s.single = false;
    s.heldId = null;
    s.priorOffers = state.lastOffers;
    s.unchecked = false;
    const service = str(args["service"]);
    if (service !== null && service === s.queue[0] && service !== s.service) {
      // The next of several services named together: its booking starts now.
      s.service = service;
      s.queue = s.queue.slice(1);
      s.task = "book";
      s.done = false;
      s.lastOffers = [];
      s.shown = [];
      s.priorOffers = [];
    }
    // What was asked is what the facts are now (our own "ab 10:30 Uhr" after "geht es später?" included); an
    // argument left out or malformed keeps the fact.
    if (isWords(args["day"])) s.day = askedDay(str(args["day"]), s.day);
    if (isWords(args["time"])) s.time = askedTime(str(args["time"]), s.time);
  }
  if (
    (call.name === "hold_slot" || call.name === "book_appointment") &&
    typeof args["slot_id"] === "string"
  ) {
    s.heldId = null;
  }
  if (call.name === "book_appointment" && typeof args["name"] === "string" && args["name"].trim() !== "") {
    // A booking under another person's name does not make it the caller's own.
    if (args["name"].trim() !== s.person) s.name = s.name ?? args["name"].trim();
  }
  return s;
}

const HHMM = /^\d{2}:\d{2}$/;

function isWords(v: unknown): v is string | null {
  return v === null || typeof v === "string";
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

/** The day as sent to the tool: the words we had keep their resolved date; an ISO date is its own. */
function askedDay(words: string | null, had: DialogueState["day"]): DialogueState["day"] {
  if (words === null) return null;
  if (had !== null && had.words === words) return had;
  return { words, date: plainDateOfIso(words) === null ? null : words };
}

/** The time as sent to the tool, read the same way. */
function askedTime(words: string | null, had: DialogueState["time"]): DialogueState["time"] {
  if (words === null) return null;
  if (had !== null && had.words === words) return had;
  return { words, clock: HHMM.test(words) ? words : null };
}

/** The offers just set were read out to the caller. */
function readOut(s: DialogueState): void {
  s.lastOffers = s.offers;
  s.shown = [...s.shown, ...s.offers];
}

/** Applies a tool result. */
export function absorbOutcome(state: DialogueState, o: ToolReading, call: ToolCall | null): DialogueState {
  const s: DialogueState = { ...state, lastOutcome: o };
  s.failures = o.status === "calendar_unavailable" ? state.failures + 1 : 0;
  s.invalid = o.status === "invalid_arguments" ? state.invalid + 1 : 0;
  const taken = () => {
    s.offers = alternativesOf(o);
    readOut(s);
    s.single = false;
    s.heldId = null;
  };
  switch (`${o.tool}:${o.status}`) {
    case "check_availability:available": {
      const slot = slotOf(o, "slot");
      s.offers = slot === null ? [] : [slot];
      readOut(s);
      s.single = true;
      break;
    }
    case "check_availability:alternatives":
      s.offers = alternativesOf(o);
      readOut(s);
      s.single = false;
      noteEmpty(s, o);
      break;
    case "check_availability:none_free":
      s.offers = [];
      noteEmpty(s, o);
      break;
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
  maxBookings = 1,
): DialogueState {
  return new StateFolder(fold, callerName, maxBookings).stateOf(messages);
}

/**
 * Folds a history into the state and remembers where it stopped: asked again with the same history grown by a few
 * messages (the next model step of a call), it folds only the new ones, so a step costs the same late in a long call
 * as early on. A history that is not the same messages (compared by identity) is folded from the start.
 */
export class StateFolder {
  private state: DialogueState;
  private said = new Map<string, number>();
  private calls = new Map<string, ToolCall>();
  private count = 0;
  private first: ChatMessage | undefined;
  private last: ChatMessage | undefined;

  constructor(
    private readonly fold: FoldUser,
    private readonly callerName: string | null,
    private readonly maxBookings = 1,
  ) {
    this.state = this.reset();
  }

  /** The state after `messages`. */
  stateOf(messages: readonly ChatMessage[]): DialogueState {
    const continues =
      messages.length >= this.count &&
      (this.count === 0 || (messages[0] === this.first && messages[this.count - 1] === this.last));
    if (!continues) this.state = this.reset();
    for (let i = this.count; i < messages.length; i++) {
      const m = messages[i];
      if (m !== undefined) this.apply(m);
    }
    this.count = messages.length;
    this.first = messages[0];
    this.last = messages.at(-1);
    return this.state;
  }

  private reset(): DialogueState {
    const s = initialState(this.callerName, this.maxBookings);
    // One map for the whole fold, counted in place: the history is read once, not copied per message.
    this.said = new Map();
    s.said = this.said;
    this.calls = new Map();
    this.count = 0;
    this.first = undefined;
    this.last = undefined;
    return s;
  }

  private apply(m: ChatMessage): void {
    let s = this.state;
    if (m.role === "user") s = this.fold(s, m.content).next;
    else if (m.role === "assistant") {
      // A reply that ends with what we said last is that question repeated behind an opener ("Ja, ich bin
      // noch da. ..."): keep the question itself, so a second repeat does not stack openers. A reply that asks
      // nothing ("Gern, ich warte.") is no question to repeat.
      const content = m.content?.trim() ?? "";
      for (const key of sentenceKeys(content)) this.said.set(key, (this.said.get(key) ?? 0) + 1);
      if (content.includes("?") && !(s.lastSaid !== null && content.endsWith(s.lastSaid)))
        s = { ...s, lastSaid: content };
      if (m.toolCalls?.some((c) => c.name === "end_call")) s = { ...s, endSaid: content !== "" };
      for (const call of m.toolCalls ?? []) {
        this.calls.set(call.id, call);
        s = absorbCall(s, call);
      }
    } else if (m.role === "tool") {
      s = absorbOutcome(s, readOutcome(m.name, m.content), this.calls.get(m.toolCallId) ?? null);
    }
    this.state = s;
  }
}

/** Reads and applies one caller utterance (understanding needs the state: is a name expected?). */
export type FoldUser = (s: DialogueState, text: string) => { next: DialogueState; effect: TurnEffect };
