import type { Stats } from 'node:fs';

import { constants, open } from 'node:fs/promises';
import { LIMIT_SETTINGS, tooLargeError } from '../file-limits.js';
import { RefusedFileError } from '../refused-file.js';

const CHUNK = 1024 * 1024;

/** What a directory entry or a stat says about a file's type. */
type FileKind = Pick<
  Stats,
  'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory' | 'isSymbolicLink'
>;

/**
 * Reads a regular file, never a device, FIFO or socket, and never through a link at its
 * last step (the file is opened without following links, then checked on the open handle,
 * so nothing can be swapped in between). Refuses a file over `maxBytes` before reading it,
 * and stops reading one that grows past it. `shownAs` names the file in errors.
 */
export async function readRegularFile(
  absolute: string,
  shownAs: string,
  maxBytes: number,
): Promise<{ bytes: Buffer; modified: Date }> {
  // Non-blocking, so opening a FIFO does not wait for a writer.
  const handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw specialFileError(shownAs, info);
    if (info.size > maxBytes) throw tooLargeError(shownAs, 'the file', maxBytes, LIMIT_SETTINGS.maxFileBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      chunks.push(chunk.subarray(0, bytesRead));
      if (total > maxBytes) throw tooLargeError(shownAs, 'the file', maxBytes, LIMIT_SETTINGS.maxFileBytes);
    }
    return { bytes: Buffer.concat(chunks, total), modified: info.mtime };
  } finally {
    await handle.close();
  }
}

/** The refusal for anything that is not a regular file or a folder. */
export function specialFileError(shownAs: string, info: FileKind): RefusedFileError {
  return new RefusedFileError(
    shownAs,
    'special-file',
    `Skipped ${shownAs}: it is ${kindOf(info)}, not a regular file; Lumen never reads devices, FIFOs or sockets. Remove it from the knowledge folder.`,
  );
}

function kindOf(info: FileKind): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isDirectory()) return 'a folder';
  if (info.isSymbolicLink()) return 'a link';
  return 'a special file';
}
