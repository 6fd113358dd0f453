import { CrackError } from '../core/errors.js';

/**
 * Why a file was refused: a link, a special file (device, FIFO, socket), a permission
 * declaration that cannot be read without doubt, a file over a limit, or binary noise.
 */
export type RefusalKind = 'link' | 'special-file' | 'permissions' | 'too-large' | 'not-text';

/** Every refusal kind, in the order a summary lists them. */
export const REFUSAL_KINDS: readonly RefusalKind[] = [
  'link',
  'special-file',
  'permissions',
  'too-large',
  'not-text',
];

/** A file Lumen will not index, for a reason the operator should see (not a broken file). */
export class RefusedFileError extends CrackError {
  constructor(
    path: string,
    readonly kind: RefusalKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(path, message, options);
  }
}
