/**
 * Time the machine did not run this process: a timer due every `tickMs` that fires late, while the process used
 * less CPU time than the delay, was held up by other processes on the CPUs. Silence is judged on the wait less this,
 * so a loaded test machine is not counted as the kit's silence; a stall the kit causes itself (a long synchronous
 * task uses CPU time) is not subtracted. A timer's usual jitter (under `JITTER_MS`) is no stall, and a stall still
 * going on when `stalledMs` is read counts up to that moment.
 */
const JITTER_MS = 2;

export function stallMeter(tickMs = 10): { stalledMs(): number; stop(): void } {
  let stalled = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  /** The stall since the last tick: lateness beyond the tick and its jitter that the process's CPU time does not explain. */
  const sinceLastTick = (now: number): number => {
    const cpu = process.cpuUsage(lastCpu);
    const late = now - last - tickMs;
    return late < JITTER_MS ? 0 : Math.max(0, late - (cpu.user + cpu.system) / 1000);
  };
  const timer = setInterval(() => {
    const now = performance.now();
    stalled += sinceLastTick(now);
    last = now;
    lastCpu = process.cpuUsage();
  }, tickMs);
  timer.unref();
  let stopped = false;
  return {
    stalledMs: () => (stopped ? stalled : stalled + sinceLastTick(performance.now())),
    stop: () => {
      if (stopped) return;
      stalled += sinceLastTick(performance.now());
      stopped = true;
      clearInterval(timer);
    },
  };
}
