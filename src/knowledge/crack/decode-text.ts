import { type FileLimits, LIMIT_SETTINGS, tooLargeError } from '../file-limits.js';
import { RefusedFileError } from '../refused-file.js';

/** Decodes file bytes as text: UTF-8 by default, UTF-16 when a byte order mark says so; drops the BOM. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Share of undecodable or control characters above which a "text" file is binary noise. */
const NOISE_SHARE = 0.1;

/**
 * Decodes a text-like file (plain text, Markdown, HTML) for indexing. Refuses it when its
 * text is over the extracted-text limit, or when it is binary noise (many bytes that are
 * not text in UTF-8 or UTF-16: NULs, control characters, invalid sequences).
 */
export function decodeReadableText(path: string, bytes: Uint8Array, limits: FileLimits): string {
  const text = decodeText(bytes);
  if (text.length > limits.maxTextBytes) {
    throw tooLargeError(path, 'its text', limits.maxTextBytes, LIMIT_SETTINGS.maxTextBytes);
  }
  let noise = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (
      code === 0xfffd ||
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
      (code >= 0x7f && code <= 0x9f)
    ) {
      noise++;
    }
  }
  if (text.length > 0 && noise / text.length > NOISE_SHARE) {
    throw new RefusedFileError(
      path,
      'not-text',
      `Skipped ${path}: it is not text (${Math.round((noise / text.length) * 100)}% of it is control characters or bytes that are not UTF-8 or UTF-16). Save it as UTF-8 text, or remove it from the knowledge folder.`,
    );
  }
  return text;
}
