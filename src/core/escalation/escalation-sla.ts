import type { AuditTrail } from '../governance/audit.js';
import type { Clock, EscalationRecord, Messenger, Store } from '../ports.js';
import { plainReply } from '../replies.js';
import type { EscalationDesk } from './escalation-desk.js';

/** When unclaimed escalations are chased and silent employees are given up on. */
export interface SlaPolicy {
  /** An open escalation nobody claimed for this long reminds its queue (again after as long). */
  remindAfterMs: number;
  /** An escalation waiting on the employee for this long closes for no response. */
  closeAfterMs: number;
}

export const DEFAULT_SLA: SlaPolicy = {
  remindAfterMs: 4 * 60 * 60 * 1000,
  closeAfterMs: 5 * 24 * 60 * 60 * 1000,
};

/** Reminds queues of overdue escalations and closes those the employee never answered. */
export class EscalationSla {
  constructor(
    private readonly store: Store,
    private readonly desk: EscalationDesk,
    private readonly messenger: Messenger,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly policy: SlaPolicy = DEFAULT_SLA,
  ) {}

  /** One pass over the store; safe to run on several replicas (each reminder and closing is claimed once). */
  async run(): Promise<{ reminded: EscalationRecord[]; closed: EscalationRecord[] }> {
    const now = this.clock.now().getTime();
    const reminded: EscalationRecord[] = [];
    for (const e of await this.store.escalations.list({ status: 'open', limit: 1000 })) {
      const since = (e.remindedAt ?? e.createdAt).getTime();
      if (now - since < this.policy.remindAfterMs) continue;
      // Replicas running the same pass race for this reminder; the first to claim it sends it.
      if (!(await this.store.processedEvents.claim(`sla-reminder:${e.id}:${since}`, this.clock.now())))
        continue;
      const updated = (await this.store.escalations.update(e.id, {
        remindedAt: this.clock.now(),
        updatedAt: e.updatedAt,
      }))!;
      await this.audit.record('lumen', 'escalation.reminder', e.id, {
        queue: e.queue,
        unclaimedMinutes: Math.round((now - e.createdAt.getTime()) / 60_000),
      });
      await this.desk.notifyQueue(updated, 'reminder');
      reminded.push(updated);
    }
    const closed: EscalationRecord[] = [];
    for (const e of await this.store.escalations.list({ status: 'waiting_on_employee', limit: 1000 })) {
      if (now - e.updatedAt.getTime() < this.policy.closeAfterMs) continue;
      const key = `sla-close:${e.id}:${e.updatedAt.getTime()}`;
      if (!(await this.store.processedEvents.claim(key, this.clock.now()))) continue;
      const updated = await this.desk.transition(e.id, 'close_no_response', 'lumen', 'closed_no_response', {
        status: 'closed_no_response',
        resolvedAt: this.clock.now(),
      });
      await this.messenger.deliver(
        { channel: e.channel, conversationKey: e.conversationKey, userId: e.userId },
        plainReply(
          'notice',
          `I closed your request "${e.question}" as we did not hear back. You can reopen it any time.`,
          {
            actions: [
              {
                label: 'Reopen my question',
                payload: { name: 'escalation', escalationId: e.id, op: 'reopen' },
              },
            ],
          },
        ),
      );
      closed.push(updated);
    }
    return { reminded, closed };
  }
}
