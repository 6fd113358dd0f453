import { connectSqlite } from './connect-sqlite.js';
import type { StoreConnection } from './store-connection.js';

/** Where the store lives: PostgreSQL when `databaseUrl` is set, otherwise a SQLite file. */
export interface StoreOptions {
  databaseUrl?: string;
  sqlitePath: string;
  /**
   * The key the audit chain is hashed with, kept outside the database; without it, a random
   * key in `audit.key` next to the SQLite file (the data directory) is used.
   */
  auditKey?: string;
}

/** Connects to the configured database without migrating it. */
export async function connectStore(options: StoreOptions): Promise<StoreConnection> {
  const url = options.databaseUrl?.trim();
  if (url === undefined || url === '') return connectSqlite(options.sqlitePath);
  // Loaded only for PostgreSQL, so that a SQLite process does not load the pg driver.
  const { connectPostgres } = await import('./connect-postgres.js');
  return connectPostgres(url);
}
