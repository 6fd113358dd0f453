import { describe, expect, it } from 'vitest';
import { QueryExpander, WordNet } from '../../../src/text/expansion/index.js';
import { findPassage, type PassageSource, passageText } from '../../../src/text/passages/index.js';

const expander = new QueryExpander();

/** Sources numbered 1..n in the order given, ranked equally by the search. */
function sources(...texts: string[]): PassageSource[] {
  return texts.map((text, i) => ({ n: i + 1, text, score: 1, context: '' }));
}

describe('findPassage', () => {
  it('counts a verb that carries only the grammar ("what comes in…") for little', () => {
    const passage = findPassage(
      'What comes in the welcome kit?',
      undefined,
      sources('The welcome kit holds a hoodie, socks and a tumbler.'),
      expander,
    );
    expect(passage?.coverage).toBeGreaterThan(0.6);
  });

  it('counts the word for a policy or scheme, which every page is, for little', () => {
    const passage = findPassage(
      'Is there a bike to work scheme?',
      undefined,
      sources('Bike to work: we pay up to EUR 300 towards a bicycle once every 3 years.'),
      expander,
    );
    expect(passage?.coverage).toBeGreaterThan(0.6);
  });

  it('prefers the sentence holding what is asked to one that repeats only its grammar verb', () => {
    const passage = findPassage(
      'How often are impact awards given?',
      undefined,
      [
        {
          n: 1,
          text: 'Teammates with a high impact rating are rewarded annually, given the length of the review cycle.',
          score: 1,
          context: 'Impact reviews and awards',
        },
        {
          n: 2,
          text: 'Impact awards are presented quarterly at the kick off meeting.',
          score: 1,
          context: 'Celebrating teammates',
        },
      ],
      expander,
    );
    expect(passage?.source).toBe(2);
  });

  it('counts an irregular form of such a verb ("…are awards given?") for as little', () => {
    const passage = findPassage(
      'How often are impact awards given?',
      undefined,
      sources('Impact awards are presented quarterly at our kick off meeting.'),
      expander,
    );
    expect(passage?.coverage).toBeGreaterThan(0.7);
  });

  it("reads a rule for a country as answering for its city, but not over the city's own line", () => {
    const withWordNet = new QueryExpander({ wordnet: WordNet.bundled() });
    const rule = 'Teammates may not work from Iran, Cuba or North Korea.';
    const city = findPassage(
      'Can I work from Tehran?',
      undefined,
      sources('Remote work is welcome.', rule),
      withWordNet,
    );
    expect(city?.source).toBe(2);
    const named = findPassage(
      'Can I work from Lisbon?',
      undefined,
      sources(
        'Teammates in Portugal work from anywhere.',
        'Teammates in Lisbon work from the office on Tuesdays.',
      ),
      withWordNet,
    );
    expect(named?.source).toBe(2);
    expect(named?.coverage).toBe(1);
  });

  it('holds "stage 4" only where the number follows its word, not in a range or another figure', () => {
    const passage = findPassage(
      'How is credit split when a deal in stage 4 closes?',
      undefined,
      sources(
        'Deals over $500k (deal stages 1-4) get a coverage plan, and splits are agreed case by case.',
        'Deal stage 4: the AE on leave gets 20% of the credit and the covering AE 80% on closure.',
      ),
      expander,
    );
    expect(passage?.source).toBe(2);
    const dated = findPassage(
      'What was the GBP rate on February 1?',
      undefined,
      sources('FY22 | Jan 01 | GBP rate 0.7312', 'FY22 | Feb 01 | GBP rate 0.7447'),
      expander,
    );
    expect(dated?.source).toBe(2);
  });

  it('holds a number the question names where a range includes it ("9 weeks" in "8-11 weeks")', () => {
    const passage = findPassage(
      'I will be out for 9 weeks. How much ramp do I get?',
      undefined,
      sources(
        'A leave of 4-7 weeks gets no ramp.',
        'A leave of between 8-11 weeks gets one month of ramp at 50%.',
        'A leave of 12 weeks or more gets two months of ramp at 50%.',
      ),
      expander,
    );
    expect(passage?.source).toBe(2);
  });

  it('does not take a number the question names for the figure it asks for', () => {
    const passage = findPassage(
      'How much does the company match on my 401(k)?',
      undefined,
      sources(
        '401(k): the US retirement plan the company matches.',
        'For your 401(k), the company matches half of what you save, up to 6% of pay.',
      ),
      expander,
    );
    expect(passage?.source).toBe(2);
  });

  it('keeps a neighbouring line that speaks to the question when the span runs long', () => {
    const policy = [
      'Every teammate in a driving role will be asked to authorize a driving record check when they join.',
      '- Applicants: driving record checks are run on applicants only after they have accepted a conditional offer of employment in writing.',
      '- Current teammates: driving record checks are run on current teammates within two (2) months of the date this policy takes effect.',
      'Length of history checked: there will be no inquiry about any driving offense that is more than seven (7) years old.',
    ].join('\n');
    const passage = findPassage(
      'Will they check my driving record when I join?',
      undefined,
      sources(policy),
      expander,
    );
    expect(passageText(passage!)).toContain('seven (7) years');
  });

  it('reaches past one line on how to apply to the condition after it', () => {
    const policy = [
      'We may pay for a standing desk when a teammate asks for one for their home office.',
      'Send your manager and the facilities team a link to the model you want.',
      'Teammates must have passed their probation period before a desk is approved.',
      'The Lisbon office opens at nine on weekdays.',
    ].join(' ');
    const text = passageText(
      findPassage('Can I get the company to pay for a standing desk?', undefined, sources(policy), expander)!,
    );
    expect(text).toContain('probation period');
    expect(text).not.toContain('Lisbon');
  });

  it('never reads a real word the sources lack as a typo of a word they have', () => {
    const withWordNet = new QueryExpander({ wordnet: WordNet.bundled(), thesaurus: false });
    const source = sources('Your location decides which public holidays you get.');
    // "vocation" is two letters from "location", and an English word of its own.
    expect(findPassage('Which vocation suits me?', undefined, source, withWordNet)?.coverage ?? 0).toBe(0);
  });

  it('leaves out neighbouring figures about something else once the span holds the one asked for', () => {
    const passage = findPassage(
      'How much does the company give me for my phone plan?',
      undefined,
      sources(
        [
          'Approval is needed for any software that costs more than $500 per year.',
          'The company adds $75 a month to your pay for your mobile phone plan.',
          'Parking is refunded up to $20 per day.',
        ].join('\n'),
      ),
      expander,
    );
    expect(passageText(passage!)).toBe(
      'The company adds $75 a month to your pay for your mobile phone plan.',
    );
  });

  it('counts a word no source uses for less when it only places the question', () => {
    const text = 'Outside employment needs approval when it exceeds 15 hours a week.';
    const placed = findPassage(
      'Can I have outside employment on weekends?',
      undefined,
      sources(text),
      expander,
    );
    const asked = findPassage(
      'Can I have outside employment or weekends?',
      undefined,
      sources(text),
      expander,
    );
    expect(placed!.coverage).toBeGreaterThan(asked!.coverage);
    expect(placed!.absent).toBeLessThan(asked!.absent);
  });

  it("prefers the FAQ entry whose question is the asker's to a better-ranked sentence with the same words", () => {
    const question = 'Can my spouse use the stipend for counseling?';
    const passage = findPassage(
      question,
      undefined,
      sources(
        'Spouses may not use the stipend; counseling is covered by the EAP.',
        'Q: Can my spouse use the stipend for counseling?\nA: No, the stipend is for teammates only.',
      ),
      expander,
    );
    expect(passage?.source).toBe(2);
    expect(passage?.units.map((u) => u.text).join(' ')).toBe('No, the stipend is for teammates only.');
  });

  it('takes the list a line introduces without a colon as holding what its items hold', () => {
    const passage = findPassage(
      'How often do engineers get a laptop refresh?',
      undefined,
      sources(
        'Engineers order laptops through the IT portal.\nThe laptop refresh timeline for each department is as follows\n- Engineering: 2.5yrs\n- All other departments: 4yrs',
      ),
      expander,
    );
    expect(passage?.units.map((u) => u.text)).toEqual(
      expect.arrayContaining([
        'The laptop refresh timeline for each department is as follows',
        'Engineering: 2.5yrs',
        'All other departments: 4yrs',
      ]),
    );
  });

  const refreshPolicy =
    'The laptop refresh timeline for each department is as follows\n- Engineering and Product: 2.5yrs\n- Technical Success: 3yrs\n- All other departments: 4yrs\n- Exceptions are welcome with manager approval.';

  it('answers a question about a team the source does not list from its "all other departments" line', () => {
    const passage = findPassage(
      'How often do salespeople get a laptop refresh?',
      undefined,
      [{ ...sources(refreshPolicy)[0]!, context: 'Laptop refresh' }],
      expander,
    );
    expect(passage?.units.map((u) => u.text)).toContain('All other departments: 4yrs');
    const withoutCatchAll = findPassage(
      'How often do salespeople get a laptop refresh?',
      undefined,
      [
        {
          ...sources(refreshPolicy.replace('All other departments', 'Design'))[0]!,
          context: 'Laptop refresh',
        },
      ],
      expander,
    );
    expect(passage!.coverage).toBeGreaterThan(withoutCatchAll!.coverage);
  });

  it('quotes the whole list an introduction opens, not just the items the best span reached', () => {
    const passage = findPassage(
      'How often do engineers get a new laptop? And folks in sales?',
      'And folks in sales?',
      sources(refreshPolicy),
      expander,
    );
    expect(passage?.units.map((u) => u.text)).toEqual([
      'The laptop refresh timeline for each department is as follows',
      'Engineering and Product: 2.5yrs',
      'Technical Success: 3yrs',
      'All other departments: 4yrs',
      'Exceptions are welcome with manager approval.',
    ]);
  });

  it('quotes the list under a short label', () => {
    const passage = findPassage(
      'What comes in the new hire welcome kit?',
      undefined,
      sources('New Hire Welcome Kits\n- Hoodie\n- Socks\n- Tumbler\n\nKits ship in the first week.'),
      expander,
    );
    expect(passage?.units.map((u) => u.text)).toEqual([
      'New Hire Welcome Kits',
      'Hoodie',
      'Socks',
      'Tumbler',
    ]);
  });

  it('reads a heading that asks without a question mark as a question, not an answer', () => {
    const passage = findPassage(
      'Where does the swag budget come from?',
      undefined,
      sources('Where does the swag budget come from\nThe team requesting the order pays for it.'),
      expander,
    );
    expect(passage?.units.map((u) => u.text)).toEqual(['The team requesting the order pays for it.']);
  });

  it("lets a question heading frame only the text before the source's next question", () => {
    const faq = {
      n: 1,
      score: 1,
      context: 'Benefits FAQ',
      framing: 'Q: Can I take leave if I used my sick days in the last 12 months?',
      text: 'Q: When should I add my child to my insurance?\nA: Within 30 days of the birth.',
    };
    const leaving = {
      n: 2,
      score: 0.9,
      context: 'Benefits FAQ',
      text: 'Q: When will my benefits coverage end?\nA: Your health insurance remains active through the end of the month in which your employment ends.',
    };
    const passage = findPassage(
      'How long does my health insurance last?',
      undefined,
      [faq, leaving],
      expander,
    );
    expect(passage?.source).toBe(2);
    const framed = findPassage(
      'Can I add my newborn to my insurance later?',
      undefined,
      [
        {
          ...faq,
          framing: 'Q: Can I add my newborn to my insurance later?',
          text: 'A: Yes, within 30 days.',
        },
      ],
      expander,
    );
    expect(framed?.coverage).toBeGreaterThan(0.5);
  });
});

describe('passageText', () => {
  const quoted = (question: string, text: string) =>
    passageText(findPassage(question, undefined, sources(text), expander)!);

  it('marks with an ellipsis a sentence the source starts or ends inside of, as a page break cuts it', () => {
    const text = quoted(
      'When must the provider ask for prior authorization?',
      'from the plan, and the provider must ask for prior authorization before the service. Ask the provider to file it early and to keep a copy of the request for',
    );
    expect(text).toMatch(/^…from the plan, and the provider must ask/);
    expect(text).toMatch(/keep a copy of the request for…$/);
  });

  it('reads an FAQ heading that sets a scene before it asks as one question, never as an answer', () => {
    const text = quoted(
      'How many days can I carry over?',
      'Can I carry over unused holiday?\nUp to 5 days, used by 31 March.\nMy child is sick. Do I have to take annual leave?\nNo. You have 5 family care days.',
    );
    expect(text).toBe('Can I carry over unused holiday?\nUp to 5 days, used by 31 March.');
  });

  it('quotes the table row the question names, not every row that holds an amount', () => {
    const text = quoted(
      'What is the per diem in Porto?',
      [
        'Lisbon — Per diem (per full day): EUR 45; Hotel cap (per night): EUR 150',
        'Porto — Per diem (per full day): EUR 40; Hotel cap (per night): EUR 130',
        'Toronto — Per diem (per full day): CAD 85; Hotel cap (per night): CAD 260',
        'Austin — Per diem (per full day): USD 70; Hotel cap (per night): USD 230',
      ].join('\n'),
    );
    expect(text).toBe('Porto — Per diem (per full day): EUR 40; Hotel cap (per night): EUR 130');
  });

  it('does not step over the next row to reach a line about the question after the table', () => {
    const text = quoted(
      'What is the annual leave allowance in Toronto?',
      [
        'Annual leave is counted in working days.',
        'Lisbon — Base allowance: 25 days; After 3 years of service: 27 days',
        'Toronto — Base allowance: 20 days; After 3 years of service: 22 days',
        'Austin — Base allowance: 18 days; After 3 years of service: 21 days',
        '- Public holidays are on top of annual leave.',
      ].join('\n'),
    );
    expect(text).toBe('Toronto — Base allowance: 20 days; After 3 years of service: 22 days');
  });

  it('quotes every row that holds what is asked when the question names no row', () => {
    const rows = [
      'Lisbon — Base allowance: 25 days; After 5 years of service: 29 days',
      'Toronto — Base allowance: 20 days; After 5 years of service: 24 days',
      'Austin — Base allowance: 20 days; After 5 years of service: 24 days',
    ];
    const text = quoted(
      'How many annual leave days do I get?',
      ['Annual leave is counted in working days.', ...rows].join('\n'),
    );
    expect(text.replace(/…$/, '').split('\n')).toEqual(['Annual leave is counted in working days.', ...rows]);
  });

  it("reads a table's column headers as what a row's values are, not as what the row says", () => {
    const passage = findPassage(
      'Do I need a sick note?',
      undefined,
      sources(
        'Family care days — Paid days: 5 days per year; Notes: To look after a sick child',
        'Send a sick note to your manager from the fourth day.',
      ),
      expander,
    );
    expect(passage?.source).toBe(2);
  });

  it("quotes an FAQ answer with its question when that question is not the asker's", () => {
    const faq = [
      "Q: Can I use the stipend for a family member's counseling?",
      "No, at this time the benefit is for teammates' own mental health.",
      'Q: Can I use the stipend for yoga?',
      'Yes, fitness that supports your mental health is covered.',
    ].join('\n');
    const passage = findPassage(
      "Can I use the stipend for my husband's counseling?",
      undefined,
      sources(faq),
      expander,
    );
    expect(passageText(passage!)).toBe(
      "Q: Can I use the stipend for a family member's counseling?\nNo, at this time the benefit is for teammates' own mental health.",
    );
  });

  it('does not end a passage on a question it does not answer', () => {
    const text =
      'The stipend covers therapy sessions.\nQ: Can I use the stipend for counseling with my family?';
    const passage = findPassage('Does the stipend cover counseling?', undefined, sources(text), expander);
    expect(passageText(passage!)).toBe('The stipend covers therapy sessions.');
  });

  it('quotes an FAQ answer without its "A:" marker', () => {
    const text = quoted(
      'Can I change insurance plans after a birth?',
      'Q: Can I change my insurance plans after a birth?\nA: Yes, a birth lets you choose new insurance plans within 30 days.',
    );
    expect(text).toMatch(/^Yes, a birth lets you choose new insurance plans/);
  });

  it('adds no ellipsis to whole sentences, labels or headings without a full stop', () => {
    const text = quoted(
      'Which tool records time off?',
      'Time off is recorded in Deel. See the time off guide\nRecording time off',
    );
    expect(text).not.toContain('…');
  });
});
