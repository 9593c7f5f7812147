import { describe, expect, it } from "vitest";
import type { ArgsOf } from "../../tools/index.ts";
import { CalendarError, ConfigError } from "../errors.ts";
import { accepted, expectStatus, newCall } from "./__fixtures__/call.ts";
import { isToolName, runTool, type ToolOutcome, type ToolStatus } from "./run-tool.ts";

const checkArgs = {
  service: "Herrenhaarschnitt",
  day: "morgen",
  time: "10 Uhr",
  person: null,
  reschedule_booking_id: null,
};

describe("runTool: bad arguments come back as invalid_arguments, never as a throw", () => {
  it("malformed JSON", async () => {
    const { session, log } = newCall();
    const out = await runTool(session, "check_availability", '{"service": "Herrenhaarschnitt", "day": ');
    expect(out.result.status).toBe("invalid_arguments");
    expect(out.result.error).toBeTypeOf("string");
    expect(out.result.error).not.toBe("");
    expect(out.endCall).toBe(false);
    expect(log.getSlots).toHaveLength(0);
  });

  it("a missing field names the field", async () => {
    const { session, log } = newCall();
    const { time: _time, ...args } = checkArgs;
    const out = await runTool(session, "check_availability", JSON.stringify(args));
    expect(out.result.status).toBe("invalid_arguments");
    expect(out.result.error).toContain("time");
    expect(log.getSlots).toHaveLength(0);
  });

  it("an unknown extra field is refused (strict schema)", async () => {
    const { session } = newCall();
    const out = await runTool(
      session,
      "check_availability",
      JSON.stringify({ ...checkArgs, date: "2025-10-26" }),
    );
    expect(out.result.status).toBe("invalid_arguments");
  });

  it("a wrong type and an empty slot id", async () => {
    const { session } = newCall();
    const wrong = await runTool(session, "check_availability", JSON.stringify({ ...checkArgs, day: 26 }));
    expect(wrong.result.status).toBe("invalid_arguments");
    const empty = await runTool(session, "book_appointment", JSON.stringify({ slot_id: "", name: "Hans" }));
    expect(empty.result.status).toBe("invalid_arguments");
  });

  it("an unknown tool", async () => {
    const { session } = newCall();
    const out = await runTool(session, "book_table", "{}");
    expect(out.result).toEqual({ status: "invalid_arguments", error: 'unknown tool "book_table"' });
    expect(out.endCall).toBe(false);
  });

  it("a slot id this call never offered, for hold, book and reschedule", async () => {
    const { sim, session } = newCall();
    for (const [name, args] of [
      ["hold_slot", { slot_id: "S42" }],
      ["book_appointment", { slot_id: "S42", name: "Hans Schuster" }],
      ["reschedule_appointment", { booking_id: "abc", slot_id: "S42" }],
    ] as const) {
      const out = await runTool(session, name, JSON.stringify(args));
      expect(out.result.status, name).toBe("invalid_arguments");
      expect(out.result.error).toContain("S42");
      expect(out.result.error).toContain("check_availability first");
    }
    expect(accepted(sim)).toHaveLength(0);
  });
});

describe("runTool: dispatch", () => {
  it("runs the handler with the parsed arguments", async () => {
    const { session } = newCall();
    const out = await runTool(session, "check_availability", JSON.stringify(checkArgs));
    expect(out.name).toBe("check_availability");
    expect(out.arguments).toEqual(checkArgs);
    expect(out.result.status).toBe("available");
    expect(out.result.say).toContain("26. Oktober");
  });

  it("end_call ends the call", async () => {
    const { session } = newCall();
    const out = await runTool(session, "end_call", JSON.stringify({ reason: "done" }));
    expect(out.endCall).toBe(true);
    expect(out.result.status).toBe("ended");
  });

  it("an unexpected non-calendar error from the backend becomes an honest calendar_unavailable", async () => {
    const { session } = newCall({
      overrides: () => ({
        getSlots: async () => {
          throw new TypeError("fetch failed");
        },
      }),
    });
    const out = await runTool(session, "check_availability", JSON.stringify(checkArgs));
    expect(out.result.status).toBe("calendar_unavailable");
    expect(out.thrown).toBe("fetch failed");
    expect(out.result.error).toBeUndefined();
    expect(out.result.say).not.toMatch(/unerwartet/i);
    expect(out.endCall).toBe(false);
  });

  it.each([
    ["check_availability", checkArgs, "getSlots"],
    ["find_appointments", { day: null }, "findBookings"],
  ] as const)(
    "%s: a calendar error is answered in one place, honestly, and is no bug in the trace",
    async (tool, args, method) => {
      const fail = (kind: "rate_limited" | "unavailable") => {
        const { session } = newCall({
          overrides: () => ({
            [method]: async () => {
              throw new CalendarError(kind, `${method} failed`);
            },
          }),
        });
        return runTool(session, tool, JSON.stringify(args));
      };
      for (const kind of ["rate_limited", "unavailable"] as const) {
        const out = await fail(kind);
        expect(out.result).toMatchObject({ status: "calendar_unavailable", retryable: true });
        expect(out.thrown).toBeUndefined();
        expect(out.endCall).toBe(false);
      }
      // Busy (429) and unreachable are told apart: the same path keeps the error's kind.
      expect((await fail("rate_limited")).result.say).not.toBe((await fail("unavailable")).result.say);
    },
  );

  it("a developer's misconfiguration (ConfigError) is thrown", async () => {
    const { session } = newCall({
      overrides: () => ({
        getSlots: async () => {
          throw new ConfigError("no API key");
        },
      }),
    });
    await expect(runTool(session, "check_availability", JSON.stringify(checkArgs))).rejects.toThrow(
      ConfigError,
    );
  });

  it("book through runTool gives a typed booked result", async () => {
    const { session } = newCall();
    const check = await runTool(session, "check_availability", JSON.stringify(checkArgs));
    expect(check.result.status).toBe("available");
    const out = await runTool(
      session,
      "book_appointment",
      JSON.stringify({ slot_id: "S1", name: "Hans Schuster" }),
    );
    expectStatus(out.result, "booked");
    expect(out.endCall).toBe(false);
  });
});

describe("runTool: the typed seam (tsc checks these lines: a misspelt status or argument does not compile)", () => {
  it("statuses, arguments and results are typed per tool", async () => {
    // @ts-expect-error no tool has the status "bookd"
    const misspelt: ToolStatus = "bookd";
    // @ts-expect-error book_appointment takes slot_id, not slot
    const renamed: ArgsOf<"book_appointment"> = { slot: "S1", name: "Hans Schuster" };
    expect([misspelt, renamed]).toHaveLength(2);
    expect(isToolName("book_appointment")).toBe(true);
    expect(isToolName("toString")).toBe(false);
    const call = newCall();
    const outcome: ToolOutcome = await runTool(call.session, "end_call", JSON.stringify({ reason: "done" }));
    if (outcome.name !== "end_call") throw new Error(`ran ${outcome.name}`);
    // Narrowed by the tool's name: only end_call's statuses (and the shared failures) are possible here.
    expect(["ended", "not_booked"]).toContain(outcome.result.status);
  });
});

describe("a withheld number books with a valid placeholder address", () => {
  it("a platform call id with ':' becomes a valid e-mail local part", async () => {
    const { emailSafe } = await import("./book-appointment.ts");
    expect(emailSafe("vapi:friseur-1:call 7/x")).toBe("vapi-friseur-1-call-7-x");
    expect(emailSafe("")).toBe("call");
  });
});
