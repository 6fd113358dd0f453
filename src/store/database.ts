import type { ColumnType, Generated } from 'kysely';
import type { LessonTables } from './lesson-tables.js';

/**
 * Milliseconds since the Unix epoch, stored as a 64-bit integer on both databases.
 * PostgreSQL's driver returns `bigint` as a string, so reads accept either.
 */
export type EpochMs = ColumnType<number | string, number, number>;

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
}

/** A row of `processed_events`: one per inbound event key ever claimed. */
export interface ProcessedEventTable {
  key: string;
  claimed_at: EpochMs;
}

/** The schema the repositories query, as the migrations create it. */
export interface Database extends LessonTables {
  turns: TurnTable;
  feedback: FeedbackTable;
  escalations: EscalationTable;
  outbox: OutboxTable;
  audit_events: AuditEventTable;
  processed_events: ProcessedEventTable;
}
