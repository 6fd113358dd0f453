import { EVERYONE, type Principal } from '../knowledge-types.js';
import type { Turn, TurnUser } from '../turn.js';

/** Everything a person may read as: everyone's content, their own, and their groups'. */
export function userPrincipals(user: TurnUser): Principal[] {
  const principals = new Set<Principal>([EVERYONE]);
  if (user.email) principals.add(`user:${user.email.toLowerCase()}`);
  if (user.aadObjectId) principals.add(`user:${user.aadObjectId.toLowerCase()}`);
  for (const group of user.groups ?? []) principals.add(`group:${group.toLowerCase()}`);
  return [...principals];
}

/** Who may read a reply to this turn, and whether more than the asker will see it. */
export interface Readers {
  principals: Principal[];
  shared: boolean;
}

/**
 * In a direct conversation Lumen retrieves as the asker; where several people read the
 * reply it uses only what all of them may read (the conversation's audience, public
 * content by default).
 */
export function readersOf(turn: Turn): Readers {
  if (turn.conversation.kind === 'direct') return { principals: userPrincipals(turn.user), shared: false };
  const audience = turn.conversation.audience?.length ? turn.conversation.audience : [EVERYONE];
  return { principals: [...new Set(audience.map((p) => p.toLowerCase()))], shared: true };
}

/**
 * Whether a user matches any configured admin principal (`user:`, `group:` or a channel user
 * id). Someone whose identity the channel could not verify never does.
 */
export function isAdmin(user: TurnUser, admins: readonly Principal[]): boolean {
  if (admins.length === 0 || user.unverified) return false;
  const mine = new Set([...userPrincipals(user), `user:${user.id.toLowerCase()}`]);
  return admins.some((admin) => mine.has(admin.toLowerCase()));
}
