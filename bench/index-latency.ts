import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk } from '../src/knowledge/document.js';
import { LocalIndex } from '../src/knowledge/index/local/index.js';
import { benchmarkQuestions, policySentences, seededRandom } from './corpus.js';
import { heading, ms, percentile, report } from './stats.js';

const CHUNKS_PER_DOCUMENT = 20;

/** Builds a local index of `size` synthetic policy chunks and times queries against it. */
export async function benchIndexLatency(sizes = [10_000, 100_000]): Promise<void> {
  heading('Local index query latency (SQLite FTS5 + re-ranking, ACL-filtered)');
  const sentences = policySentences();
  const questions = benchmarkQuestions();
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-index-'));
    try {
      const index = LocalIndex.open(join(dir, 'index.db'));
      const built = performance.now();
      await fill(index, size, sentences);
      const buildSeconds = (performance.now() - built) / 1000;
      index.warm();
      for (const question of questions.slice(0, 5)) await search(index, question);
      const timings: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const question of questions) {
          const started = performance.now();
          await search(index, question);
          timings.push(performance.now() - started);
        }
      }
      report(`${size.toLocaleString('en-US')} chunks: build`, `${buildSeconds.toFixed(1)} s`);
      report(
        `${size.toLocaleString('en-US')} chunks: query p50 / p95 (${timings.length} queries)`,
        `${ms(percentile(timings, 0.5))} / ${ms(percentile(timings, 0.95))}`,
      );
      await index.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function search(index: LocalIndex, text: string) {
  return index.search({ text, principals: ['everyone', 'user:bench@example.com'], top: 8 });
}

async function fill(index: LocalIndex, size: number, sentences: string[]): Promise<void> {
  const random = seededRandom(size);
  const pick = () => sentences[Math.floor(random() * sentences.length)]!;
  for (let d = 0; d * CHUNKS_PER_DOCUMENT < size; d++) {
    const documentId = `bench:doc-${d}`;
    const title = `${pick().split(' ').slice(0, 4).join(' ')} ${d}`;
    const acl = random() < 0.1 ? ['group:hr'] : ['everyone'];
    const chunks: Chunk[] = [];
    for (let c = 0; c < CHUNKS_PER_DOCUMENT && d * CHUNKS_PER_DOCUMENT + c < size; c++) {
      const text = Array.from({ length: 5 + Math.floor(random() * 5) }, pick).join(' ');
      chunks.push({
        id: `${documentId}#${c}`,
        documentId,
        source: 'folder',
        title,
        url: `/knowledge/doc-${d}.md`,
        location: `doc-${d}.md`,
        headingPath: [pick().split(' ').slice(0, 3).join(' ')],
        text,
        updatedAt: '2026-11-01T00:00:00.000Z',
        contentHash: `hash-${d}`,
        acl,
      });
    }
    await index.replaceDocument({ id: documentId, path: `doc-${d}.md`, hash: `hash-${d}`, acl }, chunks);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIndexLatency();

export { fill as fillBenchIndex };
