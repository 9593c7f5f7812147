/**
 * The phrase matchers read a text word by word against an index of each list by first word, and remember what they
 * build per list and per lexicon. Here they are compared with plain versions that try every phrase at every word
 * (what they did before), on seeded random texts and lists: same phrase, same place, same tie-breaks.
 */
import { describe, expect, it } from "vitest";
import {
  findCue,
  findPhrase,
  fold,
  foldedSet,
  fromLexicon,
  type Lexicon,
  loadLexicon,
  withoutPhrases,
} from "./lexicon.ts";

/** The words of a phrase, its gaps ("...") kept as parts. */
const partsOf = (raw: string) =>
  raw
    .split("...")
    .map(fold)
    .filter((p) => p !== "")
    .map((p) => p.split(" "));

/** Every phrase tried at every word: the first place each is said, as [phrase, index, end, list order]. */
function plainHits(folded: string, phrases: readonly string[]) {
  const words = folded === "" ? [] : folded.split(" ");
  const hits: { phrase: string; index: number; end: number; order: number }[] = [];
  phrases.forEach((raw, order) => {
    const parts = partsOf(raw);
    if (parts.length === 0) return;
    for (let at = 0; at < words.length; at++) {
      let end = at;
      let ok = true;
      for (const [k, part] of parts.entries()) {
        let found = -1;
        const from = k === 0 ? at : end;
        const to = k === 0 ? at : end + 4;
        for (let i = from; i <= to && i + part.length <= words.length; i++) {
          if (part.every((w, j) => words[i + j] === w)) {
            found = i;
            break;
          }
        }
        if (found < 0) {
          ok = false;
          break;
        }
        end = found + part.length;
      }
      if (ok) {
        hits.push({ phrase: parts.map((p) => p.join(" ")).join(" ... "), index: at, end, order });
        return;
      }
    }
  });
  return hits;
}

function plainFind(folded: string, phrases: readonly string[]) {
  let best: ReturnType<typeof plainHits>[number] | null = null;
  for (const hit of plainHits(folded, phrases)) {
    const longer = best === null || hit.phrase.length > best.phrase.length;
    const sooner = best !== null && hit.phrase.length === best.phrase.length && hit.index < best.index;
    if (longer || sooner) best = hit;
  }
  return best === null ? null : { phrase: best.phrase, index: best.index, end: best.end };
}

function plainFirst(folded: string, phrases: readonly string[]) {
  let first: ReturnType<typeof plainHits>[number] | null = null;
  for (const hit of plainHits(folded, phrases)) {
    const sooner = first === null || hit.index < first.index;
    if (sooner || (hit.index === first?.index && hit.phrase.length > first.phrase.length)) first = hit;
  }
  return first === null ? null : { phrase: first.phrase, index: first.index, end: first.end };
}

function plainWithout(folded: string, phrases: readonly string[]) {
  let padded = ` ${folded} `;
  const sorted = phrases.map(fold).filter((p) => p !== "");
  sorted.sort((a, b) => b.length - a.length);
  for (const p of sorted) while (padded.includes(` ${p} `)) padded = padded.replace(` ${p} `, " ");
  return padded.trim().replace(/\s+/g, " ");
}

/** A small seeded generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Few words, so phrases overlap, repeat and tie often.
const VOCABULARY = ["ja", "nein", "gut", "ab", "mal", "so", "ok", "bis", "da"];

function sample(next: () => number) {
  const word = () => VOCABULARY[Math.floor(next() * VOCABULARY.length)] ?? "ja";
  const words = (n: number) => Array.from({ length: n }, word).join(" ");
  const text = words(Math.floor(next() * 12));
  const phrases = Array.from({ length: 1 + Math.floor(next() * 8) }, () => {
    const n = 1 + Math.floor(next() * 3);
    // Some phrases have a gap, some are written with capitals and punctuation, as the lexicon's are.
    if (next() < 0.2) return `${words(n)} ... ${words(1)}`;
    return next() < 0.2 ? `${words(n).toUpperCase()},` : words(n);
  });
  return { text, phrases };
}

describe("phrase matchers: the same answers as trying every phrase at every word", () => {
  it("findPhrase, findCue and withoutPhrases on 500 seeded texts and lists", () => {
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const { text, phrases } = sample(next);
      const not = next() < 0.5 ? [] : sample(next).phrases.slice(0, 2);
      const label = JSON.stringify({ text, phrases, not });
      expect(findPhrase(text, phrases), label).toEqual(plainFind(text, phrases));
      expect(withoutPhrases(text, phrases), label).toBe(plainWithout(text, phrases));
      // A cue: its `not` phrases taken out one by one, then the first cue said.
      let said = text;
      for (let hit = plainFind(said, not); hit !== null; hit = plainFind(said, not)) {
        const words = said.split(" ");
        words.splice(hit.index, hit.end - hit.index);
        said = words.join(" ");
      }
      expect(findCue(text, { cues: phrases, not }), label).toEqual(plainFirst(said, phrases));
    }
  });

  it("ties: the longer phrase, then the one said first, then the one listed first", () => {
    expect(findPhrase("so ja gut so", ["ja", "gut so", "so ja"])).toEqual({
      phrase: "gut so",
      index: 2,
      end: 4,
    });
    expect(findPhrase("so ja ab so", ["ja", "ab so", "so ja"])).toEqual({
      phrase: "so ja",
      index: 0,
      end: 2,
    });
    // Two phrases as long as each other, both said from the first word: the one listed first.
    expect(findPhrase("ja ok so", ["ja ... so", "ja ... ok"])).toEqual({
      phrase: "ja ... so",
      index: 0,
      end: 3,
    });
    expect(findPhrase("ja ok so", ["ja ... ok", "ja ... so"])).toEqual({
      phrase: "ja ... ok",
      index: 0,
      end: 2,
    });
    expect(findCue("ab so ja", { cues: ["ja", "so ja", "so"], not: [] })).toEqual({
      phrase: "so ja",
      index: 1,
      end: 3,
    });
  });

  it("withoutPhrases takes the longest phrase out first, and a phrase only once its words are there", () => {
    // "ab so" goes before "so": "ab" stays only if "so" alone had been taken first.
    expect(withoutPhrases("ja ab so da", ["so", "ab so"])).toBe("ja da");
    // Taking "b" out joins "a" and "c", but "a c" was tried before, being longer: as every phrase at every word did.
    expect(withoutPhrases("ja nein gut", ["nein", "ja gut"])).toBe("ja gut");
  });
});

describe("what the matchers remember", () => {
  it("foldedSet is built once per list; fromLexicon once per lexicon and name", () => {
    const list = ["Guten Tag", "HALLO"];
    expect([...foldedSet(list)]).toEqual(["guten tag", "hallo"]);
    expect(foldedSet(list)).toBe(foldedSet(list));
    const lexicon = loadLexicon();
    let builds = 0;
    const build = (l: Lexicon) => {
      builds += 1;
      return l.yes.length;
    };
    expect(fromLexicon(lexicon, "yes count (test)", build)).toBe(lexicon.yes.length);
    fromLexicon(lexicon, "yes count (test)", build);
    expect(builds).toBe(1);
    // Another lexicon (a developer's own file) has its own.
    fromLexicon({ ...lexicon }, "yes count (test)", build);
    expect(builds).toBe(2);
  });
});
