/** `termin studio`: a local web page to chat with the agent, watch the calendar and read the trace side by side. */

import { relative, resolve } from "node:path";
import { loadBusinessProfile, PROMPTS_DIR } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import { startStudio } from "../studio/server.ts";
import { parseNow } from "./clock-option.ts";
import { type CliIO, type Command, println, untilSignal } from "./io.ts";
import { parseCommandArgs } from "./main.ts";
import { parseGuardOption, parseModelOption } from "./model-option.ts";
import { parsePhoneOption } from "./phone-option.ts";
import { parsePortOption } from "./port-option.ts";

const HELP = `termin studio: a local web page to chat with the agent, watch the calendar and read the trace

Usage: termin studio [--port N] [--business ID|FILE] [--now ISO] [--model rule|openai] [--calendar sim|URL]
                     [--phone NUMBER] [--guard MODE] [--templates DIR] [--system-prompt FILE]
                     [--transcripts DIR]

Serves a page on 127.0.0.1 (the URL is printed) until Ctrl-C (SIGINT) or SIGTERM:
  Call       type as the caller and read the agent's replies; "New call" starts another call on the same
             calendar (bookings stay, as in a real calendar), its clock optionally pinned to another start
  Calendar   one week of the business: opening hours, free slots of a service, the slots this call offered
             (with their ids), holds (with their expiry), bookings (this call's highlighted, others' only
             as taken); updates as the call runs
  Trace      the call's timeline, each event expandable; download as Markdown or JSON
  Replay     run a transcript from --transcripts (or a YAML path) and step through it turn by turn, every
             expectation and invariant green or red with the failing check's message
Templates, the system prompt, business profiles and transcripts are watched: the page says what changed, and
the next call or replay reads them again, without restarting.

Options:
  --port N              port (default 8790; 0 picks a free one)
  --business ID         business profile in prompts/businesses/ (default friseur-1), or a YAML path
  --now ISO             pin the clock's start, e.g. 2025-10-25T20:17:50+02:00; without an offset, wall time in
                        the business's zone (default: now)
  --model M             rule or openai (OPENAI_API_KEY / OPENAI_BASE_URL / TERMIN_MODEL); default: openai when
                        a key or base URL is set, else rule
  --calendar C          sim (in-process simulator, default) or a Cal.com v2 base URL (CALCOM_API_KEY)
  --phone NUMBER        the caller's number as telephony would pass it (default +491701234567; "" = withheld)
  --guard MODE          speech guard: strict (default), warn or off; also TERMIN_GUARD
  --templates DIR       response templates to use instead of prompts/responses (e.g. an edited copy)
  --system-prompt FILE  system prompt template instead of prompts/agent.de.hbs
  --transcripts DIR     transcripts the replay pane lists (default evals/transcripts)

Example:
  npx termin studio --now 2025-10-25T20:17:50+02:00`;

const OPTIONS = {
  port: { type: "string", default: "8790" },
  business: { type: "string", default: "friseur-1" },
  now: { type: "string" },
  model: { type: "string" },
  calendar: { type: "string", default: "sim" },
  phone: { type: "string", default: "+491701234567" },
  guard: { type: "string" },
  templates: { type: "string" },
  "system-prompt": { type: "string" },
  transcripts: { type: "string", default: "evals/transcripts" },
} as const;

/** Runs the studio until `until` settles; the command passes process signals, tests their own promise. */
export async function runStudio(
  args: string[],
  io: CliIO,
  until: () => Promise<unknown> = untilSignal,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, OPTIONS);
  if (positionals.length > 0)
    throw new ConfigError(`unexpected argument "${positionals[0]}"; see termin studio --help`);
  const model = parseModelOption(values.model);
  const guard = parseGuardOption(values.guard);
  const port = parsePortOption(values.port);
  const templatesDir = values.templates === undefined ? undefined : resolve(values.templates);
  const systemPromptFile =
    values["system-prompt"] === undefined ? undefined : resolve(values["system-prompt"]);
  const transcriptsDir = resolve(values.transcripts);
  const profileFile = /\.ya?ml$/.test(values.business) ? resolve(values.business) : undefined;
  // Read once here only for its zone: --now and --phone are read in the business's country and time.
  const zone = loadBusinessProfile(values.business).timezone;
  const now = parseNow(values.now, zone);
  let studio: Awaited<ReturnType<typeof startStudio>>;
  try {
    studio = await startStudio(
      {
        business: values.business,
        calendar: values.calendar,
        callerPhone: parsePhoneOption(values.phone, zone),
        env: io.env,
        transcriptsDir,
        ...(now === undefined ? {} : { now }),
        ...(model === undefined ? {} : { model }),
        ...(guard === undefined ? {} : { guard }),
        ...(templatesDir === undefined ? {} : { templatesDir }),
        ...(systemPromptFile === undefined ? {} : { systemPromptFile }),
        watch: outermost([
          PROMPTS_DIR,
          ...(templatesDir === undefined ? [] : [templatesDir]),
          ...(systemPromptFile === undefined ? [] : [systemPromptFile]),
          ...(profileFile === undefined ? [] : [profileFile]),
          transcriptsDir,
        ]),
        log: (line) => println(io.stderr, line),
      },
      { port },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "EADDRINUSE")
      throw new ConfigError(`port ${port} on 127.0.0.1 is in use; try --port 0`);
    throw error;
  }
  const stopped = until();
  const view = studio.session.view();
  println(
    io.stdout,
    `termin studio: ${studio.url}  (${view.business.name} · ${view.model} · calendar: ${view.calendar})`,
  );
  try {
    await stopped;
  } finally {
    await studio.close();
  }
  return 0;
}

/** The folders and files to watch, without those inside a folder watched already (recursively). */
function outermost(dirs: string[]): string[] {
  const unique = [...new Set(dirs.map((d) => resolve(d)))];
  const inside = (dir: string, parent: string) => dir !== parent && !relative(parent, dir).startsWith("..");
  return unique.filter((dir) => !unique.some((other) => inside(dir, other)));
}

/** The `studio` command. */
export const studioCommand: Command = {
  help: HELP,
  run: (args, io) => runStudio(args, io),
};
