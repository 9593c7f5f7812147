/**
 * A short-lived cache of slot answers in the Cal.com client, so a repeated query ("doch lieber um elf" on the same
 * day) and identical queries of concurrent calls cost one request, not one each. Keyed by event type, range, zone
 * and reschedule uid. An answer is served only while no write of this process to the account (hold, release,
 * booking, cancel, reschedule, by any client of the account, successful or not) started or ended after the
 * answer's request began, so the process never hears slots from before its own change. All event types at once:
 * a booking of one service blocks the overlapping slots of every other service of the same host. Other processes'
 * writes show after at most `ttlMs`, and a hold or booking on such a stale slot is refused by Cal.com itself.
 */
import type { SlotsByDate } from "./backend.ts";

/** The generation of writes to the account that the cache checks answers against. */
export interface WriteGeneration {
  generation: number;
}

interface Entry {
  generation: number;
  storedAtMs: number;
  answer: Promise<SlotsByDate>;
}

/** Queries a call makes in a few seconds, many times over. */
const MAX_ENTRIES = 200;

/** The cache of one client. */
export class SlotCache {
  private readonly entries = new Map<string, Entry>();
  private hitCount = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly account: WriteGeneration,
    private readonly now: () => number,
  ) {}

  /** Answers served from the cache (including joins of a request in flight). */
  get hits(): number {
    return this.hitCount;
  }

  /** The cached answer for `key` (a copy), or `load()`'s, which is then cached; a failed load is not kept. */
  async get(key: string, load: () => Promise<SlotsByDate>): Promise<SlotsByDate> {
    const now = this.now();
    const cached = this.entries.get(key);
    if (
      cached !== undefined &&
      cached.generation === this.account.generation &&
      now - cached.storedAtMs < this.ttlMs
    ) {
      this.hitCount += 1;
      // Callers add their own holds to the lists: each gets its own copy.
      return structuredClone(await cached.answer);
    }
    const entry: Entry = { generation: this.account.generation, storedAtMs: now, answer: load() };
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.evict(now);
    this.entries.set(key, entry);
    try {
      return structuredClone(await entry.answer);
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** Drops stale entries, then the oldest ones, until there is room. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.generation !== this.account.generation || now - entry.storedAtMs >= this.ttlMs) {
        this.entries.delete(key);
      }
    }
    // A Map iterates in insertion order: the first keys are the oldest.
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(key);
    }
  }
}
