import { describe, expect, it } from 'vitest';
import { TypoCorrector } from '../../../src/text/typo-corrector.js';

const vocabulary = [
  { word: 'services', stem: 'servic', df: 4 },
  { word: 'service', stem: 'servic', df: 9 },
  { word: 'reimbursed', stem: 'reimburs', df: 3 },
  { word: 'parental', stem: 'parent', df: 2 },
];

describe('TypoCorrector', () => {
  it('knows the vocabulary words and suggests the closest, most common first', () => {
    const corrector = new TypoCorrector(vocabulary);
    expect(corrector.isKnown('services')).toBe(true);
    expect(corrector.isKnown('servises')).toBe(false);
    expect(corrector.suggest('servises').map((s) => s.word)).toEqual(['services', 'service']);
    expect(corrector.suggest('reimbursd').map((s) => s.word)).toEqual(['reimbursed']);
    expect(corrector.suggest('zebra')).toEqual([]);
  });

  it('suggests the same after warming up front', () => {
    const lazy = new TypoCorrector(vocabulary);
    const warmed = new TypoCorrector(vocabulary);
    warmed.warm();
    for (const word of ['servises', 'parentl', 'reimbursd'])
      expect(warmed.suggest(word)).toEqual(lazy.suggest(word));
  });
});
