import { DateTime } from "luxon";
import type { SlotsByDate } from "../calendar/backend.ts";
import type { Service } from "../calendar/profile.ts";
import { findService } from "../calendar/profile.ts";
import { dayBounds } from "../time/instant.ts";
import { findExactSlot, rankAlternatives } from "./alternatives.ts";
import { calendarUnavailable, isCalendarError } from "./failures.ts";
import { ownBooking } from "./own-bookings.ts";
import { readRequest, unavailableReason } from "./requested.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { CheckAvailabilityResult, UnavailableResult } from "./types.ts";

/** Arguments of `check_availability` (see tools/check-availability.ts). */
export interface CheckAvailabilityArgs {
  service: string;
  day: string | null;
  time: string | null;
  reschedule_booking_id: string | null;
}

const words = (text: string): string =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;

/**
 * Finds a service by id, name or alias, also inside the caller's words ("einen Herrenhaarschnitt bitte"), but
 * only as whole words: "Haare" or "Schnitt" alone name no service, and two services named equally well name
 * none, so the handler asks instead of guessing.
 */
export function matchService(session: BookingSession, text: string): Service | undefined {
  const exact = findService(session.business, text);
  if (exact !== undefined) return exact;
  const said = words(text);
  const scored = session.business.services
    .map((s) => ({
      service: s,
      length: Math.max(
        0,
        ...[s.id, s.name, ...s.aliases].filter((n) => said.includes(words(n))).map((n) => n.length),
      ),
    }))
    .filter((m) => m.length > 0)
    .sort((a, b) => b.length - a.length);
  const [best, second] = scored;
  if (best === undefined || (second !== undefined && second.length === best.length)) return undefined;
  return best.service;
}

/**
 * `check_availability`: one slot query from the requested day over the following `searchDays` days (F6), the
 * exact slot when it is free, else up to three alternatives ranked by `rankAlternatives` (F3), each an exact
 * instant with an id (F2, F4). The `say` text spells every date (F1).
 */
export async function checkAvailability(
  args: CheckAvailabilityArgs,
  session: BookingSession,
): Promise<CheckAvailabilityResult | UnavailableResult> {
  let service: Service | undefined;
  let rescheduleUid: string | undefined;
  if (args.reschedule_booking_id !== null && args.reschedule_booking_id !== "") {
    const own = await ownBooking(session, args.reschedule_booking_id);
    if (own === "unavailable") return calendarUnavailable(session);
    if (own !== undefined) {
      rescheduleUid = own.uid;
      service = session.serviceByEventType(own.eventTypeId);
    }
  }
  service = service ?? matchService(session, args.service);
  const now = session.now();
  const { requested, past } = readRequest(args.day, args.time, now, session.zone, session.lastRequested);
  const missing: ("service" | "day")[] = [];
  if (service === undefined) missing.push("service");
  if (requested.date === null) missing.push("day");
  if (service === undefined || requested.date === null) {
    return { status: "need_input", missing, say: session.say("need-input", { missing }) };
  }
  session.lastRequested = requested;

  const zone = session.zone;
  const today = now.toISODate() ?? "";
  const windowEnd = now.startOf("day").plus({ days: session.business.bookingWindowDays + 1 });
  // Beyond the booking window, the nearest bookable days are the window's last ones: search those instead.
  const lastSearchable = windowEnd.minus({ days: session.searchDays + 1 });
  let fromDate = [requested.date, today].sort()[1] ?? today;
  if (dayBounds(fromDate, zone).start >= windowEnd)
    fromDate = [lastSearchable.toISODate() ?? today, today].sort()[1] ?? today;
  const dayStart = dayBounds(fromDate, zone).start;
  const rangeStart: DateTime = DateTime.max(dayStart, now);
  const rangeEnd: DateTime = DateTime.min(dayStart.plus({ days: session.searchDays + 1 }), windowEnd);

  let slots: Awaited<ReturnType<typeof session.calendar.getSlots>>;
  try {
    slots = await session.calendar.getSlots({
      eventTypeId: service.eventTypeId,
      start: rangeStart.toUTC().toISO() ?? "",
      end: rangeEnd.toUTC().toISO() ?? "",
      timeZone: zone,
      ...(rescheduleUid === undefined ? {} : { bookingUidToReschedule: rescheduleUid }),
    });
  } catch (error) {
    if (isCalendarError(error)) return calendarUnavailable(session, error);
    throw error;
  }

  addOwnHolds(slots, session, service);
  const data = { service: { id: service.id, name: service.name }, requested };
  if (requested.time !== null && !past) {
    const exact = findExactSlot(slots, requested.date, requested.time, zone);
    if (exact !== undefined) {
      const [slot] = session.offer(service, [exact]);
      if (slot !== undefined)
        return { status: "available", requested, slot, say: session.say("available", { ...data, slot }) };
    }
  }

  const inWindow = rankAlternatives(
    { [requested.date]: slots[requested.date] ?? [] },
    { date: requested.date, time: null, window: requested.window },
    { zone, max: 1 },
  );
  const reason = unavailableReason(
    requested,
    past,
    session.business,
    now,
    service.minutes,
    inWindow.length > 0,
  );
  const target = {
    date: fromDate,
    time: requested.time,
    window: requested.window,
  };
  const alternatives = session.offer(service, rankAlternatives(slots, target, { zone }));
  if (alternatives.length === 0) {
    const searchedUntil = rangeEnd.minus({ days: 1 }).toISODate() ?? "";
    const searchedFrom = fromDate > today ? fromDate : null;
    return {
      status: "none_free",
      requested,
      reason,
      searchedUntil,
      searchedFrom,
      say: session.say("none-free", { ...data, reason, searchedUntil, searchedFrom }),
    };
  }
  const template =
    reason === "closed_day"
      ? "closed-day"
      : reason === "too_soon" || reason === "past"
        ? "too-soon"
        : "alternatives";
  return {
    status: "alternatives",
    requested,
    reason,
    alternatives,
    say: session.say(template, {
      ...data,
      reason,
      alternatives,
    }),
  };
}

/**
 * Cal.com hides a held slot from everyone, the holder included: put this call's own live holds for the service
 * back, so asking again about a slot the caller is holding does not call it taken.
 */
function addOwnHolds(slots: SlotsByDate, session: BookingSession, service: Service): void {
  const nowMs = session.now().toMillis();
  for (const [offerId, hold] of session.holds) {
    const offer = session.offers.get(offerId);
    if (offer === undefined || offer.service !== service.id || instantKey(hold.until) <= nowMs) continue;
    const day = slots[offer.date] ?? [];
    if (day.some((s) => instantKey(s.start) === instantKey(offer.start))) continue;
    slots[offer.date] = [...day, { start: offer.start, end: offer.end }].sort(
      (a, b) => instantKey(a.start) - instantKey(b.start),
    );
  }
}
