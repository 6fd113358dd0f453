import { readQuestionSet } from '../../../eval/index.js';
import { runEval } from '../../../eval/run-eval.js';
import { requireIndexed, withLumen } from '../cli-context.js';

/** `lumen eval <questions.jsonl>`: score retrieval and citations of the real pipeline. */
export async function evalCommand(
  file: string,
  options: { dataDir?: string; json?: boolean; limit?: string },
) {
  const all = await readQuestionSet(file);
  const limit = options.limit ? Number.parseInt(options.limit, 10) : all.length;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit must be a positive whole number (got "${options.limit}")`);
  const questions = all.slice(0, limit);
  await withLumen(options, async (lumen) => {
    await requireIndexed(lumen);
    const { results, totals } = await runEval(lumen.copilot, lumen.store.turns, questions, (r, i) => {
      if (options.json) return;
      const mark = r.expectAbstain ? (r.abstained ? 'ok  ' : 'MISS') : r.recallAt[3] > 0 ? 'hit ' : 'miss';
      process.stdout.write(
        `${String(i + 1).padStart(3)} ${mark} ${r.abstained ? '(abstained) ' : ''}${r.question}\n` +
          `      expected: ${r.expected.join(', ') || '(abstain)'}\n      cited:    ${r.cited.join(', ') || '-'}\n`,
      );
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ totals, results }, null, 2)}\n`);
      return;
    }
    const f = (n: number) => n.toFixed(3);
    process.stdout.write(
      [
        '',
        `questions          ${totals.questions} (${totals.answerable} with cited truth)`,
        `recall@1           ${f(totals.recallAt1)}`,
        `recall@3           ${f(totals.recallAt3)}`,
        `recall@5           ${f(totals.recallAt5)}`,
        `citations_matched  ${f(totals.citationsMatched)}`,
        `any_citation       ${f(totals.anyCitation)}`,
        `abstention rate    ${f(totals.abstentionRate)}`,
        ...(totals.outOfCorpusAbstained === null
          ? []
          : [`out-of-corpus abstained ${f(totals.outOfCorpusAbstained)}`]),
        `latency p50 / p95  ${totals.latencyP50Ms.toFixed(1)} ms / ${totals.latencyP95Ms.toFixed(1)} ms`,
        '',
      ].join('\n'),
    );
  });
}
