import { type EvalResult, type EvalTotals, readQuestionSet } from '../../../eval/index.js';
import { runEval } from '../../../eval/run-eval.js';
import { requireIndexed, withLumen } from '../cli-context.js';

/**
 * `lumen eval <questions.jsonl>`: runs every item through the real pipeline and scores
 * answers, refusals, citations and retrieval. Turns are kept in a temporary store, so the
 * evaluation never shows up in feedback reports or the admin page.
 */
export async function evalCommand(
  file: string,
  options: { dataDir?: string; json?: boolean; limit?: string },
) {
  const all = await readQuestionSet(file);
  const limit = options.limit ? Number.parseInt(options.limit, 10) : all.length;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`--limit must be a positive whole number (got "${options.limit}")`);
  const questions = all.slice(0, limit);
  await withLumen({ ...options, scratchStore: true }, async (lumen) => {
    await requireIndexed(lumen);
    const { results, totals } = await runEval(lumen.copilot, lumen.store.turns, questions, (r, i) => {
      if (!options.json) process.stdout.write(describeResult(r, i));
    });
    process.stdout.write(
      options.json ? `${JSON.stringify({ totals, results }, null, 2)}\n` : describeTotals(totals),
    );
  });
}

/** One item's verdict, what was expected and what was cited. */
export function describeResult(r: EvalResult, i: number): string {
  const verdict = r.expectAbstain
    ? r.abstained
      ? 'refused (right)'
      : 'ANSWERED (should refuse)'
    : r.abstained
      ? 'REFUSED'
      : r.correct
        ? 'correct'
        : 'WRONG';
  const lines = [
    `${String(i + 1).padStart(3)} ${r.id}${r.kind ? ` [${r.kind}]` : ''} ${verdict}: ${r.question}`,
    ...r.previousTurns.map((t) => `      after:    ${t}`),
    `      expected: ${r.expected.join(', ') || '(refusal)'}`,
    `      cited:    ${r.cited.join(', ') || '-'}`,
    ...(r.missingFacts.length > 0 && !r.abstained ? [`      missing:  ${r.missingFacts.join(' ; ')}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The run's figures, overall and per kind of question. */
export function describeTotals(totals: EvalTotals): string {
  const f = (n: number) => n.toFixed(3);
  const kinds = Object.entries(totals.byKind).map(
    ([kind, k]) =>
      `  ${kind.padEnd(16)} ${k.correct}/${k.questions} correct${k.refused ? `, ${k.refused} refused` : ''}`,
  );
  return [
    '',
    `items              ${totals.questions} (${totals.answerable} answerable)`,
    `answerable correct ${f(totals.answerableCorrect)}`,
    `false refusals     ${f(totals.falseRefusals)}`,
    ...(totals.unanswerableRefused === null ? [] : [`unanswerable refused ${f(totals.unanswerableRefused)}`]),
    ...(totals.conversationsCorrect === null
      ? []
      : [`conversations correct ${f(totals.conversationsCorrect)} (${totals.conversations})`]),
    'by kind:',
    ...kinds,
    `hit rate           ${f(totals.hitRate)}  (answered, citing an expected source)`,
    `citations_matched  ${f(totals.citationsMatched)}`,
    `any_citation       ${f(totals.anyCitation)}`,
    `recall@1 / @3 / @5 ${f(totals.recallAt1)} / ${f(totals.recallAt3)} / ${f(totals.recallAt5)}  (retrieval)`,
    `abstention rate    ${f(totals.abstentionRate)}`,
    `off-source answers ${totals.answersWithOffSourceCitations}  (citing a page besides the expected ones)`,
    `injection alarms   ${totals.injectionAlarms}`,
    `answer length p50 / p90 ${totals.answerCharsP50} / ${totals.answerCharsP90} characters`,
    `latency p50 / p95  ${totals.latencyP50Ms.toFixed(1)} ms / ${totals.latencyP95Ms.toFixed(1)} ms`,
    '',
  ].join('\n');
}
