import type { CampaignRepository } from '../campaigns/campaign.js';
import type { LessonRepository } from '../lessons/lesson-ports.js';
import type { Reply } from '../reply.js';
import type { ChannelKind } from '../turn.js';
import type { HealthCheck } from './health.js';
import type {
  AdminSessionRecord,
  AuditEvent,
  AuditHead,
  AuditVerification,
  ConversationReferenceRecord,
  CuratedEntry,
  DateRange,
  EscalationChanges,
  EscalationRecord,
  EscalationStatus,
  FeedbackRecord,
  FeedbackView,
  OutboxMessage,
  PageCursor,
  PersonalDataExport,
  RetentionCutoffs,
  RuntimeSetting,
  SentMessageRecord,
  TurnInProgress,
  TurnRecord,
} from './records.js';

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

export interface SettingsRepository {
  get(key: string): Promise<RuntimeSetting | undefined>;
  set(setting: RuntimeSetting): Promise<void>;
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

export interface ConversationReferenceRepository {
  /** Inserts or replaces the reference of a conversation. */
  save(record: ConversationReferenceRecord): Promise<void>;
  get(conversationKey: string): Promise<ConversationReferenceRecord | undefined>;
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
