import type { Kysely, Migration } from 'kysely';

/**
 * References for reaching conversations later (proactive messages) and the messages
 * channels sent, so feedback on a message finds the turn it answered.
 */
export function conversationReferencesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('conversation_references')
        .addColumn('conversation_key', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sent_messages')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('turn_id', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('sent_messages_pk', ['channel', 'message_id'])
        .execute();
      await db.schema.createIndex('sent_messages_sent_idx').on('sent_messages').column('sent_at').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('sent_messages').ifExists().execute();
      await db.schema.dropTable('conversation_references').ifExists().execute();
    },
  };
}
