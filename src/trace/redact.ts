/**
 * Masks personal data and secrets before a trace leaves memory. Traces are shared in issues and CI
 * artifacts, so phone numbers, e-mail addresses and keys never reach them; callers' names are kept
 * (as in the reference trace), because a trace without them cannot be matched to a complaint.
 *
 * Two layers: fields whose name says what they hold (`callerPhone`, `phoneNumber`, `email`, `apiKey`, ...) are
 * masked whole, whatever their spelling; every other string is scanned for secrets, e-mail addresses, phone
 * numbers and numbers dictated in German words. Every scan is one pass over its input with bounded look-ahead
 * per position (CONVENTIONS 13): a trace can hold a model's or caller's text of any length.
 */
import { callingCodeOf, DEFAULT_REGION, normalizePhone, rememberingNumbers } from "../calendar/phone.ts";

/** What a secret is replaced with. */
export const REDACTED = "[REDACTED]";

// Field names are compared after lower-casing and dropping `-`/`_`, so `api_key`, `apiKey` and `X-Api-Key` match.
const key = (name: string) => name.toLowerCase().replace(/[-_]/g, "");

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

// Where the kit, Cal.com and the voice platforms keep a phone number or an e-mail address.
const PHONE_KEYS = new Set([
  "phone",
  "phonenumber",
  "callerphone",
  "attendeephone",
  "attendeephonenumber",
  "fromnumber",
  "tonumber",
  "mobile",
  "telephone",
]);
const EMAIL_KEYS = new Set(["email", "attendeeemail", "emailaddress"]);

// ---------------------------------------------------------------------------------------------------------------
// Secrets in free text

// `api_key: x`, `"api_key":"x"`, `apiKey=x`, `OPENAI_API_KEY=x`, `Authorization: Basic x`. The quantifiers are
// bounded and every alternative starts with a literal name, so a failed attempt costs a few steps; a value that
// is masked already is left as it is.
const SECRET_NAME =
  "(?:x[-_]?)?api[-_ ]?key|cal[-_]?api[-_]?key|access[-_]?token|refresh[-_]?token|client[-_]?secret|authorization|password|secret|token";
const KEY_VALUE = new RegExp(
  `(?<![A-Za-z0-9])((["']?)(?:${SECRET_NAME})\\2\\s{0,3}[:=]\\s{0,3})(?!\\[REDACTED\\])` +
    `(?:(["'])[^"'\\n]{1,2000}(["']?)|((?:Bearer|Basic|Token)\\s{1,3})?[^\\s"',;&}\\]]{1,2000})`,
  "gi",
);

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\bBearer\s{1,8}[^\s"',;]{1,2000}/gi, `Bearer ${REDACTED}`],
  [/\bcal_(?:live|test)_[A-Za-z0-9_]+/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
];

function redactSecrets(text: string): string {
  let out = text.replace(
    KEY_VALUE,
    (_match, head: string, _quote, open?: string, close?: string, scheme?: string) =>
      open === undefined ? `${head}${scheme ?? ""}${REDACTED}` : `${head}${open}${REDACTED}${close ?? ""}`,
  );
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// E-mail addresses

const isLocalChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2e || // .
  c === 0x5f || // _
  c === 0x25 || // %
  c === 0x2b || // +
  c === 0x2d; // -
const isDomainChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;

/** Masks one e-mail address, keeping its first letter and the domain: `h***@example.com`. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf("@");
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

// Each "@" looks left to the previous "@" or match and right to the next non-domain character, so every
// character is looked at a bounded number of times.
function redactEmails(text: string): string {
  let out = "";
  let done = 0;
  let at = text.indexOf("@");
  while (at !== -1) {
    let start = at;
    while (start > done && isLocalChar(text.charCodeAt(start - 1))) start -= 1;
    // Domain: labels joined by single dots, at least two labels.
    let end = at + 1;
    let labels = 0;
    let domainEnd = at + 1;
    while (end < text.length && isDomainChar(text.charCodeAt(end))) {
      while (end < text.length && isDomainChar(text.charCodeAt(end))) end += 1;
      labels += 1;
      domainEnd = end;
      if (text.charCodeAt(end) !== 0x2e || !isDomainChar(text.charCodeAt(end + 1))) break;
      end += 1;
    }
    if (start < at && labels >= 2) {
      out += text.slice(done, start) + maskEmail(text.slice(start, domainEnd));
      done = domainEnd;
    }
    at = text.indexOf("@", Math.max(at + 1, done));
  }
  return out + text.slice(done);
}

// ---------------------------------------------------------------------------------------------------------------
// Phone numbers

/**
 * Masks one phone number, keeping the country code and the last two digits: `+49 *** *** **67`.
 * A national number (`0170 1234567`) keeps its trunk `0` instead, since its country is not written; digits
 * without plus or trunk 0 that are a valid international number (`491701234567`) are shown as international.
 * Returns the text unchanged when it has too few or too many digits to be a phone number.
 */
export function maskPhone(text: string): string {
  const shape = phoneShape(text);
  if (shape === null) return text;
  const { significant, international, trunk } = shape;
  const last = significant.slice(-2);
  if (international) return `+${callingCodeOf(significant)} *** *** **${last}`;
  if (trunk) return `0*** *** **${last}`;
  if (normalizePhone(`+${significant}`, DEFAULT_REGION) !== null) {
    return `+${callingCodeOf(significant)} *** *** **${last}`;
  }
  return `*** *** **${last}`;
}

interface PhoneShape {
  /** Digits after "+", "00" or, for a national number, all of them ("(0)" dropped). */
  significant: string;
  international: boolean;
  /** National, with its trunk 0. */
  trunk: boolean;
}

// What a number looks like, without asking whether it exists: null when it has too few or too many digits.
function phoneShape(text: string): PhoneShape | null {
  // NFKC: full-width digits and plus become ASCII.
  const plain = text.normalize("NFKC");
  const digits = plain.replace(/\(0\)/g, "").replace(/\D/g, "");
  const plus = /^\D*\+/.test(plain);
  const international = plus || digits.startsWith("00");
  const significant = plus ? digits : international ? digits.slice(2) : digits;
  if (significant.length < 7 || significant.length > 15) return null;
  return { significant, international, trunk: !international && digits.startsWith("0") };
}

// Most digits a number may span (15 in E.164, plus "00" and a written "(0)").
const MAX_DIGITS = 18;
// Most separator characters between two digit groups: "  / ", ") (", ...
const MAX_SEPARATOR = 4;

const SPACES = new Set([0x20, 0x09, 0xa0, 0x2007, 0x2009, 0x202f, 0x3000]);
// Joiners: a number written with them ("0170-1234567") is one token, so an identifier ("0123-4567-89ab") is too.
const JOINERS = new Set([0x2f, 0x2d, 0x2e, 0x2013]); // / - . –
const PARENS = new Set([0x28, 0x29]);
const WORD = /[\p{L}\p{N}_]/u;

const isDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
const isPlus = (c: number) => c === 0x2b || c === 0xff0b;
const isWordAt = (text: string, i: number) => i >= 0 && i < text.length && WORD.test(text.charAt(i));
const DATE = /(?:\d{1,2}\.){2}(?:\d{4}|\d{2})?(?!\d)|\d{1,2}\.\d{1,2}\.?(?![\d.])/y;
const CLOCK = /:\d/y;

function matchesAt(pattern: RegExp, text: string, i: number): number {
  pattern.lastIndex = i;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

interface Group {
  start: number;
  end: number;
  digits: number;
}

// Reads the digit group at `i`, at most `limit` digits (a longer run counts as `limit + 1`).
function readGroup(text: string, i: number, limit: number): Group {
  let end = i;
  while (end < text.length && isDigit(text.charCodeAt(end)) && end - i <= limit) end += 1;
  return { start: i, end, digits: end - i };
}

function skipDigits(text: string, i: number): number {
  let end = i;
  while (end < text.length && isDigit(text.charCodeAt(end))) end += 1;
  return end;
}

/** A phone number found in text: `[start, end)`, and where the scan goes on. */
interface Found {
  span: [number, number] | null;
  next: number;
}

// The groups of a candidate that starts at `first`, or "reject" when they belong to an identifier (a uuid, an
// ISO instant, a word with digits in it).
function readGroups(text: string, first: Group): Group[] | "reject" {
  const groups = [first];
  let total = first.digits;
  for (;;) {
    const last = groups[groups.length - 1] as Group;
    let k = last.end;
    let spaced = false;
    let joinedBy = false;
    while (k < text.length && k - last.end < MAX_SEPARATOR) {
      const c = text.charCodeAt(k);
      if (SPACES.has(c)) spaced = true;
      else if (JOINERS.has(c)) joinedBy = true;
      else if (!PARENS.has(c)) break;
      k += 1;
    }
    // Joined without a space ("0170-1234567", "0123-4567-89ab"), the next group is part of the same token.
    const joined = !spaced && joinedBy;
    if (k === last.end) return isWordAt(text, k) ? "reject" : groups;
    if (!isDigit(text.charCodeAt(k))) {
      // "0170-1234567-abc" runs into a word: an identifier. A dot before letters ends a sentence or names a file.
      const dot = text.charCodeAt(k - 1) === 0x2e;
      return joined && !dot && isWordAt(text, k) ? "reject" : groups;
    }
    if (matchesAt(DATE, text, k) !== -1) return groups;
    const next = readGroup(text, k, MAX_DIGITS);
    const touches = next.digits <= MAX_DIGITS && isWordAt(text, next.end);
    if (total + next.digits > MAX_DIGITS || touches || matchesAt(CLOCK, text, next.end) !== -1) {
      // A token that runs on into letters or past a number's length is an identifier, not a phone number.
      return joined && (touches || total + next.digits > MAX_DIGITS) ? "reject" : groups;
    }
    groups.push(next);
    total += next.digits;
  }
}

function phoneAt(text: string, start: number): Found {
  let i = start;
  const c = text.charCodeAt(i);
  const plus = isPlus(c);
  const paren = c === 0x28;
  if (plus || paren) {
    i += 1;
    if (paren && SPACES.has(text.charCodeAt(i))) i += 1;
    if (!isDigit(text.charCodeAt(i))) return { span: null, next: start + 1 };
  }
  const zero = text.charCodeAt(i) === 0x30 || text.charCodeAt(i) === 0xff10;
  const bare = !plus && !paren && !zero;
  if (!plus) {
    const date = matchesAt(DATE, text, i);
    if (date !== -1) return { span: null, next: date };
  }
  const first = readGroup(text, i, MAX_DIGITS);
  if (first.digits > MAX_DIGITS) return { span: null, next: skipDigits(text, first.end) };
  if (matchesAt(CLOCK, text, first.end) !== -1) return { span: null, next: first.end };
  if (bare) {
    // Digits without plus or trunk 0: only one unbroken group that is a valid international number
    // ("491701234567"); anything else (ids, counts, years) is left alone.
    if (first.digits < 9 || isWordAt(text, first.end) || JOINERS.has(text.charCodeAt(first.end))) {
      return { span: null, next: first.end };
    }
    const digits = text.slice(first.start, first.end);
    const valid = normalizePhone(`+${digits}`, DEFAULT_REGION) !== null;
    return { span: valid ? [start, first.end] : null, next: first.end };
  }
  // "0.5", "0.25": a decimal, not a number.
  if (!plus && first.digits === 1 && text.charCodeAt(first.end) === 0x2e)
    return { span: null, next: first.end };
  const groups = readGroups(text, first);
  const last = groups === "reject" ? undefined : groups[groups.length - 1];
  if (groups === "reject" || last === undefined) return { span: null, next: skipToken(text, first.end) };
  // Longest prefix of whole groups that is a valid number; "0170 1234567 0171 7654321" is two numbers. Where
  // none is valid, the longest with a phone number's shape is masked all the same: a false mask is the safe side.
  let fallback: number | null = null;
  for (let m = groups.length; m >= 1; m -= 1) {
    const end = closeParen(text, start, (groups[m - 1] as Group).end);
    const span = text.slice(start, end);
    const shape = phoneShape(span);
    if (shape === null) continue;
    fallback ??= end;
    // A country code never starts with 0: "0 0 0 0 0 0 0 0 0" needs no look-up.
    const possible = !shape.international || !shape.significant.startsWith("0");
    if (possible && normalizePhone(span, DEFAULT_REGION) !== null) return { span: [start, end], next: end };
  }
  return fallback === null ? { span: null, next: last.end } : { span: [start, fallback], next: fallback };
}

// A rejected token is skipped whole, so its groups are not read again as starts of their own.
function skipToken(text: string, i: number): number {
  let end = i;
  while (end < text.length && (isWordAt(text, end) || JOINERS.has(text.charCodeAt(end)))) end += 1;
  return end;
}

// "(0170 1234567)": the closing parenthesis belongs to the number when the number opened one.
function closeParen(text: string, start: number, end: number): number {
  if (text.charCodeAt(end) !== 0x29) return end;
  let open = 0;
  for (let i = start; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x28) open += 1;
    if (c === 0x29) open -= 1;
  }
  return open > 0 ? end + 1 : end;
}

function startsNumber(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (!isDigit(c) && !isPlus(c) && c !== 0x28) return false;
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  if (isWordAt(text, i - 1) || isPlus(before)) return false;
  // A joiner after a digit continues a number (a date "01.11.", an ISO instant, a uuid); after a letter or at the
  // start it only separates a label from the number ("Tel.0170 ...", "Handy-0170 ...", "Tel/0170 ...").
  if (JOINERS.has(before)) return i < 2 || !isDigit(text.charCodeAt(i - 2));
  return true;
}

function redactPhones(text: string): string {
  let out = "";
  let done = 0;
  let i = 0;
  while (i < text.length) {
    if (!startsNumber(text, i)) {
      i += 1;
      continue;
    }
    const found = phoneAt(text, i);
    if (found.span !== null) {
      const [from, to] = found.span;
      out += text.slice(done, from) + maskPhone(text.slice(from, to));
      done = to;
    }
    i = Math.max(found.next, i + 1);
  }
  return out + text.slice(done);
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers dictated in words: "null sechs sechs vier, drei vier fünf, zwölf achtzehn"

const UNITS = [
  "null",
  "eins",
  "zwei",
  "zwo",
  "drei",
  "vier",
  "fünf",
  "fuenf",
  "sechs",
  "sieben",
  "acht",
  "neun",
];
const TEENS = ["zehn", "elf", "zwölf", "zwoelf", "dreizehn", "vierzehn", "fünfzehn", "fuenfzehn", "sechzehn"];
const TEENS_2 = ["siebzehn", "achtzehn", "neunzehn"];
const TENS = [
  "zwanzig",
  "dreißig",
  "dreissig",
  "vierzig",
  "fünfzig",
  "fuenfzig",
  "sechzig",
  "siebzig",
  "achtzig",
];
const TENS_2 = ["neunzig"];
const COMPOUND_UNITS = ["ein", "zwei", "drei", "vier", "fünf", "fuenf", "sechs", "sieben", "acht", "neun"];

/** German number words up to 99, each with how many digits it stands for. */
const NUMBER_WORDS: ReadonlyMap<string, number> = new Map([
  ...UNITS.map((w) => [w, 1] as const),
  ...[...TEENS, ...TEENS_2, ...TENS, ...TENS_2].map((w) => [w, 2] as const),
  ...COMPOUND_UNITS.flatMap((u) => [...TENS, ...TENS_2].map((t) => [`${u}und${t}`, 2] as const)),
]);
const LONGEST_NUMBER_WORD = Math.max(...[...NUMBER_WORDS.keys()].map((w) => w.length));

// A run of number words counts as a dictated number when it has 7 words or digit groups, or stands for 9 digits
// ("null sechs neun, zwölf vierunddreißig sechsundfünfzig" is 6 words, 10 digits).
const MIN_RUN_TOKENS = 7;
const MIN_RUN_DIGITS = 9;
const MAX_GAP = 4;
const GAP = new Set([...SPACES, 0x2c, 0x3b, 0x2e, 0x2d, 0x2f, 0x3a, 0x2026]); // , ; . - / : …
const LETTER = /\p{L}/u;

const isDateOrClockJoint = (text: string, joint: number, digit: number) =>
  (text.charCodeAt(joint) === 0x2e || text.charCodeAt(joint) === 0x3a) && isDigit(text.charCodeAt(digit));

function redactDictated(text: string): string {
  let out = "";
  let done = 0;
  let run = { start: -1, end: -1, tokens: 0, words: 0, digits: 0 };
  const flush = () => {
    if (run.words > 0 && (run.tokens >= MIN_RUN_TOKENS || run.digits >= MIN_RUN_DIGITS)) {
      out += `${text.slice(done, run.start)}${REDACTED}`;
      done = run.end;
    }
    run = { start: -1, end: -1, tokens: 0, words: 0, digits: 0 };
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let end = i;
    let worth = 0;
    let word = false;
    if (isDigit(c)) {
      end = skipDigits(text, i);
      // A date or clock ("26.10.2025", "10:30") is not part of a dictated number.
      const dateOrClock = isDateOrClockJoint(text, end, end + 1) || isDateOrClockJoint(text, i - 1, i - 2);
      worth = end - i <= 15 && !dateOrClock ? end - i : 0;
    } else if (LETTER.test(text.charAt(i))) {
      while (end < text.length && LETTER.test(text.charAt(end))) end += 1;
      word = true;
      if (end - i <= LONGEST_NUMBER_WORD) worth = NUMBER_WORDS.get(text.slice(i, end).toLowerCase()) ?? 0;
    } else {
      i += 1;
      continue;
    }
    if (worth === 0) {
      flush();
    } else {
      let gapOk = run.tokens > 0 && i - run.end <= MAX_GAP;
      for (let k = run.end; gapOk && k < i; k += 1) gapOk = GAP.has(text.charCodeAt(k));
      if (!gapOk) {
        flush();
        run.start = i;
      }
      run.end = end;
      run.tokens += 1;
      run.digits += worth;
      if (word) run.words += 1;
    }
    i = end;
  }
  flush();
  return out + text.slice(done);
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Masks secrets (`Bearer`, `api_key: ...`, `apiKey=...`, `Authorization: ...`, Cal.com and OpenAI keys), e-mail
 * addresses, phone numbers in any common spelling and numbers dictated in German words anywhere in a string,
 * also inside free text. Linear in the length of `text`.
 */
export function redactText(text: string): string {
  // E-mail before phones: the phone scan would otherwise see digits in "0170123@example.com".
  return rememberingNumbers(() => redactDictated(redactPhones(redactEmails(redactSecrets(text)))));
}

// Fewer than 7 digits identify nobody: "anonymous", "", or a number masked already ("+49 *** *** **67"), so
// redacting twice gives the same trace.
function redactPhoneField(value: string): string {
  if (value.normalize("NFKC").replace(/\D/g, "").length < 7) return value;
  const masked = maskPhone(value);
  return masked === value ? REDACTED : masked;
}

function redactEmailField(value: string): string {
  const masked = redactText(value);
  if (masked !== value || !value.includes("@") || value.includes("***@")) return masked;
  return REDACTED;
}

function copy(value: unknown, seen: WeakSet<object>, texts: Map<string, string>): unknown {
  if (typeof value === "string") {
    // A trace says the same strings again and again (tool names, statuses, a slot's time, the agent's sentence in
    // the tool result and in the reply): each is scanned once per value redacted.
    let masked = texts.get(value);
    if (masked === undefined) {
      masked = redactText(value);
      texts.set(value, masked);
    }
    return masked;
  }
  if (typeof value !== "object" || value === null) return value;
  if (seen.has(value)) return "[Circular]";
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => copy(item, seen, texts));
    // An Error's own fields are not enumerable; keep what a reader needs.
    if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
    const out: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const k = key(name);
      if (SECRET_KEYS.has(k) && item !== null && item !== undefined) out[name] = REDACTED;
      else if (PHONE_KEYS.has(k) && typeof item === "string") out[name] = redactPhoneField(item);
      else if (EMAIL_KEYS.has(k) && typeof item === "string") out[name] = redactEmailField(item);
      else out[name] = copy(item, seen, texts);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Deep-copies a JSON-like value with personal data and secrets masked: phone numbers, e-mail addresses,
 * bearer tokens and API keys in any string; the whole value of keys such as `apiKey`, `authorization` or `token`;
 * phone and e-mail fields (`callerPhone`, `phoneNumber`, `phone`, `email`, ...) by field, whatever their spelling.
 * Names are kept. The input is not changed.
 */
export function redact<T>(value: T): T;
export function redact(value: unknown): unknown {
  // The numbers read are remembered for this value only: a trace says the caller's number in many events.
  return rememberingNumbers(() => copy(value, new WeakSet(), new Map()));
}
