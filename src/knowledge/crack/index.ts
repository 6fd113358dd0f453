import { extname } from 'node:path';
import { CrackError, LumenError, UnsupportedFileError } from '../../core/errors.js';
import type { CrackedDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits, LIMIT_SETTINGS, tooLargeError } from '../file-limits.js';
import { crackDocx } from './docx.js';
import { crackHtml } from './html.js';
import { crackMarkdown } from './markdown.js';
import { crackPdf } from './pdf.js';
import { crackPptx } from './pptx.js';
import { crackText } from './text.js';
import { crackXlsx } from './xlsx.js';

export { readAclList, splitFrontMatter } from './front-matter.js';
export { ACL_META_NAME, crackHtmlString } from './html.js';
export { humanizeFileName } from './humanize-file-name.js';

type Cracker = (
  path: string,
  bytes: Buffer,
  limits: FileLimits,
) => CrackedDocument | Promise<CrackedDocument>;

const CRACKERS: Record<string, Cracker> = {
  '.md': crackMarkdown,
  '.markdown': crackMarkdown,
  '.html': crackHtml,
  '.htm': crackHtml,
  '.txt': crackText,
  '.pdf': crackPdf,
  '.docx': crackDocx,
  '.pptx': crackPptx,
  '.xlsx': crackXlsx,
};

/** File extensions (lowercase, with the dot) that `crackFile` reads. */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.freeze(Object.keys(CRACKERS));

/** Whether `crackFile` reads files with this path's extension. */
export function isSupportedFile(path: string): boolean {
  return Object.hasOwn(CRACKERS, extname(path).toLowerCase());
}

/**
 * Extracts title, sections and in-file metadata from a file, chosen by its extension.
 * Throws UnsupportedFileError for other extensions, CrackError when the file is broken, and
 * RefusedFileError when it is over one of `limits` (its size, what it unpacks to, its
 * text) or is not text where text is expected.
 */
export async function crackFile(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<CrackedDocument> {
  const extension = extname(path).toLowerCase();
  const cracker = Object.hasOwn(CRACKERS, extension) ? CRACKERS[extension] : undefined;
  if (!cracker) {
    throw new UnsupportedFileError(
      path,
      `Cannot read ${path}: unsupported file type ${extension || '(no extension)'}. Supported types are ${SUPPORTED_EXTENSIONS.join(', ')}.`,
    );
  }
  if (bytes.length > limits.maxFileBytes) {
    throw tooLargeError(path, 'the file', limits.maxFileBytes, LIMIT_SETTINGS.maxFileBytes);
  }
  let cracked: CrackedDocument;
  try {
    cracked = await cracker(path, bytes, limits);
  } catch (error) {
    if (error instanceof LumenError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CrackError(path, `Could not read ${path}: ${reason}`, { cause: error });
  }
  const textBytes = cracked.sections.reduce((sum, section) => sum + Buffer.byteLength(section.text), 0);
  if (textBytes > limits.maxTextBytes) {
    throw tooLargeError(path, 'its text', limits.maxTextBytes, LIMIT_SETTINGS.maxTextBytes);
  }
  return cracked;
}
