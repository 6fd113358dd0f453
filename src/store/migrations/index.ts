import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../sql-dialect.js';
import { initialMigration } from './001-initial.js';
import { lessonsMigration } from './003-lessons.js';

/** Every migration in order; names sort in the order they must run. Never rename or edit a shipped one. */
export function listMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '001-initial': initialMigration(dialect),
    '003-lessons': lessonsMigration(),
  };
}

/** A Kysely migration provider over the static list, so bundling needs no migration folder on disk. */
export function createMigrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => listMigrations(dialect) };
}
