import { analyze, packTokens, unpackPositions } from '../../../text/text-analysis.js';
import type { Chunk } from '../../document.js';

/** One way a query term may appear: all of `stems`, counting `weight` of the term. */
export interface TermAlternative {
  stems: string[];
  /** The alternative's share of the term: 1 for the asker's word, less for synonyms. */
  weight: number;
}

/**
 * A query term: every stem that counts as a match (the word, its typo corrections, its
 * synonyms), the ways it may appear, and its weight (the rarity of the asker's word).
 */
export interface QueryTerm {
  stems: string[];
  alternatives: TermAlternative[];
  idf: number;
  /**
   * For a number the question ties to the word before it ("zone 3", "stage 4"): that
   * term's index. The number counts only where it stands next to that word.
   */
  tiedTo?: number;
}

/** How much of a term a passage holds (0–1): the best alternative all of whose stems it has. */
export function termPresence(term: QueryTerm, has: (stem: string) => boolean): number {
  let best = 0;
  for (const alternative of term.alternatives) {
    if (alternative.weight > best && alternative.stems.every(has)) best = alternative.weight;
  }
  return best;
}

export interface Candidate {
  chunk: Chunk;
  /** bm25 from FTS5, higher is better (already negated). */
  bm25: number;
  /** The chunk's title, headings and text as `packTokens` stored them at indexing time. */
  packedTokens?: string;
}

export interface Ranked {
  chunk: Chunk;
  score: number;
  coverage: number;
}

/** How much each signal counts in the final order. */
export interface RerankWeights {
  bm25: number;
  coverage: number;
  proximity: number;
  /** Preference for chunks of the document the question names ("…under the Standard plan"). */
  title: number;
  /** Preference for a section whose own heading names the question ("How to reset your password"). */
  heading: number;
}

export const DEFAULT_RERANK_WEIGHTS: RerankWeights = {
  bm25: 1,
  coverage: 0.6,
  proximity: 0.3,
  title: 0.5,
  heading: 0.3,
};

/**
 * Orders full-text candidates by bm25 plus two signals bm25 ignores: how much of the
 * (rarity-weighted) question the chunk covers, and whether query words that stand
 * together in the question also stand together in the chunk.
 */
export function rerank(
  terms: QueryTerm[],
  candidates: Candidate[],
  weights = DEFAULT_RERANK_WEIGHTS,
): Ranked[] {
  if (candidates.length === 0) return [];
  const totalIdf = terms.reduce((sum, t) => sum + t.idf, 0) || 1;
  const maxBm25 = Math.max(...candidates.map((c) => c.bm25)) || 1;
  const titleMatch = titleMatcher(terms, candidates);
  const ranked = candidates.map((candidate) => {
    const { chunk } = candidate;
    const positions = unpackPositions(candidate.packedTokens ?? packTokens(analyze(searchableText(chunk))));
    const termPositions = terms.map((t) => t.stems.flatMap((s) => positions.get(s) ?? []));
    let covered = 0;
    terms.forEach((term, i) => {
      const tied = term.tiedTo === undefined ? undefined : new Set(termPositions[term.tiedTo]);
      const has = tied
        ? (s: string) => (positions.get(s) ?? []).some((p) => tied.has(p - 1) || tied.has(p + 1))
        : (s: string) => positions.has(s);
      covered += term.idf * termPresence(term, has);
      if (tied) termPositions[i] = termPositions[i]!.filter((p) => tied.has(p - 1) || tied.has(p + 1));
    });
    const coverage = covered / totalIdf;
    const proximity = adjacency(termPositions, terms);
    const score =
      weights.bm25 * (candidate.bm25 / maxBm25) +
      weights.coverage * coverage +
      weights.proximity * proximity +
      weights.title * titleMatch(chunk) +
      weights.heading * headingCoverage(terms, chunk, totalIdf);
    return { chunk, score, coverage };
  });
  return ranked.sort((a, b) => b.score - a.score);
}

/**
 * Scores how well the question names a chunk's document: query terms found in the title
 * (or file name), weighted by how few of the candidate documents share them, so "Standard"
 * separates two plans whose titles both say "Northwind", less the weight of distinguishing
 * title words the question does not use.
 */
function titleMatcher(terms: QueryTerm[], candidates: Candidate[]): (chunk: Chunk) => number {
  const titleStems = new Map<string, Set<string>>();
  for (const { chunk } of candidates) {
    if (titleStems.has(chunk.documentId)) continue;
    const fileName = chunk.location.replace(/#.*$/, '');
    titleStems.set(chunk.documentId, new Set(analyze(`${chunk.title} ${fileName}`).map((t) => t.stem)));
  }
  const documents = titleStems.size;
  const weighted = terms
    .map((term) => {
      const df = [...titleStems.values()].filter((stems) =>
        strongStems(term).some((s) => stems.has(s)),
      ).length;
      return { term, weight: df === 0 ? 0 : Math.log(1 + documents / df) };
    })
    .filter((t) => t.weight > 0);
  const total = weighted.reduce((sum, t) => sum + t.weight, 0);
  const queryStems = new Set(terms.flatMap(strongStems));
  const titleDf = new Map<string, number>();
  for (const stems of titleStems.values()) for (const s of stems) titleDf.set(s, (titleDf.get(s) ?? 0) + 1);
  const byDocument = new Map<string, number>();
  for (const [documentId, stems] of titleStems) {
    const matched = weighted.filter((t) => strongStems(t.term).some((s) => stems.has(s)));
    const gain = matched.reduce((sum, t) => sum + t.weight, 0);
    // Title words the question leaves out count against the document ("Plus" when the
    // question names the Standard plan), so two documents sharing most of a title separate.
    let missing = 0;
    if (matched.length > 0) {
      for (const s of stems) {
        if (queryStems.has(s)) continue;
        const df = titleDf.get(s) ?? 0;
        if (df < documents) missing += Math.log(1 + documents / df);
      }
    }
    byDocument.set(documentId, total === 0 ? 0 : Math.max(0, gain - missing) / total);
  }
  return (chunk) => byDocument.get(chunk.documentId) ?? 0;
}

/** Alternatives this strong may name a document: the asker's words, corrections, thesaurus synonyms. */
const STRONG_ALTERNATIVE = 0.8;

function strongStems(term: QueryTerm): string[] {
  return term.alternatives.filter((a) => a.weight >= STRONG_ALTERNATIVE).flatMap((a) => a.stems);
}

/**
 * Share (idf-weighted) of the query named by the chunk's section headings below the
 * document title. Headings of paged documents (PDF) are guessed from type sizes, so only
 * the headings authors wrote (Markdown, HTML, DOCX) count.
 */
function headingCoverage(terms: QueryTerm[], chunk: Chunk, totalIdf: number): number {
  if (chunk.page !== undefined) return 0;
  const sections = chunk.headingPath.filter((heading) => heading !== chunk.title);
  if (sections.length === 0) return 0;
  const stems = new Set(analyze(sections.join(' ')).map((t) => t.stem));
  let covered = 0;
  for (const term of terms) covered += term.idf * termPresence(term, (s) => stems.has(s));
  return covered / totalIdf;
}

/** Share (idf-weighted) of neighbouring query-term pairs found within three words of each other. */
function adjacency(termPositions: number[][], terms: QueryTerm[]): number {
  let total = 0;
  let found = 0;
  for (let i = 0; i + 1 < termPositions.length; i++) {
    const weight = Math.min(terms[i]!.idf, terms[i + 1]!.idf);
    total += weight;
    const a = termPositions[i]!;
    const b = new Set(termPositions[i + 1]!);
    if (a.some((p) => b.has(p + 1) || b.has(p + 2) || b.has(p + 3) || b.has(p - 1))) found += weight;
  }
  return total === 0 ? 0 : found / total;
}

/** What re-ranking reads of a chunk: its title, headings and text. */
export function searchableText(chunk: Chunk): string {
  return `${chunk.title} ${chunk.headingPath.join(' ')} ${chunk.text}`;
}
