/**
 * Resolver throughput, for `termin bench resolve`: the phrase table of the tests, cycled, each phrase said at a
 * different one of the reference instants so `now`-dependent rules (month and year roll-over, DST days) all run.
 */
import { INSTANTS, PHRASES } from "./__fixtures__/phrases.ts";
import { resolve } from "./resolve.ts";

const NOWS = Object.values(INSTANTS);

/** Resolves `count` phrases and reports CPU time (user + system, so a busy machine does not skew it). */
export function benchResolve(count: number): { phrases: number; seconds: number; perSecond: number } {
  const start = process.cpuUsage();
  for (let i = 0; i < count; i += 1) {
    const phrase = PHRASES[i % PHRASES.length]!;
    const now = NOWS[Math.floor(i / PHRASES.length) % NOWS.length] ?? phrase.now;
    resolve(phrase.text, { now, zone: "Europe/Berlin" });
  }
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  return {
    phrases: count,
    seconds,
    perSecond: seconds > 0 ? Math.round(count / seconds) : Number.POSITIVE_INFINITY,
  };
}
