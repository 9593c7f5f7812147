/**
 * Tool results as the rule-based model reads them: the JSON of `src/booking/types.ts`, checked just enough
 * that a malformed result can never crash the call.
 */
import type { ToolStatus } from "../../booking/run-tool.ts";
import type { BookingInfo, SlotOffer } from "../../booking/types.ts";

export type { ToolStatus };

/**
 * One tool result as the rule model read it from the tool message (not `run-tool.ts`'s `ToolOutcome`, the live
 * object): the tool, its `status`, its `say`, and the raw object for the fields a status carries.
 */
export interface ToolReading {
  tool: string;
  /** `unreadable` when the content was not a JSON object with a status. */
  status: ToolStatus | "unreadable";
  say: string | null;
  data: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a `role: "tool"` message's content. */
export function readOutcome(tool: string, content: string): ToolReading {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch {
    return { tool, status: "unreadable", say: null, data: {} };
  }
  if (!isRecord(data) || typeof data["status"] !== "string")
    return { tool, status: "unreadable", say: null, data: {} };
  const say = typeof data["say"] === "string" && data["say"].trim() !== "" ? data["say"] : null;
  // The message is `runTool`'s JSON of one of the kit's results.
  return { tool, status: data["status"] as ToolStatus, say, data };
}

/** A slot or booking shape: the fields every option carries. */
function isTimed(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    typeof value["start"] === "string" &&
    typeof value["date"] === "string" &&
    typeof value["time"] === "string"
  );
}

/** A SlotOffer field of the result, or null. */
export function slotOf(o: ToolReading, field: "slot" | "chosen"): SlotOffer | null {
  const v = o.data[field];
  return isTimed(v) && typeof v["id"] === "string" ? (v as unknown as SlotOffer) : null;
}

/** A BookingInfo field of the result (`booking` of booked, cancelled, rescheduled), or null. */
export function bookingOf(o: ToolReading, field: "booking" | "previous"): BookingInfo | null {
  const v = o.data[field];
  return isTimed(v) && typeof v["uid"] === "string" && typeof v["end"] === "string"
    ? (v as unknown as BookingInfo)
    : null;
}

/** The result's `alternatives`, in the order they were read out. */
export function alternativesOf(o: ToolReading): SlotOffer[] {
  const v = o.data["alternatives"];
  if (!Array.isArray(v)) return [];
  return v.filter((s): s is SlotOffer => isTimed(s) && typeof s["id"] === "string");
}

/** The result's `bookings` (find) in the order they were read out. */
export function bookingsOf(o: ToolReading): BookingInfo[] {
  const v = o.data["bookings"];
  if (!Array.isArray(v)) return [];
  return v.filter((b): b is BookingInfo => isTimed(b) && typeof b["uid"] === "string");
}

/** The tool-call arguments as an object; `{}` when they were not a JSON object. */
export function readArgs(json: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(json);
    return isRecord(v) ? v : {};
  } catch {
    return {};
  }
}
