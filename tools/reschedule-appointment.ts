/** `reschedule_appointment`: moves one of the caller's bookings to an offered slot. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Moves a booking to an offered slot; the old time is freed only when the new one is booked. */
export const rescheduleAppointment = defineTool({
  name: "reschedule_appointment",
  description:
    "Move one of the caller's own appointments to a new slot the caller agreed to " +
    '("Dann lieber Donnerstag um drei"). First get the booking id from find_appointments, then offer new times ' +
    "with check_availability (pass reschedule_booking_id), then call this with both ids. If status is " +
    "slot_taken, speak `say`: it offers the next free alternatives. Otherwise speak `say`.",
  input: z.object({
    booking_id: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe("Id of the booking to move, exactly as in the find_appointments result."),
    slot_id: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe(
        'Id of the new slot the caller accepted, exactly as in the check_availability result, e.g. "S2".',
      ),
  }),
  messages: {
    requestStart: "Einen Moment bitte, ich verlege den Termin.",
    requestFailed: "Entschuldigung, das Verlegen hat gerade nicht geklappt.",
  },
});
