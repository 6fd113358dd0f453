import type { AnswerRequest, ChatModel, HealthCheck, ModelAnswer } from '../../core/ports.js';
import { type ScoredSentence, scoreSentences } from './sentence-scorer.js';

export interface ExtractiveOptions {
  /** The best sentence must cover at least this share of the question to answer at all. */
  minSentenceScore: number;
  /** Other sentences must score at least this fraction of the best one. */
  relativeFloor: number;
  maxSentences: number;
  maxChars: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minSentenceScore: 0.3,
  relativeFloor: 0.55,
  maxSentences: 4,
  maxChars: 750,
};

/**
 * The embedded answerer: picks the source sentences that best answer the question and
 * cites each one. It only ever repeats what a source says, so it cannot invent facts;
 * when no sentence covers the question it abstains.
 */
export class ExtractiveModel implements ChatModel {
  readonly name = 'extractive';
  private readonly options: ExtractiveOptions;

  constructor(options: Partial<ExtractiveOptions> = {}) {
    this.options = { ...DEFAULT_EXTRACTIVE_OPTIONS, ...options };
  }

  async answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer> {
    const scored = scoreSentences(
      request.standaloneQuestion,
      request.sources.map((s) => ({ n: s.n, text: s.chunk.text })),
    );
    const chosen = this.choose(scored);
    const base = { model: 'extractive', promptVersion: 'extractive-v1' };
    if (chosen.length === 0) return { ...base, text: '', abstained: true };

    let text = '';
    for (const sentence of chosen) {
      text = `${text}${text ? ' ' : ''}${sentence.text} [${sentence.source}]`;
      onPartial?.(text);
    }
    return { ...base, text, abstained: false };
  }

  async check(): Promise<HealthCheck> {
    return { name: 'model', ok: true, detail: 'extractive (embedded, no external service)' };
  }

  private choose(scored: ScoredSentence[]): ScoredSentence[] {
    const ranked = [...scored].sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best || best.score < this.options.minSentenceScore) return [];
    const chosen: ScoredSentence[] = [];
    const perSource = new Map<number, number>();
    let chars = 0;
    for (const sentence of ranked) {
      if (chosen.length >= this.options.maxSentences) break;
      if (sentence.score < best.score * this.options.relativeFloor) break;
      if ((perSource.get(sentence.source) ?? 0) >= 2) continue;
      if (chars + sentence.text.length > this.options.maxChars && chosen.length > 0) continue;
      if (chosen.some((c) => overlap(c, sentence) > 0.7)) continue;
      chosen.push(sentence);
      perSource.set(sentence.source, (perSource.get(sentence.source) ?? 0) + 1);
      chars += sentence.text.length;
    }
    // Read in document order within each source, best source first.
    const sourceOrder = [...new Set(chosen.map((c) => c.source))];
    return chosen.sort(
      (a, b) => sourceOrder.indexOf(a.source) - sourceOrder.indexOf(b.source) || a.position - b.position,
    );
  }
}

function overlap(a: ScoredSentence, b: ScoredSentence): number {
  let shared = 0;
  for (const stem of a.stems) if (b.stems.has(stem)) shared++;
  return shared / Math.max(1, Math.min(a.stems.size, b.stems.size));
}
