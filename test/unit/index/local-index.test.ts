import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../src/core/ports.js';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { ANALYSIS_VERSION } from '../../../src/text/text-analysis.js';
import { indexDocument, makeChunk } from '../../helpers/builders.js';

const EVERYONE = ['everyone'];

let dir: string;
let index: LocalIndex;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumen-index-'));
  index = LocalIndex.open(join(dir, 'lumen.db'));
});

afterEach(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

function ids(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.chunk.id);
}

async function seedHandbook(): Promise<void> {
  await indexDocument(index, [
    makeChunk(
      'folder:benefits/hearing.md',
      'The plan covers hearing care services, including one hearing exam per year and hearing aids up to 1,500 USD every three years.',
      { title: 'Hearing care' },
    ),
  ]);
  await indexDocument(index, [
    makeChunk(
      'folder:travel/booking.md',
      'Book flights through the travel portal at least two weeks before departure.',
      { title: 'Booking travel' },
    ),
    makeChunk(
      'folder:travel/booking.md',
      'Hotel stays are reimbursed up to 180 EUR per night in capital cities.',
      { id: 'folder:travel/booking.md#1', title: 'Booking travel', headingPath: ['Hotels'] },
    ),
  ]);
  await indexDocument(index, [
    makeChunk('folder:it/laptops.md', 'Engineers receive a new laptop every three years from the IT desk.', {
      title: 'Laptops',
    }),
  ]);
}

describe('LocalIndex', () => {
  describe('search', () => {
    it('ranks first the chunk that answers the question', async () => {
      await seedHandbook();
      const hits = await index.search({
        text: 'How much are hotel nights reimbursed?',
        principals: EVERYONE,
        top: 5,
      });
      expect(hits[0]?.chunk.id).toBe('folder:travel/booking.md#1');
      expect(hits[0]?.chunk.text).toContain('180 EUR');
      expect(ids(hits)).not.toContain('folder:it/laptops.md#0');
    });

    it('returns whole chunks with their citation fields and a coverage between 0 and 1', async () => {
      await seedHandbook();
      const [hit] = await index.search({ text: 'laptop for engineers', principals: EVERYONE, top: 3 });
      expect(hit?.chunk).toMatchObject({
        id: 'folder:it/laptops.md#0',
        documentId: 'folder:it/laptops.md',
        title: 'Laptops',
        url: '/knowledge/it/laptops.md',
        location: 'it/laptops.md',
        acl: ['everyone'],
      });
      expect(hit?.coverage).toBeGreaterThan(0.9);
      expect(hit?.coverage).toBeLessThanOrEqual(1);
    });

    it('scores a chunk covering every question word above one covering a few', async () => {
      await seedHandbook();
      const hits = await index.search({
        text: 'hearing aids every three years',
        principals: EVERYONE,
        top: 5,
      });
      expect(hits[0]?.chunk.id).toBe('folder:benefits/hearing.md#0');
      const laptops = hits.find((hit) => hit.chunk.id === 'folder:it/laptops.md#0');
      expect(laptops).toBeDefined();
      expect(laptops!.coverage).toBeLessThan(hits[0]!.coverage);
      expect(laptops!.score).toBeLessThan(hits[0]!.score);
    });

    it('counts a number tied to its word ("zone 3") only where the two stand together', async () => {
      await indexDocument(index, [
        makeChunk('folder:pay/steps.md', 'Salary band steps: 1) role 2) level 3) location zone.', {
          title: 'Pay',
        }),
      ]);
      await indexDocument(index, [
        makeChunk('folder:pay/zones.md', 'The zone 3 salary band starts at 60% of the first band.', {
          title: 'Zones',
        }),
      ]);
      const hits = await index.search({
        text: 'What is the zone 3 salary band?',
        principals: EVERYONE,
        top: 5,
      });
      expect(hits[0]?.chunk.id).toBe('folder:pay/zones.md#0');
      const steps = hits.find((hit) => hit.chunk.id === 'folder:pay/steps.md#0');
      expect(steps!.coverage).toBeLessThan(hits[0]!.coverage);
    });

    it('returns at most `top` hits, best first', async () => {
      await seedHandbook();
      const hits = await index.search({ text: 'three years travel hotel', principals: EVERYONE, top: 2 });
      expect(hits).toHaveLength(2);
      expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    });

    it('returns nothing for a question about something no document mentions', async () => {
      await seedHandbook();
      expect(
        await index.search({ text: 'quarterly stock options vesting', principals: EVERYONE, top: 5 }),
      ).toEqual([]);
    });

    it('returns nothing for a question made only of stop words', async () => {
      await seedHandbook();
      expect(
        await index.search({ text: 'What is it and how do I do that?', principals: EVERYONE, top: 5 }),
      ).toEqual([]);
    });

    it('searches an empty index without failing', async () => {
      expect(await index.search({ text: 'hotel nights', principals: EVERYONE, top: 5 })).toEqual([]);
    });

    it.each([
      '"hotel nights',
      'NEAR(hotel nights, 2)',
      'hotel*',
      'body: hotel',
      'title:hotel acl:everyone',
      'hotel AND OR NOT nights',
      ')( "" {title} ^hotel - + ;',
      "hotel's nights' rate?",
    ])('treats full-text syntax in %j as plain words', async (text) => {
      await seedHandbook();
      const hits = await index.search({ text, principals: EVERYONE, top: 5 });
      expect(hits[0]?.chunk.id).toBe('folder:travel/booking.md#1');
    });

    it.each(['"', '*', ':', '(((', '{}', '^', '"*"'])(
      'returns nothing for the bare syntax %j',
      async (text) => {
        await seedHandbook();
        await expect(index.search({ text, principals: EVERYONE, top: 5 })).resolves.toEqual([]);
      },
    );

    it('reads the operators NEAR, AND, OR as ordinary (stop) words', async () => {
      await seedHandbook();
      await expect(index.search({ text: 'AND OR', principals: EVERYONE, top: 5 })).resolves.toEqual([]);
      const hits = await index.search({ text: 'NEAR( hotel AND OR nights', principals: EVERYONE, top: 5 });
      expect(hits[0]?.chunk.id).toBe('folder:travel/booking.md#1');
    });
  });

  describe('access control', () => {
    beforeEach(async () => {
      await indexDocument(index, [
        makeChunk(
          'folder:hr/salary-bands.md',
          'Salary band L5 for engineers ranges from 98,000 to 124,000 EUR.',
          {
            acl: ['group:hr'],
            title: 'Salary bands',
          },
        ),
      ]);
      await indexDocument(index, [
        makeChunk('folder:careers/levels.md', 'Engineers at level L5 lead projects across teams.', {
          title: 'Career levels',
        }),
      ]);
    });

    it('never returns a restricted chunk to a reader outside its group', async () => {
      const hits = await index.search({ text: 'salary band L5 engineers', principals: EVERYONE, top: 10 });
      expect(ids(hits)).toEqual(['folder:careers/levels.md#0']);
    });

    it('returns the restricted chunk to a member of its group', async () => {
      const hits = await index.search({
        text: 'salary band L5 engineers',
        principals: ['everyone', 'group:hr'],
        top: 10,
      });
      expect(hits[0]?.chunk.id).toBe('folder:hr/salary-bands.md#0');
      expect(ids(hits)).toContain('folder:careers/levels.md#0');
    });

    it('matches principals regardless of case and surrounding spaces', async () => {
      const hits = await index.search({ text: 'salary band', principals: [' Group:HR '], top: 10 });
      expect(ids(hits)).toEqual(['folder:hr/salary-bands.md#0']);
    });

    it('does not treat a similar group name as the same group', async () => {
      const hits = await index.search({
        text: 'salary band',
        principals: ['group:hr-contractors', 'group:h', 'hr'],
        top: 10,
      });
      expect(hits).toEqual([]);
    });

    it('returns nothing to a reader with no principals', async () => {
      expect(await index.search({ text: 'salary band L5 engineers', principals: [], top: 10 })).toEqual([]);
    });

    it('lets a user principal read a chunk shared with that user only', async () => {
      await indexDocument(index, [
        makeChunk('folder:private/offer.md', 'Your relocation bonus is 8,000 EUR.', {
          acl: ['user:kim@brightwater.example'],
        }),
      ]);
      const question = { text: 'relocation bonus', top: 5 };
      expect(
        await index.search({ ...question, principals: ['everyone', 'user:alex@brightwater.example'] }),
      ).toEqual([]);
      const hits = await index.search({
        ...question,
        principals: ['everyone', 'user:kim@brightwater.example'],
      });
      expect(ids(hits)).toEqual(['folder:private/offer.md#0']);
    });
  });

  describe('readableBeyond', () => {
    beforeEach(async () => {
      await indexDocument(index, [
        makeChunk('folder:hr/salary-bands.md', 'Salary band L5 ranges from 98,000 EUR.', {
          acl: ['group:hr'],
        }),
      ]);
      await indexDocument(index, [
        makeChunk('folder:people/handbook.md', 'Both teams read this.', { acl: ['group:hr', 'group:sales'] }),
      ]);
      await indexDocument(index, [makeChunk('folder:careers/levels.md', 'Engineers at level L5 lead.')]);
    });

    it('is true when a chunk is readable by the principals and by none of the audience', async () => {
      expect(await index.readableBeyond(['everyone', ' Group:HR '], ['everyone'])).toBe(true);
      expect(await index.readableBeyond(['group:hr'], [])).toBe(true);
    });

    it('is false when everything the principals may read the audience may read too', async () => {
      expect(await index.readableBeyond(['everyone', 'user:kim@brightwater.example'], ['everyone'])).toBe(
        false,
      );
      expect(await index.readableBeyond(['everyone', 'group:hr'], ['everyone', 'group:hr'])).toBe(false);
      expect(await index.readableBeyond(['everyone'], ['everyone'])).toBe(false);
    });

    it('counts a chunk shared with an audience member as readable by the audience', async () => {
      await index.deleteDocuments(['folder:hr/salary-bands.md']);
      expect(await index.readableBeyond(['everyone', 'group:hr'], ['everyone', 'group:sales'])).toBe(false);
      expect(await index.readableBeyond(['everyone', 'group:hr'], ['everyone'])).toBe(true);
    });
  });

  describe('typo tolerance', () => {
    it('finds "hearing care services" for "hearin care servises"', async () => {
      await seedHandbook();
      const hits = await index.search({ text: 'hearin care servises', principals: EVERYONE, top: 3 });
      expect(hits[0]?.chunk.id).toBe('folder:benefits/hearing.md#0');
      expect(hits[0]?.coverage).toBeGreaterThan(0.9);
    });

    it('corrects a swapped pair of letters', async () => {
      await seedHandbook();
      const hits = await index.search({ text: 'hotle reimbursement', principals: EVERYONE, top: 3 });
      expect(hits[0]?.chunk.id).toBe('folder:travel/booking.md#1');
    });

    it('does not take a real word for a typo of another ("born" is not "burn"), but meets its other forms', async () => {
      await indexDocument(index, [
        makeChunk('folder:safety.md', 'Report a burn or any injury at work to the safety desk.', {
          title: 'Safety',
        }),
      ]);
      await indexDocument(index, [
        makeChunk(
          'folder:leave.md',
          'Parental leave starts at the birth, or when an adopted child arrived home.',
          {
            title: 'Parental leave',
          },
        ),
      ]);
      const born = await index.search({ text: 'leave when a child is born', principals: EVERYONE, top: 3 });
      expect(ids(born)).not.toContain('folder:safety.md#0');
      const arrives = await index.search({ text: 'when the child arrives', principals: EVERYONE, top: 3 });
      expect(ids(arrives)).toContain('folder:leave.md#0');
    });

    it('does not correct numbers into other numbers', async () => {
      await indexDocument(index, [
        makeChunk('folder:rates.md', 'The mileage rate is 0.42 EUR from 2025 onwards.'),
      ]);
      expect(await index.search({ text: '2026', principals: EVERYONE, top: 3 })).toEqual([]);
      expect(ids(await index.search({ text: '2025', principals: EVERYONE, top: 3 }))).toEqual([
        'folder:rates.md#0',
      ]);
    });
  });

  describe('documents', () => {
    it('replaceDocument replaces every earlier chunk of the document', async () => {
      await indexDocument(index, [
        makeChunk('folder:policy.md', 'Remote work is allowed two days per week.'),
        makeChunk('folder:policy.md', 'Remote work requires a manager approval form.', {
          id: 'folder:policy.md#1',
        }),
      ]);
      await index.replaceDocument({ id: 'folder:policy.md', path: 'policy.md', hash: 'v2', acl: EVERYONE }, [
        makeChunk('folder:policy.md', 'Remote work is allowed three days per week.', { contentHash: 'v2' }),
      ]);

      const hits = await index.search({ text: 'remote work days approval', principals: EVERYONE, top: 10 });
      expect(hits.map((hit) => hit.chunk.text)).toEqual(['Remote work is allowed three days per week.']);
      expect(await index.search({ text: 'approval form', principals: EVERYONE, top: 10 })).toEqual([]);
      expect(await index.getDocument('folder:policy.md')).toEqual({
        id: 'folder:policy.md',
        path: 'policy.md',
        hash: 'v2',
        acl: EVERYONE,
        chunkCount: 1,
      });
      expect(await index.stats()).toEqual({ documents: 1, chunks: 1 });
    });

    it('replaceDocument applies a narrowed ACL to what is searchable', async () => {
      await indexDocument(index, [
        makeChunk('folder:bonus.md', 'The annual bonus pool is 4 percent of payroll.'),
      ]);
      await index.replaceDocument(
        { id: 'folder:bonus.md', path: 'bonus.md', hash: 'v2', acl: ['group:finance'] },
        [
          makeChunk('folder:bonus.md', 'The annual bonus pool is 4 percent of payroll.', {
            acl: ['group:finance'],
          }),
        ],
      );
      expect(await index.search({ text: 'bonus pool', principals: EVERYONE, top: 5 })).toEqual([]);
      expect((await index.getDocument('folder:bonus.md'))?.acl).toEqual(['group:finance']);
    });

    it('replaceDocument leaves other documents alone', async () => {
      await seedHandbook();
      await index.replaceDocument(
        { id: 'folder:it/laptops.md', path: 'it/laptops.md', hash: 'v2', acl: EVERYONE },
        [makeChunk('folder:it/laptops.md', 'Engineers receive a new laptop every four years.')],
      );
      const hits = await index.search({ text: 'hotel night', principals: EVERYONE, top: 3 });
      expect(hits[0]?.chunk.id).toBe('folder:travel/booking.md#1');
      expect(await index.stats()).toEqual({ documents: 3, chunks: 4 });
    });

    it('deleteDocuments removes the documents and all their chunks', async () => {
      await seedHandbook();
      await index.deleteDocuments(['folder:travel/booking.md', 'folder:never-indexed.md']);

      expect(await index.search({ text: 'hotel flights portal', principals: EVERYONE, top: 10 })).toEqual([]);
      expect(await index.getDocument('folder:travel/booking.md')).toBeUndefined();
      expect(await index.stats()).toEqual({ documents: 2, chunks: 2 });
      expect(ids(await index.search({ text: 'hearing aids', principals: EVERYONE, top: 3 }))).toEqual([
        'folder:benefits/hearing.md#0',
      ]);
    });

    it('corrects typos of words added after the index was warmed', async () => {
      await seedHandbook();
      index.warm();
      await indexDocument(index, [
        makeChunk('folder:it/monitors.md', 'Ergonomic monitors are ordered by IT.'),
      ]);
      const hits = await index.search({ text: 'ergonomc monitors', principals: EVERYONE, top: 3 });
      expect(hits[0]?.chunk.id).toBe('folder:it/monitors.md#0');
    });

    it('forgets the words of deleted documents when correcting typos', async () => {
      await seedHandbook();
      await index.deleteDocuments(['folder:benefits/hearing.md']);
      expect(await index.search({ text: 'hearin servises', principals: EVERYONE, top: 3 })).toEqual([]);
    });

    it('listDocuments lists the documents whose id starts with the prefix, in id order', async () => {
      await seedHandbook();
      await indexDocument(index, [makeChunk('sharepoint:hr/leave.docx', 'Annual leave is 25 days.')]);

      const folder = await index.listDocuments('folder:');
      expect(folder.map((d) => d.id)).toEqual([
        'folder:benefits/hearing.md',
        'folder:it/laptops.md',
        'folder:travel/booking.md',
      ]);
      expect(folder.find((d) => d.id === 'folder:travel/booking.md')).toEqual({
        id: 'folder:travel/booking.md',
        path: 'travel/booking.md',
        hash: 'hash',
        acl: EVERYONE,
        chunkCount: 2,
      });
      expect((await index.listDocuments('folder:travel/')).map((d) => d.id)).toEqual([
        'folder:travel/booking.md',
      ]);
      expect((await index.listDocuments('sharepoint:')).map((d) => d.id)).toEqual([
        'sharepoint:hr/leave.docx',
      ]);
      expect(await index.listDocuments('confluence:')).toEqual([]);
    });

    it('treats % and _ in the prefix literally', async () => {
      await indexDocument(index, [makeChunk('folder:a_b/x.md', 'Alpha text for the index.')]);
      await indexDocument(index, [makeChunk('folder:axb/y.md', 'Beta text for the index.')]);
      expect((await index.listDocuments('folder:a_b')).map((d) => d.id)).toEqual(['folder:a_b/x.md']);
      expect(await index.listDocuments('folder:%')).toEqual([]);
    });

    it('stats counts documents and chunks', async () => {
      expect(await index.stats()).toEqual({ documents: 0, chunks: 0 });
      await seedHandbook();
      expect(await index.stats()).toEqual({ documents: 3, chunks: 4 });
    });

    it('check reports the index as healthy with its counts', async () => {
      await seedHandbook();
      const check = await index.check();
      expect(check.ok).toBe(true);
      expect(check.name).toBe('index');
      expect(check.detail).toContain('3 documents, 4 chunks');
    });

    it('keeps what was indexed after the file is closed and opened again', async () => {
      await seedHandbook();
      await index.close();
      index = LocalIndex.open(join(dir, 'lumen.db'));
      expect(await index.stats()).toEqual({ documents: 3, chunks: 4 });
      const hits = await index.search({ text: 'hearin aids', principals: EVERYONE, top: 1 });
      expect(ids(hits)).toEqual(['folder:benefits/hearing.md#0']);
    });

    it('analyses the stored chunks again when the file was written by an older analysis', async () => {
      await seedHandbook();
      await index.close();
      // An older analysis that produced no full-text terms at all: the worst case of stale tokens.
      const raw = new BetterSqlite3(join(dir, 'lumen.db'));
      raw.exec(
        "INSERT INTO kb_fts (kb_fts) VALUES ('delete-all'); DELETE FROM kb_words; UPDATE kb_chunks SET tokens = NULL",
      );
      raw.pragma(`user_version = ${ANALYSIS_VERSION - 1}`);
      raw.close();
      index = LocalIndex.open(join(dir, 'lumen.db'));
      const hits = await index.search({ text: 'hearin aids', principals: EVERYONE, top: 1 });
      expect(ids(hits)).toEqual(['folder:benefits/hearing.md#0']);
      expect(await index.stats()).toEqual({ documents: 3, chunks: 4 });
    });
  });

  describe('title preference', () => {
    const body =
      'The plan covers hearing care services, including one hearing exam per year and hearing aids up to 1,500 USD every three years.';

    beforeEach(async () => {
      await indexDocument(index, [
        makeChunk('folder:Northwind_Standard_Benefits_Details.pdf', body, {
          title: 'Northwind Standard Benefits',
        }),
      ]);
      await indexDocument(index, [
        makeChunk('folder:Northwind_Health_Plus_Benefits_Details.pdf', body, {
          title: 'Northwind Health Plus Benefits',
        }),
      ]);
    });

    it('ranks the Standard plan first when the question names Standard', async () => {
      const hits = await index.search({
        text: 'Does Northwind Standard cover hearing aids?',
        principals: EVERYONE,
        top: 5,
      });
      expect(hits.map((hit) => hit.chunk.documentId)).toEqual([
        'folder:Northwind_Standard_Benefits_Details.pdf',
        'folder:Northwind_Health_Plus_Benefits_Details.pdf',
      ]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });

    it('ranks the Health Plus plan first when the question names Health Plus', async () => {
      const hits = await index.search({
        text: 'Does Northwind Health Plus cover hearing aids?',
        principals: EVERYONE,
        top: 5,
      });
      expect(hits.map((hit) => hit.chunk.documentId)).toEqual([
        'folder:Northwind_Health_Plus_Benefits_Details.pdf',
        'folder:Northwind_Standard_Benefits_Details.pdf',
      ]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    });
  });

  describe('page anchoring', () => {
    const page5 = 'Dental cleanings are covered twice a year at any network dentist. ';
    const page6 = 'Orthodontic braces for children under eighteen are covered at fifty percent.';

    beforeEach(async () => {
      await indexDocument(index, [
        makeChunk('folder:plan.pdf', `${page5}${page6}`, {
          title: 'Dental plan',
          page: 5,
          pageStarts: [{ page: 6, offset: page5.length }],
          url: '/knowledge/plan.pdf#page=5',
          location: 'plan.pdf#page=5',
        }),
      ]);
    });

    it('cites the later page when the question words are on it', async () => {
      const [hit] = await index.search({
        text: 'orthodontic braces for children',
        principals: EVERYONE,
        top: 3,
      });
      expect(hit?.chunk).toMatchObject({
        id: 'folder:plan.pdf#0',
        page: 6,
        url: '/knowledge/plan.pdf#page=6',
        location: 'plan.pdf#page=6',
      });
      expect(hit?.chunk.text).toBe(`${page5}${page6}`);
    });

    it('keeps the first page when the question words are on it', async () => {
      const [hit] = await index.search({
        text: 'dental cleanings twice a year',
        principals: EVERYONE,
        top: 3,
      });
      expect(hit?.chunk).toMatchObject({
        page: 5,
        url: '/knowledge/plan.pdf#page=5',
        location: 'plan.pdf#page=5',
      });
    });
  });
});
