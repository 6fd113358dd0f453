import { type Kysely, sql } from 'kysely';
import type { TurnInProgress, TurnJournalRepository } from '../core/ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, toEpochMs } from './columns.js';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * The turns in progress in SQL: a row per turn, inserted at its start and deleted at its end.
 * On PostgreSQL the two notes commit without waiting for the write-ahead log to reach the
 * disk (`synchronous_commit = off`): they survive the process stopping or crashing, which
 * is what the journal is for, and keep two log flushes per turn off the way to the answer.
 * Only a crash of the database server can lose the last few: at worst no apology, or one
 * too many. (SQLite in WAL mode does not flush on commit already.)
 */
export function createTurnJournalRepository(
  db: Kysely<Database>,
  dialect: SqlDialect,
): TurnJournalRepository {
  const unflushed = <T>(write: (db: Kysely<Database>) => Promise<T>): Promise<T> => {
    if (dialect !== 'postgresql') return write(db);
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return write(trx);
    });
  };

  return {
    async begin(turn: TurnInProgress): Promise<void> {
      await unflushed((db) =>
        db
          .insertInto('turns_in_progress')
          .values({
            turn_id: turn.turnId,
            channel: turn.channel,
            conversation_key: turn.conversationKey,
            user_id: turn.userId,
            started_at: toEpochMs(turn.startedAt),
          })
          .onConflict((conflict) => conflict.column('turn_id').doNothing())
          .execute(),
      );
    },

    async end(turnId: string): Promise<void> {
      await unflushed((db) => db.deleteFrom('turns_in_progress').where('turn_id', '=', turnId).execute());
    },

    async claimStartedBefore(before: Date, limit: number): Promise<TurnInProgress[]> {
      // Deleting is the claim: when two replicas pick the same rows, the row is gone for
      // the second delete, which returns only what it removed itself.
      const rows = await db
        .deleteFrom('turns_in_progress')
        .where(
          'turn_id',
          'in',
          db
            .selectFrom('turns_in_progress')
            .select('turn_id')
            .where('started_at', '<', toEpochMs(before))
            .orderBy('started_at')
            .limit(limit),
        )
        .returningAll()
        .execute();
      return rows
        .map((row) => ({
          turnId: row.turn_id,
          channel: row.channel as ChannelKind,
          conversationKey: row.conversation_key,
          userId: row.user_id,
          startedAt: fromEpochMs(row.started_at),
        }))
        .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    },
  };
}
