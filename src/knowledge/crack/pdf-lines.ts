/** A positioned run of text as pdf.js reports it. */
export interface PdfTextRun {
  str: string;
  /** Transform matrix [a, b, c, d, x, y]. */
  transform: number[];
  width: number;
  hasEOL: boolean;
}

/** One visual line of a PDF page. */
export interface PdfLine {
  text: string;
  /** Baseline y (PDF units, growing upwards). */
  y: number;
  x: number;
  /** Font size that covers most of the line's characters. */
  size: number;
  /** The line's cells, when wide gaps split it into columns as a table row. */
  cells?: string[];
  /** Where each cell starts (x), beside `cells`. */
  cellXs?: number[];
}

/** A horizontal gap, in font sizes, wide enough to separate table columns rather than words. */
const COLUMN_GAP = 2;

/**
 * Rebuilds visual lines from pdf.js text runs. Runs on the same baseline join; a space is
 * added only where the horizontal gap between runs is wide enough to be one, so words
 * that a PDF producer split into several runs are not torn apart, and words that were
 * positioned apart are not glued together.
 */
export function toPdfLines(runs: PdfTextRun[]): PdfLine[] {
  const lines: PdfLine[] = [];
  let text = '';
  let y = 0;
  let x = 0;
  let endX = 0;
  let open = false;
  const sizes = new Map<number, number>();
  let cells: string[] = [];
  let cellXs: number[] = [];
  let columnBreak = false;

  const close = () => {
    const trimmed = text.replace(/\s+/g, ' ').trim();
    const filled = cells.map((cell) => cell.replace(/\s+/g, ' ').trim());
    const table = filled.length >= 2 && filled.every((cell) => /[\p{L}\p{N}]/u.test(cell));
    if (open && trimmed.length > 0)
      lines.push({
        text: trimmed,
        y,
        x,
        size: dominant(sizes),
        ...(table ? { cells: filled, cellXs } : {}),
      });
    text = '';
    open = false;
    sizes.clear();
    cells = [];
    cellXs = [];
    columnBreak = false;
  };

  for (const run of runs) {
    const size = fontSize(run.transform);
    const runX = run.transform[4] ?? 0;
    const runY = run.transform[5] ?? 0;
    if (run.str.length > 0) {
      if (open && Math.abs(runY - y) > Math.max(size, 1) * 0.5) close();
      const blank = run.str.trim() === '';
      if (!open) {
        open = true;
        y = runY;
        x = runX;
        cells = [''];
        cellXs = [runX];
      } else {
        const gap = runX - endX;
        const spaced = /\s$/.test(text) || /^\s/.test(run.str);
        if (!spaced && (gap > size * 0.15 || gap < -size * 2)) {
          text += ' ';
          cells[cells.length - 1] += ' ';
        }
        // pdf.js bridges a column gap with one wide blank run, or leaves the gap open.
        if (blank && run.width > size * COLUMN_GAP) columnBreak = true;
        if (!blank && (columnBreak || gap > size * COLUMN_GAP)) {
          cells.push('');
          cellXs.push(runX);
          columnBreak = false;
        }
      }
      text += run.str;
      cells[cells.length - 1] += blank ? ' ' : run.str;
      endX = runX + run.width;
      const letters = run.str.replace(/\s/g, '').length;
      if (letters > 0) {
        const key = Math.round(size * 2) / 2;
        sizes.set(key, (sizes.get(key) ?? 0) + letters);
      }
    }
    if (run.hasEOL) close();
  }
  close();
  return lines;
}

/** The font size of a run from its transform's vertical scale. */
function fontSize(transform: number[]): number {
  const [, , c = 0, d = 0] = transform;
  return Math.hypot(c, d) || 1;
}

function dominant(counts: Map<number, number>): number {
  let best = 0;
  let bestCount = -1;
  for (const [size, count] of counts) {
    if (count > bestCount || (count === bestCount && size > best)) {
      best = size;
      bestCount = count;
    }
  }
  return best || 1;
}
