/**
 * The Cal.com client's short-lived slot cache, on a fake fetch and a fake clock: a repeated query costs no request,
 * and no answer is served across a write of this process (hold, release, booking, cancel, reschedule, by any
 * client of the account, whether it succeeded or not).
 */
import { describe, expect, it } from "vitest";
import type { CalendarBackend } from "./backend.ts";
import { type CalcomClientOptions, createCalcomClient } from "./calcom-client.ts";

const ZONE = "Europe/Berlin";
const HERREN = 3672814;
const QUERY = {
  eventTypeId: HERREN,
  start: "2025-10-25T22:00:00.000Z",
  end: "2025-10-26T23:00:00.000Z",
  timeZone: ZONE,
};
const SLOTS = {
  status: "success",
  data: {
    "2025-10-26": [
      { start: "2025-10-26T07:00:00.000+01:00", end: "2025-10-26T07:30:00.000+01:00" },
      { start: "2025-10-26T07:30:00.000+01:00", end: "2025-10-26T08:00:00.000+01:00" },
    ],
  },
};
const RESERVATION = {
  status: "success",
  data: {
    eventTypeId: HERREN,
    slotStart: "2025-10-26T06:00:00.000Z",
    slotEnd: "2025-10-26T06:30:00.000Z",
    slotDuration: 30,
    reservationDuration: 5,
    reservationUid: "e84be5a3-4696-49e3-acc7-b2f3999c3b94",
    reservationUntil: "2025-10-25T18:22:50.000Z",
  },
};
const REFUSED = {
  status: "error",
  error: {
    code: "UnprocessableEntityException",
    message: "This time slot is already reserved by another user. Please choose a different time.",
  },
};
let hosts = 0;

/** A fake Cal.com; `gate` (when set) holds slot answers back until it is opened. */
function rig(options: Partial<CalcomClientOptions> = {}, baseUrl = `https://cache-${++hosts}.cal.test`) {
  const time = { ms: 0 };
  const seen: string[] = [];
  let refuseHolds = false;
  let gate: Promise<void> | undefined;
  const fetchStub = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    seen.push(`${init?.method ?? "GET"} ${url.pathname}`);
    if (url.pathname === "/v2/slots") {
      await gate;
      return Response.json(SLOTS);
    }
    if (url.pathname === "/v2/slots/reservations") {
      return refuseHolds
        ? Response.json(REFUSED, { status: 422 })
        : Response.json(RESERVATION, { status: 201 });
    }
    return Response.json({ status: "success" });
  }) as typeof fetch;
  const make = (more: Partial<CalcomClientOptions> = {}): CalendarBackend =>
    createCalcomClient({
      baseUrl,
      apiKey: "cal_live_cache_test",
      fetch: fetchStub,
      now: () => time.ms,
      sleep: async (ms) => {
        time.ms += ms;
      },
      retries: 0,
      ...options,
      ...more,
    });
  const slotRequests = () => seen.filter((s) => s === "GET /v2/slots").length;
  return {
    client: make(),
    make,
    time,
    seen,
    slotRequests,
    refuseHolds: () => {
      refuseHolds = true;
    },
    closeGate: () => {
      let open = () => {};
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return () => {
        gate = undefined;
        open();
      };
    },
  };
}

describe("slot cache", () => {
  it("serves a repeated query without a request, as a copy of its own", async () => {
    const { client, slotRequests } = rig();
    const first = await client.getSlots(QUERY);
    first["2025-10-26"]?.pop();
    const second = await client.getSlots(QUERY);
    expect(slotRequests()).toBe(1);
    expect(second["2025-10-26"]).toHaveLength(2);
    // Another range, zone or reschedule uid is another question.
    await client.getSlots({ ...QUERY, end: "2025-10-27T23:00:00.000Z" });
    await client.getSlots({ ...QUERY, bookingUidToReschedule: "abc" });
    expect(slotRequests()).toBe(3);
  });

  it("concurrent identical queries share one request", async () => {
    const { client, slotRequests } = rig();
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.getSlots(QUERY)));
    expect(slotRequests()).toBe(1);
    expect(new Set(answers).size).toBe(5);
  });

  it("a hold of this client invalidates it, also a refused one", async () => {
    const { client, slotRequests, refuseHolds } = rig();
    await client.getSlots(QUERY);
    await client.hold(HERREN, "2025-10-26T07:00:00.000+01:00");
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(2);
    refuseHolds();
    await client.hold(HERREN, "2025-10-26T07:30:00.000+01:00").catch(() => undefined);
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(3);
  });

  it("a write of another client on the same account invalidates it too (one host, every service)", async () => {
    const { client, make, slotRequests } = rig();
    await client.getSlots(QUERY);
    await make().releaseHold("e84be5a3-4696-49e3-acc7-b2f3999c3b94");
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(2);
  });

  it("an answer whose request was in flight when a write happened is not served afterwards", async () => {
    const { client, slotRequests, closeGate } = rig();
    const open = closeGate();
    const inFlight = client.getSlots(QUERY);
    await client.hold(HERREN, "2025-10-26T07:00:00.000+01:00");
    open();
    await inFlight;
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(2);
  });

  it("expires after its time to live (20 s by default); slotCacheMs 0 turns it off", async () => {
    const { client, time, slotRequests } = rig();
    await client.getSlots(QUERY);
    time.ms += 19_999;
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(1);
    time.ms += 1;
    await client.getSlots(QUERY);
    expect(slotRequests()).toBe(2);

    const off = rig({ slotCacheMs: 0 });
    await off.client.getSlots(QUERY);
    await off.client.getSlots(QUERY);
    expect(off.slotRequests()).toBe(2);
  });

  it("a failed query is not kept", async () => {
    let fail = true;
    const { client } = rig({
      fetch: (async () =>
        fail
          ? Response.json({ status: "error", error: { code: "X", message: "down" } }, { status: 500 })
          : Response.json(SLOTS)) as typeof fetch,
    });
    await expect(client.getSlots(QUERY)).rejects.toMatchObject({ kind: "unavailable" });
    fail = false;
    expect(Object.keys(await client.getSlots(QUERY))).toEqual(["2025-10-26"]);
  });
});
