/** `termin bench week`: the figures' shape and the argument bounds (no timing is asserted). */
import { describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

describe("termin bench week", () => {
  it("--json: CPU ms per query for each run, with min, median and max of them", async () => {
    // Few queries a run: the figures' shape is tested, not the figures.
    const r = await runCli([
      "bench",
      "week",
      "--runs",
      "3",
      "--queries",
      "20",
      "--business",
      "physio-1",
      "--json",
    ]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.lines).toHaveLength(1);
    const f = JSON.parse(r.lines[0] ?? "") as Record<string, unknown>;
    expect(f).toMatchObject({
      business: "physio-1",
      service: "krankengymnastik",
      runs: 3,
      queriesPerRun: 20,
    });
    const runs = f["msPerQuery"] as number[];
    expect(runs).toHaveLength(3);
    expect(f["min"]).toBe(Math.min(...runs));
    expect(f["max"]).toBe(Math.max(...runs));
    expect(f["median"]).toBe([...runs].sort((a, b) => a - b)[1]);
    // A quarter of the slots is booked: the answers are neither empty nor the whole grid.
    expect(f["slotsPerQuery"]).toBeGreaterThan(20);
  });

  it("prints the figures as two lines without --json", async () => {
    const r = await runCli(["bench", "week", "--runs", "1", "--queries", "10"]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.lines[0]).toMatch(
      /^simulator week query \(friseur-1, herrenhaarschnitt, warm, [\d.]+ free slots/,
    );
    expect(r.lines[1]).toMatch(
      /CPU ms per query over 1 runs of 10: min [\d.]+ \/ median [\d.]+ \/ max [\d.]+$/,
    );
  });

  it.each([["0"], ["51"], ["zwei"]])("--runs %s is refused with exit 2", async (runs) => {
    const r = await runCli(["bench", "week", "--runs", runs]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--runs must be/);
  });

  it.each([["0"], ["10001"], ["viele"]])("--queries %s is refused with exit 2", async (queries) => {
    const r = await runCli(["bench", "week", "--queries", queries]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--queries must be/);
  });
});
