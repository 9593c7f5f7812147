/**
 * The fault suite's stall meter: time the machine did not run the process counts, the process's own busy work does
 * not (a kit that blocks its event loop must still be seen as silent).
 */
import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { kitModule } from "../dist-for-tests.ts";
import { stallMeter } from "./stall-meter.ts";

/** The meter's module as a child process runs it: built when dist/ is current, else through tsx. */
const meterModule = kitModule("src/evals/stall-meter.ts");
const CHILD = `
import { stallMeter } from ${JSON.stringify(pathToFileURL(meterModule.path).href)};
const meter = stallMeter();
process.stdout.write("ready\\n");
process.stdin.once("data", () => {
  setTimeout(() => { meter.stop(); process.stdout.write(String(meter.stalledMs()) + "\\n"); }, 100);
});
`;

/** Runs the meter in a child process that is stopped (SIGSTOP) for `stopMs`; resolves to the stall it measured. */
function stalledWhileStopped(stopMs: number): Promise<number> {
  const child = spawn(process.execPath, [...meterModule.execArgv, "--input-type=module", "-e", CHILD], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out === "ready\n") {
        child.kill("SIGSTOP");
        setTimeout(() => {
          child.kill("SIGCONT");
          child.stdin.write("go\n");
        }, stopMs);
      } else if (out.endsWith("\n")) {
        resolve(Number(out.split("\n").at(-2)));
        child.stdin.end();
      }
    });
  });
}

describe("stallMeter", () => {
  it("counts the time the process was stopped by the machine", async () => {
    expect(await stalledWhileStopped(400)).toBeGreaterThan(300);
  });

  it("does not count the process's own busy work: only the wall time it did not get the CPU", async () => {
    const meter = stallMeter();
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const cpuMs = () => {
      const used = process.cpuUsage(cpuStart);
      return (used.user + used.system) / 1000;
    };
    while (cpuMs() < 300) {
      // the event loop is blocked by this process itself, for 300 ms of its own CPU time
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    meter.stop();
    const wall = performance.now() - started;
    // Counting every late tick would give about `wall`; the busy work's 300 ms must not be in it.
    expect(meter.stalledMs()).toBeLessThan(wall - 300 + 50);
  });
});
