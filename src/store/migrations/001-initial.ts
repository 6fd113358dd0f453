import type { Kysely, Migration } from 'kysely';
import type { SqlDialect } from '../sql-dialect.js';

/** The first schema: turns, feedback, escalations, outbox, audit events and processed events. */
export function initialMigration(dialect: SqlDialect): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('turns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('standalone_query', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('abstained', 'integer', (c) => c.notNull())
        .addColumn('retrieved', 'text', (c) => c.notNull())
        .addColumn('citations', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('prompt_version', 'text', (c) => c.notNull())
        .addColumn('prompt_tokens', 'integer')
        .addColumn('completion_tokens', 'integer')
        .addColumn('retrieval_ms', 'integer', (c) => c.notNull())
        .addColumn('generation_ms', 'integer', (c) => c.notNull())
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('turns_conversation_created_idx')
        .on('turns')
        .columns(['conversation_key', 'created_at'])
        .execute();
      await db.schema.createIndex('turns_created_idx').on('turns').column('created_at').execute();

      await db.schema
        .createTable('feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('turn_id', 'text', (c) => c.notNull().references('turns.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('rating', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('comment', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('feedback_turn_user_unique', ['turn_id', 'user_id'])
        .execute();
      await db.schema.createIndex('feedback_created_idx').on('feedback').column('created_at').execute();

      await db.schema
        .createTable('escalations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('turn_id', 'text', (c) => c.references('turns.id').onDelete('set null'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('user_name', 'text')
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('transcript', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('answer', 'text')
        .addColumn('answered_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('escalations_status_created_idx')
        .on('escalations')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema.createIndex('escalations_created_idx').on('escalations').column('created_at').execute();

      await db.schema
        .createTable('outbox')
        // SQLite assigns an INTEGER PRIMARY KEY from the rowid; PostgreSQL needs an identity column.
        .addColumn('seq', 'integer', (c) =>
          dialect === 'postgresql'
            ? c.generatedByDefaultAsIdentity().primaryKey()
            : c.primaryKey().autoIncrement(),
        )
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('reply', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('outbox_conversation_seq_idx')
        .on('outbox')
        .columns(['conversation_key', 'seq'])
        .execute();

      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_events_at_idx').on('audit_events').column('at').execute();

      await db.schema
        .createTable('processed_events')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('claimed_at', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of [
        'processed_events',
        'audit_events',
        'outbox',
        'escalations',
        'feedback',
        'turns',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
