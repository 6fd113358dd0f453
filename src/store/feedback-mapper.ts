import type { Insertable, Selectable } from 'kysely';
import type { FeedbackRecord } from '../core/ports.js';
import type { FeedbackReason, Rating } from '../core/reply.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, fromNullable, toEpochMs, toNullable } from './columns.js';
import type { FeedbackTable } from './database.js';

/** A feedback record as a `feedback` row. */
export function toFeedbackRow(feedback: FeedbackRecord): Insertable<FeedbackTable> {
  return {
    id: feedback.id,
    turn_id: feedback.turnId,
    user_id: feedback.userId,
    channel: feedback.channel,
    rating: feedback.rating,
    reason: toNullable(feedback.reason),
    comment: toNullable(feedback.comment),
    created_at: toEpochMs(feedback.createdAt),
    updated_at: toEpochMs(feedback.updatedAt),
  };
}

/** A `feedback` row as a record; a NULL reason or comment comes back absent. */
export function fromFeedbackRow(row: Selectable<FeedbackTable>): FeedbackRecord {
  const feedback: FeedbackRecord = {
    id: row.id,
    turnId: row.turn_id,
    userId: row.user_id,
    channel: row.channel as ChannelKind,
    rating: row.rating as Rating,
    createdAt: fromEpochMs(row.created_at),
    updatedAt: fromEpochMs(row.updated_at),
  };
  const reason = fromNullable(row.reason);
  if (reason !== undefined) feedback.reason = reason as FeedbackReason;
  const comment = fromNullable(row.comment);
  if (comment !== undefined) feedback.comment = comment;
  return feedback;
}
