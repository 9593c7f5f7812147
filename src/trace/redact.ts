/**
 * Masks personal data and secrets before a trace leaves memory. Traces are shared in issues and CI
 * artifacts, so phone numbers, e-mail addresses and keys never reach them; callers' names are kept
 * (as in the reference trace), because a trace without them cannot be matched to a complaint.
 */

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

// Compared after lower-casing and dropping `-`/`_`, so `api_key`, `apiKey` and `X-Api-Key` all match.
const SECRET_KEYS = new Set([
  "apikey",
  "xapikey",
  "calapikey",
  "authorization",
  "token",
  "accesstoken",
  "refreshtoken",
  "secret",
  "clientsecret",
  "password",
]);

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bBearer\s+[^\s"',;]+/gi, `Bearer ${REDACTED}`],
  [/\bcal_(?:live|test)_[A-Za-z0-9_]+/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
];

const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

// A number written with a country code (+49, 0049) or a trunk 0, digit groups split by one space, "/" or
// "-", optionally with "(0)". Dots are not separators so German dates ("01.11.2025") stay readable, and
// the look-arounds keep ISO instants, offsets ("2025-10-26T06:00+01:00") and uuids ("3f0e-0123-4567-89ab") out.
const PHONE = /(?<![\w+.-])(?:\+\d|0)\d*(?:(?:[ /-]|\s?\(0\)\s?)\d+)*(?![\w-])/g;

// ITU country codes with one or two digits; all others have three.
const ONE_DIGIT_CC = new Set(["1", "7"]);
const TWO_DIGIT_CC = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  ),
);

function countryCode(international: string): string {
  if (ONE_DIGIT_CC.has(international.slice(0, 1))) return international.slice(0, 1);
  if (TWO_DIGIT_CC.has(international.slice(0, 2))) return international.slice(0, 2);
  return international.slice(0, 3);
}

/**
 * Masks one phone number, keeping the country code and the last two digits: `+49 *** *** **67`.
 * A national number (`0170 1234567`) keeps its trunk `0` instead, since its country is not written.
 * Returns the text unchanged when it has too few or too many digits to be a phone number.
 */
export function maskPhone(text: string): string {
  const digits = text.replace(/\(0\)/g, "").replace(/\D/g, "");
  const international = text.startsWith("+") || digits.startsWith("00");
  const significant = text.startsWith("+") ? digits : digits.startsWith("00") ? digits.slice(2) : digits;
  if (significant.length < 7 || significant.length > 15) return text;
  const prefix = international ? `+${countryCode(significant)} ` : "0";
  return `${prefix}*** *** **${significant.slice(-2)}`;
}

/** Masks one e-mail address, keeping its first letter and the domain: `h***@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

/** Masks secrets, e-mail addresses and phone numbers anywhere in a string, also inside free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  // E-mail first: the phone pattern would otherwise see digits in "0170123@example.com".
  out = out.replace(EMAIL, (match) => maskEmail(match));
  return out.replace(PHONE, (match) => maskPhone(match));
}

function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ""));
}

function copy(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, seen));
    // An Error's own fields are not enumerable; keep what a reader needs.
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = isSecretKey(key) && item !== null && item !== undefined ? REDACTED : copy(item, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Deep-copies a JSON-like value with personal data and secrets masked: phone numbers, e-mail addresses,
 * bearer tokens and API keys in any string, and the whole value of keys such as `apiKey`, `authorization`
 * or `token`. Names are kept. The input is not changed.
 */
export function redact<T>(value: T): T;
export function redact(value: unknown): unknown {
  return copy(value, new WeakSet());
}
