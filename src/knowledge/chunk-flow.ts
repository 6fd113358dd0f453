import type { PageStart, Section } from './document.js';

/** A window of a paged document's text, with the page and heading where it starts. */
export interface FlowPiece {
  text: string;
  page?: number;
  headingPath: string[];
  /** Where later pages begin inside `text`, when the window runs over a page break. */
  pageStarts?: PageStart[];
}

const SENTENCE_END = new Set(['.', '!', '?']);
const WORD_BREAK = new Set([' ', '\n', '\t', ',', ';', ':', '(', ')', '[', ']']);
/** How far past the size limit a window may run to end on a sentence. */
const SENTENCE_SEARCH = 100;

/**
 * Reads all pages as one text and cuts it into overlapping windows of about `maxChars`,
 * each ending at a sentence end (or at least a word break) and starting at a sentence
 * start. A window is cited by the page its first character is on, so a passage that runs
 * over a page break is one chunk.
 */
export function toFlowPieces(sections: Section[], maxChars: number, overlapChars: number): FlowPiece[] {
  const starts: { offset: number; section: Section }[] = [];
  let text = '';
  for (const section of sections) {
    const body = section.text
      .replace(/[ \t]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n')
      .trim();
    if (!body) continue;
    starts.push({ offset: text.length, section });
    text += `${body}\n`;
  }
  if (!text.trim()) return [];
  const sectionAt = (offset: number) => {
    let found = starts[0]!.section;
    for (const start of starts) {
      if (start.offset > offset) break;
      found = start.section;
    }
    return found;
  };
  const piece = (from: number, to: number): FlowPiece => {
    const section = sectionAt(from);
    const raw = text.slice(from, to);
    const lead = raw.length - raw.trimStart().length;
    const pageStarts: PageStart[] = [];
    let page = section.page;
    for (const start of starts) {
      if (start.offset <= from || start.offset >= to) continue;
      if (start.section.page === undefined || start.section.page === page) continue;
      page = start.section.page;
      pageStarts.push({ page, offset: Math.max(0, start.offset - from - lead) });
    }
    return {
      text: raw.trim(),
      page: section.page,
      headingPath: section.headingPath,
      ...(pageStarts.length > 0 ? { pageStarts } : {}),
    };
  };
  if (text.length <= maxChars) return [piece(0, text.length)];

  const pieces: FlowPiece[] = [];
  let start = 0;
  while (start + overlapChars < text.length) {
    let end = Math.min(start + maxChars, text.length);
    if (end < text.length) {
      let lastWord = -1;
      while (end < text.length && end - start - maxChars < SENTENCE_SEARCH && !SENTENCE_END.has(text[end]!)) {
        if (WORD_BREAK.has(text[end]!)) lastWord = end;
        end++;
      }
      if (end < text.length && !SENTENCE_END.has(text[end]!) && lastWord > 0) end = lastWord;
      if (end < text.length) end++;
    }
    let lastWord = -1;
    while (start > 0 && start > end - maxChars - 2 * SENTENCE_SEARCH && !SENTENCE_END.has(text[start]!)) {
      if (WORD_BREAK.has(text[start]!)) lastWord = start;
      start--;
    }
    if (!SENTENCE_END.has(text[start]!) && lastWord > 0) start = lastWord;
    if (start > 0) start++;
    const next = piece(start, end);
    if (next.text) pieces.push(next);
    if (end >= text.length) break;
    start = Math.max(end - overlapChars, start + 1);
  }
  return pieces;
}
