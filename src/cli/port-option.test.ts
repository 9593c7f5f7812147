import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { parsePortOption } from "./port-option.ts";

describe("parsePortOption", () => {
  it.each([
    ["0", 0],
    ["8787", 8787],
    ["65535", 65_535],
  ])("reads %j as %d", (raw, port) => {
    expect(parsePortOption(raw)).toBe(port);
  });

  it.each(["", " 80", "80 ", "0x1F90", "1e3", "-1", "80.5", "65536", "999999", "abc", "８０"])(
    "refuses %j with the flag named",
    (raw) => {
      expect(() => parsePortOption(raw)).toThrow(
        new ConfigError(`--port must be an integer 0..65535, got "${raw}"`),
      );
    },
  );
});
