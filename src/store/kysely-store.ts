import { sql } from 'kysely';
import type { HealthCheck, Store } from '../core/ports.js';
import { createAdminSessionRepository } from './admin-session-repository.js';
import { createAuditRepository } from './audit-repository.js';
import { createCampaignRepository } from './campaign-repository.js';
import { createConversationReferenceRepository } from './conversation-reference-repository.js';
import { createCuratedRepository } from './curated-repository.js';
import { createEscalationRepository } from './escalation-repository.js';
import { createFeedbackRepository } from './feedback-repository.js';
import { createLessonRepository } from './lesson-repository.js';
import { createOutboxRepository } from './outbox-repository.js';
import { createPrivacyRepository } from './privacy-repository.js';
import { createProcessedEventRepository } from './processed-event-repository.js';
import { createSentMessageRepository } from './sent-message-repository.js';
import { createSettingsRepository } from './settings-repository.js';
import { createSourceSyncRepository } from './source-sync-repository.js';
import type { StoreConnection } from './store-connection.js';
import { createTurnJournalRepository } from './turn-journal-repository.js';
import { createTurnRepository } from './turn-repository.js';

/**
 * A Store over an open, migrated connection, its audit chain keyed with `auditKey`;
 * `check()` reports the dialect and where it is.
 */
export function createKyselyStore(
  { db, dialect, where }: StoreConnection,
  { auditKey }: { auditKey: string },
): Store {
  const detail = `${dialect} ${where}`;
  return {
    name: dialect,
    turns: createTurnRepository(db),
    feedback: createFeedbackRepository(db),
    escalations: createEscalationRepository(db),
    curated: createCuratedRepository(db),
    adminSessions: createAdminSessionRepository(db),
    outbox: createOutboxRepository(db),
    audit: createAuditRepository(db, dialect, auditKey),
    processedEvents: createProcessedEventRepository(db),
    settings: createSettingsRepository(db),
    privacy: createPrivacyRepository(db),
    conversationReferences: createConversationReferenceRepository(db),
    sentMessages: createSentMessageRepository(db),
    sourceSync: createSourceSyncRepository(db),
    lessons: createLessonRepository(db),
    campaigns: createCampaignRepository(db),
    turnJournal: createTurnJournalRepository(db, dialect),

    async check(): Promise<HealthCheck> {
      try {
        await sql`select 1`.execute(db);
        return { name: 'store', ok: true, detail };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { name: 'store', ok: false, detail: `${detail}: ${reason}` };
      }
    },

    async close(): Promise<void> {
      await db.destroy();
    },
  };
}
