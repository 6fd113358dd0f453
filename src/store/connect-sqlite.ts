import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase } from 'kysely';
import { BackendError } from '../core/errors.js';
import type { Database } from './database.js';
import { SqliteStoreDialect } from './sqlite-store-dialect.js';
import type { StoreConnection } from './store-connection.js';

/** How long a writer waits for another process's lock before SQLite reports SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/** Opens (creating it and its directory if needed) the SQLite file at `path`, in WAL mode with foreign keys on. */
export function connectSqlite(path: string): StoreConnection {
  const inMemory = path === ':memory:';
  const where = inMemory ? path : resolve(path);
  let database: BetterSqlite3.Database | undefined;
  try {
    if (!inMemory) mkdirSync(dirname(where), { recursive: true });
    database = new BetterSqlite3(where);
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new BackendError(
      'store',
      `Could not open the SQLite store at ${where}: ${reason}. Check that the directory is writable, or set DATABASE_URL to use PostgreSQL.`,
      { cause: error },
    );
  }
  const db = new Kysely<Database>({
    dialect: new SqliteStoreDialect({ database: reusingStatements(database) }),
  });
  return { db, dialect: 'sqlite', where };
}

/** How many prepared statements are kept; queries with varying list lengths make new ones. */
const STATEMENTS_KEPT = 500;

/**
 * The database as Kysely uses it, with each SQL text prepared once and reused: preparing
 * costs more than running the small queries a turn makes. Kysely runs one query at a time
 * on the connection (streamed ones included), so a statement is never in use twice.
 */
export function reusingStatements(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
