import { describe, expect, it } from 'vitest';
import { passageSources } from '../../../src/core/ask/evidence.js';
import type { AnswerRequest, NumberedSource } from '../../../src/core/ports.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import { defaultExpander } from '../../../src/text/expansion/index.js';
import { findPassages } from '../../../src/text/passages/index.js';
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

/** The answer as its quoted passage and the one source number it cites at the end. */
function passageOf(text: string): { passage: string; n: number } {
  const match = /^([\s\S]+?) \[(\d+)\]$/.exec(text);
  expect(match, text).not.toBeNull();
  expect(match![1]).not.toMatch(/\[\d+\]/);
  return { passage: match![1]!, n: Number(match![2]) };
}

const model = new ExtractiveModel();

/** The passage the model quotes when asked `question` of one source holding `text`. */
async function quote(question: string, text: string): Promise<{ passage: string; n: number }> {
  return passageOf((await model.answer(request(question, sources(text)))).text);
}

describe('ExtractiveModel', () => {
  it('answers with the passage that answers the question, from one source, cited with its number', async () => {
    const answer = await model.answer(
      request('How many weeks of paid parental leave do birth parents get?', sources(LAPTOPS, LEAVE)),
    );
    expect(answer.abstained).toBe(false);
    expect(answer.model).toBe('extractive');
    const { passage, n } = passageOf(answer.text);
    expect(n).toBe(2);
    expect(passage).toContain('Birth parents receive 20 weeks of paid parental leave.');
    expect(LEAVE).toContain(passage);
    expect(answer.text).not.toContain('laptop');
  });

  it('quotes another document in a follow-up only when it speaks to the topic carried over, not just the new subject', async () => {
    const given: NumberedSource[] = [
      {
        n: 1,
        score: 2,
        chunk: makeChunk(
          'folder:spending.md',
          'The refresh timeline for each department is as follows\n- Engineering and Product: 2.5yrs\n- Technical Success: 3yrs\n- All Other Departments: 4yrs',
          { title: 'Spending company money', headingPath: ['Computers', 'Laptop refresh'] },
        ),
      },
      {
        n: 2,
        score: 1.9,
        chunk: makeChunk(
          'folder:medical-leave.md',
          'The below guidance applies for medical leave that is longer than 4 weeks. Deal stage is locked at the start date of the medical leave. To determine the locked deal stage, we will work with your manager and Pre-Sales Customer Engineer.',
          { title: 'Medical leave', headingPath: ['Resources for quota-carrying teammates (Sales & CE)'] },
        ),
      },
    ];
    // "engineers" was replaced by "sales": the follow-up's standalone question.
    const answer = await model.answer({
      question: 'And folks in sales?',
      standaloneQuestion: 'How often do get a new laptop? And folks in sales?',
      history: [],
      sources: given,
    });
    expect(answer.text).toContain('All Other Departments: 4yrs [1]');
    expect(answer.text).not.toContain('Deal stage');
  });

  it('cites the number each source was given, whatever its position', async () => {
    const given: NumberedSource[] = [
      { n: 7, chunk: makeChunk('folder:per-diem.md', PER_DIEM) },
      { n: 3, chunk: makeChunk('folder:leave.md', LEAVE) },
    ];
    const { passage, n } = passageOf(
      (await model.answer(request('What is the per diem in Toronto?', given))).text,
    );
    expect(n).toBe(7);
    expect(passage).toContain(
      'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.',
    );
  });

  it('quotes a contiguous span of its source, never sentences stitched from several documents', async () => {
    const given = sources(LEAVE, PER_DIEM, LAPTOPS);
    for (const question of [
      'How many weeks of paid leave does the partner of a birth parent receive?',
      'Which receipts must I keep for expenses?',
      'How often do engineers get a new laptop?',
      'How many weeks of paid parental leave do birth parents get, and what is the per diem in Toronto?',
    ]) {
      const answer = await model.answer(request(question, given));
      expect(answer.abstained, question).toBe(false);
      const { passage, n } = passageOf(answer.text);
      expect(given.find((s) => s.n === n)!.chunk.text, question).toContain(passage);
    }
  });

  it("adds another passage of the best passage's document, but another document's only when it all but ties", async () => {
    const question = 'How many days of sick leave do I get?';
    const best = 'Teammates get 10 days of paid sick leave a year.';
    const sameDocument = 'Sick leave days beyond that are unpaid.';
    const otherDocument = 'Sick leave for contractors follows their contract.';
    const given: NumberedSource[] = [
      { n: 1, chunk: makeChunk('folder:sick-leave.md', best, { id: 'folder:sick-leave.md#0' }) },
      { n: 2, chunk: makeChunk('folder:sick-leave.md', sameDocument, { id: 'folder:sick-leave.md#1' }) },
      { n: 3, chunk: makeChunk('folder:contractors.md', otherDocument) },
    ];
    // Scores as a search may give them: both others well below the best, above 60% of it.
    const scores: Record<number, number> = { 1: 1, 2: 0.65, 3: 0.7 };
    const passages = findPassages(question, question, passageSources(given), defaultExpander())
      .map((p) => ({ ...p, score: scores[p.source]! }))
      .sort((x, y) => y.score - x.score);
    expect(passages.map((p) => p.source)).toEqual([1, 3, 2]);
    const answer = await model.answer({ ...request(question, given), passages });
    expect(answer.text).toContain('[1]');
    expect(answer.text).toContain('[2]');
    expect(answer.text).not.toContain('[3]');
  });

  it('says each sentence once when chunks overlap, and does not cite a page that only repeats another', async () => {
    const question = 'How is mileage for my own car reimbursed?';
    const rate = 'Mileage for your own car is reimbursed at $0.62 per mile.';
    const covers = 'The mileage rate for your own car covers fuel and wear.';
    const commute = 'Mileage for a daily commute by car is not reimbursed.';
    const given: NumberedSource[] = [
      { n: 1, chunk: makeChunk('folder:travel.md', `${rate} ${covers}`, { id: 'folder:travel.md#0' }) },
      { n: 2, chunk: makeChunk('folder:travel.md', `${covers} ${commute}`, { id: 'folder:travel.md#1' }) },
      { n: 3, chunk: makeChunk('folder:faq.md', `Mileage:\n- ${rate}`) },
    ];
    const passages = findPassages(question, question, passageSources(given), defaultExpander()).map((p) => ({
      ...p,
      score: 1,
    }));
    expect(passages.find((p) => p.source === 2)?.units.map((u) => u.text)).toContain(covers);
    const answer = await model.answer({ ...request(question, given), passages });
    for (const sentence of [rate, covers, commute]) expect(answer.text.split(sentence)).toHaveLength(2);
    expect(answer.text).toContain('[1]');
    expect(answer.text).toContain('[2]');
    expect(answer.text).not.toContain('[3]');
  });

  it("does not add another table's row that shares only its label with the question", async () => {
    const question = 'What is the per diem in Toronto?';
    const given = sources(
      'Toronto — Per diem (per full day): CAD 85; Hotel cap (per night): CAD 260',
      'Toronto — Standard working week: 37.5 hours; Typical day: 09:00–17:00',
    );
    const passages = findPassages(question, question, passageSources(given), defaultExpander()).map((p) => ({
      ...p,
      score: 1,
    }));
    const answer = await model.answer({ ...request(question, given), passages });
    expect(answer.text).toContain('CAD 85');
    expect(answer.text).not.toContain('working week');
  });

  it('keeps the sentence after the answer when it qualifies it', async () => {
    const text =
      'Short-term disability pays 60% of salary for up to 12 weeks. However, it does not provide job protection. Long-term disability starts after 90 days.';
    const { passage } = await quote('How much does short-term disability pay?', text);
    expect(passage).toContain('60% of salary');
    expect(passage).toContain('However, it does not provide job protection.');
  });

  it('quotes the list a line ending in a colon introduces', async () => {
    const text =
      'Our welcome kit is sent in the first week.\nThe new hire welcome kit contains:\n- a hoodie\n- a water tumbler\n- stickers\nAsk the People team about sizes.';
    const { passage } = await quote('What comes in the new hire welcome kit?', text);
    expect(passage).toContain(
      'The new hire welcome kit contains:\n- a hoodie\n- a water tumbler\n- stickers',
    );
    expect(passage).not.toContain('Ask the People team');
  });

  it('answers a "how often" question with the list that holds the durations, introduced without a colon', async () => {
    const text =
      'Laptops are ordered through the IT portal and shipped within a week.\nThe laptop refresh timeline for each department is as follows\n- Engineering: 2.5yrs\n- Sales: 3yrs\n- All other departments: 4yrs';
    const { passage } = await quote('How often do sales folks get a laptop refresh?', text);
    expect(passage).toContain('is as follows\n- Engineering: 2.5yrs\n- Sales: 3yrs');
    expect(passage).not.toContain('shipped within a week');
  });

  it('answers an FAQ entry with its answer, not with the question it repeats', async () => {
    const text =
      'Q: Can I carry over unused vacation days?\nA: Up to 5 days carry over, to be used by 31 March.\nQ: Is there a waiting period?\nA: No.';
    const { passage } = await quote('Can I carry over unused vacation days?', text);
    expect(passage).toMatch(/^Up to 5 days carry over/);
    expect(passage).not.toContain('Q: Can I carry over');
  });

  it('prefers the sentence that holds the amount a "how much" question asks for', async () => {
    const text =
      'The meal allowance applies on every business trip day. Plan your trip with the meal allowance in mind.\nThe meal allowance is $80 per day for all three meals.';
    const { passage } = await quote("What's the daily meal allowance on a business trip?", text);
    expect(passage).toContain('$80 per day');
  });

  it('answers in everyday words the documents do not use', async () => {
    const text =
      'Outside employment: if you have employment outside the company, you must disclose it when it exceeds 15 hours per week.';
    const answer = await model.answer(request('Am I allowed to have a side gig?', sources(LEAVE, text)));
    expect(answer.abstained).toBe(false);
    expect(passageOf(answer.text)).toMatchObject({ n: 2 });
    expect(answer.text).toContain('15 hours');
  });

  it('reads through a typo the sources correct', async () => {
    const answer = await model.answer(
      request('how many weeks of parentl leave for birth parents', sources(LEAVE)),
    );
    expect(answer.abstained).toBe(false);
    expect(answer.text).toContain('20 weeks');
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

  it('weighs the words of the latest message of a follow-up above the topic carried over', async () => {
    const text =
      'Dental cleanings are covered twice a year. Vision exams are covered once a year, with new glasses every two years.';
    const answer = await model.answer({
      question: 'and vision?',
      standaloneQuestion: 'How often are dental cleanings covered? and vision?',
      history: [],
      sources: sources(text),
    });
    expect(answer.text).toContain('Vision exams are covered once a year');
  });

  it('reports the final answer as its partial text', async () => {
    const partials: string[] = [];
    const answer = await model.answer(
      request('What is the per diem in Toronto?', sources(PER_DIEM)),
      (text) => partials.push(text),
    );
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
