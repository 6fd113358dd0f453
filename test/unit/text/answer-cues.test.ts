import { describe, expect, it } from 'vitest';
import { answerKindOf, distinctiveNames, holdsAnswerKind } from '../../../src/text/passages/answer-cues.js';

describe('answerKindOf', () => {
  it('reads how long / how much / who as a duration, an amount, a contact', () => {
    expect(answerKindOf('How long is parental leave?')).toBe('duration');
    expect(answerKindOf('How much is the coworking stipend?')).toBe('amount');
    expect(answerKindOf('Who do I report harassment to?')).toBe('contact');
    expect(answerKindOf('How big is the parental bonus?')).toBe('amount');
    expect(answerKindOf('How high is the hotel cap?')).toBe('amount');
  });

  it('reads a yes/no question about paying for something as asking how much', () => {
    expect(answerKindOf('Does the company help pay for my therapist?')).toBe('amount');
    expect(answerKindOf('Can I expense my coworking membership?')).toBe('amount');
    expect(answerKindOf('Will they chip in for fertility treatment?')).toBe('amount');
  });

  it('reads "when" as asking for a date only where it asks, not where it sets the scene', () => {
    expect(answerKindOf('When is open enrollment?')).toBe('date');
    expect(answerKindOf('when do we get payed in the US, is it the 15th?')).toBe('date');
    expect(answerKindOf('I joined in March. When does my probation end?')).toBe('date');
    expect(answerKindOf("Do I need a doctor's note when I'm sick?")).toBe('yes-no');
    expect(answerKindOf('What happens to my options when I leave?')).toBe('other');
  });

  it('leaves other yes/no questions as yes/no', () => {
    expect(answerKindOf('Can I work from another country?')).toBe('yes-no');
    expect(answerKindOf('Is my surgery leave paid?')).toBe('yes-no');
  });
});

describe('holdsAnswerKind', () => {
  it('finds an amount written with a currency after the number', () => {
    expect(holdsAnswerKind('Add a one-time 250 USD stipend to your invoice', 'amount')).toBe(true);
    expect(holdsAnswerKind('Talk to your manager first', 'amount')).toBe(false);
  });
});

describe('distinctiveNames', () => {
  it('names who or what, never a month or a weekday', () => {
    const units = [
      { source: 1, text: 'Checks are run by Checkr.' },
      { source: 2, text: 'Submit it before March 1st or by Friday.' },
    ];
    const names = distinctiveNames(units, 'Which vendor runs our background checks?');
    expect(names).toContain('Checkr');
    for (const date of ['March', 'Friday']) expect(names).not.toContain(date);
  });
});
