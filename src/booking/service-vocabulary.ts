/**
 * The German words for services that hold for every business (`prompts/services.de.yaml`): kinds of service,
 * who a service is for, case endings and umlaut-free spellings. Data, so a developer teaches the matcher a new
 * word without touching code; per-business words stay in the profile's `aliases`.
 */
import { join } from "node:path";
import { z } from "zod";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { readYamlData } from "../yaml-data.ts";

// Bounds at the edge: the file is hand-written; anything this large is a mistake.
const phrase = z.string().min(1).max(80);
const phrases = z.array(phrase).min(1).max(200);
const group = z.object({ cues: phrases, match: phrases });

const vocabularySchema = z.object({
  spellings: z.record(z.string().length(1, "expected one character"), z.string().min(1).max(4)),
  endings: z.array(z.string().regex(/^\p{Ll}{1,4}$/u, "expected 1-4 lower-case letters")).max(20),
  families: z.array(group).max(100),
  audiences: z.array(group).max(100),
  /** Words that refuse the kind of service said right after them ("keinen Haarschnitt", "nicht schneiden"). */
  negations: z.array(phrase).max(50).default([]),
});

/** The parsed vocabulary file. */
export type ServiceVocabulary = z.infer<typeof vocabularySchema>;

/** Path of the shipped vocabulary. */
export const SERVICE_VOCABULARY_FILE = join(PROMPTS_DIR, "services.de.yaml");

let cached: ServiceVocabulary | undefined;

/** Loads and validates the vocabulary, the shipped file once per process; a broken file is a ConfigError. */
export function loadServiceVocabulary(file = SERVICE_VOCABULARY_FILE): ServiceVocabulary {
  if (file === SERVICE_VOCABULARY_FILE && cached !== undefined) return cached;
  const vocabulary = readYamlData(file, vocabularySchema, "service vocabulary");
  if (file === SERVICE_VOCABULARY_FILE) cached = vocabulary;
  return vocabulary;
}
