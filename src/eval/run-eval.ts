import { randomUUID } from 'node:crypto';
import type { Copilot, TurnRecord, TurnRepository } from '../core/index.js';
import { citationKey, type EvalQuestion } from './question-set.js';

/** What happened to one question. */
export interface EvalResult {
  question: string;
  expected: string[];
  abstained: boolean;
  expectAbstain: boolean;
  /** Distinct retrieved locations, best first. */
  retrieved: string[];
  cited: string[];
  recallAt: Record<1 | 3 | 5, number>;
  citationsMatched: number;
  latencyMs: number;
}

export interface EvalTotals {
  questions: number;
  /** Questions whose truth has citations (the ones retrieval is scored on). */
  answerable: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  citationsMatched: number;
  anyCitation: number;
  abstentionRate: number;
  /** Of the questions that must be abstained on, the share that were. */
  outOfCorpusAbstained: number | null;
  latencyP50Ms: number;
  latencyP95Ms: number;
}

/** Runs each question as a fresh conversation through the real core and scores it. */
export async function runEval(
  copilot: Copilot,
  turns: TurnRepository,
  questions: EvalQuestion[],
  onResult?: (result: EvalResult, index: number) => void,
): Promise<{ results: EvalResult[]; totals: EvalTotals }> {
  const results: EvalResult[] = [];
  for (const [i, q] of questions.entries()) {
    const started = performance.now();
    const reply = await copilot.handle({
      id: randomUUID(),
      channel: 'cli',
      user: { id: `eval-${i + 1}`, groups: [] },
      conversation: { id: randomUUID(), kind: 'direct' },
      text: q.question,
      receivedAt: new Date(),
    });
    const latencyMs = performance.now() - started;
    const record: TurnRecord | undefined = reply.turnId ? await turns.get(reply.turnId) : undefined;
    const retrieved = [...new Set((record?.retrieved ?? []).map((r) => citationKey(r.location)))];
    const cited = [...new Set(reply.citations.map((c) => citationKey(c.location)))];
    const expected = q.citations.map(citationKey);
    const recall = (k: number) =>
      expected.length === 0
        ? 0
        : expected.filter((e) => retrieved.slice(0, k).includes(e)).length / expected.length;
    const result: EvalResult = {
      question: q.question,
      expected,
      abstained: reply.kind !== 'answer',
      expectAbstain: q.expectAbstain,
      retrieved: retrieved.slice(0, 5),
      cited,
      recallAt: { 1: recall(1), 3: recall(3), 5: recall(5) },
      citationsMatched:
        expected.length === 0 ? 0 : expected.filter((e) => cited.includes(e)).length / expected.length,
      latencyMs,
    };
    results.push(result);
    onResult?.(result, i);
  }
  return { results, totals: totalsOf(results) };
}

function totalsOf(results: EvalResult[]): EvalTotals {
  const scored = results.filter((r) => r.expected.length > 0);
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const outOfCorpus = results.filter((r) => r.expectAbstain);
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  return {
    questions: results.length,
    answerable: scored.length,
    recallAt1: mean(scored.map((r) => r.recallAt[1])),
    recallAt3: mean(scored.map((r) => r.recallAt[3])),
    recallAt5: mean(scored.map((r) => r.recallAt[5])),
    citationsMatched: mean(scored.map((r) => r.citationsMatched)),
    anyCitation: mean(scored.map((r) => (r.cited.length > 0 ? 1 : 0))),
    abstentionRate: mean(results.map((r) => (r.abstained ? 1 : 0))),
    outOfCorpusAbstained: outOfCorpus.length ? mean(outOfCorpus.map((r) => (r.abstained ? 1 : 0))) : null,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
