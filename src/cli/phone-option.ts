import { clip } from "../../tools/format-issues.ts";
import { normalizePhone, regionForTimezone } from "../calendar/phone.ts";
import { ConfigError } from "../errors.ts";

/** What telephony sends for a withheld number; `--phone` accepts the same words (and ""). */
const WITHHELD = new Set(["", "anonymous", "withheld", "unknown"]);

/**
 * Reads `--phone N` as the caller's number in E.164, national numbers in the country of the business's `zone`
 * ("0170 1234567" in Europe/Berlin is +491701234567), or null when it is withheld ("", "anonymous", "withheld",
 * "unknown"). Anything else that is not a valid number ("abc", "+49", "123") is a ConfigError naming the flag: a
 * developer's typo must not turn into a call from a withheld number without a word.
 */
export function parsePhoneOption(raw: string, zone: string): string | null {
  if (WITHHELD.has(raw.trim().toLowerCase())) return null;
  const region = regionForTimezone(zone);
  const number = normalizePhone(raw, region);
  if (number === null)
    throw new ConfigError(
      // No example number: the CLI redacts anything that looks like one, the example included.
      `--phone must be a valid phone number, international (+ and country code) or national in ${region} (starting with 0), or "" for a withheld one; got "${clip(raw)}"`,
    );
  return number;
}
