import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EVIDENCE_POLICY,
  type EvidencePolicy,
  hasEnoughEvidence,
  requiredCoverage,
} from '../../../src/core/ask/evidence.js';
import type { SearchHit } from '../../../src/core/ports.js';
import { makeChunk } from '../../helpers/builders.js';

const policy: EvidencePolicy = { minCoverage: 0.6, longQuestionCoverage: 0.2, longQuestionWords: 12 };

function hit(coverage: number, id = 'folder:a.md', score = 1): SearchHit {
  return { chunk: makeChunk(id, 'Some passage.'), score, coverage };
}

/** A question with exactly `n` distinct content words. */
function questionOf(n: number): string {
  const topics = [
    'parental',
    'leave',
    'adoption',
    'weeks',
    'salary',
    'bonus',
    'dental',
    'hearing',
    'travel',
    'hotel',
    'laptop',
    'pension',
    'mileage',
    'relocation',
  ];
  return `What is the ${topics.slice(0, n).join(' ')}?`;
}

describe('evidence', () => {
  describe('hasEnoughEvidence across the first hits', () => {
    it('takes the coverage of a hit ranked just below the first', () => {
      expect(
        hasEnoughEvidence(questionOf(3), [hit(0.3, 'folder:a.md', 1.3), hit(1, 'folder:b.md', 1.2)], policy),
      ).toBe(true);
    });

    it('ignores a well-covering hit that ranks far below the first', () => {
      expect(
        hasEnoughEvidence(questionOf(3), [hit(0.3, 'folder:a.md', 1.3), hit(1, 'folder:b.md', 0.6)], policy),
      ).toBe(false);
    });
  });

  describe('requiredCoverage', () => {
    it('asks minCoverage of short questions (up to four content words)', () => {
      expect(requiredCoverage('What is the per diem?', policy)).toBe(0.6);
      expect(requiredCoverage(questionOf(1), policy)).toBe(0.6);
      expect(requiredCoverage(questionOf(4), policy)).toBe(0.6);
    });

    it('asks longQuestionCoverage from longQuestionWords content words on', () => {
      expect(requiredCoverage(questionOf(12), policy)).toBeCloseTo(0.2, 10);
      expect(requiredCoverage(questionOf(14), policy)).toBeCloseTo(0.2, 10);
    });

    it('interpolates linearly between the two for questions of middle length', () => {
      // 4 words -> 0.6, 12 words -> 0.2: each word past four lowers the bar by 0.05.
      expect(requiredCoverage(questionOf(5), policy)).toBeCloseTo(0.55, 10);
      expect(requiredCoverage(questionOf(8), policy)).toBeCloseTo(0.4, 10);
      expect(requiredCoverage(questionOf(11), policy)).toBeCloseTo(0.25, 10);
    });

    it('lowers the bar steadily as a question gets longer', () => {
      const bars = Array.from({ length: 14 }, (_, i) => requiredCoverage(questionOf(i + 1), policy));
      for (let i = 1; i < bars.length; i++) expect(bars[i]!).toBeLessThanOrEqual(bars[i - 1]!);
      expect(new Set(bars).size).toBe(9);
    });

    it('counts distinct stems, not repeated words, stop words or framing words', () => {
      const repeated = 'leave leaves leaving leave, salary salaries, hotel hotels, dental';
      expect(requiredCoverage(repeated, policy)).toBe(0.6);
      const framed =
        'Could you please explain and describe, according to the document, the specific details of leave?';
      expect(requiredCoverage(framed, policy)).toBe(0.6);
    });

    it('uses the default policy when none is given', () => {
      expect(requiredCoverage(questionOf(2))).toBe(DEFAULT_EVIDENCE_POLICY.minCoverage);
      expect(requiredCoverage(questionOf(13))).toBeCloseTo(DEFAULT_EVIDENCE_POLICY.longQuestionCoverage, 10);
    });

    it('honours a custom longQuestionWords', () => {
      const early = { ...policy, longQuestionWords: 6 };
      expect(requiredCoverage(questionOf(5), early)).toBeCloseTo(0.4, 10);
      expect(requiredCoverage(questionOf(6), early)).toBeCloseTo(0.2, 10);
    });
  });

  describe('hasEnoughEvidence', () => {
    it('is false when nothing was retrieved', () => {
      expect(hasEnoughEvidence(questionOf(2), [], policy)).toBe(false);
    });

    it('answers a short question only when the best hit covers minCoverage', () => {
      expect(hasEnoughEvidence(questionOf(3), [hit(0.6)], policy)).toBe(true);
      expect(hasEnoughEvidence(questionOf(3), [hit(0.59)], policy)).toBe(false);
    });

    it('answers a long question on less coverage than a short one', () => {
      expect(hasEnoughEvidence(questionOf(13), [hit(0.25)], policy)).toBe(true);
      expect(hasEnoughEvidence(questionOf(3), [hit(0.25)], policy)).toBe(false);
      expect(hasEnoughEvidence(questionOf(13), [hit(0.19)], policy)).toBe(false);
    });

    it('judges a middle-length question against the interpolated bar', () => {
      expect(hasEnoughEvidence(questionOf(8), [hit(0.41)], policy)).toBe(true);
      expect(hasEnoughEvidence(questionOf(8), [hit(0.39)], policy)).toBe(false);
    });

    it('is satisfied by a well-covering top hit even when the others cover little', () => {
      expect(hasEnoughEvidence(questionOf(2), [hit(0.9), hit(0.1, 'folder:b.md')], policy)).toBe(true);
    });

    it('uses the default policy when none is given', () => {
      expect(hasEnoughEvidence(questionOf(2), [hit(DEFAULT_EVIDENCE_POLICY.minCoverage)])).toBe(true);
      expect(hasEnoughEvidence(questionOf(2), [hit(DEFAULT_EVIDENCE_POLICY.minCoverage - 0.01)])).toBe(false);
    });
  });
});
