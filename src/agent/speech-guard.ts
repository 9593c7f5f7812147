/**
 * The speech guard: between any model's words and the caller. It reads each reply with `src/time`'s scanner and the
 * call's tool results and flags a clock time without its date, a time no tool reported, a false "am gleichen Tag",
 * a weekday that is not its date's, a generic error phrase, a booking or cancellation claimed without a tool that
 * made it, and a phone number that is not the caller's. In `strict` mode the caller hears the turn's last tool
 * result (the template) instead; `warn` only records; `off` does nothing.
 */
import { type DateTime, Info } from "luxon";
import { normalizePhone, regionForTimezone } from "../calendar/phone.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import { localDateOf } from "../time/instant.ts";
import { isoOf, partsOf, plainDate, plainDateOfIso, weekdayOf } from "../time/plain-date.ts";
import { scanMentions, sentenceOf } from "../time/scan.ts";
import {
  checkReply,
  type KnownSlot,
  knownSlotsOf,
  type OfferRound,
  offerRound,
  turnRound,
} from "./speech-check.ts";

export type GuardMode = "strict" | "warn" | "off";

export const GUARD_MODES: readonly GuardMode[] = ["strict", "warn", "off"];

/** The environment variable that sets the mode when no `--guard` is given. */
export const GUARD_ENV = "TERMIN_GUARD";

/** The seven rules, named as the trace and the reports name them. */
export type GuardRule =
  | "undated_time"
  | "unknown_time"
  | "same_day"
  | "weekday_mismatch"
  | "generic_error"
  | "unconfirmed_claim"
  | "other_customer";

export interface GuardFlag {
  rule: GuardRule;
  message: string;
}

/** The mode from a flag or the environment; anything else is an error the CLI reports. */
export function guardModeOf(value: string | undefined): GuardMode | null {
  if (value === undefined || value === "") return "strict";
  return (GUARD_MODES as readonly string[]).includes(value) ? (value as GuardMode) : null;
}

const RULE_OF_INVARIANT: Record<number, GuardRule> = {
  1: "undated_time",
  2: "unknown_time",
  3: "same_day",
  4: "generic_error",
};

/** Generic error wording; the honest templates say what failed instead. */
const GENERIC_ERROR =
  /unerwartete[nrs]?\s+fehler|technische[nrs]?\s+(?:problem|störung|fehler|schwierigkeit)|(?:ein|einen)\s+fehler\s+(?:ist\s+)?(?:aufgetreten|gegeben)|systemfehler|störung\s+im\s+system/iu;
/** A booking, move or cancellation said as done: the participle, checked against the words before it. */
const BOOKED_WORD = /\b(?:gebucht|eingetragen|verlegt|verschoben|bestätigt)\b/giu;
const CANCELLED_WORD = /\b(?:abgesagt|storniert|gelöscht)\b/giu;
/** The auxiliary of a claim ("ist gebucht", "habe ich ... eingetragen", "wir haben ... gebucht"). */
const AUXILIARY = /\b(?:ist|sind|wurde|wurden|habe|hab|haben|hat)\b/giu;
/** Between the auxiliary and the participle: the claim is denied, hedged or about someone else's booking. */
const NOT_A_CLAIM =
  /\b(?:nicht|noch\s+nicht|kein|keinen|nichts|alles|voll|erst|sobald|wenn|falls|jemand(?:em)?|anderem?|anderweitig|vergeben)\b/iu;
/** A run of digits long enough to be a phone number ("0170 1234567", "+49 170 ..."). */
const PHONE_LIKE = /\+?\d[\d\s/().-]{6,}\d/gu;
/** A numeric date ("26.10.2025", "26. 10. 2025") is no phone number. */
const NUMERIC_DATE = /^\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}$/u;

/** Words of opening hours ("öffnen", "schließen", "geöffnet", "Feierabend"). */
const HOURS_WORDS = /(?<!\p{L})(?:öffne[nt]?|schließe[nt]?|geöffnet|geschlossen|offen|zu|auf)(?!\p{L})/iu;
/** The profile's keys for the weekdays, Monday first (luxon's weekday 1). */
const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** Tool sentences remembered to recognise a model repeating them. */
const MAX_REMEMBERED_SAYS = 50;

const BOOKED_STATUSES = new Set(["booked", "rescheduled"]);
const CANCELLED_STATUSES = new Set(["cancelled", "rescheduled"]);

/**
 * What the guard reads of a tool call: its name and its result as JSON. The guard looks into any result the same way
 * (slots, bookings, names and phones it carries), so a live `ToolOutcome` and one read back from a trace both do.
 */
export interface ObservedTool {
  name: string;
  result: { status: string; say?: string; [field: string]: unknown };
}

/** luxon's German weekday and month names, lower-cased, read once for every guard. */
const GERMAN = (() => {
  const weekdays = Info.weekdays("long", { locale: "de" }).map((w) => w.toLowerCase());
  const months = Info.months("long", { locale: "de" }).map((w) => w.toLowerCase());
  return {
    weekdays,
    months,
    /** "dienstag, 27. oktober", "dienstag, den 27. oktober" (lower-cased text); `matchAll` copies it per use. */
    weekdayDate: new RegExp(
      `(${weekdays.join("|")}),?\\s+(?:den\\s+)?(\\d{1,2})\\.\\s*(${months.join("|")})`,
      "gu",
    ),
  };
})();

/** One call's guard: it learns from every tool result and checks every reply against what it learned. */
export class SpeechGuard {
  private readonly known: KnownSlot[] = [];
  private latest: OfferRound | null = null;
  private rounds: OfferRound[] = [];
  private turnTools: ObservedTool[] = [];
  /** Instants of bookings made in the call ("YYYY-MM-DDTHH:MM" local). */
  private readonly booked = new Set<string>();
  private readonly weekdays = GERMAN.weekdays;
  private readonly months = GERMAN.months;
  private readonly weekdayDate = GERMAN.weekdayDate;

  constructor(
    private readonly options: {
      zone: string;
      callerPhone: string | null;
      mode: GuardMode;
      /** The business's opening hours: "Sonntags schließen wir um 12 Uhr" names no slot, but is true. */
      hours?: BusinessProfile["hours"];
    },
  ) {
    const { callerPhone, zone } = options;
    this.callerNumber = callerPhone === null ? null : normalizePhone(callerPhone, regionForTimezone(zone));
  }

  /** The caller's number in E.164 (null when withheld or unreadable), read once for the call. */
  private readonly callerNumber: string | null;

  get mode(): GuardMode {
    return this.options.mode;
  }

  /** A new caller turn: the tool results that count as "this turn" start anew. */
  startTurn(): void {
    this.rounds = [];
    this.turnTools = [];
  }

  /** Names of other customers a tool result carried (a booking with another phone), never to be said. */
  private readonly others = new Set<string>();

  /** Remembers the names of bookings whose phone is not the caller's. */
  private collectOthers(result: unknown): void {
    const region = regionForTimezone(this.options.zone);
    const own = this.callerNumber;
    const visit = (value: unknown, depth: number): void => {
      if (depth > 8 || typeof value !== "object" || value === null) return;
      if (Array.isArray(value)) {
        for (const v of value) visit(v, depth + 1);
        return;
      }
      const o = value as Record<string, unknown>;
      const name = o["name"];
      const phone = o["phone"] ?? o["phoneNumber"];
      if (typeof name === "string" && name.trim().length > 2 && typeof phone === "string") {
        if (normalizePhone(phone, region) !== own) this.others.add(name.trim());
      }
      for (const v of Object.values(o)) visit(v, depth + 1);
    };
    visit(result, 0);
  }

  /** The tool results' own sentences of the call (the templates), which the model may repeat. */
  private readonly says = new Set<string>();

  /** A tool result of this turn. */
  observe(outcome: ObservedTool): void {
    const { zone } = this.options;
    this.turnTools.push(outcome);
    this.collectOthers(outcome.result);
    const say = outcome.result.say?.trim() ?? "";
    if (say !== "") this.says.add(say);
    // The latest ones are what a model repeats; older ones are let go so a check costs the same late in a call.
    for (const old of this.says) {
      if (this.says.size <= MAX_REMEMBERED_SAYS) break;
      this.says.delete(old);
    }
    this.known.push(...knownSlotsOf(outcome.result, zone));
    const round = offerRound(outcome, zone);
    if (round !== null) {
      this.latest = round;
      this.rounds.push(round);
    }
    if (BOOKED_STATUSES.has(String(outcome.result.status))) {
      for (const k of knownSlotsOf(outcome.result, zone)) this.booked.add(`${k.date}T${k.time}`);
    }
  }

  /**
   * The rules the model's own words break: what the text breaks beyond what the templates it repeats (this turn's
   * tool results, and earlier ones said again) break themselves; a broken template is the replays' to catch.
   */
  checkModel(text: string, now: DateTime | string, turn: number): GuardFlag[] {
    const flags = this.check(text, now, turn);
    if (flags.length === 0) return flags;
    const templates = [
      ...this.turnTools.map((t) => t.result.say?.trim() ?? ""),
      ...[...this.says].filter((x) => text.includes(x)),
    ].filter((x) => x !== "");
    if (templates.length === 0) return flags;
    const own = this.check([...new Set(templates)].join(" "), now, turn);
    return flags.filter((f) => !own.some((t) => t.rule === f.rule));
  }

  /** The rules the text breaks (none for correct speech). */
  check(text: string, now: DateTime | string, turn: number): GuardFlag[] {
    const { zone } = this.options;
    const flags: GuardFlag[] = [];
    const flag = (rule: GuardRule, message: string) => {
      if (!flags.some((f) => f.rule === rule)) flags.push({ rule, message });
    };
    const toolSays = this.turnTools.map((t) => t.result.say ?? "").join(" ");

    const conflict = this.turnTools.find((t) => t.result.status === "slot_taken");
    const violations = checkReply({
      zone,
      now,
      turn,
      text: this.withoutOpeningTimes(text, now),
      known: this.known,
      latestRound: turnRound(this.rounds, this.latest),
      conflict:
        conflict === undefined
          ? null
          : {
              alternatives: knownSlotsOf((conflict.result as Record<string, unknown>)["alternatives"], zone),
            },
    });
    for (const v of violations) {
      const rule = RULE_OF_INVARIANT[v.invariant];
      // Invariant 7 (order) and 4's "no alternative after a conflict" are replay checks, not speech to replace.
      if (rule === undefined || (v.invariant === 4 && !GENERIC_ERROR.test(text))) continue;
      if (rule === "generic_error" && GENERIC_ERROR.test(toolSays)) continue;
      flag(rule, v.message);
    }

    // 4. A weekday said with a date must be that date's weekday ("Dienstag, 27. Oktober" when the 27th is a
    // Monday); the scanner drops such a date, so it is read here with luxon's German names.
    const today = plainDateOfIso(localDateOf(now, zone)) ?? 0;
    const { year } = partsOf(today);
    for (const m of text.toLowerCase().matchAll(this.weekdayDate)) {
      const [, day, date, month] = m;
      const monthNo = this.months.indexOf(month ?? "") + 1;
      // A date more than a week back is next year's ("Montag, 5. Januar" said in December).
      let at = plainDate(year, monthNo, Number(date));
      if (at !== null && at < today - 7) at = plainDate(year + 1, monthNo, Number(date));
      const said = this.weekdays.indexOf(day ?? "");
      if (at !== null && said >= 0 && said !== weekdayOf(at) - 1)
        flag("weekday_mismatch", `"${m[0]}": ${isoOf(at)} is a ${this.weekdays[weekdayOf(at) - 1] ?? "?"}`);
    }

    // 5. Generic error wording the turn's tools did not use.
    const generic = GENERIC_ERROR.exec(text);
    if (generic !== null && !GENERIC_ERROR.test(toolSays))
      flag("generic_error", `"${generic[0]}" instead of what failed`);

    // 6. A booking or cancellation claimed without a tool that made it this turn.
    const bookedNow = this.turnTools.some((t) => BOOKED_STATUSES.has(String(t.result.status)));
    const cancelledNow = this.turnTools.some((t) => CANCELLED_STATUSES.has(String(t.result.status)));
    for (const sentence of sentences(text)) {
      if (sentence.endsWith("?")) continue;
      if (!bookedNow && claims(sentence, BOOKED_WORD) && !this.namesBooking(sentence, now))
        flag("unconfirmed_claim", `"${sentence}" claims a booking no tool made this turn`);
      if (!cancelledNow && claims(sentence, CANCELLED_WORD))
        flag("unconfirmed_claim", `"${sentence}" claims a cancellation no tool made this turn`);
    }

    // 7. Another customer's name (from a tool result), or a phone number that is not the caller's (compared as
    // E.164 in the business's region).
    const lower = text.toLowerCase();
    for (const name of this.others) {
      const at = lower.indexOf(name.toLowerCase());
      const edge = (i: number) => i < 0 || i >= lower.length || !/\p{L}/u.test(lower[i] ?? "");
      if (at >= 0 && edge(at - 1) && edge(at + name.length))
        flag("other_customer", `"${name}" is another customer's name`);
    }
    const region = regionForTimezone(zone);
    const own = this.callerNumber;
    for (const m of text.matchAll(PHONE_LIKE)) {
      const said = m[0].trim();
      if (NUMERIC_DATE.test(said) || said.replace(/\D/g, "").length < 7) continue;
      const number = normalizePhone(said, region);
      if (number === null) continue;
      if (number !== own) flag("other_customer", `"${said}" is not the caller's number`);
    }
    return flags;
  }

  /**
   * The text with the opening and closing times of the profile blanked where a sentence speaks of opening hours
   * ("Sonntags öffnen wir um 7 Uhr"): they are true without a date and name no slot. Same length, so offsets hold.
   */
  private withoutOpeningTimes(text: string, now: DateTime | string): string {
    const hours = this.options.hours;
    if (hours === undefined || !HOURS_WORDS.test(text)) return text;
    const of = sentenceOf(text);
    const talksHours = new Set<number>();
    for (const m of text.matchAll(new RegExp(HOURS_WORDS.source, "giu"))) talksHours.add(of(m.index ?? 0));
    const mentions = scanMentions(text, { now, zone: this.options.zone });
    /** The opening and closing times of the weekdays a sentence names (all days when it names none). */
    const edgesOf = (sentence: number): Set<string> => {
      const days = mentions.flatMap((m) =>
        m.sentence !== sentence
          ? []
          : m.kind === "date"
            ? [isoWeekdayIndex(m.value)]
            : m.kind === "relative"
              ? [isoWeekdayIndex(m.date)]
              : [],
      );
      const keys = days.length === 0 ? WEEKDAY_KEYS : days.map((d) => WEEKDAY_KEYS[d] ?? "");
      return new Set(keys.flatMap((k) => (hours[k as keyof typeof hours] ?? []).flat()));
    };
    let out = text;
    for (const m of mentions) {
      if (m.kind !== "time" || !talksHours.has(m.sentence) || !edgesOf(m.sentence).has(m.value)) continue;
      out = `${out.slice(0, m.index)}${" ".repeat(m.text.length)}${out.slice(m.index + m.text.length)}`;
    }
    return out;
  }

  /**
   * The sentence speaks of a booking made earlier in the call (a recap, not a new claim): by its date and time,
   * or without naming any ("Ihr Termin ist bereits gebucht").
   */
  private namesBooking(sentence: string, now: DateTime | string): boolean {
    if (this.booked.size === 0) return false;
    const mentions = scanMentions(sentence, { now, zone: this.options.zone });
    const dates = mentions.filter((m) => m.kind === "date" || m.kind === "relative");
    const times = mentions.filter((m) => m.kind === "time");
    if (times.length === 0) return true;
    return times.some((t) =>
      dates.some((d) =>
        this.booked.has(`${d.kind === "date" ? d.value : d.date}T${t.kind === "time" ? t.value : ""}`),
      ),
    );
  }
}

/** The text's sentences, split where the scanner splits them ("26. Oktober" does not end one). */
function sentences(text: string): string[] {
  const of = sentenceOf(text);
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (i === text.length - 1 || of(i + 1) !== of(i)) {
      const s = text.slice(start, i + 1).trim();
      if (s !== "") out.push(s);
      start = i + 1;
    }
  }
  return out;
}

/** A participle said as done: the nearest auxiliary before it, with nothing denying or hedging in between. */
function claims(sentence: string, participle: RegExp): boolean {
  for (const m of sentence.matchAll(participle)) {
    const before = sentence.slice(0, m.index);
    const aux = [...before.matchAll(AUXILIARY)].at(-1);
    if (aux === undefined || before.length - (aux.index ?? 0) > 100) continue;
    if (!NOT_A_CLAIM.test(before.slice(aux.index ?? 0))) return true;
  }
  return false;
}

/** Monday 0 to Sunday 6 for a `YYYY-MM-DD` (the scanner's dates are always whole ones); -1 for anything else. */
function isoWeekdayIndex(iso: string): number {
  const date = plainDateOfIso(iso);
  return date === null ? -1 : weekdayOf(date) - 1;
}
