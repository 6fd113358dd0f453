import { createHash, randomUUID } from 'node:crypto';
import { AUDIT_RETENTION_ACTION, type Clock, type PersonalDataExport, type Store } from '../ports.js';
import type { AuditTrail } from './audit.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long each class of data is kept, in days (0: kept until erased). */
export interface RetentionPolicy {
  conversationTextDays: number;
  feedbackCommentDays: number;
  /** Audit records (who did what, when); older ones are removed from the start of the chain. */
  auditDays: number;
  /** User ids whose data must be kept whatever the policy says (legal hold). */
  legalHold: string[];
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  conversationTextDays: 90,
  feedbackCommentDays: 365,
  auditDays: 730,
  legalHold: [],
};

export class LegalHoldError extends Error {
  constructor(readonly userIds: string[]) {
    super(
      `${userIds.join(', ')} ${userIds.length === 1 ? 'is' : 'are'} under legal hold; their data cannot be erased`,
    );
    this.name = 'LegalHoldError';
  }
}

/** Privacy requests and retention: per-person export and erasure, and the purge of old text. Every action is audited. */
export class PrivacyOffice {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
  ) {}

  async exportUser(userIds: string[], requestedBy: string): Promise<PersonalDataExport> {
    const data = await this.store.privacy.exportUser(userIds);
    await this.audit.record(requestedBy, 'privacy.export', pseudonymOf(userIds), {
      turns: data.turns.length,
      feedback: data.feedback.length,
      escalations: data.escalations.length,
    });
    return data;
  }

  /** Erases a person; the audit record names them only by pseudonym. */
  async eraseUser(userIds: string[], requestedBy: string) {
    const held = userIds.filter((id) => this.policy.legalHold.includes(id));
    if (held.length > 0) {
      await this.audit.record(requestedBy, 'privacy.erase_refused', pseudonymOf(userIds), {
        reason: 'legal_hold',
      });
      throw new LegalHoldError(held);
    }
    const pseudonym = pseudonymOf(userIds);
    const erased = await this.store.privacy.eraseUser(userIds, pseudonym);
    await this.audit.record(requestedBy, 'privacy.erase', pseudonym, erased);
    return { pseudonym, ...erased };
  }

  /** Removes text and audit records older than the policy allows, except for people under legal hold. */
  async purge(requestedBy = 'retention') {
    const now = this.clock.now().getTime();
    const before = (days: number) => (days > 0 ? new Date(now - days * DAY_MS) : undefined);
    const conversationTextBefore = before(this.policy.conversationTextDays);
    const feedbackCommentsBefore = before(this.policy.feedbackCommentDays);
    const purged = await this.store.privacy.purge(
      {
        ...(conversationTextBefore ? { conversationTextBefore } : {}),
        ...(feedbackCommentsBefore ? { feedbackCommentsBefore } : {}),
      },
      this.policy.legalHold,
    );
    const auditBefore = before(this.policy.auditDays);
    const auditRecords = auditBefore
      ? await this.store.audit.expireBefore(auditBefore, this.policy.legalHold, {
          id: randomUUID(),
          at: this.clock.now(),
          actor: requestedBy,
          action: AUDIT_RETENTION_ACTION,
          details: { auditDays: this.policy.auditDays },
        })
      : 0;
    await this.audit.record(requestedBy, 'privacy.purge', undefined, {
      ...purged,
      auditRecords,
      conversationTextDays: this.policy.conversationTextDays,
      feedbackCommentDays: this.policy.feedbackCommentDays,
      auditDays: this.policy.auditDays,
      heldUsers: this.policy.legalHold.length,
    });
    return { ...purged, auditRecords };
  }
}

/** A stable stand-in for a person who was erased, the same for the same ids. */
export function pseudonymOf(userIds: string[]): string {
  const digest = createHash('sha256')
    .update([...userIds].sort().join('\n'))
    .digest('hex');
  return `erased:${digest.slice(0, 16)}`;
}
