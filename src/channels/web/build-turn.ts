import { randomUUID } from 'node:crypto';
import type { ActionPayload } from '../../core/reply.js';
import { conversationKey, type Turn, type TurnUser } from '../../core/turn.js';

/** What a web request contributes to a Turn. */
export interface WebTurnInput {
  sessionId: string;
  conversationId: string;
  user: TurnUser;
  receivedAt: Date;
  text?: string;
  action?: ActionPayload;
}

/**
 * The conversation a browser's chat maps to: scoped by session, so one browser can never
 * name (and poll) another browser's conversation.
 */
export function toWebConversation(sessionId: string, conversationId: string): Turn['conversation'] {
  return { id: `${sessionId}.${conversationId}`, kind: 'direct' };
}

/** The outbox key of a browser's conversation, computed exactly as the core keys the Turn. */
export function toWebConversationKey(sessionId: string, conversationId: string): string {
  return conversationKey({ channel: 'web', conversation: toWebConversation(sessionId, conversationId) });
}

/** Builds the channel-neutral Turn for a web message or action. */
export function toWebTurn(input: WebTurnInput): Turn {
  return {
    id: randomUUID(),
    channel: 'web',
    user: input.user,
    conversation: toWebConversation(input.sessionId, input.conversationId),
    ...(input.text !== undefined ? { text: input.text } : {}),
    ...(input.action !== undefined ? { action: input.action } : {}),
    receivedAt: input.receivedAt,
  };
}
