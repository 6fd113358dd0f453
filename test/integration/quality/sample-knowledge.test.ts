import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLumen, type Lumen } from '../../../src/app/create-lumen.js';
import { loadConfig, SAMPLE_KNOWLEDGE_DIR } from '../../../src/config/index.js';
import { type EvalResult, type EvalTotals, readQuestionSet, runEval } from '../../../src/eval/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';

const QUESTIONS = resolve(import.meta.dirname, '../../../bench/quality/sample-questions.jsonl');

describe('answer quality on the sample knowledge base, through the whole ask pipeline', () => {
  let dataDir: string;
  let lumen: Lumen;
  let totals: EvalTotals;
  let results: EvalResult[];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lumen-quality-'));
    lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir }), { scratchStore: true });
    await ingestFolder(lumen.index, SAMPLE_KNOWLEDGE_DIR);
    ({ totals, results } = await runEval(lumen.copilot, lumen.store.turns, await readQuestionSet(QUESTIONS)));
  });

  afterAll(async () => {
    await lumen?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds the document that answers nearly every question among the top three', () => {
    expect(totals.answerable).toBe(30);
    expect(totals.recallAt3).toBeGreaterThanOrEqual(0.9);
  });

  it('cites the right document in most answers', () => {
    expect(totals.anyCitation).toBeGreaterThanOrEqual(0.85);
    expect(totals.citationsMatched).toBeGreaterThanOrEqual(0.75);
  });

  it('abstains on every question the documents do not answer', () => {
    const answered = results.filter((r) => r.expectAbstain && !r.abstained).map((r) => r.question);
    expect(answered).toEqual([]);
    expect(totals.unanswerableRefused).toBe(1);
  });
});
