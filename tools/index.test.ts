import { describe, expect, it } from "vitest";
import { ModelOutputError } from "../src/errors.ts";
import { checkOpenAIStrict, getTool, TOOLS, toolSpecs } from "./index.ts";

describe("TOOLS", () => {
  it("lists the eight tools with the argument names the handlers rely on", () => {
    expect(Object.fromEntries(TOOLS.map((t) => [t.name, Object.keys(t.input.shape)]))).toEqual({
      check_availability: ["service", "day", "time", "person", "reschedule_booking_id"],
      hold_slot: ["slot_id"],
      book_appointment: ["slot_id", "name"],
      find_appointments: ["day"],
      cancel_appointment: ["booking_id"],
      reschedule_appointment: ["booking_id", "slot_id"],
      business_info: ["topic", "day", "service"],
      end_call: ["reason"],
    });
  });

  it("never takes identity from the model: no phone, business or call id", () => {
    for (const tool of TOOLS) {
      for (const key of Object.keys(tool.input.shape))
        expect(key).not.toMatch(/phone|business|call_id|caller/);
    }
  });

  it("gives every tool German platform messages (Vapi would otherwise fill in English)", () => {
    for (const tool of TOOLS) {
      expect(tool.messages?.requestStart, tool.name).toMatch(/[A-ZÄÖÜ].+[.!]$/);
      expect(tool.messages?.requestFailed, tool.name).toMatch(/[A-ZÄÖÜ].+[.!]$/);
    }
  });

  it("has schemas OpenAI strict mode accepts", () => {
    for (const tool of TOOLS) expect(checkOpenAIStrict(tool.jsonSchema), tool.name).toEqual([]);
  });

  it("check_availability: full schema", () => {
    expect(getTool("check_availability").jsonSchema).toMatchInlineSnapshot(`
      {
        "additionalProperties": false,
        "properties": {
          "day": {
            "description": "The caller's own words for the day, e.g. "morgen", "nächsten Dienstag", "am 27.", "3. November", "am Wochenende", "nächste Woche", "so schnell wie möglich", or an ISO date YYYY-MM-DD. null if the caller named no day.",
            "type": [
              "string",
              "null",
            ],
          },
          "person": {
            "description": "Who the appointment is for when it is not the caller (e.g. "mein Sohn", "Emre Yilmaz"), so several people in one call each get their own slot. null when the caller books for themself.",
            "type": [
              "string",
              "null",
            ],
          },
          "reschedule_booking_id": {
            "description": "When looking for a new time for an existing booking: its id from find_appointments. Otherwise null.",
            "type": [
              "string",
              "null",
            ],
          },
          "service": {
            "description": "The service as the caller named it, e.g. "Herrenhaarschnitt", "Damen schneiden", "Färben", or a service id.",
            "pattern": "\\S",
            "type": "string",
          },
          "time": {
            "description": "The caller's own words for the time, e.g. "um zehn", "halb elf", "Viertel nach drei", "nachmittags", or HH:MM. null if the caller named no time.",
            "type": [
              "string",
              "null",
            ],
          },
        },
        "required": [
          "service",
          "day",
          "time",
          "person",
          "reschedule_booking_id",
        ],
        "type": "object",
      }
    `);
  });

  it("the other tools: schemas", () => {
    const others = TOOLS.filter((t) => t.name !== "check_availability");
    expect(Object.fromEntries(others.map((t) => [t.name, t.jsonSchema]))).toMatchInlineSnapshot(`
      {
        "book_appointment": {
          "additionalProperties": false,
          "properties": {
            "name": {
              "description": "The caller's full name as they said it, e.g. "Hans Schuster".",
              "pattern": "\\S",
              "type": "string",
            },
            "slot_id": {
              "description": "Id of the offered slot the caller accepted, exactly as in the check_availability result, e.g. "S3".",
              "pattern": "\\S",
              "type": "string",
            },
          },
          "required": [
            "slot_id",
            "name",
          ],
          "type": "object",
        },
        "business_info": {
          "additionalProperties": false,
          "properties": {
            "day": {
              "description": "For day_hours: the caller's own words for the day, e.g. "am Samstag", "morgen", "am Wochenende". Else null.",
              "type": [
                "string",
                "null",
              ],
            },
            "service": {
              "description": "For prices: the service as the caller named it, e.g. "Herrenhaarschnitt", "Färben". Else null.",
              "type": [
                "string",
                "null",
              ],
            },
            "topic": {
              "description": "hours: the whole week; day_hours: one day or a few days (give \`day\`); address; prices (give \`service\` when the caller asked about one); payment: how one can pay; services: what the business offers.",
              "enum": [
                "hours",
                "day_hours",
                "address",
                "prices",
                "payment",
                "services",
              ],
              "type": "string",
            },
          },
          "required": [
            "topic",
            "day",
            "service",
          ],
          "type": "object",
        },
        "cancel_appointment": {
          "additionalProperties": false,
          "properties": {
            "booking_id": {
              "description": "Id of the booking to cancel, exactly as in the find_appointments result.",
              "pattern": "\\S",
              "type": "string",
            },
          },
          "required": [
            "booking_id",
          ],
          "type": "object",
        },
        "end_call": {
          "additionalProperties": false,
          "properties": {
            "reason": {
              "description": "done: the caller's request is handled; caller_request: the caller wants to end; no_progress: repeated misunderstandings; abuse: the caller is abusive.",
              "enum": [
                "done",
                "caller_request",
                "no_progress",
                "abuse",
              ],
              "type": "string",
            },
          },
          "required": [
            "reason",
          ],
          "type": "object",
        },
        "find_appointments": {
          "additionalProperties": false,
          "properties": {
            "day": {
              "description": "The caller's own words for the day of the booking, e.g. "Freitag", "am 31.", "nächste Woche Dienstag", or an ISO date YYYY-MM-DD. null to list all upcoming bookings.",
              "type": [
                "string",
                "null",
              ],
            },
          },
          "required": [
            "day",
          ],
          "type": "object",
        },
        "hold_slot": {
          "additionalProperties": false,
          "properties": {
            "slot_id": {
              "description": "Id of the offered slot the caller chose, exactly as in the check_availability result, e.g. "S3".",
              "pattern": "\\S",
              "type": "string",
            },
          },
          "required": [
            "slot_id",
          ],
          "type": "object",
        },
        "reschedule_appointment": {
          "additionalProperties": false,
          "properties": {
            "booking_id": {
              "description": "Id of the booking to move, exactly as in the find_appointments result.",
              "pattern": "\\S",
              "type": "string",
            },
            "slot_id": {
              "description": "Id of the new slot the caller accepted, exactly as in the check_availability result, e.g. "S2".",
              "pattern": "\\S",
              "type": "string",
            },
          },
          "required": [
            "booking_id",
            "slot_id",
          ],
          "type": "object",
        },
      }
    `);
  });
});

describe("getTool", () => {
  it("finds a tool by name and gives undefined for a name the model made up", () => {
    expect(getTool("hold_slot").name).toBe("hold_slot");
    expect(getTool("book_appointment_cal")).toBeUndefined();
  });

  it("gives handlers parsed, typed arguments", () => {
    const args = getTool("book_appointment").parseJson('{"slot_id":"S2","name":"Hans Schuster"}');
    expect(args).toEqual({ slot_id: "S2", name: "Hans Schuster" });
    expect(() => getTool("end_call").parse({ reason: "bye" })).toThrow(ModelOutputError);
  });
});

describe("toolSpecs", () => {
  it("gives the model each tool's name, description and strict schema, as fresh copies", () => {
    const specs = toolSpecs();
    expect(specs.map((s) => s.name)).toEqual(TOOLS.map((t) => t.name));
    expect(specs[0]?.parameters).toEqual(TOOLS[0].jsonSchema);
    expect(specs[0]?.parameters).not.toBe(TOOLS[0].jsonSchema);
    expect(Object.isFrozen(specs[0]?.parameters)).toBe(false);
  });
});
