import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { ConfigError } from "../errors.ts";
import { redisMissing, startRedis } from "../platforms/redis-for-tests.ts";
import { runServe } from "./serve.ts";
import { memoryIO } from "./testing.ts";

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
      store: "memory",
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
    // Without --businesses no other profile is served under /b/<id>/ (it would book with the operator's key).
    const other = await fetch(`${url}/b/physio-1/vapi/tools`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-vapi-secret": "s3cret" },
      body: JSON.stringify({ message: { type: "tool-calls", call: { id: "c2" }, toolCallList: [] } }),
    });
    expect(other.status).toBe(404);
    expect(JSON.parse(io.err().trim().split("\n")[0] ?? "{}")).toMatchObject({ tool: "check_availability" });
    stop();
    await expect(running).resolves.toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("--templates: a folder that does not exist stops the start with a clear ConfigError", async () => {
    const missing = join(tmpdir(), "termin-no-such-templates");
    await expect(
      runServe(["--port", "0", "--templates", missing], memoryIO(), async () => undefined),
    ).rejects.toThrow(new ConfigError(`response template missing: ${join(missing, "available.hbs")}`));
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

  it.skipIf(redisMissing !== null)(
    "--redis keeps calls and the Cal.com budget in Redis; /b/<id>/ serves another business; --trace writes JSON lines",
    async () => {
      const redis = await startRedis();
      const physio = loadBusinessProfile("physio-1");
      const calsim = await startSimServer(
        new CalendarSimulator({ profile: physio, clock: manualClock("2025-10-25T20:17:50+02:00") }),
        { rateLimit: false },
      );
      const traces = mkdtempSync(join(tmpdir(), "serve-trace-"));
      const io = memoryIO({ VAPI_SECRET: "s3cret" });
      const { stop, until } = stopper();
      const running = runServe(
        [
          "--port",
          "0",
          "--now",
          "2025-10-25T20:17:50+02:00",
          "--redis",
          redis.url,
          "--calendar",
          calsim.url,
        ].concat(["--trace", traces, "--businesses", "physio-1"]),
        io,
        until,
      );
      try {
        const url = await announcedUrl(io);
        const post = (path: string, args: unknown) =>
          fetch(`${url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: "Bearer s3cret" },
            body: JSON.stringify({
              message: {
                type: "tool-calls",
                call: { id: "c9", customer: { number: "+491701234567" } },
                toolCallList: [
                  { id: "t1", type: "function", function: { name: "check_availability", arguments: args } },
                ],
              },
            }),
          });
        const args = {
          service: "Massage",
          day: "Montag",
          time: "um zehn",
          person: null,
          reschedule_booking_id: null,
        };
        const res = await post("/b/physio-1/vapi/tools", args);
        const body = (await res.json()) as { results: { result: string }[] };
        // Massage is physio-1's service: friseur-1 (the plain paths) would not know it.
        expect(JSON.parse(body.results[0]?.result ?? "{}").status).toMatch(/^(available|alternatives)$/);
        expect((await post("/b/nobody/vapi/tools", args)).status).toBe(404);
        expect((await post("/b/..%2Fetc/vapi/tools", args)).status).toBe(404);
        expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ store: "redis", calls: 1 });
        const look = new Redis(redis.url);
        const keys = await look.keys("termin:*").finally(() => look.quit());
        expect(keys.some((k) => k.startsWith("termin:call:vapi:physio-1:c9"))).toBe(true);
        expect(keys.some((k) => k.startsWith("termin:budget:"))).toBe(true);
        const files = readdirSync(traces);
        expect(files).toEqual(["vapi_c9.jsonl"]);
        const line = JSON.parse(readFileSync(join(traces, "vapi_c9.jsonl"), "utf8").trim());
        expect(line).toMatchObject({ tool: "check_availability", arguments: { service: "Massage" } });
        expect(JSON.stringify(line)).not.toContain("1701234567");
      } finally {
        stop();
        await running;
        await calsim.close();
        await redis.stop();
      }
    },
  );

  it("a --redis URL nobody answers is a clear error", async () => {
    await expect(
      runServe(["--port", "0", "--redis", "redis://127.0.0.1:1"], memoryIO(), async () => undefined),
    ).rejects.toThrow(/Redis at 127.0.0.1:1 does not answer/);
  });
});
