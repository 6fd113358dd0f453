const FENCE = /^\s*(```|~~~)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+\S/;
const SEPARATOR_ROW = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/**
 * Lumen's Markdown as Teams shows it. Teams joins lines separated by a single newline into
 * one paragraph, so every line that is not part of a list, a table or a code block becomes
 * its own paragraph (quiz options, progress lines, the rows of a policy). Lists keep one
 * item per line and get a blank line before them; table rows (`a | b`, as documents'
 * tables are quoted) become a Markdown table with the header separator row Teams needs.
 */
export function toTeamsMarkdown(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    if (FENCE.test(line)) {
      const start = i++;
      while (i < lines.length && !FENCE.test(lines[i]!)) i++;
      const block = lines.slice(start, i + 1);
      // A streamed answer can stop inside a code block: close it so the rest renders.
      if (i >= lines.length) block.push(line.trim().slice(0, 3));
      blocks.push(block.join('\n'));
      i++;
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: string[] = [];
      while (
        i < lines.length &&
        lines[i]!.trim() &&
        (LIST_ITEM.test(lines[i]!) || /^\s{2,}\S/.test(lines[i]!))
      ) {
        items.push(lines[i]!);
        i++;
      }
      blocks.push(items.join('\n'));
      continue;
    }
    const table = tableAt(lines, i);
    if (table) {
      blocks.push(table.rows.join('\n'));
      i = table.next;
      continue;
    }
    blocks.push(line.trimEnd());
    i++;
  }
  return blocks.join('\n\n');
}

/** The table starting at `start`: two or more rows with the same number (2+) of cells. */
function tableAt(lines: string[], start: number): { rows: string[]; next: number } | undefined {
  const header = cellsOf(lines[start]!);
  if (!header || header.length < 2) return undefined;
  let i = start + 1;
  const hasSeparator = i < lines.length && SEPARATOR_ROW.test(lines[i]!);
  if (hasSeparator) i++;
  const body: string[][] = [];
  while (i < lines.length) {
    const cells = cellsOf(lines[i]!);
    if (!cells || cells.length !== header.length) break;
    body.push(cells);
    i++;
  }
  if (body.length === 0) return undefined;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return {
    rows: [row(header), row(header.map(() => '---')), ...body.map(row)],
    next: i,
  };
}

/** The cells of a table row (`a | b` or `| a | b |`); `undefined` for a line that is not one. */
function cellsOf(line: string): string[] | undefined {
  if (!line.includes('|') || SEPARATOR_ROW.test(line)) return undefined;
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  // Escaped pipes (`\|`) are part of a cell.
  const cells = trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim());
  return cells.length >= 2 ? cells : undefined;
}
