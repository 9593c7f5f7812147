/** `end_call`: hangs up after the agent said goodbye. */
import { z } from "zod";
import { defineTool } from "./define-tool.ts";

/** Ends the call after the agent said goodbye. */
export const endCall = defineTool({
  name: "end_call",
  description:
    'Hang up. Call it only after you said goodbye ("Vielen Dank für Ihren Anruf, auf Wiederhören!"): when ' +
    'everything is done, when the caller wants to end ("Das war\'s, tschüss"), when the conversation makes no ' +
    "progress after several tries, or when the caller is abusive. If the caller was just asked whether to book one " +
    "slot (offered alone or held) and nothing is booked yet, the call does not end: the result has status " +
    '"not_booked" and a `say` that tells the caller nothing is booked and asks whether to book; speak it and wait. ' +
    "Calling end_call again after that (the caller declines) ends the call.",
  input: z.object({
    reason: z
      .enum(["done", "caller_request", "no_progress", "abuse"])
      .describe(
        "done: the caller's request is handled; caller_request: the caller wants to end; " +
          "no_progress: repeated misunderstandings; abuse: the caller is abusive.",
      ),
  }),
  // Without its own messages Vapi fills the pause with English ("Hold on a sec"); a second German goodbye is kinder.
  messages: {
    requestStart: "Auf Wiederhören!",
    requestFailed: "Auf Wiederhören!",
  },
});
