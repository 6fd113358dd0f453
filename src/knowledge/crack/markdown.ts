import type { CrackedDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { decodeReadableText } from './decode-text.js';
import { readDeclaration, splitFrontMatter } from './front-matter.js';
import { humanizeFileName } from './humanize-file-name.js';
import { stripInlineMarkdown } from './markdown-inline.js';
import { SectionBuilder } from './section-builder.js';
import { describeRow, htmlTablesAsParagraphs } from './table-rows.js';

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_H2 = /^ {0,3}-+[ \t]*$/;
const LIST_ITEM = /^\s*(?:([-*+])|(\d{1,9})([.)]))[ \t]+(?:\[[ xX]\][ \t]+)?(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
const LINK_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*\S+/;

/**
 * Cracks Markdown: YAML front matter into metadata (`title`, `acl` and any other keys),
 * one section per ATX (or setext) heading with its heading path, and readable text.
 */
export function crackMarkdown(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): CrackedDocument {
  const { data, body } = splitFrontMatter(decodeReadableText(path, bytes, limits), path);
  const metadata: Record<string, unknown> = { ...data };
  const declared = readDeclaration(data, path);
  const acl = declared.acl;
  if (acl) metadata.acl = acl;

  const builder = new SectionBuilder();
  let firstH1: string | undefined;
  let paragraph: string[] = [];
  let fence: string | undefined;
  let lastKind: LineKind = 'text';

  const flush = () => {
    for (const line of paragraph) builder.line(line);
    builder.paragraphBreak();
    paragraph = [];
    lastKind = 'text';
  };
  const heading = (level: number, raw: string) => {
    flush();
    const text = stripInlineMarkdown(raw).trim();
    if (level === 1 && firstH1 === undefined && text.length > 0) firstH1 = text;
    builder.heading(level, text);
  };

  const lines = htmlTablesAsParagraphs(body.replace(/<!--[\s\S]*?-->/g, '')).split(/\r?\n/);
  let tableHeaders: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') {
        fence = undefined;
        flush();
      } else {
        paragraph.push(line);
        lastKind = 'code';
      }
      continue;
    }
    const fenceMatch = FENCE.exec(line);
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1]!;
      continue;
    }
    if (line.trim() === '') {
      flush();
      tableHeaders = undefined;
      continue;
    }
    const atx = ATX_HEADING.exec(line);
    if (atx) {
      heading(atx[1]!.length, atx[2] ?? '');
      tableHeaders = undefined;
      continue;
    }
    const previous = paragraph[paragraph.length - 1];
    const setextCandidate = previous !== undefined && !LIST_ITEM.test(previous) && !previous.includes('|');
    if (setextCandidate && (SETEXT_H1.test(line) || SETEXT_H2.test(line))) {
      paragraph.pop();
      heading(SETEXT_H1.test(line) ? 1 : 2, previous);
      continue;
    }
    if (THEMATIC_BREAK.test(line)) {
      flush();
      continue;
    }
    if (LINK_DEFINITION.test(line)) continue;
    if (line.includes('|') && TABLE_SEPARATOR.test(line)) {
      // The row above was the header: later rows are described with it.
      paragraph.pop();
      tableHeaders = i > 0 ? tableCells(lines[i - 1]!) : undefined;
      continue;
    }
    const readable = toReadableLine(line, tableHeaders);
    if (readable.kind !== 'row') tableHeaders = undefined;
    // A plain line continues the paragraph or list item above it (Markdown soft wrap).
    const last = paragraph.length - 1;
    if (readable.kind === 'text' && last >= 0 && lastKind !== 'row' && lastKind !== 'code') {
      paragraph[last] = `${paragraph[last]} ${readable.text}`;
    } else {
      paragraph.push(readable.text);
      lastKind = readable.kind;
    }
  }
  flush();

  const title = declared.title ?? firstH1 ?? humanizeFileName(path);
  return { title, sections: builder.finish(), metadata };
}

type LineKind = 'text' | 'item' | 'row' | 'code';

/** The cells of a pipe-table line, inline Markdown stripped. */
function tableCells(line: string): string[] {
  return line
    .replace(/^\s*(?:>\s?)+/, '')
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => stripInlineMarkdown(cell.trim()));
}

/** One source line as a reader would say it: list markers normalised, table cells separated. */
function toReadableLine(line: string, headers: string[] | undefined): { kind: LineKind; text: string } {
  const unquoted = line.replace(/^\s*(?:>\s?)+/, '');
  const item = LIST_ITEM.exec(unquoted);
  if (item) {
    const marker = item[2] !== undefined ? `${item[2]}.` : '-';
    return { kind: 'item', text: `${marker} ${stripInlineMarkdown(item[4] ?? '')}` };
  }
  if (unquoted.trim().startsWith('|'))
    return { kind: 'row', text: describeRow(tableCells(unquoted), headers) };
  return { kind: 'text', text: stripInlineMarkdown(unquoted) };
}
