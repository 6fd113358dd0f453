import { analyzeQuery } from '../../text/index.js';
import type { SearchHit } from '../ports.js';

/** How sure retrieval must be before Lumen answers instead of abstaining. */
export interface EvidencePolicy {
  /** Share of the rarity-weighted question the best chunk must cover. */
  minCoverage: number;
  /**
   * The share asked of long, many-part questions: one passage rarely covers all their
   * parts, while a short question about something absent leaves its key word uncovered.
   */
  longQuestionCoverage: number;
  /** Distinct content words from which a question counts as long. */
  longQuestionWords: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = {
  minCoverage: 0.55,
  longQuestionCoverage: 0.35,
  longQuestionWords: 12,
};

/** How many of the best-ranked hits may supply the evidence. */
const EVIDENCE_HITS = 3;
/** A hit counts as a contender for the evidence when it scores at least this share of the first. */
const CONTENDER_SHARE = 0.85;

/** Whether the retrieved chunks are enough to answer; never guess on thin evidence. */
export function hasEnoughEvidence(
  query: string,
  hits: SearchHit[],
  policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY,
): boolean {
  // The best-covering of the first few that rank close to the first: ranking also weighs
  // titles and proximity, so the passage that holds the whole question is not always first.
  const top = hits[0]?.score ?? 0;
  const contenders = hits.slice(0, EVIDENCE_HITS).filter((hit) => hit.score >= top * CONTENDER_SHARE);
  const best = Math.max(0, ...contenders.map((hit) => hit.coverage));
  return hits.length > 0 && best >= requiredCoverage(query, policy);
}

/** The coverage asked of a query: from `minCoverage` for short ones down to the long-question share. */
export function requiredCoverage(query: string, policy: EvidencePolicy = DEFAULT_EVIDENCE_POLICY): number {
  const words = new Set(analyzeQuery(query).map((token) => token.stem)).size;
  const shortWords = 4;
  if (words <= shortWords) return policy.minCoverage;
  if (words >= policy.longQuestionWords) return policy.longQuestionCoverage;
  const t = (words - shortWords) / (policy.longQuestionWords - shortWords);
  return policy.minCoverage + t * (policy.longQuestionCoverage - policy.minCoverage);
}
