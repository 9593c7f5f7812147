/**
 * `termin tool`: runs tool calls without a model, in order, in one call session, and prints each result as one JSON
 * line. For prompt and template authors (see the `say` a template renders for a real calendar state) and scripts.
 */
import { randomUUID } from "node:crypto";
import { getTool, TOOLS } from "../../tools/index.ts";
import { runTool } from "../booking/run-tool.ts";
import { BookingSession } from "../booking/session.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { chooseCalendar } from "./calendar-option.ts";
import { parseNow, runningClock } from "./clock-option.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parsePhoneOption } from "./phone-option.ts";

const HELP = `termin tool: run the agent's tools without a model and print their results

Usage: termin tool [--business ID|FILE] [--now ISO] [--phone N] [--calendar sim|URL] NAME 'JSON' [NAME 'JSON' ...]

Runs the calls in order in one call session, so ids carry over (check_availability offers S1, then
hold_slot {"slot_id":"S1"} holds it), and prints one result object per line (status, say and the data).
Every call is checked against its tool's schema before any runs: a bad name or argument exits 2.

Options:
  --business ID     business profile in prompts/businesses/ (default friseur-1), or a YAML path
  --now ISO         pin the call's clock, e.g. 2025-10-25T20:17:50+02:00; without an offset, wall time
                    in the business's zone (default: now)
  --phone N         the caller's number as telephony would pass it (default +491701234567; "" = withheld)
  --calendar C      sim (in-process simulator, empty calendar; default), or a Cal.com v2 base URL
                    (termin calsim, or https://api.cal.com with CALCOM_API_KEY)

Tools: ${TOOLS.map((t) => t.name).join(", ")}

Examples:
  termin tool --now 2025-10-25T20:17:50+02:00 check_availability \\
    '{"service":"Herrenhaarschnitt","day":"morgen","time":"11:45","person":null,"reschedule_booking_id":null}'
  termin tool business_info '{"topic":"prices","day":null,"service":"Färben"}'`;

/** One call as given on the command line. */
interface GivenCall {
  name: string;
  json: string;
}

/** Pairs NAME 'JSON' from the positionals; every problem is one line naming the call by its position. */
function readCalls(positionals: string[]): GivenCall[] {
  if (positionals.length === 0)
    throw new ConfigError(
      'give at least one call: NAME \'JSON\', e.g. business_info \'{"topic":"hours","day":null,"service":null}\'',
    );
  if (positionals.length % 2 !== 0)
    throw new ConfigError(
      `call ${Math.ceil(positionals.length / 2)} (${positionals.at(-1)}) has no JSON arguments`,
    );
  const calls: GivenCall[] = [];
  for (let i = 0; i < positionals.length; i += 2) {
    const name = positionals[i] ?? "";
    const json = positionals[i + 1] ?? "";
    const tool = getTool(name);
    const which = `call ${i / 2 + 1} (${name})`;
    if (tool === undefined)
      throw new ConfigError(`${which}: unknown tool; use one of ${TOOLS.map((t) => t.name).join(", ")}`);
    const parsed = tool.safeParseJson(json);
    if (!parsed.ok) throw new ConfigError(`${which}: ${parsed.error.message}`);
    calls.push({ name, json });
  }
  return calls;
}

/** The `termin tool` command. */
export const toolCommand: Command = {
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      business: { type: "string", default: "friseur-1" },
      now: { type: "string" },
      phone: { type: "string", default: "+491701234567" },
      calendar: { type: "string", default: "sim" },
    });
    const calls = readCalls(positionals);
    const business = loadBusinessProfile(values.business);
    const clock = runningClock(parseNow(values.now, business.timezone));
    const callerPhone = parsePhoneOption(values.phone, business.timezone);
    const calendar = chooseCalendar(values.calendar, business, clock, io.env);
    const session = new BookingSession({
      callId: `call_${randomUUID().replaceAll("-", "").slice(0, 24)}`,
      business,
      callerPhone,
      calendar: calendar.backend,
      clock,
    });
    try {
      for (const call of calls) {
        const outcome = await runTool(session, call.name, call.json);
        println(io.stdout, JSON.stringify(outcome.result));
      }
    } finally {
      // A hold outlives this process otherwise: 5 minutes in which nobody can book the slot.
      await session.releaseAllHolds();
    }
    return 0;
  },
};
