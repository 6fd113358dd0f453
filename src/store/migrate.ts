import { type MigrationProvider, Migrator } from 'kysely';
import { BackendError } from '../errors.js';
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
  // Migrations arrive from parallel lines of work (002..005); one applied before a lower-numbered
  // one lands must not block the later one from running.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName;
  const step = failed === undefined ? '' : ` at migration ${failed}`;
  const reason = error instanceof Error ? error.message : String(error);
  throw new BackendError('store', `Migrating the ${dialect} store at ${where} failed${step}: ${reason}`, {
    cause: error,
  });
}
