import { DEFAULT_MIGRATION_TABLE, type MigrationProvider, Migrator, sql } from 'kysely';
import { BackendError } from '../core/errors.js';
import { createMigrationProvider } from './migrations/index.js';
import type { StoreConnection } from './store-connection.js';

/**
 * Applies every pending migration in one transaction on both databases, so a failure leaves the
 * schema as it was. Replicas starting together on PostgreSQL wait on Kysely's advisory lock.
 */
export async function migrateToLatest(
  { db, dialect, where }: StoreConnection,
  provider: MigrationProvider = createMigrationProvider(dialect),
): Promise<void> {
  // Already up to date, as on every start but the first after an upgrade: one query, where
  // the migrator would first read every table's columns.
  if (await allApplied(db, provider)) return;
  // Each migration touches its own tables or columns, so one added later with a lower
  // number (a feature merged after another) still runs on a database that has the higher.
  // Names compared by code unit, as `sort()` orders them: the default `localeCompare` loads
  // the ICU collator, a cost every start of a one-shot command would pay.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true, nameComparator: byCodeUnit });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const step = failed === undefined ? '' : ` at migration ${failed}`;
  const reason = error instanceof Error ? error.message : String(error);
  throw new BackendError('store', `Migrating the ${dialect} store at ${where} failed${step}: ${reason}`, {
    cause: error,
  });
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether every migration the provider knows is recorded as applied. */
async function allApplied(db: StoreConnection['db'], provider: MigrationProvider): Promise<boolean> {
  const known = Object.keys(await provider.getMigrations());
  try {
    const { rows } = await sql<{
      name: string;
    }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return known.every((name) => applied.has(name));
  } catch {
    // No migration table yet: a new database.
    return false;
  }
}
