import { type HTMLElement, NodeType, parse } from 'node-html-parser';

/**
 * A table row as a reader would say it, with its column headers: "Senior — Project size:
 * small-batch (2 weeks); Review: weekly". The first cell names the row; without headers
 * the cells are joined by " | ".
 */
export function describeRow(cells: string[], headers: string[] | undefined): string {
  const filled = cells.map((cell) => cell.replace(/\s+/g, ' ').trim());
  if (!headers || headers.length === 0) return filled.filter(Boolean).join(' | ');
  const [label = '', ...rest] = filled;
  const described = rest
    .map((cell, i) => {
      if (!cell) return '';
      const header = headers[i + 1]?.trim();
      return header ? `${header}: ${cell}` : cell;
    })
    .filter(Boolean);
  if (!label) return described.join('; ');
  const labelHeader = headers[0]?.trim();
  const named = labelHeader && rest.every((cell) => !cell) ? `${labelHeader}: ${label}` : label;
  return described.length > 0 ? `${named} — ${described.join('; ')}` : named;
}

/** A table's rows as cell texts; the header row, when it has one, apart. */
export interface TableRows {
  headers?: string[];
  headerRow?: HTMLElement;
  rows: string[][];
}

const tableCache = new WeakMap<HTMLElement, TableRows>();

/** The cells of an HTML table's rows, with the header row (th cells or thead) apart. */
export function htmlTableRows(table: HTMLElement): TableRows {
  const cached = tableCache.get(table);
  if (cached) return cached;
  const read = readTableRows(table);
  tableCache.set(table, read);
  return read;
}

function readTableRows(table: HTMLElement): TableRows {
  const rows = table.querySelectorAll('tr').filter((row) => closestTable(row) === table);
  const cellsOf = (row: HTMLElement) =>
    row.childNodes
      .filter((child): child is HTMLElement => child.nodeType === NodeType.ELEMENT_NODE)
      .filter((cell) => ['td', 'th'].includes(cell.tagName.toLowerCase()));
  const first = rows[0];
  const isHeader =
    first !== undefined &&
    rows.length > 1 &&
    (first.parentNode?.tagName?.toLowerCase() === 'thead' ||
      cellsOf(first).every((cell) => cell.tagName.toLowerCase() === 'th') ||
      cellsOf(first).every(isBoldCell));
  const text = (row: HTMLElement) => cellsOf(row).map((cell) => cell.text.replace(/\s+/g, ' ').trim());
  return isHeader
    ? { headers: text(first), headerRow: first, rows: rows.slice(1).map(text) }
    : { rows: rows.map(text) };
}

/**
 * A cell whose text is all bold: how editors that write no `th` (Google Docs exports, many
 * wikis) mark the header row.
 */
function isBoldCell(cell: HTMLElement): boolean {
  const squash = (text: string) => text.replace(/\s+/g, '');
  const text = squash(cell.text);
  if (!text) return false;
  const bold = cell.querySelectorAll('strong, b').map((node) => squash(node.text));
  return bold.join('') === text;
}

/** The table a row belongs to (rows of nested tables belong to those). */
export function closestTable(element: HTMLElement): HTMLElement | undefined {
  let node = element.parentNode;
  while (node && node.tagName?.toLowerCase() !== 'table') node = node.parentNode;
  return node ?? undefined;
}

/** Replaces each HTML table in Markdown with one paragraph per row, described with its headers. */
export function htmlTablesAsParagraphs(markdown: string): string {
  return markdown.replace(/<table\b[\s\S]*?<\/table>/gi, (block) => {
    const table = parse(block).querySelector('table');
    if (!table) return block;
    const { headers, rows } = htmlTableRows(table);
    const lines = rows.map((cells) => describeRow(cells, headers)).filter(Boolean);
    return `\n\n${lines.join('\n\n')}\n\n`;
  });
}
