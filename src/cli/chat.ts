import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { DateTime } from "luxon";
import { type Call, startCall } from "../agent/call.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { renderTraceMarkdown } from "../trace/markdown.ts";
import { redactText } from "../trace/redact.ts";
import { traceFileName, writeTrace } from "../trace/write.ts";
import { chooseCalendar } from "./calendar-option.ts";
import { parseNow, runningClock } from "./clock-option.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parseGuardOption, parseModelOption } from "./model-option.ts";
import { parsePhoneOption } from "./phone-option.ts";

const HELP = `termin chat: talk to the agent as a caller, on a simulated calendar

Usage: termin chat [--business ID] [--now ISO] [--model rule|openai] [--calendar sim|URL]
                   [--phone NUMBER] [--trace DIR] [--guard strict|warn|off] [--templates DIR]

Options:
  --business ID     business profile in prompts/businesses/ (default friseur-1), or a YAML path
  --now ISO         pin the call's clock, e.g. 2025-10-25T20:17:50+02:00; without an offset, wall time
                    in the business's zone (default: now)
  --model M         rule (no key needed) or openai (OPENAI_API_KEY / OPENAI_BASE_URL / TERMIN_MODEL);
                    default: openai when a key or base URL is set, else rule
  --calendar C      sim (in-process simulator, default), or a Cal.com v2 base URL such as
                    http://127.0.0.1:4010 (termin calsim) or https://api.cal.com (CALCOM_API_KEY)
  --phone NUMBER    the caller's number as telephony would pass it (default +491701234567; "" = withheld)
  --trace DIR       write the call's trace (Markdown and JSON) to DIR when the chat ends
  --guard MODE      speech guard on the model's words: strict (default: a flagged reply is replaced by the
                    turn's tool template), warn (spoken, traced as speech_guarded) or off; also TERMIN_GUARD
  --templates DIR   response templates to use instead of prompts/responses (e.g. an edited copy)

While chatting: /trace shows the trace so far, /calendar the simulator's bookings, /reset starts a new
call, /quit ends. Caller lines are read from stdin when it is not a terminal:

  printf 'Ich hätte gern einen Herrenhaarschnitt.\\nMorgen um zehn?\\n' | npm start -- --now 2025-10-25T20:17:50+02:00

However the chat ends (end of input, /quit, the agent's goodbye, Ctrl-C, a failure), the call ends properly:
work still running is waited for and told, held slots are let go, and the trace is written. Exit codes: 0, or
130 after Ctrl-C, or 1 when the call failed (e.g. the OpenAI key was rejected mid-call; the caller still heard an
honest sentence); 2 only for bad options or setup before the call starts.`;

/** `termin chat` */
export const chatCommand: Command = {
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values } = parseCommandArgs(args, {
      business: { type: "string", default: "friseur-1" },
      now: { type: "string" },
      model: { type: "string" },
      calendar: { type: "string", default: "sim" },
      phone: { type: "string", default: "+491701234567" },
      trace: { type: "string" },
      guard: { type: "string" },
      templates: { type: "string" },
    });
    const guard = parseGuardOption(values.guard);
    const model = parseModelOption(values.model);
    const business = loadBusinessProfile(values.business);
    const clock = runningClock(parseNow(values.now, business.timezone));
    const callerPhone = parsePhoneOption(values.phone, business.timezone);
    const calendar = chooseCalendar(values.calendar, business, clock, io.env);
    // What the developer was already told on stderr, so a failure that also ends the call is not printed twice.
    const reported = new Set<Error>();
    const begin = (): Call =>
      startCall({
        business,
        calendar: calendar.backend,
        clock,
        callerPhone,
        env: io.env,
        ...(model === undefined ? {} : { model }),
        ...(guard === undefined ? {} : { guard }),
        ...(values.templates === undefined ? {} : { templatesDir: resolve(values.templates) }),
        // A slow tool's filler is spoken at once, before the turn's answer.
        observer: {
          onFiller: (text) => println(io.stdout, `Agent: ${text}`),
          // The caller hears only the apology; the developer gets the reason (the server's words may carry the
          // key it refused: redacted).
          onModelFailed: (error) => {
            reported.add(error);
            println(io.stderr, `termin chat: ${redactText(error.message)}`);
          },
        },
      });
    // Every call ends the same way, however it ends: work still running is waited for (bounded) and told, the holds
    // are let go, call_ended is recorded, and with --trace each call (also one ended by /reset) gets its files.
    const finish = async (ending: Call, reason: string): Promise<void> => {
      const last = await ending.conversation.finish();
      if (last !== "") println(io.stdout, `Agent: ${last}`);
      const started = ending.recorder.events()[0]?.at;
      const durationMs =
        started === undefined ? 0 : clock().toMillis() - DateTime.fromISO(started).toMillis();
      ending.recorder.record({ type: "call_ended", reason, durationMs: Math.max(0, durationMs) });
      if (values.trace === undefined) return;
      const written = await writeTrace(values.trace, ending.callId, ending.recorder.events());
      println(io.stderr, `trace written: ${written.markdown}`);
    };
    let call = begin();
    const interactive = io.stdin.isTTY === true;
    println(
      io.stdout,
      `[${business.name} · ${call.model.name} · Kalender: ${calendar.label} · ${clock().setZone(business.timezone).toFormat("cccc, d. LLLL yyyy HH:mm", { locale: "de" })}]`,
    );
    println(io.stdout, `Agent: ${call.conversation.greet()}`);
    const lines = createInterface({
      input: io.stdin,
      ...(interactive ? { output: io.stdout, prompt: "Sie: " } : {}),
      terminal: interactive,
    });
    // Ctrl-C (a signal, or the key in a terminal) ends the call like a hang-up: trace written, holds let go. The
    // listener is `once`: a second Ctrl-C while the end is being waited for stops the process at once.
    let interrupted = false;
    const interrupt = (): void => {
      interrupted = true;
      lines.close();
    };
    process.once("SIGINT", interrupt);
    lines.on("SIGINT", interrupt);
    try {
      try {
        if (interactive) lines.prompt();
        for await (const raw of lines) {
          const line = raw.trim();
          if (line === "") {
            if (interactive) lines.prompt();
            continue;
          }
          if (line.startsWith("/")) {
            const done = await slashCommand(line, call, calendar.simulator, io, values.trace, async () => {
              await finish(call, "reset");
              call = begin();
              println(io.stdout, `Agent: ${call.conversation.greet()}`);
            });
            if (done) break;
          } else {
            if (!interactive) println(io.stdout, `Anrufer: ${line}`);
            const reply = await call.conversation.turn(line);
            println(io.stdout, `Agent: ${reply.say}`);
            if (reply.ended) break;
          }
          if (interactive) lines.prompt();
        }
      } catch (error) {
        // The loop itself failed (a broken template, a bug): the caller still hears an honest sentence.
        println(io.stdout, `Agent: ${await call.conversation.fail(error)}`);
      } finally {
        lines.close();
      }
      const { conversation } = call;
      const reason = interrupted
        ? "interrupted"
        : conversation.fatal !== null
          ? "failed"
          : conversation.ended
            ? "end_call"
            : "caller_left";
      // Still listening: a first Ctrl-C while the end is waited for must not cut it short.
      await finish(call, reason);
      // Mid-call, a failure is not a usage error (exit 2 is for options and setup before the call starts).
      if (conversation.fatal !== null) {
        // The model server's message may carry the key it refused: never printed raw.
        if (!reported.has(conversation.fatal))
          println(io.stderr, `termin chat: ${redactText(conversation.fatal.message)}`);
        return 1;
      }
      return interrupted ? 130 : 0;
    } finally {
      process.off("SIGINT", interrupt);
    }
  },
};

async function slashCommand(
  line: string,
  call: Call,
  simulator: ReturnType<typeof chooseCalendar>["simulator"],
  io: CliIO,
  traceDir: string | undefined,
  reset: () => Promise<void>,
): Promise<boolean> {
  const [cmd] = line.split(/\s+/);
  switch (cmd) {
    case "/quit":
    case "/exit":
      return true;
    case "/trace": {
      // Only with --trace is there a file that keeps what a long response's cut leaves out, and only later.
      const json = (dir: string) => join(dir, `${traceFileName(call.callId)}.json`);
      const options =
        traceDir === undefined ? {} : { fullTrace: `${json(traceDir)}, written when the call ends` };
      println(io.stdout, renderTraceMarkdown(call.recorder.events(), options));
      return false;
    }
    case "/calendar": {
      if (simulator === null) {
        println(
          io.stdout,
          "(/calendar shows the in-process simulator only; this chat uses a remote calendar)",
        );
        return false;
      }
      const zone = simulator.profile.timezone;
      for (const b of simulator.listBookings()) {
        const at = DateTime.fromISO(b.start).setZone(zone).toFormat("ccc dd.LL.yyyy HH:mm", { locale: "de" });
        println(io.stdout, `  ${at}  ${b.status.padEnd(9)} ${b.attendees[0]?.name ?? ""}  (${b.uid})`);
      }
      if (simulator.listBookings().length === 0) println(io.stdout, "  (no bookings)");
      return false;
    }
    case "/reset":
      await reset();
      return false;
    default:
      println(io.stdout, "Commands: /trace, /calendar, /reset, /quit");
      return false;
  }
}
