/** A known word and how many chunks contain it. */
export interface VocabularyWord {
  word: string;
  stem: string;
  df: number;
}

/**
 * Suggests known words for misspelled ones ("servises" -> "services") with the symmetric
 * delete method: two words within one edit share a one-character deletion, so lookups
 * touch a handful of map entries instead of the whole vocabulary.
 */
export class TypoCorrector {
  private deletions: Map<string, number[]> | undefined;
  private readonly known = new Map<string, number>();

  constructor(private readonly vocabulary: VocabularyWord[]) {
    vocabulary.forEach((entry, index) => {
      this.known.set(entry.word, index);
    });
  }

  /**
   * Builds the deletion index, which makes every later lookup touch a handful of entries: a
   * server pays for it before it listens. Without it, a lookup scans the vocabulary, which
   * is cheaper for a one-shot command's one or two unknown words.
   */
  warm(): void {
    this.byDeletion();
  }

  private byDeletion(): Map<string, number[]> {
    if (this.deletions) return this.deletions;
    const deletions = new Map<string, number[]>();
    this.vocabulary.forEach((entry, index) => {
      for (const key of deletionsOf(entry.word)) {
        const list = deletions.get(key);
        if (list) list.push(index);
        else deletions.set(key, [index]);
      }
    });
    this.deletions = deletions;
    return deletions;
  }

  isKnown(word: string): boolean {
    return this.known.has(word);
  }

  /**
   * Known words within `maxDistance` (Damerau-Levenshtein, at most 2) of `word`, closest
   * first and then most common, at most `limit`.
   */
  suggest(word: string, limit = 3): VocabularyWord[] {
    const maxDistance = word.length >= 7 ? 2 : 1;
    const candidates = new Set<number>();
    const keys = new Set<string>([word, ...deletionsOf(word)]);
    if (maxDistance === 2)
      for (const once of deletionsOf(word)) for (const k of deletionsOf(once)) keys.add(k);
    if (this.deletions) {
      for (const key of keys) {
        const exact = this.known.get(key);
        if (exact !== undefined) candidates.add(exact);
        for (const index of this.deletions.get(key) ?? []) candidates.add(index);
      }
    } else {
      // Not warmed: one pass over the words of about the right length finds the same
      // candidates for a few lookups at a fraction of the cost of building the index.
      this.vocabulary.forEach((entry, index) => {
        if (Math.abs(entry.word.length - word.length) > maxDistance) return;
        if (keys.has(entry.word) || deletionsOf(entry.word).some((key) => keys.has(key)))
          candidates.add(index);
      });
    }
    const scored: { entry: VocabularyWord; distance: number }[] = [];
    for (const index of candidates) {
      const entry = this.vocabulary[index]!;
      if (entry.word === word) continue;
      const distance = editDistance(word, entry.word, maxDistance);
      if (distance <= maxDistance) scored.push({ entry, distance });
    }
    scored.sort((a, b) => a.distance - b.distance || b.entry.df - a.entry.df);
    return scored.slice(0, limit).map((s) => s.entry);
  }
}

function deletionsOf(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
  }
  return d[rows - 1]![cols - 1]!;
}
