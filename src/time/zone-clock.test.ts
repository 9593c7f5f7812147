import { DateTime, IANAZone, Info } from "luxon";
import { describe, expect, it } from "vitest";
import { cacheZoneOffsets } from "./zone-clock.ts";

const MINUTE = 60_000;

/** Zones whose offsets change by an hour, by half an hour (Lord Howe), or sit at odd minutes (Kathmandu, Chatham),
 * with the local dates of their changes in 2025. */
const ZONES: Record<string, string[]> = {
  "Europe/Berlin": ["2025-03-30", "2025-10-26"],
  "America/New_York": ["2025-03-09", "2025-11-02"],
  "Australia/Lord_Howe": ["2025-04-06", "2025-10-05"],
  "Asia/Kathmandu": [],
  "Pacific/Chatham": ["2025-04-06", "2025-09-28"],
};

/** Every quarter hour of the 24 hours from noon UTC before each change, and 200 instants spread over 40 years. */
function instants(changes: string[]): number[] {
  const out: number[] = [];
  for (const day of changes) {
    const start = Date.parse(`${day}T12:00:00Z`) - 86_400_000;
    for (let m = 0; m < 24 * 60; m += 15) out.push(start + m * MINUTE);
  }
  for (let i = 0; i < 200; i++) out.push(Date.UTC(1990, 0, 1) + i * 6_311_520_007 + (i % 7) * 1_001);
  return out;
}

describe("cacheZoneOffsets", () => {
  it("leaves luxon's offsets, local times and ISO text in the zone exactly as they were", () => {
    for (const [name, changes] of Object.entries(ZONES)) {
      const exact = new IANAZone(name); // a zone object of its own, never cached
      cacheZoneOffsets(name);
      const differing: string[] = [];
      const offsets = new Set<number>();
      for (const ms of instants(changes)) {
        offsets.add(DateTime.fromMillis(ms, { zone: exact }).offset);
        const viaCache = DateTime.fromMillis(ms, { zone: name }).toISO();
        const viaIntl = DateTime.fromMillis(ms, { zone: exact }).toISO();
        if (viaCache !== viaIntl) differing.push(`${name} ${ms}: ${viaCache} instead of ${viaIntl}`);
      }
      expect(differing).toEqual([]);
      expect(offsets.size, `${name}: the instants cross its changes`).toBe(changes.length === 0 ? 1 : 2);
      // Wall times back to instants, including the hour that happens twice and the one that is skipped.
      for (const wall of ["2025-10-26T02:30", "2025-03-30T02:30", "2025-11-02T01:30", "2025-04-06T02:15"]) {
        expect(DateTime.fromISO(wall, { zone: name }).toMillis(), `${name} ${wall}`).toBe(
          DateTime.fromISO(wall, { zone: exact }).toMillis(),
        );
      }
    }
  });

  it("makes the shared zone object answer from the cache, and leaves other zones alone", () => {
    cacheZoneOffsets("Europe/Berlin");
    const shared = Info.normalizeZone("Europe/Berlin");
    expect(Object.hasOwn(shared, "offset")).toBe(true);
    cacheZoneOffsets("Europe/Berlin"); // again: nothing changes
    expect(shared.offset(Date.UTC(2025, 9, 26, 0, 59))).toBe(120);
    expect(shared.offset(Date.UTC(2025, 9, 26, 1, 0))).toBe(60);
    expect(Number.isNaN(shared.offset(Number.NaN))).toBe(true);

    for (const other of ["UTC+2", "not/a-zone", "system"]) {
      cacheZoneOffsets(other);
      expect(Object.hasOwn(Info.normalizeZone(other), "offset"), other).toBe(false);
    }
  });
});
