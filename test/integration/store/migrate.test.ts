import type { Kysely, Migration } from 'kysely';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/core/errors.js';
import { connectStore } from '../../../src/store/connect-store.js';
import { openStore } from '../../../src/store/index.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { listMigrations } from '../../../src/store/migrations/index.js';
import { storeBackends } from './store-backends.js';

/** A migration that creates a table and then fails. */
const brokenMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('scratch').addColumn('id', 'integer').execute();
    throw new Error('boom');
  },
};

describe.each(storeBackends)('migrateToLatest ($name)', (backend) => {
  it('rolls a failing migration back completely and names it in a BackendError', async () => {
    const location = await backend.createLocation();
    await (await openStore(location)).close();

    const connection = await connectStore(location);
    try {
      const provider = {
        getMigrations: async () => ({ ...listMigrations(connection.dialect), '999-broken': brokenMigration }),
      };
      const error = await migrateToLatest(connection, provider).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect((error as Error).message).toContain('at migration 999-broken: boom');
    } finally {
      await connection.db.destroy();
    }

    await expect(backend.queryValue(location, 'select count(*) from scratch')).rejects.toThrow();
    expect(Number(await backend.queryValue(location, 'select count(*) from kysely_migration'))).toBe(
      Object.keys(listMigrations(connection.dialect)).length,
    );
  });

  it('applies a migration added after the database was migrated, and nothing when none is pending', async () => {
    const location = await backend.createLocation();
    await (await openStore(location)).close();
    const connection = await connectStore(location);
    try {
      const added: Migration = {
        async up(db: Kysely<unknown>) {
          await db.schema.createTable('added_later').addColumn('id', 'integer').execute();
        },
      };
      const provider = {
        getMigrations: async () => ({ ...listMigrations(connection.dialect), '999-added': added }),
      };
      await migrateToLatest(connection, provider);
      // Up to date: the same migrations again change nothing and do not fail.
      await migrateToLatest(connection, provider);
    } finally {
      await connection.db.destroy();
    }
    expect(Number(await backend.queryValue(location, 'select count(*) from added_later'))).toBe(0);
    expect(Number(await backend.queryValue(location, 'select count(*) from kysely_migration'))).toBe(
      Object.keys(listMigrations(backend.name)).length + 1,
    );
  });

  it('lets several stores open a fresh database at once and migrates it once', async () => {
    const location = await backend.createLocation();
    // better-sqlite3 is synchronous, so same-process SQLite connections cannot wait on each
    // other's locks; racing replicas is a PostgreSQL concern.
    const count = backend.name === 'postgresql' ? 4 : 1;
    const stores = await Promise.all(Array.from({ length: count }, () => openStore(location)));
    await Promise.all(stores.map((store) => store.close()));
    const shipped = Object.keys(listMigrations(backend.name)).length;
    expect(Number(await backend.queryValue(location, 'select count(*) from kysely_migration'))).toBe(shipped);
  });
});
