import { describe, expect, it } from 'vitest';
import {
  analyze,
  analyzeQuery,
  porterStem,
  QUESTION_FRAMING,
  qualifyingPositions,
  STOPWORDS,
  splitSentences,
  stem,
  toIndexTerms,
  words,
} from '../../../src/text/index.js';
import { packTokens, unpackPositions } from '../../../src/text/text-analysis.js';

const stems = (text: string) => analyze(text).map((t) => t.stem);
const queryWords = (text: string) => analyzeQuery(text).map((t) => t.word);

describe('text analysis', () => {
  it('reads chat shorthand and question framing as no content', () => {
    expect(queryWords('wats the coworking stipend pls, am I allowed')).toEqual(['coworking', 'stipend']);
  });

  describe('analyze, again', () => {
    it('gives the same tokens for a text analyzed before, shared and protected from change', () => {
      const text = 'Employees book travel through the travel portal before their trip.';
      const first = analyze(text);
      const again = analyze(text);
      expect(again).toEqual(first);
      expect(again.map((t) => t.stem)).toEqual(['employe', 'book', 'travel', 'travel', 'portal', 'trip']);
      expect(() => {
        again[0]!.stem = 'changed';
      }).toThrow(TypeError);
      expect(() => again.push({ word: 'x', stem: 'x', position: 99 })).toThrow(TypeError);
      expect(analyze(text)[0]!.stem).toBe('employe');
    });

    it('unpacks the same packed tokens to the same positions again', () => {
      const packed = packTokens(
        analyze('Trains are booked in the travel portal; trains over four hours may be first class.'),
      );
      const first = new Map(unpackPositions(packed));
      expect(first.get('train')).toEqual([0, 7]);
      expect(new Map(unpackPositions(packed))).toEqual(first);
    });

    it('analyzes long texts afresh each time, with the same result', () => {
      const text = 'The travel policy covers flights, trains and hotels. '.repeat(20);
      const first = analyze(text);
      expect(analyze(text)).not.toBe(first);
      expect(analyze(text)).toEqual(first);
    });
  });

  describe('words', () => {
    it('lowercases and splits on punctuation and spaces, keeping numbers', () => {
      expect(words('Per diem: 75 CAD (Toronto), 60 EUR/day!')).toEqual([
        'per',
        'diem',
        '75',
        'cad',
        'toronto',
        '60',
        'eur',
        'day',
      ]);
    });

    it('strips accents so "café" and "cafe" are the same word', () => {
      expect(words('Café Zürich São Paulo')).toEqual(['cafe', 'zurich', 'sao', 'paulo']);
    });

    it('drops a possessive and reduces a contraction to the word it is built on', () => {
      expect(words("the employee's manager")).toEqual(['the', 'employee', 'manager']);
      expect(words('the employee’s manager')).toEqual(['the', 'employee', 'manager']);
      expect(words("don't")).toEqual(['do']);
      expect(words("won't can't I've we're")).toEqual(['will', 'can', 'i', 'we']);
    });

    it('yields the parts of a hyphenated compound and then the joined form', () => {
      expect(words('out-of-network care')).toEqual(['out', 'of', 'network', 'outofnetwork', 'care']);
      expect(words('e-mail')).toEqual(['e', 'mail', 'email']);
      expect(words('3-day trip')).toEqual(['3', 'day', '3day', 'trip']);
    });

    it('splits decimals and thousands separators into their digits groups', () => {
      expect(words('1,500.50 USD')).toEqual(['1', '500', '50', 'usd']);
    });

    it('returns nothing for text without letters or digits', () => {
      expect(words(' -- ... ?! ')).toEqual([]);
      expect(words('')).toEqual([]);
    });
  });

  describe('stem', () => {
    it('brings inflections of a word to one stem', () => {
      expect(new Set(['covered', 'covering', 'covers', 'cover'].map(stem))).toEqual(new Set(['cover']));
      expect(new Set(['services', 'service'].map(stem))).toEqual(new Set(['servic']));
      expect(new Set(['benefits', 'benefit'].map(stem))).toEqual(new Set(['benefit']));
      expect(new Set(['reimbursed', 'reimbursement', 'reimburse'].map(stem)).size).toBe(1);
    });

    it('keeps apart unrelated words the Porter stemmer cuts to one stem', () => {
      for (const [a, b] of [
        ['several', 'severance'],
        ['news', 'new'],
        ['business', 'busy'],
        ['authority', 'author'],
        ['community', 'communication'],
      ]) {
        expect(stem(a!), `${a} / ${b}`).not.toBe(stem(b!));
      }
      expect(stem('authorities')).toBe(stem('authority'));
      expect(stem('businesses')).toBe(stem('business'));
    });

    it('leaves words of three letters or fewer and anything with a digit alone', () => {
      expect(stem('was')).toBe('was');
      expect(stem('pto')).toBe('pto');
      expect(stem('2024s')).toBe('2024s');
      expect(stem('401ks')).toBe('401ks');
    });
  });

  describe('porterStem', () => {
    it.each([
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['cats', 'cat'],
      ['feed', 'feed'],
      ['agreed', 'agre'],
      ['plastered', 'plaster'],
      ['motoring', 'motor'],
      ['sing', 'sing'],
      ['hopping', 'hop'],
      ['falling', 'fall'],
      ['hissing', 'hiss'],
      ['filing', 'file'],
      ['sized', 'size'],
      ['happy', 'happi'],
      ['relational', 'relat'],
      ['hopeful', 'hope'],
      ['goodness', 'good'],
      ['adjustment', 'adjust'],
      ['allowance', 'allow'],
      ['adoption', 'adopt'],
      ['controll', 'control'],
      ['roll', 'roll'],
      ['generalization', 'gener'],
    ])('stems %s to %s', (word, expected) => {
      expect(porterStem(word)).toBe(expected);
    });

    it('treats a leading y as a consonant', () => {
      expect(porterStem('yearly')).toBe('yearli');
      expect(porterStem('youth')).toBe('youth');
    });
  });

  describe('analyze', () => {
    it('drops stopwords, stems the rest and keeps each word’s position in the text', () => {
      expect(analyze('What is the parental leave for adoptive parents?')).toEqual([
        { word: 'parental', stem: 'parent', position: 3 },
        { word: 'leave', stem: 'leav', position: 4 },
        { word: 'adoptive', stem: 'adopt', position: 6 },
        { word: 'parents', stem: 'parent', position: 7 },
      ]);
    });

    it('keeps "out-of-network" distinct from "network" while still matching "network"', () => {
      const tokens = stems('out-of-network providers');
      expect(tokens).toContain('network');
      expect(tokens).toContain('outofnetwork');
      expect(stems('in-network providers')).not.toContain('outofnetwork');
    });

    it('returns nothing for a sentence of stop words only', () => {
      expect(analyze('What is it that you would like me to do?')).toEqual([]);
    });

    it('keeps question framing words, which documents may really use', () => {
      expect(stems('Describe the information in the document')).toEqual(['describ', 'inform', 'document']);
    });
  });

  describe('analyzeQuery', () => {
    it('drops the words that only frame a question', () => {
      expect(
        queryWords('Could you explain, according to the document, the specific dental coverage provided?'),
      ).toEqual(['dental', 'coverage']);
    });

    it('keeps the content words and their positions', () => {
      expect(analyzeQuery('Please describe the hearing aids benefit')).toEqual([
        { word: 'hearing', stem: 'hear', position: 3 },
        { word: 'aids', stem: 'aid', position: 4 },
        { word: 'benefit', stem: 'benefit', position: 5 },
      ]);
    });

    it('matches framing words as whole words only', () => {
      expect(queryWords('show showers typed keyboards')).toEqual(['showers', 'typed', 'keyboards']);
    });

    it('keeps only the content words of a heavily framed question, and nothing when there are none', () => {
      expect(analyzeQuery('Can you explain and describe the details provided in the document?')).toEqual([
        { word: 'details', stem: 'detail', position: 6 },
      ]);
      expect(analyzeQuery('Could you explain what is mentioned in the document?')).toEqual([]);
    });

    it('drops "tell" and "help" only when they address the reader', () => {
      expect(queryWords('Can you tell me about parental leave?')).toEqual(['parental', 'leave']);
      expect(queryWords('Who can I tell about harassment?')).toEqual(['tell', 'harassment']);
      expect(queryWords('Can you help me with expenses?')).toEqual(['expenses']);
      expect(queryWords('Does the stipend help with therapy?')).toEqual(['stipend', 'help', 'therapy']);
      expect(analyze('Tell your manager first').map((t) => t.word)).toContain('tell');
    });

    it('drops masked personal data and the word that names it', () => {
      expect(
        queryWords('I am <EMAIL_ADDRESS>, card <CREDIT_CARD>: what is the per diem in Toronto?'),
      ).toEqual(['per', 'diem', 'toronto']);
      expect(queryWords('my number is <PHONE_NUMBER>, can someone call me about my payslip?')).toEqual([
        'call',
        'payslip',
      ]);
    });

    it('drops greetings, thanks and apologies around a question', () => {
      expect(queryWords('hey, quick one: how many days of annual leave do I get in Lisbon?')).toEqual([
        'days',
        'annual',
        'leave',
        'lisbon',
      ]);
      expect(queryWords('Hi! Sorry to bother you, what is the hotel cap in Toronto? Thanks')).toEqual([
        'hotel',
        'cap',
        'toronto',
      ]);
      expect(queryWords('Good morning, how do I reset my password? Thank you')).toEqual([
        'reset',
        'password',
      ]);
    });

    it('drops when the asker means to do it ("next month", "this summer"), which no policy names', () => {
      expect(queryWords('I need to book travel to Toronto next month')).toEqual([
        'book',
        'travel',
        'toronto',
      ]);
      expect(queryWords('Can I work from Lisbon this summer?')).toEqual(['work', 'lisbon']);
    });

    it('drops chat phrases that say how long or how it went, not what is asked', () => {
      expect(queryWords("We've been trying for ages with no luck. Is fertility care covered?")).toEqual([
        'trying',
        'fertility',
        'care',
        'covered',
      ]);
      expect(queryWords('Just wondering, do we get paid days for jury duty at all?')).toEqual([
        'paid',
        'days',
        'jury',
        'duty',
      ]);
      expect(queryWords("I'm off sick for a couple of days")).toEqual(['sick', 'days']);
      expect(queryWords('My landlord wants proof I log in somewhere')).toEqual(['landlord', 'proof', 'log']);
      expect(queryWords('How does the zone 3 band compare to zone 1?')).toEqual([
        'zone',
        '3',
        'band',
        'zone',
        '1',
      ]);
      // Only the whole phrase: "ages" and "luck" alone may be what is asked.
      expect(queryWords('What ages can the summer camp take? Any luck-based prizes?')).toContain('ages');
    });

    it('never drops the topic words of common workplace questions', () => {
      for (const word of ['leave', 'salary', 'dental', 'hearing', 'travel', 'expense', 'plan', 'cover']) {
        expect(STOPWORDS.has(word)).toBe(false);
        expect(QUESTION_FRAMING.has(word)).toBe(false);
      }
    });
  });

  describe('toIndexTerms', () => {
    it('is the space-joined stems of the content words', () => {
      expect(toIndexTerms('The Hearing Care Services')).toBe('hear care servic');
      expect(toIndexTerms('of the and')).toBe('');
    });
  });

  describe('splitSentences', () => {
    it('splits at sentence ends followed by a capital or a digit', () => {
      expect(
        splitSentences('Leave is 25 days. Carry-over is allowed! Is it paid? 10 days may be sold.'),
      ).toEqual(['Leave is 25 days.', 'Carry-over is allowed!', 'Is it paid?', '10 days may be sold.']);
    });

    it('keeps abbreviations, initials and decimals inside the sentence', () => {
      expect(
        splitSentences(
          'Dr. Smith approves requests, e.g. Travel ones. The rate is 3.5 percent. We met A. Jones.',
        ),
      ).toEqual([
        'Dr. Smith approves requests, e.g. Travel ones.',
        'The rate is 3.5 percent.',
        'We met A. Jones.',
      ]);
    });

    it('does not split before a lowercase word', () => {
      expect(splitSentences('Costs vs. benefits. a lowercase start stays.')).toEqual([
        'Costs vs. benefits. a lowercase start stays.',
      ]);
    });

    it('ends a sentence at each line break, so list items stand alone', () => {
      expect(splitSentences('Bring:\n- your badge\n- a laptop\n\nThen log in.')).toEqual([
        'Bring:',
        '- your badge',
        '- a laptop',
        'Then log in.',
      ]);
    });

    it('keeps closing quotes and brackets with the sentence they end', () => {
      expect(splitSentences('He said "yes." Then he left. (See the form.) Next step.')).toEqual([
        'He said "yes."',
        'Then he left.',
        '(See the form.)',
        'Next step.',
      ]);
    });

    it('returns nothing for blank text', () => {
      expect(splitSentences('  \n\n  ')).toEqual([]);
    });
  });

  describe('qualifyingPositions', () => {
    /** The question's words, those that only qualify it in brackets. */
    const marked = (text: string) => {
      const qualifying = qualifyingPositions(text);
      return words(text)
        .map((word, i) => (qualifying.has(i) ? `(${word})` : word))
        .join(' ');
    };

    it('marks a placing phrase and a conditional clause, not what is asked', () => {
      expect(marked('Can I have a side job on weekends?')).toBe('can i have a side job (on) (weekends)');
      expect(marked('If I move somewhere pricier, can I get a raise?')).toBe(
        '(if) (i) (move) (somewhere) (pricier) can i get a raise',
      );
      expect(marked("What's the dress code when I visit a customer?")).toBe(
        'what the dress code (when) (i) (visit) (a) (customer)',
      );
    });

    it('marks the statements before the question of a message with several sentences', () => {
      expect(marked('My landlord wants proof. How do I get it?')).toBe(
        '(my) (landlord) (wants) (proof) how do i get it',
      );
    });

    it('does not take a leading question word for a clause', () => {
      expect(marked('When do raises happen each year?')).toBe('when do raises happen each year');
      expect(marked('Where is the office?')).toBe('where is the office');
    });

    it('counts a hyphenated word as its parts and the joined form', () => {
      expect(marked('Costs out-of-network in Japan?')).toBe('costs out of network outofnetwork (in) (japan)');
    });
  });
});
