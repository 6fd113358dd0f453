import type { Kysely, Migration } from 'kysely';

/**
 * Sync state for the SharePoint and Confluence connectors: each scope's delta link or
 * cursor and checkpoint, the items a full crawl has seen so far (so a resumed crawl still
 * knows what vanished), and the lease that lets one replica sync at a time.
 */
export function sourceSyncMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('source_sync_state')
        .addColumn('scope', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('source_sync_seen')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('source_sync_seen_pk', ['scope', 'item_id'])
        .execute();
      await db.schema
        .createTable('sync_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['sync_leases', 'source_sync_seen', 'source_sync_state']) {
        await db.schema.dropTable(table).ifExists().execute();
      }
    },
  };
}
