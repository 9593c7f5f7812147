import { describe, expect, it } from "vitest";
import { type ChoiceHints, type Choosable, pickOption } from "./choice.ts";

function at(date: string, time: string): Choosable {
  return { start: `${date}T${time}:00+01:00`, date, time };
}

const NONE: ChoiceHints = {
  ordinal: null,
  relative: null,
  date: null,
  time: null,
  hour: null,
  pointing: false,
};

describe("pickOption", () => {
  const evening = [at("2025-10-30", "19:00"), at("2025-10-30", "20:00")];
  const morning = [at("2025-10-31", "08:00"), at("2025-10-31", "08:30"), at("2025-10-31", "09:00")];

  it("reads a bare hour on the offers' dial: 'die Acht' is 20:00 in the evening", () => {
    expect(pickOption(evening, { ...NONE, time: "08:00", hour: 8, pointing: true })).toEqual({
      kind: "one",
      item: evening[1],
    });
  });

  it("and 08:00 in the morning, never the half hour", () => {
    expect(pickOption(morning, { ...NONE, time: "08:00", hour: 8 })).toEqual({
      kind: "one",
      item: morning[0],
    });
  });

  it("an hour that fits no offer picks none (a new wish)", () => {
    expect(pickOption(morning, { ...NONE, time: "12:00", hour: 12 })).toBeNull();
  });

  it("an exact time still needs the exact offer", () => {
    expect(pickOption(evening, { ...NONE, time: "08:00" })).toBeNull();
    expect(pickOption(morning, { ...NONE, time: "08:30" })).toEqual({ kind: "one", item: morning[1] });
  });

  it("the same hour on two days is ambiguous until the day is said", () => {
    const both = [at("2025-10-30", "08:00"), at("2025-10-31", "20:00")];
    expect(pickOption(both, { ...NONE, hour: 8, time: "08:00" })).toEqual({ kind: "ambiguous" });
    expect(pickOption(both, { ...NONE, hour: 8, time: "08:00", date: "2025-10-31" })).toEqual({
      kind: "one",
      item: both[1],
    });
  });
});
