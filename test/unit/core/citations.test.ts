import { describe, expect, it } from 'vitest';
import { citedPassage, resolveCitations } from '../../../src/core/ask/citations.js';
import { makeChunk } from '../../helpers/builders.js';

const PER_DIEM = [
  'Travel is booked through the portal.',
  'Economy class applies to flights under six hours.',
  'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon.',
  'Keep receipts for every expense above 25 EUR.',
].join(' ');

describe('cited passages', () => {
  it('shows the chunk sentence the claim rests on, not the chunk’s opening', () => {
    const chunk = makeChunk('folder:expenses/travel.md', PER_DIEM, { title: 'Travel' });
    const { citations } = resolveCitations('In Toronto the per diem is 75 CAD [1].', [{ n: 1, chunk }]);
    expect(citations[0]!.snippet.startsWith('The daily meal allowance (per diem) is 75 CAD in Toronto')).toBe(
      true,
    );
  });

  it('cites a table row whole: its colons do not end the claim or the sentence it rests on', () => {
    const rows = [
      'Lisbon — Per diem (per full day): EUR 45; Hotel cap (per night): EUR 150',
      'Toronto — Per diem (per full day): CAD 85; Hotel cap (per night): CAD 260',
      'Montreal — Per diem (per full day): CAD 80; Hotel cap (per night): CAD 240',
    ].join('\n');
    const chunk = makeChunk('folder:expenses/travel.pdf', rows, { title: 'Travel' });
    const { citations } = resolveCitations(
      'Toronto — Per diem (per full day): CAD 85; Hotel cap (per night): CAD 260 [1]',
      [{ n: 1, chunk }],
    );
    expect(citations[0]!.snippet).toMatch(/^Toronto — Per diem/);
  });

  it('takes each marker’s own sentence as its claim', () => {
    expect(citedPassage(PER_DIEM, 'Flights under six hours are economy')).toMatch(/^Economy class/);
    expect(citedPassage(PER_DIEM, 'Keep receipts above 25 EUR')).toMatch(/^Keep receipts/);
  });

  it('in a table flattened to one line, starts at the row the claim names', () => {
    const table =
      'City Per diem (per full day) Hotel cap (per night) Lisbon EUR 45 EUR 150 Porto EUR 40 EUR 130 Toronto CAD 85 CAD 260 Montreal CAD 80 CAD 240 Austin USD 70 USD 230 New York USD 95 USD 340 San Francisco USD 95 USD 320 London GBP 65 GBP 230';
    expect(citedPassage(table, 'In Toronto the daily allowance is CAD 85')).toMatch(
      /^Toronto CAD 85 CAD 260/,
    );
    expect(citedPassage(table, 'The hotel cap in London is GBP 230')).toMatch(/^London GBP 65 GBP 230/);
  });

  it('falls back to the whole chunk when no sentence shares a word with the claim', () => {
    expect(citedPassage(PER_DIEM, 'zzz qqq')).toBe(PER_DIEM);
  });
});
