import { describe, expect, it } from "vitest";
import { slotGone } from "../booking/failures.ts";
import { CalendarError } from "../errors.ts";
import { errorKind } from "./calcom-wire.ts";

describe("Cal.com's error messages become typed kinds at the wire, not downstream", () => {
  it.each([
    [400, "User either already has booking at this time or is not available", "slot_taken"],
    [422, "This time slot is already reserved by another user", "held_by_other"],
    [422, "Can't reserve a slot if the event is already booked.", "slot_taken"],
    [400, "Attempting to book a meeting in the past.", "in_past"],
    [400, "Invalid start date", "no_slot"],
    [400, "responses - {email}error_required_field", "bad_request"],
    [404, "Event type not found", "not_found"],
    [429, "Too many requests", "rate_limited"],
    [503, "Service unavailable", "unavailable"],
  ] as const)("%i %s -> %s", (status, message, kind) => {
    expect(errorKind(status, message)).toBe(kind);
  });

  it("a slot that is no longer a slot is gone (the caller hears alternatives); a bad request is not", () => {
    expect(slotGone(new CalendarError("no_slot", "Invalid start date"))).toBe(true);
    expect(slotGone(new CalendarError("bad_request", "Invalid start date"))).toBe(false);
  });
});
