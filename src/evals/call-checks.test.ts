/**
 * The whole-call checks on hand-built call facts: invariant 5 (booked as offered), invariant 6 (no double
 * booking, one new booking per call) and the transcript's expect.booked / expect.cancelled.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import type { ToolOutcome } from "../booking/run-tool.ts";
import type { SlotOffer } from "../booking/types.ts";
import type { Booking, BookingStatus } from "../calendar/backend.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { type CallFacts, checkCall } from "./call-checks.ts";
import { parseTranscript } from "./transcript.ts";

const ZONE = "Europe/Berlin";
const CALL = "replay_test";
const business = loadBusinessProfile("friseur-1");
const HERREN = 3672814; // herrenhaarschnitt, 30 min
const DAMEN = 3672815; // damenhaarschnitt, 60 min

let nextId = 1;
/** A booking at a business-local wall time; by this call unless `callId` says otherwise. */
function booking(
  uid: string,
  wall: string,
  o: {
    status?: BookingStatus;
    callId?: string | null;
    eventTypeId?: number;
    rescheduledFromUid?: string;
  } = {},
): Booking {
  const eventTypeId = o.eventTypeId ?? HERREN;
  const minutes = business.services.find((s) => s.eventTypeId === eventTypeId)?.minutes ?? 30;
  const start = DateTime.fromISO(wall, { zone: ZONE });
  return {
    id: nextId++,
    uid,
    eventTypeId,
    start: start.toUTC().toISO() ?? "",
    end: start.plus({ minutes }).toUTC().toISO() ?? "",
    status: o.status ?? "accepted",
    attendees: [{ name: "Hans Schuster", timeZone: ZONE }],
    metadata: o.callId === null ? {} : { callId: o.callId ?? CALL },
    ...(o.rescheduledFromUid === undefined ? {} : { rescheduledFromUid: o.rescheduledFromUid }),
  };
}

function offer(id: string, start: string): SlotOffer {
  const local = DateTime.fromISO(start, { setZone: true }).setZone(ZONE);
  return {
    id,
    service: "herrenhaarschnitt",
    person: null,
    start,
    end: local.plus({ minutes: 30 }).toISO() ?? "",
    date: local.toISODate() ?? "",
    time: local.toFormat("HH:mm"),
  };
}

/** A booking of the offer `slotId` whose calendar answer started at `start`; or a reschedule, or a lost race. */
function booked(
  turn: number,
  slotId: string,
  start: string,
  how: "booked" | "rescheduled" | "slot_taken" = "booked",
) {
  const info = { uid: `uid-${slotId}`, service: "herrenhaarschnitt", start, end: start, date: "", time: "" };
  const chosen = offer(slotId, start);
  const outcome: ToolOutcome =
    how === "rescheduled"
      ? {
          name: "reschedule_appointment",
          arguments: { booking_id: "b0", slot_id: slotId },
          result: { status: "rescheduled", previous: info, booking: info, say: "" },
          endCall: false,
        }
      : {
          name: "book_appointment",
          arguments: { slot_id: slotId, name: "Hans Schuster" },
          result:
            how === "booked"
              ? { status: "booked", booking: info, say: "" }
              : { status: "slot_taken", chosen, alternatives: [], say: "" },
          endCall: false,
        };
  return { turn, outcome };
}

const EVA = booking("eva", "2025-10-26T10:00", { callId: null });

/** Call facts for a transcript whose `expect` is given; Eva Brandt's 10:00 booking existed before the call. */
function facts(expectation: unknown, over: Partial<CallFacts> = {}): CallFacts {
  const { transcript } = parseTranscript(
    {
      name: "t",
      now: "2025-10-25T20:17:50+02:00",
      business: "friseur-1",
      turns: [{ caller: "Hallo" }],
      ...(expectation === undefined ? {} : { expect: expectation }),
    },
    "t.yaml",
  );
  return {
    transcript,
    business,
    zone: ZONE,
    bookings: [EVA],
    before: new Set(["eva"]),
    callId: CALL,
    offers: new Map(),
    outcomes: [],
    ...over,
  };
}

const checks = (f: CallFacts) => checkCall(f).map((x) => x.check);

describe("a clean call", () => {
  it("has no failures: offered 10:30 booked by the same instant, as expected", () => {
    const start = "2025-10-26T10:30:00.000+01:00";
    expect(
      checkCall(
        facts(
          { booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } },
          {
            bookings: [EVA, booking("b1", "2025-10-26T10:30")],
            offers: new Map([["S2", offer("S2", start)]]),
            outcomes: [booked(8, "S2", start)],
          },
        ),
      ),
    ).toEqual([]);
  });
});

describe("invariant 5: the booked instant equals the offered one", () => {
  it("fails when 08:30 was offered as 08:30Z but booked as 08:30+01:00 (the reference call's F4)", () => {
    const f = facts(undefined, {
      bookings: [EVA, booking("b1", "2025-10-27T08:30")],
      offers: new Map([["S1", offer("S1", "2025-10-27T08:30:00.000Z")]]),
      outcomes: [booked(6, "S1", "2025-10-27T08:30:00+01:00")],
    });
    expect(checkCall(f)).toEqual([
      {
        check: "invariant 5",
        turn: 6,
        message: "offered 2025-10-27T08:30:00.000Z (S1) but booked 2025-10-27T08:30:00+01:00",
      },
    ]);
  });

  it("holds for the same instant written with another offset", () => {
    const f = facts(undefined, {
      bookings: [EVA, booking("b1", "2025-10-27T09:30")],
      offers: new Map([["S1", offer("S1", "2025-10-27T08:30:00.000Z")]]),
      outcomes: [booked(6, "S1", "2025-10-27T09:30:00.000+01:00")],
    });
    expect(checkCall(f)).toEqual([]);
  });

  it("fails for a booking of a slot that was never offered", () => {
    const f = facts(undefined, {
      bookings: [EVA, booking("b1", "2025-10-27T09:30")],
      outcomes: [booked(4, "S9", "2025-10-27T09:30:00.000+01:00")],
    });
    expect(checkCall(f)).toEqual([
      { check: "invariant 5", turn: 4, message: 'booking for slot "S9" that was never offered' },
    ]);
  });

  it("checks a reschedule like a booking, and ignores a booking attempt that failed", () => {
    const f = facts(undefined, {
      bookings: [EVA, booking("b1", "2025-10-27T10:00")],
      offers: new Map([["S1", offer("S1", "2025-10-27T09:30:00.000+01:00")]]),
      outcomes: [
        booked(3, "S1", "2025-10-27T09:30:00.000+01:00", "slot_taken"),
        booked(5, "S1", "2025-10-27T10:00:00.000+01:00", "rescheduled"),
      ],
    });
    expect(checkCall(f).map((x) => [x.check, x.turn])).toEqual([["invariant 5", 5]]);
  });
});

describe("invariant 6: no double booking, one new booking per call", () => {
  it("fails for two accepted bookings that overlap (a 60-minute booking over a 30-minute one)", () => {
    const f = facts(undefined, {
      bookings: [EVA, booking("b1", "2025-10-26T09:30", { eventTypeId: DAMEN })],
    });
    expect(checkCall(f)).toEqual([
      {
        check: "invariant 6",
        turn: null,
        message: "double booking: 2025-10-26T10:00 and 2025-10-26T09:30 overlap",
      },
    ]);
  });

  it("holds for back-to-back bookings and for an overlap with a cancelled booking", () => {
    const backToBack = facts(undefined, { bookings: [EVA, booking("b1", "2025-10-26T10:30")] });
    expect(checkCall(backToBack)).toEqual([]);
    const overCancelled = facts(undefined, {
      bookings: [EVA, booking("old", "2025-10-26T10:30", { status: "cancelled", callId: null })],
      before: new Set(["eva", "old"]),
    });
    // Only the (unexpected) cancellation fails, never invariant 6.
    expect(checks(overCancelled)).toEqual(["cancelled"]);
  });

  it("fails when the call made two new bookings where one is expected", () => {
    const f = facts(
      { booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } },
      { bookings: [EVA, booking("b1", "2025-10-26T10:30"), booking("b2", "2025-10-26T11:00")] },
    );
    const failures = checkCall(f);
    expect(failures).toContainEqual({
      check: "invariant 6",
      turn: null,
      message: "2 new bookings in one call (allowed 1): 2025-10-26T10:30, 2025-10-26T11:00",
    });
    expect(failures.map((x) => x.check)).toEqual(["invariant 6", "booked"]);
  });

  it("allows as many new bookings as the transcript expects", () => {
    const f = facts(
      {
        booked: [
          { service: "herrenhaarschnitt", start: "2025-10-26T10:30" },
          { service: "herrenhaarschnitt", start: "2025-10-26T11:00" },
        ],
      },
      { bookings: [EVA, booking("b1", "2025-10-26T11:00"), booking("b2", "2025-10-26T10:30")] },
    );
    expect(checkCall(f)).toEqual([]);
  });

  it("does not count other customers' bookings made during the call", () => {
    const other = booking("x", "2025-10-26T09:30", { callId: null });
    const f = facts(
      { booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } },
      { bookings: [EVA, other, booking("b1", "2025-10-26T10:30")] },
    );
    expect(checkCall(f)).toEqual([]);
  });
});

describe("expect.booked and expect.cancelled", () => {
  it("a booking at another time than expected fails 'booked', naming both", () => {
    const f = facts(
      { booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } },
      { bookings: [EVA, booking("b1", "2025-10-26T11:00")] },
    );
    expect(checkCall(f)).toEqual([
      {
        check: "booked",
        turn: null,
        message: "expected booked herrenhaarschnitt@2025-10-26T10:30, got herrenhaarschnitt@2025-10-26T11:00",
      },
    ]);
  });

  it("a booking of another service at the expected time fails 'booked'", () => {
    const f = facts(
      { booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } },
      { bookings: [EVA, booking("b1", "2025-10-26T10:30", { eventTypeId: DAMEN })] },
    );
    expect(checkCall(f)[0]?.message).toBe(
      "expected booked herrenhaarschnitt@2025-10-26T10:30, got damenhaarschnitt@2025-10-26T10:30",
    );
  });

  it("'none' fails when the call booked, and a missing booking fails when one was expected", () => {
    const one = [EVA, booking("b1", "2025-10-26T10:30")];
    expect(checkCall(facts({ booked: "none" }, { bookings: one }))[0]?.message).toBe(
      "expected booked none, got herrenhaarschnitt@2025-10-26T10:30",
    );
    expect(
      checkCall(facts({ booked: { service: "herrenhaarschnitt", start: "2025-10-26T10:30" } }))[0]?.message,
    ).toBe("expected booked herrenhaarschnitt@2025-10-26T10:30, got none");
    expect(checkCall(facts({ booked: "none" }))).toEqual([]);
  });

  it("without expect.booked the booking is not judged", () => {
    expect(checkCall(facts(undefined, { bookings: [EVA, booking("b1", "2025-10-26T10:30")] }))).toEqual([]);
  });

  it("a reschedule's new booking counts as booked, and the old one as cancelled", () => {
    const f = facts(
      {
        booked: { service: "herrenhaarschnitt", start: "2025-10-27T10:00" },
        cancelled: [{ start: "2025-10-26T10:00" }],
      },
      {
        bookings: [
          { ...EVA, status: "cancelled" },
          booking("new", "2025-10-27T10:00", { callId: null, rescheduledFromUid: "eva" }),
        ],
      },
    );
    expect(checkCall(f)).toEqual([]);
  });

  it("an unexpected cancellation and a missing one both fail 'cancelled'", () => {
    const cancelledEva = facts(undefined, { bookings: [{ ...EVA, status: "cancelled" }] });
    expect(checkCall(cancelledEva)).toEqual([
      { check: "cancelled", turn: null, message: "expected cancelled none, got 2025-10-26T10:00" },
    ]);
    const notCancelled = facts({ cancelled: [{ start: "2025-10-26T10:00" }] });
    expect(checkCall(notCancelled)).toEqual([
      { check: "cancelled", turn: null, message: "expected cancelled 2025-10-26T10:00, got none" },
    ]);
  });
});
