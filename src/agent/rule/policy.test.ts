/**
 * The dialogue policy on everyday callers: no sentence a third time, facts kept across misunderstood lines, other
 * offers on request (never the same again), clarifying questions that name the days, questions and side remarks
 * answered and the dialogue continued, cancel and move without questions already answered, goodbyes, two services,
 * bookings for another person, English. Scripted turns through `createRuleModel` with scripted tool results, a
 * few hand-built `Understanding`s where the words do not matter, and whole calls on the simulator.
 */
import { describe, expect, it } from "vitest";
import type { BookingInfo, SlotOffer } from "../../booking/types.ts";
import { manualClock } from "../../calendar/clock.ts";
import { loadBusinessProfile } from "../../calendar/profile.ts";
import { CalendarSimulator } from "../../calendar/simulator.ts";
import { startCall } from "../call.ts";
import type { ChatMessage, ModelResponse } from "../model.ts";
import { createRuleModel } from "../rule-model.ts";
import { phrase } from "./phrases.ts";
import { decideOnUser, type PolicyContext } from "./policy.ts";
import { absorbUser, awaiting, deriveState, type FoldUser } from "./state.ts";
import { type Understanding, understand } from "./understand.ts";

const profile = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";

function slot(
  id: string,
  date: string,
  time: string,
  minutes = 30,
  service = "herrenhaarschnitt",
): SlotOffer {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const endMin = h * 60 + m + minutes;
  const end = `${String(Math.floor(endMin / 60)).padStart(2, "0")}:${String(endMin % 60).padStart(2, "0")}`;
  return {
    id,
    service,
    person: null,
    start: `${date}T${time}:00+01:00`,
    end: `${date}T${end}:00+01:00`,
    date,
    time,
  };
}

const S1 = slot("S1", "2025-10-26", "09:30");
const S2 = slot("S2", "2025-10-26", "10:30");
const S3 = slot("S3", "2025-10-27", "07:00");
const requested = { date: "2025-10-26", time: "10:00", window: null, days: null, earliest: false };
const ALTERNATIVES = {
  status: "alternatives",
  requested,
  reason: "taken",
  alternatives: [S1, S2, S3],
  say: "Morgen, Sonntag, 26. Oktober, um 10:00 Uhr ist leider schon vergeben. Stattdessen kann ich Ihnen anbieten: morgen, Sonntag, 26. Oktober, um 9:30 oder 10:30 Uhr, oder am Montag, 27. Oktober, um 7:00 Uhr. Welcher Termin passt Ihnen am besten?",
};
const BOOKING: BookingInfo = {
  uid: "bk_1",
  service: "herrenhaarschnitt",
  start: "2025-10-31T10:00:00+01:00",
  end: "2025-10-31T10:30:00+01:00",
  date: "2025-10-31",
  time: "10:00",
};
/** What find-appointments really says for one booking: it asks a question the caller may have answered. */
const FOUND = {
  status: "found",
  bookings: [BOOKING],
  say: "Ich habe einen Termin unter Ihrer Nummer gefunden: am Freitag, 31. Oktober, um 10:00 Uhr. Möchten Sie ihn verschieben oder absagen?",
};

function booked(offer: SlotOffer, name = "Hans Schuster"): Record<string, unknown> {
  const { id: _id, person: _person, ...rest } = offer;
  return {
    status: "booked",
    booking: { uid: `bk_${offer.id}`, ...rest },
    say: `Erledigt: Ihr Termin am ${offer.date} um ${offer.time} ist gebucht, auf den Namen ${name}. Vielen Dank, wir freuen uns auf Sie!`,
  };
}

/** A call in progress: caller turns and tool results are appended, the model answers each. */
class Call {
  readonly messages: ChatMessage[] = [{ role: "system", content: "Du bist die Terminassistenz." }];
  private readonly model;

  constructor(options: { callerName?: string; maxBookings?: number } = {}) {
    this.model = createRuleModel({ profile, now: NOW, ...options });
    this.messages.push({ role: "assistant", content: profile.greeting });
  }

  private async answer(): Promise<ModelResponse> {
    const r = await this.model.complete({ messages: [...this.messages], tools: [] });
    this.messages.push({ role: "assistant", content: r.content, toolCalls: r.toolCalls });
    return r;
  }

  async user(text: string): Promise<ModelResponse> {
    this.messages.push({ role: "user", content: text });
    return this.answer();
  }

  /** Answers the model's pending tool call with a result object. */
  async result(data: unknown): Promise<ModelResponse> {
    const last = this.messages.at(-1);
    const call = last?.role === "assistant" ? last.toolCalls?.[0] : undefined;
    if (call === undefined) throw new Error("no pending tool call");
    this.messages.push({ role: "tool", toolCallId: call.id, name: call.name, content: JSON.stringify(data) });
    return this.answer();
  }

  /** Everything the agent said, in order. */
  said(): string[] {
    return this.messages.flatMap((m) => (m.role === "assistant" && m.content ? [m.content] : []));
  }
}

function only(r: ModelResponse): { name: string; args: Record<string, unknown> } {
  expect(r.toolCalls).toHaveLength(1);
  const c = r.toolCalls[0]!;
  return { name: c.name, args: JSON.parse(c.arguments) as Record<string, unknown> };
}

function check(args: Record<string, unknown>): { name: string; args: Record<string, unknown> } {
  return {
    name: "check_availability",
    args: { service: "herrenhaarschnitt", person: null, reschedule_booking_id: null, ...args },
  };
}

/** How often the most repeated sentence was said in the call (a date's "26." is no sentence end). */
function mostRepeated(said: readonly string[]): { sentence: string; times: number } {
  const counts = new Map<string, number>();
  for (const text of said)
    for (const x of text.split(/(?<=[^\d\s][.!?])\s+/u))
      counts.set(x.trim(), (counts.get(x.trim()) ?? 0) + 1);
  let best = { sentence: "", times: 0 };
  for (const [sentence, times] of counts) if (times > best.times) best = { sentence, times };
  return best;
}

async function toAlternatives(
  call: Call,
  line = "Einen Herrenhaarschnitt morgen um zehn Uhr, bitte.",
): Promise<void> {
  await call.user(line);
  await call.result(ALTERNATIVES);
}

const ctx: PolicyContext = { profile, now: NOW };

/** Every field of an understanding, nothing understood. */
function heard(over: Partial<Understanding>): Understanding {
  return {
    text: "",
    yes: false,
    no: false,
    service: null,
    services: [],
    serviceByAudience: false,
    greeting: false,
    serviceOptions: [],
    name: null,
    person: null,
    when: null,
    choice: { ordinal: null, relative: null, date: null, time: null, hour: null, pointing: false },
    navigate: null,
    question: null,
    intent: null,
    end: false,
    thanks: false,
    another: false,
    again: false,
    wish: false,
    wait: false,
    callback: false,
    offTopic: false,
    english: false,
    injection: false,
    manyBookings: false,
    abuse: false,
    unsure: false,
    filler: false,
    understood: true,
    ...over,
  };
}

/** The policy's answer to a hand-built understanding after the call's history (wired as in rule-model.ts). */
function answerTo(call: Call, u: Understanding, maxBookings = 1) {
  const fold: FoldUser = (s, text) =>
    absorbUser(s, understand(text, { profile, now: NOW, expectingName: awaiting(s) === "name" }));
  const before = deriveState(call.messages, fold, null, maxBookings);
  const { next, effect } = absorbUser(before, u);
  const action = decideOnUser(before, next, effect, u, ctx);
  return { action, next };
}

describe("never the same sentence a third time", () => {
  it("after two misses on the day question, the third offers the earliest slots with what was understood", async () => {
    const call = new Call();
    const ask = await call.user("Ich hätte gern einen Herrenhaarschnitt, mein Name ist Hans Schuster.");
    expect(ask.content).toContain("Für welchen Tag");
    expect((await call.user("Blubb.")).content).toContain("Für welchen Tag");
    const third = await call.user("Blubb blubb.");
    expect(only(third)).toEqual(check({ day: "so schnell wie möglich", time: null }));
    expect(third.content).toBe(
      "Ich habe bisher notiert: Herrenhaarschnitt, auf den Namen Hans Schuster. Ich schaue nach den nächsten freien Terminen für Sie.",
    );
    expect(mostRepeated(call.said()).times).toBeLessThanOrEqual(2);
  });

  it("while choosing, the third reading of the offers reads them one by one, each with its date", async () => {
    const call = new Call();
    await toAlternatives(call);
    expect((await call.user("Hallo?")).content).toBe(`${phrase("stillHere")} ${ALTERNATIVES.say}`);
    const third = await call.user("Hallo?");
    expect(third.toolCalls).toEqual([]);
    expect(third.content).toBe(
      "Ich habe bisher notiert: Herrenhaarschnitt, morgen, Sonntag, 26. Oktober, um 10:00 Uhr. Zur Wahl stehen " +
        "morgen, Sonntag, 26. Oktober, um 9:30 Uhr, morgen, Sonntag, 26. Oktober, um 10:30 Uhr oder übermorgen, " +
        "Montag, 27. Oktober, um 7:00 Uhr. Welcher passt Ihnen, oder möchten Sie lieber einen anderen Tag?",
    );
    // The offers stay open: a pick still books from them.
    expect(only(await call.user("den zweiten")).args).toEqual({ slot_id: "S2" });
  });

  it("ends politely when even the next step would be said a third time, and never loops", async () => {
    const call = new Call();
    await toAlternatives(call);
    let last: ModelResponse | undefined;
    for (let i = 0; i < 8 && (last === undefined || last.toolCalls.length === 0); i++)
      last = await call.user("Hallo?");
    expect(only(last!)).toEqual({ name: "end_call", args: { reason: "no_progress" } });
    expect(mostRepeated(call.said()).times).toBeLessThanOrEqual(2);
  });

  it.each([
    ["yes words to several offers", ["Ja.", "Ja, gerne.", "Ja.", "Ja."]],
    ["fillers while the name is awaited", ["Der Erste.", "Ähm.", "Ähm.", "Ähm.", "Ähm."]],
  ])("%s: no sentence more than twice", async (_name, lines) => {
    const call = new Call();
    await toAlternatives(call);
    for (const line of lines) {
      const r = await call.user(line);
      if (r.toolCalls[0]?.name === "hold_slot")
        await call.result({
          status: "held",
          slot: S1,
          holdUntil: "x",
          say: "Ich halte Ihnen den Termin frei. Auf welchen Namen?",
        });
    }
    const top = mostRepeated(call.said());
    expect(top.times, top.sentence).toBeLessThanOrEqual(2);
  });
});

describe("facts given across misunderstood lines are kept", () => {
  it("name, service, day and time said between misses all reach the check and the booking", async () => {
    const call = new Call();
    await call.user("Ich bin Hans Schuster.");
    await call.user("Blubb.");
    await call.user("Einen Herrenhaarschnitt.");
    await call.user("Äh, blubb.");
    const r = await call.user("Morgen um zehn.");
    expect(only(r)).toEqual(check({ day: "Morgen", time: "um zehn" }));
    await call.result(ALTERNATIVES);
    expect(only(await call.user("Der erste."))).toEqual({
      name: "book_appointment",
      args: { slot_id: "S1", name: "Hans Schuster" },
    });
  });
});

describe("other offers on request, never the same again", () => {
  it.each([
    ["Geht es auch später?", "ab 11:00 Uhr"],
    ["Etwas früher?", "vor 9:30 Uhr"],
    // Sunday's hours are 7-12; 9:30 and 10:30 were read out: the widest stretch left is 7:00 to 9:30.
    ["Haben Sie noch was anderes?", "zwischen 7:00 Uhr und 9:30 Uhr"],
    ["Keiner davon passt.", "zwischen 7:00 Uhr und 9:30 Uhr"],
    ["Welche Zeiten gibt es morgen sonst noch?", "zwischen 7:00 Uhr und 9:30 Uhr"],
  ])("%s -> a new check from the offers read out (%s)", async (line, time) => {
    const call = new Call();
    await toAlternatives(call);
    expect(only(await call.user(line))).toEqual(check({ day: "2025-10-26", time }));
  });

  it('"was anderes" when every time of the day was read out: the next day, never after closing', async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um zehn.");
    // Sunday 7-12 in 30-minute slots, all ten read out over the call.
    const day = ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"];
    await call.result({
      ...ALTERNATIVES,
      alternatives: day.map((t, i) => slot(`D${i}`, "2025-10-26", t)),
    });
    // The caller's own time goes with them to the next day.
    expect(only(await call.user("Haben Sie noch was anderes?"))).toEqual(
      check({ day: "2025-10-27", time: "um zehn" }),
    );
  });

  it("another day: the day after the last offered one, with the caller's time", async () => {
    const call = new Call();
    await toAlternatives(call);
    expect(only(await call.user("Geht es an einem anderen Tag?"))).toEqual(
      check({ day: "2025-10-28", time: "um zehn Uhr" }),
    );
  });

  it("later than a single offer that was free", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um halb zehn, bitte.");
    await call.result({
      status: "available",
      requested,
      slot: S1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    expect(only(await call.user("Geht es auch später?"))).toEqual(
      check({ day: "2025-10-26", time: "ab 10:00 Uhr" }),
    );
  });

  it("the same offers found again are not read again: said honestly, and they can still be picked", async () => {
    const call = new Call();
    await toAlternatives(call);
    await call.user("Geht es auch später?");
    const again = await call.result({ ...ALTERNATIVES, alternatives: [S1, S2, S3] });
    expect(again.content).toBe(phrase("nothingElseNear"));
    expect(again.content).not.toContain("9:30");
    expect(only(await call.user("Dann den letzten.")).args).toEqual({ slot_id: "S3" });
  });

  it("a move looks later for the same booking", async () => {
    const call = new Call();
    await call.user("Ich möchte meinen Termin auf Dienstag verschieben.");
    await call.result(FOUND);
    const T1 = slot("T1", "2025-10-28", "10:00");
    await call.result({
      ...ALTERNATIVES,
      alternatives: [T1],
      say: "Ich kann Ihnen anbieten: am Dienstag, 28. Oktober, um 10:00 Uhr. Passt Ihnen das?",
    });
    expect(only(await call.user("Geht es später?"))).toEqual(
      check({ day: "2025-10-28", time: "ab 10:30 Uhr", reschedule_booking_id: "bk_1" }),
    );
  });
});

describe("an ambiguous pick asks once, naming the days", () => {
  const T1 = slot("T1", "2025-10-30", "10:40");
  const T2 = slot("T2", "2025-10-31", "10:40");

  it('"Dann zwanzig vor elf" with 10:40 on two days -> which day, each with its date; "Freitag" picks', async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt nächste Woche.");
    await call.result({
      ...ALTERNATIVES,
      alternatives: [T1, T2],
      say: "Donnerstag oder Freitag um 10:40 Uhr?",
    });
    const which = await call.user("Dann zwanzig vor elf.");
    expect(which.toolCalls).toEqual([]);
    expect(which.content).toBe(
      "Meinen Sie Donnerstag, 30. Oktober, um 10:40 Uhr oder Freitag, 31. Oktober, um 10:40 Uhr?",
    );
    expect(only(await call.user("Freitag."))).toEqual({ name: "hold_slot", args: { slot_id: "T2" } });
  });
});

describe("an ambiguous pick: the answer to the question", () => {
  it('"Freitag" answering "Montag ... oder Freitag, 7. November?" means that Friday, not the next one', async () => {
    const call = new Call();
    const M = slot("M1", "2025-11-03", "10:40");
    const F = slot("F1", "2025-11-07", "10:40");
    await call.user("Einen Herrenhaarschnitt übernächste Woche.");
    await call.result({ ...ALTERNATIVES, alternatives: [M, F], say: "Montag oder Freitag um 10:40 Uhr?" });
    expect((await call.user("Zwanzig vor elf.")).content).toBe(
      "Meinen Sie Montag, 3. November, um 10:40 Uhr oder Freitag, 7. November, um 10:40 Uhr?",
    );
    expect(only(await call.user("Freitag."))).toEqual({ name: "hold_slot", args: { slot_id: "F1" } });
  });
});

describe("questions and side remarks: answered, then where we were", () => {
  it.each([
    ["Was kostet ein Herrenhaarschnitt?", "prices"],
    ["Wann haben Sie am Samstag offen?", "day_hours"],
    ["Kann ich bei Ihnen mit Karte bezahlen?", "payment"],
    ["Wo finde ich Sie?", "address"],
  ])("%s -> business_info (%s), its say, then the pending question", async (line, topic) => {
    const call = new Call();
    await toAlternatives(call);
    const r = await call.user(line);
    expect(only(r).name).toBe("business_info");
    expect(only(r).args["topic"]).toBe(topic);
    const said = await call.result({ status: "info", topic, known: true, say: "Das ist die Antwort." });
    expect(said.content).toBe(`Das ist die Antwort. ${ALTERNATIVES.say}`);
    expect(said.content).not.toContain("nicht verstanden");
  });

  it("a question with a booking wish: the answer, then the check", async () => {
    const call = new Call();
    const r = await call.user(
      "Was kostet ein Herrenhaarschnitt? Ich hätte gern morgen um zehn einen Termin.",
    );
    expect(only(r).name).toBe("business_info");
    const next = await call.result({ status: "info", topic: "prices", known: true, say: "28 Euro." });
    expect(next.content).toBe("28 Euro.");
    expect(only(next)).toEqual(check({ day: "morgen", time: "um zehn" }));
  });

  it("the phone number: not needed, said honestly, no tool", async () => {
    const call = new Call();
    await toAlternatives(call);
    const r = await call.user("Brauchen Sie noch meine Telefonnummer?");
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toBe(`${phrase("phoneNotNeeded")} ${ALTERNATIVES.say}`);
  });

  it("off topic: one honest sentence and the pending question; its day is no booking day", async () => {
    const call = new Call();
    await call.user("Ich hätte gern einen Herrenhaarschnitt.");
    const r = await call.user("Wie wird eigentlich das Wetter morgen?");
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toBe(`${phrase("offTopic")} ${phrase("askDay", { service: "Herrenhaarschnitt" })}`);
  });

  it('"Moment, ich schau kurz in meinen Kalender" -> only "Gern, ich warte."; then the offer is still there', async () => {
    const call = new Call();
    await toAlternatives(call);
    const r = await call.user("Moment, ich schau kurz in meinen Kalender.");
    expect(r).toEqual({ content: phrase("waitOk"), toolCalls: [] });
    expect((await call.user("Hallo?")).content).toBe(`${phrase("stillHere")} ${ALTERNATIVES.say}`);
    expect(only(await call.user("Der zweite passt.")).args).toEqual({ slot_id: "S2" });
  });

  it('"Rufen Sie mich bitte zurück." -> honest: no call back, what the caller can do, and the question again', async () => {
    const call = new Call();
    await toAlternatives(call);
    const r = await call.user("Rufen Sie mich bitte zurück.");
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toBe(`${phrase("callback")} ${ALTERNATIVES.say}`);
    expect(r.content).toContain("Zurückrufen kann ich");
  });

  it("what we can do is said once: after a second answer only a short open question follows", async () => {
    const call = new Call();
    await call.user("Wann haben Sie am Samstag offen?");
    const first = await call.result({
      status: "info",
      topic: "day_hours",
      known: true,
      say: "Von 8 bis 14 Uhr.",
    });
    expect(first.content).toBe(`Von 8 bis 14 Uhr. ${phrase("howCanIHelp")}`);
    await call.user("Und was kostet ein Herrenhaarschnitt?");
    const second = await call.result({ status: "info", topic: "prices", known: true, say: "28 €." });
    expect(second.content).toBe(`28 €. ${phrase("whatElse")}`);
  });

  it("a question naming a service after 'und' asks business_info about that service, not about 'Und'", async () => {
    const call = new Call();
    const r = await call.user("Und was kostet ein Herrenhaarschnitt?");
    expect(only(r).name).toBe("business_info");
    expect(only(r).args).toMatchObject({ topic: "prices", service: "Herrenhaarschnitt" });
  });

  it("a callback asked while the calendar is down: no call back, no 'jetzt gleich zusammen', one more try offered", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um zehn.");
    await call.result({
      status: "calendar_unavailable",
      retryable: true,
      say: "Ich erreiche unseren Terminkalender gerade leider nicht. Soll ich es in einem Moment noch einmal versuchen?",
    });
    const r = await call.user("Rufen Sie mich bitte zurück.");
    expect(r).toEqual({ content: phrase("callbackOutage"), toolCalls: [] });
    expect(r.content).not.toContain("jetzt gleich zusammen");
    expect(only(await call.user("Ja, versuchen Sie es noch einmal."))).toEqual(
      check({ day: "morgen", time: "um zehn" }),
    );
  });

  it('a bare "Ja" to an open question gets an example answer, not the same question; it ends rather than loop', async () => {
    const call = new Call();
    const options = await call.user("Ich möchte einen Haarschnitt.");
    const r = await call.user("Ja.");
    expect(r.toolCalls).toEqual([]);
    expect(r.content).not.toBe(options.content);
    expect(r.content).toContain("Sagen Sie zum Beispiel „Herrenhaarschnitt“");
    let last = r;
    for (let i = 0; i < 4 && last.toolCalls.length === 0; i++) last = await call.user("Ja.");
    expect(only(last)).toEqual({ name: "end_call", args: { reason: "no_progress" } });
  });

  it('"Am Dienstag" after offers for "nächste Woche" is that week\'s Tuesday, not the next Tuesday', async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt nächste Woche.");
    const W = [
      slot("W1", "2025-10-27", "09:00"),
      slot("W2", "2025-10-28", "09:00"),
      slot("W3", "2025-10-29", "09:00"),
    ];
    await call.result({
      status: "alternatives",
      requested: { ...requested, date: null, days: { from: "2025-10-27", to: "2025-11-02" } },
      alternatives: W,
      say: "Ich kann Ihnen anbieten: ...",
    });
    // Said on Saturday 25 October: "Dienstag" alone is 28 October, inside next week; "Sonntag" alone would be
    // tomorrow, 26 October, outside it: the Sunday of next week (2 November) is meant.
    expect(only(await call.user("Lieber am Sonntag um zehn."))).toEqual(
      check({ day: "2025-11-02", time: "um zehn" }),
    );
  });

  it.each([
    ["Lieber abends", { day: "so schnell wie möglich", time: "abends" }],
    ["am Wochenende", { day: "am Wochenende", time: null }],
    ["nächste Woche", { day: "nächste Woche", time: null }],
    ["so bald wie möglich", { day: "so bald wie möglich", time: null }],
  ])('"%s" after the day question checks, not the same question again', async (line, when) => {
    const call = new Call();
    await call.user("Ich hätte gern einen Herrenhaarschnitt.");
    expect(only(await call.user(line))).toEqual(check(when));
  });
});

describe("cancel and move: no question already answered, a move is never 'gebucht'", () => {
  it('"Ich muss meinen Termin absagen." -> the booking with its date and "absagen?", not "verschieben oder absagen?"', async () => {
    const call = new Call();
    expect(only(await call.user("Ich muss meinen Termin absagen.")).name).toBe("find_appointments");
    const r = await call.result(FOUND);
    expect(r.content).toBe(
      "Ich habe Ihren Termin am Freitag, 31. Oktober um 10:00 Uhr gefunden. Soll ich ihn absagen?",
    );
    expect(r.content).not.toContain("verschieben");
    expect(only(await call.user("Ja.")).args).toEqual({ booking_id: "bk_1" });
  });

  it("a move: found -> new day asked without 'absagen', the free slot offered as a move", async () => {
    const call = new Call();
    await call.user("Ich möchte meinen Termin verschieben.");
    const ask = await call.result(FOUND);
    expect(ask.content).not.toContain("absagen");
    expect(ask.content).toContain("verschieben?");
    expect(only(await call.user("Am Dienstag um drei."))).toEqual(
      check({ day: "Am Dienstag", time: "um drei", reschedule_booking_id: "bk_1" }),
    );
    const T1 = slot("T1", "2025-10-28", "15:00");
    const offer = await call.result({
      status: "available",
      requested,
      slot: T1,
      say: "Ja, am Dienstag, 28. Oktober, um 15:00 Uhr ist ein Termin frei. Soll ich ihn für Sie buchen?",
    });
    expect(offer.content).toBe(
      "Ja, am Dienstag, 28. Oktober um 15:00 Uhr ist frei. Soll ich Ihren Termin dorthin verschieben?",
    );
    expect(offer.content).not.toContain("buchen");
    expect(only(await call.user("Ja, bitte."))).toEqual({
      name: "reschedule_appointment",
      args: { booking_id: "bk_1", slot_id: "T1" },
    });
  });

  it('"auf Dienstag verschieben": the find is told without its question, the check follows at once', async () => {
    const call = new Call();
    await call.user("Ich möchte meinen Termin auf Dienstag verschieben.");
    const r = await call.result(FOUND);
    expect(r.content).toBe("Ich habe Ihren Termin am Freitag, 31. Oktober um 10:00 Uhr gefunden.");
    expect(only(r).args).toMatchObject({ day: "Dienstag", reschedule_booking_id: "bk_1" });
  });

  it("a goodbye while a move is offered says it is not moved yet (not 'gebucht')", async () => {
    const call = new Call();
    await call.user("Ich möchte meinen Termin auf Dienstag verschieben.");
    await call.result(FOUND);
    const T1 = slot("T1", "2025-10-28", "15:00");
    await call.result({
      status: "available",
      requested,
      slot: T1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    expect(only(await call.user("Tschüss."))).toEqual({
      name: "end_call",
      args: { reason: "caller_request" },
    });
    const r = await call.result({
      status: "not_booked",
      slot: T1,
      held: false,
      say: "Noch nicht gebucht. Soll ich ihn für Sie buchen?",
    });
    expect(r.content).toBe(
      "Einen Moment bitte: Ihr Termin ist noch nicht verschoben. Soll ich ihn auf Dienstag, 28. Oktober, um 15:00 Uhr verlegen?",
    );
  });
});

describe("goodbyes", () => {
  async function bookedCall(): Promise<Call> {
    const call = new Call({ callerName: "Hans Schuster" });
    await toAlternatives(call);
    await call.user("Der Erste.");
    await call.result(booked(S1));
    return call;
  }

  it('"Danke, bis morgen." after a booking ends the call (no new day request)', async () => {
    const call = await bookedCall();
    const r = await call.user("Danke, bis morgen.");
    expect(only(r)).toEqual({ name: "end_call", args: { reason: "done" } });
    expect(r.content).toContain("Auf Wiederhören");
  });

  it("a thank-you naming a day after a booking is a goodbye, not a new wish", () => {
    const call = new Call();
    call.messages.push(
      { role: "user", content: "Einen Herrenhaarschnitt morgen um halb zehn, Hans Schuster." },
      {
        role: "assistant",
        content: null,
        toolCalls: [
          { id: "call_1", name: "book_appointment", arguments: '{"slot_id":"S1","name":"Hans Schuster"}' },
        ],
      },
      { role: "tool", toolCallId: "call_1", name: "book_appointment", content: JSON.stringify(booked(S1)) },
      { role: "assistant", content: "Gebucht. Kann ich sonst noch etwas für Sie tun?" },
    );
    const { action } = answerTo(
      call,
      heard({
        thanks: true,
        when: { day: "morgen", time: null, date: "2025-10-26", clock: null, targetDay: false },
      }),
    );
    expect(action.call).toEqual({ name: "end_call", args: { reason: "done" } });
  });

  it('"Ja." to "Kann ich sonst noch etwas für Sie tun?" asks what, not the same question', async () => {
    const call = await bookedCall();
    const r = await call.user("Ja.");
    expect(r).toEqual({ content: phrase("askWhat"), toolCalls: [] });
    expect(only(await call.user("Nein, danke.")).args).toEqual({ reason: "done" });
  });

  it('"Nein danke, keiner passt, ich rufe nochmal an." -> goodbye, saying nothing is booked', async () => {
    const call = new Call();
    await toAlternatives(call);
    const r = await call.user("Nein danke, keiner passt, ich rufe nochmal an.");
    expect(only(r)).toEqual({ name: "end_call", args: { reason: "caller_request" } });
    expect(r.content).toBe(phrase("farewellNotBooked", { business: profile.name }));
  });

  it("declining a single offer with a goodbye: end_call's not_booked is answered with the goodbye, not the question", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um halb zehn, bitte.");
    await call.result({
      status: "available",
      requested,
      slot: S1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    const r = await call.user("Nein danke, ich rufe nochmal an.");
    expect(only(r)).toEqual({ name: "end_call", args: { reason: "caller_request" } });
    expect(r.content).toBeNull();
    const bye = await call.result({
      status: "not_booked",
      slot: S1,
      held: false,
      say: "Noch nicht gebucht. Soll ich?",
    });
    expect(only(bye)).toEqual({ name: "end_call", args: { reason: "caller_request" } });
    expect(bye.content).toBe(phrase("farewellNotBooked", { business: profile.name }));
    expect(await call.result({ status: "ended", reason: "caller_request" })).toEqual({
      content: null,
      toolCalls: [],
    });
  });

  it.each(["Tschüss!", "Auf Wiederhören.", "Ciao.", "Das war's, danke.", "Schönen Tag noch!", "Bye!"])(
    "%s ends the call",
    async (line) => {
      const call = new Call();
      await call.user("Ich hätte gern einen Herrenhaarschnitt.");
      expect(only(await call.user(line)).name).toBe("end_call");
    },
  );
});

describe("ending because we do not get on", () => {
  it("with a single offer open, the caller hears it is not booked, and no question again", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um halb zehn, bitte.");
    await call.result({
      status: "available",
      requested,
      slot: S1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    let r: ModelResponse | undefined;
    for (let i = 0; i < 6 && (r === undefined || r.toolCalls.length === 0); i++)
      r = await call.user("Blubb.");
    expect(only(r!)).toEqual({ name: "end_call", args: { reason: "no_progress" } });
    const bye = await call.result({
      status: "not_booked",
      slot: S1,
      held: false,
      say: "Noch nicht gebucht. Soll ich?",
    });
    expect(only(bye)).toEqual({ name: "end_call", args: { reason: "no_progress" } });
    expect(bye.content).toBe(
      "Der Termin morgen, Sonntag, 26. Oktober, um 9:30 Uhr ist nicht gebucht. Leider kommen wir gerade nicht weiter. Bitte rufen Sie uns gern noch einmal an. Auf Wiederhören!",
    );
  });

  it("a miss after a booking asks the short question again, not the whole confirmation", async () => {
    const call = new Call({ callerName: "Hans Schuster" });
    await toAlternatives(call);
    await call.user("Der Erste.");
    await call.result(booked(S1));
    const r = await call.user("Blubb.");
    expect(r.content).toBe(`${phrase("notUnderstood")} ${phrase("anythingElse")}`);
  });
});

describe("two services in one breath", () => {
  const LINE = "Herrenhaarschnitt und danach den Bart, direkt hintereinander, morgen um zehn.";

  it("one booking per call: said before checking, and after the booking which one is booked", async () => {
    const call = new Call({ callerName: "Hans Schuster" });
    const r = await call.user(LINE);
    expect(only(r)).toEqual(check({ day: "morgen", time: "um zehn" }));
    expect(r.content).toBe(
      "Pro Anruf kann ich leider nur einen Termin buchen. Ich schaue jetzt nach Herrenhaarschnitt; für Bartpflege rufen Sie uns bitte danach noch einmal an.",
    );
    const S = slot("S9", "2025-10-26", "10:00");
    await call.result({ status: "available", requested, slot: S, say: "Frei. Soll ich ihn für Sie buchen?" });
    await call.user("Ja.");
    const done = await call.result(booked(S));
    expect(done.toolCalls).toEqual([]);
    expect(done.content).toContain(
      "Pro Anruf kann ich leider nur einen Termin buchen. Für Bartpflege rufen Sie uns bitte noch einmal an.",
    );
  });

  it("two bookings allowed: the second service is checked at the end of the first, same day", async () => {
    const call = new Call({ callerName: "Hans Schuster", maxBookings: 2 });
    const r = await call.user(LINE);
    expect(r.content).toBe(
      "Gern: Herrenhaarschnitt und, wenn frei, direkt im Anschluss Bartpflege. Ich schaue zuerst nach Herrenhaarschnitt.",
    );
    const S = slot("S9", "2025-10-26", "10:00");
    await call.result({ status: "available", requested, slot: S, say: "Frei. Soll ich ihn für Sie buchen?" });
    expect(only(await call.user("Ja."))).toEqual({
      name: "book_appointment",
      args: { slot_id: "S9", name: "Hans Schuster" },
    });
    const next = await call.result(booked(S));
    expect(only(next)).toEqual(check({ service: "bartpflege", day: "2025-10-26", time: "10:30" }));
    expect(next.content).toContain("Jetzt schaue ich nach Bartpflege direkt im Anschluss.");
    const B = slot("S10", "2025-10-26", "10:30", 30, "bartpflege");
    await call.result({
      status: "available",
      requested,
      slot: B,
      say: "Bart frei. Soll ich ihn für Sie buchen?",
    });
    expect(only(await call.user("Ja, bitte."))).toEqual({
      name: "book_appointment",
      args: { slot_id: "S10", name: "Hans Schuster" },
    });
  });

  it("a kind beside a named service: which haircut is asked, the beard waits and is checked after it", async () => {
    const call = new Call({ callerName: "Hans Schuster", maxBookings: 2 });
    const r = await call.user("Haarschnitt und danach den Bart, direkt hintereinander, morgen um zehn.");
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toContain("Bartpflege direkt im Anschluss");
    expect(r.content).toContain("Herrenhaarschnitt");
    expect(only(await call.user("Für Herren."))).toEqual(
      check({ service: "herrenhaarschnitt", day: "morgen", time: "um zehn" }),
    );
    const S = slot("S9", "2025-10-26", "10:00");
    await call.result({ status: "available", requested, slot: S, say: "Frei. Soll ich ihn für Sie buchen?" });
    await call.user("Ja.");
    const next = await call.result(booked(S));
    expect(only(next)).toEqual(check({ service: "bartpflege", day: "2025-10-26", time: "10:30" }));
  });

  it("a kind beside a named service with one booking per call: the beard is named as not bookable now", async () => {
    const call = new Call({ callerName: "Hans Schuster" });
    const r = await call.user("Haarschnitt und danach den Bart.");
    expect(r.content).toContain("nur einen Termin");
    expect(r.content).toContain("Bartpflege");
  });

  it("hand-built: every service named is kept in order (none dropped silently)", () => {
    const call = new Call();
    const when = { day: "morgen", time: null, date: "2025-10-26", clock: null, targetDay: false };
    const { action, next } = answerTo(
      call,
      heard({ service: "herrenhaarschnitt", services: ["herrenhaarschnitt", "bartpflege"], when }),
    );
    expect(next.queue).toEqual(["bartpflege"]);
    expect(action.say).toContain("Bartpflege");
  });
});

describe("a booking for another person", () => {
  it('"für meine Tochter, Lena Huber": checked for her and booked under her name, not the caller\'s', async () => {
    const call = new Call({ callerName: "Hans Schuster" });
    const r = await call.user(
      "Einen Kinderhaarschnitt morgen um zehn, auf den Namen meiner Tochter, Lena Huber.",
    );
    expect(only(r)).toEqual(
      check({ service: "kinderhaarschnitt", day: "morgen", time: "um zehn", person: "Lena Huber" }),
    );
    const K = { ...slot("K1", "2025-10-26", "10:00", 30, "kinderhaarschnitt"), person: "Lena Huber" };
    await call.result({ status: "available", requested, slot: K, say: "Frei. Soll ich ihn für Sie buchen?" });
    expect(only(await call.user("Ja."))).toEqual({
      name: "book_appointment",
      args: { slot_id: "K1", name: "Lena Huber" },
    });
  });

  it("the father's held 11:00 is never booked under the son's name: the son's 11:30 is checked first", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um elf.");
    const F = slot("F1", "2025-10-26", "11:00");
    await call.result({ status: "available", requested, slot: F, say: "Frei. Soll ich ihn für Sie buchen?" });
    await call.user("Ja.");
    await call.result({
      status: "held",
      slot: F,
      holdUntil: "x",
      say: "Ich halte ihn frei. Auf welchen Namen?",
    });
    const r = await call.user("Halb zwölf, auf den Namen Emre Yilmaz.");
    expect(only(r)).toEqual(check({ day: "morgen", time: "Halb zwölf" }));
    const E = slot("E1", "2025-10-26", "11:30");
    await call.result({ status: "available", requested, slot: E, say: "Frei. Soll ich ihn für Sie buchen?" });
    expect(only(await call.user("Ja."))).toEqual({
      name: "book_appointment",
      args: { slot_id: "E1", name: "Emre Yilmaz" },
    });
  });

  it("a person named in answer to the name question books the hold under that person's name", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um elf.");
    const F = slot("F1", "2025-10-26", "11:00");
    await call.result({ status: "available", requested, slot: F, say: "Frei. Soll ich ihn für Sie buchen?" });
    await call.user("Ja.");
    await call.result({
      status: "held",
      slot: F,
      holdUntil: "x",
      say: "Ich halte ihn frei. Auf welchen Namen?",
    });
    const { action } = answerTo(call, heard({ name: "Lena Huber", person: "Lena Huber" }));
    expect(action.call).toEqual({ name: "book_appointment", args: { slot_id: "F1", name: "Lena Huber" } });
  });

  it("an audience word in a name phrase does not switch the service", async () => {
    const call = new Call();
    await call.user("Einen Damenhaarschnitt morgen um zehn.");
    const D = slot("D1", "2025-10-26", "10:00", 45, "damenhaarschnitt");
    await call.result({ status: "available", requested, slot: D, say: "Frei. Soll ich ihn für Sie buchen?" });
    const r = await call.user("Auf den Namen meiner Tochter, Lena Huber.");
    // No booking before the caller agreed: the name is taken, the question asked again.
    expect(r.toolCalls).toEqual([]);
    expect(r.content).toContain("Lena Huber");
    const booked = await call.user("Ja.");
    expect(only(booked)).toEqual({ name: "book_appointment", args: { slot_id: "D1", name: "Lena Huber" } });
  });
});

describe("an English-speaking caller", () => {
  it("gets a short bilingual answer, books in simple English, and 'bye' ends", async () => {
    const call = new Call();
    const hint = await call.user("Hello, do you speak English?");
    expect(hint).toEqual({ content: phrase("englishHint"), toolCalls: [] });
    const r = await call.user("Men's haircut tomorrow at ten please");
    expect(only(r).name).toBe("check_availability");
    expect(only(r).args).toMatchObject({ service: "herrenhaarschnitt", person: null });
    await call.result({
      status: "available",
      requested,
      slot: S1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    expect(only(await call.user("Yes, please.")).args).toEqual({ slot_id: "S1" });
    await call.result({ status: "held", slot: S1, holdUntil: "x", say: "Gehalten. Auf welchen Namen?" });
    expect(only(await call.user("John Smith"))).toEqual({
      name: "book_appointment",
      args: { slot_id: "S1", name: "John Smith" },
    });
    await call.result(booked(S1, "John Smith"));
    const bye = await call.user("Bye!");
    expect(only(bye).name).toBe("end_call");
    expect(bye.content).toBe(phrase("farewellEnglish", { business: profile.name }));
    expect(call.said().join(" ")).not.toContain("nicht verstanden");
  });

  it("with nothing understood: a hint once, then an honest goodbye in English, never 'nicht verstanden'", async () => {
    const call = new Call();
    await call.user("Hello, do you speak English?");
    const bye = await call.user("Sorry, what do you mean?");
    expect(only(bye)).toEqual({ name: "end_call", args: { reason: "no_progress" } });
    expect(bye.content).toBe(phrase("englishGoodbye"));
    expect(call.said().join(" ")).not.toContain("nicht verstanden");
  });

  it("hand-built: yes, name and 'bye' in English book and end with an English goodbye", async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt morgen um halb zehn, bitte.");
    await call.result({
      status: "available",
      requested,
      slot: S1,
      say: "Frei. Soll ich ihn für Sie buchen?",
    });
    const yes = answerTo(
      call,
      heard({
        yes: true,
        english: true,
        choice: { ordinal: null, relative: null, date: null, time: null, hour: null, pointing: true },
      }),
    );
    expect(yes.action.call).toEqual({ name: "hold_slot", args: { slot_id: "S1" } });
    expect(yes.action.say).toBe(phrase("englishNote"));
    const bye = answerTo(call, heard({ end: true, english: true }));
    expect(bye.action.call).toEqual({ name: "end_call", args: { reason: "caller_request" } });
  });
});

describe("whole calls on the simulator", () => {
  function simCall(maxBookings?: number) {
    const clock = manualClock(NOW);
    const sim = new CalendarSimulator({ profile, clock });
    const call = startCall({
      business: profile,
      calendar: sim,
      clock,
      callerPhone: "+491701234567",
      env: {},
      model: "rule",
      ...(maxBookings === undefined ? {} : { maxBookings }),
    });
    call.conversation.greet();
    return { sim, conversation: call.conversation };
  }

  it('"was anderes", then "sonst noch" for a day read out before: never a time read out before that day', async () => {
    const { conversation } = simCall();
    const seen: string[] = [];
    const offered = (r: Awaited<ReturnType<typeof conversation.turn>>) =>
      r.tools.flatMap((t) => {
        const res = t.result as { slot?: SlotOffer; alternatives?: SlotOffer[] };
        return [...(res.slot ? [res.slot] : []), ...(res.alternatives ?? [])].map((x) => x.start);
      });
    for (const line of [
      "Einen Herrenhaarschnitt am Dienstag vormittags.",
      "Haben Sie noch was anderes?",
      "Lieber am Donnerstag.",
      "Welche Zeiten gibt es am Dienstag sonst noch?",
    ]) {
      const r = await conversation.turn(line);
      const now = offered(r);
      expect(now.length, line).toBeGreaterThan(0);
      if (line.includes("sonst noch") || line.includes("anderes"))
        expect(
          now.filter((x) => seen.includes(x)),
          `${line}: ${r.say}`,
        ).toEqual([]);
      expect(r.say).not.toContain("nicht geöffnet");
      seen.push(...now);
    }
  });

  it('"was anderes" again and again on a short day: never a time read out before, never inside the notice, and no "nothing else" while times are free', async () => {
    const clock = manualClock("2025-10-26T08:00:00+01:00");
    const sim = new CalendarSimulator({ profile, clock });
    const { conversation } = startCall({
      business: profile,
      calendar: sim,
      clock,
      callerPhone: "+491701234567",
      env: {},
      model: "rule",
    });
    conversation.greet();
    const seen: string[] = [];
    // Sunday 7-12, notice 60 minutes from 8:00: 9:00 to 11:30 can be booked, six slots.
    for (const line of ["Einen Herrenhaarschnitt heute.", "Was anderes?", "Keiner passt."]) {
      const r = await conversation.turn(line);
      const today = r.tools
        .flatMap((t) => (t.result as { alternatives?: SlotOffer[] }).alternatives ?? [])
        .filter((x) => x.date === "2025-10-26");
      for (const x of today) {
        expect(x.time >= "09:00", `${line}: ${r.say}`).toBe(true);
        expect(seen, `${line}: ${r.say}`).not.toContain(x.time);
      }
      seen.push(...today.map((x) => x.time));
      expect(r.say).not.toContain(phrase("nothingElseNear"));
    }
    expect(seen.length).toBe(6);
  });

  it("when every time that way was read out: said so, never read out again; a day with nothing left is said and the next open day looked at", async () => {
    const { conversation } = simCall();
    await conversation.turn("Einen Herrenhaarschnitt am Dienstag vormittags.");
    await conversation.turn("Haben Sie noch was anderes?");
    await conversation.turn("Geht es auch später?");
    const earlier = await conversation.turn("Etwas früher?");
    expect(earlier.tools).toEqual([]);
    expect(earlier.say).toBe(phrase("nothingElseNear"));
    const rest = await conversation.turn("Welche Zeiten gibt es am Dienstag sonst noch?");
    expect(rest.say).toContain("Am Dienstag, 28. Oktober, vormittags habe ich sonst nichts mehr frei.");
    // Wednesday is closed: Thursday is looked at, in the caller's morning.
    expect(rest.tools.map((t) => [t.name, (t.arguments as { day?: string }).day])).toEqual([
      ["check_availability", "2025-10-30"],
    ]);
  });

  it('"Zwölf passt." when twelve was not offered: twelve is looked up on that day', async () => {
    const call = new Call();
    await toAlternatives(call);
    expect(only(await call.user("Zwölf passt."))).toEqual(check({ day: "2025-10-26", time: "um 12:00 Uhr" }));
  });

  it('"Sieben passt." on a day open 8-20 looks up 19:00; "Die Zwei" with three offers is no clock time', async () => {
    const call = new Call();
    await call.user("Einen Herrenhaarschnitt am Donnerstag.");
    const T = ["08:00", "13:00", "17:30"].map((t, i) => slot(`T${i}`, "2025-10-30", t));
    await call.result({ ...ALTERNATIVES, alternatives: T });
    expect(only(await call.user("Sieben passt."))).toEqual(
      check({ day: "2025-10-30", time: "um 19:00 Uhr" }),
    );
    const other = new Call();
    await other.user("Einen Herrenhaarschnitt am Donnerstag.");
    await other.result({ ...ALTERNATIVES, alternatives: T });
    const r = await other.user("Die Zwei bitte.");
    expect(r.toolCalls.map((c) => c.name)).not.toContain("check_availability");
  });

  it('"Servus." as the first words is a hello; after a booking it is a goodbye', async () => {
    const { conversation } = simCall();
    const hello = await conversation.turn("Servus.");
    expect(hello.tools).toEqual([]);
    expect(hello.say).toBe(phrase("howCanIHelp"));
    await conversation.turn("Einen Herrenhaarschnitt am Dienstag um zehn. Hans Schuster.");
    await conversation.turn("Ja.");
    const bye = await conversation.turn("Servus.");
    expect(bye.tools.map((t) => t.name)).toEqual(["end_call"]);
  });

  it("after the father's booking, a time with his son's name is a second booking under the son's name", async () => {
    const { sim, conversation } = simCall(2);
    await conversation.turn("Einen Herrenhaarschnitt am Dienstag um elf.");
    await conversation.turn("Ja.");
    await conversation.turn("Murat Yilmaz mein Name.");
    const ask = await conversation.turn("Halb zwölf, auf den Namen Emre Yilmaz.");
    expect(ask.say).not.toContain("pro Anruf");
    expect(ask.say).toContain(phrase("anotherFor", { person: "Emre Yilmaz" }));
    await conversation.turn("Auch einen Herrenhaarschnitt.");
    await conversation.turn("Ja.");
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.name])).toEqual([
      ["2025-10-28T10:00:00.000Z", "Murat Yilmaz"],
      ["2025-10-28T10:30:00.000Z", "Emre Yilmaz"],
    ]);
  });

  it('"später", "früher", "was anderes": every answer offers slots not offered just before', async () => {
    const { conversation } = simCall();
    const first = await conversation.turn("Einen Herrenhaarschnitt am Dienstag um zehn, bitte.");
    const offered = (r: typeof first) =>
      r.tools.flatMap((t) => {
        const res = t.result as { slot?: SlotOffer; alternatives?: SlotOffer[] };
        return [...(res.slot ? [res.slot] : []), ...(res.alternatives ?? [])].map((x) => x.start);
      });
    let last = offered(first);
    for (const line of ["Geht es auch später?", "Haben Sie noch was anderes?", "Etwas früher?"]) {
      const r = await conversation.turn(line);
      const now = offered(r);
      expect(now.length, line).toBeGreaterThan(0);
      expect(
        now.every((x) => last.includes(x)),
        `${line}: ${r.say}`,
      ).toBe(false);
      last = now;
    }
  });

  it("father and son: the son's 11:30 is booked under his name, the father's 11:00 is not", async () => {
    const { sim, conversation } = simCall();
    await conversation.turn("Einen Herrenhaarschnitt am Dienstag um elf.");
    await conversation.turn("Ja.");
    await conversation.turn("Halb zwölf, auf den Namen Emre Yilmaz.");
    const r = await conversation.turn("Ja, bitte.");
    expect(r.say).toContain("Emre Yilmaz");
    expect(sim.listBookings().map((b) => [b.start, b.attendees[0]?.name])).toEqual([
      ["2025-10-28T10:30:00.000Z", "Emre Yilmaz"],
    ]);
  });

  it("two services back to back when the call may book two", async () => {
    const { sim, conversation } = simCall(2);
    await conversation.turn(
      "Herrenhaarschnitt und danach den Bart, direkt hintereinander, am Dienstag um zehn. Hans Schuster.",
    );
    await conversation.turn("Ja.");
    const r = await conversation.turn("Ja, bitte.");
    expect(r.say).toContain("Bartpflege");
    expect(sim.listBookings().map((b) => b.start)).toEqual([
      "2025-10-28T09:00:00.000Z",
      "2025-10-28T09:30:00.000Z",
    ]);
  });
});
