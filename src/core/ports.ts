import type { CampaignRepository } from './campaigns/campaign.js';
import type { Chunk, Principal } from './knowledge-types.js';
import type { LessonRepository } from './lessons/lesson-ports.js';
import type { FeedbackReason, Rating, Reply } from './reply.js';
import type { ChannelKind } from './turn.js';

export { noTracer, type SpanAttributes, type Tracer } from './ports/tracer.js';

/** Wall-clock time, injected so tests control it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Whether a backend is reachable, for `doctor` and `/healthz`. */
export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

// ---------------------------------------------------------------- knowledge index

export interface SearchQuery {
  text: string;
  /** The reader's principals; only chunks whose ACL shares one of them may be returned. */
  principals: Principal[];
  top: number;
}

export interface SearchHit {
  chunk: Chunk;
  /** Backend-specific relevance; higher is better. Comparable only within one result list. */
  score: number;
  /**
   * How much of the query the chunk covers, 0..1, weighted by how rare each term is.
   * The core uses it to decide whether the evidence is enough to answer.
   */
  coverage: number;
  /** The passage that best answers the query (a semantic caption), shown with the citation. */
  snippet?: string;
}

/** What the index knows about a document, so ingestion can skip unchanged ones. */
export interface IndexedDocument {
  id: string;
  hash: string;
  chunkCount: number;
  /** Path relative to its source root, as used in citation labels. */
  path: string;
  acl: Principal[];
}

export interface KnowledgeIndex {
  readonly name: string;
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** Replaces every chunk of the given documents with these. */
  replaceDocument(document: Omit<IndexedDocument, 'chunkCount'>, chunks: Chunk[]): Promise<void>;
  deleteDocuments(documentIds: string[]): Promise<void>;
  /** Documents indexed from one source system whose ids start with `idPrefix`. */
  listDocuments(idPrefix: string): Promise<IndexedDocument[]>;
  getDocument(documentId: string): Promise<IndexedDocument | undefined>;
  stats(): Promise<{ documents: number; chunks: number }>;
  check(): Promise<HealthCheck>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- chat model

/** A source handed to the model, numbered as it must be cited. */
export interface NumberedSource {
  n: number;
  chunk: Chunk;
  /** Passage to show with the citation instead of the chunk's opening. */
  snippet?: string;
  /** The search's score for it (higher is better), when the index gives one. */
  score?: number;
}

export interface HistoryEntry {
  role: 'user' | 'assistant';
  text: string;
}

export interface AnswerRequest {
  question: string;
  /** The question rewritten to stand alone (equal to `question` when it already does). */
  standaloneQuestion: string;
  history: HistoryEntry[];
  sources: NumberedSource[];
  locale?: string;
}

export interface ModelAnswer {
  /** Markdown with `[n]` markers referring to `sources`. */
  text: string;
  /** True when the sources did not support an answer. */
  abstained: boolean;
  model: string;
  promptVersion: string;
  usage?: { promptTokens: number; completionTokens: number };
  /** Short notice for the reader, e.g. that a fallback answered. */
  notice?: string;
  /** True when the text is passages of the sources as they are, put together without a model writing. */
  quoted?: boolean;
}

/** Writes answers from numbered sources. Implementations never state what no source says. */
export interface ChatModel {
  readonly name: string;
  answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer>;
  /**
   * Rewrites a follow-up into a standalone search query; `undefined` when the model has no
   * opinion and the core's own rewrite should be used.
   */
  rewriteQuery?(question: string, history: HistoryEntry[]): Promise<string | undefined>;
  check(): Promise<HealthCheck>;
}

// ---------------------------------------------------------------- store

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
export type EscalationStatus =
  | 'open'
  | 'claimed'
  | 'waiting_on_employee'
  | 'answered'
  | 'resolved'
  | 'closed_no_response';

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

export interface TurnRepository {
  insert(turn: TurnRecord): Promise<void>;
  get(id: string): Promise<TurnRecord | undefined>;
  /** The latest turns of a conversation, oldest first. */
  recent(conversationKey: string, limit: number): Promise<TurnRecord[]>;
  list(range: DateRange & { limit?: number }): Promise<TurnRecord[]>;
  /** Turns in the range, oldest first, starting after `after`: one page of a full scan. */
  page(range: DateRange, after: PageCursor | undefined, limit: number): Promise<TurnRecord[]>;
}

export interface FeedbackRepository {
  /** One feedback per turn and user: a second rating or a reason updates the first. */
  upsert(feedback: FeedbackRecord): Promise<FeedbackRecord>;
  list(range: DateRange & { limit?: number }): Promise<FeedbackView[]>;
  /** Feedback given in the range, oldest first, starting after `after`: one page of a full scan. */
  page(range: DateRange, after: PageCursor | undefined, limit: number): Promise<FeedbackView[]>;
}

export interface EscalationRepository {
  insert(escalation: EscalationRecord): Promise<void>;
  get(id: string): Promise<EscalationRecord | undefined>;
  list(
    filter: DateRange & {
      status?: EscalationStatus;
      turnId?: string;
      conversationKey?: string;
      limit?: number;
    },
  ): Promise<EscalationRecord[]>;
  update(id: string, changes: EscalationChanges): Promise<EscalationRecord | undefined>;
}

export interface CuratedRepository {
  insert(entry: CuratedEntry): Promise<void>;
  get(id: string): Promise<CuratedEntry | undefined>;
  list(filter: { status?: CuratedEntry['status']; limit?: number }): Promise<CuratedEntry[]>;
  update(
    id: string,
    changes: Partial<Pick<CuratedEntry, 'status' | 'reviewedBy' | 'answer' | 'acl'>> & { updatedAt: Date },
  ): Promise<CuratedEntry | undefined>;
}

export interface OutboxRepository {
  append(conversationKey: string, reply: Reply, at: Date): Promise<OutboxMessage>;
  /** Appends unless a message with this delivery key was appended before; true when appended. */
  appendOnce?(conversationKey: string, reply: Reply, at: Date, deliveryKey: string): Promise<boolean>;
  /** Messages of a conversation after `afterSeq`, oldest first. */
  after(conversationKey: string, afterSeq: number): Promise<OutboxMessage[]>;
}

/**
 * Append-only: there is no update or delete. Each record carries a keyed hash (HMAC) over
 * itself and the hash of the one before, under a key kept outside the database.
 */
export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  list(range: DateRange & { limit?: number }): Promise<AuditEvent[]>;
  /** The newest record's position and hash, to keep outside the store (undefined when empty). */
  head(): Promise<AuditHead | undefined>;
  /**
   * Re-computes the hash chain from the first record kept and reports the first broken link.
   * Given a head recorded earlier, also fails when that record is gone or differs.
   */
  verify(options?: { head?: AuditHead }): Promise<AuditVerification>;
  /**
   * Retention: removes the oldest records, those before `before`, stopping at the first one
   * whose actor is in `keepActors` (legal hold) and never removing the newest. `notice` is
   * appended first, its details completed with the last removed position and its hash, so
   * `verify` can tell retention from tampering. Returns how many records were removed.
   */
  expireBefore(before: Date, keepActors: readonly string[], notice: AuditEvent): Promise<number>;
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

/** Admin web sessions shared by every replica. */
export interface AdminSessionRepository {
  insert(session: AdminSessionRecord): Promise<void>;
  /** The session if it exists and has not expired at `now`. */
  get(idHash: string, now: Date): Promise<AdminSessionRecord | undefined>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: Date): Promise<number>;
}

/** Remembers which inbound events were handled, so a redelivered event is answered once. */
export interface ProcessedEventRepository {
  /** Returns true when the key was new (and records it), false when it was seen before. */
  claim(key: string, at: Date): Promise<boolean>;
}

/** A setting admins change while Lumen runs, shared by every replica through the store. */
export interface RuntimeSetting {
  key: string;
  value: unknown;
  updatedBy: string;
  updatedAt: Date;
}

export interface SettingsRepository {
  get(key: string): Promise<RuntimeSetting | undefined>;
  set(setting: RuntimeSetting): Promise<void>;
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

export interface PrivacyRepository {
  exportUser(userIds: string[]): Promise<PersonalDataExport>;
  /** Replaces the person's ids with `pseudonym` and empties what they wrote; rows (and counts) stay. */
  eraseUser(
    userIds: string[],
    pseudonym: string,
  ): Promise<{ turns: number; feedback: number; escalations: number; messages: number; lessons: number }>;
  /** Removes text past its retention, except for people under legal hold. */
  purge(
    cutoffs: RetentionCutoffs,
    heldUserIds: string[],
  ): Promise<{ conversationText: number; feedbackComments: number; messages: number }>;
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

export interface ConversationReferenceRepository {
  /** Inserts or replaces the reference of a conversation. */
  save(record: ConversationReferenceRecord): Promise<void>;
  get(conversationKey: string): Promise<ConversationReferenceRecord | undefined>;
}

/** A reply a channel sent, by the id the channel gave it, so reactions to it find their turn. */
export interface SentMessageRecord {
  channel: ChannelKind;
  messageId: string;
  conversationKey: string;
  turnId: string;
  sentAt: Date;
}

export interface SentMessageRepository {
  record(message: SentMessageRecord): Promise<void>;
  find(channel: ChannelKind, messageId: string): Promise<SentMessageRecord | undefined>;
}

/**
 * What connectors remember between syncs: each scope's state (delta link, cursor,
 * checkpoint) as JSON, the items a running full crawl has seen, and a lease so only one
 * process syncs a source at a time.
 */
export interface SourceSyncRepository {
  getState<T>(scope: string): Promise<T | undefined>;
  putState(scope: string, state: unknown, at: Date): Promise<void>;
  deleteState(scope: string): Promise<void>;
  addSeen(scope: string, itemIds: readonly string[]): Promise<void>;
  listSeen(scope: string): Promise<string[]>;
  clearSeen(scope: string): Promise<void>;
  /** Takes the lease when it is free, expired, or already held by `holder`. */
  acquireLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}

/** A turn being handled: written when it starts and removed when it ends. */
export interface TurnInProgress {
  turnId: string;
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  startedAt: Date;
}

/**
 * Turns in progress, shared by every replica. An entry that outlives any real turn
 * belongs to a process that stopped mid-turn, and its asker is owed an apology.
 */
export interface TurnJournalRepository {
  begin(turn: TurnInProgress): Promise<void>;
  end(turnId: string): Promise<void>;
  /** Removes and returns up to `limit` entries started before `before`; each is returned to one caller only. */
  claimStartedBefore(before: Date, limit: number): Promise<TurnInProgress[]>;
}

export interface Store {
  readonly name: string;
  readonly turns: TurnRepository;
  readonly feedback: FeedbackRepository;
  readonly escalations: EscalationRepository;
  readonly curated: CuratedRepository;
  readonly adminSessions: AdminSessionRepository;
  readonly outbox: OutboxRepository;
  readonly audit: AuditRepository;
  readonly processedEvents: ProcessedEventRepository;
  readonly settings: SettingsRepository;
  readonly privacy: PrivacyRepository;
  readonly conversationReferences: ConversationReferenceRepository;
  readonly sentMessages: SentMessageRepository;
  readonly sourceSync: SourceSyncRepository;
  readonly lessons: LessonRepository;
  readonly campaigns: CampaignRepository;
  readonly turnJournal: TurnJournalRepository;
  check(): Promise<HealthCheck>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- identity

/**
 * Finds the groups a person belongs to in the directory the connectors' ACLs name (Entra
 * object ids for SharePoint), so retrieval can match group-restricted content. Returns the
 * group names or ids as they appear after `group:` in ACLs; empty when unknown.
 */
export interface GroupResolver {
  groupsOf(user: { id: string; email?: string; aadObjectId?: string }): Promise<string[]>;
}

// ---------------------------------------------------------------- messenger

/** Where an unsolicited message goes: the conversation a turn came from. */
export interface DeliveryTarget {
  channel: ChannelKind;
  conversationKey: string;
  userId: string;
  /** Identifies one message, so a channel that can may drop a repeat sent after a crash. */
  deliveryKey?: string;
}

/** What a channel tells about a message it delivered. */
export interface Delivered {
  /** The channel's own reference to the message, for `replace`. */
  messageRef?: string;
}

/** Sends messages nobody asked for right now (escalation answers, nudges). */
export interface Messenger {
  // biome-ignore lint/suspicious/noConfusingVoidType: a messenger that cannot say where a message went returns nothing
  deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered | void>;
  /**
   * Puts `reply` in place of a message delivered before; false when the channel cannot
   * edit messages (or this one), so the caller sends a new message instead.
   */
  replace?(target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean>;
}

// ---------------------------------------------------------------- logging

export type LogFields = Record<string, unknown>;

/** Structured logging; message bodies stay out of logs unless a caller adds them on purpose. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that drops everything, for tests and library use. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
