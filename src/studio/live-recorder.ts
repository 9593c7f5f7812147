import type { TraceEvent } from "../trace/events.ts";
import type { TraceRecorder } from "../trace/recorder.ts";

/**
 * A recorder that also tells `onRecord` about each event as it is recorded, so the page sees tool calls and
 * calendar requests while a turn still runs. `startCall` takes it through its `recorder` option.
 */
export function liveRecorder(inner: TraceRecorder, onRecord: (event: TraceEvent) => void): TraceRecorder {
  return {
    record(event) {
      const stamped = inner.record(event);
      onRecord(stamped);
      return stamped;
    },
    events: () => inner.events(),
    summary: () => inner.summary(),
  };
}
