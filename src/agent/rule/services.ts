/**
 * Which service the caller means, from the business profile's names and aliases ("einen Herrenhaarschnitt",
 * "Haarschnitt für Herren", "Herren Haarschnitt") or, for generic words ("die Haare schneiden"), the services
 * that could be meant.
 */
import type { BusinessProfile } from "../../calendar/profile.ts";
import { escapeRegExp, fold, type Lexicon } from "./lexicon.ts";

/** A specific service, or several the caller's words fit equally. */
export interface ServiceMatch {
  service: string | null;
  options: string[];
}

interface Term {
  service: string;
  folded: string;
}

const termsCache = new WeakMap<BusinessProfile, Term[]>();

function termsOf(profile: BusinessProfile): Term[] {
  const hit = termsCache.get(profile);
  if (hit !== undefined) return hit;
  const terms = profile.services.flatMap((s) =>
    [s.name, s.id, ...s.aliases]
      .map((n) => ({ service: s.id, folded: fold(n) }))
      .filter((t) => t.folded !== ""),
  );
  // Longest first, so "haarschnitt fur herren" wins over a bare "herren" at the same place.
  terms.sort((a, b) => b.folded.length - a.folded.length);
  termsCache.set(profile, terms);
  return terms;
}

/** Case endings a service noun may carry ("Haarschnitts", "Farben"). */
const ENDING = "(?:s|es|e|en|n)?";

/** Word offset of the term in the folded text, or -1. */
function indexOfTerm(folded: string, term: string): number {
  const m = new RegExp(`(?:^| )${escapeRegExp(term)}${ENDING}(?= |$)`, "u").exec(folded);
  if (m !== null) return m.index;
  // Compounds that start with a one-word alias: "Bartschneiden", "Damenfrisur".
  if (!term.includes(" ") && term.length >= 4) {
    const c = new RegExp(`(?:^| )${escapeRegExp(term)}\\p{L}{4,}(?= |$)`, "u").exec(folded);
    if (c !== null) return c.index;
  }
  // "herren haarschnitt" said apart: compare with spaces removed, only for long compounds to stay precise.
  if (!term.includes(" ") && term.length >= 10) return folded.replace(/ /g, "").indexOf(term) >= 0 ? 0 : -1;
  return -1;
}

/** Finds the service in the caller's words; the first one named wins when several are. */
export function matchServices(text: string, profile: BusinessProfile, lexicon: Lexicon): ServiceMatch {
  const folded = fold(text);
  let best: { service: string; index: number } | null = null;
  for (const term of termsOf(profile)) {
    const index = indexOfTerm(folded, term.folded);
    if (index >= 0 && (best === null || index < best.index)) best = { service: term.service, index };
  }
  if (best !== null) return { service: best.service, options: [] };

  for (const family of lexicon.serviceFamilies) {
    if (!family.cues.some((cue) => indexOfTerm(folded, fold(cue)) >= 0)) continue;
    const fragments = family.match.map(fold);
    const options = profile.services
      // Names only: an alias like "Bart schneiden" does not make the beard a haircut.
      .filter((s) => fragments.some((f) => fold(s.name).includes(f)))
      .map((s) => s.id);
    if (options.length === 1) return { service: options[0] ?? null, options: [] };
    if (options.length > 1) return { service: null, options };
  }
  return { service: null, options: [] };
}

/** Every folded word that names a service, so such words are never taken for a person's name. */
export function serviceWords(profile: BusinessProfile): Set<string> {
  return new Set(termsOf(profile).flatMap((t) => t.folded.split(" ")));
}
