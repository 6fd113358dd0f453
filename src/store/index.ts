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
  const auditKey = options.auditKey ?? readOrCreateSecret(dirname(options.sqlitePath), 'audit.key');
  const connection = await connectStore(options);
  try {
    await migrateToLatest(connection);
    await prepareAuditChain(connection.db, connection.dialect, auditKey);
  } catch (error) {
    await connection.db.destroy();
    throw error;
  }
  return createKyselyStore(connection, { auditKey });
}
