import type { Insertable, Selectable } from 'kysely';
import type { EscalationRecord, EscalationStatus, HistoryEntry } from '../core/ports.js';
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
  return escalation;
}
