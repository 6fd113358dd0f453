import type { Insertable, Selectable } from 'kysely';
import type {
  EscalationAttempt,
  EscalationRecord,
  EscalationStatus,
  EscalationTrigger,
  HistoryEntry,
} from '../core/ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, fromJson, fromNullable, toEpochMs, toJson, toNullable } from './columns.js';
import type { EscalationTable } from './database.js';

/** An escalation as an `escalations` row. */
export function toEscalationRow(escalation: EscalationRecord): Insertable<EscalationTable> {
  return {
    id: escalation.id,
    turn_id: toNullable(escalation.turnId),
    channel: escalation.channel,
    conversation_key: escalation.conversationKey,
    user_id: escalation.userId,
    user_name: toNullable(escalation.userName),
    question: escalation.question,
    transcript: toJson(escalation.transcript),
    note: toNullable(escalation.note),
    status: escalation.status,
    answer: toNullable(escalation.answer),
    answered_by: toNullable(escalation.answeredBy),
    queue: toNullable(escalation.queue),
    topic: toNullable(escalation.topic),
    trigger: toNullable(escalation.trigger),
    confidence: toNullable(escalation.confidence),
    attempt: escalation.attempt ? toJson(escalation.attempt) : null,
    claimed_by: toNullable(escalation.claimedBy),
    claimed_at: escalation.claimedAt ? toEpochMs(escalation.claimedAt) : null,
    resolved_at: escalation.resolvedAt ? toEpochMs(escalation.resolvedAt) : null,
    reminded_at: escalation.remindedAt ? toEpochMs(escalation.remindedAt) : null,
    helped: escalation.helped === undefined ? null : escalation.helped ? 1 : 0,
    external_ref: toNullable(escalation.externalRef),
    created_at: toEpochMs(escalation.createdAt),
    updated_at: toEpochMs(escalation.updatedAt),
  };
}

/** An `escalations` row as a record; optional fields stored as NULL come back absent. */
export function fromEscalationRow(row: Selectable<EscalationTable>): EscalationRecord {
  const escalation: EscalationRecord = {
    id: row.id,
    channel: row.channel as ChannelKind,
    conversationKey: row.conversation_key,
    userId: row.user_id,
    question: row.question,
    transcript: fromJson<HistoryEntry[]>(row.transcript),
    status: row.status as EscalationStatus,
    createdAt: fromEpochMs(row.created_at),
    updatedAt: fromEpochMs(row.updated_at),
  };
  const turnId = fromNullable(row.turn_id);
  if (turnId !== undefined) escalation.turnId = turnId;
  const userName = fromNullable(row.user_name);
  if (userName !== undefined) escalation.userName = userName;
  const note = fromNullable(row.note);
  if (note !== undefined) escalation.note = note;
  const answer = fromNullable(row.answer);
  if (answer !== undefined) escalation.answer = answer;
  const answeredBy = fromNullable(row.answered_by);
  if (answeredBy !== undefined) escalation.answeredBy = answeredBy;
  if (row.queue !== null) escalation.queue = row.queue;
  if (row.topic !== null) escalation.topic = row.topic;
  if (row.trigger !== null) escalation.trigger = row.trigger as EscalationTrigger;
  if (row.confidence !== null) escalation.confidence = Number(row.confidence);
  if (row.attempt !== null) escalation.attempt = fromJson<EscalationAttempt>(row.attempt);
  if (row.claimed_by !== null) escalation.claimedBy = row.claimed_by;
  if (row.claimed_at !== null) escalation.claimedAt = fromEpochMs(row.claimed_at);
  if (row.resolved_at !== null) escalation.resolvedAt = fromEpochMs(row.resolved_at);
  if (row.reminded_at !== null) escalation.remindedAt = fromEpochMs(row.reminded_at);
  if (row.helped !== null) escalation.helped = Number(row.helped) === 1;
  if (row.external_ref !== null) escalation.externalRef = row.external_ref;
  return escalation;
}
