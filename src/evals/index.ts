/** Replayed calls: the transcript format, the invariants, the replay runner and its report. */
export { type ChoiceCall, type ChoiceReport, checkBookedAsChosen } from "./booked-as-chosen.ts";
export { checkCall } from "./call-checks.ts";
export { checkReply, type KnownSlot, type Violation } from "./invariants.ts";
export { type ReplayFailure, type ReplayOptions, type ReplayReport, replayTranscript } from "./replay.ts";
export { formatReport, jsonReport } from "./report.ts";
export {
  loadTranscript,
  parseTranscript,
  type Transcript,
  transcriptFiles,
  transcriptSchema,
} from "./transcript.ts";
