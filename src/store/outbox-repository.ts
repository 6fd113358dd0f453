import type { Kysely } from 'kysely';
import type { OutboxMessage, OutboxRepository } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import { fromEpochMs, fromJson, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';

/** Outbound replies in SQL, numbered by one database-wide sequence that only grows. */
export function createOutboxRepository(db: Kysely<Database>): OutboxRepository {
  return {
    async append(conversationKey: string, reply: Reply, at: Date): Promise<OutboxMessage> {
      const { seq } = await db
        .insertInto('outbox')
        .values({ conversation_key: conversationKey, reply: toJson(reply), created_at: toEpochMs(at) })
        .returning('seq')
        .executeTakeFirstOrThrow();
      return { seq: Number(seq), conversationKey, reply, createdAt: at };
    },

    async appendOnce(conversationKey: string, reply: Reply, at: Date, deliveryKey: string): Promise<boolean> {
      const result = await db
        .insertInto('outbox')
        .values({
          conversation_key: conversationKey,
          reply: toJson(reply),
          created_at: toEpochMs(at),
          delivery_key: deliveryKey,
        })
        .onConflict((oc) => oc.column('delivery_key').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async after(conversationKey: string, afterSeq: number): Promise<OutboxMessage[]> {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('conversation_key', '=', conversationKey)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .execute();
      return rows.map((row) => ({
        seq: Number(row.seq),
        conversationKey: row.conversation_key,
        reply: fromJson<Reply>(row.reply),
        createdAt: fromEpochMs(row.created_at),
      }));
    },
  };
}
