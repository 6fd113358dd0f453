import { describe, expect, it } from 'vitest';
import type { AnswerRequest, NumberedSource } from '../../../src/core/ports.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import { makeChunk } from '../../helpers/builders.js';

const LEAVE =
  'Birth parents receive 20 weeks of paid parental leave. The partner of a birth parent receives 12 weeks of paid leave. Leave must be requested through the HR portal at least four weeks ahead.';
const PER_DIEM =
  'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon. Keep receipts for every expense above 25 EUR. Alcohol is never reimbursed.';
const LAPTOPS =
  'Engineers receive a new laptop every three years. Lost laptops must be reported to the IT desk within a day.';

/** Sources numbered 1..n in the order given (the order retrieval ranked them). */
function sources(...texts: string[]): NumberedSource[] {
  return texts.map((text, i) => ({ n: i + 1, chunk: makeChunk(`folder:doc-${i + 1}.md`, text) }));
}

function request(question: string, given: NumberedSource[]): AnswerRequest {
  return { question, standaloneQuestion: question, history: [], sources: given };
}

/** The answer split into its cited sentences: each sentence and the source number after it. */
function citedSentences(text: string): { sentence: string; n: number }[] {
  const parts = [...text.matchAll(/\s*(.+?)\s*\[(\d+)\]/g)];
  expect(parts.map((m) => m[0]).join('')).toBe(text);
  return parts.map((m) => ({ sentence: m[1]!, n: Number(m[2]) }));
}

/** Whether a sentence of the answer is in the source verbatim (or its beginning, when trimmed with …). */
function isQuoted(sentence: string, source: string): boolean {
  return sentence.endsWith('…') ? source.includes(sentence.slice(0, -1)) : source.includes(sentence);
}

describe('ExtractiveModel', () => {
  const model = new ExtractiveModel();

  it('answers with the sentence that answers the question, cited with its source number', async () => {
    const answer = await model.answer(
      request('How many weeks of paid parental leave do birth parents get?', sources(LAPTOPS, LEAVE)),
    );
    expect(answer.abstained).toBe(false);
    expect(answer.model).toBe('extractive');
    const cited = citedSentences(answer.text);
    expect(cited[0]).toEqual({ sentence: 'Birth parents receive 20 weeks of paid parental leave.', n: 2 });
    expect(cited.every(({ n }) => n === 2)).toBe(true);
    expect(answer.text).not.toContain('laptop');
  });

  it('cites the number each source was given, whatever its position', async () => {
    const given: NumberedSource[] = [
      { n: 7, chunk: makeChunk('folder:per-diem.md', PER_DIEM) },
      { n: 3, chunk: makeChunk('folder:leave.md', LEAVE) },
    ];
    const answer = await model.answer(request('What is the per diem in Toronto?', given));
    const cited = citedSentences(answer.text);
    expect(cited[0]).toEqual({
      sentence: 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.',
      n: 7,
    });
    for (const { n } of cited) expect([7, 3]).toContain(n);
  });

  it('cites every sentence with the source it was taken from, word for word', async () => {
    const given = sources(LEAVE, PER_DIEM, LAPTOPS);
    const questions = [
      'How many weeks of paid leave does the partner of a birth parent receive?',
      'Which receipts must I keep for expenses, and is alcohol reimbursed?',
      'How often do engineers get a new laptop, and where are lost laptops reported?',
      'What is the per diem in Lisbon, and how far ahead must parental leave be requested?',
    ];
    for (const question of questions) {
      const answer = await model.answer(request(question, given));
      expect(answer.abstained, question).toBe(false);
      const cited = citedSentences(answer.text);
      expect(cited.length, question).toBeGreaterThan(0);
      for (const { sentence, n } of cited) {
        const source = given.find((s) => s.n === n);
        expect(source, `${question}: [${n}] names a source`).toBeDefined();
        expect(isQuoted(sentence, source!.chunk.text), `${question}: "${sentence}" is in [${n}]`).toBe(true);
      }
    }
  });

  it('quotes the beginning of a very long sentence and marks the cut with …', async () => {
    const long = `Remote work from another country is allowed for up to thirty days per year ${'provided that the manager, the tax team and the security team have approved the request in writing beforehand, '.repeat(
      4,
    )}and the employee keeps working core hours.`;
    const given = sources(long);
    const answer = await model.answer(request('Is remote work from another country allowed?', given));
    const [first] = citedSentences(answer.text);
    expect(first?.n).toBe(1);
    expect(first!.sentence.endsWith('…')).toBe(true);
    expect(first!.sentence.length).toBeLessThan(long.length);
    expect(isQuoted(first!.sentence, long)).toBe(true);
  });

  it('abstains with no text when no source covers the question', async () => {
    const answer = await model.answer(
      request('What is the company stock price today?', sources(LEAVE, PER_DIEM, LAPTOPS)),
    );
    expect(answer).toMatchObject({ abstained: true, text: '' });
  });

  it('abstains when there are no sources', async () => {
    const answer = await model.answer(request('How many weeks of parental leave do I get?', []));
    expect(answer).toMatchObject({ abstained: true, text: '' });
  });

  it('abstains when the question has no content words', async () => {
    const answer = await model.answer(request('What is it?', sources(LEAVE, PER_DIEM)));
    expect(answer).toMatchObject({ abstained: true, text: '' });
  });

  it('does not answer from a sentence that shares only a minor word with the question', async () => {
    const answer = await model.answer(
      request(
        'How many weeks of sabbatical do researchers get after seven years of service?',
        sources(LEAVE),
      ),
    );
    expect(answer.abstained).toBe(true);
  });

  it('answers each part of a two-part question from the sources that cover it', async () => {
    const answer = await model.answer(
      request(
        'How many weeks of paid parental leave do birth parents get, and what is the per diem in Toronto?',
        sources(LEAVE, PER_DIEM, LAPTOPS),
      ),
    );
    expect(answer.abstained).toBe(false);
    const cited = citedSentences(answer.text);
    expect(cited).toContainEqual({
      sentence: 'Birth parents receive 20 weeks of paid parental leave.',
      n: 1,
    });
    expect(cited).toContainEqual({
      sentence: 'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.',
      n: 2,
    });
    expect(answer.text).not.toContain('[3]');
  });

  describe('top sources', () => {
    const question = 'What is the hotel limit for business travel?';
    const given = sources(
      'The hotel limit for business travel is 180 EUR per night in capital cities.',
      'Business travel hotel bookings above the limit need written approval from a director first.',
      'Hotel limit exceptions during business travel are logged by the finance team every month.',
      'Business travel by train is preferred over flights for trips under four hours.',
    );

    it('cites a strong sentence from each of the best-ranked sources', async () => {
      const answer = await new ExtractiveModel({ relativeFloor: 1, topSources: 3 }).answer(
        request(question, given),
      );
      const cited = citedSentences(answer.text);
      expect(cited.map((c) => c.n)).toEqual([1, 2, 3]);
      expect(cited[0]!.sentence).toBe(given[0]!.chunk.text);
      expect(cited[1]!.sentence).toBe(given[1]!.chunk.text);
      expect(cited[2]!.sentence).toBe(given[2]!.chunk.text);
    });

    it('cites only as many top sources as the option says', async () => {
      const one = await new ExtractiveModel({ relativeFloor: 1, topSources: 1 }).answer(
        request(question, given),
      );
      expect(citedSentences(one.text).map((c) => c.n)).toEqual([1]);
      const two = await new ExtractiveModel({ relativeFloor: 1, topSources: 2 }).answer(
        request(question, given),
      );
      expect(citedSentences(two.text).map((c) => c.n)).toEqual([1, 2]);
    });

    it('does not cite a top source whose best sentence is weak', async () => {
      const answer = await new ExtractiveModel({ relativeFloor: 1, topSources: 4, sourceFloor: 0.9 }).answer(
        request(question, given),
      );
      expect(citedSentences(answer.text).map((c) => c.n)).not.toContain(4);
    });

    it('cites the top sources by default', async () => {
      const answer = await model.answer(request(question, given));
      const numbers = new Set(citedSentences(answer.text).map((c) => c.n));
      expect(numbers).toEqual(new Set([1, 2, 3]));
    });
  });

  it('stays within maxSentences', async () => {
    const answer = await new ExtractiveModel({ maxSentences: 1, topSources: 0 }).answer(
      request(
        'How many weeks of paid parental leave do birth parents get, and what is the per diem in Toronto?',
        sources(LEAVE, PER_DIEM),
      ),
    );
    expect(citedSentences(answer.text)).toHaveLength(1);
  });

  it('reports growing partial texts that end with the final answer', async () => {
    const partials: string[] = [];
    const answer = await model.answer(
      request(
        'How many weeks of paid parental leave do birth parents get, and what is the per diem in Toronto?',
        sources(LEAVE, PER_DIEM),
      ),
      (text) => partials.push(text),
    );
    expect(partials.length).toBe(citedSentences(answer.text).length);
    expect(partials.length).toBeGreaterThan(1);
    for (let i = 1; i < partials.length; i++) {
      expect(partials[i]!.length).toBeGreaterThan(partials[i - 1]!.length);
      expect(partials[i]!.startsWith(partials[i - 1]!)).toBe(true);
    }
    expect(partials.at(-1)).toBe(answer.text);
  });

  it('reports no partial text when it abstains', async () => {
    const partials: string[] = [];
    await model.answer(request('What is the company stock price today?', sources(LEAVE)), (t) =>
      partials.push(t),
    );
    expect(partials).toEqual([]);
  });

  it('reports itself healthy without any external service', async () => {
    expect(await model.check()).toMatchObject({ name: 'model', ok: true });
  });
});
