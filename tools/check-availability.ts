/** `check_availability`: the only source of times the agent may offer. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Looks up free slots for a service near the day and time the caller asked for. */
export const checkAvailability = defineTool({
  name: "check_availability",
  description:
    "Find free appointment slots for one service. ALWAYS call this before you mention or offer any time, " +
    "and again whenever the caller asks for another day or time (or another service or person). Never invent, guess or compute times yourself, " +
    "and never reuse times from memory. Pass the caller's own words for day and time " +
    '(e.g. "morgen", "nächsten Dienstag", "am 27.", "am Wochenende", "so schnell wie möglich", "um zehn", "halb elf", ' +
    '"nachmittags"); the tool resolves them ' +
    "in the business time zone. The result has `status` and `say`: speak `say` as it is, it already names weekday, " +
    "date and local time. Offered slots carry ids like S3; use those ids with hold_slot and book_appointment. " +
    'Example caller: "Haben Sie morgen um zehn was frei für einen Herrenhaarschnitt?"',
  input: z.object({
    service: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe(
        'The service as the caller named it, e.g. "Herrenhaarschnitt", "Damen schneiden", "Färben", or a service id.',
      ),
    day: z
      .string()
      .nullable()
      .describe(
        'The caller\'s own words for the day, e.g. "morgen", "nächsten Dienstag", "am 27.", "3. November", ' +
          '"am Wochenende", "nächste Woche", "so schnell wie möglich", or an ISO date YYYY-MM-DD. ' +
          "null if the caller named no day.",
      ),
    time: z
      .string()
      .nullable()
      .describe(
        'The caller\'s own words for the time, e.g. "um zehn", "halb elf", "Viertel nach drei", "nachmittags", ' +
          "or HH:MM. null if the caller named no time.",
      ),
    person: z
      .string()
      .nullable()
      .describe(
        'Who the appointment is for when it is not the caller (e.g. "mein Sohn", "Emre Yilmaz"), so several ' +
          "people in one call each get their own slot. null when the caller books for themself.",
      ),
    reschedule_booking_id: z
      .string()
      .nullable()
      .describe(
        "When looking for a new time for an existing booking: its id from find_appointments. Otherwise null.",
      ),
  }),
  messages: {
    requestStart: "Einen Moment bitte, ich schaue im Kalender nach.",
    requestFailed:
      "Entschuldigung, der Kalender antwortet gerade nicht. Versuchen wir es gleich noch einmal.",
  },
});
