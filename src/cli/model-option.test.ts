import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { parseGuardOption, parseModelOption } from "./model-option.ts";
import { runCli } from "./testing.ts";

describe("--model and --guard, read the same way by chat, replay, studio and serve", () => {
  it("passes the known values and unset through, and names the flag for anything else", () => {
    expect([parseModelOption("rule"), parseModelOption("openai"), parseModelOption(undefined)]).toEqual([
      "rule",
      "openai",
      undefined,
    ]);
    expect([parseGuardOption("strict"), parseGuardOption("warn"), parseGuardOption("off")]).toEqual([
      "strict",
      "warn",
      "off",
    ]);
    expect(parseGuardOption(undefined)).toBeUndefined();
    expect(() => parseModelOption("gpt")).toThrow(
      new ConfigError('--model must be rule or openai, got "gpt"'),
    );
    expect(() => parseGuardOption("loud")).toThrow(
      new ConfigError('--guard must be strict, warn, off, got "loud"'),
    );
  });

  it.each(["chat", "replay evals/transcripts", "serve"])(
    "termin %s: one line naming the command, exit 2",
    async (cmd) => {
      const args = cmd.split(" ");
      for (const [flag, value] of [
        ["--model", "gpt"],
        ["--guard", "loud"],
      ] as const) {
        const r = await runCli([...args, flag, value], "/quit\n");
        expect(r.code, `${cmd} ${flag}`).toBe(2);
        expect(r.err, `${cmd} ${flag}`).toMatch(
          new RegExp(`^termin ${args[0]}: ${flag} must be .*"${value}"\\n$`),
        );
      }
    },
  );
});
