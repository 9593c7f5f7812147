/** `hold_slot`: reserves an offered slot while the agent still collects the name. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Reserves one offered slot for a few minutes so no one else can take it before the booking. */
export const holdSlot = defineTool({
  name: "hold_slot",
  description:
    'Reserve a slot the caller just picked, as soon as they pick it ("Ja, um halb zehn passt"), while you ' +
    "still ask for their name or confirmation. Only use a slot id from the latest check_availability result " +
    "(e.g. S3); never make one up. If the result's status is slot_taken, the slot went to someone else: speak " +
    "`say`, which offers the fresh alternatives it carries.",
  input: z.object({
    slot_id: z
      .string()
      .regex(/\S/, "must not be empty")
      .describe(
        'Id of the offered slot the caller chose, exactly as in the check_availability result, e.g. "S3".',
      ),
  }),
  messages: {
    requestStart: "Einen Moment, ich reserviere Ihnen den Termin.",
    requestFailed: "Entschuldigung, ich konnte den Termin gerade nicht reservieren.",
  },
});
