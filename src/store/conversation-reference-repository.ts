import type { Kysely } from 'kysely';
import type { ConversationReferenceRecord, ConversationReferenceRepository } from '../core/ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, fromJson, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';

/** Conversation references in SQL, one row per conversation key; the latest save wins. */
export function createConversationReferenceRepository(db: Kysely<Database>): ConversationReferenceRepository {
  return {
    async save(record: ConversationReferenceRecord): Promise<void> {
      const values = {
        conversation_key: record.conversationKey,
        channel: record.channel,
        user_id: record.userId,
        reference: toJson(record.reference),
        updated_at: toEpochMs(record.updatedAt),
      };
      await db
        .insertInto('conversation_references')
        .values(values)
        .onConflict((conflict) =>
          conflict.column('conversation_key').doUpdateSet({
            channel: values.channel,
            user_id: values.user_id,
            reference: values.reference,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    },

    async get(conversationKey: string): Promise<ConversationReferenceRecord | undefined> {
      const row = await db
        .selectFrom('conversation_references')
        .selectAll()
        .where('conversation_key', '=', conversationKey)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        channel: row.channel as ChannelKind,
        conversationKey: row.conversation_key,
        userId: row.user_id,
        reference: fromJson<Record<string, unknown>>(row.reference),
        updatedAt: fromEpochMs(row.updated_at),
      };
    },
  };
}
