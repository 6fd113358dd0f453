import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_KNOWLEDGE_DIR } from '../../../src/config/index.js';
import {
  AzureSearchIndex,
  lumenIndexDefinition,
  type SearchRecord,
  synonymMapName,
} from '../../../src/knowledge/index/azure/index.js';
import { loadCompanySynonyms, parseSynonymRules, toSolrText } from '../../../src/knowledge/synonyms/index.js';
import { AzureSearchStandIn, type SearchRequestRecord } from '../../helpers/azure-search-stand-in.js';
import { runNode } from '../../helpers/cli-process.js';
import { entryArgs } from '../../helpers/entry-points.js';

const INDEX = 'lumen-kb';
const MAP = 'lumen-kb-synonyms';
const DIMENSIONS = 16;
const TEXT_FIELDS = ['title', 'content', 'headingPath'];

const RULES = parseSynonymRules(
  '# Brightwater\nCompass, HR system\nacme\\, inc, acme\nOOO, out-of-office => out of office\n',
  'synonyms.txt',
);

/** Each field of an index definition the service received, with the synonym maps it references. */
function synonymMapsByField(request: SearchRequestRecord): Record<string, string[] | undefined> {
  const fields = request.body.fields as { name: string; synonymMaps?: string[] }[];
  return Object.fromEntries(fields.map((field) => [field.name, field.synonymMaps]));
}

describe('company synonyms on Azure AI Search', () => {
  let search: AzureSearchStandIn;

  beforeEach(async () => {
    search = await new AzureSearchStandIn().start();
  });
  afterEach(async () => {
    await search.stop();
  });

  function open() {
    const credential = new AzureKeyCredential('search-key');
    const clientOptions = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
    return new AzureSearchIndex({
      searchClient: new SearchClient<SearchRecord>(search.url, INDEX, credential, clientOptions),
      indexClient: new SearchIndexClient(search.url, credential, clientOptions),
    });
  }

  it('names the map after the index, within the 128 characters a name may have', () => {
    expect(synonymMapName(INDEX)).toBe(MAP);
    const long = synonymMapName(`${'a'.repeat(118)}-b-c`);
    expect(long).toHaveLength(127);
    expect(long).toMatch(/^a+-synonyms$/);
  });

  it('publishes the rules as a Solr synonym map before the index, whose text fields use it', async () => {
    await open().updateIndex(DIMENSIONS, { synonyms: RULES });
    const [map, index] = search.requests;
    expect(map).toMatchObject({ method: 'PUT', path: `/synonymmaps('${MAP}')` });
    expect(map!.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(map!.headers['api-key']).toBe('search-key');
    // The wire format: one string, one rule a line.
    expect(map!.body).toMatchObject({
      name: MAP,
      format: 'solr',
      synonyms: 'compass, hr system\nacme\\, inc, acme\nooo, out-of-office => out of office',
    });
    expect(index).toMatchObject({ method: 'PUT', path: `/indexes('${INDEX}')` });
    const referenced = synonymMapsByField(index!);
    for (const field of TEXT_FIELDS) expect(referenced[field]).toEqual([MAP]);
    const others = Object.entries(referenced).filter(([name]) => !TEXT_FIELDS.includes(name));
    expect(others.length).toBeGreaterThan(10);
    for (const [, maps] of others) expect(maps ?? []).toEqual([]);
    // What the service stores reads back as the same rules.
    const stored = search.synonymMaps.get(MAP)!;
    expect(parseSynonymRules(stored.synonyms, 'stored')).toEqual(RULES);
    expect(stored.synonyms).toBe(toSolrText(RULES));
  });

  it('creates the map and the index with create, and references no map without rules', async () => {
    await open().createIndex(DIMENSIONS, { synonyms: RULES });
    expect(search.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /synonymmaps('${MAP}')`,
      'POST /indexes',
    ]);
    expect(synonymMapsByField(search.requests[1]!).content).toEqual([MAP]);

    const other = new AzureSearchStandIn();
    await other.start();
    try {
      const credential = new AzureKeyCredential('search-key');
      const clientOptions = { allowInsecureConnection: true, retryOptions: { maxRetries: 0 } };
      const index = new AzureSearchIndex({
        searchClient: new SearchClient<SearchRecord>(other.url, INDEX, credential, clientOptions),
        indexClient: new SearchIndexClient(other.url, credential, clientOptions),
      });
      await index.createIndex(DIMENSIONS);
      expect(other.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /indexes']);
      for (const maps of Object.values(synonymMapsByField(other.requests[0]!)))
        expect(maps ?? []).toEqual([]);
    } finally {
      await other.stop();
    }
  });

  it('replaces the map with the current rules on update, and stops referencing it when they are gone', async () => {
    const index = open();
    await index.updateIndex(DIMENSIONS, { synonyms: RULES });
    await index.updateIndex(DIMENSIONS, { synonyms: RULES.slice(0, 1) });
    expect(search.synonymMaps.get(MAP)!.synonyms).toBe('compass, hr system');
    expect(synonymMapsByField(search.requests.at(-1)!).title).toEqual([MAP]);

    const before = search.requests.length;
    await index.updateIndex(DIMENSIONS, { synonyms: [] });
    const after = search.requests.slice(before);
    expect(after.map((r) => `${r.method} ${r.path}`)).toEqual([`PUT /indexes('${INDEX}')`]);
    for (const maps of Object.values(synonymMapsByField(after[0]!))) expect(maps ?? []).toEqual([]);
    expect(await index.check()).toMatchObject({ ok: true });
  });

  it('is refused by the service when an index references a map that does not exist', async () => {
    const indexClient = new SearchIndexClient(search.url, new AzureKeyCredential('search-key'), {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    await expect(
      indexClient.createOrUpdateIndex(
        lumenIndexDefinition(INDEX, { dimensions: DIMENSIONS, synonymMapName: MAP }),
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(search.indexes.has(INDEX)).toBe(false);
  });
});

describe('lumen index update with company synonyms', () => {
  let search: AzureSearchStandIn;
  let dir: string;

  beforeAll(async () => {
    search = await new AzureSearchStandIn().start();
    dir = await mkdtemp(join(tmpdir(), 'lumen-synonyms-cli-'));
  });
  afterAll(async () => {
    await search.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Runs the real CLI against the stand-in, with only the settings given. */
  function lumen(args: string[], env: Record<string, string>) {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const name of Object.keys(childEnv)) {
      if (name.startsWith('LUMEN_') || name.startsWith('AZURE_') || name === 'DATABASE_URL')
        delete childEnv[name];
    }
    Object.assign(childEnv, {
      LUMEN_DATA_DIR: join(dir, 'data'),
      AZURE_SEARCH_ENDPOINT: search.url,
      AZURE_SEARCH_API_KEY: 'search-key',
      AZURE_SEARCH_INDEX: INDEX,
      AZURE_SEARCH_EMBEDDING_DIMENSIONS: String(DIMENSIONS),
      ...env,
    });
    return runNode([...entryArgs('channels/cli/main'), ...args], { env: childEnv });
  }

  it("publishes the knowledge folder's synonyms.txt and points the index at it", async () => {
    const run = await lumen(['index', 'update'], { LUMEN_KNOWLEDGE_DIR: SAMPLE_KNOWLEDGE_DIR });
    expect(run.code, run.stderr).toBe(0);
    const sample = await loadCompanySynonyms(join(SAMPLE_KNOWLEDGE_DIR, 'synonyms.txt'));
    expect(run.stdout).toContain(
      `Updated index ${INDEX} on ${search.url} (${DIMENSIONS} dimensions; no embedding deployment set: keyword and semantic search only; synonym map ${MAP} with ${sample.length} rules from ${join(SAMPLE_KNOWLEDGE_DIR, 'synonyms.txt')}).`,
    );
    expect(search.synonymMaps.get(MAP)).toEqual({ name: MAP, format: 'solr', synonyms: toSolrText(sample) });
    expect(search.synonymMaps.get(MAP)!.synonyms).toContain('compass, hr system, hris, hr portal');
    const definition = search.indexes.get(INDEX)!.definition;
    expect(synonymMapsByField({ body: definition } as SearchRequestRecord).content).toEqual([MAP]);
  }, 60_000);

  it('stops at a mistake in the file, naming its line, before changing anything', async () => {
    const file = join(dir, 'company-synonyms.txt');
    await writeFile(file, 'pto, paid time off\nbrightflex =>\n');
    const before = search.requests.length;
    const run = await lumen(['index', 'update'], { LUMEN_SYNONYMS_FILE: file });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}:2: nothing after "=>"`);
    expect(search.requests.length).toBe(before);
  }, 60_000);

  it('prints the definition with the synonym map referenced on a dry run, without sending it', async () => {
    const file = join(dir, 'words.txt');
    await writeFile(file, 'wfh, remote work\n');
    const before = search.requests.length;
    const run = await lumen(['index', 'create', '--dry-run'], { LUMEN_SYNONYMS_FILE: file });
    expect(run.code, run.stderr).toBe(0);
    const definition = JSON.parse(run.stdout) as { fields: { name: string; synonymMapNames?: string[] }[] };
    expect(definition.fields.find((f) => f.name === 'title')?.synonymMapNames).toEqual([MAP]);
    expect(run.stderr).toContain(`it would also publish synonym map ${MAP} with 1 rule from ${file}`);
    expect(search.requests.length).toBe(before);
  }, 60_000);
});
