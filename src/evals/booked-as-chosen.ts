/**
 * Invariant 8 of DESIGN.md: what is booked is what the caller chose. Each booking this call made is held to the
 * caller's last stated choice before it: its day and time (read with `src/time`), its service (the shared service
 * matcher) and the name it is booked under (`stated-name.ts`); where the caller stated none, to the accepted offer.
 *
 * The rule, per booking made at caller turn `b` (a `book_appointment` or `reschedule_appointment` that returned
 * `booked`/`rescheduled`, still standing at the end of the call):
 * - The caller's lines read are those after the previous booking of the call, up to and including turn `b`.
 * - Day, time and service are read separately; per kind, the last line that states one is the caller's choice. A
 *   day is a date ("am Sonntag", "morgen"), a span ("am Wochenende": the booking must lie in it) or "so schnell wie
 *   möglich" (any day); "den ersten" / "der Zweite" are picks of an offer, never the 1st or 2nd of a month. A time
 *   is a clock time ("halb zwölf", "um 9:40") or a window ("nachmittags", "ab 14 Uhr"); a time said alone keeps
 *   the day said before it (the day is its own statement). A service is what the matcher names (any of several
 *   named in one line); a line whose turn only asked `business_info` (a price question) chooses nothing.
 * - The last statement wins, unless the agent answered it: when a tool returned offers (available, alternatives,
 *   a conflict's alternatives) in the statement's turn or later, but before turn `b`, the caller heard offers after
 *   it and stated nothing newer, so what they then said ("ja", "den ersten") accepted an offer: the accepted offer
 *   counts, which is the slot the booking tool was called with. Invariant 5 holds the booked instant to it; this
 *   one checks the service the offer was made for. Offers returned in turn `b` itself answer nothing the caller
 *   heard, so a statement in `b` always counts ("Halb zwölf, auf den Namen Emre Yilmaz" is not met by booking the
 *   held 11:00).
 * - The name: the last name stated for the appointment ("auf den Namen (meiner Tochter,) X", "für meinen Sohn,
 *   X", a bare "X" answering the name question), else the last one the caller introduced themselves with ("Mein
 *   Name ist X", "Hier ist X"); compared without case, spacing, punctuation and titles. None stated: not checked
 *   (the name came from elsewhere).
 * - A reschedule moves a booking the caller already had: its service and name are not chosen in this call, so only
 *   its day and time are checked.
 */
import { DateTime } from "luxon";
import { matchService, serviceWords } from "../booking/service-match.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { findMentions, resolve } from "../time/resolve.ts";
import type { ReplayBooking, ReplayFailure, ReplayReport } from "./replay.ts";
import { nameKey, type StatedName, statedNames } from "./stated-name.ts";

/** What invariant 8 reads of a replayed call: the report's turns, tool calls and bookings. */
export type ChoiceReport = Pick<ReplayReport, "turns" | "toolCalls" | "bookings">;

/** The call the report is of. */
export interface ChoiceCall {
  business: BusinessProfile;
  /** The call's clock at each caller turn (ISO, index = turn - 1), or one clock for every turn. */
  clock: string | readonly string[];
}

type Day = { kind: "date"; date: string } | { kind: "days"; from: string; to: string } | { kind: "any" };
type Time = { kind: "time"; time: string } | { kind: "window"; from: string; to: string };
interface Stated<T> {
  turn: number;
  value: T;
}

const BOOKING_TOOLS = new Set(["book_appointment", "reschedule_appointment"]);
const MADE = new Set(["booked", "rescheduled"]);
const LIVE = new Set(["accepted", "pending"]);
/** Tools whose turn is about an appointment: a service said then is a choice, not a question about prices. */
const APPOINTMENT_TOOLS = new Set([
  "check_availability",
  "hold_slot",
  "book_appointment",
  "reschedule_appointment",
]);
/** "den ersten", "der Zweite": an article and an ordinal word picks an offer; a digit ("den 3.") is a date. */
const PICK = /^(?:der|den|die|das|dem)\s+\p{L}+(?:te|ten|ter|tes)$/iu;

/** One booking the call made, where it was made and what it is. */
interface Made {
  turn: number;
  kind: "book" | "reschedule";
  slotId: string;
  booking: Pick<ReplayBooking, "service" | "start" | "name">;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};

/** The bookings the call made that still stand, in the order made (a repeated result of one booking counts once). */
function bookingsMade(report: ChoiceReport, zone: string): Made[] {
  const out: Made[] = [];
  const seen = new Set<string>();
  for (const call of report.toolCalls) {
    const result = record(call.result);
    if (!BOOKING_TOOLS.has(call.name) || !MADE.has(String(result["status"]))) continue;
    const info = record(result["booking"]);
    const uid = String(info["uid"] ?? `${call.id}`);
    if (seen.has(uid)) continue;
    seen.add(uid);
    const args = record(call.arguments);
    const inCalendar = report.bookings.find((b) => b.uid === uid);
    if (inCalendar !== undefined && !LIVE.has(inCalendar.status)) continue;
    const start = DateTime.fromISO(String(info["start"] ?? ""), { setZone: true }).setZone(zone);
    out.push({
      turn: call.turn,
      kind: call.name === "reschedule_appointment" ? "reschedule" : "book",
      slotId: String(args["slot_id"] ?? ""),
      booking: inCalendar ?? {
        service: String(info["service"] ?? ""),
        start: start.isValid ? start.toFormat("yyyy-LL-dd'T'HH:mm") : "",
        name: String(args["name"] ?? ""),
      },
    });
  }
  return out;
}

/** Turns in which a tool returned at least one offer the caller then heard. */
function offerTurns(report: ChoiceReport): Set<number> {
  const turns = new Set<number>();
  for (const call of report.toolCalls) {
    const r = record(call.result);
    const status = r["status"];
    const offers =
      status === "available"
        ? r["slot"] !== undefined
        : (status === "alternatives" || status === "slot_taken") &&
          Array.isArray(r["alternatives"]) &&
          r["alternatives"].length > 0;
    if (offers) turns.add(call.turn);
  }
  return turns;
}

/** The service an offer (slot id) was made for, from the tool results that carried it. */
function offeredService(report: ChoiceReport, slotId: string): string | null {
  let found: string | null = null;
  const visit = (value: unknown): void => {
    if (found !== null) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const o = value as Record<string, unknown>;
    if (o["id"] === slotId && typeof o["service"] === "string" && typeof o["start"] === "string") {
      found = o["service"];
      return;
    }
    for (const v of Object.values(o)) visit(v);
  };
  for (const call of report.toolCalls) visit(call.result);
  return found;
}

/** What one caller line states about day, time, service and name. */
interface LineChoice {
  day: Day | null;
  time: Time | null;
  services: string[];
  names: StatedName[];
}

function readLine(
  line: string,
  now: string,
  business: BusinessProfile,
  servicesCount: boolean,
  reserved: ReadonlySet<string>,
): LineChoice {
  const r = resolve(line, { now, zone: business.timezone });
  let day: Day | null = null;
  let time: Time | null = null;
  if (!r.past) {
    const dates = findMentions(line).flatMap((m) => (m.kind === "date" ? [m] : []));
    const onlyPicks =
      dates.length > 0 && dates.every((m) => m.maybePick === true || PICK.test(m.text.trim()));
    if (r.date !== null && !onlyPicks) day = { kind: "date", date: r.date };
    else if (r.days !== null) day = { kind: "days", from: r.days.from, to: r.days.to };
    else if (r.earliest) day = { kind: "any" };
    if (r.time !== null) time = { kind: "time", time: r.time };
    else if (r.window !== null) time = { kind: "window", from: r.window.from, to: r.window.to };
  }
  let services: string[] = [];
  if (servicesCount) {
    const m = matchService(line, business);
    services = m.named.length > 0 ? m.named.map((s) => s.id) : m.service !== null ? [m.service.id] : [];
  }
  return { day, time, services, names: statedNames(line, { reserved }) };
}

const dayText = (d: Day): string =>
  d.kind === "date" ? d.date : d.kind === "days" ? `${d.from} to ${d.to}` : "any day";
const timeText = (t: Time): string => (t.kind === "time" ? t.time : `${t.from}-${t.to}`);
const dayHolds = (d: Day, date: string): boolean =>
  d.kind === "any" || (d.kind === "date" ? d.date === date : d.from <= date && date <= d.to);
const timeHolds = (t: Time, time: string): boolean =>
  t.kind === "time" ? t.time === time : t.from <= time && time < t.to;

/** Invariant 8 on a replayed call; see the module comment for the exact rule. */
export function checkBookedAsChosen(report: ChoiceReport, call: ChoiceCall): ReplayFailure[] {
  const { business } = call;
  const zone = business.timezone;
  const clockAt = (turn: number): string =>
    typeof call.clock === "string" ? call.clock : (call.clock[turn - 1] ?? call.clock.at(-1) ?? "");
  const reserved = serviceWords(business);
  const offered = offerTurns(report);
  const toolsOf = (turn: number) => report.toolCalls.filter((c) => c.turn === turn).map((c) => c.name);
  const lines = new Map<number, LineChoice>();
  const lineAt = (turn: number): LineChoice => {
    let read = lines.get(turn);
    if (read === undefined) {
      const tools = toolsOf(turn);
      const onlyInfo = tools.includes("business_info") && !tools.some((t) => APPOINTMENT_TOOLS.has(t));
      read = readLine(report.turns[turn - 1]?.caller ?? "", clockAt(turn), business, !onlyInfo, reserved);
      lines.set(turn, read);
    }
    return read;
  };

  const failures: ReplayFailure[] = [];
  let previous = 0;
  for (const made of bookingsMade(report, zone)) {
    const b = made.turn;
    const from = previous + 1;
    previous = b;
    const last = <T>(pick: (l: LineChoice) => T | null): Stated<T> | null => {
      for (let t = b; t >= from; t--) {
        const value = pick(lineAt(t));
        if (value !== null) return { turn: t, value };
      }
      return null;
    };
    // Offers returned after the statement and before the booking's turn answered it (see the module comment).
    const answered = (s: Stated<unknown>): boolean => [...offered].some((t) => t >= s.turn && t < b);
    const said = (s: Stated<unknown>): string =>
      `turn ${s.turn}: "${report.turns[s.turn - 1]?.caller ?? ""}"`;
    const fail = (message: string) =>
      failures.push({
        check: "invariant 8",
        turn: b,
        message,
        ...(report.turns[b - 1] === undefined ? {} : { agent: report.turns[b - 1]?.agent ?? "" }),
      });
    const { service, start, name } = made.booking;
    const [date = "", time = ""] = start.split("T");

    const day = last((l) => l.day);
    if (day !== null && !answered(day) && !dayHolds(day.value, date))
      fail(`booked on ${date}, but the caller last asked for ${dayText(day.value)} (${said(day)})`);
    const clock = last((l) => l.time);
    if (clock !== null && !answered(clock) && !timeHolds(clock.value, time))
      fail(`booked at ${time}, but the caller last asked for ${timeText(clock.value)} (${said(clock)})`);
    if (made.kind === "reschedule") continue;

    const services = last((l) => (l.services.length > 0 ? l.services : null));
    if (services !== null && !answered(services)) {
      if (!services.value.includes(service))
        fail(
          `booked ${service}, but the caller last asked for ${services.value.join(" or ")} (${said(services)})`,
        );
    } else {
      const offer = offeredService(report, made.slotId);
      if (offer !== null && offer !== service)
        fail(`booked ${service}, but the accepted offer ${made.slotId} was for ${offer}`);
    }

    const named = (kind: StatedName["kind"]) =>
      last((l) => l.names.filter((n) => n.kind === kind).at(-1)?.name ?? null);
    const stated = named("booking") ?? named("self");
    if (stated !== null && nameKey(stated.value) !== nameKey(name))
      fail(`booked under "${name}", but the caller last gave the name "${stated.value}" (${said(stated)})`);
  }
  return failures;
}
