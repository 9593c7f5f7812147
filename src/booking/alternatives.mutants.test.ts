/**
 * What the ranking must do that the broader suites did not pin (found by mutation testing): one slot per following
 * day before a second from the same day, a daypart's upper bound kept on every day, and the branches of
 * `chooseOffers` (beyond the booking window, the earliest, spans of days, a full daypart).
 */
import { describe, expect, it } from "vitest";
import type { SlotsByDate } from "../calendar/backend.ts";
import { check, expectStatus, newCall } from "./__fixtures__/call.ts";
import { local, slots, ZONE } from "./__fixtures__/slots.ts";
import { chooseOffers, type OfferPlan, rankAlternatives, spread } from "./alternatives.ts";

/** A wish with nothing but what is given. */
function plan(requested: Partial<OfferPlan["requested"]>, more: Partial<OfferPlan> = {}): OfferPlan {
  return {
    requested: { date: null, time: null, window: null, days: null, earliest: false, ...requested },
    backward: false,
    daypartFull: false,
    ...more,
  };
}

const AFTERNOON = { from: "12:00", to: "18:00" };

describe("rankAlternatives: the following days", () => {
  it("offers one slot on each following day before a second slot of the same day", () => {
    // Nothing left on the 26th; the 27th has three times near 10:00, the 28th only one far from it.
    const data = slots({
      "2025-10-26": [],
      "2025-10-27": ["09:30", "10:00", "10:30"],
      "2025-10-28": ["15:00"],
    });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 09:30", "2025-10-27 10:00", "2025-10-28 15:00"]);
  });

  it("with one slot left on the requested day, takes the next day's nearest, then the day after's", () => {
    const data = slots({
      "2025-10-26": ["11:30"],
      "2025-10-27": ["07:00", "12:00", "12:30"],
      "2025-10-28": ["17:30"],
    });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "12:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 11:30", "2025-10-27 12:00", "2025-10-28 17:30"]);
  });

  it("fills up from the requested day itself when no later day has anything", () => {
    const data = slots({ "2025-10-26": ["08:00", "09:00", "09:30", "10:30", "11:00"] });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE },
    );
    // 09:30 and 10:30 are the nearest on each side; 09:00 and 11:00 tie at an hour, and the earlier wins.
    expect(picked.map(local)).toEqual(["2025-10-26 09:00", "2025-10-26 09:30", "2025-10-26 10:30"]);
  });

  it("a wish after the day's last start takes the two latest of that day, then the next day", () => {
    const data = slots({ "2025-10-26": ["09:00", "10:00", "11:00"], "2025-10-27": ["12:00", "07:00"] });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "12:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 10:00", "2025-10-26 11:00", "2025-10-27 12:00"]);
  });

  it("a wish before the day's first start takes the two earliest of that day", () => {
    const data = slots({ "2025-10-26": ["09:00", "10:00", "11:00"] });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "07:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 09:00", "2025-10-26 10:00", "2025-10-26 11:00"]);
  });

  it("a slot exactly at the wished time counts as after it, beside the nearest before", () => {
    const data = slots({ "2025-10-26": ["09:00", "09:30", "10:00", "10:30"] });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-26", time: "10:00", window: null },
      { zone: ZONE, max: 2 },
    );
    expect(picked.map(local)).toEqual(["2025-10-26 09:30", "2025-10-26 10:00"]);
  });
});

describe("rankAlternatives: without a clock time, and days in any order", () => {
  it("without a time: the two earliest of the day, then the earliest of the next day", () => {
    const data = slots({ "2025-10-27": ["14:00", "09:00", "11:00"], "2025-10-28": ["16:00", "08:00"] });
    const picked = rankAlternatives(data, { date: "2025-10-27", time: null, window: null }, { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-27 09:00", "2025-10-27 11:00", "2025-10-28 08:00"]);
  });

  it("takes the next following day first whatever order the calendar lists the days in", () => {
    const data = slots({
      "2025-10-31": ["10:00"],
      "2025-10-29": ["10:00"],
      "2025-10-27": ["09:30", "10:30"],
    });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-27", time: "10:00", window: null },
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 09:30", "2025-10-27 10:30", "2025-10-29 10:00"]);
  });
});

describe("rankAlternatives: equally near times", () => {
  it("the earlier of two times equally near the wish comes first, whatever order the calendar lists them in", () => {
    for (const later of [
      ["10:30", "09:30"],
      ["09:30", "10:30"],
    ]) {
      const data = slots({ "2025-10-26": [], "2025-10-27": later, "2025-10-28": [] });
      const picked = rankAlternatives(
        data,
        { date: "2025-10-26", time: "10:00", window: null },
        { zone: ZONE, max: 1 },
      );
      expect(picked.map(local), later.join(",")).toEqual(["2025-10-27 09:30"]);
    }
  });
});

describe("rankAlternatives: a daypart window is [from, to) on every day", () => {
  it("'nachmittags' (12:00-18:00) offers 12:00 but never 18:00, on the day and on the following days", () => {
    const data = slots({
      "2025-10-30": ["11:30", "12:00", "18:00", "18:30"],
      "2025-10-31": ["18:00", "17:30"],
      "2025-11-01": ["11:30", "18:00"],
    });
    const picked = rankAlternatives(
      data,
      { date: "2025-10-30", time: null, window: AFTERNOON },
      { zone: ZONE, max: 5 },
    );
    expect(picked.map(local)).toEqual(["2025-10-30 12:00", "2025-10-31 17:30"]);
  });
});

describe("chooseOffers: a daypart on a day", () => {
  it("spreads the offers over the daypart and keeps 18:00 out of 'nachmittags'", () => {
    const data = slots({
      "2025-10-30": ["11:30", "12:00", "13:00", "14:00", "15:00", "17:30", "18:00", "19:30"],
      "2025-10-31": ["08:00", "18:00"],
    });
    const picked = chooseOffers(data, plan({ date: "2025-10-30", window: AFTERNOON }), { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-30 12:00", "2025-10-30 14:00", "2025-10-30 17:30"]);
  });

  it("a daypart with one free time on the day: that time, then the next days' earliest inside the daypart", () => {
    const data = slots({
      "2025-10-30": ["09:00", "17:30", "18:00"],
      "2025-10-31": ["11:30", "12:30", "18:00"],
      "2025-11-01": ["13:00", "13:30"],
    });
    const picked = chooseOffers(data, plan({ date: "2025-10-30", window: AFTERNOON }), { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-30 17:30", "2025-10-31 12:30", "2025-11-01 13:00"]);
  });

  it("a full daypart: that day's free times nearest to it first (an hour after beats two before)", () => {
    const data = slots({
      "2025-10-30": ["09:00", "10:00", "19:00", "19:30"],
      "2025-10-31": ["12:00", "13:00"],
    });
    const picked = chooseOffers(
      data,
      plan({ date: "2025-10-30", window: AFTERNOON }, { daypartFull: true }),
      {
        zone: ZONE,
      },
    );
    // 10:00 is 120 minutes before 12:00, 19:00 is 61 after the last start 17:59: 19:00 and 19:30 come first.
    expect(picked.map(local)).toEqual(["2025-10-30 19:00", "2025-10-30 19:30", "2025-10-31 12:00"]);
  });

  it("a full daypart: minutes outside it count from its start before it and from its end after it; ties go early", () => {
    // [12:00, 18:00): 11:40 is 20 minutes before, 11:30 and 18:29 are both 30 away (18:00 is the first minute after
    // it), 10:00 is 120 before. Two are offered: 11:40, then the earlier of the two at 30.
    const data = slots({ "2025-10-30": ["18:29", "11:40", "10:00", "11:30"] });
    const picked = chooseOffers(
      data,
      plan({ date: "2025-10-30", window: AFTERNOON }, { daypartFull: true }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-30 11:30", "2025-10-30 11:40"]);
  });

  it("a daypart outside the day's hours (not full): only the daypart on the following days", () => {
    const data = slots({ "2025-10-30": ["09:00", "10:00"], "2025-10-31": ["11:00", "12:30"] });
    const picked = chooseOffers(data, plan({ date: "2025-10-30", window: AFTERNOON }), { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-31 12:30"]);
  });

  it("a day with nothing asked for on it and no date: nothing", () => {
    expect(chooseOffers(slots({ "2025-10-30": ["09:00"] }), plan({}), { zone: ZONE })).toEqual([]);
  });
});

describe("chooseOffers: the earliest", () => {
  it("two on the first free day, one on the next, whatever the time of day", () => {
    const data = slots({
      "2025-10-26": [],
      "2025-10-27": ["07:00", "07:30", "08:00"],
      "2025-10-28": ["17:30", "08:00"],
    });
    const picked = chooseOffers(data, plan({ earliest: true }), { zone: ZONE });
    expect(picked.map(local)).toEqual(["2025-10-27 07:00", "2025-10-27 07:30", "2025-10-28 17:30"]);
  });

  it("'in einer halben Stunde': the window bounds its own day only", () => {
    const data = slots({
      "2025-10-28": ["09:00", "10:00", "11:00", "11:30", "12:00"],
      "2025-10-30": ["08:00", "09:00"],
    });
    const picked = chooseOffers(
      data,
      plan({ date: "2025-10-28", window: { from: "10:30", to: "23:59" }, earliest: true }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-28 11:00", "2025-10-28 11:30", "2025-10-30 08:00"]);
  });

  it("'in einer halben Stunde' with nothing left that day: the next free day from its first time", () => {
    const data = slots({ "2025-10-28": ["09:00", "10:00"], "2025-10-30": ["08:00", "09:00", "09:30"] });
    const picked = chooseOffers(
      data,
      plan({ date: "2025-10-28", window: { from: "10:30", to: "23:59" }, earliest: true }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-30 08:00", "2025-10-30 09:00"]);
  });

  it("'so bald wie möglich, lieber abends' (no day): the evening on every day", () => {
    const data = slots({
      "2025-10-28": ["09:00", "17:30"],
      "2025-10-30": ["08:00", "16:30", "17:00", "19:30"],
    });
    const picked = chooseOffers(data, plan({ window: { from: "17:00", to: "22:00" }, earliest: true }), {
      zone: ZONE,
    });
    expect(picked.map(local)).toEqual(["2025-10-28 17:30", "2025-10-30 17:00"]);
  });

  it("nothing inside the window on any day: nothing", () => {
    const data = slots({ "2025-10-28": ["09:00"], "2025-10-30": ["08:00"] });
    const picked = chooseOffers(data, plan({ window: { from: "17:00", to: "22:00" }, earliest: true }), {
      zone: ZONE,
    });
    expect(picked).toEqual([]);
  });
});

describe("chooseOffers: spans of days", () => {
  it("one per day nearest the time asked", () => {
    const data = slots({
      "2025-10-27": ["07:00", "10:30", "12:30"],
      "2025-10-28": ["09:00", "17:00"],
      "2025-10-29": ["11:30", "08:00"],
      "2025-10-30": ["10:00"],
    });
    const picked = chooseOffers(
      data,
      plan({ time: "10:00", days: { from: "2025-10-27", to: "2025-10-29" } }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 10:30", "2025-10-28 09:00", "2025-10-29 11:30"]);
  });

  it("a span with a single free time: that time, then the days after the span", () => {
    const data = slots({
      "2025-10-28": ["09:00"],
      "2025-10-30": ["08:00", "10:00"],
      "2025-10-31": ["10:30"],
    });
    const picked = chooseOffers(
      data,
      plan({ time: "10:00", days: { from: "2025-10-27", to: "2025-10-28" } }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-28 09:00", "2025-10-30 10:00", "2025-10-31 10:30"]);
  });

  it("fewer free days than offers: more times of the span's days, spread from the day's first time on", () => {
    const data = slots({
      "2025-10-27": ["07:00", "08:00", "09:00", "10:00", "11:00", "12:00"],
      "2025-10-30": ["08:00"],
    });
    const picked = chooseOffers(data, plan({ days: { from: "2025-10-27", to: "2025-10-28" } }), {
      zone: ZONE,
    });
    expect(picked.map(local)).toEqual(["2025-10-27 07:00", "2025-10-27 09:00", "2025-10-27 10:00"]);
  });

  it("never offers a day before the span", () => {
    const data = slots({ "2025-10-26": ["08:00"], "2025-10-27": ["09:00"], "2025-10-28": ["09:00"] });
    const picked = chooseOffers(data, plan({ days: { from: "2025-10-27", to: "2025-10-28" } }), {
      zone: ZONE,
    });
    expect(picked.map(local)).toEqual(["2025-10-27 09:00", "2025-10-28 09:00"]);
  });

  it("a day of the span the calendar lists with no free time does not thin the others' share", () => {
    const data = slots({
      "2025-10-27": ["07:00", "08:00", "09:00", "10:00", "11:00", "12:00"],
      "2025-10-28": [],
    });
    const picked = chooseOffers(data, plan({ days: { from: "2025-10-27", to: "2025-10-28" } }), {
      zone: ZONE,
    });
    expect(picked.map(local)).toEqual(["2025-10-27 07:00", "2025-10-27 09:00", "2025-10-27 10:00"]);
  });

  it("a span day with free times outside the daypart adds none of them", () => {
    const data = slots({
      "2025-10-27": ["08:00", "17:30", "18:30"],
      "2025-10-28": ["08:00", "09:00"],
    });
    const picked = chooseOffers(
      data,
      plan({ days: { from: "2025-10-27", to: "2025-10-28" }, window: { from: "17:00", to: "22:00" } }),
      { zone: ZONE },
    );
    expect(picked.map(local)).toEqual(["2025-10-27 17:30", "2025-10-27 18:30"]);
  });

  it("of two times equally near the time asked, the earlier, in either order", () => {
    for (const times of [
      ["10:30", "09:30"],
      ["09:30", "10:30"],
    ]) {
      const data = slots({ "2025-10-27": times });
      const picked = chooseOffers(
        data,
        plan({ time: "10:00", days: { from: "2025-10-27", to: "2025-10-27" } }),
        { zone: ZONE, max: 1 },
      );
      expect(picked.map(local), times.join(",")).toEqual(["2025-10-27 09:30"]);
    }
  });

  it("an empty span: the days after it", () => {
    const data = slots({ "2025-10-30": ["08:00", "09:00"], "2025-10-31": ["08:00"] });
    const picked = chooseOffers(data, plan({ days: { from: "2025-10-27", to: "2025-10-28" } }), {
      zone: ZONE,
    });
    expect(picked.map(local)).toEqual(["2025-10-30 08:00", "2025-10-31 08:00"]);
  });
});

describe("chooseOffers: beyond the booking window", () => {
  it("the last bookable days before the wish, one each, nearest the wish first", () => {
    const data = slots({
      "2025-12-20": ["08:00", "10:00"],
      "2025-12-22": ["09:00", "13:00"],
      "2025-12-23": ["10:00", "11:00"],
      "2025-12-24": ["10:00"],
    });
    const picked = chooseOffers(data, plan({ date: "2025-12-23", time: "11:00" }, { backward: true }), {
      zone: ZONE,
      max: 2,
    });
    expect(picked.map(local)).toEqual(["2025-12-22 09:00", "2025-12-23 11:00"]);
  });

  it("a span beyond the window: the last days up to the span's end", () => {
    const data = slots({
      "2025-12-22": ["09:00"],
      "2025-12-23": ["10:00"],
      "2025-12-29": ["08:00"],
    });
    const picked = chooseOffers(
      data,
      plan({ days: { from: "2025-12-20", to: "2025-12-23" } }, { backward: true }),
      { zone: ZONE, max: 2 },
    );
    expect(picked.map(local)).toEqual(["2025-12-22 09:00", "2025-12-23 10:00"]);
  });

  it("takes the days nearest the wish whatever order the calendar lists its days in", () => {
    const data: SlotsByDate = {
      ...slots({ "2025-12-23": ["10:00"] }),
      ...slots({ "2025-12-19": ["08:00"] }),
      ...slots({ "2025-12-22": ["09:00"] }),
    };
    const picked = chooseOffers(data, plan({ date: "2025-12-23" }, { backward: true }), {
      zone: ZONE,
      max: 2,
    });
    expect(picked.map(local)).toEqual(["2025-12-22 09:00", "2025-12-23 10:00"]);
  });

  it("without a day, the last days of the calendar", () => {
    const data = slots({
      "2025-12-20": ["08:00"],
      "2025-12-22": ["09:00"],
      "2025-12-23": ["10:00"],
    });
    const picked = chooseOffers(data, plan({}, { backward: true }), { zone: ZONE, max: 2 });
    expect(picked.map(local)).toEqual(["2025-12-22 09:00", "2025-12-23 10:00"]);
  });
});

describe("spread", () => {
  it("of nothing is nothing, and of fewer times than wanted is all of them", () => {
    expect(spread([], 3)).toEqual([]);
    expect(spread(["a"], 3)).toEqual(["a"]);
    expect(spread(["a", "b", "c"], 3)).toEqual(["a", "b", "c"]);
    expect(spread(["a", "b", "c", "d", "e"], 1)).toEqual(["a"]);
  });
});

describe("through check_availability, as the caller hears it", () => {
  it("'Donnerstag nachmittags' (open until 20:00) offers 12:00 to 17:30, never 18:00 or later", async () => {
    const { session } = newCall();
    const r = expectStatus(await check(session, "Donnerstag", "nachmittags"), "alternatives");
    expect(r.requested.window).toEqual(AFTERNOON);
    expect(r.alternatives.map((a) => `${a.date} ${a.time}`)).toEqual([
      "2025-10-30 12:00",
      "2025-10-30 15:00",
      "2025-10-30 17:30",
    ]);
    expect(r.say).toBe(
      "Gern. Ich kann Ihnen anbieten: am Donnerstag, 30. Oktober, um 12:00, 15:00 oder 17:30 Uhr. Welcher Termin passt Ihnen am besten?",
    );
  });
});
