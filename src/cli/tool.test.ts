import { describe, expect, it } from "vitest";
import { runCli } from "./testing.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const checkArgs = (day: string | null, time: string | null) =>
  JSON.stringify({ service: "Herrenhaarschnitt", day, time, person: null, reschedule_booking_id: null });

describe("termin tool", () => {
  it("runs the calls in order in one session: an offered id can be held, end_call then warns", async () => {
    const run = await runCli([
      "tool",
      "--now",
      NOW,
      "check_availability",
      checkArgs("morgen", "um zehn"),
      "hold_slot",
      '{"slot_id":"S1"}',
      "end_call",
      '{"reason":"caller_request"}',
    ]);
    expect(run.code, run.err).toBe(0);
    const results = run.lines.map((l) => JSON.parse(l) as { status: string; say?: string });
    expect(results.map((r) => r.status)).toEqual(["available", "held", "not_booked"]);
    expect(results[2]?.say).toContain("ist noch nicht gebucht");
  });

  it("prints the honest reason for a time that would end after closing", async () => {
    const run = await runCli(["tool", "--now", NOW, "check_availability", checkArgs("morgen", "11:45")]);
    const [result] = run.lines.map((l) => JSON.parse(l) as { status: string; reason: string; say: string });
    expect(result).toMatchObject({ status: "alternatives", reason: "ends_after_closing" });
    expect(result?.say).toContain("nur bis 12:00 Uhr geöffnet");
  });

  it("takes a profile file and a withheld number", async () => {
    const run = await runCli([
      "tool",
      "--business",
      "prompts/businesses/physio-1.yaml",
      "--phone",
      "",
      "business_info",
      '{"topic":"address","day":null,"service":null}',
    ]);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.lines[0] ?? "{}")).toMatchObject({ status: "info", known: true });
  });

  it("refuses bad input before running anything, exit 2, one line naming the call", async () => {
    const cases: [string[], RegExp][] = [
      [[], /give at least one call/],
      [["check_availability"], /call 1 \(check_availability\) has no JSON arguments/],
      [["book_everything", "{}"], /call 1 \(book_everything\): unknown tool; use one of check_availability/],
      [["hold_slot", "{not json"], /call 1 \(hold_slot\): /],
      [
        ["business_info", '{"topic":"hours","day":null,"service":null}', "hold_slot", "{}"],
        /call 2 \(hold_slot\): /,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(["tool", ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.out).toBe("");
      expect(run.err).toMatch(message);
      expect(run.err.trim().split("\n")).toHaveLength(1);
    }
  });

  it("has --help", async () => {
    const run = await runCli(["tool", "--help"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "termin tool [--business ID|FILE] [--now ISO] [--phone N] [--calendar sim|URL] NAME 'JSON'",
    );
  });
});
