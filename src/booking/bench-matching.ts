/**
 * The best any booking flow could do: a maximum matching of callers to the free slots each would accept
 * (bipartite, exact).
 */

/** A maximum matching: its size, and for each caller the index of its slot (or -1). */
export interface Matching {
  size: number;
  slotOf: number[];
}

/**
 * Maximum bipartite matching by augmenting paths (Kuhn's algorithm): `accepts[caller]` lists the slot indexes
 * (0 <= index < `slots`) the caller would take. Exact. Each caller's search visits a slot at most once, so the
 * cost is O(callers x edges) at worst, and an augmenting path is never longer than `slots`, which bounds the
 * recursion.
 */
export function maximumMatching(accepts: readonly (readonly number[])[], slots: number): Matching {
  const callerOf = new Array<number>(slots).fill(-1);
  const slotOf = new Array<number>(accepts.length).fill(-1);
  // A stamp per slot instead of a cleared visited array: one search does not pay for the size of the others.
  const seen = new Array<number>(slots).fill(-1);
  let stamp = 0;

  const augment = (caller: number): boolean => {
    for (const slot of accepts[caller] ?? []) {
      if (slot < 0 || slot >= slots || seen[slot] === stamp) continue;
      seen[slot] = stamp;
      const holder = callerOf[slot] ?? -1;
      if (holder === -1 || augment(holder)) {
        callerOf[slot] = caller;
        slotOf[caller] = slot;
        return true;
      }
    }
    return false;
  };

  let size = 0;
  for (let caller = 0; caller < accepts.length; caller++) {
    stamp = caller;
    if (augment(caller)) size++;
    if (size === slots) break; // every slot is taken: no path can grow the matching
  }
  return { size, slotOf };
}
