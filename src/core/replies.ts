import type { Citation, Reply, ReplyAction, ReplyKind } from './reply.js';

/** What Lumen says when the sources the reader may see do not answer the question. */
export const ABSTAIN_TEXT =
  "I couldn't find this in the sources you can access, so I won't guess. Would you like me to pass your question to a person?";

/** A reply with no citations and no AI text: notices, confirmations, errors. */
export function plainReply(kind: ReplyKind, text: string, extra: Partial<Reply> = {}): Reply {
  return { kind, text, citations: [], actions: [], aiGenerated: false, visibility: 'conversation', ...extra };
}

/** A short, safe apology for something that went wrong; details go to the log only. */
export function errorReply(text: string, actions: ReplyAction[] = []): Reply {
  return plainReply('error', text, { actions });
}

/** The buttons every answer carries: rate it, or hand it to a person. */
export function answerActions(turnId: string): ReplyAction[] {
  return [
    { label: 'Helpful', payload: { name: 'feedback', turnId, rating: 'helpful' } },
    { label: 'Not helpful', payload: { name: 'feedback', turnId, rating: 'not_helpful' } },
    escalateAction(turnId),
  ];
}

export function escalateAction(turnId?: string): ReplyAction {
  return { label: 'Talk to a human', payload: { name: 'escalate', ...(turnId ? { turnId } : {}) } };
}

/** An answer: model-written (`aiGenerated`) unless `quoted`, when it only quotes its sources. */
export function answerReply(
  turnId: string,
  text: string,
  citations: Citation[],
  notice?: string,
  quoted = false,
): Reply {
  return {
    kind: 'answer',
    text,
    citations,
    actions: answerActions(turnId),
    aiGenerated: !quoted,
    ...(quoted ? { quoted: true } : {}),
    visibility: 'conversation',
    turnId,
    ...(notice ? { notice } : {}),
  };
}

export function abstainReply(turnId: string, notice?: string): Reply {
  return {
    kind: 'abstain',
    text: ABSTAIN_TEXT,
    citations: [],
    // Nothing to rate: the useful next step is a person.
    actions: [{ ...escalateAction(turnId), label: 'Ask a person', style: 'primary' }],
    aiGenerated: false,
    visibility: 'conversation',
    turnId,
    ...(notice ? { notice } : {}),
  };
}
