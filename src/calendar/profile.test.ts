/**
 * Business profiles: every shipped profile loads, and every mistake a developer makes in one is a single-line
 * ConfigError that names the file (or "inline profile") and the field.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError } from "../errors.ts";
import { findService, loadBusinessProfile, PROMPTS_DIR, parseBusinessProfile } from "./profile.ts";

const BUSINESSES = join(PROMPTS_DIR, "businesses");
const dir = mkdtempSync(join(tmpdir(), "termin-profiles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid profile; each test breaks one thing. */
const salon = {
  id: "salon",
  name: "Salon",
  timezone: "Europe/Berlin",
  greeting: "Hallo",
  services: [
    { id: "schnitt", name: "Schnitt", aliases: ["Haarschnitt"], eventTypeId: 11, minutes: 30 },
    { id: "farbe", name: "Farbe", eventTypeId: 12, minutes: 60 },
  ],
  hours: { mon: [["09:00", "18:00"]] },
};

/** Writes `text` as `<dir>/<name>` and returns the path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The ConfigError message of `run`; fails the test when nothing (or something else) is thrown. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected a ConfigError, but the profile loaded");
}

const inline = (data: unknown) => errorOf(() => parseBusinessProfile(data));

describe("the shipped profiles", () => {
  const files = readdirSync(BUSINESSES).filter((f) => f.endsWith(".yaml"));

  it("are friseur-1 and physio-1", () => {
    expect(files.sort()).toEqual(["friseur-1.yaml", "physio-1.yaml"]);
  });

  it.each(files)("%s loads, with its file name as id", (f) => {
    const profile = loadBusinessProfile(join(BUSINESSES, f));
    expect(profile.id).toBe(f.replace(/\.yaml$/, ""));
    expect(loadBusinessProfile(profile.id)).toEqual(profile);
  });

  it("friseur-1 knows its address, payment and some prices; Färben and Bartpflege have none", () => {
    const friseur = loadBusinessProfile("friseur-1");
    expect(friseur.address).toBe("Musterstraße 12, 10115 Berlin");
    expect(friseur.payment).toEqual(["Bargeld", "EC-Karte", "Kreditkarte"]);
    expect(findService(friseur, "Herrenhaarschnitt")?.price).toBe("28 €");
    expect(findService(friseur, "Damenhaarschnitt")?.price).toBe("ab 45 €");
    expect(findService(friseur, "Färben")).toBeDefined();
    expect(findService(friseur, "Färben")?.price).toBeUndefined();
    expect(findService(friseur, "Bartpflege")).toBeDefined();
    expect(findService(friseur, "Bartpflege")?.price).toBeUndefined();
  });

  it("physio-1 is a practice with a lunch break, closed at the weekend, without prices", () => {
    const physio = loadBusinessProfile("physio-1");
    expect(physio).toMatchObject({
      name: "Physio 1",
      timezone: "Europe/Berlin",
      minimumNoticeMinutes: 120,
      bookingWindowDays: 28,
      payment: ["Bargeld", "EC-Karte"],
    });
    expect(physio.address).toEqual(expect.any(String));
    expect(physio.services.map((s) => [s.name, s.minutes])).toEqual([
      ["Krankengymnastik", 30],
      ["Massage", 20],
      ["Manuelle Therapie", 30],
      ["Fango", 20],
      ["Lymphdrainage", 45],
    ]);
    expect(new Set(physio.services.map((s) => s.eventTypeId)).size).toBe(5);
    for (const [alias, id] of [
      ["KG", "krankengymnastik"],
      ["Physiotherapie", "krankengymnastik"],
      ["Massagen", "massage"],
      ["MT", "manuelle-therapie"],
      ["Fangopackung", "fango"],
      ["Lymphe", "lymphdrainage"],
    ]) {
      expect(findService(physio, alias ?? "")?.id, alias).toBe(id);
    }
    expect(physio.services.every((s) => s.price === undefined)).toBe(true);
    for (const day of ["mon", "tue", "wed", "thu", "fri"] as const) expect(physio.hours[day]).toHaveLength(2);
    expect(physio.hours.fri?.[1]?.[1]).toBe("14:00");
    expect(physio.hours.sat).toBeUndefined();
    expect(physio.hours.sun).toBeUndefined();
  });
});

describe("optional business facts", () => {
  it("a profile without address, payment and prices is valid, and they stay absent", () => {
    const profile = parseBusinessProfile(salon);
    expect(profile.address).toBeUndefined();
    expect(profile.payment).toBeUndefined();
    expect(profile.services.map((s) => s.price)).toEqual([undefined, undefined]);
    expect(Object.keys(profile)).not.toContain("address");
  });

  it("address, payment and a price per service are kept as written", () => {
    const profile = parseBusinessProfile({
      ...salon,
      address: "Musterstraße 12, 10115 Berlin",
      payment: ["Bargeld", "EC-Karte"],
      services: [{ ...salon.services[0], price: "ab 45 €" }, salon.services[1]],
    });
    expect(profile).toMatchObject({
      address: "Musterstraße 12, 10115 Berlin",
      payment: ["Bargeld", "EC-Karte"],
    });
    expect(profile.services.map((s) => s.price)).toEqual(["ab 45 €", undefined]);
  });

  it("an empty payment list or an empty price is refused, not read as a fact", () => {
    expect(inline({ ...salon, payment: [] })).toMatch(/^inline profile: invalid business profile: payment: /);
    expect(inline({ ...salon, services: [{ ...salon.services[0], price: "" }] })).toMatch(
      /services\.0\.price: /,
    );
  });
});

describe("a broken profile is one line naming the file and the field", () => {
  it("refuses unknown keys at the top level and in a service, with a hint", () => {
    expect(inline({ ...salon, minimumNotice: 60 })).toBe(
      "inline profile: invalid business profile: minimumNotice: unknown field; did you mean minimumNoticeMinutes?",
    );
    expect(inline({ ...salon, services: [{ ...salon.services[0], alias: ["Schnitt"] }] })).toBe(
      "inline profile: invalid business profile: services.0.alias: unknown field; did you mean aliases?",
    );
    expect(inline({ ...salon, colour: "blue" })).toBe(
      "inline profile: invalid business profile: colour: unknown field; use id, name, timezone, greeting, address, " +
        "payment, services, hours, minimumNoticeMinutes, bookingWindowDays, bookingsPerCall, teamEvent",
    );
    for (const bad of [0, 6, 1.5, "2"])
      expect(inline({ ...salon, bookingsPerCall: bad })).toMatch(
        /^inline profile: invalid business profile: bookingsPerCall: /,
      );
    expect(parseBusinessProfile(salon).bookingsPerCall).toBe(1);
    expect(parseBusinessProfile({ ...salon, bookingsPerCall: 2 }).bookingsPerCall).toBe(2);
    const path = file("typo.yaml", stringify({ ...salon, id: "typo", minimumNotice: 60 }));
    expect(errorOf(() => loadBusinessProfile(path))).toBe(
      `${path}: invalid business profile: minimumNotice: unknown field; did you mean minimumNoticeMinutes?`,
    );
  });

  it("refuses a booking window or a notice no calendar can answer", () => {
    expect(inline({ ...salon, bookingWindowDays: 100000000 })).toBe(
      "inline profile: invalid business profile: bookingWindowDays: at most 730 (two years)",
    );
    expect(inline({ ...salon, minimumNoticeMinutes: 10 ** 9 })).toBe(
      "inline profile: invalid business profile: minimumNoticeMinutes: at most 43200 (30 days)",
    );
  });

  it("refuses unknown weekday keys and names the allowed ones", () => {
    expect(inline({ ...salon, hours: { fr: [["09:00", "12:00"]] } })).toBe(
      "inline profile: invalid business profile: hours.fr: unknown weekday; use mon, tue, wed, thu, fri, sat, sun",
    );
    expect(inline({ ...salon, hours: { monday: [] } })).toContain(
      "hours.monday: unknown weekday; use mon, tue,",
    );
  });

  it("refuses an opening range that does not end after it starts", () => {
    expect(inline({ ...salon, hours: { mon: [["18:00", "08:00"]] } })).toBe(
      "inline profile: invalid business profile: hours.mon.0: end 08:00 is not after start 18:00",
    );
    expect(inline({ ...salon, hours: { tue: [["09:00", "09:00"]] } })).toBe(
      "inline profile: invalid business profile: hours.tue.0: end 09:00 is not after start 09:00",
    );
  });

  it("refuses overlapping and unsorted ranges on one day; touching ranges are fine", () => {
    expect(
      inline({
        ...salon,
        hours: {
          mon: [
            ["09:00", "12:00"],
            ["11:00", "14:00"],
          ],
        },
      }),
    ).toBe("inline profile: invalid business profile: hours.mon.1: 11:00-14:00 overlaps 09:00-12:00");
    expect(
      inline({
        ...salon,
        hours: {
          wed: [
            ["13:00", "18:00"],
            ["08:00", "12:00"],
          ],
        },
      }),
    ).toBe(
      "inline profile: invalid business profile: hours.wed.1: 08:00-12:00 comes before 13:00-18:00; sort the ranges by time",
    );
    const touching = [
      ["08:00", "12:00"],
      ["12:00", "18:00"],
    ];
    expect(parseBusinessProfile({ ...salon, hours: { mon: touching } }).hours.mon).toEqual(touching);
  });

  it("refuses a file whose id is not its file name; an inline profile may use any id", () => {
    const path = file("friseur-2.yaml", stringify({ ...salon, id: "friseur-1" }));
    expect(errorOf(() => loadBusinessProfile(path))).toBe(
      `${path}: invalid business profile: id: "friseur-1" differs from the file name; use id: friseur-2`,
    );
    expect(loadBusinessProfile(file("salon.yml", stringify(salon))).id).toBe("salon");
    expect(parseBusinessProfile({ ...salon, id: "anything" }).id).toBe("anything");
  });

  it("reports a YAML syntax error with file, line, column and the parser's short message", () => {
    const path = file("syntax.yaml", 'id: syntax\nname: [Salon\ngreeting: "Hallo"\n');
    const message = errorOf(() => loadBusinessProfile(path));
    expect(message).toBe(
      `${path}: not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
    const twice = file("twice.yaml", "id: twice\nname: A\nname: B\n");
    expect(errorOf(() => loadBusinessProfile(twice))).toBe(
      `${twice}: not valid YAML at line 3, column 1: Map keys must be unique`,
    );
  });

  it("refuses two services with one eventTypeId, and one service id twice", () => {
    const [schnitt, farbe] = salon.services;
    expect(inline({ ...salon, services: [schnitt, { ...farbe, eventTypeId: 11 }] })).toBe(
      "inline profile: invalid business profile: services.1.eventTypeId: 11 is already the event type of services.0 (schnitt)",
    );
    expect(inline({ ...salon, services: [schnitt, { ...farbe, id: "schnitt" }] })).toBe(
      'inline profile: invalid business profile: services.1.id: "schnitt" is already the id of services.0',
    );
  });

  it("refuses an empty file and a file that is not a mapping", () => {
    for (const [name, text] of [
      ["empty.yaml", ""],
      ["comment.yaml", "# nothing yet\n"],
    ] as const) {
      const path = file(name, text);
      expect(errorOf(() => loadBusinessProfile(path))).toBe(
        `${path}: invalid business profile: empty; expected a mapping with id, name, timezone, greeting, services, hours`,
      );
    }
    const list = file("list.yaml", "- id: salon\n- name: Salon\n");
    expect(errorOf(() => loadBusinessProfile(list))).toBe(
      `${list}: invalid business profile: expected a mapping with id, name, timezone, greeting, services, hours; got a list`,
    );
    const scalar = file("scalar.yaml", "friseur-1\n");
    expect(errorOf(() => loadBusinessProfile(scalar))).toMatch(/; got a string$/);
    expect(inline(null)).toMatch(/^inline profile: invalid business profile: empty; /);
  });

  it("lists at most five problems on its one line", () => {
    const message = inline({ ...salon, a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 });
    expect(message.split("; ").filter((p) => p.includes("unknown field"))).toHaveLength(5);
    expect(message).toMatch(/; and 2 more$/);
  });

  it("refuses a file too large to be a profile before reading it", () => {
    const path = file("huge.yaml", `# ${"x".repeat(300 * 1024)}\n`);
    expect(errorOf(() => loadBusinessProfile(path))).toBe(
      `${path}: larger than 256 KiB; not a business profile`,
    );
  });

  it("names a profile that does not exist", () => {
    expect(errorOf(() => loadBusinessProfile("friseur-9"))).toMatch(
      /^business profile "friseur-9" not found/,
    );
  });
});
