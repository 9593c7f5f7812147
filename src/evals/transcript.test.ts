/**
 * Transcript loading: every shipped transcript loads, and a broken one is a ConfigError that names the file,
 * the field path and what was expected.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PROMPTS_DIR } from "../calendar/profile.ts";
import { ConfigError } from "../errors.ts";
import {
  loadTranscript,
  MAX_TRANSCRIPT_BYTES,
  MAX_TURNS,
  parseTranscript,
  transcriptFiles,
} from "./transcript.ts";

const ROOT = join(PROMPTS_DIR, "..");
const TRANSCRIPTS = join(ROOT, "evals", "transcripts");
const FIXTURES = join(ROOT, "src", "evals", "__fixtures__", "transcripts");

const minimal = {
  name: "minimal",
  now: "2025-10-25T20:17:50+02:00",
  business: "friseur-1",
  turns: [{ caller: "Hallo" }],
};

/** The ConfigError message of parsing `data` as file "t.yaml"; fails the test when it parses. */
function errorOf(data: unknown): string {
  try {
    parseTranscript(data, "t.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError, but the transcript parsed");
}

describe("the shipped transcripts", () => {
  const files = transcriptFiles([TRANSCRIPTS]);

  it("are the 42 calls of evals/transcripts, sorted", () => {
    expect(files.map((f) => basename(f))).toEqual([
      "ambiguous-pick.yaml",
      "asap.yaml",
      "bare-hour-pick.yaml",
      "beyond-window.yaml",
      "business-questions.yaml",
      "calcom-500.yaml",
      "cancel-other.yaml",
      "cancel-own.yaml",
      "closed-day.yaml",
      "correct-day.yaml",
      "daughter-name.yaml",
      "day-over.yaml",
      "daypart-full.yaml",
      "dialect-goodbye.yaml",
      "direct-booking.yaml",
      "direct-cancel.yaml",
      "dst-spring-forward.yaml",
      "ends-after-closing.yaml",
      "english-caller.yaml",
      "father-son.yaml",
      "goodbye-before-booking.yaml",
      "greeting-name.yaml",
      "hans-schuster.yaml",
      "loops-answered.yaml",
      "move-wording.yaml",
      "names-repeated.yaml",
      "none-fits.yaml",
      "nothing-free.yaml",
      "offer-later.yaml",
      "offer-taken.yaml",
      "one-sentence.yaml",
      "outage-no-callback.yaml",
      "prompt-injection.yaml",
      "requested-day-full.yaml",
      "reschedule.yaml",
      "service-switch.yaml",
      "spelled-name.yaml",
      "surname-first.yaml",
      "two-services-kind.yaml",
      "two-services.yaml",
      "wait-calendar.yaml",
      "weekend.yaml",
    ]);
  });

  it.each(files.map((f) => [basename(f), f]))(
    "%s loads, named after its file, on a known business",
    (_, f) => {
      const loaded = loadTranscript(f);
      expect(loaded.file).toBe(f);
      expect(loaded.transcript.name).toBe(basename(f, ".yaml"));
      expect(loaded.business.timezone).toBe("Europe/Berlin");
      expect(loaded.transcript.turns.length).toBeGreaterThan(0);
    },
  );

  it("hans-schuster keeps the reference call's clock, booking and other customer", () => {
    const { transcript, business } = loadTranscript(join(TRANSCRIPTS, "hans-schuster.yaml"));
    expect(transcript.now).toBe("2025-10-25T20:17:50+02:00");
    expect(business.id).toBe("friseur-1");
    expect(transcript.calendar.bookings).toEqual([
      {
        service: "herrenhaarschnitt",
        start: "2025-10-26T10:00",
        name: "Eva Brandt",
        phone: "+4917000000001",
      },
    ]);
    expect(transcript.others).toEqual([{ on: "book", takes: "chosen" }]);
    expect(transcript.expect).toEqual({
      booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" },
      cancelled: [],
    });
  });
});

describe("defaults", () => {
  it("fill caller, calendar, others and expect", () => {
    const { transcript } = parseTranscript(minimal, "t.yaml");
    expect(transcript.caller).toEqual({ phone: "+491701234567" });
    expect(transcript.calendar).toEqual({ bookings: [], closed: [], failures: [] });
    expect(transcript.others).toEqual([]);
    expect(transcript.expect).toEqual({ cancelled: [] });
  });
});

describe("an invalid transcript is a ConfigError naming file, field and what was expected", () => {
  it.each([
    [
      "`now` without offset",
      { ...minimal, now: "2025-10-25T20:17:50" },
      'now: expected an ISO instant with offset, e.g. "2025-10-25T20:17:50+02:00"',
    ],
    [
      "`now` that is no date",
      { ...minimal, now: "gestern+02:00" },
      "now: expected an ISO instant with offset",
    ],
    [
      "an unknown others.on",
      { ...minimal, others: [{ on: "hold", takes: "chosen" }] },
      'others.0.on: Invalid option: expected one of "offer"|"book"',
    ],
    [
      "an unreadable others.takes",
      { ...minimal, others: [{ on: "book", takes: "the second" }] },
      "others.0.takes",
    ],
    ["empty turns", { ...minimal, turns: [] }, "turns: Too small: expected array to have >=1 items"],
    ["an empty caller line", { ...minimal, turns: [{ caller: "" }] }, "turns.0.caller"],
    [
      "a misspelt turn expectation",
      { ...minimal, turns: [{ caller: "Hallo", expect: { say: ["x"] } }] },
      'turns.0.expect: Unrecognized key: "say"',
    ],
    ["an unknown top-level key", { ...minimal, expects: {} }, '(root): Unrecognized key: "expects"'],
    [
      "a booking time with a space",
      { ...minimal, expect: { booked: { service: "herrenhaarschnitt", start: "2025-10-26 10:30" } } },
      'expect.booked.start: expected a business-local wall time "YYYY-MM-DDTHH:MM"',
    ],
    [
      "a calendar booking with an offset",
      {
        ...minimal,
        calendar: {
          bookings: [{ service: "herrenhaarschnitt", start: "2025-10-26T10:00+01:00", name: "A" }],
        },
      },
      "calendar.bookings.0.start: expected a business-local wall time",
    ],
    [
      "a closure given in words",
      { ...minimal, calendar: { closed: [{ from: "morgen", to: "2025-11-04T10:00" }] } },
      "calendar.closed.0.from: expected a business-local wall time",
    ],
    [
      "an unknown failure method",
      { ...minimal, calendar: { failures: [{ method: "getSlot" }] } },
      "calendar.failures.0.method",
    ],
    [
      "an inline business with a bad time zone",
      {
        ...minimal,
        business: {
          id: "x",
          name: "X",
          timezone: "Europe/Atlantis",
          greeting: "Hallo",
          services: [{ id: "s", name: "S", eventTypeId: 1, minutes: 30 }],
          hours: {},
        },
      },
      "business (inline profile): invalid business profile: timezone: expected an IANA time zone",
    ],
    [
      "an inline business with a misspelled field and an unknown weekday",
      {
        ...minimal,
        business: {
          id: "x",
          name: "X",
          timezone: "Europe/Berlin",
          greeting: "Hallo",
          services: [{ id: "s", name: "S", eventTypeId: 1, minutes: 30 }],
          hours: { fr: [["09:00", "12:00"]] },
          minimumNotice: 60,
        },
      },
      "business (inline profile): invalid business profile: hours.fr: unknown weekday; use mon, tue, wed, thu, fri, sat, sun; minimumNotice: unknown field; did you mean minimumNoticeMinutes?",
    ],
    [
      "a business that is neither an id nor a mapping",
      { ...minimal, business: 42 },
      "business: expected a profile id (prompts/businesses/<id>.yaml) or an inline profile mapping",
    ],
  ])("%s", (_what, data, expected) => {
    const message = errorOf(data);
    expect(message).toMatch(/^t\.yaml: /);
    expect(message).toContain(expected);
  });

  it("an unknown service in calendar.bookings names the service and the business", () => {
    const message = errorOf({
      ...minimal,
      calendar: { bookings: [{ service: "dauerwelle", start: "2025-10-26T10:00", name: "Eva Brandt" }] },
    });
    expect(message).toBe('t.yaml: calendar.bookings.0.service: unknown service "dauerwelle" for friseur-1');
  });

  it("lists every issue of the file, one per line", () => {
    const file = join(FIXTURES, "bad-fields.yaml");
    expect(() => loadTranscript(file)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadTranscript(file);
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message.split("\n")).toEqual([
      `${file}: invalid transcript`,
      '  now: expected an ISO instant with offset, e.g. "2025-10-25T20:17:50+02:00"',
      '  others.0.on: Invalid option: expected one of "offer"|"book"',
      '  (root): Unrecognized key: "expects"',
    ]);
  });

  it("bad YAML names the file and the line", () => {
    const file = join(FIXTURES, "bad-yaml.yaml");
    expect(() => loadTranscript(file)).toThrow(ConfigError);
    expect(() => loadTranscript(file)).toThrow(new RegExp(`^${file}: not valid YAML: .*line \\d+`));
  });

  it("a missing file names the file", () => {
    const file = join(FIXTURES, "no-such-call.yaml");
    expect(() => loadTranscript(file)).toThrow(`${file}: cannot read transcript`);
  });

  it("an impossible wall time is refused at load", () => {
    errorOf({ ...minimal, expect: { booked: { service: "herrenhaarschnitt", start: "2025-13-40T10:00" } } });
  });

  it("an unknown service in expect.booked is refused at load", () => {
    const message = errorOf({
      ...minimal,
      expect: { booked: { service: "dauerwelle", start: "2025-10-26T10:00" } },
    });
    expect(message).toContain("expect.booked");
  });

  it("an unknown business id names the transcript file and the field", () => {
    const message = errorOf({ ...minimal, business: "friseur-2" });
    expect(message).toContain("t.yaml");
    expect(message).toContain("business");
    expect(message).toContain("friseur-2");
  });
});

describe("an inline business profile", () => {
  it("is validated and used in place of a profile file", () => {
    const { business, transcript } = loadTranscript(join(FIXTURES, "inline-business.yaml"));
    expect(business).toMatchObject({
      id: "barbier-wien",
      timezone: "Europe/Vienna",
      services: [{ id: "bart", eventTypeId: 900001, minutes: 30, aliases: ["Bart"] }],
      hours: { mon: [["09:00", "12:00"]] },
      // Profile defaults apply inline too.
      minimumNoticeMinutes: 0,
      bookingWindowDays: 60,
    });
    expect(transcript.calendar.bookings[0]?.service).toBe("bart");
  });

  it("its own services decide which calendar bookings are known", () => {
    const inline = loadTranscript(join(FIXTURES, "inline-business.yaml")).transcript.business;
    const message = errorOf({
      ...minimal,
      business: inline,
      calendar: { bookings: [{ service: "herrenhaarschnitt", start: "2025-11-03T10:00", name: "A" }] },
    });
    expect(message).toContain('unknown service "herrenhaarschnitt" for barbier-wien');
  });
});

describe("transcriptFiles", () => {
  const dir = mkdtempSync(join(tmpdir(), "termin-transcripts-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("expands a directory to its *.yaml and *.yml files, sorted, and keeps files as given", () => {
    for (const f of ["b.yml", "a.yaml", "notes.md", "c.yaml.bak"]) writeFileSync(join(dir, f), "");
    const single = join(TRANSCRIPTS, "hans-schuster.yaml");
    expect(transcriptFiles([dir, single])).toEqual([join(dir, "a.yaml"), join(dir, "b.yml"), single]);
  });

  it("names a path that does not exist", () => {
    expect(() => transcriptFiles([join(dir, "missing")])).toThrow(ConfigError);
    expect(() => transcriptFiles([join(dir, "missing")])).toThrow(
      `${join(dir, "missing")}: no such file or directory`,
    );
  });
});

describe("bounds: file size and number of turns", () => {
  const dir = mkdtempSync(join(tmpdir(), "termin-transcript-bounds-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const turn = { caller: "Hallo" };

  it(`takes ${MAX_TURNS} turns and refuses one more in one line, before checking any turn`, () => {
    expect(
      parseTranscript({ ...minimal, turns: Array(MAX_TURNS).fill(turn) }, "t.yaml").transcript.turns,
    ).toHaveLength(MAX_TURNS);
    expect(errorOf({ ...minimal, turns: Array(MAX_TURNS + 1).fill(turn) })).toBe(
      `t.yaml: turns: ${MAX_TURNS + 1} turns; at most ${MAX_TURNS}`,
    );
    // 100,000 broken turns: still one line, not one per turn.
    expect(errorOf({ ...minimal, turns: Array(100_000).fill({ caller: 1 }) })).not.toContain("\n");
  });

  it(`reads a file up to ${MAX_TRANSCRIPT_BYTES} bytes and refuses a larger one with one line`, () => {
    const head = [
      `name: big`,
      `now: "2025-10-25T20:17:50+02:00"`,
      "business: friseur-1",
      "turns:",
      '  - caller: "Hallo"',
    ];
    const base = `${head.join("\n")}\n`;
    const atBound = join(dir, "at-bound.yaml");
    writeFileSync(atBound, `${base}#${"x".repeat(MAX_TRANSCRIPT_BYTES - base.length - 1)}`);
    expect(loadTranscript(atBound).transcript.name).toBe("big");
    const over = join(dir, "over.yaml");
    writeFileSync(over, `${base}#${"x".repeat(MAX_TRANSCRIPT_BYTES - base.length)}`);
    expect(() => loadTranscript(over)).toThrow(ConfigError);
    expect(() => loadTranscript(over)).toThrow(
      new ConfigError(`${over}: larger than ${MAX_TRANSCRIPT_BYTES} bytes (1 MB); not a transcript`),
    );
  });
});
