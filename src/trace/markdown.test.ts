import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { Booking, CalendarBackend, Slot } from "../calendar/backend.ts";
import { CalendarError } from "../errors.ts";
import type { TraceEvent } from "./events.ts";
import { renderTraceMarkdown } from "./markdown.ts";
import { createTraceRecorder } from "./recorder.ts";
import { calcomRequestListener, traceBackend } from "./tracing-backend.ts";

const zone = "Europe/Berlin";

function slot(local: string): Slot {
  const start = DateTime.fromISO(local, { zone });
  return { start: start.toISO()!, end: start.plus({ minutes: 30 }).toISO()! };
}

function offer(id: string, local: string) {
  const { start, end } = slot(local);
  return {
    id,
    service: "herrenhaarschnitt",
    start,
    end,
    date: local.slice(0, 10),
    time: local.slice(11, 16),
  };
}

/** A Hans-Schuster-like call that goes right: alternatives on the asked day, a slot taken, new alternatives, booked. */
async function hansCall(): Promise<TraceEvent[]> {
  let now = DateTime.fromISO("2025-10-25T20:17:50", { zone });
  const advance = (seconds: number) => {
    now = now.plus({ seconds });
  };
  const recorder = createTraceRecorder({ clock: () => now, zone });
  let holdAttempts = 0;
  const booking: Booking = {
    id: 11,
    uid: "bk_sim_7f3a",
    eventTypeId: 3672814,
    start: "2025-10-26T09:30:00.000Z",
    end: "2025-10-26T10:00:00.000Z",
    status: "accepted",
    attendees: [{ name: "Hans Schuster", phoneNumber: "+491701234567", timeZone: zone }],
    metadata: { callId: "call_test_hans" },
  };
  const backend: CalendarBackend = {
    getSlots: async () => ({
      "2025-10-26":
        holdAttempts === 0
          ? [slot("2025-10-26T09:30"), slot("2025-10-26T10:30")]
          : [slot("2025-10-26T10:30")],
    }),
    hold: async (eventTypeId, slotStart) => {
      holdAttempts += 1;
      if (holdAttempts === 1)
        throw new CalendarError("held_by_other", "Slot reserved by another user", { status: 422 });
      return {
        uid: "rsv_2",
        eventTypeId,
        slotStart,
        slotEnd: "2025-10-26T10:00:00.000Z",
        until: "2025-10-26T19:24:00Z",
      };
    },
    releaseHold: async () => {},
    book: async () => booking,
    findBookings: async () => [],
    cancel: async () => booking,
    reschedule: async () => booking,
  };
  let ms = 0;
  const calendar = traceBackend(backend, recorder, () => (ms += 60));
  const tool = async (turn: number, id: string, name: string, args: unknown, run: () => Promise<unknown>) => {
    const result = await run();
    recorder.record({ type: "tool_call", turn, id, name, arguments: args, result, durationMs: 150 });
    return result;
  };
  const model = (turn: number, step: number, toolCall?: { id: string; name: string; arguments: string }) => {
    recorder.record({ type: "model_request", turn, step, messages: 2 + turn * 2 });
    recorder.record({
      type: "model_response",
      turn,
      step,
      content: null,
      toolCalls: toolCall === undefined ? [] : [toolCall],
      durationMs: 400,
    });
  };
  const range = {
    eventTypeId: 3672814,
    start: "2025-10-25T22:00:00Z",
    end: "2025-10-26T22:59:59Z",
    timeZone: zone,
  };

  recorder.record({
    type: "call_started",
    callId: "call_test_hans",
    business: { id: "friseur-1", name: "Friseur 1", timezone: zone },
    callerPhone: "+491701234567",
    model: "rule",
    now: now.toISO()!,
  });
  recorder.record({
    type: "agent_said",
    text: "Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?",
    turn: 0,
  });
  advance(12);
  recorder.record({
    type: "caller_said",
    text: "Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei? Ich bin unter 0170 1234567 erreichbar.",
    turn: 1,
  });
  model(1, 1, {
    id: "t1",
    name: "check_availability",
    arguments: '{"service":"herrenhaarschnitt","day":"morgen","time":"zehn Uhr"}',
  });
  advance(1);
  await tool(
    1,
    "t1",
    "check_availability",
    { service: "herrenhaarschnitt", day: "morgen", time: "zehn Uhr" },
    async () => {
      await calendar.getSlots(range);
      return {
        status: "alternatives",
        requested: { date: "2025-10-26", time: "10:00", window: null },
        reason: "taken",
        alternatives: [offer("S1", "2025-10-26T09:30"), offer("S2", "2025-10-26T10:30")],
        say: "Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist am Sonntag, 26. Oktober, um 9:30 Uhr oder um 10:30 Uhr. Was passt Ihnen?",
      };
    },
  );
  recorder.record({
    type: "agent_said",
    text: "Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist am Sonntag, 26. Oktober, um 9:30 Uhr oder um 10:30 Uhr. Was passt Ihnen?",
    turn: 1,
  });
  advance(19);
  recorder.record({ type: "caller_said", text: "Der Erste. Hans Schuster.", turn: 2 });
  model(2, 1, { id: "t2", name: "book_appointment", arguments: '{"slotId":"S1","name":"Hans Schuster"}' });
  recorder.record({ type: "note", text: "another customer booked 2025-10-26T09:30+01:00" });
  advance(2);
  await tool(2, "t2", "book_appointment", { slotId: "S1", name: "Hans Schuster" }, async () => {
    await calendar.hold(3672814, "2025-10-26T08:30:00.000Z").catch(() => undefined);
    await calendar.getSlots(range);
    return {
      status: "slot_taken",
      chosen: offer("S1", "2025-10-26T09:30"),
      alternatives: [offer("S3", "2025-10-26T10:30")],
      say: "Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noch am Sonntag, 26. Oktober, um 10:30 Uhr. Soll ich den nehmen?",
    };
  });
  recorder.record({
    type: "agent_said",
    text: "Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noch am Sonntag, 26. Oktober, um 10:30 Uhr. Soll ich den nehmen?",
    turn: 2,
  });
  advance(9);
  recorder.record({ type: "caller_said", text: "Ja, bitte.", turn: 3 });
  model(3, 1, { id: "t3", name: "book_appointment", arguments: '{"slotId":"S3","name":"Hans Schuster"}' });
  advance(1);
  await tool(3, "t3", "book_appointment", { slotId: "S3", name: "Hans Schuster" }, async () => {
    await calendar.hold(3672814, "2025-10-26T09:30:00.000Z");
    await calendar.book({
      eventTypeId: 3672814,
      start: "2025-10-26T09:30:00.000Z",
      attendee: { name: "Hans Schuster", phoneNumber: "+491701234567", timeZone: zone },
      holdUid: "rsv_2",
      metadata: { callId: "call_test_hans" },
    });
    return {
      status: "booked",
      booking: { uid: "bk_sim_7f3a", ...offer("S3", "2025-10-26T10:30") },
      say: "Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr.",
    };
  });
  recorder.record({
    type: "agent_said",
    text: "Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr.",
    turn: 3,
  });
  advance(4);
  recorder.record({ type: "call_ended", reason: "caller hung up", durationMs: 48_000 });
  return [...recorder.events()];
}

describe("renderTraceMarkdown", () => {
  it("renders a call in the style of the reference trace", async () => {
    const events = await hansCall();
    expect(renderTraceMarkdown(events)).toMatchInlineSnapshot(`
      "# CALL TRACE: call_test_hans

      - **Call ID:** \`call_test_hans\`
      - **Time:** 2025-10-25 20:17:50 - 20:18:38 (48 seconds total)
      - **Business:** Friseur 1 (\`friseur-1\`, Europe/Berlin)
      - **Caller:** +49 *** *** **67
      - **Model:** rule (3 responses, 1.2 s total)
      - **Caller Request:** "Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei? Ich bin unter 0*** *** **67 erreichbar."
      - **Counts:** 3 turns · 3 tool calls · 5 calendar requests (1 failed)
      - **Final Result:** BOOKED 2025-10-26 10:30
      - **Ended:** caller hung up

      ---

      ## TIMELINE OVERVIEW

      \`\`\`
      20:17:50  Call Started
      20:17:50  Agent: "Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?"
      20:18:02  Caller: "Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei? Ich bin un…"
      20:18:03  [Calendar Request #1] getSlots → ok (60 ms)
      20:18:03  [Tool Call #1] check_availability {"service":"herrenhaarschnitt","day":"morgen","time":"zehn … → alternatives (150 ms)
      20:18:03  Agent: "Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist a…"
      20:18:22  Caller: "Der Erste. Hans Schuster."
      20:18:22  NOTE: another customer booked 2025-10-26T09:30+01:00
      20:18:24  [Calendar Request #2] hold → error held_by_other (60 ms)
      20:18:24  [Calendar Request #3] getSlots → ok (60 ms)
      20:18:24  [Tool Call #2] book_appointment {"slotId":"S1","name":"Hans Schuster"} → slot_taken (150 ms)
      20:18:24  Agent: "Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noc…"
      20:18:33  Caller: "Ja, bitte."
      20:18:34  [Calendar Request #4] hold → ok (60 ms)
      20:18:34  [Calendar Request #5] book → ok (60 ms)
      20:18:34  [Tool Call #3] book_appointment {"slotId":"S3","name":"Hans Schuster"} → booked (150 ms)
      20:18:34  Agent: "Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr."
      20:18:38  Call Ended (caller hung up)
      \`\`\`

      ---

      ## TOOL CALL #1: check_availability

      **Turn:** 1 · **At:** 20:18:03 · **Duration:** 150 ms · **Result:** alternatives

      ### ARGUMENTS

      \`\`\`json
      {
        "service": "herrenhaarschnitt",
        "day": "morgen",
        "time": "zehn Uhr"
      }
      \`\`\`

      ### CALENDAR REQUEST #1: getSlots

      **At:** 20:18:03 · **Status:** ok · **Response Time:** 60 ms

      #### REQUEST

      \`\`\`json
      {
        "eventTypeId": 3672814,
        "start": "2025-10-25T22:00:00Z",
        "end": "2025-10-26T22:59:59Z",
        "timeZone": "Europe/Berlin"
      }
      \`\`\`

      #### RESPONSE

      \`\`\`json
      {
        "2025-10-26": [
          {
            "start": "2025-10-26T09:30:00.000+01:00",
            "end": "2025-10-26T10:00:00.000+01:00"
          },
          {
            "start": "2025-10-26T10:30:00.000+01:00",
            "end": "2025-10-26T11:00:00.000+01:00"
          }
        ]
      }
      \`\`\`

      ### RESULT

      \`\`\`json
      {
        "status": "alternatives",
        "requested": {
          "date": "2025-10-26",
          "time": "10:00",
          "window": null
        },
        "reason": "taken",
        "alternatives": [
          {
            "id": "S1",
            "service": "herrenhaarschnitt",
            "start": "2025-10-26T09:30:00.000+01:00",
            "end": "2025-10-26T10:00:00.000+01:00",
            "date": "2025-10-26",
            "time": "09:30"
          },
          {
            "id": "S2",
            "service": "herrenhaarschnitt",
            "start": "2025-10-26T10:30:00.000+01:00",
            "end": "2025-10-26T11:00:00.000+01:00",
            "date": "2025-10-26",
            "time": "10:30"
          }
        ],
        "say": "Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist am Sonntag, 26. Oktober, um 9:30 Uhr oder um 10:30 Uhr. Was passt Ihnen?"
      }
      \`\`\`

      ### SAY

      > Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist am Sonntag, 26. Oktober, um 9:30 Uhr oder um 10:30 Uhr. Was passt Ihnen?

      ---

      ## TOOL CALL #2: book_appointment

      **Turn:** 2 · **At:** 20:18:24 · **Duration:** 150 ms · **Result:** slot_taken

      ### ARGUMENTS

      \`\`\`json
      {
        "slotId": "S1",
        "name": "Hans Schuster"
      }
      \`\`\`

      ### CALENDAR REQUEST #2: hold

      **At:** 20:18:24 · **Status:** error held_by_other · **Response Time:** 60 ms

      #### REQUEST

      \`\`\`json
      {
        "eventTypeId": 3672814,
        "slotStart": "2025-10-26T08:30:00.000Z"
      }
      \`\`\`

      #### ERROR

      \`held_by_other\`: Slot reserved by another user

      ### CALENDAR REQUEST #3: getSlots

      **At:** 20:18:24 · **Status:** ok · **Response Time:** 60 ms

      #### REQUEST

      \`\`\`json
      {
        "eventTypeId": 3672814,
        "start": "2025-10-25T22:00:00Z",
        "end": "2025-10-26T22:59:59Z",
        "timeZone": "Europe/Berlin"
      }
      \`\`\`

      #### RESPONSE

      \`\`\`json
      {
        "2025-10-26": [
          {
            "start": "2025-10-26T10:30:00.000+01:00",
            "end": "2025-10-26T11:00:00.000+01:00"
          }
        ]
      }
      \`\`\`

      ### RESULT

      \`\`\`json
      {
        "status": "slot_taken",
        "chosen": {
          "id": "S1",
          "service": "herrenhaarschnitt",
          "start": "2025-10-26T09:30:00.000+01:00",
          "end": "2025-10-26T10:00:00.000+01:00",
          "date": "2025-10-26",
          "time": "09:30"
        },
        "alternatives": [
          {
            "id": "S3",
            "service": "herrenhaarschnitt",
            "start": "2025-10-26T10:30:00.000+01:00",
            "end": "2025-10-26T11:00:00.000+01:00",
            "date": "2025-10-26",
            "time": "10:30"
          }
        ],
        "say": "Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noch am Sonntag, 26. Oktober, um 10:30 Uhr. Soll ich den nehmen?"
      }
      \`\`\`

      ### SAY

      > Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noch am Sonntag, 26. Oktober, um 10:30 Uhr. Soll ich den nehmen?

      ---

      ## TOOL CALL #3: book_appointment

      **Turn:** 3 · **At:** 20:18:34 · **Duration:** 150 ms · **Result:** booked

      ### ARGUMENTS

      \`\`\`json
      {
        "slotId": "S3",
        "name": "Hans Schuster"
      }
      \`\`\`

      ### CALENDAR REQUEST #4: hold

      **At:** 20:18:34 · **Status:** ok · **Response Time:** 60 ms

      #### REQUEST

      \`\`\`json
      {
        "eventTypeId": 3672814,
        "slotStart": "2025-10-26T09:30:00.000Z"
      }
      \`\`\`

      #### RESPONSE

      \`\`\`json
      {
        "uid": "rsv_2",
        "eventTypeId": 3672814,
        "slotStart": "2025-10-26T09:30:00.000Z",
        "slotEnd": "2025-10-26T10:00:00.000Z",
        "until": "2025-10-26T19:24:00Z"
      }
      \`\`\`

      ### CALENDAR REQUEST #5: book

      **At:** 20:18:34 · **Status:** ok · **Response Time:** 60 ms

      #### REQUEST

      \`\`\`json
      {
        "eventTypeId": 3672814,
        "start": "2025-10-26T09:30:00.000Z",
        "attendee": {
          "name": "Hans Schuster",
          "phoneNumber": "+49 *** *** **67",
          "timeZone": "Europe/Berlin"
        },
        "holdUid": "rsv_2",
        "metadata": {
          "callId": "call_test_hans"
        }
      }
      \`\`\`

      #### RESPONSE

      \`\`\`json
      {
        "id": 11,
        "uid": "bk_sim_7f3a",
        "eventTypeId": 3672814,
        "start": "2025-10-26T09:30:00.000Z",
        "end": "2025-10-26T10:00:00.000Z",
        "status": "accepted",
        "attendees": [
          {
            "name": "Hans Schuster",
            "phoneNumber": "+49 *** *** **67",
            "timeZone": "Europe/Berlin"
          }
        ],
        "metadata": {
          "callId": "call_test_hans"
        }
      }
      \`\`\`

      ### RESULT

      \`\`\`json
      {
        "status": "booked",
        "booking": {
          "uid": "bk_sim_7f3a",
          "id": "S3",
          "service": "herrenhaarschnitt",
          "start": "2025-10-26T10:30:00.000+01:00",
          "end": "2025-10-26T11:00:00.000+01:00",
          "date": "2025-10-26",
          "time": "10:30"
        },
        "say": "Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr."
      }
      \`\`\`

      ### SAY

      > Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr.

      ---

      ## FULL CALL TRANSCRIPT

      **Agent:** Guten Tag bei Friseur 1! Wie kann ich Ihnen helfen?

      **Caller:** Haben Sie morgen um zehn Uhr einen Herrenhaarschnitt frei? Ich bin unter 0*** *** **67 erreichbar.

      **[TOOL CALL: check_availability → alternatives]**

      **Agent:** Sonntag, 26. Oktober, um 10 Uhr ist leider schon vergeben. Frei ist am Sonntag, 26. Oktober, um 9:30 Uhr oder um 10:30 Uhr. Was passt Ihnen?

      **Caller:** Der Erste. Hans Schuster.

      *[NOTE: another customer booked 2025-10-26T09:30+01:00]*

      **[TOOL CALL: book_appointment → slot_taken]**

      **Agent:** Sonntag, 26. Oktober, um 9:30 Uhr wurde gerade vergeben. Frei ist noch am Sonntag, 26. Oktober, um 10:30 Uhr. Soll ich den nehmen?

      **Caller:** Ja, bitte.

      **[TOOL CALL: book_appointment → booked]**

      **Agent:** Ihr Termin ist gebucht: Sonntag, 26. Oktober, um 10:30 Uhr.

      *[CALL ENDED: caller hung up]*
      "
    `);
  });
});

describe("renderTraceMarkdown for a failed Cal.com call", () => {
  function failedCall(): TraceEvent[] {
    const now = DateTime.fromISO("2025-10-25T20:18:32", { zone });
    const recorder = createTraceRecorder({ clock: () => now, zone });
    const listen = calcomRequestListener(recorder);
    recorder.record({
      type: "call_started",
      callId: "call_24977a803e9bd80b586fca06259",
      business: { id: "friseur-1", name: "Friseur 1", timezone: zone },
      callerPhone: "+491701234567",
      model: "openai:gpt-4.1-mini",
      now: now.toISO()!,
    });
    // A request outside any tool call, e.g. a warm-up; it gets a section of its own.
    listen({
      method: "GET",
      path: "/v2/slots",
      query: { eventTypeId: "3672814", start: "2025-10-25T22:00:00Z", end: "2025-10-26T22:59:59Z" },
      status: 200,
      durationMs: 812,
      response: {
        status: "success",
        data: { "2025-10-26": [1, 2, 3, 4, 5, 6].map((i) => ({ start: `S${i}` })) },
      },
    });
    recorder.record({ type: "caller_said", text: "Der Erste.", turn: 1 });
    listen({
      method: "POST",
      path: "/v2/bookings",
      body: {
        start: "2025-10-27T07:30:00Z",
        attendee: { email: "hans.schuster@example.com" },
        apiKey: "cal_live_x1",
      },
      status: 400,
      durationMs: 1900,
      response: {
        status: "error",
        error: { code: "BadRequestException", message: "One of the hosts is not available" },
      },
    });
    recorder.record({
      type: "tool_call",
      turn: 1,
      id: "t1",
      name: "book_appointment",
      arguments: "{not json",
      result: { status: "calendar_unavailable", retryable: false },
      durationMs: 2100,
      error: "CalendarError: One of the hosts is not available",
    });
    recorder.record({ type: "agent_said", text: "", turn: 1 });
    return [...recorder.events()];
  }

  it("cuts long JSON, shows HTTP paths and errors, masks keys and says NO BOOKING", () => {
    expect(
      renderTraceMarkdown(failedCall(), { title: "Hans Schuster, replayed", maxResponseLines: 8 }),
    ).toMatchInlineSnapshot(`
      "# Hans Schuster, replayed

      - **Call ID:** \`call_24977a803e9bd80b586fca06259\`
      - **Time:** 2025-10-25 20:18:32 - 20:18:32 (0 seconds total)
      - **Business:** Friseur 1 (\`friseur-1\`, Europe/Berlin)
      - **Caller:** +49 *** *** **67
      - **Model:** openai:gpt-4.1-mini (0 responses, 0 ms total)
      - **Caller Request:** "Der Erste."
      - **Counts:** 1 turn · 1 tool call · 2 calendar requests (1 failed)
      - **Final Result:** NO BOOKING (last tool call: book_appointment → ERROR)

      ---

      ## TIMELINE OVERVIEW

      \`\`\`
      20:18:32  Call Started
      20:18:32  [Calendar Request #1] GET /v2/slots → 200 (812 ms)
      20:18:32  Caller: "Der Erste."
      20:18:32  [Calendar Request #2] POST /v2/bookings → 400 BadRequestException (1.9 s)
      20:18:32  [Tool Call #1] book_appointment {not json → ERROR (2.1 s)
      20:18:32  Agent: (nothing said)
      \`\`\`

      ---

      ## CALENDAR REQUEST #1: GET /v2/slots

      **At:** 20:18:32 · **Status:** 200 · **Response Time:** 812 ms

      ### REQUEST

      \`\`\`json
      {
        "query": {
          "eventTypeId": "3672814",
          "start": "2025-10-25T22:00:00Z",
          "end": "2025-10-26T22:59:59Z"
        }
      }
      \`\`\`

      ### RESPONSE

      \`\`\`json
      {
        "status": "success",
        "data": {
          "2025-10-26": [
            {
              "start": "S1"
            },
      … 18 more lines not shown
      \`\`\`

      ---

      ## TOOL CALL #1: book_appointment

      **Turn:** 1 · **At:** 20:18:32 · **Duration:** 2.1 s · **Result:** ERROR

      ### ARGUMENTS

      \`\`\`
      {not json
      \`\`\`

      ### CALENDAR REQUEST #2: POST /v2/bookings

      **At:** 20:18:32 · **Status:** 400 BadRequestException · **Response Time:** 1.9 s

      #### REQUEST

      \`\`\`json
      {
        "body": {
          "start": "2025-10-27T07:30:00Z",
          "attendee": {
            "email": "h***@example.com"
          },
          "apiKey": "[REDACTED]"
        }
      }
      \`\`\`

      #### RESPONSE

      \`\`\`json
      {
        "status": "error",
        "error": {
          "code": "BadRequestException",
          "message": "One of the hosts is not available"
        }
      }
      \`\`\`

      #### ERROR

      \`BadRequestException\`: One of the hosts is not available

      ### ERROR

      CalendarError: One of the hosts is not available

      ### RESULT

      \`\`\`json
      {
        "status": "calendar_unavailable",
        "retryable": false
      }
      \`\`\`

      ---

      ## FULL CALL TRANSCRIPT

      **Caller:** Der Erste.

      **[TOOL CALL: book_appointment → ERROR]**

      **Agent:** (nothing said)
      "
    `);
  });
});

describe("renderTraceMarkdown keeps the caller's number out, in every place and spelling", () => {
  it("masks the number by field and in text, dictated numbers and keys in messages", () => {
    const at = (seq: number) => ({ at: `2025-10-25T20:18:${String(seq).padStart(2, "0")}.000+02:00`, seq });
    const attendee = { name: "Hans Schuster", phoneNumber: "(0170) 1234567", timeZone: zone };
    const events: TraceEvent[] = [
      {
        type: "call_started",
        callId: "call_privacy",
        business: { id: "friseur-1", name: "Friseur 1", timezone: zone },
        callerPhone: "491701234567",
        model: "rule",
        now: "2025-10-25T20:18:00.000+02:00",
        ...at(1),
      },
      {
        type: "caller_said",
        text: "Meine Nummer ist null eins sieben null, eins zwei drei, vier fünf sechs sieben.",
        turn: 1,
        ...at(2),
      },
      {
        type: "calendar_request",
        method: "book",
        path: "book",
        request: { attendee, metadata: { phone: "0170.1234567" } },
        status: "error",
        error: {
          kind: "ConfigError",
          message: 'OpenAI 401: {"api_key":"abc123secret"}, apiKey=abc123secret',
        },
        durationMs: 12,
        ...at(3),
      },
      {
        type: "tool_call",
        turn: 1,
        id: "t1",
        name: "find_appointments",
        arguments: '{"phone": "+49\u00a0170  1234567"}',
        result: { status: "none", say: "Ich finde unter ０１７０ １２３４５６７ keinen Termin." },
        durationMs: 3,
        ...at(4),
      },
    ];
    const md = renderTraceMarkdown(events);
    for (const leaked of ["1234567", "１２３４５６７", "eins zwei drei", "abc123secret", "491701"]) {
      expect(md).not.toContain(leaked);
    }
    expect(md).toContain("- **Caller:** +49 *** *** **67");
    expect(md).toContain("**Caller:** Meine Nummer ist [REDACTED].");
    expect(md).toContain('"phoneNumber": "0*** *** **67"');
    expect(md).toContain('"phone": "+49 *** *** **67"');
    expect(md).toContain("Hans Schuster");
  });
});

describe("renderTraceMarkdown header time and cut responses", () => {
  /** A call from 20:17:50.900 to 20:17:54.100, ended with `durationMs` as chat and replay record it. */
  function shortCall(durationMs: number | null): TraceEvent[] {
    let now = DateTime.fromISO("2025-10-25T20:17:50.900", { zone });
    const recorder = createTraceRecorder({ clock: () => now, zone });
    recorder.record({
      type: "call_started",
      callId: "call_short",
      business: { id: "friseur-1", name: "Friseur 1", timezone: zone },
      callerPhone: "",
      model: "rule",
      now: now.toISO()!,
    });
    now = DateTime.fromISO("2025-10-25T20:17:54.100", { zone });
    recorder.record({ type: "caller_said", text: "Hallo?", turn: 1 });
    if (durationMs !== null) recorder.record({ type: "call_ended", reason: "caller_left", durationMs });
    return [...recorder.events()];
  }
  const timeLine = (events: TraceEvent[]) =>
    renderTraceMarkdown(events)
      .split("\n")
      .find((l) => l.startsWith("- **Time:**"));

  it("gives the total of the two times it shows, whatever durationMs says", () => {
    for (const durationMs of [0, 3200, 99_000, null]) {
      expect(timeLine(shortCall(durationMs)), String(durationMs)).toBe(
        "- **Time:** 2025-10-25 20:17:50 - 20:17:54 (4 seconds total)",
      );
    }
  });

  it("says 1 second, not 1 seconds", () => {
    const events = shortCall(0).map((e, i) => (i === 0 ? { ...e, at: "2025-10-25T20:17:53.999+02:00" } : e));
    expect(timeLine(events)).toBe("- **Time:** 2025-10-25 20:17:53 - 20:17:54 (1 second total)");
  });

  it("names the file with the uncut response only when told there is one", () => {
    const events = [...shortCall(0)];
    const recorder = createTraceRecorder({
      clock: () => DateTime.fromISO("2025-10-25T20:17:55", { zone }),
      zone,
    });
    const listen = calcomRequestListener(recorder);
    listen({
      method: "GET",
      path: "/v2/slots",
      query: {},
      status: 200,
      durationMs: 5,
      response: { data: Array.from({ length: 30 }, (_, i) => ({ start: `S${i}` })) },
    });
    const request = { ...recorder.events()[0]!, seq: events.length };
    const cutLine = (options: Parameters<typeof renderTraceMarkdown>[1]) =>
      renderTraceMarkdown([...events, request], options)
        .split("\n")
        .find((l) => l.startsWith("… "));
    expect(cutLine({})).toBe("… 55 more lines not shown");
    expect(cutLine({ fullTrace: "traces/call_short.json" })).toBe(
      "… 55 more lines (all in traces/call_short.json)",
    );
    expect(cutLine({ maxResponseLines: 1000 })).toBeUndefined();
  });
});
