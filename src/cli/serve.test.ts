import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.ts";
import type { CliIO } from "./io.ts";
import { runServe } from "./serve.ts";

function memoryIO(env: Record<string, string> = {}): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (c: Buffer) => out.push(c.toString()));
  stderr.on("data", (c: Buffer) => err.push(c.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env, out: () => out.join(""), err: () => err.join("") };
}

async function announcedUrl(io: { out: () => string }): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out());
    if (m?.[1]) return m[1];
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`serve did not announce a URL; printed: ${io.out()}`);
}

function stopper() {
  let stop: () => void = () => {};
  const stopped = new Promise<void>((r) => {
    stop = r;
  });
  return { stop, until: () => stopped };
}

describe("termin serve", () => {
  it("listens on 127.0.0.1, answers /healthz and a Vapi tool call, logs JSON lines, and stops cleanly", async () => {
    const io = memoryIO({ VAPI_SECRET: "s3cret" });
    const { stop, until } = stopper();
    const running = runServe(["--port", "0", "--now", "2025-10-25T20:17:50+02:00"], io, until);
    const url = await announcedUrl(io);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({
      ok: true,
      calls: 0,
      business: "friseur-1",
    });
    const args = {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um zehn",
      person: null,
      reschedule_booking_id: null,
    };
    const res = await fetch(`${url}/vapi/tools`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": "s3cret" },
      body: JSON.stringify({
        message: {
          type: "tool-calls",
          call: { id: "c1", customer: { number: "+491701234567" } },
          toolCallList: [
            { id: "t1", type: "function", function: { name: "check_availability", arguments: args } },
          ],
        },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { result: string }[] };
    expect(JSON.parse(body.results[0]?.result ?? "{}").status).toBe("available");
    expect(JSON.parse(io.err().trim().split("\n")[0] ?? "{}")).toMatchObject({ tool: "check_availability" });
    stop();
    await expect(running).resolves.toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("a bad port or a port in use is a clear ConfigError", async () => {
    await expect(runServe(["--port", "99999"], memoryIO(), async () => undefined)).rejects.toThrow(
      ConfigError,
    );
    const io = memoryIO();
    const { stop, until } = stopper();
    const running = runServe(["--port", "0"], io, until);
    const port = new URL(await announcedUrl(io)).port;
    await expect(runServe(["--port", port], memoryIO(), async () => undefined)).rejects.toThrow(/is in use/);
    stop();
    await running;
  });
});
