/**
 * Phone numbers, normalised once at the call's edge. Telephony passes numbers in whatever spelling the carrier
 * uses ("0170 1234567", "(0170) 1234567", "491701234567", full-width digits); Cal.com wants international format,
 * and look-ups and redaction need one spelling per number. libphonenumber-js (Google's metadata, `max` build so
 * "too short for its range" is caught) does the parsing; this file only adds the kit's rules around it.
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from "libphonenumber-js/max";

export type { CountryCode } from "libphonenumber-js/max";

/** Longest raw number accepted; a caller id or stored phone longer than this is not a phone number. */
export const MAX_PHONE_INPUT = 64;

/** The business region when the profile's time zone is not in `REGION_BY_ZONE`. */
export const DEFAULT_REGION: CountryCode = "DE";

/**
 * The business's country for national numbers, from its IANA time zone. Deliberately small: the kit serves
 * German-speaking businesses; a zone not listed falls back to Germany.
 */
const REGION_BY_ZONE: Readonly<Record<string, CountryCode>> = {
  "Europe/Berlin": "DE",
  "Europe/Busingen": "DE",
  "Europe/Vienna": "AT",
  "Europe/Zurich": "CH",
  "Europe/Vaduz": "LI",
};

/** The country whose national numbers a business in `zone` receives: DE, AT, CH (LI); DE otherwise. */
export function regionForTimezone(zone: string): CountryCode {
  return REGION_BY_ZONE[zone] ?? DEFAULT_REGION;
}

// Country code plus the shortest subscriber numbers worth reading as international ("491701234567" has 12).
const MIN_INTERNATIONAL_DIGITS = 9;

/**
 * Numbers the library already read, by region and text, while a `rememberingNumbers` scope runs: a trace repeats
 * the caller's number in every event. Nothing is remembered outside such a scope, so no caller's number stays in the
 * process after the redaction that read it.
 */
let readNumbers: Map<string, string | null> | null = null;

/**
 * Runs `read` (synchronous) with the numbers it reads remembered until it returns; a scope inside another shares the
 * outer one's memory. For work that reads the same numbers again and again, such as redacting a trace.
 */
export function rememberingNumbers<T>(read: () => T): T {
  if (readNumbers !== null) return read();
  readNumbers = new Map();
  try {
    return read();
  } finally {
    readNumbers = null;
  }
}

/** How many numbers are remembered now: 0 outside a `rememberingNumbers` scope (for the tests). */
export function numbersRemembered(): number {
  return readNumbers?.size ?? 0;
}

function valid(text: string, region?: CountryCode): string | null {
  const key = `${region ?? ""} ${text}`;
  const known = readNumbers?.get(key);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(
    text,
    region === undefined ? undefined : { defaultCountry: region },
  );
  const number = parsed?.isValid() === true ? parsed.number : null;
  readNumbers?.set(key, number);
  return number;
}

/**
 * The number in E.164 (`+491701234567`), or null when it is withheld or not a valid number ("", "anonymous",
 * "unknown", "+49", too few digits, more than 64 characters). National numbers take `region`'s country code.
 * Digits without a plus or trunk 0 are read as international when they are long enough (9+) and valid that way
 * ("491701234567", "436641234567"), else as national ("1701234567").
 */
export function normalizePhone(raw: string, region: CountryCode): string | null {
  if (raw.length > MAX_PHONE_INPUT) return null;
  // NFKC turns full-width digits and plus into ASCII and no-break spaces into spaces.
  const text = raw.normalize("NFKC").trim();
  if (!/\d/.test(text)) return null;
  const digits = text.replace(/\D/g, "");
  // Digits with neither plus, "00" nor trunk 0: a trunk that drops the plus passes E.164 digits, so read them as
  // international first; national without its trunk 0 ("1701234567") is the fallback.
  const bare = !/^[\s(]*(\+|0)/.test(text) && !/^tel:/i.test(text);
  if (bare && digits.length >= MIN_INTERNATIONAL_DIGITS) {
    const international = valid(`+${digits}`);
    if (international !== null) return international;
  }
  return valid(text, region);
}

// The key of a number the library cannot read ("+49 1 23"): digits only, trunk 0 replaced by the country code. Not
// the library's parse of it: that gives nothing for many such spellings ("0 1", too long) and reads bare digits as
// national ("1234" as +491234), so it would change the keys of bookings already stored with odd spellings.
function compactKey(phone: string, countryCode: string): string {
  const compact = phone.replace(/\(0\)/g, "").replace(/[^\d+]/g, "");
  if (compact.startsWith("+")) return `+${compact.slice(1).replace(/\D/g, "")}`;
  if (compact.startsWith("00")) return `+${compact.slice(2)}`;
  if (compact.startsWith("0")) return `+${countryCode}${compact.slice(1)}`;
  return `+${compact}`;
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * One key per phone number, so "+49 170 1234567", "0049 170 1234567", "+49 (0)170 1234567" and the national
 * "0170 1234567" all find the same caller. It is the E.164 form where `normalizePhone` reads the number (national
 * numbers take `region`'s country code: the business's, `regionForTimezone`), else a digits-only fallback, so a
 * booking stored with an odd spelling still compares equal to itself.
 */
export function phoneKey(phone: string, region: CountryCode = DEFAULT_REGION): string {
  // Already E.164 (what the kit books with): its own key. Look-ups compare every stored booking, so the common
  // case skips the library's parse.
  if (E164.test(phone)) return phone;
  return normalizePhone(phone, region) ?? compactKey(phone, getCountryCallingCode(region));
}

let callingCodes: ReadonlySet<string> | undefined;

/**
 * The country calling code at the start of international digits (`491701234567` -> `49`), from the library's
 * list of codes; the first three digits when none matches (codes are prefix-free, at most three digits).
 */
export function callingCodeOf(international: string): string {
  callingCodes ??= new Set(getCountries().map((country) => getCountryCallingCode(country)));
  for (const length of [1, 2, 3]) {
    const code = international.slice(0, length);
    if (callingCodes.has(code)) return code;
  }
  return international.slice(0, 3);
}
