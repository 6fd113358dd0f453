import type { Kysely } from 'kysely';
import type { ProcessedEventRepository } from '../core/ports.js';
import { toEpochMs } from './columns.js';
import type { Database } from './database.js';

/** Inbound event keys in SQL; the primary key decides which of several racing claims wins. */
export function createProcessedEventRepository(db: Kysely<Database>): ProcessedEventRepository {
  return {
    async claim(key: string, at: Date): Promise<boolean> {
      const result = await db
        .insertInto('processed_events')
        .values({ key, claimed_at: toEpochMs(at) })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .executeTakeFirst();
      return result.numInsertedOrUpdatedRows === 1n;
    },
  };
}
