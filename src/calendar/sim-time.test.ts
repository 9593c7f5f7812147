import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { isValidZoneName, ZoneClock, zoneClock } from "./sim-time.ts";

const MINUTE = 60_000;

/** What luxon says of `ms` in `zone`, one DateTime per instant: the answers ZoneClock must give. */
function luxonView(ms: number, zone: string) {
  const dt = DateTime.fromMillis(ms, { zone });
  return { offset: dt.offset, iso: dt.toISO(), date: dt.toFormat("yyyy-MM-dd") };
}

function clockView(clock: ZoneClock, ms: number) {
  return { offset: clock.offsetMinutes(ms), iso: clock.iso(ms), date: clock.localDate(ms) };
}

/** Every `stepMinutes` from `hours` before to `hours` after `iso`. */
function around(iso: string, hours: number, stepMinutes: number): number[] {
  const at = DateTime.fromISO(iso, { setZone: true }).toMillis();
  const out: number[] = [];
  for (let ms = at - hours * 60 * MINUTE; ms <= at + hours * 60 * MINUTE; ms += stepMinutes * MINUTE)
    out.push(ms);
  return out;
}

describe("ZoneClock: offsets, local dates and ISO text as luxon gives them", () => {
  // A zone's offset changes once at each instant below (UTC); each is probed at and next to the change.
  const changes: [zone: string, at: string][] = [
    ["Europe/Berlin", "2025-03-30T01:00:00Z"],
    ["Europe/Berlin", "2025-10-26T01:00:00Z"],
    ["Europe/Berlin", "2026-03-29T01:00:00Z"],
    ["Europe/Vienna", "2025-03-30T01:00:00Z"],
    ["Europe/Vienna", "2025-10-26T01:00:00Z"],
    ["America/New_York", "2025-11-02T06:00:00Z"],
    ["America/St_Johns", "2025-03-09T05:30:00Z"],
    ["Australia/Lord_Howe", "2025-04-05T15:00:00Z"],
    ["Pacific/Chatham", "2025-09-27T14:00:00Z"],
    ["America/Havana", "2025-11-02T05:00:00Z"],
  ];

  it.each(changes)(
    "%s around %s: every minute over the change hour, every 7 min over 6 hours",
    (zone, at) => {
      const clock = new ZoneClock(zone);
      const atMs = DateTime.fromISO(at).toMillis();
      const instants = [
        ...around(at, 3, 7),
        ...around(at, 1, 1),
        atMs - 1,
        atMs,
        atMs + 1,
        atMs - 1000,
        atMs + 999,
      ];
      const offsets = new Set<number>();
      for (const ms of instants) {
        const want = luxonView(ms, zone);
        offsets.add(want.offset);
        expect(clockView(clock, ms), `${zone} ${new Date(ms).toISOString()}`).toEqual(want);
      }
      expect(offsets.size, "the probed hours hold a change").toBe(2);
    },
  );

  it("random instants of 2024-2027 in zones with whole, half and three-quarter hour offsets", () => {
    const zones = [
      "Europe/Berlin",
      "Europe/Vienna",
      "America/New_York",
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "Australia/Lord_Howe",
      "Pacific/Chatham",
      "UTC",
      "Etc/UTC",
      "Etc/GMT+5",
    ];
    let seed = 14;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.UTC(2024, 0, 1);
    const span = Date.UTC(2028, 0, 1) - from;
    for (const zone of zones) {
      const clock = zoneClock(zone);
      for (let i = 0; i < 120; i++) {
        // Whole minutes mostly (as slots are), some with seconds and milliseconds.
        const ms =
          from + Math.floor((random() * span) / (i % 3 === 0 ? 1 : MINUTE)) * (i % 3 === 0 ? 1 : MINUTE);
        expect(clockView(clock, ms), `${zone} ${ms}`).toEqual(luxonView(ms, zone));
      }
    }
  });

  it("UTC by name is Z, an IANA UTC zone is +00:00, as luxon writes them", () => {
    const ms = Date.UTC(2025, 9, 26, 8, 30);
    expect(zoneClock("UTC").iso(ms)).toBe("2025-10-26T08:30:00.000Z");
    expect(zoneClock("Etc/UTC").iso(ms)).toBe("2025-10-26T08:30:00.000+00:00");
    expect(zoneClock("Europe/Berlin").iso(ms)).toBe("2025-10-26T09:30:00.000+01:00");
    expect(zoneClock("America/New_York").iso(ms)).toBe("2025-10-26T04:30:00.000-04:00");
  });

  it("hands what it does not write itself to luxon: seconds offsets, far years, fractions of a millisecond", () => {
    const berlin = new ZoneClock("Europe/Berlin");
    // Berlin's local mean time, +00:53:28 until 1893.
    const lmt = Date.UTC(1890, 5, 1, 12);
    expect(clockView(berlin, lmt)).toEqual(luxonView(lmt, "Europe/Berlin"));
    const early = Date.UTC(812, 0, 1, 12);
    expect(clockView(berlin, early)).toEqual(luxonView(early, "Europe/Berlin"));
    const late = Date.UTC(12_345, 0, 1, 12);
    expect(clockView(berlin, late)).toEqual(luxonView(late, "Europe/Berlin"));
    expect(berlin.iso(1.5)).toBe(DateTime.fromMillis(1.5, { zone: "Europe/Berlin" }).toISO());
  });

  it("remembers zone validity as luxon judges it", () => {
    for (const name of ["Europe/Berlin", "europe/vienna", "UTC", "Mitteleuropa", "", "Europe/Berlin "]) {
      expect(isValidZoneName(name), name).toBe(IANAZone.isValidZone(name));
      expect(isValidZoneName(name), name).toBe(IANAZone.isValidZone(name));
    }
  });
});
