/**
 * `termin prompt`: prints the system prompt a call starts with, rendered for a business, a moment and a caller, so a
 * prompt author sees what the model reads without starting a chat.
 */
import { renderSystemPrompt } from "../agent/system-prompt.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { parseNow, runningClock } from "./clock-option.ts";
import { type CliIO, type Command, println } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parsePhoneOption } from "./phone-option.ts";

/** The caller's number `termin chat` and `termin tool` assume; the prompt shows the same call. */
const DEFAULT_PHONE = "+491701234567";

const HELP = `termin prompt: print the system prompt the model gets when a call starts

Usage: termin prompt [--business ID|FILE] [--now ISO] [--phone N]

Renders prompts/agent.de.hbs as termin chat does at the start of a call: the business's name, services and
opening hours, the call's weekday, date and time in the business's time zone, and the caller's number.
A broken template or profile exits 2 with the file named.

Options:
  --business ID     business profile in prompts/businesses/ (default friseur-1), or a YAML path
  --now ISO         the moment the call starts, e.g. 2025-10-25T20:17:50+02:00; without an offset, wall time
                    in the business's zone (default: now)
  --phone N         the caller's number as telephony would pass it (default ${DEFAULT_PHONE}; "" = withheld)

Examples:
  termin prompt --now 2025-10-25T20:17:50+02:00
  termin prompt --business prompts/businesses/physio-1.yaml --phone ""`;

/** The `termin prompt` command. */
export const promptCommand: Command = {
  help: HELP,
  async run(args: string[], io: CliIO): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      business: { type: "string", default: "friseur-1" },
      now: { type: "string" },
      phone: { type: "string", default: DEFAULT_PHONE },
    });
    if (positionals.length > 0)
      throw new ConfigError(`unexpected argument "${positionals[0]}"; see termin prompt --help`);
    const business = loadBusinessProfile(values.business);
    // Read as termin chat reads them, so the text is the one a chat's model gets.
    const now = runningClock(parseNow(values.now, business.timezone))();
    const callerPhone = parsePhoneOption(values.phone, business.timezone);
    println(io.stdout, renderSystemPrompt({ business, now, callerPhone }));
    return 0;
  },
};
