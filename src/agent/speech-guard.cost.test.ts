/**
 * The speech guard's cost grows linearly with the reply it reads: a ratio of CPU time in one process (see
 * `cpuRatio`). Cost tests live in `*.cost.test.ts` files, apart from the behaviour they time.
 */
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { cpuRatio } from "../time/__fixtures__/hostile.ts";
import { CALLER_PHONE, PARAPHRASE_CONTEXT, PARAPHRASE_NOW } from "./__fixtures__/paraphrases.ts";
import { SpeechGuard } from "./speech-guard.ts";

const { hours } = loadBusinessProfile("friseur-1");

describe("speech guard: cost linear in the reply", () => {
  it("four times the reply, less than eight times the CPU time (quadratic would be 16)", () => {
    const g = new SpeechGuard({ zone: "Europe/Berlin", callerPhone: CALLER_PHONE, mode: "strict", hours });
    g.startTurn();
    for (const o of PARAPHRASE_CONTEXT) g.observe(o);
    const line = "Am Montag, 27. Oktober, um 7:00 Uhr wäre frei. ";
    const ratio = cpuRatio(
      (n) => line.repeat(n),
      (text) => g.checkModel(text, PARAPHRASE_NOW, 1),
      100,
      8,
    );
    expect(ratio).toBeLessThan(8);
  });
});
