import type { NumberedSource } from '../../core/ports.js';

const MARKER = /\[(\d{1,3})\]/g;

/** An answer after its citations were checked against the sources it was given. */
export interface CheckedAnswer {
  text: string;
  /** Source numbers the answer cites validly, in order of first use. */
  cited: number[];
  /** Markers removed because no such source was given. */
  removed: number;
}

/**
 * Removes `[n]` markers naming a source that was not given (the model made it up or
 * miscounted) and reports which valid ones remain. An answer left with no valid citation
 * is not grounded and the caller treats it as an abstention.
 */
export function checkCitations(text: string, sources: NumberedSource[]): CheckedAnswer {
  const given = new Set(sources.map((s) => s.n));
  const cited: number[] = [];
  let removed = 0;
  const cleaned = text.replace(MARKER, (marker, digits: string) => {
    const n = Number(digits);
    if (!given.has(n)) {
      removed++;
      return '';
    }
    if (!cited.includes(n)) cited.push(n);
    return marker;
  });
  const tidy = cleaned
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text: tidy, cited, removed };
}
