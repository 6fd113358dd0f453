import type { CopilotContext } from '../context.js';
import { escalateAction, plainReply } from '../replies.js';
import type { Reply } from '../reply.js';
import type { Turn } from '../turn.js';
import { isAdmin } from './principals.js';

/**
 * What stands before answering a question: the admins' pause, and the person's rate and
 * daily budget. Returns the reply to give instead of an answer, or undefined to go on.
 */
export async function gateQuestion(ctx: CopilotContext, turn: Turn): Promise<Reply | undefined> {
  const answering = await ctx.answering.state();
  if (answering.paused) {
    return plainReply(
      'notice',
      'Answering questions is paused by the Lumen admins for now. Lessons still work, and I can pass your question to a person.',
      { actions: [escalateAction()] },
    );
  }
  const decision = ctx.usage.admit(personOf(turn), ctx.clock.now());
  if (decision.ok) return undefined;
  await ctx.audit.record(turn.user.id, 'limits.refused', undefined, {
    reason: decision.reason,
    channel: turn.channel,
  });
  if (decision.reason === 'rate') {
    return plainReply(
      'notice',
      `I didn't take that question: you've asked a lot of questions in the last minute. Nothing was queued, so please send it again in ${decision.retryAfterSeconds} seconds.`,
      { visibility: 'asker', retryAfterSeconds: decision.retryAfterSeconds },
    );
  }
  return plainReply(
    'notice',
    "You've reached today's limit for answers written by the AI model. Please try again tomorrow, or ask a person.",
    { visibility: 'asker', actions: [escalateAction()] },
  );
}

/** The key limits are counted under: the person on their channel. */
export function personOf(turn: Turn): string {
  return `${turn.channel}:${turn.user.id}`;
}

/** `admin pause` / `admin resume`, for admins only; every change is audited. */
export async function runAnsweringCommand(
  ctx: CopilotContext,
  turn: Turn,
  command: 'pause' | 'resume',
): Promise<Reply> {
  if (!isAdmin(turn.user, ctx.admins)) {
    await ctx.audit.record(turn.user.id, 'admin.denied', undefined, { command });
    return plainReply('error', 'That command is only for Lumen admins.', { visibility: 'asker' });
  }
  await ctx.answering.set(command === 'pause', turn.user.id);
  await ctx.audit.record(turn.user.id, `admin.answering.${command}`, undefined, { channel: turn.channel });
  return plainReply(
    'admin',
    command === 'pause'
      ? 'Answering is paused for everyone. Lessons, feedback and hand-offs to people keep working. Say `admin resume` to turn answers back on.'
      : 'Answering is back on.',
    { visibility: 'asker' },
  );
}
