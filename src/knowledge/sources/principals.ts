import { EVERYONE, type Principal } from '../document.js';
import { RefusedFileError } from '../refused-file.js';

const PREFIXED = /^(user|group):\s*(.+)$/;

/**
 * Normalizes one principal as people write it: lowercase, `everyone` as is, `user:x` and
 * `group:x` kept, a bare email treated as `user:<email>` and any other bare name as
 * `group:<name>`. Other prefixes (`role:x`) are rejected, since guessing would change who
 * can read. Returns undefined for an empty entry.
 */
export function normalizePrincipal(value: string, path: string): Principal | undefined {
  const principal = value.trim().toLowerCase();
  if (principal.length === 0) return undefined;
  if (principal === EVERYONE) return EVERYONE;
  const prefixed = PREFIXED.exec(principal);
  if (prefixed) return `${prefixed[1]}:${prefixed[2]!.trim()}`;
  const colon = principal.indexOf(':');
  if (colon > 0 && !principal.slice(0, colon).includes('@')) {
    throw new RefusedFileError(
      path,
      'permissions',
      `Principal '${value}' in the acl of ${path} has an unknown prefix '${principal.slice(0, colon)}:'. Use 'everyone', 'user:<id or email>' or 'group:<name>'.`,
    );
  }
  return principal.includes('@') ? `user:${principal}` : `group:${principal}`;
}

/**
 * Normalizes an ACL, dropping duplicates. An explicit but empty list is an error: it would
 * hide the document from everyone, and `everyone` must be written out to publish it.
 */
export function normalizeAcl(values: readonly string[], path: string): Principal[] {
  const acl = [
    ...new Set(values.map((value) => normalizePrincipal(value, path)).filter((p) => p !== undefined)),
  ];
  if (acl.length === 0) {
    throw new RefusedFileError(
      path,
      'permissions',
      `The acl of ${path} lists no principals. Write 'everyone' for public content or list users and groups.`,
    );
  }
  return acl;
}

/** Whether two ACLs name the same principals, in any order. */
export function sameAcl(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((principal) => set.has(principal));
}
