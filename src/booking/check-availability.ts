import type { ArgsOf } from "../../tools/index.ts";
import type { SlotsByDate } from "../calendar/backend.ts";
import { lastBookableDate, openingRanges } from "../calendar/grid.ts";
import type { Service } from "../calendar/profile.ts";
import { clipDates, datesBetween, dayBounds } from "../time/instant.ts";
import { chooseOffers, findExactSlot } from "./alternatives.ts";
import { ownBooking } from "./own-bookings.ts";
import { explain } from "./reasons.ts";
import { namesWhen, readRequest } from "./requested.ts";
import { matchService } from "./service-match.ts";
import { type BookingSession, instantKey, samePerson } from "./session.ts";
import { querySlots } from "./slot-query.ts";
import type { CheckAvailabilityResult, Requested, UnavailableResult } from "./types.ts";

/** Arguments of `check_availability`, as its schema (tools/check-availability.ts) parses them. */
export type CheckAvailabilityArgs = ArgsOf<"check_availability">;

/** The local dates one slot query covers, and whether the wish lies beyond the booking window. */
interface SearchRange {
  from: string;
  to: string;
  backward: boolean;
}

/**
 * The days to query: from the wish's first day over the following `searchDays` days (at least the whole wish), inside
 * the booking window. A wish beyond the window searches the window's last days, the bookable ones nearest to it.
 */
function searchRange(requested: Requested, session: BookingSession): SearchRange {
  const now = session.now();
  const today = now.toISODate() ?? "";
  const lastDay = lastBookableDate(session.business, now.toMillis());
  const plus = (date: string, days: number) =>
    dayBounds(date, session.zone).start.plus({ days }).toISODate() ?? date;
  const latest = (a: string, b: string) => (a > b ? a : b);
  const earliest = (a: string, b: string) => (a < b ? a : b);
  const wishFrom = requested.date ?? requested.days?.from ?? today;
  const wishTo = requested.date ?? requested.days?.to ?? wishFrom;
  if (wishFrom > lastDay)
    return { from: latest(today, plus(lastDay, -session.searchDays)), to: lastDay, backward: true };
  const from = latest(wishFrom, today);
  return { from, to: earliest(latest(wishTo, plus(from, session.searchDays)), lastDay), backward: false };
}

/** The searched days the profile's hours say are closed. */
function closedDaysIn(days: string[], session: BookingSession): string[] {
  return days.filter((d) => openingRanges(session.business, dayBounds(d, session.zone).start).length === 0);
}

/**
 * `check_availability`: one slot query over the wish and the following days (F6); the exact slot when it is free,
 * else up to three offers chosen by `chooseOffers` (F3) with the verified reason (`explain`), each an exact instant
 * with an id (F2, F4). The `say` text spells every date (F1).
 */
export async function checkAvailability(
  args: CheckAvailabilityArgs,
  session: BookingSession,
): Promise<CheckAvailabilityResult | UnavailableResult> {
  let service: Service | undefined;
  let rescheduleUid: string | undefined;
  if (args.reschedule_booking_id !== null && args.reschedule_booking_id !== "") {
    const own = await ownBooking(session, args.reschedule_booking_id);
    if (own !== undefined) {
      rescheduleUid = own.uid;
      service = session.serviceByEventType(own.eventTypeId);
    }
  }
  const match = service === undefined ? matchService(args.service, session.business) : null;
  service = service ?? match?.service ?? undefined;
  const person = args.person?.trim() || null;
  const now = session.now();
  const { requested, past } = readRequest(args.day, args.time, now, session.zone, session.lastRequested);
  const missing: ("service" | "day")[] = [];
  if (service === undefined) missing.push("service");
  if (!namesWhen(requested)) missing.push("day");
  if (service === undefined || missing.length > 0) {
    const options = match === null ? [] : match.options.length > 0 ? match.options : match.named;
    const serviceOptions = service === undefined ? options.map((s) => s.id) : [];
    const names = service === undefined ? options.map((s) => s.name) : [];
    return {
      status: "need_input",
      missing,
      serviceOptions,
      say: session.say("need-input", { missing, options: names }),
    };
  }
  session.lastRequested = requested;
  await session.wantNow(service, person);

  const zone = session.zone;
  const range = searchRange(requested, session);
  const slots = await querySlots(session, service, range, rescheduleUid);

  addOwnHolds(slots, session, service, person);
  const data = { service: { id: service.id, name: service.name }, requested };
  if (requested.date !== null && requested.time !== null && !past) {
    const exact = findExactSlot(slots, requested.date, requested.time, zone);
    if (exact !== undefined) {
      const [slot] = session.offer(service, [exact], person);
      if (slot !== undefined) {
        session.askedAbout([slot]);
        return { status: "available", requested, slot, say: session.say("available", { ...data, slot }) };
      }
    }
  }

  const { reason, detail } = await explain({ session, service, requested, past, free: slots });
  const daypartFull = reason === "taken" || reason === "not_free";
  let chosen = chooseOffers(slots, { requested, backward: range.backward, daypartFull }, { zone });
  if (
    chosen.length === 0 &&
    requested.window !== null &&
    Object.values(slots).some((day) => day.length > 0)
  ) {
    // No searched day has a slot in that time of day ("ab 20 Uhr" at a salon closing at 18:00): the slots nearest
    // to it instead of a false "nothing free".
    const near = { ...requested, time: requested.window.from, window: null };
    chosen = chooseOffers(slots, { requested: near, backward: range.backward, daypartFull: false }, { zone });
  }
  const alternatives = session.offer(service, chosen, person);
  session.askedAbout(alternatives);
  // "Heute haben wir schon geschlossen" only once closing time has passed; before it, until when we are open.
  const closedNow = detail.closesAt !== null && instantKey(detail.closesAt.start) <= now.toMillis();
  const said = { ...data, requested: spokenRequest(requested, session), reason, detail, closedNow };
  if (alternatives.length === 0) {
    const searched = datesBetween(range.from, range.to);
    const closedDays = closedDaysIn(searched, session);
    const searchedFrom = range.from > (now.toISODate() ?? "") ? range.from : null;
    const allClosed = closedDays.length > 0 && closedDays.length === searched.length;
    return {
      status: "none_free",
      requested,
      reason,
      detail,
      searchedUntil: range.to,
      searchedFrom,
      closedDays,
      allClosed,
      say: session.say("none-free", { ...said, searchedUntil: range.to, searchedFrom, allClosed }),
    };
  }
  const template =
    reason === null && requested.earliest
      ? "earliest"
      : reason === "closed_day"
        ? "closed-day"
        : reason === "too_soon" || reason === "past"
          ? "too-soon"
          : "alternatives";
  return {
    status: "alternatives",
    requested,
    reason,
    detail,
    alternatives,
    say: session.say(template, {
      ...said,
      alternatives,
      first: alternatives[0],
      more: alternatives.slice(1),
    }),
  };
}

/**
 * The wish as the caller will hear it named back: a daypart is clipped to the day's opening hours, so a full
 * "in der Früh" on a day that opens at 8:00 is "zwischen 8:00 und 11:00 Uhr", not "zwischen 6:00 und 11:00 Uhr";
 * a span of days to the days searched.
 */
function spokenRequest(requested: Requested, session: BookingSession): Requested {
  const { date, window, days } = requested;
  if (days !== null) {
    // A span is named as far as it was searched: from today, up to the last bookable day.
    const now = session.now();
    const today = now.toISODate() ?? "";
    const last = lastBookableDate(session.business, now.toMillis());
    const searched = clipDates(days, today, last);
    return searched === null ? requested : { ...requested, days: searched };
  }
  if (date === null || window === null) return requested;
  const ranges = openingRanges(session.business, dayBounds(date, session.zone).start);
  const first = ranges[0]?.open.toFormat("HH:mm");
  const last = ranges.at(-1)?.close.toFormat("HH:mm");
  if (first === undefined || last === undefined) return requested;
  // An open bound ("ab 14 Uhr" = to 23:59, "vor 10" = from 00:00) stays open: it is spoken as "ab"/"vor".
  const from = window.from !== "00:00" && window.from < first && first < window.to ? first : window.from;
  const to =
    window.to !== "23:59" && window.to > last && last > window.from && last !== "00:00" ? last : window.to;
  return { ...requested, window: { from, to } };
}

/**
 * Cal.com hides a held slot from everyone, the holder included: put this call's own live holds back when they were
 * made for this service and this person, so asking again about the slot the caller is holding does not call it
 * taken. A hold for another person (a father's, while the son's time is sought) is never offered again.
 */
function addOwnHolds(
  slots: SlotsByDate,
  session: BookingSession,
  service: Service,
  person: string | null,
): void {
  const nowMs = session.now().toMillis();
  for (const [offerId, hold] of session.holds) {
    const offer = session.offers.get(offerId);
    if (offer === undefined || offer.service !== service.id || instantKey(hold.until) <= nowMs) continue;
    if (!samePerson(offer.person, person)) continue;
    const day = slots[offer.date] ?? [];
    if (day.some((s) => instantKey(s.start) === instantKey(offer.start))) continue;
    slots[offer.date] = [...day, { start: offer.start, end: offer.end }].sort(
      (a, b) => instantKey(a.start) - instantKey(b.start),
    );
  }
}
