import { beforeEach, describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../calendar/profile.ts";
import type { ChatMessage } from "./model.ts";
import { understand } from "./rule/understand.ts";
import { createRuleModel } from "./rule-model.ts";

/** How many caller lines the models read: the real `understand`, counted (the model's `reader` option). */
let readings = 0;
const countedReader: typeof understand = (text, ctx) => {
  readings += 1;
  return understand(text, ctx);
};

const profile = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";
const LINES = [
  "Hallo?",
  "Ähm, Moment",
  "Ich überlege noch",
  "Wie wird das Wetter morgen?",
  "Haben Sie am Samstag offen?",
  "Blubb",
  "Ich bin mir nicht sicher",
  "Was kostet ein Haarschnitt?",
];

/** A call of `turns` caller lines, the model answering each: history grows by one line per step. */
async function longCall(turns: number, line: (i: number) => string): Promise<void> {
  const model = createRuleModel({ profile, now: NOW, reader: countedReader });
  const messages: ChatMessage[] = [{ role: "system", content: "x" }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: "user", content: line(i) });
    const r = await model.complete({ messages: [...messages], tools: [] });
    // Only what was said matters here; a tool call the policy asks for is not run.
    messages.push({ role: "assistant", content: r.content ?? "…" });
  }
}

describe("rule model: each caller line is read once per call", () => {
  beforeEach(() => {
    readings = 0;
  });

  it("reads 200 distinct lines 200 times, not once per step", async () => {
    await longCall(200, (i) => `${LINES[i % LINES.length]} ${i}`);
    // Without memory the history is re-read at every step: 200 * 201 / 2 = 20,100 readings.
    expect(readings).toBe(200);
  });

  it("reads a line said again and again once", async () => {
    await longCall(200, (i) => LINES[i % LINES.length] ?? "");
    expect(readings).toBeLessThanOrEqual(LINES.length * 2);
  });

  it("remembers per model: another call reads its lines itself", async () => {
    await longCall(10, (i) => `${LINES[i % LINES.length]} ${i}`);
    await longCall(10, (i) => `${LINES[i % LINES.length]} ${i}`);
    expect(readings).toBe(20);
  });
});
