import { describe, expect, it } from "vitest";
import { phoneKey } from "./phone.ts";

describe("phoneKey", () => {
  it.each([
    ["+491701234567", "+491701234567"],
    ["+49 170 1234567", "+491701234567"],
    ["0049 170 1234567", "+491701234567"],
    ["+49 (0)170 123-4567", "+491701234567"],
    ["0170/1234567", "+491701234567"],
    ["0170 1234567", "+491701234567"],
  ])("%s is %s", (raw, key) => {
    expect(phoneKey(raw)).toBe(key);
  });

  it("keeps other countries apart and uses the given country for national numbers", () => {
    expect(phoneKey("+43 664 1234567")).toBe("+436641234567");
    expect(phoneKey("0664 1234567", "43")).toBe("+436641234567");
    expect(phoneKey("+43 664 1234567")).not.toBe(phoneKey("+49 664 1234567"));
  });
});
