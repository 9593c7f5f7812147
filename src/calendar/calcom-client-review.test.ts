/**
 * What real Cal.com answers and the simulator does not: bookings of deleted event types or unknown statuses,
 * histories longer than a phone call should page through, exact name filters, offset-less instants.
 */
import { describe, expect, it } from "vitest";
import { CalendarError } from "../errors.ts";
import { createCalcomClient } from "./calcom-client.ts";

const booking = (over: Record<string, unknown>) => ({
  id: 1,
  uid: "b1",
  eventTypeId: 3672814,
  start: "2025-11-07T09:00:00.000Z",
  end: "2025-11-07T09:30:00.000Z",
  status: "accepted",
  attendees: [{ name: "Hans Schuster", timeZone: "Europe/Berlin", phoneNumber: "+491701234567" }],
  metadata: {},
  ...over,
});

/** A client on a fake fetch; `answer` gets the request URL and returns the JSON body. */
function client(answer: (url: URL) => unknown) {
  const urls: URL[] = [];
  const fetchStub = (async (input: string | URL | Request) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    urls.push(url);
    return new Response(JSON.stringify(answer(url)), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return {
    urls,
    backend: createCalcomClient({ baseUrl: "https://api.cal.com", fetch: fetchStub, retries: 0 }),
  };
}

describe("Cal.com client against answers the simulator never gives", () => {
  it("one odd booking (deleted event type, status awaiting_host, broken item) does not hide the others", async () => {
    const { backend } = client(() => ({
      status: "success",
      data: [
        booking({ uid: "gone-type", eventTypeId: null }),
        booking({ uid: "waiting", status: "awaiting_host" }),
        { uid: "broken" },
        booking({
          uid: "mine",
          attendees: [{ name: "Eva", timeZone: "Europe/Berlin", phoneNumber: "0170 1234567" }],
        }),
      ],
    }));
    const found = await backend.findBookings({ phone: "+49 170 1234567" });
    expect(found.map((b) => [b.uid, b.status])).toEqual([
      ["gone-type", "accepted"],
      ["waiting", "pending"],
      ["mine", "accepted"],
    ]);
  });

  it("a search wider than the page cap fails loudly instead of missing the caller's booking", async () => {
    const page = Array.from({ length: 100 }, (_, i) => booking({ id: i, uid: `b${i}` }));
    const { backend, urls } = client(() => ({ status: "success", data: page }));
    const error = await backend.findBookings({ phone: "+491709999999" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).kind).toBe("unavailable");
    expect(urls).toHaveLength(50);
  });

  it("filters names on the client (Cal.com's attendeeName is an exact match)", async () => {
    const { backend, urls } = client(() => ({ status: "success", data: [booking({})] }));
    const found = await backend.findBookings({ name: "schuster" });
    expect(found).toHaveLength(1);
    expect(urls[0]?.searchParams.has("attendeeName")).toBe(false);
  });

  it("refuses an instant without an offset instead of reading it in the machine's zone", async () => {
    const { backend, urls } = client(() => ({}));
    const error = await backend
      .book({
        eventTypeId: 1,
        start: "2025-10-26T09:30",
        attendee: { name: "X", email: "x@example.com", timeZone: "Europe/Berlin" },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "bad_request" });
    expect(urls).toHaveLength(0);
  });
});
