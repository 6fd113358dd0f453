import { describe, expect, it } from 'vitest';
import { parseThesaurus, QueryExpander, SYNONYM_WEIGHT, WordNet } from '../../../src/text/expansion/index.js';

const alternativesOf = (expander: QueryExpander, question: string, text: string) =>
  expander
    .expand(question)
    .find((term) => term.text === text)
    ?.alternatives.map((a) => a.stems.join(' '));

describe('QueryExpander', () => {
  const thesaurusOnly = new QueryExpander();

  it('turns a known phrase into one concept with the words policies use for it', () => {
    const terms = thesaurusOnly.expand('Am I allowed to have a side hustle on weekends?');
    expect(terms.map((t) => t.text)).toEqual(['side hustle', 'weekends']);
    const sideHustle = terms[0]!;
    expect(sideHustle.alternatives[0]).toEqual({ stems: ['side', 'hustl'], weight: 1 });
    expect(sideHustle.alternatives.map((a) => a.stems.join(' '))).toContain('outsid employ');
    expect(sideHustle.alternatives.slice(1).every((a) => a.weight < 1)).toBe(true);
  });

  it("gives a phrase in two groups both groups' words", () => {
    const expander = new QueryExpander({
      thesaurus: false,
      company: parseThesaurus('fly, flight, airfare\nfly, flying => travel'),
    });
    const fly = alternativesOf(expander, 'Can I fly business class?', 'fly');
    expect(fly).toEqual(['fly', 'flight', 'airfar', 'travel']);
    expect(alternativesOf(thesaurusOnly, 'Can I fly business class?', 'fly')).toContain('travel');
  });

  it('reads a membership of a coworking space or a gym as that place, not as a membership fee', () => {
    const wework = thesaurusOnly.expand('Can I expense my WeWork membership?');
    expect(wework.map((t) => t.text)).toEqual(['expense', 'wework membership']);
    expect(
      alternativesOf(thesaurusOnly, 'Can I expense my WeWork membership?', 'wework membership'),
    ).toContain('cowork');
    expect(alternativesOf(thesaurusOnly, 'Is my gym membership covered?', 'gym membership')).toContain('fit');
  });

  it('reads Slack messages as the Slack a retention policy names', () => {
    expect(alternativesOf(thesaurusOnly, 'How long are Slack messages kept?', 'slack messages')).toContain(
      'slack',
    );
  });

  it('finds phrases across inflections without letting a stem join unrelated words', () => {
    expect(alternativesOf(thesaurusOnly, 'I am thinking about quitting', 'quitting')).toContain('resign');
    // "allowed" is not "allowance": the thesaurus groups are matched on light inflections only.
    expect(alternativesOf(thesaurusOnly, 'Is a gift allowed?', 'allowed')).toBeUndefined();
  });

  it('reads "pay for" and "chip in" as reimbursement, not as salary', () => {
    for (const [question, phrase] of [
      ['Does the company help pay for my therapist?', 'pay for'],
      ['Does the company chip in for any of that?', 'chip in'],
    ] as const) {
      const alternatives = alternativesOf(thesaurusOnly, question, phrase);
      expect(alternatives).toContain('reimburs');
      expect(alternatives).not.toContain('salari');
    }
  });

  it('lets "all other departments" stand in, weakly, for a team a policy does not list', () => {
    const sales = thesaurusOnly
      .expand('How often do salespeople get a new laptop?')
      .find((t) => t.text === 'salespeople');
    expect(sales?.alternatives).toContainEqual({
      stems: ['other', 'depart'],
      weight: SYNONYM_WEIGHT.catchAll,
    });
    expect(SYNONYM_WEIGHT.catchAll).toBeLessThan(SYNONYM_WEIGHT.thesaurus);
  });

  it('reads "who can I tell?" as asking where to report', () => {
    expect(alternativesOf(thesaurusOnly, 'Who can I tell?', 'tell')).toContain('report');
  });

  it('reads "can you tell me…" as a way of asking, never as reporting', () => {
    const terms = thesaurusOnly.expand('can u tell me the per diem for toronto??').map((t) => t.text);
    expect(terms).toEqual(['per diem', 'toronto']);
  });

  it('reads "how long does it last" as asking when it ends', () => {
    expect(alternativesOf(thesaurusOnly, 'How long does my health insurance last?', 'last')).toEqual(
      expect.arrayContaining(['end', 'expir', 'remain activ']),
    );
  });

  it('reads "changed my last name" as a name change', () => {
    expect(alternativesOf(thesaurusOnly, 'I changed my last name. What do I do?', 'last name')).toContain(
      'name chang',
    );
  });

  it('reads "trying for a baby" as fertility care, not as having one', () => {
    const alternatives = alternativesOf(
      thesaurusOnly,
      'We are trying for a baby. Any help?',
      'trying for a baby',
    );
    expect(alternatives).toEqual(expect.arrayContaining(['fertil', 'famili plan']));
    expect(alternatives).not.toContain('parent leav');
  });

  it('matches a phrase whatever determiner the asker uses ("a note from my GP")', () => {
    const terms = thesaurusOnly.expand('Do I need a note from my GP?');
    expect(terms.map((t) => t.text)).toEqual(['note from my gp']);
    expect(terms[0]!.alternatives.map((a) => a.stems.join(' '))).toContain('doctor note');
  });

  it('never offers a way of asking\'s lone verb ("see" of "see what I do") as a synonym', () => {
    const alternatives = alternativesOf(thesaurusOnly, 'Can my boss see what I browse?', 'see what i browse');
    expect(alternatives).toContain('monitor');
    expect(alternatives).not.toContain('see');
    // "cannot find" is a way of saying lost; "find" alone is not.
    expect(alternativesOf(thesaurusOnly, 'I lost my laptop', 'lost')).not.toContain('find');
  });

  it('reads chat shorthand as the word it stands for, one way only', () => {
    expect(alternativesOf(thesaurusOnly, 'do i need to be here a yr first?', 'yr')).toContain('year');
    expect(alternativesOf(thesaurusOnly, 'Ask your mgr', 'mgr')).toContain('manag');
    expect(alternativesOf(thesaurusOnly, 'How many days off a year?', 'year')).toBeUndefined();
  });

  it('reads "where I live" as local, "look into" as checking', () => {
    expect(alternativesOf(thesaurusOnly, 'Do I get the holidays where I live?', 'where i live')).toEqual(
      expect.arrayContaining(['local', 'countri resid']),
    );
    expect(alternativesOf(thesaurusOnly, 'Will they look into my record?', 'look into')).toContain('check');
  });

  it('reads "proof that I work here" as employment verification', () => {
    expect(
      alternativesOf(thesaurusOnly, 'My landlord wants proof that I work here', 'proof that i work here'),
    ).toContain('employ verif');
  });

  it('reads "when I come back" as returning', () => {
    expect(alternativesOf(thesaurusOnly, 'What happens when I come back?', 'come back')).toContain('return');
  });

  it('reads "my partner is the one giving birth" as being the non-birthing parent', () => {
    expect(
      alternativesOf(
        thesaurusOnly,
        'Does that apply if my partner is the one giving birth?',
        'partner is the one giving birth',
      ),
    ).toContain('non birth parent');
  });

  it('reads a whole month off as extended time off, a pricier place as a higher cost of living', () => {
    const monthOff = alternativesOf(thesaurusOnly, 'Can I take a whole month off?', 'whole month off');
    expect(monthOff).toContain('extend time');
    // Not "month" alone, which every "$100/month" has.
    expect(monthOff).not.toContain('month');
    expect(alternativesOf(thesaurusOnly, 'If I move somewhere pricier?', 'pricier')).toContain('cost live');
    expect(alternativesOf(thesaurusOnly, 'I just got married', 'got married')).toContain('marriag');
  });

  it('reads a limit, a maximum and "how much can I spend" as the cap a policy sets', () => {
    expect(alternativesOf(thesaurusOnly, 'What is the hotel limit in Porto?', 'limit')).toContain('cap');
    expect(alternativesOf(thesaurusOnly, 'What is the maximum for a hotel?', 'maximum')).toContain('cap');
    expect(
      alternativesOf(thesaurusOnly, 'How much can I spend on a hotel?', 'how much can i spend'),
    ).toContain('cap');
  });

  it('reads losing something as it being lost', () => {
    expect(alternativesOf(thesaurusOnly, 'What happens if I lose my badge?', 'lose')).toContain('lost');
  });

  it('reads a deadline as the time limit a policy gives', () => {
    expect(
      alternativesOf(thesaurusOnly, 'What is the deadline for submitting expenses?', 'deadline'),
    ).toContain('time limit');
  });

  it('reads a performance review as an appraisal, never as any review (a security review is none)', () => {
    const review = alternativesOf(
      thesaurusOnly,
      'How does the performance review work?',
      'performance review',
    );
    expect(review).toContain('apprais');
    expect(review).not.toContain('review');
  });

  it('reads how long something lasts as its duration or length', () => {
    const last = alternativesOf(thesaurusOnly, 'How long does the buddy scheme last?', 'last');
    expect(last).toContain('durat');
    expect(last).toContain('length');
  });

  it('reads someone reading my messages or email as monitoring', () => {
    expect(alternativesOf(thesaurusOnly, 'Does the company read my email?', 'read my email')).toContain(
      'monitor',
    );
  });

  it('reads cycling to work as a bike to work benefit, and a train as rail', () => {
    expect(alternativesOf(thesaurusOnly, 'Is there a cycle to work scheme?', 'cycle to work')).toContain(
      'bike work',
    );
    expect(alternativesOf(thesaurusOnly, 'Can I claim a train ticket?', 'train ticket')).toContain('rail');
  });

  it('reads getting paid as payday, not as paid leave', () => {
    expect(alternativesOf(thesaurusOnly, 'When do I get paid?', 'get paid')).toContain('paydai');
  });

  it('reads a per diem as a daily allowance, not as any lunch', () => {
    const perDiem = alternativesOf(thesaurusOnly, 'What is the per diem in Porto?', 'per diem');
    expect(perDiem).toContain('daili allow');
    expect(perDiem).not.toContain('lunch');
  });

  it('reads taking a day off as booking leave, and burning out as stress and mental health', () => {
    expect(alternativesOf(thesaurusOnly, 'How do I take a day off?', 'take a day off')).toContain(
      'request leav',
    );
    expect(alternativesOf(thesaurusOnly, "I'm burnt out, what support is there?", 'burnt out')).toContain(
      'mental health',
    );
  });

  it('ties a number to the word right before it, not to a stopword', () => {
    const labels = (question: string) =>
      Object.fromEntries(thesaurusOnly.expand(question).map((t) => [t.text, t.label]));
    expect(labels('How does zone 3 compare to zone 1?')).toMatchObject({ '3': 'zone' });
    expect(labels('What changed in 2024?')['2024']).toBeUndefined();
  });

  it('reads "per person" as per teammate or employee', () => {
    expect(alternativesOf(thesaurusOnly, 'What is the budget per person?', 'per person')).toEqual(
      expect.arrayContaining(['teammat', 'employe']),
    );
  });

  it("applies the company's rules, one-way mappings included, before the built-in ones", () => {
    const expander = new QueryExpander({
      company: [{ terms: ['perk pass'], mapsTo: ['zephyr'] }, { terms: ['harbor', 'leave tool'] }],
    });
    expect(alternativesOf(expander, 'What does the perk pass cover?', 'perk pass')).toEqual([
      'perk pass',
      'zephyr',
    ]);
    expect(alternativesOf(expander, 'How do I open the leave tool?', 'leave tool')).toEqual([
      'leav tool',
      'harbor',
    ]);
    expect(alternativesOf(expander, 'What is Zephyr?', 'zephyr')).toEqual(['zephyr']);
  });

  it('adds WordNet synonyms for single words, weighted below the thesaurus', () => {
    const expander = new QueryExpander({ wordnet: WordNet.bundled(), thesaurus: false });
    const term = expander.expand('Who is my landlady?').find((t) => t.text === 'landlady');
    expect(term).toBeDefined();
    const salary = expander.expand('What is my salary?').find((t) => t.text === 'salary')!;
    expect(salary.alternatives.map((a) => a.stems.join(' '))).toContain('wage');
    expect(salary.alternatives.find((a) => a.stems.join(' ') === 'wage')!.weight).toBeLessThan(0.85);
  });

  it('tells what kind of thing each concept names, so alternatives of one kind can be told apart', () => {
    const expander = new QueryExpander({ wordnet: WordNet.bundled() });
    const kinds = (question: string) =>
      Object.fromEntries(expander.expand(question).map((t) => [t.text, t.kind]));
    expect(kinds('Is dental covered?')).toEqual({ dental: 'Benefits', covered: undefined });
    expect(kinds('and vision?')).toEqual({ vision: 'Benefits' });
    expect(kinds('How often do engineers get a new laptop?')).toMatchObject({
      engineers: 'Teams',
      'new laptop': 'Devices and IT',
    });
    // A general word is no place, whatever WordNet's first sense of it ("the left").
    expect(kinds('I left my laptop at home').left).toBeUndefined();
    expect(kinds('What is the per diem in Lisbon in year 3?')).toMatchObject({
      lisbon: 'noun.location',
      '3': 'number',
    });
  });

  it('lets a place stand in for the country it lies in, only where the sources never name the place', () => {
    const expander = new QueryExpander({ wordnet: WordNet.bundled(), thesaurus: false });
    const tehran = expander.expand('Can I work from Tehran?').find((t) => t.text === 'tehran')!;
    const iran = tehran.alternatives.find((a) => a.stems.join(' ') === 'iran');
    expect(iran).toEqual({ stems: ['iran'], weight: SYNONYM_WEIGHT.containingPlace, standIn: true });
    expect(iran!.weight).toBeGreaterThan(SYNONYM_WEIGHT.catchAll);
    expect(tehran.alternatives[0]!.standIn).toBeUndefined();
  });

  it('leaves general words unexpanded', () => {
    const expander = new QueryExpander({ wordnet: WordNet.bundled(), thesaurus: false });
    expect(alternativesOf(expander, 'Is the table long enough?', 'long')).toEqual(['long']);
  });
});

describe('WordNet', () => {
  const wordnet = WordNet.bundled()!;

  it('reads synonyms of the most frequent sense from the bundled database', () => {
    expect(wordnet.synonyms('salary')).toEqual(expect.arrayContaining(['wage', 'pay']));
    expect(wordnet.synonyms('babysitter')).toContain('sitter');
  });

  it('finds the base form of inflected words and knows two-word entries', () => {
    expect(wordnet.synonyms('quitting')).toContain('give up');
    expect(wordnet.synonyms('laptop')).toContain('laptop computer');
  });

  it('returns nothing for words it does not know', () => {
    expect(wordnet.synonyms('zzqx')).toEqual([]);
    expect(wordnet.nounKind('zzqx')).toBeUndefined();
  });

  it('tells a real word from a misspelling', () => {
    expect(wordnet.knows('born')).toBe(true);
    expect(wordnet.knows('arrives')).toBe(true);
    expect(wordnet.knows('elegibility')).toBe(false);
  });

  it('knows which places a place lies in, and none for what is not a place', () => {
    expect(wordnet.containedIn('Lisbon')).toEqual(['portugal']);
    expect(wordnet.containedIn('salary')).toEqual([]);
    expect(wordnet.containedIn('zzqx')).toEqual([]);
  });

  it('knows what sort of thing a noun names, from its most frequent sense', () => {
    expect(wordnet.nounKind('engineers')).toBe('noun.person');
    expect(wordnet.nounKind('Portugal')).toBe('noun.location');
    expect(wordnet.nounKind('salary')).toBe('noun.possession');
  });
});

describe('question framing', () => {
  it('drops "how long" and "how much" words, which ask for a kind of answer, not about it', () => {
    const expander = new QueryExpander({ thesaurus: false });
    expect(expander.expand('How long is parental leave?').map((t) => t.text)).toEqual(['parental', 'leave']);
    expect(expander.expand('How much is the stipend?').map((t) => t.text)).toEqual(['stipend']);
    expect(expander.expand('Is the long-term plan much better?').map((t) => t.text)).toContain('much');
    expect(expander.expand('How big is my learning budget?').map((t) => t.text)).toEqual([
      'learning',
      'budget',
    ]);
    expect(expander.expand('Is the big conference room free?').map((t) => t.text)).toContain('big');
  });

  it('drops words that only stand for people in general', () => {
    const expander = new QueryExpander({ thesaurus: false });
    expect(expander.expand('Do folks in sales get laptops?').map((t) => t.text)).toEqual([
      'sales',
      'laptops',
    ]);
  });
});
