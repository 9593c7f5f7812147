import { describe, expect, it } from "vitest";
import { maskPhone, REDACTED, redact, redactText } from "./redact.ts";

describe("redactText", () => {
  it.each([
    // German phone formats, international and national
    ["+491701234567", "+49 *** *** **67"],
    ["+49 170 1234567", "+49 *** *** **67"],
    ["+49 (0)170 1234567", "+49 *** *** **67"],
    ["+49-170-1234567", "+49 *** *** **67"],
    ["0049 170 1234567", "+49 *** *** **67"],
    ["00491701234567", "+49 *** *** **67"],
    ["0170 1234567", "0*** *** **67"],
    ["0170/1234567", "0*** *** **67"],
    ["030 12345678", "0*** *** **78"],
    ["+43 664 1234589", "+43 *** *** **89"],
    ["+1 415 555 0142", "+1 *** *** **42"],
    // inside free text
    ["meine Nummer ist 0170 1234567, danke", "meine Nummer ist 0*** *** **67, danke"],
    ["Rückruf an +49 170 1234567.", "Rückruf an +49 *** *** **67."],
    // e-mail addresses
    ["hans.schuster@example.com", "h***@example.com"],
    ["Mail: hans@mail.example.de bitte", "Mail: h***@mail.example.de bitte"],
    ["0170123@example.com", "0***@example.com"],
    // keys and tokens
    ["Authorization: Bearer cal_live_abc123def456", `Authorization: Bearer ${REDACTED}`],
    ["key cal_live_0123456789abcdef in config", `key ${REDACTED} in config`],
    ["OPENAI sk-proj-AbC123xyz789_-q", `OPENAI ${REDACTED}`],
    // left alone: times, dates, ids, short numbers
    ["2025-10-26T06:00:00.000Z", "2025-10-26T06:00:00.000Z"],
    ["2025-10-26T09:30:00.000+01:00", "2025-10-26T09:30:00.000+01:00"],
    ["another customer booked 2025-10-26T09:30+01:00", "another customer booked 2025-10-26T09:30+01:00"],
    ["am 01.11.2025 um 09:30", "am 01.11.2025 um 09:30"],
    ["call_24977a803e9bd80b586fca06259", "call_24977a803e9bd80b586fca06259"],
    ["3f0e4d12-0123-4567-89ab-0c1d2e3f4a5b", "3f0e4d12-0123-4567-89ab-0c1d2e3f4a5b"],
    ["eventTypeId 3672814", "eventTypeId 3672814"],
    ["Hans Schuster", "Hans Schuster"],
    ["in 0 bis 30 Minuten", "in 0 bis 30 Minuten"],
  ])("%s -> %s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe("maskPhone", () => {
  it("leaves digit runs that cannot be phone numbers", () => {
    expect(maskPhone("012345")).toBe("012345");
    expect(maskPhone("+49 1234567890123456")).toBe("+49 1234567890123456");
  });
});

describe("redact", () => {
  it("deep-copies, masks strings anywhere and replaces secret keys whole", () => {
    const input = {
      callerPhone: "+491701234567",
      attendee: { name: "Hans Schuster", email: "hans@example.com", phoneNumber: "+491701234567" },
      headers: { Authorization: "Bearer abc", "X-Api-Key": "whatever", "cal-api-version": "2024-08-13" },
      config: { apiKey: "plain", api_key: "plain", token: 12345, secret: null },
      notes: ["Nummer 0170/1234567", 42, true, null],
    };
    const frozen = structuredClone(input);
    expect(redact(input)).toEqual({
      callerPhone: "+49 *** *** **67",
      attendee: { name: "Hans Schuster", email: "h***@example.com", phoneNumber: "+49 *** *** **67" },
      headers: { Authorization: REDACTED, "X-Api-Key": REDACTED, "cal-api-version": "2024-08-13" },
      config: { apiKey: REDACTED, api_key: REDACTED, token: REDACTED, secret: null },
      notes: ["Nummer 0*** *** **67", 42, true, null],
    });
    expect(input).toEqual(frozen);
  });

  it("turns errors into name and message and breaks cycles", () => {
    const cyclic: Record<string, unknown> = { error: new TypeError("call +49 170 1234567") };
    cyclic["self"] = cyclic;
    const shared = { phone: "0170 1234567" };
    expect(redact({ cyclic, a: shared, b: shared })).toEqual({
      cyclic: { error: { name: "TypeError", message: "call +49 *** *** **67" }, self: "[Circular]" },
      a: { phone: "0*** *** **67" },
      b: { phone: "0*** *** **67" },
    });
  });
});
