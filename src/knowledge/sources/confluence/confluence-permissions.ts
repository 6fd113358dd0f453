import { EVERYONE, type Principal } from '../../document.js';

/** A read restriction as `/rest/api/content/{id}/restriction/byOperation/read` or the `restrictions.read` expansion returns it. */
export interface ReadRestriction {
  restrictions?: {
    user?: { results?: { accountId?: string; email?: string; username?: string }[] };
    group?: { results?: { name?: string; id?: string }[] };
  };
}

/** The principals a read restriction names; empty when the content is not restricted. */
export function restrictionPrincipals(restriction: ReadRestriction | undefined): Principal[] {
  const out = new Set<Principal>();
  for (const user of restriction?.restrictions?.user?.results ?? []) {
    const id = user.accountId ?? user.username;
    if (id) out.add(`user:${id.toLowerCase()}`);
    if (user.email) out.add(`user:${user.email.toLowerCase()}`);
  }
  for (const group of restriction?.restrictions?.group?.results ?? []) {
    if (group.name) out.add(`group:${group.name.toLowerCase()}`);
  }
  return [...out];
}

/**
 * Who may read a page: the space's readers when neither the page nor any ancestor is
 * restricted; otherwise only the principals every restriction on the way down names,
 * since Confluence requires passing each of them. A person named only by a group on one
 * level and by their account on another is left out: Lumen cannot tell they are the same
 * person, and leaving someone out is the safe mistake. Empty means nobody Lumen can name.
 */
export function pageAcl(
  spaceReaders: readonly Principal[],
  restrictions: readonly Principal[][],
): Principal[] {
  const levels = restrictions.filter((r) => r.length > 0);
  if (levels.length === 0) return spaceReaders.includes(EVERYONE) ? [EVERYONE] : [...spaceReaders].sort();
  let allowed = new Set(levels[0]);
  for (const level of levels.slice(1)) allowed = new Set(level.filter((p) => allowed.has(p)));
  return [...allowed].sort();
}
