/**
 * Invariants 1, 2, 3, 4 and 7 of DESIGN.md on one agent reply. The checker lives beside the conversation loop
 * (`src/agent/speech-check.ts`), whose speech guard applies it at run time; replays apply it after the fact.
 */
export {
  checkReply,
  type KnownSlot,
  knownSlotsOf,
  type OfferRound,
  offerRound,
  type ReplyContext,
  turnRound,
  type Violation,
} from "../agent/speech-check.ts";
