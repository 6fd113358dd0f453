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
  /** Stems of what the unit says; for a table row, its label and values. */
  stems: Set<string>;
  /**
   * For a table row: stems of its label ("Lisbon"), what the row is about, and of its column
   * headers ("Per diem", "Notes"), which every row repeats and which say what the values
   * are, as a heading does.
   */
  row?: { labelStems: Set<string>; headerStems: Set<string> };
  /** A list item (its marker dropped) rather than running prose. */
  item: boolean;
  /** Starts a new line in the source, so it is rendered on its own line. */
  lineStart: boolean;
  /**
   * The source's text starts or ends inside this sentence (a chunk or page boundary cut
   * it), so it is quoted with an ellipsis where the cut is.
   */
  cut?: { start: boolean; end: boolean };
}

const LIST_MARKER = /^(?:[-*•]|\d{1,2}[.)])\s+/;
/** The "A:" an FAQ puts before its answer: the answer is quoted without it. */
const ANSWER_MARKER = /^A:\s+/;

/** A source's text as units in reading order. */
export function unitsOf(source: { n: number; text: string }, rank: number): Unit[] {
  const units: Unit[] = [];
  for (const line of source.text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const item = LIST_MARKER.test(trimmed);
    const body = trimmed.replace(LIST_MARKER, '').replace(ANSWER_MARKER, '');
    const pieces = item || isAskingLine(body) ? [body] : splitSentences(body);
    pieces.forEach((text, i) => {
      const row = item ? undefined : tableRowParts(text);
      units.push({
        source: source.n,
        rank,
        index: units.length,
        text,
        stems: stemsOf(row ? row.said : text),
        ...(row ? { row: { labelStems: stemsOf(row.label), headerStems: stemsOf(row.headers) } } : {}),
        item,
        lineStart: i === 0,
      });
    });
  }
  markCuts(units);
  return units;
}

/** Words a line that ends in a question mark may have and still be one question ("My child is sick. Do I…?"). */
const QUESTION_LINE_MAX_WORDS = 30;

/** A line that asks, as an FAQ entry's heading does: the setting before its question belongs to it. */
function isAskingLine(line: string): boolean {
  return /\?\s*$/.test(line) && line.split(/\s+/).length <= QUESTION_LINE_MAX_WORDS;
}

function stemsOf(text: string): Set<string> {
  return new Set(analyze(text).map((t) => t.stem));
}

/** A table row as documents are read into text: "Lisbon — Per diem: EUR 45; Hotel cap: EUR 150". */
const TABLE_ROW = /^([^—\n]{1,80}) — (.+)$/;

/** A table row's label and values apart from its column headers, or undefined for other text. */
function tableRowParts(text: string): { said: string; label: string; headers: string } | undefined {
  const match = TABLE_ROW.exec(text);
  if (!match) return undefined;
  const cells = match[2]!.split('; ').map((cell) => /^([^:]{1,80}): (.*)$/.exec(cell));
  if (!cells.some(Boolean)) return undefined;
  const values = cells.map((cell, i) => (cell ? cell[2] : match[2]!.split('; ')[i]));
  return {
    said: [match[1], ...values].join(' '),
    label: match[1]!,
    headers: cells.map((cell) => cell?.[1] ?? '').join(' '),
  };
}

/** A sentence end: terminal punctuation, perhaps inside closing quotes or brackets. */
const SENTENCE_END = /[.!?:;…][)"'”’\]]*$/;
/** Words a line needs before a missing full stop reads as a cut rather than a label or heading. */
const CUT_MIN_WORDS = 6;

function markCuts(units: Unit[]): void {
  const first = units[0];
  const last = units.at(-1);
  if (first && !first.item && /^[a-z]/.test(first.text)) first.cut = { start: true, end: false };
  if (
    last &&
    !last.item &&
    !SENTENCE_END.test(last.text) &&
    last.text.split(/\s+/).length >= CUT_MIN_WORDS &&
    /[\p{Ll},]$/u.test(last.text)
  ) {
    last.cut = { start: last.cut?.start ?? false, end: true };
  }
}

/** Units as Markdown: prose joined, list items and rows on their own lines. */
export function unitsText(units: readonly Unit[]): string {
  let text = '';
  units.forEach((unit, i) => {
    const quoted = `${unit.cut?.start ? '…' : ''}${unit.text}${unit.cut?.end ? '…' : ''}`;
    const line = unit.item ? `- ${quoted}` : quoted;
    if (i === 0) text = line;
    else text += unit.lineStart || unit.item ? `\n${line}` : ` ${line}`;
  });
  return text;
}
