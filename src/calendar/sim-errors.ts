/**
 * The simulator's refusals, with Cal.com's exact texts, HTTP statuses and exception codes
 * (reference/calcom-v2.md), so a client talking to `termin calsim` sees what it would see from Cal.com.
 */
import { CalendarError, type CalendarErrorKind } from "../errors.ts";

/** Cal.com's messages, verbatim. The Cal.com client may match on these to recover the kind. */
export const CALCOM_MESSAGES = {
  invalidRange: "Invalid time range given - check the 'start' and 'end' query parameters.",
  invalidStartDate: "Invalid start date",
  reservedByOther: "This time slot is already reserved by another user. Please choose a different time.",
  reserveBooked: "Can't reserve a slot if the event is already booked.",
  inPast: "Attempting to book a meeting in the past.",
  outsideWindow:
    "The event type can't be booked at the \"start\" time provided. This could be because it's too soon " +
    "(violating the minimum booking notice) or too far in the future (outside the event's scheduling window).",
  teamBusy: "One of the hosts either already has booking at this time or is not available",
  userBusy: "User either already has booking at this time or is not available",
  alreadyCancelled: "This booking has already been cancelled.",
} as const;

/** Cal.com (NestJS) exception code per HTTP status. */
const CODES: Record<number, string> = {
  400: "BadRequestException",
  404: "NotFoundException",
  409: "ConflictException",
  422: "UnprocessableEntityException",
};

function fail(kind: CalendarErrorKind, status: number, message: string): CalendarError {
  return new CalendarError(kind, message, { status, code: CODES[status] ?? "HttpException" });
}

/** Factories for every refusal the simulator makes. */
export const simErrors = {
  badRequest: (message: string) => fail("bad_request", 400, message),
  invalidRange: () => fail("bad_request", 400, CALCOM_MESSAGES.invalidRange),
  invalidStartDate: () => fail("no_slot", 400, CALCOM_MESSAGES.invalidStartDate),
  eventTypeNotFound: (id: number) => fail("not_found", 404, `Event type with id=${id} not found`),
  bookingNotFound: (uid: string) =>
    fail("not_found", 404, `Booking with uid=${uid} was not found in the database`),
  holdNotFound: (uid: string) => fail("not_found", 404, `Slot reservation with uid=${uid} not found`),
  reservedByOther: () => fail("held_by_other", 422, CALCOM_MESSAGES.reservedByOther),
  reserveBooked: () => fail("slot_taken", 422, CALCOM_MESSAGES.reserveBooked),
  inPast: () => fail("in_past", 400, CALCOM_MESSAGES.inPast),
  outsideWindow: () => fail("outside_window", 400, CALCOM_MESSAGES.outsideWindow),
  hostBusy: (teamEvent: boolean) =>
    fail("slot_taken", 400, teamEvent ? CALCOM_MESSAGES.teamBusy : CALCOM_MESSAGES.userBusy),
  heldForBooking: (seconds: number) =>
    fail(
      "held_by_other",
      409,
      `Someone else reserved this booking time slot before you. This time slot will be freed up in ${seconds} seconds.`,
    ),
  alreadyCancelled: () => fail("bad_request", 400, CALCOM_MESSAGES.alreadyCancelled),
};
