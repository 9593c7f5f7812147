/** The tool handlers: availability, holds, race-safe booking, the caller's own bookings; German `say` texts. */
export { rankAlternatives } from "./alternatives.ts";
export { cancelAppointment, findAppointments, rescheduleAppointment } from "./appointments.ts";
export { bookAppointment, holdSlot } from "./book-appointment.ts";
export { checkAvailability } from "./check-availability.ts";
export { runTool, type ToolOutcome } from "./run-tool.ts";
export { matchService, type ServiceMatch, serviceWords } from "./service-match.ts";
export { BookingSession, type SessionOptions } from "./session.ts";
export { createRenderer, type Renderer, sharedRenderer, type TemplateName } from "./templates.ts";
export type {
  BookingInfo,
  BookResult,
  CancelResult,
  CheckAvailabilityResult,
  FindResult,
  HoldResult,
  Requested,
  RescheduleResult,
  SlotOffer,
  SlotTakenResult,
  UnavailableReason,
} from "./types.ts";
