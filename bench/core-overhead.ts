import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChannelMessenger, OutboxMessenger } from '../src/channels/outbox-messenger.js';
import { createCopilot } from '../src/core/index.js';
import type { ChatModel, KnowledgeIndex, SearchHit } from '../src/core/ports.js';
import { systemClock } from '../src/core/ports.js';
import type { Chunk } from '../src/knowledge/document.js';
import { ExtractiveModel } from '../src/llm/extractive/index.js';
import { openStore } from '../src/store/index.js';
import { policySentences } from './corpus.js';
import { heading, ms, percentile, report } from './stats.js';

const QUESTIONS = 500;

/**
 * Time one question spends in the core besides retrieval: follow-up handling, evidence
 * check, answer writing, citation checks, storing the turn and its audit record (SQLite).
 * Retrieval is an index that answers at once with the same eight chunks.
 */
export async function benchCoreOverhead(): Promise<void> {
  heading(`Core overhead per question, retrieval excluded (${QUESTIONS} questions, SQLite store)`);
  const sentences = policySentences();
  const hits: SearchHit[] = Array.from({ length: 8 }, (_, i) => ({
    chunk: chunk(i, sentences.slice(i * 6, i * 6 + 6).join(' ')),
    score: 1 - i / 10,
    coverage: 0.9,
  }));
  const questions = sentences.slice(0, QUESTIONS).map((s) => `What does the policy say: ${s}?`);
  const instant: ChatModel = {
    name: 'instant',
    answer: async () => ({ text: 'Done [1].', abstained: false, model: 'instant', promptVersion: 'none' }),
    check: async () => ({ name: 'model', ok: true, detail: 'instant' }),
  };
  for (const [label, model] of [
    ['with an instant model', instant],
    ['with the extractive answerer', new ExtractiveModel()],
  ] as const) {
    const timings = await timeQuestions(questions, hits, model);
    report(label, `p50 ${ms(percentile(timings, 0.5))}, p95 ${ms(percentile(timings, 0.95))}`);
  }
}

async function timeQuestions(questions: string[], hits: SearchHit[], model: ChatModel): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-core-'));
  const store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
  try {
    const outbox = new OutboxMessenger(store.outbox, systemClock);
    const copilot = createCopilot({
      index: instantIndex(hits),
      model,
      store,
      messenger: new ChannelMessenger({ web: outbox, cli: outbox }),
    });
    const timings: number[] = [];
    for (const [i, text] of questions.entries()) {
      const started = performance.now();
      await copilot.handle({
        id: randomUUID(),
        channel: 'web',
        user: { id: `user-${i % 50}` },
        conversation: { id: `conversation-${i % 50}`, kind: 'direct' },
        text,
        receivedAt: new Date(),
      });
      timings.push(performance.now() - started);
    }
    return timings.slice(20);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function instantIndex(hits: SearchHit[]): KnowledgeIndex {
  const none = async () => {
    throw new Error('not used by the benchmark');
  };
  return {
    name: 'instant',
    search: async () => hits,
    replaceDocument: none,
    deleteDocuments: none,
    listDocuments: none,
    getDocument: none,
    stats: none,
    check: async () => ({ name: 'index', ok: true, detail: 'instant' }),
    close: async () => {},
  };
}

function chunk(i: number, text: string): Chunk {
  return {
    id: `bench:${i}#0`,
    documentId: `bench:${i}`,
    source: 'folder',
    title: `Policy ${i}`,
    url: `/knowledge/policy-${i}.md`,
    location: `policy-${i}.md`,
    headingPath: [],
    text,
    updatedAt: '2026-11-01T00:00:00.000Z',
    contentHash: `hash-${i}`,
    acl: ['everyone'],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCoreOverhead();
