import { describe, expect, it } from "vitest";
import { redact, redactText } from "../trace/redact.ts";
import {
  type CountryCode,
  normalizePhone,
  numbersRemembered,
  phoneKey,
  regionForTimezone,
  rememberingNumbers,
} from "./phone.ts";

describe("normalizePhone", () => {
  const table: [string, CountryCode, string | null][] = [
    // national spellings telephony passes
    ["0170 1234567", "DE", "+491701234567"],
    ["0170/1234567", "DE", "+491701234567"],
    ["(0170) 1234567", "DE", "+491701234567"],
    ["0170.1234567", "DE", "+491701234567"],
    ["0170-123 45 67", "DE", "+491701234567"],
    ["01701234567", "DE", "+491701234567"],
    ["030 12345678", "DE", "+493012345678"],
    // international spellings
    ["+491701234567", "DE", "+491701234567"],
    ["+49 (0)170 1234567", "DE", "+491701234567"],
    ["+49 (170) 1234567", "DE", "+491701234567"],
    ["0049 170 1234567", "DE", "+491701234567"],
    ["491701234567", "DE", "+491701234567"],
    ["+49\u00a0170\u00a01234567", "DE", "+491701234567"],
    ["+49  170  1234567", "DE", "+491701234567"],
    ["\u202f+49 170 1234567\t", "DE", "+491701234567"],
    ["０１７０ １２３４５６７", "DE", "+491701234567"],
    ["＋４９ １７０ １２３４５６７", "DE", "+491701234567"],
    ["tel:+491701234567", "DE", "+491701234567"],
    // other countries: the business's region decides national numbers
    ["0664 1234567", "AT", "+436641234567"],
    ["+43 664 1234567", "DE", "+436641234567"],
    ["436641234567", "DE", "+436641234567"],
    ["044 668 18 00", "CH", "+41446681800"],
    ["+1 415 555 0142", "DE", "+14155550142"],
    // withheld or not a number
    ["anonymous", "DE", null],
    ["unknown", "DE", null],
    ["", "DE", null],
    ["   ", "DE", null],
    ["+49", "DE", null],
    ["123", "DE", null],
    ["0170 123", "DE", null],
    ["+49 170 123", "DE", null],
    ["0170 1234567 ".repeat(6), "DE", null],
  ];
  it.each(table)("%j in %s is %s", (raw, region, e164) => {
    expect(normalizePhone(raw, region)).toBe(e164);
  });

  it("has a table of at least 20 spellings", () => {
    expect(table.length).toBeGreaterThanOrEqual(20);
  });
});

describe("numbers read are remembered only while a scope runs", () => {
  it("outside a scope nothing is kept; inside, each number once, and nothing after it returns", () => {
    normalizePhone("0170 1234567", "DE");
    expect(numbersRemembered()).toBe(0);
    const inside = rememberingNumbers(() => {
      normalizePhone("0170 1234567", "DE");
      normalizePhone("0170 1234567", "DE");
      // A scope inside another shares its memory.
      rememberingNumbers(() => normalizePhone("+43 664 1234567", "DE"));
      return numbersRemembered();
    });
    expect(inside).toBe(2);
    expect(numbersRemembered()).toBe(0);
  });

  it("a scope that throws forgets too", () => {
    expect(() =>
      rememberingNumbers(() => {
        normalizePhone("0170 1234567", "DE");
        throw new Error("stop");
      }),
    ).toThrow("stop");
    expect(numbersRemembered()).toBe(0);
  });

  it("redacting a trace keeps none of its callers' numbers afterwards", () => {
    const event = { callerPhone: "+49 170 1234567", text: "Rufen Sie 0170 7654321 oder +43 664 1234567 an." };
    expect(JSON.stringify(redact([event, event]))).not.toContain("7654321");
    expect(redactText(event.text)).not.toContain("7654321");
    expect(numbersRemembered()).toBe(0);
  });
});

describe("regionForTimezone", () => {
  it("maps the German-speaking zones and defaults to DE", () => {
    expect(regionForTimezone("Europe/Berlin")).toBe("DE");
    expect(regionForTimezone("Europe/Vienna")).toBe("AT");
    expect(regionForTimezone("Europe/Zurich")).toBe("CH");
    expect(regionForTimezone("America/New_York")).toBe("DE");
  });
});

describe("phoneKey", () => {
  it.each([
    ["+491701234567", "+491701234567"],
    ["+49 170 1234567", "+491701234567"],
    ["0049 170 1234567", "+491701234567"],
    ["+49 (0)170 123-4567", "+491701234567"],
    ["0170/1234567", "+491701234567"],
    ["0170 1234567", "+491701234567"],
    ["(0170) 1234567", "+491701234567"],
    ["491701234567", "+491701234567"],
    ["０１７０ １２３４５６７", "+491701234567"],
  ])("%s is %s", (raw, key) => {
    expect(phoneKey(raw)).toBe(key);
  });

  it("keeps other countries apart and uses the given region for national numbers", () => {
    expect(phoneKey("+43 664 1234567")).toBe("+436641234567");
    expect(phoneKey("0664 1234567", "AT")).toBe("+436641234567");
    expect(phoneKey("0664 1234567")).toBe("+496641234567");
    expect(phoneKey("+43 664 1234567")).not.toBe(phoneKey("+49 664 1234567"));
    expect(phoneKey("06 12 34 56 78", "FR")).toBe("+33612345678");
    expect(phoneKey("044 668 18 00", "CH")).toBe("+41446681800");
  });

  it("gives a number the library cannot read a digits-only key that still equals itself", () => {
    expect(phoneKey("+49 1 23")).toBe("+49123");
    expect(phoneKey("+49 1 23")).toBe(phoneKey("+49123"));
    // A trunk 0 takes the region's calling code there too.
    expect(phoneKey("0 1", "AT")).toBe("+431");
    expect(phoneKey("0 1", "LI")).toBe("+4231");
  });
});
