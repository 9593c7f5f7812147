/** The readable form of `termin bench contention`: the model in three lines, then both flows side by side. */
import type { ContentionResult, FlowFigures } from "./bench-contention.ts";

const LABEL = 32;
const COLUMN = 16;

/** `mean` as the band the model draws from, 0.5x to 1.5x. */
const band = (mean: number): string => `${Math.round(mean / 2)}-${Math.round((mean * 3) / 2)}`;

/** The lines `termin bench contention` prints without `--json`. */
export function contentionTable(r: ContentionResult): string[] {
  const m = r.model;
  const line = (label: string, kit: string | number, seed: string | number = ""): string =>
    `  ${label.padEnd(LABEL)}${String(kit).padEnd(COLUMN)}${seed}`.trimEnd();
  const row = (label: string, cell: (f: FlowFigures) => string | number): string =>
    line(label, cell(r.flows.kit), cell(r.flows.seed));
  return [
    `contention: ${r.callers} callers, seed ${r.seed}, ${(r.cpuMs / 1000).toFixed(1)} s CPU for the run`,
    `  week ${m.week.from} to ${m.week.to}, ${m.service}: ${m.slots} slots, ${m.existing} booked before, ${m.free} free`,
    `  callers arrive over ${m.arrivalMin} min, accept ±${m.toleranceMin} min on their day, think ${band(m.thinkMs / 1000)} s`,
    `  Cal.com ${band(m.latencyMs)} ms per call; kit: up to ${m.tries} picks, ${m.confirmMs / 1000} s to confirm under the hold`,
    line("best possible (max matching)", r.best),
    line("", "kit", "seed"),
    row("booked (of best possible)", (f) => `${f.booked} (${Math.round(f.ofBest * 100)}%)`),
    row("no acceptable slot offered", (f) => f.noFit),
    row("lost (picked, not booked)", (f) => f.lost),
    row("conflicts (slot gone)", (f) => f.conflicts),
    row("booked after a conflict", (f) => f.recovered),
    row("holds", (f) => f.holds),
    row("double bookings", (f) => f.doubleBookings),
    row("booked instant != offered", (f) => f.wrongInstant),
    row("Cal.com calls per booking", (f) => f.callsPerBooking.toFixed(2)),
    row("tool latency p50 / p99 (ms)", (f) => `${f.toolLatencyMs.p50} / ${f.toolLatencyMs.p99}`),
  ];
}
