import { createHash } from 'node:crypto';
import type { Principal } from '../../document.js';

/**
 * The index term for a principal. Principals hold characters the tokenizer would split
 * (`group:hr`), so each is stored as one opaque alphanumeric term in the `acl` column.
 */
export function aclToken(principal: Principal): string {
  return `p${createHash('sha256').update(principal.trim().toLowerCase()).digest('hex').slice(0, 20)}`;
}
