import type { FeedbackReason, Rating, Reply } from '../reply.js';
import type { ChannelKind } from '../turn.js';
import type { HistoryEntry } from './chat-model.js';

/** Who and where, copied onto records so they can be reviewed without the channel. */
export interface Participant {
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  userName?: string;
}

export interface RetrievedRef {
  chunkId: string;
  location: string;
  score: number;
  rank: number;
}

export interface CitationRef {
  n: number;
  chunkId: string;
  title: string;
  location: string;
  url: string;
}

/** One question and what Lumen did with it: the audit and feedback unit. */
export interface TurnRecord extends Participant {
  id: string;
  eventId: string;
  question: string;
  standaloneQuery: string;
  answer: string;
  abstained: boolean;
  retrieved: RetrievedRef[];
  citations: CitationRef[];
  model: string;
  promptVersion: string;
  promptTokens?: number;
  completionTokens?: number;
  retrievalMs: number;
  generationMs: number;
  latencyMs: number;
  /** Guardrails that fired on this turn (sensitive topic, injection attempt...). */
  guardrailFlags?: string[];
  createdAt: Date;
}

export interface FeedbackRecord {
  id: string;
  turnId: string;
  userId: string;
  channel: ChannelKind;
  rating: Rating;
  reason?: FeedbackReason;
  comment?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Feedback joined with the turn it rates, for review and export. */
export interface FeedbackView extends FeedbackRecord {
  turn: TurnRecord;
}

/**
 * Where an escalation stands: `open` (waiting in its queue), `claimed` (a person took it),
 * `waiting_on_employee` (the person asked for more information), `answered` (the answer was
 * delivered), `resolved`, or `closed_no_response` (the employee never replied).
 */
export const ESCALATION_STATUSES = [
  'open',
  'claimed',
  'waiting_on_employee',
  'answered',
  'resolved',
  'closed_no_response',
] as const;
export type EscalationStatus = (typeof ESCALATION_STATUSES)[number];

/** Why an escalation was opened. */
export type EscalationTrigger = 'requested' | 'abstained' | 'feedback' | 'sensitive_topic';

/** What Lumen answered before a person took over, with the sources it used. */
export interface EscalationAttempt {
  answer: string;
  abstained: boolean;
  sources: { title: string; location: string; url: string }[];
}

export interface EscalationRecord extends Participant {
  id: string;
  turnId?: string;
  question: string;
  /** The conversation so far, oldest first. */
  transcript: HistoryEntry[];
  note?: string;
  status: EscalationStatus;
  answer?: string;
  answeredBy?: string;
  /** Named queue it was routed to. */
  queue?: string;
  topic?: string;
  trigger?: EscalationTrigger;
  /** How sure Lumen was of its own attempt, 0..1. */
  confidence?: number;
  attempt?: EscalationAttempt;
  claimedBy?: string;
  claimedAt?: Date;
  resolvedAt?: Date;
  /** When the queue was last reminded of it being unclaimed. */
  remindedAt?: Date;
  /** The employee's answer to "did this help?". */
  helped?: boolean;
  /** The ticket id a webhook queue returned, if any. */
  externalRef?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields of an escalation that change as it moves through its states. */
export type EscalationChanges = Partial<
  Pick<
    EscalationRecord,
    | 'status'
    | 'answer'
    | 'answeredBy'
    | 'queue'
    | 'transcript'
    | 'claimedBy'
    | 'claimedAt'
    | 'resolvedAt'
    | 'remindedAt'
    | 'helped'
    | 'externalRef'
  >
> & { updatedAt: Date };

/** A resolved answer proposed for the knowledge base; Lumen uses it once an owner approves it. */
export interface CuratedEntry {
  id: string;
  escalationId?: string;
  question: string;
  answer: string;
  /** Who may read it: `everyone`, `user:<email>`, `group:<name>`. */
  acl: string[];
  status: 'proposed' | 'approved' | 'rejected';
  proposedBy: string;
  reviewedBy?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Where the next page of a date-ordered listing starts (exclusive). */
export interface PageCursor {
  createdAt: Date;
  id: string;
}

/** A reply waiting for a channel to show it (web conversations poll these). */
export interface OutboxMessage {
  seq: number;
  conversationKey: string;
  reply: Reply;
  createdAt: Date;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: string;
  action: string;
  subject?: string;
  details: Record<string, unknown>;
}

export interface DateRange {
  since?: Date;
  until?: Date;
}

/** The action of the record that says which older records retention removed. */
export const AUDIT_RETENTION_ACTION = 'audit.retention';

/** A position in the audit chain and the hash of the record there. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Records whose link checked out, from the first kept. */
  checked: number;
  /** The position of the first record kept, when retention removed older ones. */
  keptFrom?: number;
  brokenAt?: { seq: number; id: string; reason: string };
}

/** A signed-in admin browser, stored by the hash of its cookie so a database leak signs nobody in. */
export interface AdminSessionRecord {
  idHash: string;
  actor: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A setting admins change while Lumen runs, shared by every replica through the store. */
export interface RuntimeSetting {
  key: string;
  value: unknown;
  updatedBy: string;
  updatedAt: Date;
}

/** Everything stored about one person, for a data subject access request. */
export interface PersonalDataExport {
  lessons: {
    lessonId: string;
    step: string;
    correct: number;
    answered: number;
    startedAt: string;
    completedAt: string | null;
  }[];
  turns: {
    id: string;
    channel: string;
    conversation: string;
    question: string;
    answer: string;
    at: string;
  }[];
  feedback: { turnId: string; rating: string; reason: string | null; comment: string | null; at: string }[];
  escalations: {
    id: string;
    question: string;
    transcript: unknown[];
    note: string | null;
    status: string;
    answer: string | null;
    at: string;
  }[];
}

/** How long each class of data is kept: text older than each date is removed. */
export interface RetentionCutoffs {
  /** Questions, answers and delivered replies. */
  conversationTextBefore?: Date;
  feedbackCommentsBefore?: Date;
}

/** How a channel can reach a conversation later, without being asked (stored on every message). */
export interface ConversationReferenceRecord {
  channel: ChannelKind;
  /** The core's key for the conversation, as `conversationKey(turn)` computes it. */
  conversationKey: string;
  userId: string;
  /** The channel's own opaque reference (a Bot Framework ConversationReference for Teams). */
  reference: Record<string, unknown>;
  updatedAt: Date;
}

/** A reply a channel sent, by the id the channel gave it, so reactions to it find their turn. */
export interface SentMessageRecord {
  channel: ChannelKind;
  messageId: string;
  conversationKey: string;
  turnId: string;
  sentAt: Date;
}

/** A turn being handled: written when it starts and removed when it ends. */
export interface TurnInProgress {
  turnId: string;
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  startedAt: Date;
}
