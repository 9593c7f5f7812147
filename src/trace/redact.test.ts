import { describe, expect, it } from "vitest";
import { maskEmail, maskPhone, REDACTED, redact, redactText } from "./redact.ts";

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

describe("redactText: every spelling of a phone number", () => {
  it.each([
    ["491701234567", "+49 *** *** **67"],
    ["+49 (170) 1234567", "+49 *** *** **67"],
    ["(0170) 1234567", "0*** *** **67"],
    ["(0170 1234567)", "0*** *** **67"],
    ["0170.1234567", "0*** *** **67"],
    ["0170-123 45 67", "0*** *** **67"],
    ["0170 / 123 45 67", "0*** *** **67"],
    ["+49\u00a0170\u00a01234567", "+49 *** *** **67"],
    ["+49  170  1234567", "+49 *** *** **67"],
    ["+49\u202f170\u202f1234567", "+49 *** *** **67"],
    ["０１７０ １２３４５６７", "0*** *** **67"],
    ["＋４９ １７０ １２３４５６７", "+49 *** *** **67"],
    ["Nummer: ０１７０\u3000１２３４５６７.", "Nummer: 0*** *** **67."],
    ["tel:+491701234567", "tel:+49 *** *** **67"],
    ["Rückruf 0049 (0)170 123 45 67 bitte", "Rückruf +49 *** *** **67 bitte"],
    ["0 1 7 0 1 2 3 4 5 6 7", "0*** *** **67"],
    ["436641234589", "+43 *** *** **89"],
    ["Nummer 0170.1234567.", "Nummer 0*** *** **67."],
    ["liegt unter 0170 1234567.yaml", "liegt unter 0*** *** **67.yaml"],
    // two numbers side by side are two masks, not one run of 22 digits left alone
    ["Nummern 0170 1234567 0171 7654321", "Nummern 0*** *** **67 0*** *** **21"],
    ["Tel.: +49 30 12345678, Fax: +49 30 12345679", "Tel.: +49 *** *** **78, Fax: +49 *** *** **79"],
    [
      '{"phone":"+491701234567","note":"(0170) 1234567"}',
      '{"phone":"+49 *** *** **67","note":"0*** *** **67"}',
    ],
  ])("%j -> %j", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    "am 01.11.2025 09:30",
    "am 26.10. um 10.30 Uhr",
    "0.5 und 0.25",
    "Version 1.13.16",
    "uuid 01234567-0123-4567-8901-234567890123",
    "ts 2025-10-26T06:00:00.000Z",
    "epoch 1761459470000",
    "booking 12345678",
    "09:30 bis 18:00",
    "Preis: 28 €, Dauer 30 Minuten",
  ])("leaves %j alone", (input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe("redactText: secrets in free text", () => {
  it.each([
    ["api_key: abc123secret", `api_key: ${REDACTED}`],
    ['{"api_key":"abc123secret"}', `{"api_key":"${REDACTED}"}`],
    ['{"api_key": "abc123secret", "x": 1}', `{"api_key": "${REDACTED}", "x": 1}`],
    ["url?apiKey=abc123secret&x=1", `url?apiKey=${REDACTED}&x=1`],
    ["OPENAI_API_KEY=abc123secret", `OPENAI_API_KEY=${REDACTED}`],
    ["X-Api-Key: abc123secret", `X-Api-Key: ${REDACTED}`],
    ["Authorization: Basic dXNlcjpwYXNz", `Authorization: Basic ${REDACTED}`],
    ["Authorization: abc123", `Authorization: ${REDACTED}`],
    ["'authorization': 'Bearer abc'", `'authorization': '${REDACTED}'`],
    ["password=hunter2; token: abc", `password=${REDACTED}; token: ${REDACTED}`],
    [
      "401 Incorrect API key provided: sk-proj-AbC123xyz789. You can find your API key at ...",
      `401 Incorrect API key provided: ${REDACTED}. You can find your API key at ...`,
    ],
  ])("%j -> %j", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it("leaves words that only contain a key's name alone", () => {
    expect(redactText("prompt_tokens: 12, tokens=3, keyboard: de")).toBe(
      "prompt_tokens: 12, tokens=3, keyboard: de",
    );
  });
});

describe("redactText: numbers dictated in words", () => {
  it.each([
    [
      "Meine Nummer ist null sechs sechs vier, drei vier fünf, zwölf achtzehn.",
      `Meine Nummer ist ${REDACTED}.`,
    ],
    ["null eins sieben null eins zwei drei vier fünf sechs sieben", REDACTED],
    ["Null Eins Sieben Null, Zwölf Vierunddreißig Sechsundfünfzig, danke", `${REDACTED}, danke`],
    ["null-eins-sieben-null. eins zwei drei", REDACTED],
    ["Das ist die null 170 1234567", `Das ist die ${REDACTED}`],
  ])("%j -> %j", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    "um zehn, elf oder zwölf Uhr",
    "ich komme mit zwei Kindern, acht und neun Jahre",
    "zehn, 10:30, 11:00, 11:30 oder 12:00",
    "um neun 26.10.2025 10:00",
    "Haben Sie morgen um zehn Uhr dreißig einen Termin frei?",
  ])("leaves %j alone", (input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe("redact by field", () => {
  it("masks phone and e-mail fields whatever their spelling; withheld values stay as they are", () => {
    const input = {
      callerPhone: "491701234567",
      attendee: {
        name: "Hans Schuster",
        email: "anrufer+call_1@termin-kit.invalid",
        phoneNumber: "(0170) 1234567",
      },
      metadata: { phone: "0170.1234567", callId: "call_1" },
      query: { phone: "1701234567" },
      other: { phone: "anonymous", email: "" },
      odd: { phoneNumber: "+49 1234567890123456", email: "kaputt@" },
    };
    expect(redact(input)).toEqual({
      callerPhone: "+49 *** *** **67",
      attendee: { name: "Hans Schuster", email: "a***@termin-kit.invalid", phoneNumber: "0*** *** **67" },
      metadata: { phone: "0*** *** **67", callId: "call_1" },
      query: { phone: "*** *** **67" },
      other: { phone: "anonymous", email: "" },
      odd: { phoneNumber: REDACTED, email: REDACTED },
    });
  });

  it("gives the same result when run twice, so a .json trace re-renders identically", () => {
    const input = {
      callerPhone: "+491701234567",
      attendee: { email: "hans@example.com", phoneNumber: "0170 1234567" },
      text: "null eins sieben null eins zwei drei, api_key: x",
    };
    const once = redact(input);
    expect(redact(once)).toEqual(once);
    expect(maskEmail("hans@example.com")).toBe("h***@example.com");
  });
});

describe("a number right after a label and a joiner", () => {
  it("is masked ('Tel.0170 ...', 'Handy-0170 ...', 'Tel/0170 ...', 'z.B.0170 ...'); dates and instants stay", () => {
    for (const text of [
      "Tel.0170 1234567",
      "Tel.+49 170 1234567",
      "Handy-0170 1234567",
      "Tel/0170 1234567",
      "z.B.0170 1234567",
    ]) {
      expect(redactText(text), text).not.toMatch(/1234567/);
    }
    expect(redactText("am 01.11.2025 um 10:30")).toBe("am 01.11.2025 um 10:30");
    expect(redactText("2025-10-26T06:00:00.000+01:00")).toBe("2025-10-26T06:00:00.000+01:00");
  });
});
