import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AzureSearchIndex,
  type AzureSearchIndexOptions,
  recordKey,
  type SearchRecord,
} from '../../../src/knowledge/index/azure/index.js';
import { AzureEmbedder, createOpenAIClient } from '../../../src/llm/azure-openai/index.js';
import { AzureOpenAIStandIn, THROTTLED_BODY } from '../../helpers/azure-openai-stand-in.js';
import { AzureSearchStandIn } from '../../helpers/azure-search-stand-in.js';
import { indexDocument, makeChunk } from '../../helpers/builders.js';

const INDEX = 'lumen-kb';
const DIMENSIONS = 16;

describe('AzureSearchIndex', () => {
  let search: AzureSearchStandIn;
  let openai: AzureOpenAIStandIn;

  beforeEach(async () => {
    search = await new AzureSearchStandIn().start();
    openai = await new AzureOpenAIStandIn(() => ({ kind: 'stream', deltas: [] })).start();
  });
  afterEach(async () => {
    await search.stop();
    await openai.stop();
  });

  function open(options: Partial<AzureSearchIndexOptions> = {}) {
    const credential = new AzureKeyCredential('search-key');
    const clientOptions = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
    const embedder = new AzureEmbedder({
      client: createOpenAIClient(openai.url, { apiKey: 'k', apiVersion: '2024-10-21', timeoutMs: 5_000 }),
      deployment: 'text-embedding-3-small',
      dimensions: DIMENSIONS,
      batchSize: 2,
      sleep: async () => undefined,
    });
    return new AzureSearchIndex({
      searchClient: new SearchClient<SearchRecord>(search.url, INDEX, credential, clientOptions),
      indexClient: new SearchIndexClient(search.url, credential, clientOptions),
      embedder,
      batchSize: 2,
      ...options,
    });
  }

  async function openCreated(options: Partial<AzureSearchIndexOptions> = {}) {
    const index = open(options);
    await index.updateIndex(DIMENSIONS);
    return index;
  }

  const leave = makeChunk(
    'folder:leave.md',
    'Annual leave is 25 days per year. Carry over is capped at 5 days.',
  );
  const salary = makeChunk('folder:hr/salary-bands.md', 'Salary bands for engineers range from L1 to L6.', {
    acl: ['group:hr'],
  });
  const review = makeChunk('folder:me/review.md', 'Your annual review is due in March.', {
    acl: ['user:alex@brightwater.example'],
  });

  describe('index definition', () => {
    it('sends the definition with vector, ACL and semantic settings when updating', async () => {
      await open().updateIndex(DIMENSIONS);
      const put = search.requests.find((r) => r.method === 'PUT')!;
      expect(put.path).toBe(`/indexes('${INDEX}')`);
      expect(put.headers['api-key']).toBe('search-key');
      const fields = put.body.fields as Record<string, unknown>[];
      const field = (name: string) => fields.find((f) => f.name === name);
      expect(fields.map((f) => f.name)).toEqual([
        'id',
        'kind',
        'chunkId',
        'documentId',
        'documentPath',
        'documentHash',
        'chunkCount',
        'source',
        'title',
        'content',
        'url',
        'location',
        'page',
        'headingPath',
        'updatedAt',
        'contentHash',
        'contentVector',
        'aclUserIds',
        'aclGroupIds',
        'aclEveryone',
      ]);
      expect(field('id')).toMatchObject({ type: 'Edm.String', key: true });
      expect(field('content')).toMatchObject({ searchable: true, analyzer: 'en.microsoft' });
      expect(field('updatedAt')).toMatchObject({ type: 'Edm.DateTimeOffset', filterable: true });
      expect(field('contentVector')).toMatchObject({
        type: 'Collection(Edm.Single)',
        dimensions: DIMENSIONS,
        vectorSearchProfile: 'lumen-vector-profile',
        retrievable: false,
      });
      for (const name of ['aclUserIds', 'aclGroupIds']) {
        expect(field(name)).toMatchObject({ type: 'Collection(Edm.String)', filterable: true });
      }
      expect(field('aclEveryone')).toMatchObject({ type: 'Edm.Boolean', filterable: true });
      expect(put.body.vectorSearch).toMatchObject({
        algorithms: [{ name: 'lumen-hnsw', kind: 'hnsw', hnswParameters: { metric: 'cosine' } }],
        profiles: [{ name: 'lumen-vector-profile', algorithm: 'lumen-hnsw' }],
      });
      expect(put.body.semantic).toMatchObject({
        defaultConfiguration: 'lumen-semantic',
        configurations: [
          {
            name: 'lumen-semantic',
            prioritizedFields: {
              titleField: { fieldName: 'title' },
              prioritizedContentFields: [{ fieldName: 'content' }],
              prioritizedKeywordsFields: [{ fieldName: 'headingPath' }],
            },
          },
        ],
      });
    });

    it('creates the index once and refuses to create it again', async () => {
      const index = open();
      await index.createIndex(DIMENSIONS);
      expect(search.requests.at(-1)).toMatchObject({ method: 'POST', path: '/indexes' });
      await expect(index.createIndex(DIMENSIONS)).rejects.toMatchObject({ statusCode: 409 });
      expect((await index.check()).ok).toBe(true);
    });

    it('reports a missing index in its health check', async () => {
      const check = await open().check();
      expect(check.ok).toBe(false);
      expect(check.detail).toContain('lumen index create');
    });
  });

  describe('replaceDocument', () => {
    const chunks = [0, 1, 2].map((i) =>
      makeChunk('folder:handbook.md', `Handbook part ${i} about leave.`, { id: `folder:handbook.md#${i}` }),
    );

    it('uploads chunks with embeddings in batches, then the document record', async () => {
      const index = await openCreated();
      await indexDocument(index, chunks);
      const batches = search.batches().map((b) => b.body.value as Record<string, unknown>[]);
      expect(batches.map((b) => b.length)).toEqual([2, 1, 1]);
      expect(batches.flat().map((r) => r['@search.action'])).toEqual(Array(4).fill('mergeOrUpload'));
      const uploaded = batches.flat().filter((r) => r.kind === 'chunk');
      expect(uploaded.map((r) => r.chunkId)).toEqual(chunks.map((c) => c.id));
      for (const record of uploaded) {
        expect(record.contentVector).toHaveLength(DIMENSIONS);
        expect(record).toMatchObject({ aclEveryone: true, aclUserIds: [], aclGroupIds: [] });
        expect(String(record.id)).toMatch(/^[A-Za-z0-9_\-=]+$/);
      }
      expect(batches[2]![0]).toMatchObject({
        kind: 'document',
        documentId: 'folder:handbook.md',
        chunkCount: 3,
      });
      // Embeddings are requested in batches of two, through the embedding deployment.
      const embeddings = openai.requests.filter((r) => r.operation === 'embeddings');
      expect(embeddings.map((r) => (r.body.input as string[]).length)).toEqual([2, 1]);
      expect(embeddings[0]!.path).toBe('/openai/deployments/text-embedding-3-small/embeddings');
      expect(embeddings[0]!.body.dimensions).toBe(DIMENSIONS);
      expect(await index.stats()).toEqual({ documents: 1, chunks: 3 });
      expect(await index.getDocument('folder:handbook.md')).toMatchObject({ hash: 'hash', chunkCount: 3 });
    });

    it('deletes the chunks a new version no longer has', async () => {
      const index = await openCreated();
      await indexDocument(index, chunks);
      const before = search.batches().length;
      await indexDocument(index, [{ ...chunks[0]!, contentHash: 'v2' }]);
      const deletes = search
        .batches()
        .slice(before)
        .flatMap((b) => b.body.value as Record<string, unknown>[])
        .filter((r) => r['@search.action'] === 'delete');
      expect(deletes.map((d) => d.id).sort()).toEqual(
        [recordKey('chunk', chunks[1]!.id), recordKey('chunk', chunks[2]!.id)].sort(),
      );
      expect(await index.stats()).toEqual({ documents: 1, chunks: 1 });
      expect((await index.getDocument('folder:handbook.md'))?.hash).toBe('v2');
    });

    it('retries embeddings on throttling and records the service turned away as busy', async () => {
      let embeddingCalls = 0;
      openai.script = (req) =>
        req.operation === 'embeddings' && embeddingCalls++ === 0
          ? { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: THROTTLED_BODY }
          : { kind: 'stream', deltas: [] };
      const index = await openCreated();
      search.failOnce.set(recordKey('chunk', chunks[1]!.id), 503);
      await indexDocument(index, chunks);
      expect(openai.requests.filter((r) => r.operation === 'embeddings')).toHaveLength(3);
      const busyKey = recordKey('chunk', chunks[1]!.id);
      const sentAgain = search
        .batches()
        .map((b) => (b.body.value as Record<string, unknown>[]).map((r) => r.id))
        .filter((ids) => ids.length === 1 && ids[0] === busyKey);
      expect(sentAgain).toHaveLength(1);
      expect(await index.stats()).toEqual({ documents: 1, chunks: 3 });
    });

    it('fails the write when the service rejects a record for good', async () => {
      const index = await openCreated();
      search.failOnce.set(recordKey('chunk', chunks[0]!.id), 400);
      await expect(indexDocument(index, chunks)).rejects.toThrow(/rejected 1 of 2 records \(400/);
      // The bookkeeping record was not written, so the next run redoes the document.
      expect(await index.getDocument('folder:handbook.md')).toBeUndefined();
    });

    it('removes every record of deleted documents', async () => {
      const index = await openCreated();
      await indexDocument(index, chunks);
      await indexDocument(index, [leave]);
      await index.deleteDocuments(['folder:handbook.md']);
      expect(await index.stats()).toEqual({ documents: 1, chunks: 1 });
      expect(await index.getDocument('folder:handbook.md')).toBeUndefined();
      expect((await index.listDocuments('folder:')).map((d) => d.id)).toEqual(['folder:leave.md']);
    });
  });

  describe('listDocuments', () => {
    it('pages through every document record in id order', async () => {
      const index = await openCreated({ pageSize: 2 });
      for (const n of [5, 3, 1, 4, 2])
        await indexDocument(index, [makeChunk(`folder:doc-${n}.md`, `Text ${n}.`)]);
      await indexDocument(index, [makeChunk('sharepoint:site/page.aspx', 'Other source.')]);
      const before = search.searches().length;
      const listed = await index.listDocuments('folder:');
      expect(listed.map((d) => d.id)).toEqual([1, 2, 3, 4, 5].map((n) => `folder:doc-${n}.md`));
      expect(listed[0]).toMatchObject({ path: 'doc-1.md', hash: 'hash', chunkCount: 1, acl: ['everyone'] });
      const pages = search.searches().slice(before);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages[1]!.body).toMatchObject({ orderby: 'documentId asc', top: 2 });
      expect(String(pages[1]!.body.filter)).toBe("(kind eq 'document') and documentId gt 'folder:doc-2.md'");
    });
  });

  describe('search', () => {
    let index: AzureSearchIndex;
    beforeEach(async () => {
      index = await openCreated();
      for (const chunk of [leave, salary, review]) await indexDocument(index, [chunk]);
    });

    const alex = ['everyone', 'user:alex@brightwater.example'];
    const harper = ['everyone', 'user:harper@brightwater.example', 'group:hr', 'group:managers'];

    it('sends a hybrid semantic query filtered by the asker, with captions as snippets', async () => {
      const hits = await index.search({ text: 'annual leave days', principals: alex, top: 5 });
      expect(hits.map((h) => h.chunk.id)).toEqual([leave.id, review.id]);
      expect(hits[0]!.snippet).toBe('Annual leave is 25 days per year.');
      expect(hits[0]!.coverage).toBe(1);
      expect(hits[0]!.chunk).toMatchObject({ title: leave.title, url: leave.url, acl: ['everyone'] });
      const body = search.searches().at(-1)!.body;
      expect(body).toMatchObject({
        search: 'annual leave days',
        top: 5,
        queryType: 'semantic',
        semanticConfiguration: 'lumen-semantic',
        captions: 'extractive|highlight-false',
      });
      expect(body.filter).toBe(
        "kind eq 'chunk' and (aclEveryone eq true or aclUserIds/any(u: search.in(u, 'alex@brightwater.example', ',')))",
      );
      expect(body.vectorQueries).toEqual([
        expect.objectContaining({
          kind: 'vector',
          fields: 'contentVector',
          k: 50,
          vector: expect.any(Array),
        }),
      ]);
      expect(String(body.select).split(',')).not.toContain('contentVector');
    });

    it('returns group content only to members of the group', async () => {
      const asAlex = await index.search({ text: 'salary bands', principals: alex, top: 5 });
      const asHarper = await index.search({ text: 'salary bands', principals: harper, top: 5 });
      expect(asAlex.map((h) => h.chunk.id)).not.toContain(salary.id);
      expect(asHarper.map((h) => h.chunk.id)).toContain(salary.id);
      expect(asHarper.map((h) => h.chunk.id)).not.toContain(review.id);
    });

    it('never searches without an ACL filter', async () => {
      await index.search({ text: 'leave', principals: alex, top: 5 });
      await index.search({ text: 'leave', principals: harper, top: 5 });
      expect(await index.search({ text: 'leave', principals: [], top: 5 })).toEqual([]);
      expect(await index.search({ text: 'leave', principals: ['role:admin'], top: 5 })).toEqual([]);
      const searches = search.searches().filter((s) => s.body.search !== '*');
      expect(searches).toHaveLength(2);
      for (const s of searches)
        expect(String(s.body.filter)).toMatch(/^kind eq 'chunk' and \(aclEveryone eq true or /);
    });

    it('treats hostile principal values as plain values', async () => {
      const hostile = [
        "hr') or aclEveryone eq false or search.in(g, 'hr",
        "x' or true or 'y",
        'a,b|c;d~e^f`g',
        'hr,',
      ].map((g) => `group:${g}`);
      const hits = await index.search({ text: 'salary bands', principals: hostile, top: 5 });
      expect(hits).toEqual([]);
      // The stand-in parsed the filter (a broken literal would have been a 400).
      expect(search.searches().at(-1)!.body.filter).toContain("''");
    });

    it('splits a principal list too long for one filter and merges the results', async () => {
      const groups = Array.from({ length: 400 }, (_, i) => `group:team-${String(i).padStart(4, '0')}`);
      const splitting = await openCreated({ maxAclFilterChars: 2_000 });
      const before = search.searches().length;
      const principals = ['user:harper@brightwater.example', ...groups, 'group:hr'];
      const hits = await splitting.search({ text: 'salary bands', principals, top: 5 });
      const sent = search.searches().slice(before);
      expect(sent.length).toBeGreaterThan(1);
      const sentGroups = new Set<string>();
      for (const s of sent) {
        const filter = String(s.body.filter);
        expect(filter.length).toBeLessThanOrEqual(2_000 + "kind eq 'chunk' and ".length);
        expect(filter).toContain("aclUserIds/any(u: search.in(u, 'harper@brightwater.example', ','))");
        for (const g of /search\.in\(g, '([^']*)'/.exec(filter)![1]!.split(',')) sentGroups.add(g);
      }
      expect(sentGroups.size).toBe(401);
      expect(hits.map((h) => h.chunk.id)).toEqual([salary.id]);
    });

    it('searches without vectors when the embedding deployment is throttled', async () => {
      openai.script = () => ({
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '60' },
        body: THROTTLED_BODY,
      });
      const hits = await index.search({ text: 'annual leave', principals: alex, top: 3 });
      expect(hits[0]!.chunk.id).toBe(leave.id);
      expect(search.searches().at(-1)!.body.vectorQueries).toBeUndefined();
    });

    it('searches by keywords alone when no embedding deployment is configured', async () => {
      const keywordOnly = await openCreated({ embedder: undefined, semanticRanker: false });
      const before = openai.requests.length;
      const hits = await keywordOnly.search({ text: 'annual leave', principals: alex, top: 3 });
      expect(hits[0]!.chunk.id).toBe(leave.id);
      const body = search.searches().at(-1)!.body;
      expect(body.queryType).toBe('simple');
      expect(body.vectorQueries).toBeUndefined();
      expect(openai.requests.length).toBe(before);
    });
  });
});
