import type { Kysely, Migration } from 'kysely';

const ESCALATION_COLUMNS: [string, 'text' | 'bigint' | 'integer' | 'real'][] = [
  ['queue', 'text'],
  ['topic', 'text'],
  ['trigger', 'text'],
  ['confidence', 'real'],
  ['attempt', 'text'],
  ['claimed_by', 'text'],
  ['claimed_at', 'bigint'],
  ['resolved_at', 'bigint'],
  ['reminded_at', 'bigint'],
  ['helped', 'integer'],
  ['external_ref', 'text'],
];

/**
 * Escalation queues: routing, claim and resolution columns on `escalations`, guardrail flags
 * on `turns`, `curated_entries` for answers promoted into the knowledge base, and
 * `admin_sessions` for the admin page's sign-ins.
 */
export function escalationQueuesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const [name, type] of ESCALATION_COLUMNS) {
        await db.schema.alterTable('escalations').addColumn(name, type).execute();
      }
      await db.schema.createIndex('escalations_turn_idx').on('escalations').column('turn_id').execute();
      await db.schema
        .createIndex('escalations_conversation_status_idx')
        .on('escalations')
        .columns(['conversation_key', 'status'])
        .execute();
      await db.schema.alterTable('turns').addColumn('guardrail_flags', 'text').execute();
      await db.schema
        .createTable('curated_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('escalation_id', 'text', (c) => c.references('escalations.id').onDelete('set null'))
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answer', 'text', (c) => c.notNull())
        .addColumn('acl', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('proposed_by', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('curated_entries_status_idx')
        .on('curated_entries')
        .columns(['status', 'created_at'])
        .execute();
      await db.schema
        .createTable('admin_sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('admin_sessions_expires_idx')
        .on('admin_sessions')
        .column('expires_at')
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('admin_sessions').ifExists().execute();
      await db.schema.dropTable('curated_entries').ifExists().execute();
      await db.schema.alterTable('turns').dropColumn('guardrail_flags').execute();
      await db.schema.dropIndex('escalations_conversation_status_idx').ifExists().execute();
      await db.schema.dropIndex('escalations_turn_idx').ifExists().execute();
      for (const [name] of [...ESCALATION_COLUMNS].reverse()) {
        await db.schema.alterTable('escalations').dropColumn(name).execute();
      }
    },
  };
}
