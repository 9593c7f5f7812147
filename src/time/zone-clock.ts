/**
 * A zone's offsets, local dates and ISO text, remembered per hour of UTC time, exactly as luxon computes them. luxon
 * asks `Intl` for the offset of every instant it builds in an IANA zone (tens of microseconds each); the kit builds
 * many instants in the same zone, so the business zone's shared luxon zone object answers from this clock
 * (`cacheZoneOffsets`).
 */
import { DateTime, IANAZone, Info, type Zone } from "luxon";

const HOUR_MS = 3_600_000;
/** Hours between the offset probes of a day. */
const QUARTER_HOURS = 6;
const DAY_MS = 86_400_000;

/** ISO text of a valid DateTime in its own zone (`...+01:00`, or `...Z` for UTC). */
export function isoOf(dt: DateTime): string {
  const text = dt.toISO();
  if (text === null) throw new Error(`invalid DateTime: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return text;
}

/** An hour of UTC time in which the zone's offset changes, once, at `atMs`. */
interface Shift {
  before: number;
  after: number;
  atMs: number;
}

/** A number below 100 as two digits. */
function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Hours of offsets kept per zone: a little over the longest booking window (730 days). */
const MAX_HOURS = 24 * 800;
/** Local dates kept per zone, as `YYYY-MM-DD`. */
const MAX_DATES = 800;

/**
 * One zone's offsets, local dates and ISO text, exactly as luxon computes them (`DateTime.fromMillis(ms, {zone})`,
 * `toISO()`, `toFormat("yyyy-MM-dd")`), without luxon's Intl lookup per instant: that lookup costs tens of
 * microseconds, and a week of slots needs hundreds. The offset is looked up every six hours of UTC time, then every
 * hour of six whose ends differ, and kept; an hour whose two ends differ is searched for its one change. Exact for
 * zones that change their offset at most once within six hours, which every zone of the tz database does (checked
 * against every change of the 418 zones of Node 20's ICU data from 1850 to 2100).
 */
export class ZoneClock {
  private readonly zone: Zone;
  /** luxon's own offset lookup for the zone, even after `cacheZoneOffsets` made the zone object answer from here. */
  private readonly exactOffset: (ms: number) => number;
  private readonly hours = new Map<number, number | Shift>();
  private readonly dates = new Map<number, string | null>();
  private readonly offsetTexts = new Map<number, string>();

  constructor(readonly name: string) {
    this.zone = Info.normalizeZone(name);
    const lookup = (Object.getPrototypeOf(this.zone) as Zone).offset;
    this.exactOffset = (ms) => lookup.call(this.zone, ms);
  }

  /** The zone's offset from UTC at `ms`, in minutes (luxon's `offset`). */
  offsetMinutes(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let entry = this.hours.get(hour);
    if (entry === undefined) entry = this.loadDayOf(hour);
    return typeof entry === "number" ? entry : ms < entry.atMs ? entry.before : entry.after;
  }

  /** The local date of `ms` as a day count from 1970-01-01. */
  localDay(ms: number): number {
    // As luxon (tsToObj): the local time is `ms` shifted by the offset, read as UTC by `Date` (which truncates).
    return Math.floor(Math.trunc(ms + this.offsetMinutes(ms) * 60_000) / DAY_MS);
  }

  /** The local date of `ms`, `YYYY-MM-DD` (luxon's `toFormat("yyyy-MM-dd")`). */
  localDate(ms: number): string {
    return (
      this.dateText(this.localDay(ms)) ?? DateTime.fromMillis(ms, { zone: this.zone }).toFormat("yyyy-MM-dd")
    );
  }

  /** ISO text of `ms` in this zone, as luxon's `toISO()` writes it (`2025-10-26T02:30:00.000+01:00`). */
  iso(ms: number): string {
    const offset = this.offsetMinutes(ms);
    const local = ms + offset * 60_000;
    const day = Math.floor(local / DAY_MS);
    // Whole milliseconds, whole-minute offsets and four-digit years are every slot the simulator has; the rest
    // goes through luxon.
    const date = Number.isInteger(local) ? this.dateText(day) : null;
    if (date === null) return isoOf(DateTime.fromMillis(ms, { zone: this.zone }));
    const t = local - day * DAY_MS;
    const milli = t % 1000;
    return `${date}T${two(Math.floor(t / HOUR_MS))}:${two(Math.floor(t / 60_000) % 60)}:${two(
      Math.floor(t / 1000) % 60,
    )}.${milli < 10 ? "00" : milli < 100 ? "0" : ""}${milli}${this.offsetText(offset)}`;
  }

  /** `YYYY-MM-DD` of a day count, or null outside four-digit years (luxon writes those differently). */
  private dateText(day: number): string | null {
    let text = this.dates.get(day);
    if (text === undefined) {
      const date = new Date(day * DAY_MS);
      const year = date.getUTCFullYear();
      text = year >= 1000 && year <= 9999 ? date.toISOString().slice(0, 10) : null;
      if (this.dates.size >= MAX_DATES) this.dates.clear();
      this.dates.set(day, text);
    }
    return text;
  }

  /** The offset as luxon's `toISO()` ends: `Z` for a fixed UTC zone, else `+HH:MM` or `-HH:MM`. */
  private offsetText(offset: number): string {
    let text = this.offsetTexts.get(offset);
    if (text === undefined) {
      const abs = Math.abs(offset);
      text =
        this.zone.isUniversal && offset === 0
          ? "Z"
          : `${offset < 0 ? "-" : "+"}${two(Math.trunc(abs / 60))}:${two(Math.trunc(abs % 60))}`;
      this.offsetTexts.set(offset, text);
    }
    return text;
  }

  /**
   * Probes the UTC day holding `hour` every six hours (5 lookups), and each hour of a quarter whose ends differ, and
   * keeps its 24 hours; returns `hour`'s entry. A quarter with equal ends has one offset throughout: no zone changes
   * its offset and back within six hours.
   */
  private loadDayOf(hour: number): number | Shift {
    if (this.hours.size + 24 > MAX_HOURS) this.hours.clear();
    const first = Math.floor(hour / 24) * 24;
    let before = this.exactOffset(first * HOUR_MS);
    for (let quarter = first; quarter < first + 24; quarter += QUARTER_HOURS) {
      const end = this.exactOffset((quarter + QUARTER_HOURS) * HOUR_MS);
      if (before === end || Number.isNaN(before)) {
        for (let h = quarter; h < quarter + QUARTER_HOURS; h++) this.hours.set(h, before);
      } else {
        let hourStart = before;
        for (let h = quarter; h < quarter + QUARTER_HOURS; h++) {
          const after = h + 1 === quarter + QUARTER_HOURS ? end : this.exactOffset((h + 1) * HOUR_MS);
          const same = hourStart === after || Number.isNaN(hourStart);
          this.hours.set(h, same ? hourStart : this.shiftIn(h, hourStart, after));
          hourStart = after;
        }
      }
      before = end;
    }
    return this.hours.get(hour) ?? Number.NaN;
  }

  /** Finds the instant in hour `h` at which the offset changes from `before` to `after`. */
  private shiftIn(h: number, before: number, after: number): Shift {
    // Invariant: the offset at `lo` is `before`, at `hi` it is not.
    let lo = h * HOUR_MS;
    let hi = lo + HOUR_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.exactOffset(mid) === before) lo = mid;
      else hi = mid;
    }
    return { before, after: hi < (h + 1) * HOUR_MS ? this.exactOffset(hi) : after, atMs: hi };
  }
}

/** Zones a process keeps clocks for; a caller naming more starts over. */
const MAX_ZONES = 64;
const clocks = new Map<string, ZoneClock>();
const validZones = new Map<string, boolean>();

/** The shared clock of zone `name` (an IANA name, or what luxon accepts as a zone). */
export function zoneClock(name: string): ZoneClock {
  let clock = clocks.get(name);
  if (clock === undefined) {
    if (clocks.size >= MAX_ZONES) clocks.clear();
    clock = new ZoneClock(name);
    clocks.set(name, clock);
  }
  return clock;
}

/** `IANAZone.isValidZone`, remembered: it builds an `Intl.DateTimeFormat` per call. */
export function isValidZoneName(name: string): boolean {
  let valid = validZones.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    if (validZones.size >= MAX_ZONES) validZones.clear();
    validZones.set(name, valid);
  }
  return valid;
}

/** Zone objects that answer offsets from their clock. */
const cached = new WeakSet<Zone>();

/**
 * Makes luxon's shared zone object for the IANA zone `name` (the one every `{ zone: name }` resolves to) answer
 * offsets from the zone's clock: the same numbers, looked up once per hour of UTC time instead of once per instant.
 * Other zones (fixed offsets, the system zone, invalid names) are left as they are. Idempotent.
 */
export function cacheZoneOffsets(name: string): void {
  const zone = Info.normalizeZone(name);
  if (!(zone instanceof IANAZone) || !zone.isValid || cached.has(zone)) return;
  const clock = zoneClock(name);
  const lookup = IANAZone.prototype.offset;
  Object.defineProperty(zone, "offset", {
    value: (ms: number) => (Number.isFinite(ms) ? clock.offsetMinutes(ms) : lookup.call(zone, ms)),
    configurable: true,
  });
  cached.add(zone);
}

/** Zone objects by name, as `zoneNamed` hands them out. */
const named = new Map<string, Zone>();

/**
 * luxon's zone for `name` (what `{ zone: name }` would resolve to), with an IANA zone's offsets answered from its
 * clock (`cacheZoneOffsets`). Passing the object instead of the name also spares luxon parsing the name each time.
 */
export function zoneNamed(name: string): Zone {
  let zone = named.get(name);
  if (zone === undefined) {
    cacheZoneOffsets(name);
    zone = Info.normalizeZone(name);
    if (named.size >= MAX_ZONES) named.clear();
    named.set(name, zone);
  }
  return zone;
}
