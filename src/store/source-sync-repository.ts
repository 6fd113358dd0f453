import type { Kysely } from 'kysely';
import type { SourceSyncRepository } from '../core/ports.js';
import { fromJson, toEpochMs, toJson } from './columns.js';
import type { Database } from './database.js';

const SEEN_BATCH = 200;

/** Connector sync state and leases in SQL; the lease row's primary key settles races. */
export function createSourceSyncRepository(db: Kysely<Database>): SourceSyncRepository {
  return {
    async getState<T>(scope: string): Promise<T | undefined> {
      const row = await db
        .selectFrom('source_sync_state')
        .select('state')
        .where('scope', '=', scope)
        .executeTakeFirst();
      return row ? fromJson<T>(row.state) : undefined;
    },

    async putState(scope: string, state: unknown, at: Date): Promise<void> {
      const values = { scope, state: toJson(state), updated_at: toEpochMs(at) };
      await db
        .insertInto('source_sync_state')
        .values(values)
        .onConflict((c) =>
          c.column('scope').doUpdateSet({ state: values.state, updated_at: values.updated_at }),
        )
        .execute();
    },

    async deleteState(scope: string): Promise<void> {
      await db.deleteFrom('source_sync_state').where('scope', '=', scope).execute();
    },

    async addSeen(scope: string, itemIds: readonly string[]): Promise<void> {
      const unique = [...new Set(itemIds)];
      for (let i = 0; i < unique.length; i += SEEN_BATCH) {
        await db
          .insertInto('source_sync_seen')
          .values(unique.slice(i, i + SEEN_BATCH).map((item_id) => ({ scope, item_id })))
          .onConflict((c) => c.columns(['scope', 'item_id']).doNothing())
          .execute();
      }
    },

    async listSeen(scope: string): Promise<string[]> {
      const rows = await db
        .selectFrom('source_sync_seen')
        .select('item_id')
        .where('scope', '=', scope)
        .execute();
      return rows.map((r) => r.item_id);
    },

    async clearSeen(scope: string): Promise<void> {
      await db.deleteFrom('source_sync_seen').where('scope', '=', scope).execute();
    },

    async acquireLease(name: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
      const expiresAt = toEpochMs(now) + ttlMs;
      const result = await db
        .insertInto('sync_leases')
        .values({ name, holder, expires_at: expiresAt })
        .onConflict((c) =>
          c
            .column('name')
            .doUpdateSet({ holder, expires_at: expiresAt })
            .where((eb) =>
              eb.or([
                eb('sync_leases.expires_at', '<', toEpochMs(now)),
                eb('sync_leases.holder', '=', holder),
              ]),
            ),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async releaseLease(name: string, holder: string): Promise<void> {
      await db.deleteFrom('sync_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
