import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../calendar/profile.ts";
import { type Reading, UTTERANCES } from "./__fixtures__/utterances.ts";
import { type Understanding, understand } from "./understand.ts";

const profile = loadBusinessProfile("friseur-1");
const NOW = "2025-10-25T20:17:50+02:00";

/** The reading in the table's terms: every fact that is not empty, and nothing else. */
function reading(u: Understanding): Reading {
  const out: Record<string, unknown> = {};
  const set = (k: string, v: unknown) => {
    if (v !== null && v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  };
  set("yes", u.yes);
  set("no", u.no);
  set("unsure", u.unsure);
  set("service", u.service);
  // Several services in the order said, or the named ones waiting while the options are asked about.
  if (u.services.length > 1 || u.service === null) set("services", u.services);
  set("options", u.serviceOptions);
  set("name", u.name);
  set("person", u.person);
  set("day", u.when?.day);
  set("time", u.when?.time);
  set("date", u.when?.date);
  set("clock", u.when?.clock);
  set("targetDay", u.when?.targetDay);
  set("ordinal", u.choice.ordinal);
  set("relative", u.choice.relative);
  if (u.choice.time !== (u.when?.clock ?? null)) set("pick", u.choice.time);
  set("hour", u.choice.hour);
  set("navigate", u.navigate);
  if (u.question !== null) {
    const { topic, day, service } = u.question;
    out["question"] = { topic, ...(day === null ? {} : { day }), ...(service === null ? {} : { service }) };
  }
  set("intent", u.intent);
  set("end", u.end);
  set("thanks", u.thanks);
  set("another", u.another);
  set("again", u.again);
  set("wish", u.wish);
  set("wait", u.wait);
  set("callback", u.callback);
  set("offTopic", u.offTopic);
  set("english", u.english);
  set("injection", u.injection);
  set("many", u.manyBookings);
  set("abuse", u.abuse);
  set("filler", u.filler);
  set("unclear", !u.understood);
  return out as Reading;
}

describe("understand: the utterance table", () => {
  it("has at least 300 rows, each said once", () => {
    expect(UTTERANCES.length).toBeGreaterThanOrEqual(300);
    const texts = UTTERANCES.map(([text, , options]) => `${text}|${options?.asked === true}`);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it.each(UTTERANCES)("%s", (text, expected, options) => {
    const u = understand(text, { profile, now: NOW, expectingName: options?.asked === true });
    expect(reading(u)).toEqual(expected);
    // The first service named is the service; a person named is the name booked.
    if (u.service !== null && u.services.length > 0) expect(u.services[0]).toBe(u.service);
    if (u.person !== null) expect(u.name).toBe(u.person);
    expect(u.text).toBe(text);
  });
});
