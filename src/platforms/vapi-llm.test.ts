/**
 * Vapi's custom LLM, spoken to as Vapi does (the real `openai` SDK with `baseURL` = the server's /vapi): the kit's
 * loop answers per call id, the caller's number from `call.customer.number`, streaming and not; a whole booking.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { createServeApp } from "./server.ts";

const business = loadBusinessProfile("friseur-1");
const SECRET = "vapi-llm-secret";
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function serve(traceDir?: string) {
  const clock = manualClock("2025-10-25T20:17:50+02:00");
  const sim = new CalendarSimulator({ profile: business, clock });
  const { app } = createServeApp({
    business,
    calendar: sim,
    clock,
    secrets: { vapi: SECRET },
    model: "rule",
    env: {},
    ...(traceDir === undefined ? {} : { traceDir }),
  });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  closers.push(() => app.close());
  const client = new OpenAI({ baseURL: `${address}/vapi`, apiKey: SECRET, maxRetries: 0 });
  return { sim, address, client };
}

const call = { id: "vapi-call-1", customer: { number: "+491701234567" } };
type Msg = { role: "user" | "assistant"; content: string };

describe("POST /vapi/chat/completions", () => {
  it("books a whole call through the openai SDK, streaming; the kit's sentences word for word", async () => {
    const { sim, client } = await serve();
    const messages: Msg[] = [];
    const say = async (text: string | null) => {
      if (text !== null) messages.push({ role: "user", content: text });
      const stream = await client.chat.completions.create({
        model: "termin",
        messages,
        stream: true,
        // Vapi's metadata, sent beside the OpenAI fields.
        ...({ call } as Record<string, unknown>),
      });
      let out = "";
      for await (const chunk of stream) out += chunk.choices[0]?.delta?.content ?? "";
      messages.push({ role: "assistant", content: out });
      return out;
    };
    expect(await say(null)).toBe("Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?");
    expect(await say("Einen Herrenhaarschnitt morgen um zehn. Hans Schuster.")).toContain(
      "Sonntag, 26. Oktober, um 10:00 Uhr",
    );
    expect(await say("Ja, bitte.")).toContain("gebucht");
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.phoneNumber])).toEqual([
      ["2025-10-26T09:00:00.000Z", "+491701234567"],
    ]);
  });

  it("answers without streaming as a chat.completion; 401 with a wrong key; 400 without call.id", async () => {
    const { address } = await serve();
    const post = (body: unknown, key = SECRET) =>
      fetch(`${address}/vapi/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify(body),
      });
    const r = await post({ model: "x", messages: [{ role: "user", content: "Hallo?" }], call });
    const json = (await r.json()) as { object: string; choices: { message: { content: string } }[] };
    expect(json.object).toBe("chat.completion");
    expect(json.choices[0]?.message.content).not.toBe("");
    expect((await post({ messages: [], call }, "wrong")).status).toBe(401);
    expect((await post({ messages: [{ role: "user", content: "Hallo" }] })).status).toBe(400);
  });

  it("when the kit ends the call, the reply calls the assistant's Hang Up tool after the goodbye", async () => {
    const { client } = await serve();
    const tools = [
      { type: "function" as const, function: { name: "end_call_tool", parameters: { type: "object" } } },
    ];
    const ask = (content: string) =>
      client.chat.completions.create({
        model: "termin",
        messages: [{ role: "user", content }],
        tools,
        stream: true,
        ...({ call: { ...call, id: "vapi-call-end" } } as Record<string, unknown>),
      });
    const collect = async (stream: Awaited<ReturnType<typeof ask>>) => {
      let text = "";
      const names: string[] = [];
      let finish: string | null = null;
      for await (const chunk of stream) {
        const choice = chunk.choices[0];
        text += choice?.delta?.content ?? "";
        for (const t of choice?.delta?.tool_calls ?? []) if (t.function?.name) names.push(t.function.name);
        finish = choice?.finish_reason ?? finish;
      }
      return { text, names, finish };
    };
    const first = await collect(await ask("Hallo, ich wollte nur die Öffnungszeiten wissen."));
    expect(first.names).toEqual([]);
    expect(first.finish).toBe("stop");
    const last = await collect(await ask("Danke, das war alles. Tschüss!"));
    expect(last.text).not.toBe("");
    expect(last.names).toEqual(["end_call_tool"]);
    expect(last.finish).toBe("tool_calls");
  });

  it("Vapi's end-of-call report ends the call the kit runs as its LLM: holds let go, the trace written", async () => {
    const traces = mkdtempSync(join(tmpdir(), "vapi-llm-end-"));
    const { address, client, sim } = await serve(traces);
    const id = "vapi-call-report";
    await client.chat.completions.create({
      model: "termin",
      messages: [{ role: "user", content: "Einen Herrenhaarschnitt morgen um zehn, bitte." }],
      ...({ call: { ...call, id } } as Record<string, unknown>),
    });
    expect(readdirSync(traces)).toEqual([]);
    const report = await fetch(`${address}/vapi/tools`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${SECRET}` },
      body: JSON.stringify({ message: { type: "end-of-call-report", call: { id } } }),
    });
    expect(report.status).toBe(200);
    expect(readdirSync(traces).sort()).toEqual([`vapi_${id}.json`, `vapi_${id}.md`]);
    expect(sim.listHolds()).toEqual([]);
  });
});
