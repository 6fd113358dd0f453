import type { CopilotContext } from './context.js';
import { isAdmin } from './governance/principals.js';
import type { TurnRecord } from './ports.js';
import { plainReply } from './replies.js';
import type { Reply } from './reply.js';
import type { Turn } from './turn.js';

/**
 * Only the person who asked (or an admin) may act on an answered turn: rate it, or hand it
 * to a person. Anyone else gets a refusal, and the attempt is audited; undefined when allowed.
 */
export async function refuseUnlessAsker(
  ctx: Pick<CopilotContext, 'admins' | 'audit'>,
  turn: Turn,
  answered: Pick<TurnRecord, 'id' | 'userId'>,
  doing: 'rate' | 'escalate',
): Promise<Reply | undefined> {
  if (answered.userId === turn.user.id || isAdmin(turn.user, ctx.admins)) return undefined;
  await ctx.audit.record(turn.user.id, 'turn.action_refused', answered.id, { action: doing });
  const text =
    doing === 'rate'
      ? 'Only the person who asked can rate this answer. Ask your own question to rate what you get.'
      : 'Only the person who asked can pass this answer to a person. Ask your question yourself, or say "talk to a human".';
  return plainReply('error', text, { visibility: 'asker' });
}
