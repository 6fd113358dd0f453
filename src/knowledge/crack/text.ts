import type { CrackedDocument } from '../document.js';
import { decodeText } from './decode-text.js';
import { humanizeFileName } from './humanize-file-name.js';

const MAX_TITLE_LENGTH = 80;

/** Cracks plain text: one section of blank-line separated paragraphs; title from a short first line. */
export function crackText(path: string, bytes: Buffer): CrackedDocument {
  const paragraphs = decodeText(bytes)
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .filter((line) => line.length > 0)
        .join('\n'),
    )
    .filter((paragraph) => paragraph.length > 0);
  const firstLine = paragraphs[0]?.split('\n')[0] ?? '';
  const title =
    firstLine.length > 0 && firstLine.length <= MAX_TITLE_LENGTH ? firstLine : humanizeFileName(path);
  const text = paragraphs.join('\n\n');
  return { title, sections: text.length > 0 ? [{ headingPath: [], text }] : [] };
}
