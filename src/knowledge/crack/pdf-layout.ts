import type { PdfLine } from './pdf-lines.js';
import { describeRow } from './table-rows.js';

/** A page's lines grouped into paragraphs, with heading lines marked. */
export interface PdfBlock {
  kind: 'heading' | 'paragraph';
  /** For paragraphs: lines of one paragraph, already joined where they were soft-wrapped. */
  text: string;
  size: number;
}

const BULLET = /^(?:[•◦▪▫●○■□‣⁃∙·*–—-]\s|\(?\d{1,3}[.)]\s|\(?[a-z][.)]\s)/;
const MAX_HEADING_LENGTH = 150;

/** The font size most characters of a document use: its body text size. */
export function bodyFontSize(pages: PdfLine[][]): number {
  const counts = new Map<number, number>();
  for (const line of pages.flat()) counts.set(line.size, (counts.get(line.size) ?? 0) + line.text.length);
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of counts) {
    if (count > bestCount) {
      best = size;
      bestCount = count;
    }
  }
  return best || 11;
}

/** Whether a line looks like a heading: clearly larger than body text and short. */
export function isHeadingLine(line: PdfLine, bodySize: number): boolean {
  return line.size >= bodySize * 1.15 && line.text.length <= MAX_HEADING_LENGTH && /\p{L}/u.test(line.text);
}

/**
 * Lowercased words seen anywhere in the document, used to tell a word hyphenated at a
 * line break (`compre-` + `hensive`, rejoined when `comprehensive` occurs elsewhere) from
 * a real compound (`long-` + `term`, kept as `long-term`).
 */
export function wordSet(pages: PdfLine[][]): Set<string> {
  const words = new Set<string>();
  for (const line of pages.flat()) {
    for (const word of line.text.toLowerCase().match(/\p{L}+/gu) ?? []) words.add(word);
  }
  return words;
}

/**
 * Groups a page's lines into headings and paragraphs: a paragraph ends at a vertical gap
 * wider than the page's usual line spacing, at a change of font size, or at a heading;
 * list items start a new line; soft-wrapped lines join with a space or, after a
 * hyphen, without one.
 */
export function toBlocks(lines: PdfLine[], bodySize: number, words: Set<string>): PdfBlock[] {
  const pitch = usualPitch(lines);
  const blocks: PdfBlock[] = [];
  let current: { kind: PdfBlock['kind']; lines: string[]; size: number } | undefined;
  let previous: PdfLine | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const table = tableAt(lines, i);
    if (table) {
      if (current) blocks.push(finish(current));
      current = undefined;
      for (const row of table.rows)
        blocks.push({ kind: 'paragraph', text: describeRow(row, table.headers), size: line.size });
      i += table.lineCount - 1;
      previous = lines[i];
      continue;
    }
    const heading = isHeadingLine(line, bodySize);
    const kind = heading ? 'heading' : 'paragraph';
    const gap = previous ? previous.y - line.y : 0;
    const sameSize = previous !== undefined && Math.abs(previous.size - line.size) < 0.6;
    const limit = pitch > 0 ? pitch * 1.3 : Math.max(line.size, previous?.size ?? 0) * 1.6;
    const continues = current !== undefined && current.kind === kind && sameSize && gap > 0 && gap <= limit;
    if (!continues) {
      if (current) blocks.push(finish(current));
      current = { kind, lines: [line.text], size: line.size };
    } else if (kind === 'paragraph' && BULLET.test(line.text)) {
      current!.lines.push(`\n${line.text}`);
    } else {
      current!.lines.push(line.text);
    }
    previous = line;
  }
  if (current) blocks.push(finish(current));
  return blocks;

  function finish(block: { kind: PdfBlock['kind']; lines: string[]; size: number }): PdfBlock {
    let text = '';
    for (const part of block.lines) text = text.length === 0 ? part : joinWrapped(text, part, words);
    return { kind: block.kind, text, size: block.size };
  }
}

/** Rows a table needs, its header included, before its lines are read as one. */
const MIN_TABLE_LINES = 3;
/** Longest average cell of a table: longer "cells" are columns of running text. */
const MAX_AVERAGE_CELL = 40;

/**
 * The table starting at `lines[start]`: consecutive lines split into the same number of
 * cells, of short cells. The first row is its header when it holds no figures and the
 * rows below do ("City | Per diem" over "Lisbon | EUR 45").
 */
function tableAt(
  lines: PdfLine[],
  start: number,
): { headers: string[] | undefined; rows: string[][]; lineCount: number } | undefined {
  const columns = lines[start]?.cells?.length;
  if (!columns) return undefined;
  const columnXs = lines[start]!.cellXs ?? [];
  const rows: string[][] = [];
  let end = start;
  for (; end < lines.length; end++) {
    const line = lines[end]!;
    if (line.cells?.length === columns) {
      rows.push([...line.cells]);
      continue;
    }
    // A cell's text wrapped onto a line of its own, under a column after the first.
    const column = columnXs.findIndex((x) => Math.abs(x - line.x) <= line.size * 0.5);
    const previous = rows.at(-1);
    if (line.cells || column < 1 || !previous) break;
    previous[column] = `${previous[column]} ${line.text}`;
  }
  if (rows.length < MIN_TABLE_LINES) return undefined;
  const cells = rows.flat();
  if (cells.reduce((n, cell) => n + cell.length, 0) / cells.length > MAX_AVERAGE_CELL) return undefined;
  const figures = (row: string[]) => row.some((cell) => /\d/.test(cell));
  const [first, ...rest] = rows;
  const hasHeader = !figures(first!) && rest.filter(figures).length * 2 >= rest.length;
  return hasHeader
    ? { headers: first, rows: rest, lineCount: end - start }
    : { headers: undefined, rows, lineCount: end - start };
}

/** Joins a line to the text before it, undoing hyphenation at the line break where obvious. */
export function joinWrapped(before: string, after: string, words: Set<string>): string {
  if (after.startsWith('\n')) return `${before}${after}`;
  if (before.endsWith('\u00ad')) return `${before.slice(0, -1)}${after}`;
  const hyphenated = /(\p{L}+)-$/u.exec(before);
  const next = /^(\p{Ll}+)/u.exec(after);
  if (hyphenated && next) {
    const joined = `${hyphenated[1]}${next[1]}`.toLowerCase();
    return words.has(joined) ? `${before.slice(0, -1)}${after}` : `${before}${after}`;
  }
  return `${before} ${after}`;
}

/** The most common distance between consecutive body lines of one size on a page. */
function usualPitch(lines: PdfLine[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const a = lines[i - 1]!;
    const b = lines[i]!;
    const gap = Math.round(a.y - b.y);
    if (Math.abs(a.size - b.size) < 0.6 && gap > 0 && gap < a.size * 3) {
      counts.set(gap, (counts.get(gap) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestCount = 1;
  for (const [gap, count] of counts) {
    if (count > bestCount || (count === bestCount && gap < best)) {
      best = gap;
      bestCount = count;
    }
  }
  return best;
}
