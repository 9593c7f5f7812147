import { describe, expect, it } from "vitest";
import { VirtualTime } from "./bench-virtual-time.ts";

describe("VirtualTime", () => {
  it("wakes sleepers in time order, ties in the order they slept, and moves the clock to each", async () => {
    const time = new VirtualTime("2025-10-25T20:17:50+02:00");
    const start = time.now();
    const woke: string[] = [];
    const sleeper = async (name: string, ms: number) => {
      await time.sleep(ms);
      woke.push(`${name}@${time.now() - start}`);
      await time.sleep(ms);
      woke.push(`${name}@${time.now() - start}`);
    };
    await time.run(Promise.all([sleeper("a", 300), sleeper("b", 100), sleeper("c", 300), sleeper("d", 0)]));
    expect(woke).toEqual(["d@0", "d@0", "b@100", "b@200", "a@300", "c@300", "a@600", "c@600"]);
    expect(time.clock().toMillis()).toBe(start + 600);
  });

  it("runs many minutes of waiting at once and returns the work's value", async () => {
    const time = new VirtualTime("2025-10-25T20:17:50+02:00");
    const started = performance.now();
    const value = await time.run(
      (async () => {
        await time.sleep(30 * 60_000);
        return "done";
      })(),
    );
    expect(value).toBe("done");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("rethrows the work's error, and refuses work that waits on something else than its timers", async () => {
    const time = new VirtualTime("2025-10-25T20:17:50+02:00");
    await expect(
      time.run(
        (async () => {
          await time.sleep(10);
          throw new Error("boom");
        })(),
      ),
    ).rejects.toThrow("boom");
    await expect(time.run(new Promise(() => undefined))).rejects.toThrow(/not a timer/);
  });
});
