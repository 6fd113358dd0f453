import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KnowledgeIndex, Store } from '../src/core/ports.js';
import { LocalIndex } from '../src/knowledge/index/local/index.js';
import { ConfluenceClient } from '../src/knowledge/sources/confluence/confluence-client.js';
import { ConfluenceSource } from '../src/knowledge/sources/confluence/confluence-source.js';
import { createGraphClient } from '../src/knowledge/sources/sharepoint/graph-client.js';
import { SharePointSource } from '../src/knowledge/sources/sharepoint/sharepoint-source.js';
import { syncConfluence } from '../src/knowledge/sync/confluence-sync.js';
import { syncSharePoint } from '../src/knowledge/sync/sharepoint-sync.js';
import type { SyncReport } from '../src/knowledge/sync/sync-report.js';
import { openStore } from '../src/store/index.js';
import { ManualClock } from '../test/helpers/builders.js';
import { CONFLUENCE_TEST_AUTH, ConfluenceStandIn } from '../test/helpers/confluence-stand-in.js';
import { GRAPH_TEST_TOKEN, GraphStandIn, organizationLink } from '../test/helpers/graph-stand-in.js';
import { policySentences, seededRandom } from './corpus.js';
import { heading, report } from './stats.js';

const CHANGES = 10;
let quiet = false;

function show(name: string, value: string): void {
  if (!quiet) report(name, value);
}

/**
 * Syncs against the local Graph and Confluence stand-ins (real HTTP, real Graph client,
 * real local index): documents per second for a full crawl, then an incremental sync with
 * no changes and one with a few, at two corpus sizes, with the source calls each made.
 */
export async function benchConnectors(sizes: number[] = [300, 1_500]): Promise<void> {
  heading('Connectors (local Graph and Confluence stand-ins over HTTP, local index)');
  // A small unreported round first, so the first figures do not include warming up.
  quiet = true;
  await benchSharePoint(50);
  await benchConfluence(50);
  quiet = false;
  for (const size of sizes) await benchSharePoint(size);
  for (const size of sizes) await benchConfluence(size);
}

async function withIndex<T>(run: (index: KnowledgeIndex, store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-connectors-'));
  const store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
  const index = LocalIndex.open(join(dir, 'lumen.db'));
  try {
    return await run(index, store);
  } finally {
    await index.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSharePoint(size: number): Promise<void> {
  const graph = new GraphStandIn();
  await graph.start();
  graph.pageSize = 200;
  const drive = graph.addDrive('Documents');
  const text = documentText(size);
  const ids = Array.from({ length: size }, (_, i) =>
    graph.putFile(drive, `policy-${i}.md`, text(i), [organizationLink()]),
  );
  try {
    await withIndex(async (index, store) => {
      const source = new SharePointSource(
        createGraphClient({ baseUrl: graph.graphUrl, getToken: async () => GRAPH_TEST_TOKEN }),
        { graphUrl: graph.graphUrl },
      );
      const sync = () =>
        syncSharePoint({
          source,
          index,
          state: store.sourceSync,
          sites: ['https://contoso.sharepoint.com/sites/hr'],
          clock: new ManualClock(),
        });
      await measure(`SharePoint ${size} files`, graph.requests, sync, ids, (i) =>
        graph.putFile(drive, `policy-${i}.md`, `${text(i)}\n\nRevised ${Date.now()}.`, [organizationLink()]),
      );
    });
  } finally {
    await graph.stop();
  }
}

async function benchConfluence(size: number): Promise<void> {
  const wiki = new ConfluenceStandIn();
  await wiki.start();
  wiki.addGroup('g-staff', 'confluence-users');
  wiki.addSpace('ENG', [{ type: 'group', id: 'g-staff' }]);
  const text = documentText(size);
  const ids = Array.from({ length: size }, (_, i) => wiki.putPage('ENG', `Policy ${i}`, toHtml(text(i))));
  try {
    await withIndex(async (index, store) => {
      const source = new ConfluenceSource(
        new ConfluenceClient({ baseUrl: wiki.url, auth: { kind: 'cloud', ...CONFLUENCE_TEST_AUTH } }),
      );
      const clock = new ManualClock();
      const sync = () =>
        syncConfluence({
          source,
          index,
          state: store.sourceSync,
          spaces: ['ENG'],
          clock,
          idPassIntervalMs: 24 * 3600_000,
        });
      await measure(`Confluence ${size} pages`, wiki.requests, sync, ids, (i) =>
        wiki.putPage('ENG', `Policy ${i}`, `${toHtml(text(i))}<p>Revised.</p>`, { id: ids[i]! }),
      );
    });
  } finally {
    await wiki.stop();
  }
}

async function measure<I>(
  label: string,
  requests: readonly object[],
  sync: () => Promise<SyncReport>,
  ids: I[],
  change: (i: number) => void,
): Promise<void> {
  const full = await timed(requests, sync);
  show(
    `${label}: full crawl`,
    `${((full.report.added / full.ms) * 1000).toFixed(0)} docs/s (${(full.ms / 1000).toFixed(2)} s, ${full.calls} calls)`,
  );
  const idle = await timed(requests, sync);
  show(
    `${label}: incremental, no change`,
    `${idle.ms.toFixed(0)} ms, ${idle.calls} calls, ${idle.report.unchanged} re-listed`,
  );
  for (let i = 0; i < CHANGES; i++) change(Math.floor((i * ids.length) / CHANGES));
  const some = await timed(requests, sync);
  show(
    `${label}: incremental, ${CHANGES} changed`,
    `${some.ms.toFixed(0)} ms, ${some.calls} calls, ${some.report.updated} updated`,
  );
}

async function timed(requests: readonly object[], sync: () => Promise<SyncReport>) {
  const before = requests.length;
  const started = performance.now();
  const result = await sync();
  // HTTP calls made; requests inside a Graph `$batch` call are not calls of their own.
  const calls = requests.slice(before).filter((r) => !('batched' in r && r.batched)).length;
  return { report: result, ms: performance.now() - started, calls };
}

function documentText(seed: number): (i: number) => string {
  const sentences = policySentences();
  const random = seededRandom(seed);
  const bodies = Array.from({ length: 50 }, () =>
    Array.from({ length: 6 }, () => sentences[Math.floor(random() * sentences.length)]!).join(' '),
  );
  return (i) => `# Policy ${i}\n\n## Scope\n\n${bodies[i % 50]}\n\n## Details\n\n${bodies[(i * 7) % 50]}`;
}

function toHtml(markdown: string): string {
  return markdown
    .split('\n\n')
    .map((block) =>
      block.startsWith('## ')
        ? `<h2>${block.slice(3)}</h2>`
        : block.startsWith('# ')
          ? `<h1>${block.slice(2)}</h1>`
          : `<p>${block}</p>`,
    )
    .join('');
}

if (import.meta.url === `file://${process.argv[1]}`) await benchConnectors();
