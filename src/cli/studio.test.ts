import { createServer } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";
import { runStudio } from "./studio.ts";
import { memoryIO, runCli } from "./testing.ts";

async function announcedUrl(io: { out: () => string }): Promise<string> {
  let url = "";
  await vi.waitFor(
    () => {
      url = /^termin studio: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(io.out())?.[1] ?? "";
      expect(url).not.toBe("");
    },
    { timeout: 10_000 },
  );
  return url;
}

describe("termin studio", () => {
  it("--help names every option", async () => {
    const r = await runCli(["studio", "--help"]);
    expect(r.code).toBe(0);
    for (const option of [
      "--port",
      "--business",
      "--now",
      "--model",
      "--calendar",
      "--templates",
      "--transcripts",
    ])
      expect(r.out).toContain(option);
  });

  it("prints the URL, serves the page and the call, and stops when told", async () => {
    const io = memoryIO();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const running = runStudio(
      ["--port", "0", "--now", "2025-10-25T20:17:50+02:00", "--model", "rule"],
      io,
      () => stopped,
    );
    const url = await announcedUrl(io);
    expect(io.out()).toContain("(Friseur 1 · rule · calendar: simulator (in-process))");
    expect((await fetch(url)).status).toBe(200);
    const state = (await (await fetch(`${url}api/state`)).json()) as { now: string };
    expect(state.now.startsWith("2025-10-25T20:17")).toBe(true);
    stop();
    expect(await running).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  });

  it("SIGTERM stops it with exit 0 and leaves no signal listener behind", async () => {
    const io = memoryIO();
    const listeners = process.listenerCount("SIGTERM");
    const running = main(["studio", "--port", "0", "--model", "rule"], io);
    const url = await announcedUrl(io);
    process.emit("SIGTERM", "SIGTERM");
    expect(await running).toBe(0);
    expect(process.listenerCount("SIGTERM")).toBe(listeners);
    await expect(fetch(url)).rejects.toThrow();
  });

  it("a port in use is a clear error, exit 2", async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const { port } = taken.address() as { port: number };
    try {
      const r = await runCli(["studio", "--port", String(port), "--model", "rule"]);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`termin studio: port ${port} on 127.0.0.1 is in use; try --port 0\n`);
    } finally {
      taken.close();
    }
  });

  it.each([
    [["--model", "gpt"], 'termin studio: --model must be rule or openai, got "gpt"\n'],
    [["--port", "70000"], 'termin studio: --port must be an integer 0..65535, got "70000"\n'],
    [["--guard", "loud"], 'termin studio: --guard must be strict, warn, off, got "loud"\n'],
    [["extra"], 'termin studio: unexpected argument "extra"; see termin studio --help\n'],
  ])("%j is refused with exit 2", async (args, message) => {
    const r = await runCli(["studio", ...args]);
    expect(r).toMatchObject({ code: 2, err: message });
  });
});
