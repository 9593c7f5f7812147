import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import { runCalsim } from "./calsim.ts";
import type { CliIO } from "./io.ts";

function memoryIO(): CliIO & { out: () => string } {
  const stdout = new PassThrough();
  const chunks: string[] = [];
  stdout.on("data", (c: Buffer) => chunks.push(c.toString()));
  return { stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, out: () => chunks.join("") };
}

/** Waits until the server announced its URL on stdout. */
async function announcedUrl(io: { out: () => string }): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out());
    if (m?.[1]) return m[1];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`calsim did not announce a URL; printed: ${io.out()}`);
}

describe("termin calsim", () => {
  it("serves Cal.com v2 slots on 127.0.0.1 and stops cleanly", async () => {
    const io = memoryIO();
    let stop: () => void = () => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const running = runCalsim(["--now", "2025-10-25T20:17:50+02:00"], io, () => stopped);
    const url = await announcedUrl(io);
    expect(io.out()).toContain("(business friseur-1, zone Europe/Berlin)");
    const query = new URLSearchParams({
      eventTypeId: "3672814",
      start: "2025-10-26T23:00:00.000Z",
      end: "2025-10-27T23:00:00.000Z",
      timeZone: "Europe/Berlin",
    });
    const res = await fetch(`${url}/v2/slots?${query}`, { headers: { "cal-api-version": "2024-09-04" } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; data: Record<string, { start: string }[]> };
    expect(body.status).toBe("success");
    // Monday 27 Oct 2025 opens at 07:00 CET = 06:00Z: the simulator speaks local offsets, not UTC.
    expect(body.data["2025-10-27"]?.[0]?.start).toBe("2025-10-27T07:00:00.000+01:00");
    stop();
    await expect(running).resolves.toBe(0);
    await expect(fetch(`${url}/v2/slots?${query}`)).rejects.toThrow();
  });

  it("injects the configured faults: --error-rate 1 answers every request with a 500 envelope", async () => {
    const io = memoryIO();
    let stop: () => void = () => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const running = runCalsim(["--error-rate", "1", "--seed", "3"], io, () => stopped);
    const url = await announcedUrl(io);
    const res = await fetch(`${url}/v2/slots?eventTypeId=3672814`, {
      headers: { "cal-api-version": "2024-09-04" },
    });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { status: string; error: { code: string } };
    expect(body).toMatchObject({ status: "error", error: { code: "InternalServerErrorException" } });
    stop();
    await running;
  });

  it("rejects an unknown business and stray arguments with a ConfigError", async () => {
    await expect(runCalsim(["--business", "no-such-salon"], memoryIO(), async () => {})).rejects.toThrow(
      ConfigError,
    );
    await expect(runCalsim(["extra"], memoryIO(), async () => {})).rejects.toThrow(
      /unexpected argument "extra"/,
    );
  });
});
