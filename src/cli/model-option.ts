import { GUARD_MODES, type GuardMode, guardModeOf } from "../agent/speech-guard.ts";
import { ConfigError } from "../errors.ts";

/** The model a command runs: `--model rule|openai`; unset stays unset (the command picks its default). */
export type ModelName = "rule" | "openai";

/** Reads `--model`; anything but `rule` or `openai` is a ConfigError naming the flag. */
export function parseModelOption(raw: string | undefined): ModelName | undefined {
  if (raw === undefined || raw === "rule" || raw === "openai") return raw;
  throw new ConfigError(`--model must be rule or openai, got "${raw}"`);
}

/** Reads `--guard`; unset stays unset (the command falls back to TERMIN_GUARD), an unknown mode is a ConfigError. */
export function parseGuardOption(raw: string | undefined): GuardMode | undefined {
  if (raw === undefined) return undefined;
  const mode = guardModeOf(raw);
  if (mode === null) throw new ConfigError(`--guard must be ${GUARD_MODES.join(", ")}, got "${raw}"`);
  return mode;
}
