import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stem, words } from '../../../src/text/index.js';
import { TypoCorrector } from '../../../src/text/typo-corrector.js';

const SAMPLES = join(import.meta.dirname, '../../../samples/knowledge');

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

  it('suggests the same with the deletion index (warmed) as by scanning the vocabulary', () => {
    const lazy = new TypoCorrector(vocabulary);
    const warmed = new TypoCorrector(vocabulary);
    warmed.warm();
    for (const word of ['servises', 'parentl', 'reimbursd'])
      expect(warmed.suggest(word)).toEqual(lazy.suggest(word));
  });

  it('finds the same words both ways over a real vocabulary and every kind of slip', () => {
    const text = readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => readFileSync(join(SAMPLES, name), 'utf8'))
      .join(' ');
    const df = new Map<string, number>();
    for (const word of words(text)) df.set(word, (df.get(word) ?? 0) + 1);
    const known = [...df].map(([word, count]) => ({ word, stem: stem(word), df: count }));
    const lazy = new TypoCorrector(known);
    const warmed = new TypoCorrector(known);
    warmed.warm();
    const slips = known
      .filter((entry) => entry.word.length >= 5)
      .slice(0, 150)
      .flatMap(({ word }) => [
        word.slice(0, 2) + word.slice(3),
        word.slice(0, 2) + word[3] + word[2] + word.slice(4),
        `${word.slice(0, 3)}x${word.slice(4)}`,
        `${word.slice(0, 1)}q${word.slice(1, 4)}z${word.slice(5)}`,
        `${word}s`,
      ]);
    let suggested = 0;
    for (const slip of slips) {
      const expected = warmed.suggest(slip);
      suggested += expected.length;
      expect(lazy.suggest(slip)).toEqual(expected);
    }
    expect(suggested).toBeGreaterThan(slips.length);
  });
});
