import { describe, expect, it } from "vitest";
import type { SlotsQuery } from "../calendar/backend.ts";
import { friseur, newCall } from "./__fixtures__/call.ts";
import { querySlots } from "./slot-query.ts";

/** The queries a session's calendar receives. */
function recorded() {
  const queries: SlotsQuery[] = [];
  const { session, sim } = newCall({
    overrides: (inner) => ({
      getSlots: (q) => {
        queries.push(q);
        return inner.getSlots(q);
      },
    }),
  });
  return { session, sim, queries };
}

const herren = friseur.services[0] as (typeof friseur.services)[number];

describe("querySlots", () => {
  it("asks from now, not from the day's start, up to the end of the last day asked", async () => {
    const { session, queries } = recorded();
    await querySlots(session, herren, { from: "2025-10-25", to: "2025-10-27" });
    expect(queries).toHaveLength(1);
    expect(queries[0]?.start).toBe(session.now().toUTC().toISO());
    expect(queries[0]?.end).toBe("2025-10-27T23:00:00.000Z"); // 28 Oct 00:00 in Berlin (CET)
  });

  it("stops at the last day the booking window allows", async () => {
    const { session, queries } = recorded();
    await querySlots(session, herren, { from: "2025-10-27", to: "2026-12-31" });
    // friseur-1 books 60 days ahead of Saturday 25 Oct 2025: the window's last day is 24 Dec 2025.
    expect(queries[0]?.end?.startsWith("2025-12-2")).toBe(true);
    expect(Date.parse(queries[0]?.end ?? "")).toBeLessThan(Date.parse("2025-12-26T00:00:00Z"));
  });

  it("asks nothing for days all past or all beyond the window", async () => {
    const { session, queries } = recorded();
    expect(await querySlots(session, herren, { from: "2025-10-20", to: "2025-10-24" })).toEqual({});
    expect(await querySlots(session, herren, { from: "2026-06-01", to: "2026-06-02" })).toEqual({});
    expect(queries).toEqual([]);
  });
});
