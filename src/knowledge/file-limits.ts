import * as z from 'zod';
import { RefusedFileError } from './refused-file.js';

/** How much of one file Lumen reads, from any source, so a hostile file cannot exhaust memory. */
export interface FileLimits {
  /** Bytes of the file itself (as stored or downloaded). */
  maxFileBytes: number;
  /** Bytes of XML an Office file (DOCX, PPTX, XLSX: a zip) unpacks to, all parts together; pictures are not read. */
  maxInflatedBytes: number;
  /** Bytes (UTF-8) of text extracted from one file. */
  maxTextBytes: number;
}

const MB = 1024 * 1024;

/**
 * Limits that keep the largest allowed file inside a 512 MB heap: the Word converter needs
 * about 40 times the XML it reads (8 MB of XML peaked near 470 MB).
 */
export const DEFAULT_FILE_LIMITS: Readonly<FileLimits> = Object.freeze({
  maxFileBytes: 50 * MB,
  maxInflatedBytes: 8 * MB,
  maxTextBytes: 10 * MB,
});

/** The error for a file over a limit: what, how much, and which setting raises it. */
export function tooLargeError(
  path: string,
  what: string,
  limitBytes: number,
  setting: string,
): RefusedFileError {
  return new RefusedFileError(
    path,
    'too-large',
    `Skipped ${path}: ${what} is over the limit of ${formatMegabytes(limitBytes)}. Split the document, or raise ${setting} if it is trusted.`,
  );
}

/** The setting that raises each limit. */
export const LIMIT_SETTINGS = {
  maxFileBytes: 'LUMEN_MAX_FILE_MB',
  maxInflatedBytes: 'LUMEN_MAX_INFLATED_MB',
  maxTextBytes: 'LUMEN_MAX_TEXT_MB',
} as const satisfies Record<keyof FileLimits, string>;

const megabytes = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, 'must be a whole number of megabytes, at least 1')
  .transform(Number);

/** The settings for file limits, validated with the rest of the configuration. */
export const FILE_LIMIT_SETTINGS = {
  LUMEN_MAX_FILE_MB: megabytes.optional(),
  LUMEN_MAX_INFLATED_MB: megabytes.optional(),
  LUMEN_MAX_TEXT_MB: megabytes.optional(),
};

/** File limits from validated settings; unset ones take the defaults. */
export function fileLimitsOf(s: {
  LUMEN_MAX_FILE_MB?: number | undefined;
  LUMEN_MAX_INFLATED_MB?: number | undefined;
  LUMEN_MAX_TEXT_MB?: number | undefined;
}): FileLimits {
  return {
    maxFileBytes:
      s.LUMEN_MAX_FILE_MB === undefined ? DEFAULT_FILE_LIMITS.maxFileBytes : s.LUMEN_MAX_FILE_MB * MB,
    maxInflatedBytes:
      s.LUMEN_MAX_INFLATED_MB === undefined
        ? DEFAULT_FILE_LIMITS.maxInflatedBytes
        : s.LUMEN_MAX_INFLATED_MB * MB,
    maxTextBytes:
      s.LUMEN_MAX_TEXT_MB === undefined ? DEFAULT_FILE_LIMITS.maxTextBytes : s.LUMEN_MAX_TEXT_MB * MB,
  };
}

/** `50 MB`, `1.5 MB`, `300 KB`. */
export function formatMegabytes(bytes: number): string {
  if (bytes < MB) return `${Math.ceil(bytes / 1024)} KB`;
  const value = bytes / MB;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
}
