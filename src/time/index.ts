/** German day and time phrases to dates and times in the business zone, and instants back to spoken German. */
export { dayBounds, toInstant } from "./instant.ts";
export { type Daypart, type ResolveOptions, type ResolveResult, resolve, safeResolve } from "./resolve.ts";
export { type Mention, scanMentions } from "./scan.ts";
export {
  localDateOf,
  localTimeOf,
  type SpeakOptions,
  speakDate,
  speakSlot,
  speakSlotsByDay,
  speakTime,
  speakTimesOnDay,
} from "./speak.ts";
