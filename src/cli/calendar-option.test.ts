import { afterEach, describe, expect, it } from "vitest";
import { manualClock } from "../calendar/clock.ts";
import { loadBusinessProfile } from "../calendar/profile.ts";
import { type SimServer, startSimServer } from "../calendar/sim-server.ts";
import { CalendarSimulator } from "../calendar/simulator.ts";
import { chooseCalendar } from "./calendar-option.ts";

const NOW = "2025-10-25T20:17:50+02:00";
const KEY = "cal_live_calendar_option_key";
const vienna = { ...loadBusinessProfile("friseur-1"), timezone: "Europe/Vienna" };

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("chooseCalendar", () => {
  it("a Vienna business finds its caller's booking stored as '0664 1234567', in-process or at a URL", async () => {
    const clock = manualClock(NOW);
    const sim = new CalendarSimulator({ profile: vienna, clock });
    sim.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-27T10:00",
      name: "Anna Huber",
      phone: "0664 1234567",
    });
    server = await startSimServer(sim, { apiKey: KEY });
    const remote = chooseCalendar(server.url, vienna, clock, { CALCOM_API_KEY: KEY });
    expect(remote.simulator).toBeNull();
    const found = await remote.backend.findBookings({ phone: "+436641234567" });
    expect(found.map((b) => b.attendees[0]?.name)).toEqual(["Anna Huber"]);

    const local = chooseCalendar("sim", vienna, clock, {});
    local.simulator?.addBooking({
      service: "herrenhaarschnitt",
      start: "2025-10-27T11:00",
      name: "Anna Huber",
      phone: "0664 1234567",
    });
    expect(await local.backend.findBookings({ phone: "+436641234567" })).toHaveLength(1);
  });
});
