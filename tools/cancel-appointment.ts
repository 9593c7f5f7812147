/** `cancel_appointment`: cancels one of the caller's own bookings. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Cancels one of the caller's bookings by the id find_appointments returned. */
export const cancelAppointment = defineTool({
  name: "cancel_appointment",
  description:
    "Cancel one of the caller's own appointments after they confirmed which one " +
    '("Ja, den am Freitag um zehn bitte absagen"). Use a booking id from the latest find_appointments result; ' +
    "never make one up. Speak `say`.",
  input: z.object({
    booking_id: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe("Id of the booking to cancel, exactly as in the find_appointments result."),
  }),
  messages: {
    requestStart: "Einen Moment bitte, ich sage den Termin ab.",
    requestFailed: "Entschuldigung, das Absagen hat gerade nicht geklappt.",
  },
});
