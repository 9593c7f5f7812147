/**
 * `javascript` assertions for promptfoo: each reads the replay report the provider put into the response
 * metadata and passes or fails one group of checks, with the failing turn and the agent's words as the reason.
 */

interface Failure {
  check: string;
  turn: number | null;
  message: string;
  agent?: string;
}

interface AssertionContext {
  metadata?: {
    report?: { failures?: Failure[]; turns?: unknown[]; model?: string };
    guard?: { flagged: number; rules: Record<string, number> };
  };
}

interface GradingResult {
  pass: boolean;
  score: number;
  reason: string;
}

function grade(context: AssertionContext, accept: (f: Failure) => boolean, what: string): GradingResult {
  const failures = context.metadata?.report?.failures;
  if (failures === undefined)
    return { pass: false, score: 0, reason: "no replay report in the provider metadata" };
  const mine = failures.filter(accept);
  if (mine.length === 0) return { pass: true, score: 1, reason: `${what}: all hold` };
  const reason = mine
    .map(
      (f) =>
        `${f.check}${f.turn === null ? "" : ` (turn ${f.turn})`}: ${f.message}${f.agent ? ` — Agent: "${f.agent}"` : ""}`,
    )
    .join("\n");
  return { pass: false, score: 0, reason };
}

const invariant =
  (n: number) =>
  (_output: string, context: AssertionContext): GradingResult =>
    grade(context, (f) => f.check === `invariant ${n}`, `invariant ${n}`);

/** 1. Every clock time comes with its slot's explicit date. */
export const invariant1 = invariant(1);
/** 2. Every clock time equals the slot's local time (no UTC leak). */
export const invariant2 = invariant(2);
/** 3. "am gleichen/selben Tag" only when true. */
export const invariant3 = invariant(3);
/** 4. After a conflict the next reply offers a still-free alternative; never a generic error. */
export const invariant4 = invariant(4);
/** 5. The booked instant equals the accepted slot's instant. */
export const invariant5 = invariant(5);
/** 6. No double booking; at most one new booking per call unless expected. */
export const invariant6 = invariant(6);
/** 7. Alternatives in chronological order. */
export const invariant7 = invariant(7);
/** 8. What is booked is what the caller chose: day and time, service, name (else the accepted offer). */
export const invariant8 = invariant(8);

/** The transcript's own expectations: says / not_says per turn, booked and cancelled per call. */
export function expectations(_output: string, context: AssertionContext): GradingResult {
  return grade(context, (f) => !f.check.startsWith("invariant "), "expectations");
}

/**
 * The speech guard's corrections: the score is the share of turns whose words needed no correction, so an eval run
 * shows how often a language model was corrected; that is no failure (the caller heard the template instead). The
 * rule model speaks nothing but the templates, so any correction of its words is a template breaking a guard rule:
 * a failure.
 */
export function speechGuard(_output: string, context: AssertionContext): GradingResult {
  const guard = context.metadata?.guard;
  if (guard === undefined)
    return { pass: false, score: 0, reason: "no speech-guard counts in the provider metadata" };
  const turns = Math.max(1, context.metadata?.report?.turns?.length ?? 1);
  const rules = Object.entries(guard.rules)
    .map(([rule, n]) => `${rule} ${n}`)
    .join(", ");
  if (context.metadata?.report?.model === "rule" && guard.flagged > 0)
    return {
      pass: false,
      score: 0,
      reason: `speech guard: the rule model speaks only templates, yet ${guard.flagged} of ${turns} turns were flagged (${rules}): a template breaks a rule`,
    };
  return {
    pass: true,
    score: 1 - Math.min(1, guard.flagged / turns),
    reason:
      guard.flagged === 0
        ? "speech guard: no correction"
        : `speech guard: ${guard.flagged} of ${turns} turns corrected (${rules})`,
  };
}
