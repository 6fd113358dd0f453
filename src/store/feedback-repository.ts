import type { Kysely } from 'kysely';
import type {
  DateRange,
  FeedbackRecord,
  FeedbackRepository,
  FeedbackView,
  PageCursor,
} from '../core/ports.js';
import { toEpochMs } from './columns.js';
import type { Database } from './database.js';
import { fromFeedbackRow, toFeedbackRow } from './feedback-mapper.js';
import { fromTurnRow } from './turn-mapper.js';

/**
 * Feedback in SQL, one row per (turn, user). `list` returns the newest first by when the
 * feedback was first given; `since` is inclusive, `until` exclusive.
 */
export function createFeedbackRepository(db: Kysely<Database>): FeedbackRepository {
  return {
    async upsert(feedback: FeedbackRecord): Promise<FeedbackRecord> {
      // One statement, so two replicas rating the same turn at once cannot create two rows;
      // the first id and created_at stay, the latest rating, reason and comment win.
      const row = await db
        .insertInto('feedback')
        .values(toFeedbackRow(feedback))
        .onConflict((conflict) =>
          conflict.columns(['turn_id', 'user_id']).doUpdateSet((eb) => ({
            rating: eb.ref('excluded.rating'),
            reason: eb.ref('excluded.reason'),
            comment: eb.ref('excluded.comment'),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromFeedbackRow(row);
    },

    async list(range: DateRange & { limit?: number }): Promise<FeedbackView[]> {
      let query = selectViews(db);
      if (range.since !== undefined) query = query.where('feedback.created_at', '>=', toEpochMs(range.since));
      if (range.until !== undefined) query = query.where('feedback.created_at', '<', toEpochMs(range.until));
      if (range.limit !== undefined) query = query.limit(range.limit);
      const rows = await query
        .orderBy('feedback.created_at', 'desc')
        .orderBy('feedback.id', 'desc')
        .execute();
      return rows.map(toView);
    },

    async page(range: DateRange, after: PageCursor | undefined, limit: number): Promise<FeedbackView[]> {
      let query = selectViews(db);
      if (range.since !== undefined) query = query.where('feedback.created_at', '>=', toEpochMs(range.since));
      if (range.until !== undefined) query = query.where('feedback.created_at', '<', toEpochMs(range.until));
      if (after !== undefined) {
        const at = toEpochMs(after.createdAt);
        query = query.where((eb) =>
          eb.or([
            eb('feedback.created_at', '>', at),
            eb.and([eb('feedback.created_at', '=', at), eb('feedback.id', '>', after.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('feedback.created_at', 'asc')
        .orderBy('feedback.id', 'asc')
        .limit(limit)
        .execute();
      return rows.map(toView);
    },
  };
}

function selectViews(db: Kysely<Database>) {
  return db
    .selectFrom('feedback')
    .innerJoin('turns', 'turns.id', 'feedback.turn_id')
    .selectAll('turns')
    .select([
      'feedback.id as feedback_id',
      'feedback.user_id as feedback_user_id',
      'feedback.channel as feedback_channel',
      'feedback.rating as feedback_rating',
      'feedback.reason as feedback_reason',
      'feedback.comment as feedback_comment',
      'feedback.created_at as feedback_created_at',
      'feedback.updated_at as feedback_updated_at',
    ]);
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];

function toView(row: ViewRow): FeedbackView {
  return {
    ...fromFeedbackRow({
      id: row.feedback_id,
      turn_id: row.id,
      user_id: row.feedback_user_id,
      channel: row.feedback_channel,
      rating: row.feedback_rating,
      reason: row.feedback_reason,
      comment: row.feedback_comment,
      created_at: row.feedback_created_at,
      updated_at: row.feedback_updated_at,
    }),
    turn: fromTurnRow(row),
  };
}
