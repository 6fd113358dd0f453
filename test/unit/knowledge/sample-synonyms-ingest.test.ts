import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_KNOWLEDGE_DIR } from '../../../src/config/index.js';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';

let dir: string;
let index: LocalIndex;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumen-sample-synonyms-'));
  index = LocalIndex.open(join(dir, 'lumen.db'));
});

afterEach(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ingesting the sample knowledge folder', () => {
  it('indexes the documents but not the company synonyms file beside them', async () => {
    expect(existsSync(join(SAMPLE_KNOWLEDGE_DIR, 'synonyms.txt'))).toBe(true);
    const summary = await ingestFolder(index, SAMPLE_KNOWLEDGE_DIR);
    expect(summary.added).toBeGreaterThan(20);
    expect(summary.skipped).toEqual([]);
    const paths = (await index.listDocuments('folder:')).map((document) => document.path);
    expect(paths).toContain('faq/glossary.md');
    expect(paths).not.toContain('synonyms.txt');
    expect(await index.getDocument('folder:synonyms.txt')).toBeUndefined();
    // Words only the thesaurus has find nothing.
    const hits = await index.search({ text: 'hris authenticator app', principals: ['everyone'], top: 5 });
    expect(hits.map((hit) => hit.chunk.documentId)).not.toContain('folder:synonyms.txt');
  }, 60_000);
});
