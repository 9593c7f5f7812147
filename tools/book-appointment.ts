/** `book_appointment`: books exactly the slot that was offered. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Books the offered slot the caller agreed to, at its exact instant. */
export const bookAppointment = defineTool({
  name: "book_appointment",
  description:
    "Book the offered slot the caller agreed to. Call it only after the caller clearly said yes " +
    '("Ja, bitte buchen", "Passt, machen Sie das") and you know their full name. It books exactly that slot ' +
    "(using the hold from hold_slot if there is one); never re-state the time in your own words. The caller's " +
    "phone number comes from the call itself: never ask for it. If status is slot_taken, speak `say`: it offers " +
    "the next free alternatives. If status is booked, confirm with `say`.",
  input: z.object({
    slot_id: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe(
        'Id of the offered slot the caller accepted, exactly as in the check_availability result, e.g. "S3".',
      ),
    name: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe('The caller\'s full name as they said it, e.g. "Hans Schuster".'),
  }),
  messages: {
    requestStart: "Einen Moment bitte, ich trage den Termin ein.",
    requestFailed: "Entschuldigung, das Eintragen hat gerade nicht geklappt.",
  },
});
