import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMrkdwn } from '../../../src/channels/slack/mrkdwn.js';
import { SECTION_TEXT_LIMIT, splitMrkdwn } from '../../../src/channels/slack/split-text.js';

const words = (text: string) => text.replace(/```/g, ' ').split(/\s+/).filter(Boolean);

describe('splitMrkdwn', () => {
  it('keeps short text whole', () => {
    expect(splitMrkdwn('one paragraph')).toEqual(['one paragraph']);
  });

  it('splits long text at paragraph boundaries under the section limit', () => {
    const paragraph = 'word '.repeat(400).trim();
    const pieces = splitMrkdwn([paragraph, paragraph, paragraph].join('\n\n'));
    expect(pieces).toHaveLength(3);
    for (const piece of pieces) expect(piece).toBe(paragraph);
  });

  it('closes and reopens a code block it has to cut', () => {
    const code = ['```', ...Array.from({ length: 400 }, (_, i) => `line ${i} of code`), '```'].join('\n');
    const pieces = splitMrkdwn(code);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
      expect((piece.match(/^```/gm) ?? []).length % 2).toBe(0);
    }
  });

  it('never exceeds the limit, keeps every word in order and leaves no fence open', () => {
    const text = fc
      .array(
        fc.oneof(
          fc.stringMatching(/^[a-z&<>*_]{1,40}$/),
          fc.constant('\n'),
          fc.constant('\n\n'),
          fc.constant('```'),
          fc.constant('x'.repeat(500)),
        ),
        { maxLength: 400 },
      )
      .map((parts) => toMrkdwn(parts.join(' ')));
    fc.assert(
      fc.property(text, fc.integer({ min: 50, max: 3000 }), (mrkdwn, limit) => {
        const pieces = splitMrkdwn(mrkdwn, limit);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(limit);
          expect((piece.match(/^```/gm) ?? []).length % 2).toBe(0);
        }
        expect(words(pieces.join(' ')).join('')).toBe(words(mrkdwn).join(''));
      }),
      { numRuns: 200 },
    );
  });
});
