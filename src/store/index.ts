import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { readOrCreateSecret } from '../config/secrets.js';
import type { Store } from '../core/ports.js';
import { prepareAuditChain } from './audit-repository.js';
import { connectStore, type StoreOptions } from './connect-store.js';
import { createKyselyStore } from './kysely-store.js';
import { migrateToLatest } from './migrate.js';

export type { StoreOptions } from './connect-store.js';
export { describeDatabaseUrl, isPostgresUrl } from './database-url.js';

/** Opens the configured store and applies pending migrations; failures are BackendErrors naming the setting. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const connection = await connectStore(options);
  let auditKey: string;
  try {
    await migrateToLatest(connection);
    // Only once the store is reachable: a failed start leaves no key file behind.
    auditKey = options.auditKey ?? auditKeyFor(options);
    await prepareAuditChain(connection.db, connection.dialect, auditKey);
  } catch (error) {
    await connection.db.destroy();
    throw error;
  }
  return createKyselyStore(connection, { auditKey });
}

/** The key in `audit.key` beside the SQLite file; an in-memory store's key lives only as long as the process. */
function auditKeyFor(options: StoreOptions): string {
  if (options.sqlitePath === ':memory:' && !options.databaseUrl) return randomBytes(32).toString('hex');
  return readOrCreateSecret(dirname(options.sqlitePath), 'audit.key');
}
