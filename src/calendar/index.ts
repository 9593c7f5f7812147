/** The calendar behind the agent: one interface, the Cal.com v2 client and the in-memory simulator. */
export type {
  Attendee,
  Booking,
  BookingRequest,
  BookingStatus,
  CalendarBackend,
  FindBookingsQuery,
  Hold,
  Slot,
  SlotsByDate,
  SlotsQuery,
} from "./backend.ts";
export { type CalcomClientOptions, type CalcomRequestEvent, createCalcomClient } from "./calcom-client.ts";
export { type Clock, fixedClock, type ManualClock, manualClock, systemClock } from "./clock.ts";
export type { FaultController, FaultOptions } from "./faults.ts";
export { RefusalAfterLostAttempt, refusalVerified } from "./lost-attempts.ts";
export {
  type BusinessProfile,
  businessProfileSchema,
  findService,
  loadBusinessProfile,
  parseBusinessProfile,
  type Service,
} from "./profile.ts";
export { accountId, type RequestBudgetOptions } from "./request-budget.ts";
export { type SimServer, type SimServerOptions, startSimServer } from "./sim-server.ts";
export { CalendarSimulator, type SimulatorOptions } from "./simulator.ts";
