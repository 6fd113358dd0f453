import { LIMIT_SETTINGS, tooLargeError } from '../file-limits.js';

/**
 * Reads an HTTP response body, refusing it (and cancelling the download) as soon as it
 * passes `maxBytes`, or at once when its declared length already does. `shownAs` names the
 * file in the error.
 */
export async function readLimitedBody(
  response: Response,
  shownAs: string,
  maxBytes: number,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const tooLarge = () => tooLargeError(shownAs, 'the file', maxBytes, LIMIT_SETTINGS.maxFileBytes);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
