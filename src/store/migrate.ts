import { type MigrationProvider, Migrator } from 'kysely';
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
