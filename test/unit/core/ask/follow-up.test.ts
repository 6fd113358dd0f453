import { describe, expect, it } from 'vitest';
import { isFollowUp, standaloneQuery } from '../../../../src/core/ask/follow-up.js';
import type { TurnRecord } from '../../../../src/core/ports.js';

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

  it.each(['How do I reset my password?', 'Who approves expenses?', 'What is the per diem in Lisbon?'])(
    'takes "%s" as a new topic, however short',
    (question) => expect(isFollowUp(question)).toBe(false),
  );
});

describe('standaloneQuery', () => {
  it('carries the previous topic into a follow-up', () => {
    expect(standaloneQuery('and vision?', [previous], now)).toBe(
      'How often are dental cleanings covered? and vision?',
    );
  });

  it('leaves a self-contained new question alone', () => {
    expect(standaloneQuery('How do I reset my password?', [previous], now)).toBe(
      'How do I reset my password?',
    );
  });
});
