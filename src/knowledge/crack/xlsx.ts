import type { CrackedDocument, Section } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { humanizeFileName } from './humanize-file-name.js';
import { coreTitle, elementTexts, readOfficeParts, xmlText } from './office-zip.js';

/** Rows read per sheet; a larger sheet is data, not prose, and is cut there. */
const MAX_ROWS = 5_000;

/**
 * Cracks Excel (XLSX): one section per sheet, headed by the sheet name, one line per row
 * with its non-empty cells separated by ` | ` (shared strings, inline strings and cached
 * values, so formulas read as their last result).
 */
export function crackXlsx(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): CrackedDocument {
  const parts = readOfficeParts(
    path,
    bytes,
    limits.maxInflatedBytes,
    (name) =>
      name === 'xl/workbook.xml' ||
      name === 'xl/_rels/workbook.xml.rels' ||
      name === 'xl/sharedStrings.xml' ||
      name === 'docProps/core.xml' ||
      /^xl\/worksheets\/[^/]+\.xml$/.test(name),
  );
  const shared = [...(parts.get('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    elementTexts(m[1]!, 't').join(''),
  );
  const targets = new Map(
    [...(parts.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)].map((m) => [
      attribute(m[0], 'Id'),
      attribute(m[0], 'Target'),
    ]),
  );
  const sections: Section[] = [];
  for (const sheet of (parts.get('xl/workbook.xml') ?? '').matchAll(/<sheet\b[^>]*>/g)) {
    const name = xmlText(attribute(sheet[0], 'name') ?? 'Sheet');
    const target = targets.get(attribute(sheet[0], 'r:id'));
    const xml = target ? parts.get(`xl/${target.replace(/^\/?xl\//, '')}`) : undefined;
    if (!xml) continue;
    const rows: string[] = [];
    for (const row of xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
      if (rows.length >= MAX_ROWS) break;
      const cells = [...row[1]!.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)]
        .map(([, attributes, inner]) => cellText(attributes ?? '', inner ?? '', shared))
        .filter((text) => text.length > 0);
      if (cells.length > 0) rows.push(cells.join(' | '));
    }
    if (rows.length > 0) sections.push({ headingPath: [name], text: rows.join('\n') });
  }
  return { title: coreTitle(parts) ?? humanizeFileName(path), sections };
}

function cellText(attributes: string, inner: string, shared: string[]): string {
  const type = /\bt="([^"]*)"/.exec(attributes)?.[1];
  if (type === 'inlineStr') return elementTexts(inner, 't').join('').trim();
  const value = elementTexts(inner, 'v')[0]?.trim() ?? '';
  if (type === 's') return shared[Number(value)]?.trim() ?? '';
  if (type === 'b') return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
  return value;
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name.replace(':', '\\:')}="([^"]*)"`).exec(tag)?.[1];
}
