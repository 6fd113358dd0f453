import { toParagraphs } from '../../text/index.js';
import type { CrackedDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { decodeReadableText } from './decode-text.js';
import { humanizeFileName } from './humanize-file-name.js';

const MAX_TITLE_LENGTH = 80;

/** Cracks plain text: one section of blank-line separated paragraphs; title from a short first line. */
export function crackText(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): CrackedDocument {
  const paragraphs = toParagraphs(decodeReadableText(path, bytes, limits));
  const firstLine = paragraphs[0]?.split('\n')[0] ?? '';
  const title =
    firstLine.length > 0 && firstLine.length <= MAX_TITLE_LENGTH ? firstLine : humanizeFileName(path);
  const text = paragraphs.join('\n\n');
  return { title, sections: text.length > 0 ? [{ headingPath: [], text }] : [] };
}
