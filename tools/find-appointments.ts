/** `find_appointments`: the caller's own upcoming bookings. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Lists the caller's own bookings, found by the phone number telephony reports. */
export const findAppointments = defineTool({
  name: "find_appointments",
  description:
    "List the caller's own upcoming appointments, e.g. when they want to cancel or move one " +
    '("Ich möchte meinen Termin am Freitag absagen", "Wann war nochmal mein Termin?"). The caller is identified ' +
    "by the phone number of the call, never by anything you pass; never ask for the number. Speak `say`. " +
    "Use the booking ids from the result with cancel_appointment, reschedule_appointment or check_availability.",
  input: z.object({
    day: z
      .string()
      .nullable()
      .describe(
        'The caller\'s own words for the day of the booking, e.g. "Freitag", "am 31.", "nächste Woche Dienstag", ' +
          "or an ISO date YYYY-MM-DD. null to list all upcoming bookings.",
      ),
  }),
  messages: {
    requestStart: "Einen Moment bitte, ich suche Ihre Termine heraus.",
    requestFailed: "Entschuldigung, ich komme gerade nicht an Ihre Termine.",
  },
});
