import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import type { SqlDialect } from './sql-dialect.js';

/** An open Kysely instance and what it is connected to, before migrations run. */
export interface StoreConnection {
  db: Kysely<Database>;
  dialect: SqlDialect;
  /** The SQLite file path or PostgreSQL `host/db`; never credentials. */
  where: string;
}
