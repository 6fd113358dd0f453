import type { ColumnType, Generated } from 'kysely';
import type { EpochMs } from './columns.js';
import type { LessonTables } from './lesson-tables.js';

/** A row of `turns`; JSON columns hold serialized arrays. */
export interface TurnTable {
  id: string;
  event_id: string;
  channel: string;
  conversation_key: string;
  user_id: string;
  user_name: string | null;
  question: string;
  standalone_query: string;
  answer: string;
  /** 0 or 1: SQLite has no boolean type. */
  abstained: number;
  retrieved: string;
  citations: string;
  model: string;
  prompt_version: string;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  retrieval_ms: number;
  generation_ms: number;
  latency_ms: number;
  /** JSON array of guardrail flags, or NULL when none fired. */
  guardrail_flags: string | null;
  created_at: EpochMs;
}

/** A row of `feedback`, unique per (turn_id, user_id). */
export interface FeedbackTable {
  id: string;
  turn_id: string;
  user_id: string;
  channel: string;
  rating: string;
  reason: string | null;
  comment: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A row of `escalations`; `transcript` is serialized JSON. */
export interface EscalationTable {
  id: string;
  turn_id: string | null;
  channel: string;
  conversation_key: string;
  user_id: string;
  user_name: string | null;
  question: string;
  transcript: string;
  note: string | null;
  status: string;
  answer: string | null;
  answered_by: string | null;
  queue: string | null;
  topic: string | null;
  trigger: string | null;
  confidence: number | null;
  /** JSON of the attempt Lumen made before handing over. */
  attempt: string | null;
  claimed_by: string | null;
  claimed_at: EpochMs | null;
  resolved_at: EpochMs | null;
  reminded_at: EpochMs | null;
  /** 1 helped, 0 did not, NULL not asked or not answered. */
  helped: number | null;
  external_ref: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A row of `curated_entries`; `acl` is a JSON array of principals. */
export interface CuratedEntryTable {
  id: string;
  escalation_id: string | null;
  question: string;
  answer: string;
  acl: string;
  status: string;
  proposed_by: string;
  reviewed_by: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A row of `outbox`; `seq` is assigned by the database and only grows. */
export interface OutboxTable {
  seq: Generated<number>;
  conversation_key: string;
  reply: string;
  created_at: EpochMs;
  /** Unique when set: a message that must be stored once (migration 003). */
  delivery_key: ColumnType<string | null, string | null | undefined, never>;
}

/** A row of `audit_events`; `details` is serialized JSON. */
export interface AuditEventTable {
  id: string;
  at: EpochMs;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  /** Position in the tamper-evident chain (null only before the chain migration ran). */
  seq: ColumnType<number | string | null, number, number>;
  prev_hash: string | null;
  hash: string | null;
}

/** A row of `settings`: a run-time setting with a JSON value. */
export interface SettingTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: EpochMs;
}

/** A row of `processed_events`: one per inbound event key ever claimed. */
export interface ProcessedEventTable {
  key: string;
  claimed_at: EpochMs;
}

/** A row of `conversation_references`: one per conversation key; `reference` is serialized JSON. */
export interface ConversationReferenceTable {
  conversation_key: string;
  channel: string;
  user_id: string;
  reference: string;
  updated_at: EpochMs;
}

/** A row of `sent_messages`: a channel's message id and the turn it answered. */
export interface SentMessageTable {
  channel: string;
  message_id: string;
  conversation_key: string;
  turn_id: string;
  sent_at: EpochMs;
}

/** A row of `admin_sessions`: a signed-in admin browser, by the SHA-256 of its cookie. */
export interface AdminSessionTable {
  id_hash: string;
  actor: string;
  created_at: EpochMs;
  expires_at: EpochMs;
}

/** A row of `source_sync_state`: one connector scope's serialized sync state. */
export interface SourceSyncStateTable {
  scope: string;
  state: string;
  updated_at: EpochMs;
}

/** A row of `source_sync_seen`: an item a running full crawl has listed. */
export interface SourceSyncSeenTable {
  scope: string;
  item_id: string;
}

/** A row of `sync_leases`: who runs a sync until when. */
export interface SyncLeaseTable {
  name: string;
  holder: string;
  expires_at: EpochMs;
}

/** A row of `turns_in_progress`: a turn started and not yet ended. */
export interface TurnInProgressTable {
  turn_id: string;
  channel: string;
  conversation_key: string;
  user_id: string;
  started_at: EpochMs;
}

/** The schema the repositories query, as the migrations create it. */
export interface Database extends LessonTables {
  turns: TurnTable;
  feedback: FeedbackTable;
  escalations: EscalationTable;
  curated_entries: CuratedEntryTable;
  admin_sessions: AdminSessionTable;
  outbox: OutboxTable;
  audit_events: AuditEventTable;
  processed_events: ProcessedEventTable;
  settings: SettingTable;
  conversation_references: ConversationReferenceTable;
  sent_messages: SentMessageTable;
  source_sync_state: SourceSyncStateTable;
  source_sync_seen: SourceSyncSeenTable;
  sync_leases: SyncLeaseTable;
  turns_in_progress: TurnInProgressTable;
}
