/** The studio as `termin studio --now 2025-10-25T20:17:50+02:00 --model rule` would start it, for its tests. */
import { join, resolve } from "node:path";
import { DateTime } from "luxon";
import { PROMPTS_DIR } from "../../calendar/profile.ts";
import type { StudioOptions } from "../server.ts";

/** The reference call's Saturday evening, the studio's pinned start in the tests. */
export const START = "2025-10-25T20:17:50+02:00";
const ROOT = resolve(PROMPTS_DIR, "..");

export function studioOptions(extra: Partial<StudioOptions> = {}): StudioOptions {
  return {
    business: "friseur-1",
    calendar: "sim",
    callerPhone: "+491701234567",
    env: {},
    model: "rule",
    guard: "strict",
    now: DateTime.fromISO(START, { setZone: true }),
    transcriptsDir: join(ROOT, "evals", "transcripts"),
    ...extra,
  };
}
