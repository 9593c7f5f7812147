import type { CalendarBackend } from "../calendar/backend.ts";
import { createCalcomClient } from "../calendar/calcom-client.ts";
import type { Clock } from "../calendar/clock.ts";
import { regionForTimezone } from "../calendar/phone.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { type AccountBudget, accountId } from "../calendar/request-budget.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { ConfigError } from "../errors.ts";

/** The calendar a command talks to: the in-process simulator, or Cal.com / `termin calsim` at a URL. */
export interface ChosenCalendar {
  backend: CalendarBackend;
  /** Set when the simulator runs in-process (for `/calendar` and set-up). */
  simulator: CalendarSimulator | null;
  label: string;
}

/** `--calendar sim|URL`: `sim` (default) runs the simulator in-process; a URL uses the Cal.com v2 client. */
export function chooseCalendar(
  option: string | undefined,
  profile: BusinessProfile,
  clock: Clock,
  env: NodeJS.ProcessEnv,
  shared: { budget?: (account: string) => AccountBudget } = {},
): ChosenCalendar {
  if (option === undefined || option === "sim") {
    const simulator = new CalendarSimulator({ profile, clock });
    return { backend: simulator, simulator, label: "simulator (in-process)" };
  }
  let url: URL;
  try {
    url = new URL(option);
  } catch {
    throw new ConfigError(`--calendar must be "sim" or a URL (e.g. https://api.cal.com), got "${option}"`);
  }
  const apiKey = env["CALCOM_API_KEY"];
  const baseUrl = url.toString().replace(/\/$/, "");
  const backend = createCalcomClient({
    baseUrl,
    // Several instances share one account's budget (termin serve --redis); a slot answer cached in one instance
    // would not see another's booking, so they cache none.
    ...(shared.budget === undefined
      ? {}
      : { budget: shared.budget(accountId(baseUrl, apiKey || undefined)), slotCacheMs: 0 }),
    // A Vienna salon's stored "0664 1234567" is Austrian, not German.
    region: regionForTimezone(profile.timezone),
    ...(apiKey === undefined || apiKey === "" ? {} : { apiKey }),
  });
  return { backend, simulator: null, label: url.origin };
}
