/** `termin` never prints a secret or a phone number from an error message it reports (KitError path of main.ts). */
import { describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

describe("termin error messages", () => {
  it("pass through redactText before they reach stderr", async () => {
    const r = await runCli(["chat", "--business", "apiKey=abc123secret Hans 0170 1234567"], "");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^termin chat: business profile "apiKey=\[REDACTED\]/);
    expect(r.err).not.toContain("abc123secret");
    expect(r.err).toContain("Hans 0*** *** **67");
    expect(r.err).not.toContain("1234567");
  });
});
