/** `--phone` of chat and tool: a valid number in E.164, a withheld one as null, anything else refused. */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { parsePhoneOption } from "./phone-option.ts";

describe("parsePhoneOption", () => {
  it("gives E.164, national numbers in the country of the business's zone", () => {
    expect(parsePhoneOption("+491701234567", "Europe/Berlin")).toBe("+491701234567");
    expect(parsePhoneOption("0170 1234567", "Europe/Berlin")).toBe("+491701234567");
    expect(parsePhoneOption("0664 1234567", "Europe/Vienna")).toBe("+436641234567");
  });

  it("reads the words telephony uses for a withheld number, and an empty one, as withheld", () => {
    for (const withheld of ["", " ", "anonymous", "Withheld", "unknown"])
      expect(parsePhoneOption(withheld, "Europe/Berlin")).toBeNull();
  });

  it("refuses what is not a valid number, naming the flag and the value", () => {
    for (const bad of ["abc", "+49", "123", "0170", "+49 170 1234567 999"]) {
      expect(() => parsePhoneOption(bad, "Europe/Berlin"), bad).toThrow(ConfigError);
    }
    expect(() => parsePhoneOption("abc", "Europe/Berlin")).toThrow(
      '--phone must be a valid phone number, international (+ and country code) or national in DE (starting with 0), or "" for a withheld one; got "abc"',
    );
  });
});
