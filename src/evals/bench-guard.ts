/**
 * `termin bench guard`: the speech guard's cost per utterance. The transcripts (the shipped ones by default) are
 * replayed once (rule model, guard off) to get real replies and the tool results before each; then, per run, a fresh
 * guard learns the tool results turn by turn and checks every reply, each check timed with `performance.now`.
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { SpeechGuard } from "../agent/speech-guard.ts";
import { replayTranscript } from "./replay.ts";
import { loadTranscript, transcriptFiles } from "./transcript.ts";

export interface BenchGuardResult {
  calls: number;
  utterances: number;
  runs: number;
  /** Per run, ms: p50 and p99 of one check. */
  p50: number[];
  p99: number[];
  /** Replies the guard flagged (the rule model speaks templates: 0 expected). */
  flagged: number;
  cpuMs: number;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function benchGuard(options: { paths: string[]; runs: number }): Promise<BenchGuardResult> {
  const calls = [];
  // A file named alone and again through its folder is one call.
  for (const file of new Set(transcriptFiles(options.paths).map((f) => resolve(f)))) {
    const loaded = loadTranscript(file);
    const report = await replayTranscript(loaded, { guard: "off" });
    calls.push({ loaded, report });
  }
  const cpu = process.cpuUsage();
  const p50: number[] = [];
  const p99: number[] = [];
  let utterances = 0;
  let flagged = 0;
  for (let run = 0; run < options.runs; run++) {
    const times: number[] = [];
    flagged = 0;
    for (const { loaded, report } of calls) {
      const guard = new SpeechGuard({
        zone: loaded.business.timezone,
        callerPhone: loaded.transcript.caller.phone,
        mode: "strict",
      });
      for (const [i, turn] of report.turns.entries()) {
        guard.startTurn();
        for (const c of report.toolCalls.filter((t) => t.turn === i + 1)) {
          guard.observe({ name: c.name, result: c.result });
        }
        const started = performance.now();
        const flags = guard.checkModel(turn.agent, loaded.transcript.now, i + 1);
        times.push(performance.now() - started);
        if (flags.length > 0) flagged++;
      }
    }
    times.sort((a, b) => a - b);
    utterances = times.length;
    p50.push(quantile(times, 0.5));
    p99.push(quantile(times, 0.99));
  }
  const used = process.cpuUsage(cpu);
  return {
    calls: calls.length,
    utterances,
    runs: options.runs,
    p50,
    p99,
    flagged,
    cpuMs: Math.round((used.user + used.system) / 1000),
  };
}

/** min / median / max of the runs' figures. */
function spread(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const f = (x: number | undefined) => (x ?? 0).toFixed(3);
  return `${f(s[0])} / ${f(s[Math.floor(s.length / 2)])} / ${f(s.at(-1))}`;
}

export function benchGuardTable(r: BenchGuardResult): string[] {
  return [
    `speech guard check per utterance, ms (min / median / max over ${r.runs} runs; ${r.utterances} replies of ${r.calls} replayed calls):`,
    `  p50 ${spread(r.p50)}   p99 ${spread(r.p99)}`,
    `  flagged replies: ${r.flagged} (the rule model speaks the templates); ${r.cpuMs} ms CPU for the checks`,
  ];
}
