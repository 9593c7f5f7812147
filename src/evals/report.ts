import type { ReplayReport } from "./replay.ts";

/** A readable report of one replayed call: which expectation or invariant failed, on which turn, with the agent's words. */
export function formatReport(report: ReplayReport): string {
  const guarded = report.guard.flagged === 0 ? "" : `, ${report.guard.flagged} guarded`;
  const head = `${report.passed ? "PASS" : "FAIL"}  ${report.name}  (${report.turns.length} turns, ${report.toolCalls.length} tool calls, model ${report.model}${guarded})`;
  if (report.passed) return head;
  const lines = [head];
  for (const f of report.failures) {
    lines.push(`  ✗ ${f.check}${f.turn === null ? "" : ` at turn ${f.turn}`}: ${f.message}`);
    if (f.turn !== null) {
      const turn = report.turns[f.turn - 1];
      if (turn !== undefined) lines.push(`      Anrufer: ${turn.caller}`);
    }
    if (f.agent !== undefined) lines.push(`      Agent:   ${f.agent}`);
  }
  return lines.join("\n");
}

/** The `--json` shape: one object per call with name, passed, failures, turns, toolCalls, bookings, guard. */
export function jsonReport(report: ReplayReport): Record<string, unknown> {
  return {
    name: report.name,
    file: report.file,
    model: report.model,
    passed: report.passed,
    failures: report.failures,
    turns: report.turns,
    toolCalls: report.toolCalls,
    bookings: report.bookings,
    guard: report.guard,
  };
}
