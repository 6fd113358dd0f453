import type { Kysely, Migration } from 'kysely';

/** The outbox's delivery key; learners and the conversations they were seen in, lesson progress, quiz answers, review cards, campaigns, recipients and the nudge log. */
export function lessonsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('learners')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('email', 'text')
        .addColumn('groups', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('opted_out', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('paused_until', 'bigint')
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('learner_conversations')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('learner_conversations_pk', ['user_id', 'conversation_key'])
        .execute();
      await db.schema
        .createIndex('learner_conversations_key_idx')
        .on('learner_conversations')
        .column('conversation_key')
        .execute();

      await db.schema
        .createTable('lesson_progress')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('confidence_before', 'integer')
        .addColumn('confidence_after', 'integer')
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('useful', 'integer')
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('lesson_progress_pk', ['user_id', 'lesson_id'])
        .execute();
      await db.schema
        .createIndex('lesson_progress_lesson_idx')
        .on('lesson_progress')
        .column('lesson_id')
        .execute();

      await db.schema
        .createTable('quiz_answers')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('question', 'integer', (c) => c.notNull())
        .addColumn('choice', 'integer', (c) => c.notNull())
        .addColumn('correct', 'integer', (c) => c.notNull())
        .addColumn('review', 'integer', (c) => c.notNull())
        .addColumn('answered_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('quiz_answers_lesson_idx').on('quiz_answers').column('lesson_id').execute();

      await db.schema
        .createTable('review_cards')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text', (c) => c.notNull())
        .addColumn('question', 'integer', (c) => c.notNull())
        .addColumn('due', 'bigint', (c) => c.notNull())
        .addColumn('card', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('review_cards_pk', ['user_id', 'lesson_id', 'question'])
        .execute();
      await db.schema
        .createIndex('review_cards_user_due_idx')
        .on('review_cards')
        .columns(['user_id', 'due'])
        .execute();

      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('lesson_id', 'text')
        .addColumn('message', 'text')
        .addColumn('audience', 'text', (c) => c.notNull())
        .addColumn('starts_at', 'bigint', (c) => c.notNull())
        .addColumn('delivery_window', 'text', (c) => c.notNull())
        .addColumn('reminders', 'text', (c) => c.notNull())
        .addColumn('caps', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('campaign_recipients')
        .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('conversation_key', 'text', (c) => c.notNull())
        .addColumn('time_zone', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('next_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('lease_until', 'bigint')
        .addColumn('last_sent_at', 'bigint')
        .addColumn('sent_count', 'integer', (c) => c.notNull())
        .addColumn('opened_at', 'bigint')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('campaign_recipients_pk', ['campaign_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('campaign_recipients_due_idx')
        .on('campaign_recipients')
        .columns(['state', 'next_at'])
        .execute();

      await db.schema
        .createTable('nudge_log')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('campaign_id', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('nudge_log_user_idx')
        .on('nudge_log')
        .columns(['user_id', 'sent_at'])
        .execute();

      // A nudge delivered through the outbox (web, CLI) is stored once per delivery key.
      await db.schema.alterTable('outbox').addColumn('delivery_key', 'text').execute();
      await db.schema
        .createIndex('outbox_delivery_key_idx')
        .on('outbox')
        .column('delivery_key')
        .unique()
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropIndex('outbox_delivery_key_idx').ifExists().execute();
      await db.schema.alterTable('outbox').dropColumn('delivery_key').execute();
      for (const table of [
        'nudge_log',
        'campaign_recipients',
        'campaigns',
        'review_cards',
        'quiz_answers',
        'lesson_progress',
        'learner_conversations',
        'learners',
      ]) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
