/**
 * Random-looking but reproducible ids for the simulator: the same sequence of calls yields the same uids,
 * so traces and snapshots of simulated calls stay stable, while nothing in them looks like a counter a
 * model could guess or confuse with a time.
 */

/** An id source seeded per simulator. */
export interface IdSource {
  /** UUID-v4-shaped, like Cal.com's reservation uids. */
  uuid(): string;
  /** `length` characters of [a-zA-Z0-9], like Cal.com's booking uids. */
  token(length: number): string;
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** mulberry32: tiny, fast, and good enough for ids that only need to look random. */
export function createIdSource(seed = 0x5eed_ca1): IdSource {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join("");
  return {
    uuid() {
      const variant = (8 + Math.floor(next() * 4)).toString(16);
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
    token(length) {
      return Array.from({ length }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join("");
    },
  };
}
