import { randomUUID } from 'node:crypto';
import type { CopilotContext } from '../context.js';
import { errorReply, escalateAction, plainReply } from '../replies.js';
import { type ActionPayload, FEEDBACK_REASON_LABELS, FEEDBACK_REASONS, type Reply } from '../reply.js';
import type { Turn } from '../turn.js';
import { refuseUnlessAsker } from '../turn-owner.js';

/** Longest feedback comment kept, in characters. */
export const MAX_FEEDBACK_COMMENT = 2000;

type FeedbackAction = Extract<ActionPayload, { name: 'feedback' }>;

/**
 * Stores a rating for an answer by the person who asked (one per answer; later clicks update it).
 * "Not helpful" without a reason asks for one; with a reason, thanks and offers a person.
 */
export async function recordFeedback(
  ctx: CopilotContext,
  turn: Turn,
  action: FeedbackAction,
): Promise<Reply> {
  const rated = await ctx.store.turns.get(action.turnId);
  if (!rated) return errorReply("I couldn't find that answer any more, so I couldn't record your feedback.");
  const refused = await refuseUnlessAsker(ctx, turn, rated, 'rate');
  if (refused) return refused;
  const now = ctx.clock.now();
  const typed = action.comment?.trim().slice(0, MAX_FEEDBACK_COMMENT);
  const comment = typed ? ctx.pii.mask(typed) : undefined;
  const stored = await ctx.store.feedback.upsert({
    id: randomUUID(),
    turnId: rated.id,
    userId: turn.user.id,
    channel: turn.channel,
    rating: action.rating,
    ...(action.reason ? { reason: action.reason } : {}),
    ...(comment ? { comment } : {}),
    createdAt: now,
    updatedAt: now,
  });
  await ctx.audit.record(turn.user.id, 'feedback.recorded', stored.id, {
    turnId: rated.id,
    rating: stored.rating,
    reason: stored.reason,
  });

  if (action.rating === 'helpful') return plainReply('feedback_thanks', 'Thanks! Glad that helped.');
  if (!action.reason) {
    return plainReply('feedback_reason_request', "Sorry that didn't help. What was wrong with the answer?", {
      visibility: 'asker',
      turnId: rated.id,
      actions: FEEDBACK_REASONS.map((reason) => ({
        label: FEEDBACK_REASON_LABELS[reason],
        payload: { name: 'feedback', turnId: rated.id, rating: 'not_helpful', reason },
      })),
    });
  }
  return plainReply(
    'feedback_thanks',
    'Thanks for telling us. This goes to the people who keep the answers right.',
    {
      visibility: 'asker',
      actions: [escalateAction(rated.id)],
    },
  );
}
