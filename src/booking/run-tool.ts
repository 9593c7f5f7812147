import { clip, preview } from "../../tools/format-issues.ts";
import { getTool } from "../../tools/index.ts";
import { CalendarError, ConfigError } from "../errors.ts";
import { cancelAppointment, findAppointments, rescheduleAppointment } from "./appointments.ts";
import { bookAppointment, holdSlot } from "./book-appointment.ts";
import { businessInfo } from "./business-info.ts";
import { checkAvailability } from "./check-availability.ts";
import { endCall } from "./end-call.ts";
import { calendarUnavailable } from "./failures.ts";
import type { BookingSession } from "./session.ts";
import type { InvalidArgumentsResult } from "./types.ts";

/** What a tool call produced: the JSON for the model, and whether the call should end. */
export interface ToolOutcome {
  name: string;
  arguments: unknown;
  result: { status: string; say?: string; error?: string };
  /** Set when the handler threw: the cause, for the trace (the model gets only the honest result). */
  thrown?: string;
  endCall: boolean;
}

// Arguments reach the handlers only after the tool's own Zod schema parsed them, so these casts are sound.
// biome-ignore lint/suspicious/noExplicitAny: each handler is typed by its own tool schema
type Handler = (args: any, session: BookingSession) => Promise<{ status: string } & object>;

const HANDLERS: Record<string, Handler> = {
  check_availability: checkAvailability,
  hold_slot: holdSlot,
  book_appointment: bookAppointment,
  find_appointments: findAppointments,
  cancel_appointment: cancelAppointment,
  reschedule_appointment: rescheduleAppointment,
  business_info: businessInfo,
  end_call: endCall,
};

/**
 * Runs one tool call of the model: validates the raw arguments with the tool's Zod schema, dispatches to its
 * handler, and turns every failure into a result the model can act on. Nothing here ends the call on an error:
 * bad arguments go back as `invalid_arguments`, a calendar failure as `calendar_unavailable`. Only a developer's
 * misconfiguration (`ConfigError`) is thrown.
 */
export async function runTool(
  session: BookingSession,
  name: string,
  rawArguments: string,
): Promise<ToolOutcome> {
  const tool = getTool(name);
  const handler = HANDLERS[name];
  // Bad input goes back summarised (a value cut to a few hundred characters), and the trace keeps it cut too:
  // a model that sends 10 MB must not get 10 MB back, nor write it into every trace.
  if (tool === undefined || handler === undefined) {
    const result: InvalidArgumentsResult = {
      status: "invalid_arguments",
      error: `unknown tool ${preview(name)}`,
    };
    return { name: clip(name), arguments: clip(rawArguments), result, endCall: false };
  }
  const parsed = tool.safeParseJson(rawArguments);
  if (!parsed.ok) {
    const result: InvalidArgumentsResult = { status: "invalid_arguments", error: parsed.error.message };
    return { name, arguments: clip(rawArguments), result, endCall: false };
  }
  try {
    const result = (await handler(parsed.value, session)) as ToolOutcome["result"];
    // `end_call` may refuse to end while the caller would hang up believing a slot is booked (`not_booked`).
    return {
      name,
      arguments: parsed.value,
      result,
      endCall: name === "end_call" && result.status === "ended",
    };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A calendar error a handler did not expect, or a bug: the caller still hears an honest sentence, and the
    // cause goes to the trace, not to the model.
    const result = calendarUnavailable(session, error instanceof CalendarError ? error : undefined);
    return {
      name,
      arguments: parsed.value,
      result,
      endCall: false,
      thrown: error instanceof Error ? error.message : String(error),
    };
  }
}
