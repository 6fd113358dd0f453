import { randomUUID } from 'node:crypto';
import { describeError } from '../errors.js';
import type { AuditRepository, Clock, Logger } from '../ports.js';

/** Records audit events; a failure to audit is logged loudly but never breaks the user's turn. */
export class AuditTrail {
  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async record(actor: string, action: string, subject: string | undefined, details: Record<string, unknown>) {
    try {
      await this.repository.append({
        id: randomUUID(),
        at: this.clock.now(),
        actor,
        action,
        subject,
        details,
      });
    } catch (error) {
      this.log.error('audit record failed', { action, subject, error: describeError(error) });
    }
  }
}
