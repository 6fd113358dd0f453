import type { AnswerRequest, ChatModel, HealthCheck, ModelAnswer } from '../../core/ports.js';
import { sectionAnswer } from './section-answer.js';
import { type ScoredSentence, scoreSentences } from './sentence-scorer.js';

export interface ExtractiveOptions {
  /**
   * The best sentence must cover at least this share of a long question to answer at all.
   * Short questions ask more: one missing word of three is most of what was asked.
   */
  minSentenceScore: number;
  /** The share asked of a question of four content words or fewer. */
  minSentenceScoreShort: number;
  /** Other sentences must score at least this fraction of the best one. */
  relativeFloor: number;
  maxSentences: number;
  maxChars: number;
  /**
   * The best-ranked sources each get their best sentence when it scores at least
   * `sourceFloor` of the best one: a passage the search ranked high and that speaks to
   * the question is worth citing even when another source covered the same words.
   */
  topSources: number;
  sourceFloor: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = {
  minSentenceScore: 0.25,
  minSentenceScoreShort: 0.45,
  relativeFloor: 0.55,
  maxSentences: 4,
  maxChars: 750,
  topSources: 3,
  sourceFloor: 0.5,
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
    const { sentences, weights } = scoreSentences(
      request.standaloneQuestion,
      request.sources.map((s) => ({ n: s.n, text: s.chunk.text })),
    );
    const base = { model: 'extractive', promptVersion: 'extractive-v2', quoted: true };
    const section = sectionAnswer(request.sources, weights);
    if (section) {
      onPartial?.(section);
      return { ...base, text: section, abstained: false };
    }
    const chosen = this.choose(sentences, weights);
    if (chosen.length === 0) return { ...base, text: '', abstained: true };

    let text = '';
    for (const sentence of chosen) {
      text = `${text}${text ? ' ' : ''}${withoutListMarker(sentence.text)} [${sentence.source}]`;
      onPartial?.(text);
    }
    return { ...base, text, abstained: false };
  }

  async check(): Promise<HealthCheck> {
    return { name: 'model', ok: true, detail: 'extractive (embedded, no external service)' };
  }

  /** The best sentence's required score for a question of `words` distinct content words. */
  private requiredScore(words: number): number {
    const { minSentenceScore: long, minSentenceScoreShort: short } = this.options;
    const shortWords = 4;
    const longWords = 12;
    if (words <= shortWords) return short;
    if (words >= longWords) return long;
    return short + ((words - shortWords) / (longWords - shortWords)) * (long - short);
  }

  /**
   * Greedy selection: the best sentence first, then sentences that either score close to
   * it or cover parts of the question the chosen ones do not (multi-part questions).
   */
  private choose(scored: ScoredSentence[], weights: Map<string, number>): ScoredSentence[] {
    const ranked = [...scored].sort((a, b) => b.score - a.score);
    const best = ranked[0];
    if (!best || best.score < this.requiredScore(weights.size)) return [];
    const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
    const chosen: ScoredSentence[] = [];
    const covered = new Set<string>();
    const perSource = new Map<number, number>();
    let chars = 0;
    const take = (sentence: ScoredSentence) => {
      chosen.push(sentence);
      for (const stem of weights.keys()) if (sentence.stems.has(stem)) covered.add(stem);
      perSource.set(sentence.source, (perSource.get(sentence.source) ?? 0) + 1);
      chars += sentence.text.length;
    };
    take(best);
    while (chosen.length < this.options.maxSentences) {
      let pick: ScoredSentence | undefined;
      let pickValue = 0;
      for (const sentence of ranked) {
        if (chosen.includes(sentence)) continue;
        if ((perSource.get(sentence.source) ?? 0) >= 2) continue;
        if (chars + sentence.text.length > this.options.maxChars) continue;
        if (chosen.some((c) => overlap(c, sentence) > 0.7)) continue;
        let gain = 0;
        for (const [stem, w] of weights) if (!covered.has(stem) && sentence.stems.has(stem)) gain += w;
        gain /= total;
        const closeToBest = sentence.score >= best.score * this.options.relativeFloor;
        if (!closeToBest && gain < 0.12) continue;
        const value = sentence.score + gain;
        if (value > pickValue) {
          pick = sentence;
          pickValue = value;
        }
      }
      if (!pick) break;
      take(pick);
    }
    const topSources = [...new Set(ranked.map((s) => s.rank))].sort((a, b) => a - b);
    for (const rank of topSources.slice(0, this.options.topSources)) {
      if (chosen.some((c) => c.rank === rank)) continue;
      const candidate = ranked.find(
        (s) =>
          s.rank === rank &&
          s.score >= best.score * this.options.sourceFloor &&
          !chosen.some((c) => overlap(c, s) > 0.7),
      );
      if (candidate && chars + candidate.text.length <= this.options.maxChars * 1.5) take(candidate);
    }
    // Read in document order within each source, best source first.
    const sourceOrder = [...new Set(chosen.map((c) => c.source))];
    return chosen.sort(
      (a, b) => sourceOrder.indexOf(a.source) - sourceOrder.indexOf(b.source) || a.position - b.position,
    );
  }
}

/** A list item's bullet or number, which reads wrongly inside running text. */
function withoutListMarker(text: string): string {
  return text.replace(/^(?:[-*•]|\d{1,2}[.)])\s+/, '');
}

function overlap(a: ScoredSentence, b: ScoredSentence): number {
  let shared = 0;
  for (const stem of a.stems) if (b.stems.has(stem)) shared++;
  return shared / Math.max(1, Math.min(a.stems.size, b.stems.size));
}
