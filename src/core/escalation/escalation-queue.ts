import { asPlainName, asPlainText } from '../governance/plain-text.js';
import type { EscalationAttempt, EscalationRecord, EscalationStatus, HistoryEntry } from '../ports.js';

/** What happened to a queue item, so a queue can update its post or ticket. */
export type QueueEvent =
  | 'claimed'
  | 'info_requested'
  | 'employee_replied'
  | 'answered'
  | 'resolved'
  | 'reopened'
  | 'reassigned'
  | 'reminder'
  | 'closed_no_response';

/** The buttons a queue shows next to an item; a queue maps them onto its own controls. */
export const QUEUE_ACTIONS = ['claim', 'reply', 'request_info', 'reassign', 'resolve'] as const;

/** What a person working a queue sees: the question and everything needed to answer it. */
export interface QueueItem {
  escalationId: string;
  queue: string;
  status: EscalationStatus;
  question: string;
  /** The conversation so far, oldest first. */
  conversation: HistoryEntry[];
  attempt?: EscalationAttempt;
  topic?: string;
  /** How sure Lumen was of its own attempt, 0..1. */
  confidence?: number;
  trigger?: string;
  employee: { id: string; name?: string; channel: string };
  note?: string;
  claimedBy?: string;
  answer?: string;
  createdAt: string;
  actions: readonly string[];
}

/** A place people work escalations: a Slack channel, a Teams channel, a ticketing webhook. */
export interface EscalationQueue {
  readonly kind: string;
  /** Posts a new item; may return the queue's own reference (ticket number, message ts). */
  post(item: QueueItem): Promise<{ externalRef?: string }>;
  /** Tells the queue an item changed, referring to the reference `post` returned. */
  update(item: QueueItem, event: QueueEvent, externalRef?: string): Promise<void>;
}

/**
 * The queue item for an escalation as it is now. What the employee wrote (the question,
 * their side of the conversation, their note and name) is plain text: no link labels, no
 * mentions, whatever they typed.
 */
export function toQueueItem(e: EscalationRecord): QueueItem {
  return {
    escalationId: e.id,
    queue: e.queue ?? 'default',
    status: e.status,
    question: asPlainText(e.question),
    conversation: e.transcript.map((entry) =>
      entry.role === 'user' ? { ...entry, text: asPlainText(entry.text) } : entry,
    ),
    ...(e.attempt ? { attempt: e.attempt } : {}),
    ...(e.topic ? { topic: e.topic } : {}),
    ...(e.confidence !== undefined ? { confidence: e.confidence } : {}),
    ...(e.trigger ? { trigger: e.trigger } : {}),
    employee: { id: e.userId, ...(e.userName ? { name: asPlainName(e.userName) } : {}), channel: e.channel },
    ...(e.note ? { note: asPlainText(e.note) } : {}),
    ...(e.claimedBy ? { claimedBy: e.claimedBy } : {}),
    ...(e.answer ? { answer: e.answer } : {}),
    createdAt: e.createdAt.toISOString(),
    actions: QUEUE_ACTIONS,
  };
}
