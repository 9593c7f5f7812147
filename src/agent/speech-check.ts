import type { DateTime } from "luxon";
import { safeLocalOf } from "../time/instant.ts";
import { type Mention, scanMentions } from "../time/scan.ts";

/** A slot or booking the tools reported: its exact instant, read in the business zone. */
export interface KnownSlot {
  start: string;
  date: string;
  time: string;
}

/** One availability answer of the call: what was asked and what was offered. */
export interface OfferRound {
  /** Local date the caller asked for (for a conflict: the taken slot's date). */
  requestedDate: string | null;
  /** The time that was asked for or taken (`HH:MM` on `requestedDate`), which a reply names before the offers. */
  askedTime?: string | null;
  /**
   * Facts of the result a reply may name once before its offers (`YYYY-MM-DDTHH:MM`): the latest start that fits
   * before closing, the earliest bookable time. Their first mention is not part of the list of offers.
   */
  named?: string[];
  offers: KnownSlot[];
}

/** What the checker knows when it reads one agent reply. */
export interface ReplyContext {
  zone: string;
  /** The call's clock at this reply (resolves "morgen"). */
  now: DateTime | string;
  turn: number;
  text: string;
  /** Every slot, requested time and booking the tools reported so far in the call, this turn included. */
  known: KnownSlot[];
  /** The latest availability answer up to and including this turn, if any. */
  latestRound: OfferRound | null;
  /** Set when a tool result in this turn reported a booking conflict (`slot_taken`), with its new alternatives. */
  conflict: {
    /** The result's alternatives that are still free at this reply. */
    alternatives: KnownSlot[];
    /** How many the result offered at all (default: `alternatives.length`); none = nothing left to offer. */
    offered?: number;
  } | null;
}

/** A broken invariant. */
export interface Violation {
  invariant: number;
  turn: number | null;
  message: string;
  text?: string;
}

type DateLike = Extract<Mention, { kind: "date" | "relative" }>;

const isDateLike = (m: Mention): m is DateLike => m.kind === "date" || m.kind === "relative";
const dateOfMention = (m: DateLike): string => (m.kind === "date" ? m.value : m.date);

interface DatedTime {
  time: Extract<Mention, { kind: "time" }>;
  /** The day named with it in its sentence: a full date (weekday, day, month) before or after it, else any day. */
  date: DateLike | undefined;
  /** The day a listener would take it for: its sentence's day, else the last day named before it in the reply. */
  heardAs: DateLike | undefined;
}

/** Characters between a time and a full date after it ("um 7:00 Uhr am Montag") that still bind them. */
const NEAR_AFTER = 5;

/** A full date as invariant 1 wants it: weekday, day and month. */
const isFull = (m: Mention): boolean => m.kind === "date" && m.explicit && m.weekday;

/** For each slot time in the reply, the day named with it and the day a listener would hear it on. */
function datedTimes(mentions: Mention[]): DatedTime[] {
  const out: DatedTime[] = [];
  let lastDate: DateLike | undefined;
  for (const m of mentions) {
    if (isDateLike(m)) lastDate = m;
    if (m.kind !== "time" || m.range) continue;
    const here = mentions.filter((d): d is DateLike => isDateLike(d) && d.sentence === m.sentence);
    const before = here.filter((d) => d.index < m.index);
    const after = here.filter((d) => d.index > m.index);
    // A full date right after the time ("um 7:00 Uhr am Montag, 27. Oktober") is its own, before any earlier one.
    const end = m.index + m.text.length;
    const next = after.find((d) => isFull(d) && d.index - end <= NEAR_AFTER);
    const date = next ?? before.filter(isFull).at(-1) ?? after.find(isFull) ?? before.at(-1) ?? after[0];
    out.push({ time: m, date, heardAs: date ?? lastDate });
  }
  return out;
}

/** Whether a full date of the same day stands in the same sentence as a relative day ("morgen, Sonntag, 26. Oktober"). */
function relativeHasDate(mentions: Mention[], rel: Extract<Mention, { kind: "relative" }>): boolean {
  return mentions.some(
    (m) => m.kind === "date" && isFull(m) && m.value === rel.date && m.sentence === rel.sentence,
  );
}

/**
 * Invariants 1, 2, 3, 4 and 7 of DESIGN.md on one agent reply, read with `src/time` (times in digits and words,
 * dates, relative days), not with ad-hoc patterns.
 */
export function checkReply(ctx: ReplyContext): Violation[] {
  const violations: Violation[] = [];
  const v = (invariant: number, message: string): void => {
    violations.push({ invariant, turn: ctx.turn, message, text: ctx.text });
  };
  const mentions = scanMentions(ctx.text, { now: ctx.now, zone: ctx.zone });
  const dated = datedTimes(mentions);

  // 1. Every clock time comes with its slot's explicit date; "morgen"/"übermorgen" only with the date.
  for (const { time, date } of dated) {
    if (date === undefined) v(1, `"${time.text}" is said without a date in the same sentence`);
    else if (date.kind === "relative")
      v(1, `"${time.text}" is dated only by "${date.text}", without weekday, day and month`);
    else if (!date.explicit || !date.weekday) {
      v(1, `"${time.text}" is dated only by "${date.text}", without weekday, day and month`);
    }
  }
  for (const m of mentions) {
    if (m.kind === "relative" && m.value !== "heute" && !relativeHasDate(mentions, m)) {
      v(1, `"${m.text}" is said without the date it means`);
    }
  }

  // 2. Every clock time equals a slot's (or the requested / booked time's) local time in the business zone.
  for (const { time, heardAs } of dated) {
    if (heardAs === undefined) continue;
    const day = dateOfMention(heardAs);
    if (!ctx.known.some((k) => k.date === day && k.time === time.value)) {
      const sameDay = ctx.known.filter((k) => k.date === day).map((k) => k.time);
      v(
        2,
        `"${time.text}" on ${day} is no slot the tools reported${sameDay.length > 0 ? ` (known that day: ${[...new Set(sameDay)].join(", ")})` : ""}`,
      );
    }
  }

  for (const { time } of dated) {
    if (time.utc) v(2, `"${time.text}" is said as a UTC time, not the business's local time`);
  }

  // 3. "am gleichen/selben Tag" only when the offers it speaks of are on the requested day.
  for (const m of mentions) {
    if (m.kind !== "same-day") continue;
    const round = ctx.latestRound;
    const requested = round?.requestedDate ?? null;
    if (round === null || requested === null) {
      v(3, `"${m.text}" without a requested day to be the same as`);
      continue;
    }
    if (!round.offers.some((o) => o.date === requested)) {
      v(
        3,
        `"${m.text}", but no offered slot is on the requested day ${requested} (offered: ${[...new Set(round.offers.map((o) => o.date))].join(", ") || "none"})`,
      );
      continue;
    }
    // Every offer the reply speaks must then be on the requested day.
    const elsewhere = dated.filter(
      ({ time, date }) =>
        date !== undefined &&
        dateOfMention(date) !== requested &&
        round.offers.some((o) => o.date === dateOfMention(date) && o.time === time.value),
    );
    if (elsewhere.length > 0) {
      const list = elsewhere.map(({ time, date }) => `${time.text} on ${dateOfMention(date as DateLike)}`);
      v(3, `"${m.text}", but the reply also offers ${list.join(", ")}`);
    }
  }

  // 4. After a booking conflict the reply offers at least one concrete, still-free alternative.
  if (ctx.conflict !== null && (ctx.conflict.offered ?? ctx.conflict.alternatives.length) > 0) {
    const offered = dated.filter(
      ({ time, date }) =>
        date !== undefined &&
        ctx.conflict?.alternatives.some((a) => a.date === dateOfMention(date) && a.time === time.value),
    );
    if (offered.length === 0)
      v(4, "after the booking conflict the reply offers none of the new alternatives");
  }
  if (/unerwartete[rn]? fehler/i.test(ctx.text)) v(4, 'the reply says "unerwarteter Fehler"');

  // 7. Alternatives are spoken in chronological order.
  const spoken = dated
    .filter(({ heardAs }) => heardAs !== undefined)
    .map(({ time, heardAs }) => ({
      text: time.text,
      at: `${dateOfMention(heardAs as DateLike)}T${time.value}`,
    }));
  // Everything but the time that was asked for (or just taken), which a reply names before the offers.
  const asked = ctx.latestRound?.askedTime
    ? `${ctx.latestRound.requestedDate}T${ctx.latestRound.askedTime}`
    : null;
  // Only offers (and times no tool reported, which may be the leak) are ordered: a found booking or the slot
  // just lost may be named before the new offers.
  const offersNow = new Set((ctx.latestRound?.offers ?? []).map((o) => `${o.date}T${o.time}`));
  const knownAt = new Set(ctx.known.map((k) => `${k.date}T${k.time}`));
  const facts = new Set(ctx.latestRound?.named ?? []);
  const offeredSpoken = spoken.filter((s) => {
    if (facts.delete(s.at)) return false;
    return s.at !== asked && (offersNow.has(s.at) || !knownAt.has(s.at));
  });
  for (let i = 1; i < offeredSpoken.length; i++) {
    const a = offeredSpoken[i - 1];
    const b = offeredSpoken[i];
    if (a !== undefined && b !== undefined && b.at < a.at) {
      v(7, `"${b.text}" (${b.at}) is said after the later "${a.text}" (${a.at})`);
    }
  }
  return violations;
}

/** Reads every slot-like object (`start` + `date` + `time`) and requested time out of a tool result. */
export function knownSlotsOf(result: unknown, zone: string): KnownSlot[] {
  const out: KnownSlot[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const obj = value as Record<string, unknown>;
    if (typeof obj["start"] === "string") {
      const local = safeLocalOf(obj["start"], zone);
      if (local !== null) out.push({ start: obj["start"], date: local.date, time: local.time });
    } else if (typeof obj["date"] === "string" && typeof obj["time"] === "string") {
      out.push({ start: "", date: obj["date"], time: obj["time"] });
    }
    for (const child of Object.values(obj)) visit(child);
  };
  visit(result);
  return out;
}

const AVAILABILITY = new Set(["available", "alternatives", "slot_taken"]);

/** The offers an availability-like result carries, and the day they answer. */
export function offerRound(outcome: { result: unknown }, zone: string): OfferRound | null {
  const r = outcome.result as Record<string, unknown>;
  if (!AVAILABILITY.has(String(r["status"]))) return null;
  const offers = knownSlotsOf([r["slot"], r["alternatives"]], zone);
  const requested = r["requested"] as { date?: string | null; time?: string | null } | undefined;
  const chosen = r["chosen"] as { date?: string; time?: string } | undefined;
  const detail = r["detail"] as Record<string, unknown> | undefined;
  const named = knownSlotsOf([detail?.["latestStart"], detail?.["earliestStart"]], zone).map(
    (k) => `${k.date}T${k.time}`,
  );
  return {
    requestedDate: requested?.date ?? chosen?.date ?? null,
    askedTime: requested?.time ?? chosen?.time ?? null,
    named,
    offers,
  };
}

/**
 * The offer round a reply answers: the first availability answer of the turn (what the caller asked for), with
 * the offers of every answer in the turn; without one this turn, the latest earlier answer.
 */
export function turnRound(rounds: OfferRound[], latest: OfferRound | null): OfferRound | null {
  const [first] = rounds;
  if (first === undefined) return latest;
  return {
    requestedDate: first.requestedDate,
    askedTime: first.askedTime ?? null,
    named: rounds.flatMap((r) => r.named ?? []),
    offers: rounds.flatMap((r) => r.offers),
  };
}
