import type { Activity } from 'botbuilder';
import * as z from 'zod';
import { parseActionPayload } from '../../core/action-schemas.js';
import type { ActionPayload, Rating } from '../../core/reply.js';

/** The key under which Lumen's cards put an action payload in their submit data. */
export const ACTION_DATA_KEY = 'lumenAction';

/** Card submit data carrying an action payload. */
export function toSubmitData(payload: ActionPayload): Record<string, unknown> {
  return { [ACTION_DATA_KEY]: payload };
}

/**
 * The action payload a card submit (a message with `value`) or a Universal Action invoke
 * carries; `undefined` when it carries none, `'invalid'` when it is not one Lumen made.
 */
export function parseCardAction(value: unknown): ActionPayload | 'invalid' | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  const raw =
    data[ACTION_DATA_KEY] ??
    (data.action as { data?: Record<string, unknown> } | undefined)?.data?.[ACTION_DATA_KEY];
  if (raw === undefined) return undefined;
  return parseActionPayload(raw) ?? 'invalid';
}

/** What the Teams feedback loop sends when someone rates an answer. */
export interface NativeFeedback {
  /** The id of the bot message that was rated, when the client names it (`replyToId`). */
  messageId?: string;
  rating: Rating;
  comment?: string;
}

const feedbackInvoke = z.object({
  actionName: z.literal('feedback'),
  actionValue: z.object({
    reaction: z.enum(['like', 'dislike']),
    feedback: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  }),
});

/**
 * Parses a `message/submitAction` feedback invoke; `undefined` when it is not one. Some
 * clients (the Agents Playground) leave out `replyToId`; the message is then not named.
 */
export function parseNativeFeedback(activity: Partial<Activity>): NativeFeedback | undefined {
  const parsed = feedbackInvoke.safeParse(activity.value);
  if (!parsed.success) return undefined;
  const { reaction, feedback } = parsed.data.actionValue;
  const comment = feedbackText(feedback);
  return {
    ...(activity.replyToId ? { messageId: activity.replyToId } : {}),
    rating: reaction === 'like' ? 'helpful' : 'not_helpful',
    ...(comment ? { comment } : {}),
  };
}

/** Teams sends the typed text as a JSON string `{"feedbackText": "..."}`; the Playground as plain text. */
function feedbackText(feedback: string | Record<string, unknown> | undefined): string | undefined {
  if (feedback === undefined) return undefined;
  let value: unknown = feedback;
  if (typeof feedback === 'string') {
    try {
      value = JSON.parse(feedback);
    } catch {
      return feedback.trim() || undefined;
    }
    if (!value || typeof value !== 'object') return feedback.trim() || undefined;
  }
  const text = (value as { feedbackText?: unknown } | null)?.feedbackText;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}
