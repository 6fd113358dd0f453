import { analyze, splitSentences } from '../index.js';

/** The smallest piece of a source an answer quotes: a sentence, a list item or a table row. */
export interface Unit {
  /** The source's number (`[n]`). */
  source: number;
  /** Rank of the source among those given (0 = best retrieved). */
  rank: number;
  /** Position among the source's units. */
  index: number;
  text: string;
  stems: Set<string>;
  /** A list item (its marker dropped) rather than running prose. */
  item: boolean;
  /** Starts a new line in the source, so it is rendered on its own line. */
  lineStart: boolean;
}

const LIST_MARKER = /^(?:[-*•]|\d{1,2}[.)])\s+/;

/** A source's text as units in reading order. */
export function unitsOf(source: { n: number; text: string }, rank: number): Unit[] {
  const units: Unit[] = [];
  for (const line of source.text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const item = LIST_MARKER.test(trimmed);
    const body = trimmed.replace(LIST_MARKER, '');
    const pieces = item ? [body] : splitSentences(body);
    pieces.forEach((text, i) => {
      units.push({
        source: source.n,
        rank,
        index: units.length,
        text,
        stems: new Set(analyze(text).map((t) => t.stem)),
        item,
        lineStart: i === 0,
      });
    });
  }
  return units;
}

/** Units as Markdown: prose joined, list items and rows on their own lines. */
export function unitsText(units: readonly Unit[]): string {
  let text = '';
  units.forEach((unit, i) => {
    const line = unit.item ? `- ${unit.text}` : unit.text;
    if (i === 0) text = line;
    else text += unit.lineStart || unit.item ? `\n${line}` : ` ${line}`;
  });
  return text;
}
