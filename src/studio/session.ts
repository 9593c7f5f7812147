/**
 * The studio's call: one business, one calendar for the whole studio process (bookings stay across calls, as in a
 * real calendar), and the call in progress, set up as `termin chat` sets it up. A new call re-reads the business
 * profile; the response templates and the system prompt are re-read by `startCall` itself when they changed.
 */
import { DateTime } from "luxon";
import { type Call, startCall } from "../agent/call.ts";
import type { GuardMode } from "../agent/speech-guard.ts";
import type { CalendarBackend, SlotsByDate } from "../calendar/backend.ts";
import { type BusinessProfile, loadBusinessProfile } from "../calendar/profile.ts";
import type { CalendarSimulator } from "../calendar/simulator.ts";
import { type ChosenCalendar, chooseCalendar } from "../cli/calendar-option.ts";
import { instantKey } from "../time/instant.ts";
import type { TraceEvent } from "../trace/events.ts";
import { createTraceRecorder } from "../trace/recorder.ts";
import type { StudioClock } from "./clock.ts";
import { liveRecorder } from "./live-recorder.ts";
import { type WeekQuery, type WeekView, weekView } from "./week.ts";

/** How long the pane keeps a remote calendar's free slots while the call does not touch the calendar. */
export const PANE_SLOTS_MS = 30_000;

/** How the studio builds its calls. */
export interface StudioSetup {
  /** A profile id in prompts/businesses/ or a YAML path; read again for every new call. */
  business: string;
  /**
   * `sim` or a Cal.com v2 base URL, chosen for the profile (again when it is edited); or a calendar already built,
   * kept as it is for every call (a test's calendar, a program embedding the studio).
   */
  calendar: string | ChosenCalendar;
  clock: StudioClock;
  /** The caller's number as telephony would pass it; null when withheld. */
  callerPhone: string | null;
  model?: "rule" | "openai";
  guard?: GuardMode;
  env: NodeJS.ProcessEnv;
  templatesDir?: string;
  systemPromptFile?: string;
}

/** What the page shows of the call: who, where, when, and its trace so far. */
export interface CallView {
  callId: string;
  model: string;
  business: { id: string; name: string; timezone: string };
  calendar: string;
  /** The call clock's current time, ISO in the business zone. */
  now: string;
  pinned: boolean;
  ended: boolean;
  busy: boolean;
  /** The call's trace events: all of them, or with `after` only those numbered after it. */
  events: readonly TraceEvent[];
  /** The `seq` the events follow on from: 0 for the whole trace. */
  after: number;
}

/** A turn's answer as the page gets it. */
export interface TurnView {
  say: string;
  ended: boolean;
  /** The loop failed (e.g. a template broke mid-call): the caller heard the apology; this is why. */
  error: string | null;
}

/** Thrown for a request that cannot run now (a turn is already running). */
export class BusyError extends Error {
  override readonly name = "BusyError";
}

/** The studio's current call and calendar; `onChange` hears of every recorded event and every new call. */
export class StudioSession {
  private business: BusinessProfile;
  private calendar: ChosenCalendar;
  private call: Call;
  private busy = false;
  /** The pane's last free-slot answers from a remote calendar, by query (see {@link paneBackend}). */
  private paneSlots = new Map<string, { at: number; calls: number; slots: Promise<SlotsByDate> }>();

  constructor(
    private readonly setup: StudioSetup,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.business = loadBusinessProfile(setup.business);
    this.calendar = this.calendarFor(this.business);
    this.call = this.begin(this.business, this.calendar);
  }

  /**
   * The call as the page shows it. Given the call's id and the last event the page has, only the events after it:
   * a page that redraws after every event then fetches each event once, not the whole trace every time.
   */
  view(since?: { callId: string; seq: number }): CallView {
    const { business } = this;
    const all = this.call.recorder.events();
    const after = since !== undefined && since.callId === this.call.callId ? since.seq : 0;
    return {
      callId: this.call.callId,
      model: this.call.model.name,
      business: { id: business.id, name: business.name, timezone: business.timezone },
      calendar: this.calendar.label,
      now: this.setup.clock().setZone(business.timezone).toISO() ?? "",
      pinned: this.setup.clock.pinned(),
      ended: this.call.conversation.ended,
      busy: this.busy,
      events: after === 0 ? all : all.filter((e) => e.seq > after),
      after,
    };
  }

  /** The current call's trace events. */
  events(): readonly TraceEvent[] {
    return this.call.recorder.events();
  }

  /** The calendar pane's week. */
  week(query: WeekQuery): Promise<WeekView> {
    return weekView(
      {
        business: this.business,
        backend: this.calendar.simulator === null ? this.paneBackend() : this.calendar.backend,
        simulator: this.calendar.simulator,
        session: this.call.session,
        clock: this.setup.clock,
      },
      query,
    );
  }

  /** One caller line; one turn at a time. */
  turn(text: string): Promise<TurnView> {
    return this.exclusive(() => this.callerSays(text));
  }

  /**
   * Ends the current call (holds let go, call_ended recorded) and starts a new one with the profile as it is on
   * disk now, the clock pinned to `now` when given. A profile or template that does not load is thrown (a
   * ConfigError naming the file) before the current call is touched.
   */
  newCall(now?: DateTime): Promise<void> {
    return this.exclusive(() => this.replaceCall(now));
  }

  /**
   * The edit loop for a chat: a new call from the same start as this one that says this call's caller lines again,
   * so an edited template or prompt is heard at once. In the simulator this call's bookings are cancelled first, so
   * the repeat can book the same slot; a remote calendar is left as it is. Busy from start to end, so no line from
   * the page comes between the repeated ones.
   */
  repeatCall(): Promise<void> {
    return this.exclusive(async () => {
      const events = this.call.recorder.events();
      const lines = events.flatMap((e) => (e.type === "caller_said" ? [e.text] : []));
      const started = events.find((e) => e.type === "call_started");
      // By start instant: a profile edited meanwhile gives a new simulator, where the bookings have new uids.
      const booked = new Set([...this.call.session.booked.values()].map((b) => instantKey(b.start)));
      await this.replaceCall(
        started === undefined ? undefined : DateTime.fromISO(started.now, { setZone: true }),
      );
      const { simulator } = this.calendar;
      for (const booking of simulator?.listBookings() ?? []) {
        if (booking.status === "cancelled" || !booked.has(instantKey(booking.start))) continue;
        await simulator?.cancel(booking.uid);
      }
      for (const line of lines) if ((await this.callerSays(line)).ended) break;
    });
  }

  /** Ends the current call; for the studio's shutdown. */
  async close(): Promise<void> {
    await this.end("studio_stopped");
  }

  private async callerSays(text: string): Promise<TurnView> {
    const { conversation } = this.call;
    if (conversation.ended) return { say: "", ended: true, error: "the call has ended; start a new call" };
    try {
      const reply = await conversation.turn(text);
      return { say: reply.say, ended: reply.ended, error: null };
    } catch (error) {
      // As in termin chat: the loop itself failed (a broken template, a bug); the caller hears an honest sentence.
      const say = await conversation.fail(error);
      return { say, ended: true, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async replaceCall(now: DateTime | undefined): Promise<void> {
    const business = loadBusinessProfile(this.setup.business);
    const changed = JSON.stringify(business) !== JSON.stringify(this.business);
    const calendar = changed ? this.calendarFor(business) : this.calendar;
    const unpin = now === undefined ? undefined : this.setup.clock.pin(now);
    let next: ReturnType<typeof this.begin>;
    try {
      next = this.begin(business, calendar);
    } catch (error) {
      // A template that does not compile: the current call goes on, on its own clock.
      unpin?.();
      throw error;
    }
    if (unpin === undefined || now === undefined) await this.end("new_call");
    else {
      // The current call ends at its own time, not at the new call's start; then the clock runs from that start.
      unpin();
      await this.end("new_call");
      this.setup.clock.pin(now);
    }
    if (calendar.simulator !== null && this.calendar.simulator !== null && calendar !== this.calendar)
      carryBookings(this.calendar.simulator, calendar.simulator);
    this.business = business;
    this.calendar = calendar;
    this.call = next;
  }

  /**
   * The calendar as the pane reads a remote Cal.com: a week's free slots are asked again only when the call itself
   * has talked to the calendar since (a hold or booking changes them) or after {@link PANE_SLOTS_MS}, so redrawing
   * the page does not spend the call's request budget. The simulator is read directly: it costs nothing.
   */
  private paneBackend(): CalendarBackend {
    const backend = this.calendar.backend;
    const calls = this.call.recorder.events().filter((e) => e.type === "calendar_request").length;
    return {
      ...backend,
      getSlots: (query) => {
        const key = `${this.call.session.callId} ${JSON.stringify(query)}`;
        const now = Date.now();
        // Weeks and services browsed add entries; a long session starts afresh rather than keep them all.
        if (this.paneSlots.size >= 64) this.paneSlots.clear();
        const kept = this.paneSlots.get(key);
        if (kept !== undefined && kept.calls === calls && now - kept.at < PANE_SLOTS_MS) return kept.slots;
        const slots = backend.getSlots(query);
        this.paneSlots.set(key, { at: now, calls, slots });
        // A failed answer is not kept: the next redraw asks again.
        slots.catch(() => this.paneSlots.delete(key));
        return slots;
      },
    };
  }

  private calendarFor(business: BusinessProfile): ChosenCalendar {
    const { calendar, clock, env } = this.setup;
    return typeof calendar === "string" ? chooseCalendar(calendar, business, clock, env) : calendar;
  }

  private async end(reason: string): Promise<void> {
    const ending = this.call;
    if (ending.recorder.events().some((e) => e.type === "call_ended")) return;
    await ending.conversation.finish();
    const started = ending.recorder.events()[0]?.at;
    const durationMs =
      started === undefined ? 0 : this.setup.clock().toMillis() - DateTime.fromISO(started).toMillis();
    ending.recorder.record({ type: "call_ended", reason, durationMs: Math.max(0, durationMs) });
  }

  private begin(business: BusinessProfile, calendar: ChosenCalendar): Call {
    const { setup } = this;
    const recorder = liveRecorder(createTraceRecorder({ clock: setup.clock, zone: business.timezone }), () =>
      this.onChange(),
    );
    const call = startCall({
      business,
      calendar: calendar.backend,
      clock: setup.clock,
      callerPhone: setup.callerPhone,
      env: setup.env,
      recorder,
      ...(setup.model === undefined ? {} : { model: setup.model }),
      ...(setup.guard === undefined ? {} : { guard: setup.guard }),
      ...(setup.templatesDir === undefined ? {} : { templatesDir: setup.templatesDir }),
      ...(setup.systemPromptFile === undefined ? {} : { systemPromptFile: setup.systemPromptFile }),
    });
    call.conversation.greet();
    return call;
  }

  private async exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (this.busy) throw new BusyError("a turn is still running; wait for the agent's answer");
    this.busy = true;
    this.onChange();
    try {
      return await run();
    } finally {
      this.busy = false;
      this.onChange();
    }
  }
}

/** The bookings still standing in `from`, placed in `to` (a simulator built for an edited profile). */
function carryBookings(from: CalendarSimulator, to: CalendarSimulator): void {
  for (const booking of from.listBookings()) {
    if (booking.status === "cancelled") continue;
    const attendee = booking.attendees[0];
    // A service the edited profile no longer has cannot be placed; its booking is left out.
    if (!to.profile.services.some((s) => s.eventTypeId === booking.eventTypeId)) continue;
    to.addBooking({
      eventTypeId: booking.eventTypeId,
      start: booking.start,
      name: attendee?.name ?? "",
      ...(attendee?.phoneNumber === undefined ? {} : { phone: attendee.phoneNumber }),
      metadata: booking.metadata,
    });
  }
}
