import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLumen } from '../src/app/create-lumen.js';
import { loadConfig } from '../src/config/index.js';
import { type EvalResult, type EvalTotals, readQuestionSet, runEval } from '../src/eval/index.js';
import { ingestFolder } from '../src/knowledge/ingest-folder.js';
import { HANDBOOK_DIR, ZAVA_DIR } from './corpus.js';
import { heading, ms, report } from './stats.js';

/** The bar answers must clear on the Zava question set. */
export const ZAVA_BAR = { recallAt3: 0.62, citationsMatched: 0.6, unanswerableRefused: 1 };

/** Targets on the handbook development set (embedded default, no cloud). */
export const HANDBOOK_TARGETS = {
  answerableCorrect: 0.85,
  paraphrasedCorrect: 0.75,
  falseRefusals: 0.05,
  unanswerableRefused: 0.9,
  conversationsCorrect: 0.8,
};

const OUT_OF_CORPUS = resolve(import.meta.dirname, 'quality/out-of-corpus.jsonl');

/** Indexes a folder into a throwaway data directory and evaluates question files against it. */
export async function evaluateCorpus(
  docs: string,
  questionFiles: string[],
): Promise<{ results: EvalResult[]; totals: EvalTotals }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-bench-quality-'));
  const lumen = await createLumen(loadConfig({ LUMEN_DATA_DIR: dataDir, LUMEN_RATE_LIMIT_PER_MINUTE: '0' }));
  try {
    await ingestFolder(lumen.index, docs);
    const questions = (await Promise.all(questionFiles.map(readQuestionSet))).flat();
    return await runEval(lumen.copilot, lumen.store.turns, questions);
  } finally {
    await lumen.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Answer quality on the public Zava corpus, through the real ask pipeline with the
 * embedded defaults: page-level recall of the truth citations, citations matched, and
 * refusal of questions whose answer is not in the corpus. Returns false below the bar.
 */
export async function benchZava(): Promise<boolean> {
  heading('Answer quality on the Zava question set (local index + extractive answerer)');
  if (!existsSync(join(ZAVA_DIR, 'ground_truth.jsonl'))) {
    report('Zava corpus', `not found at ${ZAVA_DIR}; quality not measured`);
    return false;
  }
  const { totals } = await evaluateCorpus(join(ZAVA_DIR, 'docs'), [
    join(ZAVA_DIR, 'ground_truth.jsonl'),
    OUT_OF_CORPUS,
  ]);
  const f = (n: number) => n.toFixed(3);
  report(
    'questions',
    `${totals.answerable} in the corpus, ${totals.questions - totals.answerable} not in it`,
  );
  report(
    'page-level recall@1 / @3 / @5',
    `${f(totals.recallAt1)} / ${f(totals.recallAt3)} / ${f(totals.recallAt5)}`,
  );
  report('citations_matched (reference: 0.52)', f(totals.citationsMatched));
  report('any_citation (reference: 0.98)', f(totals.anyCitation));
  report('out-of-corpus questions refused', f(totals.unanswerableRefused ?? 0));
  report('answer length p50 / p90', `${totals.answerCharsP50} / ${totals.answerCharsP90} characters`);
  report('latency p50 / p95', `${ms(totals.latencyP50Ms)} / ${ms(totals.latencyP95Ms)}`);
  const passed =
    totals.recallAt3 >= ZAVA_BAR.recallAt3 &&
    totals.citationsMatched >= ZAVA_BAR.citationsMatched &&
    (totals.unanswerableRefused ?? 0) >= ZAVA_BAR.unanswerableRefused;
  report('Bar (recall@3 ≥ 0.62, citations_matched ≥ 0.60, all refused)', passed ? 'met' : 'NOT met');
  return passed;
}

/**
 * Answers on the handbook development set: questions phrased as employees type them
 * (easy, paraphrased, precise, typo, unanswerable) and follow-up conversations, each
 * answer checked for the facts it must hold.
 */
export async function benchHandbook(): Promise<boolean> {
  heading('Answers on the handbook development set (local index + extractive answerer)');
  if (!existsSync(join(HANDBOOK_DIR, 'questions.jsonl'))) {
    report('handbook set', `not found at ${HANDBOOK_DIR}; not measured`);
    return false;
  }
  const { results, totals } = await evaluateCorpus(join(HANDBOOK_DIR, 'corpus'), [
    join(HANDBOOK_DIR, 'questions.jsonl'),
    join(HANDBOOK_DIR, 'followups.jsonl'),
  ]);
  const f = (n: number) => `${(n * 100).toFixed(1)}%`;
  const single = results.filter((r) => r.previousTurns.length === 0 && !r.expectAbstain);
  const para = totals.byKind.para;
  const paraphrased = para ? para.correct / para.questions : 0;
  const answerableSingle = single.length ? single.filter((r) => r.correct).length / single.length : 0;
  for (const [kind, k] of Object.entries(totals.byKind)) {
    report(`  ${kind}`, `${k.correct}/${k.questions} correct${k.refused ? `, ${k.refused} refused` : ''}`);
  }
  report('answerable questions correct (target ≥ 85%)', f(answerableSingle));
  report('paraphrased correct (target ≥ 75%)', f(paraphrased));
  report('answerable refused (target ≤ 5%)', f(totals.falseRefusals));
  report('unanswerable refused (target ≥ 90%)', f(totals.unanswerableRefused ?? 0));
  report('follow-up conversations correct (target ≥ 80%)', f(totals.conversationsCorrect ?? 0));
  report('answers citing a page besides the expected ones', String(totals.answersWithOffSourceCitations));
  report('answer length p50 / p90', `${totals.answerCharsP50} / ${totals.answerCharsP90} characters`);
  report('injection alarms (target 0)', String(totals.injectionAlarms));
  report('latency p50 / p95 (target p95 < 50 ms)', `${ms(totals.latencyP50Ms)} / ${ms(totals.latencyP95Ms)}`);
  const met =
    answerableSingle >= HANDBOOK_TARGETS.answerableCorrect &&
    paraphrased >= HANDBOOK_TARGETS.paraphrasedCorrect &&
    totals.falseRefusals <= HANDBOOK_TARGETS.falseRefusals &&
    (totals.unanswerableRefused ?? 0) >= HANDBOOK_TARGETS.unanswerableRefused &&
    (totals.conversationsCorrect ?? 0) >= HANDBOOK_TARGETS.conversationsCorrect;
  report('Targets', met ? 'met' : 'NOT all met');
  return met;
}

/** Both question sets. */
export async function benchQuality(): Promise<boolean> {
  const zava = await benchZava();
  const handbook = await benchHandbook();
  return zava && handbook;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await benchQuality()) ? 0 : 1;
