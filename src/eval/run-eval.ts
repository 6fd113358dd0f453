import { randomUUID } from 'node:crypto';
import type { Copilot, Reply, TurnRecord, TurnRepository } from '../core/index.js';
import { type EvalQuestion, isSource } from './question-set.js';

/** What happened to one question (or the last turn of one conversation). */
export interface EvalResult {
  id: string;
  kind?: string;
  question: string;
  /** Earlier turns of a conversation, when the item is one. */
  previousTurns: string[];
  answer: string;
  expected: string[];
  abstained: boolean;
  expectAbstain: boolean;
  /** Distinct retrieved locations, best first. */
  retrieved: string[];
  cited: string[];
  recallAt: Record<1 | 3 | 5, number>;
  /** Share of the expected sources among the cited ones. */
  citationsMatched: number;
  /** Answered (not abstained) and citing at least one expected source. */
  hit: boolean;
  /** The regular expressions of `facts` the answer does not match. */
  missingFacts: string[];
  /**
   * The verdict: an answerable item is correct when answered with every fact present (and,
   * for a set without facts, an expected source cited); an unanswerable one when refused.
   */
  correct: boolean;
  /** Cited locations that are none of the expected sources. */
  offSourceCitations: string[];
  /** Guardrail flags the turn raised (e.g. `source:role_play`). */
  guardrailFlags: string[];
  latencyMs: number;
}

/** Counts for one kind of question. */
export interface KindTotals {
  questions: number;
  correct: number;
  /** Answerable questions refused. */
  refused: number;
}

export interface EvalTotals {
  questions: number;
  /** Items whose sources answer them (the ones retrieval and answers are scored on). */
  answerable: number;
  /** Share of answerable items answered correctly. */
  answerableCorrect: number;
  /** Share of answerable items refused. */
  falseRefusals: number;
  /** Of the items that must be refused, the share that were; null when there are none. */
  unanswerableRefused: number | null;
  /** Conversations (items of several turns) and the share whose last answer was correct. */
  conversations: number;
  conversationsCorrect: number | null;
  byKind: Record<string, KindTotals>;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  citationsMatched: number;
  anyCitation: number;
  /** Share of answerable items answered with an expected source cited. */
  hitRate: number;
  abstentionRate: number;
  /** Answers citing a page besides the expected ones. */
  answersWithOffSourceCitations: number;
  /** Items whose turn raised a prompt-injection flag. */
  injectionAlarms: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** Characters of the answers given (refusals left out), median and 90th percentile: what a reader wades through. */
  answerCharsP50: number;
  answerCharsP90: number;
}

/**
 * Runs each item as a fresh conversation through the real core (every turn of a
 * conversation in order, scoring the last) and scores it. Give it a copilot whose store is
 * not the one employees' analytics read: evaluation questions are not employee questions.
 */
export async function runEval(
  copilot: Copilot,
  turns: TurnRepository,
  questions: EvalQuestion[],
  onResult?: (result: EvalResult, index: number) => void,
): Promise<{ results: EvalResult[]; totals: EvalTotals }> {
  const results: EvalResult[] = [];
  for (const [i, q] of questions.entries()) {
    const user = { id: `eval-${i + 1}`, groups: [] };
    const conversation = { id: randomUUID(), kind: 'direct' as const };
    let reply: Reply | undefined;
    let latencyMs = 0;
    for (const text of q.turns) {
      const started = performance.now();
      reply = await copilot.handle({
        id: randomUUID(),
        channel: 'cli',
        user,
        conversation,
        text,
        receivedAt: new Date(),
      });
      latencyMs = performance.now() - started;
    }
    const record: TurnRecord | undefined = reply?.turnId ? await turns.get(reply.turnId) : undefined;
    const result = scoreItem(q, reply!, record, latencyMs);
    results.push(result);
    onResult?.(result, i);
  }
  return { results, totals: totalsOf(results) };
}

/** Scores one answer against its item. */
export function scoreItem(
  q: EvalQuestion,
  reply: Pick<Reply, 'kind' | 'text' | 'citations'>,
  record: Pick<TurnRecord, 'retrieved' | 'guardrailFlags'> | undefined,
  latencyMs: number,
): EvalResult {
  const abstained = reply.kind !== 'answer' || reply.citations.length === 0;
  const retrieved = [...new Set((record?.retrieved ?? []).map((r) => r.location))];
  const cited = abstained ? [] : [...new Set(reply.citations.map((c) => c.location))];
  const expected = q.citations;
  const found = (locations: string[]) => expected.filter((e) => locations.some((l) => isSource(e, l)));
  const recall = (k: number) =>
    expected.length === 0 ? 0 : found(retrieved.slice(0, k)).length / expected.length;
  const answer = abstained ? '' : reply.text;
  const hit = !abstained && found(cited).length > 0;
  const missingFacts = q.facts.filter((fact) => !new RegExp(fact, 'i').test(answer));
  const correct = q.expectAbstain
    ? abstained
    : !abstained && (q.facts.length > 0 ? missingFacts.length === 0 : hit);
  return {
    id: q.id,
    ...(q.kind ? { kind: q.kind } : {}),
    question: q.question,
    previousTurns: q.turns.slice(0, -1),
    answer: reply.text,
    expected,
    abstained,
    expectAbstain: q.expectAbstain,
    retrieved: retrieved.slice(0, 5),
    cited,
    recallAt: { 1: recall(1), 3: recall(3), 5: recall(5) },
    citationsMatched: expected.length === 0 ? 0 : found(cited).length / expected.length,
    hit,
    missingFacts,
    correct,
    offSourceCitations:
      expected.length === 0 ? [] : cited.filter((c) => !expected.some((e) => isSource(e, c))),
    guardrailFlags: record?.guardrailFlags ?? [],
    latencyMs,
  };
}

function totalsOf(results: EvalResult[]): EvalTotals {
  const answerable = results.filter((r) => !r.expectAbstain);
  const scored = answerable.filter((r) => r.expected.length > 0);
  const unanswerable = results.filter((r) => r.expectAbstain);
  const conversations = results.filter((r) => r.previousTurns.length > 0);
  const share = (items: EvalResult[], test: (r: EvalResult) => boolean) =>
    items.length ? items.filter(test).length / items.length : 0;
  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const byKind: Record<string, KindTotals> = {};
  for (const r of results) {
    const kind =
      r.kind ?? (r.previousTurns.length > 0 ? 'follow-up' : r.expectAbstain ? 'unanswerable' : 'answerable');
    byKind[kind] ??= { questions: 0, correct: 0, refused: 0 };
    const totals = byKind[kind];
    totals.questions++;
    if (r.correct) totals.correct++;
    if (!r.expectAbstain && r.abstained) totals.refused++;
  }
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const lengths = results
    .filter((r) => !r.abstained)
    .map((r) => r.answer.length)
    .sort((a, b) => a - b);
  return {
    questions: results.length,
    answerable: answerable.length,
    answerableCorrect: share(answerable, (r) => r.correct),
    falseRefusals: share(answerable, (r) => r.abstained),
    unanswerableRefused: unanswerable.length ? share(unanswerable, (r) => r.abstained) : null,
    conversations: conversations.length,
    conversationsCorrect: conversations.length ? share(conversations, (r) => r.correct) : null,
    byKind,
    recallAt1: mean(scored.map((r) => r.recallAt[1])),
    recallAt3: mean(scored.map((r) => r.recallAt[3])),
    recallAt5: mean(scored.map((r) => r.recallAt[5])),
    citationsMatched: mean(scored.map((r) => r.citationsMatched)),
    anyCitation: share(scored, (r) => r.cited.length > 0),
    hitRate: share(scored, (r) => r.hit),
    abstentionRate: share(results, (r) => r.abstained),
    answersWithOffSourceCitations: results.filter((r) => r.offSourceCitations.length > 0).length,
    injectionAlarms: results.filter((r) => r.guardrailFlags.some((f) => /^(question|source):/.test(f)))
      .length,
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP95Ms: percentile(latencies, 0.95),
    answerCharsP50: percentile(lengths, 0.5),
    answerCharsP90: percentile(lengths, 0.9),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
