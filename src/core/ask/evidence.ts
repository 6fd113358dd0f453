import type { SearchHit } from '../ports.js';

/** How sure retrieval must be before Lumen answers instead of abstaining. */
export interface EvidencePolicy {
  /** Share of the rarity-weighted question the best chunk must cover. */
  minCoverage: number;
}

export const DEFAULT_EVIDENCE_POLICY: EvidencePolicy = { minCoverage: 0.5 };

/** Whether the retrieved chunks are enough to answer; never guess on thin evidence. */
export function hasEnoughEvidence(hits: SearchHit[], policy = DEFAULT_EVIDENCE_POLICY): boolean {
  const best = hits[0];
  return best !== undefined && best.coverage >= policy.minCoverage;
}
