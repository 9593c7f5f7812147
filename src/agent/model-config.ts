/**
 * Decides which model a command runs with, from `--model` and the environment (DESIGN.md "Model choice").
 * It only decides (and stays free of the SDK import, so the rule-based path loads fast); the caller builds the rule-based or OpenAI model from the result.
 */
import { ConfigError } from "../errors.ts";

/** Model name used when `TERMIN_MODEL` (or the `model` option) names none. */
export const DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

/** The models a command can run with. */
export type ModelKind = "rule" | "openai";

/** Everything `createOpenAIModel` needs, read from the environment. */
export interface OpenAISettings {
  apiKey: string;
  /** Unset means api.openai.com. */
  baseURL?: string;
  model: string;
}

/** The decision: the rule-based model, or OpenAI with its settings. */
export type ModelSelection = { kind: "rule" } | { kind: "openai"; openai: OpenAISettings };

/**
 * Local OpenAI-compatible servers ignore the key, but the SDK refuses to start without one; this keeps
 * `OPENAI_BASE_URL` alone enough.
 */
export const PLACEHOLDER_API_KEY = "termin-kit-no-key";

/**
 * Picks the model. Without `choice`, `openai` when `OPENAI_API_KEY` or `OPENAI_BASE_URL` is set, else `rule`.
 * `choice` is the raw `--model` value, so a typo becomes a ConfigError rather than a silent default.
 */
export function modelFromEnv(env: NodeJS.ProcessEnv, choice?: string): ModelSelection {
  // An exported-but-empty variable (`OPENAI_API_KEY=`) counts as unset.
  const apiKey = nonEmpty(env["OPENAI_API_KEY"]);
  const baseURL = nonEmpty(env["OPENAI_BASE_URL"]);
  const model = nonEmpty(env["TERMIN_MODEL"]) ?? DEFAULT_OPENAI_MODEL;

  if (choice !== undefined && choice !== "rule" && choice !== "openai") {
    throw new ConfigError(`unknown model "${choice}": use --model rule or --model openai`);
  }
  const kind: ModelKind = choice ?? (apiKey || baseURL ? "openai" : "rule");
  if (kind === "rule") return { kind };

  if (!apiKey && !baseURL) {
    throw new ConfigError("--model openai needs a server: set OPENAI_API_KEY or OPENAI_BASE_URL");
  }
  return {
    kind,
    openai: { apiKey: apiKey ?? PLACEHOLDER_API_KEY, model, ...(baseURL !== undefined && { baseURL }) },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
