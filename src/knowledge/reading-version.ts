/**
 * Changes whenever Lumen would read the same file into other text (a cracker or the
 * chunking changed): a folder's files are read again on the next ingest, though their bytes
 * are the same.
 */
export const READING_VERSION = 4;
