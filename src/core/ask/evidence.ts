import type { QueryExpander } from '../../text/expansion/index.js';
import { qualifyingPositions, words } from '../../text/index.js';
import { asksAsHeading, findPassages, type Passage, type PassageSource } from '../../text/passages/index.js';
import type { NumberedSource, SearchHit } from '../ports.js';
import { FITTED_EVIDENCE_POLICY } from './evidence-weights.js';

/**
 * What Lumen knows about how well the sources answer a question before it answers: several
 * signals, each weak alone (a synonym the sources lack lowers coverage; a shared word raises
 * it), that together separate the questions the sources answer from those they do not.
 * All are 0..1 or small counts and mean the same on every search backend.
 */
export interface EvidenceSignals {
  /** Share of the (rarity-weighted) question held by the best of the top-ranked chunks. */
  coverage: number;
  /** Share of the question held by the best passage (a few consecutive sentences) and its headings. */
  passageCoverage: number;
  /** Share of the question in words none of the sources uses in any form (a topic they lack, or a detail). */
  absent: number;
  /** Share of the question the best passage's title and headings name. */
  topic: number;
  /** The best passage's score: coverage, holding what is asked (an amount, a name), rank. */
  passageScore: number;
  /** How far the first hit stands above the second: 1 - second/first score. */
  margin: number;
  /**
   * How long the question is, 0 up to two terms to 1 from eight: a long, many-part question is
   * rarely covered whole by one passage.
   */
  length: number;
}

/**
 * A logistic model over the signals: the answer goes out when the estimated chance that the
 * sources answer the question reaches `threshold`. `bench/calibrate-evidence.ts` fits the
 * weights on development question sets and checks them on questions it did not fit on.
 */
export interface EvidencePolicy {
  bias: number;
  weights: EvidenceSignals;
  threshold: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = FITTED_EVIDENCE_POLICY;

/** How many of the best-ranked hits may supply the evidence. */
const EVIDENCE_HITS = 3;
/** A hit counts as a contender for the evidence when it scores at least this share of the first. */
const CONTENDER_SHARE = 0.85;

/**
 * The passages of the sources that best answer the question (best first) and the signals
 * read off them and the hits. `question` is the standalone query; `latest` the message as
 * typed, whose words weigh more in a follow-up.
 */
export function gatherEvidence(
  question: string,
  latest: string,
  hits: SearchHit[],
  sources: NumberedSource[],
  expander: QueryExpander,
): { passages: Passage[]; signals: EvidenceSignals; unmatchedYear: string | undefined } {
  const passages = findPassages(question, latest, passageSources(sources), expander);
  // The latest message's words weigh more to choose what to quote; whether the sources answer
  // at all is judged on the whole question, each word by its rarity alone.
  const judged =
    latest === question ? passages : findPassages(question, undefined, passageSources(sources), expander);
  return {
    passages,
    signals: evidenceSignals(hits, judged, expander.expand(question).length),
    unmatchedYear: unmatchedYear(question, sources),
  };
}

/**
 * A year the question asks about that none of the sources names ("open enrollment for 2025"
 * against pages about 2024): they answer for another year, so Lumen does not answer. A year
 * that only places the question ("I started in 2023") does not count.
 */
export function unmatchedYear(question: string, sources: NumberedSource[]): string | undefined {
  const placing = qualifyingPositions(question);
  const asked = words(question).filter((word, i) => /^(?:19|20)\d\d$/.test(word) && !placing.has(i));
  const named = (year: string) =>
    sources.some((s) => [s.chunk.text, s.chunk.title, ...s.chunk.headingPath].some((t) => t.includes(year)));
  return asked.find((year) => !named(year));
}

/** Numbered sources as the passage finder reads them: text, search score, title and headings. */
export function passageSources(sources: NumberedSource[]): PassageSource[] {
  return sources.map((s) => {
    const headings = s.chunk.headingPath;
    const last = headings.at(-1);
    const asks = last !== undefined && asksAsHeading(last);
    return {
      n: s.n,
      text: s.chunk.text,
      score: s.score ?? 0,
      context: `${s.chunk.title} ${(asks ? headings.slice(0, -1) : headings).join(' ')}`,
      ...(asks ? { framing: last } : {}),
    };
  });
}

/** Reads the signals off the ranked hits and the best passages found in them (best first). */
export function evidenceSignals(hits: SearchHit[], passages: Passage[], terms: number): EvidenceSignals {
  // The best-covering of the first few that rank close to the first: ranking also weighs
  // titles and proximity, so the chunk that holds the whole question is not always first.
  const top = hits[0]?.score ?? 0;
  const contenders = hits.slice(0, EVIDENCE_HITS).filter((hit) => hit.score >= top * CONTENDER_SHARE);
  const second = hits[1]?.score ?? 0;
  return {
    coverage: Math.max(0, ...contenders.map((hit) => hit.coverage)),
    passageCoverage: passages[0]?.coverage ?? 0,
    absent: passages[0]?.absent ?? 1,
    topic: passages[0]?.topic ?? 0,
    passageScore: passages[0]?.score ?? 0,
    margin: top > 0 ? Math.max(0, 1 - second / top) : 0,
    length: Math.min(1, Math.max(0, (terms - 2) / 6)),
  };
}

/** The estimated chance, 0..1, that the sources answer the question. */
export function answerConfidence(
  signals: EvidenceSignals,
  policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY,
): number {
  let z = policy.bias;
  for (const key of Object.keys(policy.weights) as (keyof EvidenceSignals)[]) {
    z += policy.weights[key] * signals[key];
  }
  return 1 / (1 + Math.exp(-z));
}

/** Whether the evidence is enough to answer; never guess on thin evidence. */
export function hasEnoughEvidence(
  signals: EvidenceSignals,
  policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY,
): boolean {
  return signals.passageScore > 0 && answerConfidence(signals, policy) >= policy.threshold;
}
