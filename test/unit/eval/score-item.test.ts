import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../src/core/index.js';
import { type EvalQuestion, isSource, readQuestionSet, scoreItem } from '../../../src/eval/index.js';

function item(overrides: Partial<EvalQuestion> = {}): EvalQuestion {
  return {
    id: 'q1',
    question: 'How do I reset my password?',
    turns: ['How do I reset my password?'],
    truth: '',
    citations: ['it/passwords.md'],
    facts: [],
    expectAbstain: false,
    ...overrides,
  };
}

function cite(location: string): Citation {
  return { n: 1, title: location, url: `https://kb.example/${location}`, location } as Citation;
}

const answer = (text: string, ...locations: string[]) => ({
  kind: 'answer' as const,
  text,
  citations: locations.map(cite),
});

describe('scoreItem', () => {
  it('never counts an abstention as a hit, even when the expected source was retrieved first', () => {
    const result = scoreItem(
      item(),
      { kind: 'abstain', text: "I couldn't find this in the sources you can access.", citations: [] },
      { retrieved: [{ chunkId: 'c1', location: 'it/passwords.md', score: 9, rank: 0 }] },
      1,
    );
    expect(result.abstained).toBe(true);
    expect(result.hit).toBe(false);
    expect(result.correct).toBe(false);
    expect(result.recallAt[1]).toBe(1);
  });

  it('is no hit when the answer cites another document than the expected one', () => {
    const result = scoreItem(
      item({ citations: ['wellbeing-and-eap.html'] }),
      answer('Take sick leave [1].', 'sick-leave.md'),
      { retrieved: [{ chunkId: 'c1', location: 'wellbeing-and-eap.html', score: 9, rank: 0 }] },
      1,
    );
    expect(result.hit).toBe(false);
    expect(result.correct).toBe(false);
    expect(result.citationsMatched).toBe(0);
    expect(result.offSourceCitations).toEqual(['sick-leave.md']);
  });

  it('is wrong when a fact the answer must hold is missing, though the right page is cited', () => {
    const result = scoreItem(
      item({ facts: ['reset link|self-service'] }),
      answer('Unexpected sign-in prompts should be reported to IT [1].', 'it/passwords.md'),
      undefined,
      1,
    );
    expect(result.hit).toBe(true);
    expect(result.correct).toBe(false);
    expect(result.missingFacts).toEqual(['reset link|self-service']);
  });

  it('is correct when every fact is present, case-insensitively', () => {
    const result = scoreItem(
      item({ facts: ['reset link', '\\b24 hours'] }),
      answer('Use the Reset Link on the sign-in page; it expires after 24 hours [1].', 'it/passwords.md'),
      undefined,
      1,
    );
    expect(result.correct).toBe(true);
    expect(result.missingFacts).toEqual([]);
  });

  it('counts a refusal of an unanswerable question as correct, and an answer to it as wrong', () => {
    const unanswerable = item({ citations: [], expectAbstain: true });
    const refused = scoreItem(unanswerable, { kind: 'abstain', text: 'No.', citations: [] }, undefined, 1);
    const answered = scoreItem(unanswerable, answer('A stray sentence [1].', 'travel.md'), undefined, 1);
    expect(refused.correct).toBe(true);
    expect(answered.correct).toBe(false);
  });
});

describe('isSource', () => {
  it('matches whole trailing folders, so index pages of different folders differ', () => {
    expect(isSource('benefits/index.md', 'handbook/benefits/index.md')).toBe(true);
    expect(isSource('benefits/index.md', 'handbook/pay/index.md')).toBe(false);
    expect(isSource('index.md', 'handbook/pay/index.md')).toBe(true);
    expect(isSource('fits/index.md', 'benefits/index.md')).toBe(false);
  });

  it('requires the page when the expected source names one', () => {
    expect(isSource('handbook.pdf#page=2', 'handbook.pdf#page=2')).toBe(true);
    expect(isSource('handbook.pdf#page=2', 'handbook.pdf#page=1')).toBe(false);
    expect(isSource('Handbook.PDF', 'handbook.pdf#page=1')).toBe(true);
  });
});

describe('readQuestionSet', () => {
  async function withFile(lines: string[], read: (path: string) => Promise<void>) {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-questions-'));
    try {
      const path = join(dir, 'set.jsonl');
      await writeFile(path, lines.join('\n'));
      await read(path);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('reads truths with citation tags, sources with facts and kinds, and conversations', async () => {
    await withFile(
      [
        JSON.stringify({ question: 'Dental?', truth: 'Twice a year [handbook.pdf#page=3].' }),
        JSON.stringify({
          id: 'q2',
          question: 'Paid leave?',
          sources: ['benefits/leave.md'],
          facts: ['16 weeks'],
          kind: 'para',
          abstain: false,
        }),
        JSON.stringify({
          id: 'f1',
          turns: ['Dental?', 'And vision?'],
          sources: ['vision.md'],
          facts: ['yearly'],
        }),
        JSON.stringify({ id: 'q3', question: 'Sabbatical?', kind: 'unanswerable', sources: [], facts: [] }),
      ],
      async (path) => {
        const [tagged, sourced, conversation, unanswerable] = await readQuestionSet(path);
        expect(tagged).toMatchObject({ id: 'line 1', citations: ['handbook.pdf#page=3'], facts: [] });
        expect(sourced).toMatchObject({
          id: 'q2',
          citations: ['benefits/leave.md'],
          facts: ['16 weeks'],
          kind: 'para',
        });
        expect(conversation).toMatchObject({ question: 'And vision?', turns: ['Dental?', 'And vision?'] });
        expect(unanswerable?.expectAbstain).toBe(true);
      },
    );
  });

  it('names the line that is not valid JSON, and a fact that is not a regular expression', async () => {
    await withFile([JSON.stringify({ question: 'ok?' }), '{not json'], async (path) => {
      await expect(readQuestionSet(path)).rejects.toThrow(`${path}:2 is not valid JSON`);
    });
    await withFile([JSON.stringify({ question: 'ok?', facts: ['(unclosed'] })], async (path) => {
      await expect(readQuestionSet(path)).rejects.toThrow(
        `${path}:1 has a fact that is not a valid regular expression`,
      );
    });
  });
});
