import type { Kysely } from 'kysely';
import type { DateRange, PageCursor, TurnRecord, TurnRepository } from '../core/ports.js';
import { toEpochMs } from './columns.js';
import type { Database } from './database.js';
import { fromTurnRow, toTurnRow } from './turn-mapper.js';

/** Turns in SQL. `list` returns the newest first; `since` is inclusive, `until` exclusive. */
export function createTurnRepository(db: Kysely<Database>): TurnRepository {
  return {
    async insert(turn: TurnRecord): Promise<void> {
      await db.insertInto('turns').values(toTurnRow(turn)).execute();
    },

    async get(id: string): Promise<TurnRecord | undefined> {
      const row = await db.selectFrom('turns').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromTurnRow(row);
    },

    async recent(conversationKey: string, limit: number): Promise<TurnRecord[]> {
      if (limit <= 0) return [];
      const rows = await db
        .selectFrom('turns')
        .selectAll()
        .where('conversation_key', '=', conversationKey)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.reverse().map(fromTurnRow);
    },

    async list(range: DateRange & { limit?: number }): Promise<TurnRecord[]> {
      let query = db.selectFrom('turns').selectAll();
      if (range.since !== undefined) query = query.where('created_at', '>=', toEpochMs(range.since));
      if (range.until !== undefined) query = query.where('created_at', '<', toEpochMs(range.until));
      if (range.limit !== undefined) query = query.limit(range.limit);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
      return rows.map(fromTurnRow);
    },

    async page(range: DateRange, after: PageCursor | undefined, limit: number): Promise<TurnRecord[]> {
      let query = db.selectFrom('turns').selectAll();
      if (range.since !== undefined) query = query.where('created_at', '>=', toEpochMs(range.since));
      if (range.until !== undefined) query = query.where('created_at', '<', toEpochMs(range.until));
      if (after !== undefined) {
        const at = toEpochMs(after.createdAt);
        query = query.where((eb) =>
          eb.or([eb('created_at', '>', at), eb.and([eb('created_at', '=', at), eb('id', '>', after.id)])]),
        );
      }
      const rows = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
      return rows.map(fromTurnRow);
    },
  };
}
