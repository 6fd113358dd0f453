import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLumen } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { type EvalTotals, readQuestionSet, runEval } from '../src/eval/index.js';
import { ingestFolder } from '../src/knowledge/ingest-folder.js';
import { ZAVA_DIR } from './corpus.js';
import { heading, ms, report } from './stats.js';

/** The bar answers must clear on the Zava question set. */
export const QUALITY_BAR = { recallAt3: 0.55, citationsMatched: 0.55, outOfCorpusAbstained: 1 };

const OUT_OF_CORPUS = resolve(import.meta.dirname, 'quality/out-of-corpus.jsonl');

/**
 * Answer quality on the public Zava corpus, through the real ask pipeline with the
 * embedded defaults: page-level recall of the truth citations, citations matched, and
 * abstention on questions whose answer is not in the corpus. Returns false below the bar.
 */
export async function benchQuality(): Promise<boolean> {
  heading('Answer quality on the Zava question set (local index + extractive answerer)');
  if (!existsSync(join(ZAVA_DIR, 'ground_truth.jsonl'))) {
    report('Zava corpus', `not found at ${ZAVA_DIR}; quality not measured`);
    return false;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-bench-quality-'));
  const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir }));
  try {
    await ingestFolder(lumen.index, join(ZAVA_DIR, 'docs'));
    const inCorpus = await readQuestionSet(join(ZAVA_DIR, 'ground_truth.jsonl'));
    const outOfCorpus = await readQuestionSet(OUT_OF_CORPUS);
    const { totals } = await runEval(lumen.copilot, lumen.store.turns, [...inCorpus, ...outOfCorpus]);
    printTotals(totals, inCorpus.length, outOfCorpus.length);
    const passed =
      totals.recallAt3 >= QUALITY_BAR.recallAt3 &&
      totals.citationsMatched >= QUALITY_BAR.citationsMatched &&
      (totals.outOfCorpusAbstained ?? 0) >= QUALITY_BAR.outOfCorpusAbstained;
    report(
      'Bar (recall@3 ≥ 0.55, citations_matched ≥ 0.55, all negatives abstained)',
      passed ? 'met' : 'NOT met',
    );
    return passed;
  } finally {
    await lumen.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printTotals(totals: EvalTotals, inCorpus: number, outOfCorpus: number): void {
  const f = (n: number) => n.toFixed(3);
  report('questions', `${inCorpus} in the corpus, ${outOfCorpus} not in it`);
  report(
    'page-level recall@1 / @3 / @5',
    `${f(totals.recallAt1)} / ${f(totals.recallAt3)} / ${f(totals.recallAt5)}`,
  );
  report('citations_matched (reference: 0.52)', f(totals.citationsMatched));
  report('any_citation (reference: 0.98)', f(totals.anyCitation));
  report('out-of-corpus questions abstained', f(totals.outOfCorpusAbstained ?? 0));
  report('latency p50 / p95', `${ms(totals.latencyP50Ms)} / ${ms(totals.latencyP95Ms)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await benchQuality()) ? 0 : 1;
