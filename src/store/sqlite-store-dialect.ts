import { type DialectAdapter, SqliteAdapter, SqliteDialect } from 'kysely';

/** SQLite runs DDL inside transactions; Kysely's adapter says it does not, which would leave a failed migration half-applied. */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SQLite dialect with migrations wrapped in a transaction, so each one applies fully or not at all. */
export class SqliteStoreDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
