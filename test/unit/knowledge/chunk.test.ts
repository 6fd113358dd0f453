import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/core/errors.js';
import { type ChunkedDocument, chunkDocument } from '../../../src/knowledge/chunk.js';
import type { CrackedDocument, Section } from '../../../src/knowledge/document.js';

const doc: ChunkedDocument = {
  id: 'folder:hr/leave.md',
  source: 'folder',
  path: 'hr/leave.md',
  url: '/knowledge/hr/leave.md',
  updatedAt: '2025-01-02T03:04:05.000Z',
  hash: 'abc123',
  acl: ['group:hr'],
};

const cracked = (sections: Section[], title = 'Leave'): CrackedDocument => ({ title, sections });

/** A paragraph of `count` numbered sentences, each about 60 characters. */
const sentences = (prefix: string, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `${prefix} sentence number ${i + 1} says something useful here.`,
  ).join(' ');

describe('chunk', () => {
  describe('chunkDocument', () => {
    it('copies document fields onto each chunk with stable ordinal ids', () => {
      const chunks = chunkDocument(
        doc,
        cracked([
          { headingPath: ['Leave'], text: 'Everyone gets 25 days.' },
          { headingPath: ['Sick leave'], text: 'Call in.' },
        ]),
      );
      expect(chunks).toEqual([
        {
          id: 'folder:hr/leave.md#0',
          documentId: 'folder:hr/leave.md',
          source: 'folder',
          title: 'Leave',
          url: '/knowledge/hr/leave.md',
          location: 'hr/leave.md',
          headingPath: ['Leave'],
          text: 'Everyone gets 25 days.',
          updatedAt: '2025-01-02T03:04:05.000Z',
          contentHash: 'abc123',
          acl: ['group:hr'],
        },
        expect.objectContaining({
          id: 'folder:hr/leave.md#1',
          headingPath: ['Sick leave'],
          text: 'Call in.',
        }),
      ]);
    });

    it('prefers the title the source gives over the cracked one', () => {
      const [chunk] = chunkDocument(
        { ...doc, title: 'Leave handbook' },
        cracked([{ headingPath: [], text: 'x' }]),
      );
      expect(chunk!.title).toBe('Leave handbook');
    });

    it('adds page anchors to url and location, citing a passage by the page it starts on', () => {
      const pdf = { ...doc, id: 'folder:handbook.pdf', path: 'handbook.pdf', url: '/knowledge/handbook.pdf' };
      const chunks = chunkDocument(
        pdf,
        cracked([
          { headingPath: ['Handbook'], text: 'Page one.', page: 1 },
          { headingPath: ['Handbook'], text: 'Page two.', page: 2 },
        ]),
      );
      expect(chunks.map((chunk) => [chunk.page, chunk.url, chunk.location, chunk.text])).toEqual([
        [1, '/knowledge/handbook.pdf#page=1', 'handbook.pdf#page=1', 'Page one.\nPage two.'],
      ]);
    });

    it('cuts long paged text into overlapping windows that start on sentences and carry their page', () => {
      const pdf = { ...doc, id: 'folder:handbook.pdf', path: 'handbook.pdf', url: '/knowledge/handbook.pdf' };
      const pages = [1, 2, 3].map((page) => ({
        headingPath: ['Handbook'],
        text: Array.from({ length: 12 }, (_, i) => `Page ${page} rule ${i} says something useful.`).join(' '),
        page,
      }));
      const chunks = chunkDocument(pdf, cracked(pages), { maxChars: 400, overlapChars: 80 });
      expect(chunks.length).toBeGreaterThan(3);
      for (const chunk of chunks) {
        expect(chunk.text.length).toBeLessThanOrEqual(400 + 100);
        expect(chunk.text).toMatch(/^Page \d+ rule \d+/);
        expect(chunk.text).toMatch(/\.$/);
        expect(chunk.url).toBe(`/knowledge/handbook.pdf#page=${chunk.page}`);
        expect(chunk.text.startsWith(`Page ${chunk.page} `)).toBe(true);
      }
      expect(new Set(chunks.map((chunk) => chunk.page))).toEqual(new Set([1, 2, 3]));
      // Consecutive windows overlap so a sentence cut at the edge is whole in one of them.
      for (let i = 1; i < chunks.length; i++) {
        const lastSentence = chunks[i - 1]!.text.split(/(?<=\.) /).at(-1)!;
        expect(chunks[i]!.text).toContain(lastSentence);
      }
    });

    it('merges small sections under one top-level heading, keeping sub-headings as lines', () => {
      const chunks = chunkDocument(
        doc,
        cracked([
          { headingPath: ['Leave', 'Annual'], text: '25 days.' },
          { headingPath: ['Leave', 'Annual', 'Carry-over'], text: 'Up to 5 days.' },
          { headingPath: ['Leave', 'Sick'], text: 'Call in.' },
        ]),
      );
      // 'Leave' is shared by every section, so the top level is the next one down.
      expect(chunks.map((chunk) => [chunk.headingPath, chunk.text])).toEqual([
        [['Leave', 'Annual'], '25 days.\nCarry-over\nUp to 5 days.'],
        [['Leave', 'Sick'], 'Call in.'],
      ]);
    });

    it('keeps sections apart when merging them would exceed maxChars', () => {
      const long = sentences('Annual', 12);
      const chunks = chunkDocument(
        doc,
        cracked([
          { headingPath: ['A'], text: long },
          { headingPath: ['A', 'B'], text: long },
          { headingPath: ['C'], text: 'c' },
        ]),
        { maxChars: 1000, overlapChars: 100 },
      );
      expect(chunks.map((chunk) => chunk.headingPath)).toEqual([['A'], ['A', 'B'], ['C']]);
    });

    it('splits long sections at paragraph boundaries first', () => {
      const paragraphs = ['a', 'b', 'c', 'd'].map((letter) => sentences(letter.toUpperCase(), 9));
      const chunks = chunkDocument(doc, cracked([{ headingPath: ['P'], text: paragraphs.join('\n\n') }]), {
        maxChars: 1200,
        overlapChars: 0,
      });
      expect(paragraphs[0]!.length).toBeGreaterThan(400);
      expect(chunks.map((chunk) => chunk.text)).toEqual([
        `${paragraphs[0]}\n${paragraphs[1]}`,
        `${paragraphs[2]}\n${paragraphs[3]}`,
      ]);
    });

    it('splits a paragraph longer than maxChars at sentence boundaries', () => {
      const paragraph = sentences('Long', 60);
      const chunks = chunkDocument(doc, cracked([{ headingPath: [], text: paragraph }]), {
        maxChars: 500,
        overlapChars: 0,
      });
      expect(chunks.length).toBeGreaterThan(6);
      for (const chunk of chunks) {
        expect(chunk.text.length).toBeLessThanOrEqual(500);
        expect(chunk.text).toMatch(/^Long sentence number \d+ .*here\.$/);
      }
      expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(paragraph);
    });

    it('repeats the tail of the previous chunk at the start of the next', () => {
      const paragraph = sentences('Overlap', 40);
      const chunks = chunkDocument(doc, cracked([{ headingPath: [], text: paragraph }]), {
        maxChars: 600,
        overlapChars: 150,
      });
      expect(chunks.length).toBeGreaterThan(3);
      for (let i = 1; i < chunks.length; i++) {
        const previous = chunks[i - 1]!.text;
        const text = chunks[i]!.text;
        expect(text.length).toBeLessThanOrEqual(600);
        // The overlap is the previous chunk's last whole sentences, at most 150 characters.
        const firstSentence = text.slice(0, text.indexOf('.') + 1);
        expect(firstSentence).toMatch(/^Overlap sentence number \d+ says something useful here\.$/);
        const overlapLength = previous.length - previous.lastIndexOf(firstSentence);
        expect(overlapLength).toBeLessThanOrEqual(150);
        expect(previous.endsWith(text.slice(0, overlapLength))).toBe(true);
      }
    });

    it('cuts words only when a single word is longer than maxChars', () => {
      const token = 'x'.repeat(250);
      const chunks = chunkDocument(doc, cracked([{ headingPath: [], text: `short ${token}` }]), {
        maxChars: 100,
        overlapChars: 0,
      });
      expect(chunks.map((chunk) => chunk.text.length)).toEqual([5, 100, 100, 50]);
    });

    it('skips empty sections and collapses whitespace', () => {
      const chunks = chunkDocument(
        doc,
        cracked([
          { headingPath: ['Empty'], text: ' \n\n \t ' },
          { headingPath: ['Body'], text: '  Lots   of\tspace \n\n\n  - item  one \r\n- item two ' },
        ]),
      );
      expect(chunks.map((chunk) => [chunk.id, chunk.text])).toEqual([
        ['folder:hr/leave.md#0', 'Lots of space\n- item one\n- item two'],
      ]);
    });

    it('returns the same chunks for the same input', () => {
      const input = cracked([{ headingPath: ['A'], text: sentences('Same', 50) }]);
      expect(chunkDocument(doc, input)).toEqual(chunkDocument(doc, input));
    });

    it('throws ConfigError for limits that cannot work', () => {
      const input = cracked([{ headingPath: [], text: 'x' }]);
      expect(() => chunkDocument(doc, input, { maxChars: 10 })).toThrow(ConfigError);
      expect(() => chunkDocument(doc, input, { maxChars: 400, overlapChars: 300 })).toThrow(/overlapChars/);
    });
  });
});
