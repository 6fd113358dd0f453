import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { BackendError } from '../core/errors.js';
import type { Database } from './database.js';
import { describeDatabaseUrl } from './database-url.js';
import type { StoreConnection } from './store-connection.js';

/** How long opening a connection may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Connects a pool to the PostgreSQL database at `url` and checks that it answers. */
export async function connectPostgres(url: string): Promise<StoreConnection> {
  const where = describeDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // An idle client that breaks (server restart, network drop) is discarded by the pool and
  // the next query opens a new one, where the failure surfaces; without a listener the
  // 'error' event would crash the process.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackendError(
      'store',
      `Could not connect to PostgreSQL at ${where} (from DATABASE_URL): ${reason}. Check that the server is running and the credentials are right, or unset DATABASE_URL to use SQLite.`,
      { cause: error },
    );
  }
  return { db, dialect: 'postgresql', where };
}
