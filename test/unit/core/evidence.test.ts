import { describe, expect, it } from 'vitest';
import {
  answerConfidence,
  DEFAULT_EVIDENCE_POLICY,
  type EvidencePolicy,
  type EvidenceSignals,
  evidenceSignals,
  gatherEvidence,
  hasEnoughEvidence,
  passageSources,
} from '../../../src/core/ask/evidence.js';
import type { NumberedSource, SearchHit } from '../../../src/core/ports.js';
import { QueryExpander } from '../../../src/text/expansion/index.js';
import type { Passage } from '../../../src/text/passages/index.js';
import { makeChunk } from '../../helpers/builders.js';

function hit(coverage: number, score = 1, text = 'Some passage.', id = 'folder:a.md'): SearchHit {
  return { chunk: makeChunk(id, text), score, coverage };
}

function passage(coverage: number, score = coverage, absent = 0): Passage {
  return { source: 1, rank: 0, units: [], coverage, absent, topic: 0, score };
}

const signals = (overrides: Partial<EvidenceSignals> = {}): EvidenceSignals => ({
  coverage: 0.8,
  passageCoverage: 0.8,
  absent: 0,
  topic: 0.5,
  passageScore: 0.9,
  margin: 0.2,
  length: 0.3,
  ...overrides,
});

describe('evidence', () => {
  describe('evidenceSignals', () => {
    it('takes the best coverage among the first hits that rank close to the first', () => {
      const read = evidenceSignals([hit(0.3, 1.3), hit(1, 1.2)], [passage(0.7)], 3);
      expect(read.coverage).toBe(1);
      expect(read.margin).toBeCloseTo(1 - 1.2 / 1.3);
      expect(read.passageCoverage).toBe(0.7);
      expect(read.length).toBeCloseTo(1 / 6);
      expect(evidenceSignals([hit(1)], [passage(1)], 20).length).toBe(1);
      expect(evidenceSignals([hit(1)], [passage(1)], 1).length).toBe(0);
    });

    it('ignores a better-covering hit that ranks far below the first', () => {
      expect(evidenceSignals([hit(0.3, 1.3), hit(1, 0.6)], [passage(0.3)], 3).coverage).toBe(0.3);
    });

    it('reads no hits and no passage as no evidence at all', () => {
      expect(evidenceSignals([], [], 2)).toMatchObject({
        coverage: 0,
        passageCoverage: 0,
        passageScore: 0,
        absent: 1,
        margin: 0,
      });
    });
  });

  describe('answerConfidence', () => {
    const policy: EvidencePolicy = {
      bias: -3,
      weights: {
        coverage: 2,
        passageCoverage: 2,
        absent: -2,
        topic: 0,
        passageScore: 0,
        margin: 1,
        length: 0,
      },
      threshold: 0.5,
    };

    it('rises with coverage and falls with words the sources lack', () => {
      const low = answerConfidence(signals({ coverage: 0.2, passageCoverage: 0.2 }), policy);
      const high = answerConfidence(signals({ coverage: 0.9, passageCoverage: 0.9 }), policy);
      const lacking = answerConfidence(signals({ coverage: 0.9, passageCoverage: 0.9, absent: 0.6 }), policy);
      expect(high).toBeGreaterThan(low);
      expect(lacking).toBeLessThan(high);
      expect(high).toBeGreaterThan(0);
      expect(high).toBeLessThan(1);
    });

    it('answers at or above the threshold and abstains below it', () => {
      expect(hasEnoughEvidence(signals({ coverage: 0.9, passageCoverage: 0.9 }), policy)).toBe(true);
      expect(hasEnoughEvidence(signals({ coverage: 0.2, passageCoverage: 0.2, margin: 0 }), policy)).toBe(
        false,
      );
    });

    it('never answers without a passage, whatever the weights say', () => {
      const eager: EvidencePolicy = { ...policy, bias: 10 };
      expect(hasEnoughEvidence(signals({ passageScore: 0 }), eager)).toBe(false);
    });
  });

  describe('the fitted policy', () => {
    it('answers a question a source states outright and refuses one no source touches', () => {
      const expander = new QueryExpander();
      const source = (n: number, text: string): NumberedSource => ({
        n,
        chunk: makeChunk(`folder:${n}.md`, text),
        score: 2 - n / 10,
      });
      const leave = source(
        1,
        'Parental leave is 16 weeks at full pay for every parent. It starts from the birth.',
      );
      const travel = source(2, 'Book flights through the travel portal. Economy class is the default.');
      const hits = [leave, travel].map((s, i) => ({
        chunk: s.chunk,
        score: s.score ?? 0,
        coverage: i === 0 ? 1 : 0.2,
      }));
      const answered = gatherEvidence(
        'How long is parental leave?',
        'How long is parental leave?',
        hits,
        [leave, travel],
        expander,
      );
      expect(answered.passages[0]?.source).toBe(1);
      expect(hasEnoughEvidence(answered.signals, DEFAULT_EVIDENCE_POLICY)).toBe(true);

      const unrelatedHits = hits.map((h) => ({ ...h, coverage: 0 }));
      const refused = gatherEvidence(
        'What is the dress code for customer visits?',
        'What is the dress code for customer visits?',
        unrelatedHits,
        [leave, travel],
        expander,
      );
      expect(hasEnoughEvidence(refused.signals, DEFAULT_EVIDENCE_POLICY)).toBe(false);
    });
  });

  describe('a follow-up', () => {
    it('is judged on the whole question, not on the words typed last, which only choose what to quote', () => {
      const expander = new QueryExpander();
      const refresh = {
        n: 1,
        chunk: makeChunk(
          'folder:laptops.md',
          'The laptop refresh timeline is as follows:\n- Engineering: 2.5 years\n- All other departments: 4 years',
          { title: 'Laptop refresh' },
        ),
        score: 2,
      };
      const hits = [{ chunk: refresh.chunk, score: 2, coverage: 0.8 }];
      const standalone = 'How often do engineers get a new laptop? And folks in sales?';
      const followUp = gatherEvidence(standalone, 'And folks in sales?', hits, [refresh], expander);
      const whole = gatherEvidence(standalone, standalone, hits, [refresh], expander);
      expect(followUp.signals).toEqual(whole.signals);
      expect(followUp.passages[0]?.units.map((u) => u.text)).toContain('All other departments: 4 years');
    });
  });

  describe('passageSources', () => {
    it('passes a last heading that asks as framing, apart from the other headings', () => {
      const chunk = makeChunk('folder:faq.md', 'A: Within 30 days.', {
        title: 'Benefits',
        headingPath: ['FAQ', 'Q: When do I add my child?'],
      });
      const [asked] = passageSources([{ n: 1, chunk, score: 1 }]);
      expect(asked).toMatchObject({ context: 'Benefits FAQ', framing: 'Q: When do I add my child?' });
      const [plain] = passageSources([{ n: 1, chunk: { ...chunk, headingPath: ['FAQ', 'Dependents'] } }]);
      expect(plain).toMatchObject({ context: 'Benefits FAQ Dependents' });
      expect(plain?.framing).toBeUndefined();
      const [askingHeading] = passageSources([
        { n: 1, chunk: { ...chunk, headingPath: ['Annual leave', 'How many days you get'] } },
      ]);
      expect(askingHeading).toMatchObject({
        context: 'Benefits Annual leave',
        framing: 'How many days you get',
      });
    });
  });
});
