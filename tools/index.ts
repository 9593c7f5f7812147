/**
 * The agent's tools. Each file holds one Zod input schema plus the description the model sees;
 * `termin tools export` turns this list into the JSON every platform expects.
 */
import type { z } from "zod";
import { bookAppointment } from "./book-appointment.ts";
import { businessInfo } from "./business-info.ts";
import { cancelAppointment } from "./cancel-appointment.ts";
import { checkAvailability } from "./check-availability.ts";
import type { ToolSpec } from "./define-tool.ts";
import { endCall } from "./end-call.ts";
import { findAppointments } from "./find-appointments.ts";
import { holdSlot } from "./hold-slot.ts";
import { rescheduleAppointment } from "./reschedule-appointment.ts";

export type {
  ToolArgs,
  ToolConfig,
  ToolDefinition,
  ToolJsonSchema,
  ToolMessages,
  ToolSpec,
} from "./define-tool.ts";
export { defineTool } from "./define-tool.ts";
export { CONSERVATIVE_LIMITS, checkOpenAIStrict, type StrictCheckLimits } from "./strict-check.ts";
export {
  bookAppointment,
  businessInfo,
  cancelAppointment,
  checkAvailability,
  endCall,
  findAppointments,
  holdSlot,
  rescheduleAppointment,
};

/** Every tool, in the order the model sees them (the order of a booking call). */
export const TOOLS = [
  checkAvailability,
  holdSlot,
  bookAppointment,
  findAppointments,
  cancelAppointment,
  rescheduleAppointment,
  businessInfo,
  endCall,
] as const;

/** Any one of the kit's tools. */
export type Tool = (typeof TOOLS)[number];

/** The name of one of the kit's tools. */
export type ToolName = Tool["name"];

/** The tool of a name. */
export type ToolNamed<N extends ToolName> = Extract<Tool, { name: N }>;

/** The arguments of a tool, as its Zod schema parses them: the handler's parameter type. */
export type ArgsOf<N extends ToolName> = z.infer<ToolNamed<N>["input"]>;

/** Looks a tool up by name; a name from the model may be unknown, so plain strings may give `undefined`. */
export function getTool<N extends ToolName>(name: N): Extract<Tool, { name: N }>;
export function getTool(name: string): Tool | undefined;
export function getTool(name: string): Tool | undefined {
  return TOOLS.find((tool) => tool.name === name);
}

/** The tools as the `ChatModel` sees them; each call returns fresh copies the caller may change. */
export function toolSpecs(): ToolSpec[] {
  return TOOLS.map((tool) => ({
    name: tool.name,
    description: tool.description,
    parameters: structuredClone(tool.jsonSchema) as Record<string, unknown>,
  }));
}
