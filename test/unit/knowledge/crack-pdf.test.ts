import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CrackError } from '../../../src/core/errors.js';
import { crackPdf } from '../../../src/knowledge/crack/pdf.js';
import { buildPdf } from './build-fixtures.js';

/** The sample company's handbook, a PDF built by scripts/build-sample-kb.ts and kept in the repository. */
const HANDBOOK = resolve(import.meta.dirname, '../../../samples/knowledge/handbook/employee-handbook.pdf');

describe('crack', () => {
  describe('crackPdf', () => {
    it('returns one section per page with 1-based page numbers', async () => {
      const pdf = await buildPdf([
        [{ text: 'First page text.' }],
        [{ text: 'Second page text.' }],
        [{ text: 'Third page text.' }],
      ]);
      const doc = await crackPdf('three.pdf', pdf);
      expect(doc.sections.map((section) => [section.page, section.text])).toEqual([
        [1, 'First page text.'],
        [2, 'Second page text.'],
        [3, 'Third page text.'],
      ]);
    });

    it('uses larger lines as headings and carries the heading in force onto the next page', async () => {
      const pdf = await buildPdf([
        [
          { heading: 'Leave policy' },
          { text: 'Everyone gets twenty-five days.' },
          { heading: 'Parental leave' },
          { text: 'Sixteen weeks.' },
        ],
        [{ text: 'Adoption counts as birth.' }, { heading: 'Sick leave' }, { text: 'Call your manager.' }],
      ]);
      const doc = await crackPdf('leave.pdf', pdf);
      expect(doc.sections[0]).toMatchObject({ page: 1, headingPath: ['Leave policy'] });
      expect(doc.sections[0]!.text).toBe(
        'Leave policy\n\nEveryone gets twenty-five days.\n\nParental leave\n\nSixteen weeks.',
      );
      expect(doc.sections[1]).toMatchObject({ page: 2, headingPath: ['Parental leave'] });
    });

    it('reads a table row by row, each cell with its column header, a wrapped cell whole', async () => {
      const pdf = await buildPdf([
        [
          { text: 'Daily allowances by city.' },
          {
            table: [
              ['City', 'Per diem (per full day)', 'Hotel cap (per night)'],
              ['Lisbon', 'EUR 45', 'EUR 150'],
              [
                'Toronto',
                'CAD 85',
                'CAD 260 including taxes, breakfast excluded, booked in advance through the travel tool',
              ],
              ['Any other city', 'EUR 50', 'EUR 160'],
            ],
          },
          { text: 'Claim it with the trip dates.' },
        ],
      ]);
      const doc = await crackPdf('travel.pdf', pdf);
      expect(doc.sections[0]!.text.split('\n\n')).toEqual([
        'Daily allowances by city.',
        'Lisbon — Per diem (per full day): EUR 45; Hotel cap (per night): EUR 150',
        'Toronto — Per diem (per full day): CAD 85; Hotel cap (per night): CAD 260 including taxes, breakfast excluded, booked in advance through the travel tool',
        'Any other city — Per diem (per full day): EUR 50; Hotel cap (per night): EUR 160',
        'Claim it with the trip dates.',
      ]);
    });

    it('keeps running text and bulleted lines as text, not as table cells', async () => {
      const pdf = await buildPdf([
        [
          { text: 'Covered services include:' },
          {
            text: '•        Public health activities\n•        Disclosures required by law\n•        Research',
          },
        ],
      ]);
      const doc = await crackPdf('list.pdf', pdf);
      expect(doc.sections[0]!.text).not.toContain('—');
      expect(doc.sections[0]!.text).not.toContain('|');
    });

    it('uses the title as heading path when the document has no headings', async () => {
      const doc = await crackPdf('Plain_Notes.pdf', await buildPdf([[{ text: 'Just text.' }]]));
      expect(doc.title).toBe('Plain Notes');
      expect(doc.sections[0]!.headingPath).toEqual(['Plain Notes']);
    });

    it('takes the title from PDF metadata when it is meaningful', async () => {
      const titled = await buildPdf([[{ text: 'x' }]], { title: 'Travel Guide 2025' });
      expect((await crackPdf('t.pdf', titled)).title).toBe('Travel Guide 2025');
      const fileNamed = await buildPdf([[{ text: 'x' }]], { title: 'Microsoft Word - draft7.docx' });
      expect((await crackPdf('Northwind_Standard_Benefits_Details.pdf', fileNamed)).title).toBe(
        'Northwind Standard Benefits Details',
      );
    });

    it('rebuilds wrapped lines into paragraphs without gluing or splitting words', async () => {
      const sentence =
        'The comprehensive plan covers hospital stays, doctor visits and prescriptions for every employee and dependant.';
      const pdf = await buildPdf([[{ text: `${sentence} ${sentence} ${sentence}` }]]);
      const text = (await crackPdf('wrap.pdf', pdf)).sections[0]!.text;
      expect(text).toBe(`${sentence} ${sentence} ${sentence}`);
    });

    it('rejoins words hyphenated at a line break and keeps real compounds', async () => {
      const pdf = await buildPdf([
        [{ text: 'This plan is compre-\nhensive and covers long-\nterm care.\nA comprehensive plan helps.' }],
      ]);
      const text = (await crackPdf('hyphen.pdf', pdf)).sections[0]!.text;
      expect(text).toContain('This plan is comprehensive and covers long-term care.');
    });

    it('drops running headers that repeat on most pages', async () => {
      const bodies = ['Leave.', 'Travel.', 'Expenses.', 'Security.'];
      const pages = bodies.map((text, i) => [{ header: `Zava confidential - page ${i + 1}` }, { text }]);
      const doc = await crackPdf('headers.pdf', await buildPdf(pages));
      expect(doc.sections.map((section) => section.text)).toEqual(bodies);
    });

    it('throws CrackError naming the file when the PDF is corrupt', async () => {
      const corrupt = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without xref or trailer');
      await expect(crackPdf('broken.pdf', corrupt)).rejects.toThrow(CrackError);
      await expect(crackPdf('broken.pdf', corrupt)).rejects.toThrow(/broken\.pdf/);
      await expect(crackPdf('not-a.pdf', Buffer.from('hello'))).rejects.toThrow(CrackError);
    });

    it('cracks the sample handbook to one section per page, with headings and unglued words', async () => {
      const doc = await crackPdf('employee-handbook.pdf', await readFile(HANDBOOK));
      expect(doc.title).toBe('Brightwater Labs Employee Handbook');
      expect(doc.sections.map((section) => section.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(doc.sections[1]!.headingPath).toEqual(['Brightwater Labs Employee Handbook', 'Our values']);
      const all = doc.sections.map((section) => section.text).join('\n');
      expect(all).toContain(
        'Our four values describe how we make decisions when nobody is there to tell us what to do.',
      );
      // No words glued together across runs or lines.
      expect(all).not.toMatch(/\p{Ll}{3,}\p{Lu}\p{Ll}{3,}/u);
    });

    it('cracks a long PDF page by page, keeping each page its own text', async () => {
      const topics = [
        'travel',
        'leave',
        'expenses',
        'security',
        'benefits',
        'hardware',
        'training',
        'payroll',
      ];
      const text = (i: number) =>
        `Clause ${i + 1} covers ${topics[i % topics.length]} for ${topics[(i * 3) % 8]} teams.`;
      const pages = Array.from({ length: 120 }, (_, i) => [{ text: text(i) }]);
      const doc = await crackPdf('long.pdf', await buildPdf(pages));
      expect(doc.sections).toHaveLength(120);
      expect(doc.sections.map((section) => section.page)).toEqual(pages.map((_, i) => i + 1));
      expect(doc.sections[119]!.text).toBe(text(119));
    });
  });
});
