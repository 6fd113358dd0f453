import { analyze, analyzeQuery, splitSentences } from '../../text/index.js';

/** A sentence of a numbered source, with how well it answers the question. */
export interface ScoredSentence {
  source: number;
  /** Rank of the source among those given (0 = best retrieved). */
  rank: number;
  position: number;
  text: string;
  stems: Set<string>;
  score: number;
}

const MIN_WORDS = 4;
const MAX_CHARS = 420;

/**
 * Scores every sentence of the sources by the share of the question it covers, each
 * question word weighted by how rare it is among the sentences, with a small bonus for
 * question words that stand together and a small preference for better-ranked sources.
 */
export function scoreSentences(
  question: string,
  sources: { n: number; text: string }[],
): { sentences: ScoredSentence[]; weights: Map<string, number> } {
  const questionTokens = analyzeQuery(question);
  const questionStems = [...new Set(questionTokens.map((t) => t.stem))];
  const sentences: ScoredSentence[] = [];
  sources.forEach((source, rank) => {
    splitSentences(source.text).forEach((text, position) => {
      const tokens = analyze(text);
      if (tokens.length < MIN_WORDS - 1 || text.split(/\s+/).length < MIN_WORDS) return;
      // A question in a source (an FAQ entry's title) restates the asker's words; it never answers.
      if (text.endsWith('?')) return;
      sentences.push({
        source: source.n,
        rank,
        position,
        text: text.length > MAX_CHARS ? trimSentence(text) : text,
        stems: new Set(tokens.map((t) => t.stem)),
        score: 0,
      });
    });
  });
  const weight = new Map<string, number>();
  if (questionStems.length === 0 || sentences.length === 0) return { sentences, weights: weight };

  for (const stem of questionStems) {
    const containing = sentences.filter((s) => s.stems.has(stem)).length;
    weight.set(stem, Math.log(1 + sentences.length / (1 + containing)));
  }
  const total = [...weight.values()].reduce((a, b) => a + b, 0) || 1;
  const pairs = questionTokens.slice(1).map((t, i) => [questionTokens[i]!.stem, t.stem] as const);

  for (const sentence of sentences) {
    let covered = 0;
    for (const stem of questionStems) if (sentence.stems.has(stem)) covered += weight.get(stem)!;
    const together = pairs.filter(([a, b]) => sentence.stems.has(a) && sentence.stems.has(b)).length;
    const pairBonus = pairs.length ? (0.15 * together) / pairs.length : 0;
    sentence.score = (covered / total + pairBonus) * (1 - 0.04 * sentence.rank);
  }
  return { sentences, weights: weight };
}

function trimSentence(text: string): string {
  const cut = text.slice(0, MAX_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}
