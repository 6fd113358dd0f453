import { randomUUID } from 'node:crypto';
import { describeError, NotFoundError } from '../errors.js';
import type { AuditTrail } from '../governance/audit.js';
import type {
  Clock,
  EscalationChanges,
  EscalationRecord,
  EscalationStatus,
  EscalationTrigger,
  HistoryEntry,
  Logger,
  Messenger,
  Store,
} from '../ports.js';
import { silentLogger } from '../ports.js';
import { plainReply } from '../replies.js';
import type { Reply } from '../reply.js';
import { conversationKey, type Turn } from '../turn.js';
import type { EscalationQueue, QueueEvent } from './escalation-queue.js';
import { toQueueItem } from './escalation-queue.js';
import {
  ACTIVE,
  ALLOWED_FROM,
  confidenceOf,
  type EmployeeOp,
  employeeAction,
  invalidTransition,
  sourcesOf,
  toAttempt,
} from './escalation-rules.js';
import { type EscalationRoute, routeEscalation } from './routing.js';
import { detectTopic } from './topics.js';

/** How escalations are routed and delivered to queues. */
export interface EscalationOptions {
  routes: readonly EscalationRoute[];
  /** Queues by name; an escalation routed to a queue not listed is kept in the store only. */
  queues: Readonly<Record<string, EscalationQueue>>;
}

/** Opens escalations, moves them through their states, and keeps their queue and the employee informed. */
export class EscalationDesk {
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly messenger: Messenger,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly options: EscalationOptions = { routes: [], queues: {} },
    log?: Logger,
  ) {
    this.log = log ?? silentLogger;
  }

  /**
   * Hands a question to people: the rated answer's question (or the conversation's latest),
   * with the conversation so far and Lumen's attempt. Asking twice for the same question, by
   * button or in words, opens one escalation.
   */
  async open(
    turn: Turn,
    options: {
      turnId?: string;
      note?: string;
      trigger?: EscalationTrigger;
      topic?: string;
      question?: string;
    },
  ): Promise<{ escalation: EscalationRecord; created: boolean }> {
    const key = conversationKey(turn);
    const history = await this.store.turns.recent(key, 10);
    // A button names its answer; "talk to a human" typed means the latest question. Either way, one open escalation per question.
    const subjectId = options.turnId ?? (options.question ? undefined : history.at(-1)?.id);
    if (subjectId) {
      const existing = (await this.store.escalations.list({ turnId: subjectId, limit: 50 })).find((e) =>
        ACTIVE.includes(e.status),
      );
      if (existing) return { escalation: existing, created: false };
    }
    const subject = options.turnId
      ? await this.store.turns.get(options.turnId)
      : options.question
        ? undefined
        : history.at(-1);
    const transcript: HistoryEntry[] = history.flatMap((t) => [
      { role: 'user' as const, text: t.question },
      { role: 'assistant' as const, text: t.abstained ? '(no answer found)' : t.answer },
    ]);
    const question = options.question ?? subject?.question ?? options.note ?? turn.text ?? '';
    const attempt = subject ? toAttempt(subject) : undefined;
    const topic = options.topic ?? detectTopic(question);
    const trigger = options.trigger ?? (subject?.abstained ? 'abstained' : 'requested');
    const now = this.clock.now();
    const escalation: EscalationRecord = {
      id: randomUUID(),
      ...(subject ? { turnId: subject.id } : {}),
      channel: turn.channel,
      conversationKey: key,
      userId: turn.user.id,
      ...(turn.user.name ? { userName: turn.user.name } : {}),
      question,
      transcript,
      ...(options.note ? { note: options.note } : {}),
      status: 'open',
      queue: routeEscalation(this.options.routes, {
        ...(topic ? { topic } : {}),
        sources: subject ? sourcesOf(subject) : [],
      }),
      ...(topic ? { topic } : {}),
      trigger,
      ...(attempt ? { attempt, confidence: confidenceOf(subject!, trigger) } : {}),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.escalations.insert(escalation);
    await this.audit.record(turn.user.id, 'escalation.opened', escalation.id, {
      turnId: escalation.turnId,
      queue: escalation.queue,
      topic,
      trigger,
    });
    return { escalation: await this.post(escalation), created: true };
  }

  async list(status?: EscalationStatus): Promise<EscalationRecord[]> {
    return this.store.escalations.list({ ...(status ? { status } : {}), limit: 200 });
  }

  async get(id: string): Promise<EscalationRecord> {
    const escalation = await this.store.escalations.get(id);
    if (!escalation) throw new NotFoundError('escalation', id);
    return escalation;
  }

  /** A person takes an escalation: others in the queue see it is being handled. */
  async claim(id: string, by: string): Promise<EscalationRecord> {
    return this.transition(id, 'claim', by, 'claimed', {
      status: 'claimed',
      claimedBy: by,
      claimedAt: this.clock.now(),
    });
  }

  /** Asks the employee for more information in their conversation; their next message comes back here. */
  async requestInfo(id: string, text: string, by: string): Promise<EscalationRecord> {
    const escalation = await this.transition(id, 'request_info', by, 'info_requested', {
      status: 'waiting_on_employee',
      ...(await this.claimIfUnclaimed(id, by)),
    });
    await this.deliver(
      escalation,
      plainReply(
        'escalation_answer',
        `**${by} needs more information** about "${escalation.question}":\n\n${text}\n\nReply here and I'll pass it on.`,
      ),
    );
    return escalation;
  }

  /** The employee's reply while a person waits on them: added to the conversation, back to the person. */
  async employeeReplied(escalation: EscalationRecord, turn: Turn, text: string): Promise<Reply> {
    const transcript = [...escalation.transcript, { role: 'user' as const, text }];
    await this.transition(escalation.id, 'employee_reply', turn.user.id, 'employee_replied', {
      status: escalation.claimedBy ? 'claimed' : 'open',
      transcript,
    });
    return plainReply('escalated', `Thanks, I've passed that on to ${escalation.claimedBy ?? 'the team'}.`);
  }

  /** The escalation of this conversation waiting on the employee, if any. */
  async waitingOn(turn: Turn): Promise<EscalationRecord | undefined> {
    const waiting = await this.store.escalations.list({
      status: 'waiting_on_employee',
      conversationKey: conversationKey(turn),
      limit: 20,
    });
    return waiting.find((e) => e.userId === turn.user.id);
  }

  /** Records a person's answer and delivers it into the employee's original conversation. */
  async answer(id: string, text: string, answeredBy: string): Promise<EscalationRecord> {
    const answered = await this.transition(id, 'answer', answeredBy, 'answered', {
      status: 'answered',
      answer: text,
      answeredBy,
      ...(await this.claimIfUnclaimed(id, answeredBy)),
    });
    await this.deliver(
      answered,
      plainReply(
        'escalation_answer',
        `**Answer from ${answeredBy}** to your question "${answered.question}":\n\n${text}`,
        {
          actions: [
            employeeAction('Solved, thanks', id, 'solved'),
            employeeAction('I still need help', id, 'reopen'),
          ],
        },
      ),
    );
    return answered;
  }

  /** Closes an escalation and asks the employee whether the answer helped. */
  async resolve(id: string, resolvedBy: string): Promise<EscalationRecord> {
    const resolved = await this.transition(id, 'resolve', resolvedBy, 'resolved', {
      status: 'resolved',
      resolvedAt: this.clock.now(),
    });
    await this.deliver(
      resolved,
      plainReply('notice', `Your question "${resolved.question}" is marked resolved. Did this help?`, {
        actions: [
          employeeAction('Yes, it helped', id, 'helped'),
          employeeAction("No, it didn't", id, 'not_helped'),
        ],
      }),
    );
    return resolved;
  }

  /** Sends an escalation to another queue. */
  async reassign(id: string, queue: string, by: string): Promise<EscalationRecord> {
    const current = await this.get(id);
    if (!ACTIVE.includes(current.status)) throw invalidTransition(current, 'reassign');
    const updated = (await this.store.escalations.update(id, {
      queue,
      status: 'open',
      claimedBy: undefined,
      claimedAt: undefined,
      updatedAt: this.clock.now(),
    }))!;
    await this.audit.record(by, 'escalation.reassigned', id, { from: current.queue, to: queue });
    return this.post(updated);
  }

  /** The employee answers a button on an escalation message: solved, reopen, helped or not. */
  async employeeAction(turn: Turn, id: string, op: EmployeeOp): Promise<Reply> {
    const escalation = await this.store.escalations.get(id);
    if (!escalation || escalation.userId !== turn.user.id) {
      return plainReply('error', "I couldn't find that request of yours any more.", { visibility: 'asker' });
    }
    const actor = turn.user.id;
    switch (op) {
      case 'solved':
        if (escalation.status !== 'resolved') {
          await this.transition(id, 'resolve', actor, 'resolved', {
            status: 'resolved',
            resolvedAt: this.clock.now(),
            helped: true,
          });
        }
        return plainReply('feedback_thanks', 'Great, glad it is sorted.');
      case 'reopen':
        // Reopened means the person now waits for the employee to say what is still missing;
        // their next message goes back to the person (see employeeReplied).
        await this.transition(id, 'reopen', actor, 'reopened', {
          status: 'waiting_on_employee',
          resolvedAt: undefined,
          helped: undefined,
        });
        return plainReply(
          'escalated',
          `I've reopened your question. Tell me here what is still unclear and I'll pass it on to ${escalation.claimedBy ?? escalation.answeredBy ?? 'the team'}.`,
        );
      case 'helped':
      case 'not_helped': {
        await this.store.escalations.update(id, { helped: op === 'helped', updatedAt: this.clock.now() });
        await this.audit.record(actor, 'escalation.rated', id, { helped: op === 'helped' });
        if (op === 'helped') return plainReply('feedback_thanks', 'Thanks for letting us know.');
        return plainReply('feedback_thanks', 'Sorry it did not help. Do you want to reopen it?', {
          actions: [employeeAction('Reopen my question', id, 'reopen')],
        });
      }
    }
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

  /** Tells the escalation's queue about a change; a queue outage is logged, never lost in the store. */
  async notifyQueue(escalation: EscalationRecord, event: QueueEvent): Promise<void> {
    const queue = this.options.queues[escalation.queue ?? ''];
    if (!queue) return;
    try {
      await queue.update(toQueueItem(escalation), event, escalation.externalRef);
    } catch (error) {
      this.log.error('escalation queue update failed', {
        escalationId: escalation.id,
        queue: escalation.queue,
        event,
        error: describeError(error),
      });
    }
  }

  /** Changes state after checking the transition is allowed, audits it and updates the queue. */
  async transition(
    id: string,
    kind: keyof typeof ALLOWED_FROM | 'employee_reply',
    actor: string,
    event: QueueEvent,
    changes: Omit<EscalationChanges, 'updatedAt'>,
  ): Promise<EscalationRecord> {
    const current = await this.get(id);
    const allowed = kind === 'employee_reply' ? ['waiting_on_employee'] : ALLOWED_FROM[kind]!;
    if (!allowed.includes(current.status)) throw invalidTransition(current, kind);
    const updated = (await this.store.escalations.update(id, { ...changes, updatedAt: this.clock.now() }))!;
    await this.audit.record(actor, `escalation.${event}`, id, { from: current.status, to: updated.status });
    await this.notifyQueue(updated, event);
    return updated;
  }

  private async claimIfUnclaimed(id: string, by: string): Promise<Partial<EscalationChanges>> {
    const current = await this.get(id);
    return current.claimedBy ? {} : { claimedBy: by, claimedAt: this.clock.now() };
  }

  private async post(escalation: EscalationRecord): Promise<EscalationRecord> {
    const queue = this.options.queues[escalation.queue ?? ''];
    if (!queue) return escalation;
    try {
      const { externalRef } = await queue.post(toQueueItem(escalation));
      if (!externalRef) return escalation;
      return (await this.store.escalations.update(escalation.id, {
        externalRef,
        updatedAt: escalation.updatedAt,
      }))!;
    } catch (error) {
      // The escalation is stored and listed; the SLA reminder retries reaching the queue.
      this.log.error('escalation queue post failed', {
        escalationId: escalation.id,
        queue: escalation.queue,
        error: describeError(error),
      });
      return escalation;
    }
  }

  private async deliver(escalation: EscalationRecord, reply: Reply): Promise<void> {
    await this.messenger.deliver(
      { channel: escalation.channel, conversationKey: escalation.conversationKey, userId: escalation.userId },
      reply,
    );
  }
}

export type { EmployeeOp } from './escalation-rules.js';
