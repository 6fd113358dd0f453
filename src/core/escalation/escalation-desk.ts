import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../../errors.js';
import type { AuditTrail } from '../governance/audit.js';
import type { Clock, EscalationRecord, EscalationStatus, HistoryEntry, Messenger, Store } from '../ports.js';
import { plainReply } from '../replies.js';
import { conversationKey, type Turn } from '../turn.js';

/** Opens escalations for employees and lets people answer and resolve them. */
export class EscalationDesk {
  constructor(
    private readonly store: Store,
    private readonly messenger: Messenger,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * Hands a question to people: the rated answer's question (or the conversation's latest),
   * with the conversation so far. Asking twice for the same answer opens one escalation.
   */
  async open(
    turn: Turn,
    options: { turnId?: string; note?: string },
  ): Promise<{ escalation: EscalationRecord; created: boolean }> {
    const key = conversationKey(turn);
    if (options.turnId) {
      const existing = (await this.store.escalations.list({ limit: 1000 })).find(
        (e) => e.turnId === options.turnId && e.status !== 'resolved',
      );
      if (existing) return { escalation: existing, created: false };
    }
    const history = await this.store.turns.recent(key, 10);
    const subject = options.turnId ? await this.store.turns.get(options.turnId) : history.at(-1);
    const transcript: HistoryEntry[] = history.flatMap((t) => [
      { role: 'user' as const, text: t.question },
      { role: 'assistant' as const, text: t.abstained ? '(no answer found)' : t.answer },
    ]);
    const now = this.clock.now();
    const escalation: EscalationRecord = {
      id: randomUUID(),
      ...(subject ? { turnId: subject.id } : {}),
      channel: turn.channel,
      conversationKey: key,
      userId: turn.user.id,
      ...(turn.user.name ? { userName: turn.user.name } : {}),
      question: subject?.question ?? options.note ?? turn.text ?? '',
      transcript,
      ...(options.note ? { note: options.note } : {}),
      status: 'open',
      createdAt: now,
      updatedAt: now,
    };
    await this.store.escalations.insert(escalation);
    await this.audit.record(turn.user.id, 'escalation.opened', escalation.id, { turnId: escalation.turnId });
    return { escalation, created: true };
  }

  async list(status?: EscalationStatus): Promise<EscalationRecord[]> {
    return this.store.escalations.list({ ...(status ? { status } : {}), limit: 200 });
  }

  /** Records a person's answer and delivers it into the employee's original conversation. */
  async answer(id: string, text: string, answeredBy: string): Promise<EscalationRecord> {
    const escalation = await this.store.escalations.get(id);
    if (!escalation) throw new NotFoundError('escalation', id);
    const updated = (await this.store.escalations.update(id, {
      status: 'answered',
      answer: text,
      answeredBy,
      updatedAt: this.clock.now(),
    }))!;
    await this.messenger.deliver(
      { channel: escalation.channel, conversationKey: escalation.conversationKey, userId: escalation.userId },
      plainReply(
        'escalation_answer',
        `**Answer from ${answeredBy}** to your question "${escalation.question}":\n\n${text}`,
      ),
    );
    await this.audit.record(answeredBy, 'escalation.answered', id, {});
    return updated;
  }

  async resolve(id: string, resolvedBy: string): Promise<EscalationRecord> {
    const updated = await this.store.escalations.update(id, {
      status: 'resolved',
      updatedAt: this.clock.now(),
    });
    if (!updated) throw new NotFoundError('escalation', id);
    await this.audit.record(resolvedBy, 'escalation.resolved', id, {});
    return updated;
  }

  /** Finds an escalation by its id or a unique prefix of it (people type short ids). */
  async find(idOrPrefix: string): Promise<EscalationRecord | undefined> {
    const exact = await this.store.escalations.get(idOrPrefix);
    if (exact) return exact;
    const matches = (await this.store.escalations.list({ limit: 1000 })).filter((e) =>
      e.id.startsWith(idOrPrefix),
    );
    return matches.length === 1 ? matches[0] : undefined;
  }
}
