/**
 * Time the machine did not run this process: a timer due every `tickMs` that fires late, while the process used
 * less CPU time than the delay, was held up by other processes on the CPUs. Silence is judged on the wait less this,
 * so a loaded test machine is not counted as the kit's silence; a stall the kit causes itself (a long synchronous
 * task uses CPU time) is not subtracted.
 */
export function stallMeter(tickMs = 10): { stalledMs(): number; stop(): void } {
  let stalled = 0;
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const late = now - last - tickMs;
    stalled += Math.max(0, late - (cpu.user + cpu.system) / 1000);
    last = now;
    lastCpu = process.cpuUsage();
  }, tickMs);
  timer.unref();
  return { stalledMs: () => stalled, stop: () => clearInterval(timer) };
}
