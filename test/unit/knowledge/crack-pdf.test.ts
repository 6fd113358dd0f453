import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CrackError } from '../../../src/errors.js';
import { crackPdf } from '../../../src/knowledge/crack/pdf.js';
import { buildPdf } from './build-fixtures.js';

const HANDBOOK = '/work/shared/bench/zava/docs/employee_handbook.pdf';
const LONG_PDF = '/work/shared/bench/zava/docs/Northwind_Health_Plus_Benefits_Details.pdf';

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

    it('cracks the Zava employee handbook to 11 pages of readable text', async () => {
      const doc = await crackPdf('employee_handbook.pdf', await readFile(HANDBOOK));
      expect(doc.title).toBe('Employee Handbook');
      expect(doc.sections.map((section) => section.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const all = doc.sections.map((section) => section.text).join('\n');
      expect(all).toContain(
        'Zava is a leader in the aerospace industry, providing advanced electronic components',
      );
      expect(all).toContain('Performance reviews are conducted annually');
      // No words glued together across runs or lines.
      expect(all).not.toMatch(/\p{Ll}{3,}\p{Lu}\p{Ll}{3,}/u);
      expect(doc.sections.find((section) => section.text.includes('Whistleblower'))?.headingPath.length).toBe(
        1,
      );
    });

    it('cracks a 109-page PDF in a couple of seconds', async () => {
      const bytes = await readFile(LONG_PDF);
      const started = performance.now();
      const doc = await crackPdf('Northwind_Health_Plus_Benefits_Details.pdf', bytes);
      expect(performance.now() - started).toBeLessThan(3000);
      expect(doc.title).toBe('Northwind Health Plus Benefits Details');
      expect(doc.sections).toHaveLength(109);
    });
  });
});
