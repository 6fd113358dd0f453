import type { Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../sql-dialect.js';
import { initialMigration } from './001-initial.js';
import { conversationReferencesMigration } from './002-conversation-references.js';
import { lessonsMigration } from './003-lessons.js';
import { escalationQueuesMigration } from './004-escalation-queues.js';
import { sourceSyncMigration } from './005-source-sync.js';
import { auditChainMigration } from './006-audit-chain.js';
import { settingsMigration } from './007-settings.js';
import { turnsInProgressMigration } from './008-turns-in-progress.js';

/** Every migration in order; names sort in the order they must run. Never rename or edit a shipped one. */
export function listMigrations(dialect: SqlDialect): Record<string, Migration> {
  return {
    '001-initial': initialMigration(dialect),
    '002-conversation-references': conversationReferencesMigration(),
    '003-lessons': lessonsMigration(),
    '004-escalation-queues': escalationQueuesMigration(),
    '005-source-sync': sourceSyncMigration(),
    '006-audit-chain': auditChainMigration(),
    '007-settings': settingsMigration(),
    '008-turns-in-progress': turnsInProgressMigration(),
  };
}

/** A Kysely migration provider over the static list, so bundling needs no migration folder on disk. */
export function createMigrationProvider(dialect: SqlDialect): MigrationProvider {
  return { getMigrations: async () => listMigrations(dialect) };
}
