import { analyze } from '../text/text-analysis.js';
import type { Chunk } from './document.js';

/**
 * For a passage that runs over page breaks, the page where the query's words are: the
 * citation then opens the page that holds the answer, not the one the passage started on.
 * `weightOf` gives each matched stem's weight (its rarity), or 0 for stems not asked about.
 */
export function anchorToBestPage(chunk: Chunk, weightOf: (stem: string) => number): Chunk {
  const starts = chunk.pageStarts;
  if (!starts || starts.length === 0 || chunk.page === undefined) return chunk;
  const segments = [{ page: chunk.page, offset: 0 }, ...starts];
  let best = { page: chunk.page, weight: 0 };
  segments.forEach((segment, i) => {
    const end = segments[i + 1]?.offset ?? chunk.text.length;
    const stems = new Set(analyze(chunk.text.slice(segment.offset, end)).map((t) => t.stem));
    let weight = 0;
    for (const stem of stems) weight += weightOf(stem);
    if (weight > best.weight) best = { page: segment.page, weight };
  });
  return best.page === chunk.page ? chunk : onPage(chunk, best.page);
}

/** The chunk cited at another of its pages. */
export function onPage(chunk: Chunk, page: number): Chunk {
  const anchor = `#page=${page}`;
  return {
    ...chunk,
    page,
    url: `${chunk.url.replace(/#.*$/, '')}${anchor}`,
    location: `${chunk.location.replace(/#.*$/, '')}${anchor}`,
  };
}
