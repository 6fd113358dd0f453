import type { Kysely, Migration } from 'kysely';

/** Turns being handled, so one cut short by a crash or a kill can be apologised for later. */
export function turnsInProgressMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('turns_in_progress')
        .addColumn('turn_id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('turns_in_progress_started_idx')
        .on('turns_in_progress')
        .column('started_at')
        .execute();
    },
  };
}
