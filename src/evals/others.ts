import { DateTime } from "luxon";
import type { BookingRequest, CalendarBackend, Hold } from "../calendar/backend.ts";
import type { BusinessProfile } from "../calendar/profile.ts";
import type { CalendarSimulator } from "../calendar/simulator.ts";
import { CalendarError } from "../errors.ts";
import type { TraceRecorder } from "../trace/recorder.ts";
import type { KnownSlot } from "./invariants.ts";
import type { OthersAction, Transcript } from "./transcript.ts";

/** The offers of the latest availability answer, as the replay saw them. */
export interface OfferState {
  latest: (KnownSlot & { service: string })[];
}

/**
 * Fires the transcript's `others` actions: another customer books a slot in the simulated calendar right after
 * an offer, or just before the agent's first hold or booking request reaches the calendar. Each fires once.
 */
export class OtherCustomers {
  private readonly pending: OthersAction[];

  constructor(
    actions: OthersAction[],
    private readonly sim: CalendarSimulator,
    private readonly business: BusinessProfile,
    private readonly offers: OfferState,
    private readonly recorder: TraceRecorder,
  ) {
    this.pending = [...actions];
  }

  /** Actions that never found their moment (a transcript that expects a race the call never reached). */
  unfired(): OthersAction[] {
    return [...this.pending];
  }

  /** Right after an availability result came back. */
  afterOffer(): void {
    this.fire("offer", undefined);
  }

  /** Just before a hold or booking request for `start` reaches the calendar. */
  beforeBooking(start: string): void {
    this.fire("book", start);
  }

  private fire(on: OthersAction["on"], chosen: string | undefined): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const action = this.pending[i];
      if (action === undefined || action.on !== on) continue;
      const target = this.target(action, chosen);
      if (target === undefined) continue;
      this.pending.splice(i, 1);
      const service = this.offers.latest[0]?.service ?? this.business.services[0]?.id;
      const booking = this.sim.addBooking({
        ...(service === undefined ? {} : { service }),
        start: target,
        name: action.name ?? "Andere Kundin",
        phone: action.phone ?? "+4917000009999",
      });
      const local = DateTime.fromISO(booking.start)
        .setZone(this.business.timezone)
        .toFormat("yyyy-LL-dd HH:mm");
      this.recorder.record({
        type: "note",
        text: `another customer booked ${local} (others: on ${on}, takes ${action.takes})`,
      });
    }
  }

  private target(action: OthersAction, chosen: string | undefined): string | undefined {
    const latest = this.offers.latest;
    switch (action.takes) {
      case "chosen":
        return chosen ?? latest[0]?.start;
      case "first-offered":
        return latest[0]?.start;
      case "second-offered":
        return latest[1]?.start;
      default: {
        const wall = action.takes.includes("T")
          ? action.takes
          : latest[0]
            ? `${latest[0].date}T${action.takes}`
            : undefined;
        if (wall === undefined) return undefined;
        return DateTime.fromISO(wall, { zone: this.business.timezone }).toISO() ?? undefined;
      }
    }
  }
}

/**
 * The calendar as a replay sees it: the simulator, with the transcript's scripted Cal.com failures (a 500 for the
 * first N requests of a kind) and the hook that lets other customers act before the agent's first hold or booking.
 */
export function replayCalendar(
  sim: CalendarSimulator,
  failures: Transcript["calendar"]["failures"],
  others: OtherCustomers,
): CalendarBackend {
  const remaining = new Map(failures.map((f) => [f.method, f.times]));
  const maybeFail = (method: string): void => {
    const left = remaining.get(method as never) ?? 0;
    if (left > 0) {
      remaining.set(method as never, left - 1);
      throw new CalendarError("unavailable", "Internal server error", {
        status: 500,
        code: "InternalServerErrorException",
      });
    }
  };
  return {
    async getSlots(q) {
      maybeFail("getSlots");
      return sim.getSlots(q);
    },
    async hold(eventTypeId, slotStart, owner): Promise<Hold> {
      others.beforeBooking(slotStart);
      maybeFail("hold");
      return sim.hold(eventTypeId, slotStart, owner);
    },
    async releaseHold(uid) {
      return sim.releaseHold(uid);
    },
    async book(request: BookingRequest) {
      others.beforeBooking(request.start);
      maybeFail("book");
      return sim.book(request);
    },
    async findBookings(q) {
      maybeFail("findBookings");
      return sim.findBookings(q);
    },
    async cancel(uid, reason) {
      maybeFail("cancel");
      return sim.cancel(uid, reason);
    },
    async reschedule(uid, start, reason) {
      maybeFail("reschedule");
      return sim.reschedule(uid, start, reason);
    },
  };
}
