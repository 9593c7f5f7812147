/** German day and time phrases to dates and times in the business zone, and instants back to local time and words. */
export {
  dayBounds,
  type Instant,
  instantKey,
  type LocalTime,
  localDateOf,
  localIsoOf,
  localMinuteOf,
  localOf,
  localTimeOf,
  toInstant,
} from "./instant.ts";
export { findMentions, type RawMention } from "./mentions.ts";
export {
  type Daypart,
  type PlacedMention,
  placeMentions,
  type ResolveOptions,
  type ResolveResult,
  resolve,
  safeResolve,
} from "./resolve.ts";
export { type Mention, scanMentions } from "./scan.ts";
export {
  type SpeakOptions,
  speakDate,
  speakMoment,
  speakSlot,
  speakSlotsByDay,
  speakTime,
  speakTimesOnDay,
  weekdayNames,
} from "./speak.ts";
