import type { NumberedSource } from '../../core/ports.js';
import { analyze } from '../../text/index.js';

/** Sections longer than this are answered sentence by sentence instead. */
const MAX_SECTION_CHARS = 900;
/** Share of the (rarity-weighted) question the section's heading path must name. */
const MIN_HEADING_COVERAGE = 0.75;

/**
 * When a top source is a short section whose heading asks the question ("How to reset
 * your password" for "How do I reset my password?"), the section itself is the answer:
 * its steps or list are quoted whole, in order, with one citation. Returns undefined when
 * no section fits, and the answer is then built from the best sentences.
 */
export function sectionAnswer(sources: NumberedSource[], weights: Map<string, number>): string | undefined {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  let best: { n: number; text: string; coverage: number } | undefined;
  for (const { n, chunk } of sources) {
    const heading = chunk.headingPath.at(-1);
    if (chunk.headingPath.length < 2 || !heading) continue;
    const pathStems = new Set(analyze(chunk.headingPath.join(' ')).map((t) => t.stem));
    const parentStems = new Set(analyze(chunk.headingPath.slice(0, -1).join(' ')).map((t) => t.stem));
    let covered = 0;
    let namedByHeading = false;
    for (const [stem, weight] of weights) {
      if (!pathStems.has(stem)) continue;
      covered += weight;
      if (!parentStems.has(stem)) namedByHeading = true;
    }
    const coverage = covered / total;
    if (!namedByHeading || coverage < MIN_HEADING_COVERAGE || (best && coverage <= best.coverage)) continue;
    const text = wholeLines(chunk.text, MAX_SECTION_CHARS);
    if (text) best = { n, text, coverage };
  }
  // The best-named section wins; among equals, the better-ranked source (sources come in rank order).
  return best ? `${best.text} [${best.n}]` : undefined;
}

/** The section's lines while they fit; undefined when even the first does not. */
function wholeLines(text: string, maxChars: number): string | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.join('\n').length > maxChars) return undefined;
  return lines.length > 0 ? lines.join('\n') : undefined;
}
