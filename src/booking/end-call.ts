import type { ArgsOf } from "../../tools/index.ts";
import { type BookingSession, instantKey } from "./session.ts";
import type { EndCallResult } from "./types.ts";

/**
 * `end_call`. A caller who picked a slot and was asked for their name (or was asked "Soll ich ihn für Sie buchen?")
 * and then says goodbye would hang up believing they are booked. So while such a question is open and nothing is
 * booked for it, the first `end_call` does not end the call: its `say` tells the caller that nothing is booked yet
 * and asks whether to book. A second `end_call` (the caller's clear no, or another goodbye) ends it; the
 * conversation then lets go of the hold.
 */
export async function endCall(args: ArgsOf<"end_call">, session: BookingSession): Promise<EndCallResult> {
  const pending = session.pendingConsent;
  const booked = pending !== null && session.booked.has(instantKey(pending.start));
  if (pending === null || booked || session.endWarnedFor === pending.id || args.reason === "abuse") {
    return { status: "ended", reason: args.reason };
  }
  session.endWarnedFor = pending.id;
  const held = session.holds.has(pending.id);
  const service = session.serviceOf(pending);
  return {
    status: "not_booked",
    slot: pending,
    held,
    say: session.say("not-booked", {
      service: { id: service.id, name: service.name },
      slot: pending,
      held,
      caller: session.callerName === null ? null : { name: session.callerName },
    }),
  };
}
