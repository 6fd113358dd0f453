import { CrackError } from '../../core/errors.js';
import type { CrackedDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { crackHtmlString } from './html.js';
import { checkZipXmlSize } from './zip-parts.js';

/** Word's Title style becomes a top heading; Heading 1..6 map to h1..h6 by default. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh"];

/**
 * Cracks DOCX by converting it to HTML (headings become h1..h6) and reading that. Its XML
 * is first inflated once, counting, so a zip bomb is refused before the converter unpacks
 * it; pictures are never read (left out rather than inlined).
 */
export async function crackDocx(
  path: string,
  bytes: Buffer,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): Promise<CrackedDocument> {
  checkZipXmlSize(path, bytes, limits.maxInflatedBytes);
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      { styleMap: STYLE_MAP, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = result.value;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, '');
    throw new CrackError(path, `Could not read DOCX ${path}: ${reason}. Is it a valid Word document?`, {
      cause: error,
    });
  }
  return crackHtmlString(path, html);
}
