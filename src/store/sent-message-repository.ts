import type { Kysely } from 'kysely';
import type { SentMessageRecord, SentMessageRepository } from '../core/ports.js';
import type { ChannelKind } from '../core/turn.js';
import { fromEpochMs, toEpochMs } from './columns.js';
import type { Database } from './database.js';

/** Sent messages in SQL, keyed by channel and the channel's message id; re-recording is a no-op. */
export function createSentMessageRepository(db: Kysely<Database>): SentMessageRepository {
  return {
    async record(message: SentMessageRecord): Promise<void> {
      await db
        .insertInto('sent_messages')
        .values({
          channel: message.channel,
          message_id: message.messageId,
          conversation_key: message.conversationKey,
          turn_id: message.turnId,
          sent_at: toEpochMs(message.sentAt),
        })
        .onConflict((conflict) => conflict.columns(['channel', 'message_id']).doNothing())
        .execute();
    },

    async find(channel: ChannelKind, messageId: string): Promise<SentMessageRecord | undefined> {
      const row = await db
        .selectFrom('sent_messages')
        .selectAll()
        .where('channel', '=', channel)
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        channel: row.channel as ChannelKind,
        messageId: row.message_id,
        conversationKey: row.conversation_key,
        turnId: row.turn_id,
        sentAt: fromEpochMs(row.sent_at),
      };
    },
  };
}
