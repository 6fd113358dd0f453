import { describe, expect, it } from 'vitest';
import { isFollowUp, standaloneQuery } from '../../../../src/core/ask/follow-up.js';
import type { TurnRecord } from '../../../../src/core/ports.js';
import { QueryExpander, WordNet } from '../../../../src/text/expansion/index.js';

const now = new Date('2026-12-01T10:00:00Z');
const previous = {
  standaloneQuery: 'How often are dental cleanings covered?',
  createdAt: new Date('2026-12-01T09:58:00Z'),
} as TurnRecord;

describe('isFollowUp', () => {
  it.each([
    'and vision?',
    'What about sales?',
    'Does that still apply if my partner gives birth?',
    'vision?',
  ])('takes "%s" as a follow-up', (question) => expect(isFollowUp(question)).toBe(true));

  it.each([
    'How do I reset my password?',
    'Who approves expenses?',
    'What is the per diem in Lisbon?',
    'And how long will I have to exercise my stock options?',
  ])('takes "%s" as a new topic, however short', (question) => expect(isFollowUp(question)).toBe(false));
});

describe('standaloneQuery', () => {
  it('carries the previous topic into a follow-up', () => {
    expect(standaloneQuery('and vision?', [previous], now)).toBe(
      'How often are dental cleanings covered? and vision?',
    );
  });

  describe('with the expander', () => {
    const expander = new QueryExpander({ wordnet: WordNet.bundled() });
    const restated = (first: string, next: string) =>
      standaloneQuery(next, [{ ...previous, standaloneQuery: first }], now, expander);

    it.each([
      [
        'How often are dental cleanings covered?',
        'and vision?',
        'How often are cleanings covered? and vision?',
      ],
      [
        'How often do engineers get a new laptop?',
        'And folks in sales?',
        'How often do get a new laptop? And folks in sales?',
      ],
      [
        "What's the anniversary gift budget for year 3?",
        'And when I hit 8 years?',
        "What's the anniversary gift budget for year ? And when I hit 8 years?",
      ],
      [
        'What is the per diem in London?',
        'What about Lisbon?',
        'What is the per diem in ? What about Lisbon?',
      ],
    ])('replaces what the follow-up names an alternative to: "%s" + "%s"', (first, next, expected) => {
      expect(restated(first, next)).toBe(expected);
    });

    it('keeps the whole topic when the follow-up adds to it rather than replacing part of it', () => {
      expect(restated('How much is the desk setup budget?', "And if I'm on the design team?")).toBe(
        "How much is the desk setup budget? And if I'm on the design team?",
      );
      // "that" points back at the whole previous question: nothing is replaced.
      expect(
        restated('How long is paid parental leave?', 'Does that still apply if my partner gives birth?'),
      ).toBe('How long is paid parental leave? Does that still apply if my partner gives birth?');
    });
  });

  it('leaves a self-contained new question alone', () => {
    expect(standaloneQuery('How do I reset my password?', [previous], now)).toBe(
      'How do I reset my password?',
    );
  });
});
