/**
 * Contract tests of `termin serve` with request bodies shaped like the platforms' docs and SDK types (fixtures):
 * each endpoint, bad, missing and stale authentication (401), malformed bodies, Vapi's string-or-object
 * arguments, a Retell retry that books once, the end of a call letting its holds go. In-process (`inject`).
 */
import { createHmac } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { responsesIn, tempFolders } from "../temp-for-tests.ts";
import { createServeApp, IDLE_MS } from "./server.ts";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const vapiBody = () => JSON.parse(readFileSync(join(FIXTURES, "vapi-tool-calls.json"), "utf8"));
const retellBody = () => JSON.parse(readFileSync(join(FIXTURES, "retell-custom-function.json"), "utf8"));
const business = loadBusinessProfile("friseur-1");
const NOW_MS = Date.parse("2025-10-25T20:17:50+02:00");
const RETELL_KEY = "key_retell_test";
const VAPI_SECRET = "vapi-secret-test";

const apps: { close: () => Promise<unknown> }[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

function serve(
  options: { secrets?: { retell?: string; vapi?: string }; insecure?: boolean; templatesDir?: string } = {},
) {
  const clock = manualClock("2025-10-25T20:17:50+02:00");
  const sim = new CalendarSimulator({ profile: business, clock });
  let now = NOW_MS;
  const lines: string[] = [];
  const { app, sessions } = createServeApp({
    business,
    calendar: sim,
    clock,
    secrets: options.secrets ?? { retell: RETELL_KEY, vapi: VAPI_SECRET },
    ...(options.insecure === undefined ? {} : { insecure: options.insecure }),
    ...(options.templatesDir === undefined ? {} : { templatesDir: options.templatesDir }),
    log: (line) => lines.push(line),
    now: () => now,
  });
  apps.push(app);
  return { app, sim, sessions, lines, advance: (ms: number) => (now += ms) };
}

function retellSignature(body: string, key = RETELL_KEY, at = NOW_MS): string {
  return `v=${at},d=${createHmac("sha256", key)
    .update(body + String(at))
    .digest("hex")}`;
}

const json = { "content-type": "application/json" };

describe("GET /healthz", () => {
  it("answers with the live calls and the business", async () => {
    const { app } = serve();
    const r = await app.inject({ method: "GET", url: "/healthz" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, calls: 0, store: "memory", business: "friseur-1" });
  });
});

describe("POST /vapi/tools", () => {
  const post = (app: ReturnType<typeof serve>["app"], body: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: "/vapi/tools",
      headers: { ...json, ...headers },
      payload: typeof body === "string" ? body : JSON.stringify(body),
    });

  it("runs the tool call of the docs' shape: one single-line result, the say spoken as it is", async () => {
    const { app } = serve();
    const r = await post(app, vapiBody(), { "x-vapi-secret": VAPI_SECRET });
    expect(r.statusCode).toBe(200);
    const [result] = r.json().results;
    expect(result).toMatchObject({ toolCallId: "call_abc", name: "check_availability" });
    expect(result.result).not.toContain("\n");
    const parsed = JSON.parse(result.result);
    expect(parsed.status).toBe("available");
    expect(result.message).toEqual({ type: "request-complete", role: "assistant", content: parsed.say });
    expect(parsed.say).toContain("Sonntag, 26. Oktober, um 10:00 Uhr");
  });

  it("takes arguments as an object too", async () => {
    const { app } = serve();
    const body = vapiBody();
    const fn = body.message.toolCallList[0].function;
    fn.arguments = JSON.parse(fn.arguments);
    const r = await post(app, body, { authorization: `Bearer ${VAPI_SECRET}` });
    expect(JSON.parse(r.json().results[0].result).status).toBe("available");
  });

  it("accepts Vapi's HMAC signature and refuses a wrong or stale one", async () => {
    const { app } = serve();
    const raw = JSON.stringify(vapiBody());
    const sign = (ts: string, secret = VAPI_SECRET) =>
      createHmac("sha256", secret).update(`${ts}.${raw}`).digest("hex");
    const ts = String(NOW_MS);
    expect((await post(app, raw, { "x-timestamp": ts, "x-signature": sign(ts) })).statusCode).toBe(200);
    expect((await post(app, raw, { "x-timestamp": ts, "x-signature": sign(ts, "other") })).statusCode).toBe(
      401,
    );
    const old = String(NOW_MS - 10 * 60_000);
    expect((await post(app, raw, { "x-timestamp": old, "x-signature": sign(old) })).statusCode).toBe(401);
  });

  it("401 without credentials, with a wrong one, and when VAPI_SECRET is unset (unless --insecure)", async () => {
    const { app } = serve();
    expect((await post(app, vapiBody())).statusCode).toBe(401);
    const wrong = await post(app, vapiBody(), { "x-vapi-secret": "nope" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error).toBe("wrong X-Vapi-Secret");
    const unset = serve({ secrets: {} });
    expect((await post(unset.app, vapiBody())).statusCode).toBe(401);
    const open = serve({ secrets: {}, insecure: true });
    expect((await post(open.app, vapiBody())).statusCode).toBe(200);
  });

  it("malformed bodies get clear errors; other message types are acknowledged", async () => {
    const { app } = serve();
    const auth = { "x-vapi-secret": VAPI_SECRET };
    const bad = await post(app, "{not json", auth);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe("the body is not valid JSON");
    expect((await post(app, { nothing: 1 }, auth)).statusCode).toBe(400);
    expect((await post(app, { message: { type: "status-update" } }, auth)).json()).toEqual({});
    const noId = vapiBody();
    delete noId.message.call;
    expect((await post(app, noId, auth)).json()).toEqual({
      results: [],
      error: "message.call.id is missing or longer than 128",
    });
    const broken = vapiBody();
    broken.message.toolCallList[0].function.arguments = '{"service":';
    const r = await post(app, broken, auth);
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.json().results[0].result).status).toBe("invalid_arguments");
  });

  it("a whole booking in one call, then end-of-call-report ends it and lets go of holds", async () => {
    const { app, sim, sessions } = serve();
    const auth = { "x-vapi-secret": VAPI_SECRET };
    const check = JSON.parse((await post(app, vapiBody(), auth)).json().results[0].result);
    const book = vapiBody();
    book.message.toolCallList = [
      {
        id: "call_book",
        type: "function",
        function: { name: "book_appointment", arguments: { slot_id: check.slot.id, name: "Hans Schuster" } },
      },
    ];
    const booked = JSON.parse((await post(app, book, auth)).json().results[0].result);
    expect(booked.status).toBe("booked");
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.phoneNumber])).toEqual([
      ["2025-10-26T09:00:00.000Z", "+491701234567"],
    ]);
    expect(await sessions.count()).toBe(1);
    const end = vapiBody();
    end.message = { type: "end-of-call-report", call: end.message.call };
    expect((await post(app, end, auth)).json()).toEqual({});
    expect(await sessions.count()).toBe(0);
  });

  it("a new tool call with the same arguments runs again; a redelivery of the same tool call id does not", async () => {
    const { app, sim } = serve();
    const auth = { "x-vapi-secret": VAPI_SECRET };
    const ask = async (id: string, name: string, args: unknown) => {
      const body = vapiBody();
      body.message.toolCallList = [{ id, type: "function", function: { name, arguments: args } }];
      return JSON.parse((await post(app, body, auth)).json().results[0].result);
    };
    const ten = await ask("t1", "check_availability", {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um zehn",
      person: null,
      reschedule_booking_id: null,
    });
    const eleven = await ask("t2", "check_availability", {
      service: "Herrenhaarschnitt",
      day: "morgen",
      time: "um elf",
      person: null,
      reschedule_booking_id: null,
    });
    expect((await ask("t3", "hold_slot", { slot_id: ten.slot.id })).status).toBe("held");
    expect((await ask("t4", "hold_slot", { slot_id: eleven.slot.id })).status).toBe("held");
    // The caller goes back to ten: the same arguments as t3, a new tool call. It must really hold ten again.
    const again = await ask("t5", "hold_slot", { slot_id: ten.slot.id });
    expect(again.status).toBe("held");
    expect(again.slot.time).toBe("10:00");
    // The calendar holds ten for this call, not only eleven (a replayed answer would claim a hold that is gone).
    const held = sim.listHolds().map((h) => Date.parse(h.slotStart));
    expect(held).toContain(Date.parse(ten.slot.start));
    const book = { slot_id: ten.slot.id, name: "Hans Schuster" };
    const booked = await ask("t6", "book_appointment", book);
    expect(booked.status).toBe("booked");
    // Vapi redelivers t6 (same id): the first answer, no second booking.
    expect(await ask("t6", "book_appointment", book)).toEqual(booked);
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("more than 10 tool calls in one request: the rest are answered with an error, unrun", async () => {
    const { app } = serve();
    const body = vapiBody();
    body.message.toolCallList = Array.from({ length: 12 }, (_, i) => ({
      id: `t${i}`,
      type: "function",
      function: { name: "business_info", arguments: { topic: "hours", day: null, service: null } },
    }));
    const results = (await post(app, body, { "x-vapi-secret": VAPI_SECRET })).json().results;
    expect(results).toHaveLength(12);
    expect(results.filter((r: { result?: string }) => r.result !== undefined)).toHaveLength(10);
    expect(results[11].error).toBe("not run: at most 10 tool calls per request");
  });

  it("a body over 64 KB is refused with 413", async () => {
    const { app } = serve();
    const big = JSON.stringify({ message: { type: "tool-calls", padding: "x".repeat(70_000) } });
    const r = await post(app, big, { "x-vapi-secret": VAPI_SECRET });
    expect(r.statusCode).toBe(413);
  });
});

describe("POST /retell/tools", () => {
  const post = (app: ReturnType<typeof serve>["app"], raw: string, signature?: string) =>
    app.inject({
      method: "POST",
      url: "/retell/tools",
      headers: { ...json, ...(signature === undefined ? {} : { "x-retell-signature": signature }) },
      payload: raw,
    });

  it("verifies x-retell-signature on the raw body and answers with the tool result", async () => {
    const { app } = serve();
    const raw = JSON.stringify(retellBody());
    const r = await post(app, raw, retellSignature(raw));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: "available" });
  });

  it("401 on a missing, malformed, wrong or stale signature, and a signature of other bytes", async () => {
    const { app } = serve();
    const raw = JSON.stringify(retellBody());
    expect((await post(app, raw)).statusCode).toBe(401);
    expect((await post(app, raw, "sha256=abc")).json().error).toContain("malformed");
    expect((await post(app, raw, retellSignature(raw, "other key"))).json().error).toBe(
      "wrong x-retell-signature",
    );
    expect((await post(app, raw, retellSignature(raw, RETELL_KEY, NOW_MS - 6 * 60_000))).json().error).toBe(
      "stale x-retell-signature",
    );
    // The same JSON with other spacing is other bytes: the signature is over what was sent.
    const spaced = JSON.stringify(retellBody(), null, 2);
    expect((await post(app, spaced, retellSignature(raw))).statusCode).toBe(401);
  });

  it("a retried delivery of a booking returns the first result and books once", async () => {
    const { app, sim } = serve();
    const check = retellBody();
    const rawCheck = JSON.stringify(check);
    const offer = (await post(app, rawCheck, retellSignature(rawCheck))).json();
    const book = {
      ...check,
      name: "book_appointment",
      args: { slot_id: offer.slot.id, name: "Hans Schuster" },
    };
    const raw = JSON.stringify(book);
    const [first, second, third] = await Promise.all([
      post(app, raw, retellSignature(raw)),
      post(app, raw, retellSignature(raw)),
      post(app, raw, retellSignature(raw)),
    ]);
    expect(first?.json().status).toBe("booked");
    expect(second?.json()).toEqual(first?.json());
    expect(third?.json()).toEqual(first?.json());
    expect(sim.listBookings()).toHaveLength(1);
  });

  it("a body without call.call_id or name is a clear 400", async () => {
    const { app } = serve();
    const noCall = JSON.stringify({ name: "check_availability", args: {} });
    expect((await post(app, noCall, retellSignature(noCall))).json()).toEqual({
      error: "expected call.call_id (at most 128 characters)",
    });
    const noName = JSON.stringify({ args: {}, call: { call_id: "x" } });
    expect((await post(app, noName, retellSignature(noName))).statusCode).toBe(400);
  });
});

describe("a confirmation template that fails after the calendar booked", () => {
  const tempDir = tempFolders("serve-templates");
  // Strict templates refuse an unknown field when they render: the booking is made, its sentence is not.
  const broken = () => responsesIn(tempDir(), { "booked.hbs": "Erledigt: {{booking.room}}.\n" });
  const SAID = "Ihr Termin ist gebucht: morgen, Sonntag, 26. Oktober, um 10:00 Uhr.";
  /** Posts a body to /retell/tools, signed. */
  const retellSender = (app: ReturnType<typeof serve>["app"]) => (body: unknown) => {
    const raw = JSON.stringify(body);
    return app.inject({
      method: "POST",
      url: "/retell/tools",
      headers: { ...json, "x-retell-signature": retellSignature(raw) },
      payload: raw,
    });
  };
  /** Closes the server (its calls end with the folder's templates) before the folder is removed after the test. */
  const closed = async (app: { close: () => Promise<unknown> }) => {
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  };

  it("Retell: 200 with the booking in the kit's own words, the error logged, a retry books nothing again", async () => {
    const { app, sim, lines } = serve({ templatesDir: broken() });
    const send = retellSender(app);
    const check = retellBody();
    const offer = (await send(check)).json();
    const book = {
      ...check,
      name: "book_appointment",
      args: { slot_id: offer.slot.id, name: "Hans Schuster" },
    };
    const first = await send(book);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: "changes_told",
      say: SAID,
      changes: [{ kind: "booked", start: "2025-10-26T10:00:00.000+01:00" }],
    });
    expect(sim.listBookings()).toHaveLength(1);
    // The developer reads which template failed; the caller never does.
    expect(lines.at(-1)).toContain('"status":"changes_told"');
    expect(lines.at(-1)).toContain("booked.hbs");
    expect(first.json().say).not.toContain("booked.hbs");
    // Retell retries a delivery it did not get: the same answer, no second booking, no 503.
    const again = await send(book);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(sim.listBookings()).toHaveLength(1);
    await closed(app);
  });

  it("Vapi: the kit's sentence is what Vapi speaks", async () => {
    const { app, sim } = serve({ templatesDir: broken() });
    const send = (body: unknown) =>
      app.inject({
        method: "POST",
        url: "/vapi/tools",
        headers: { ...json, "x-vapi-secret": VAPI_SECRET },
        payload: JSON.stringify(body),
      });
    const check = vapiBody();
    const offer = JSON.parse((await send(check)).json().results[0].result);
    const book = vapiBody();
    book.message.toolCallList[0] = {
      id: "call_book",
      type: "function",
      function: { name: "book_appointment", arguments: { slot_id: offer.slot.id, name: "Hans Schuster" } },
    };
    const [result] = (await send(book)).json().results;
    expect(JSON.parse(result.result)).toMatchObject({ status: "changes_told", say: SAID });
    expect(result.message).toEqual({ type: "request-complete", role: "assistant", content: SAID });
    expect(sim.listBookings()).toHaveLength(1);
    await closed(app);
  });

  it("a template folder removed while a call holds a slot: shutting down still lets the hold go", async () => {
    const dir = responsesIn(tempDir());
    const { app, sim } = serve({ templatesDir: dir });
    const send = retellSender(app);
    const check = retellBody();
    const offer = (await send(check)).json();
    expect(
      (await send({ ...check, name: "hold_slot", args: { slot_id: offer.slot.id } })).json().status,
    ).toBe("held");
    expect(sim.listHolds()).toHaveLength(1);
    // Ending a call needs no template: an edit that broke the folder must not keep the slot held.
    rmSync(dir, { recursive: true, force: true });
    await closed(app);
    expect(sim.listHolds()).toHaveLength(0);
  });

  it("a template that fails before anything was written is still the request's failure (nothing to tell)", async () => {
    const dir = responsesIn(tempDir(), { "available.hbs": "Frei: {{slot.room}}.\n" });
    const { app, sim, lines } = serve({ templatesDir: dir });
    const r = await retellSender(app)(retellBody());
    expect(r.statusCode).toBe(503);
    expect(lines.at(-1)).toContain("available.hbs");
    expect(sim.listBookings()).toHaveLength(0);
    await closed(app);
  });
});

describe("call sessions", () => {
  it("a call idle for 30 minutes is ended and its hold let go", async () => {
    const { app, sessions, sim, advance } = serve();
    const body = retellBody();
    const raw = JSON.stringify(body);
    const offer = (await post(raw)).json();
    const hold = JSON.stringify({ ...body, name: "hold_slot", args: { slot_id: offer.slot.id } });
    expect((await post(hold)).json().status).toBe("held");
    expect(await sessions.count()).toBe(1);
    expect(sim.listHolds()).toHaveLength(1);
    advance(IDLE_MS - 1);
    await sessions.expire();
    expect(await sessions.count()).toBe(1);
    advance(2);
    await sessions.expire();
    expect(await sessions.count()).toBe(0);
    expect(sim.listHolds()).toHaveLength(0);
    expect(sim.listBookings()).toHaveLength(0);

    function post(payload: string) {
      return app.inject({
        method: "POST",
        url: "/retell/tools",
        headers: { ...json, "x-retell-signature": retellSignature(payload, RETELL_KEY, NOW_MS) },
        payload,
      });
    }
  });

  it("logs one JSON line per tool request, with the caller's number redacted", async () => {
    const { app, lines } = serve();
    await app.inject({
      method: "POST",
      url: "/vapi/tools",
      headers: { ...json, "x-vapi-secret": VAPI_SECRET },
      payload: JSON.stringify(vapiBody()),
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? "{}");
    expect(line).toMatchObject({
      path: "/vapi/tools",
      call: "call-7f3c2a",
      tool: "check_availability",
      status: "available",
    });
    expect(lines[0]).not.toContain("1234567");
  });
});
