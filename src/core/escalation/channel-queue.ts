import type { DeliveryTarget, Messenger } from '../ports.js';
import { plainReply } from '../replies.js';
import type { Reply, ReplyAction } from '../reply.js';
import type { EscalationQueue, QueueEvent, QueueItem } from './escalation-queue.js';

const EVENT_TEXT: Record<QueueEvent, string> = {
  claimed: 'claimed by',
  info_requested: 'waiting on the employee, asked by',
  employee_replied: 'the employee replied; back with',
  answered: 'answered by',
  resolved: 'resolved',
  reopened: 'reopened by the employee',
  reassigned: 'moved to another queue',
  reminder: 'still unclaimed',
  closed_no_response: 'closed: the employee did not reply',
};

/**
 * A queue that is a conversation on a chat channel (a Slack or Teams channel): items and
 * their changes are posted there through the Messenger, with Claim and Resolve buttons;
 * admins answer with `admin answer <id> <text>` in the same conversation.
 */
export class ChannelQueue implements EscalationQueue {
  readonly kind = 'channel';

  constructor(
    private readonly messenger: Messenger,
    private readonly target: DeliveryTarget,
  ) {}

  async post(item: QueueItem): Promise<{ externalRef?: string }> {
    await this.messenger.deliver(this.target, toQueueReply(item));
    return {};
  }

  async update(item: QueueItem, event: QueueEvent): Promise<void> {
    const who =
      event === 'claimed' || event === 'info_requested' || event === 'employee_replied'
        ? ` ${item.claimedBy ?? ''}`
        : '';
    const by = event === 'answered' ? ` ${item.claimedBy ?? ''}` : '';
    const text = `\`${item.escalationId.slice(0, 8)}\` "${item.question}": ${EVENT_TEXT[event]}${who}${by}.`;
    const actions = event === 'reminder' || event === 'reopened' ? queueActions(item) : [];
    await this.messenger.deliver(this.target, plainReply('admin', text.replace(/\s+\./, '.'), { actions }));
  }
}

/** The queue post: the question, who asks, Lumen's attempt with sources, topic, confidence, the conversation. */
export function toQueueReply(item: QueueItem): Reply {
  const short = item.escalationId.slice(0, 8);
  const lines = [
    `**Escalation \`${short}\`** from ${item.employee.name ?? item.employee.id} (${item.employee.channel})${item.topic ? `, topic ${item.topic}` : ''}`,
    '',
    `> ${item.question}`,
  ];
  if (item.note) lines.push('', `Note: ${item.note}`);
  if (item.attempt) {
    const confidence =
      item.confidence === undefined ? '' : ` (confidence ${Math.round(item.confidence * 100)}%)`;
    lines.push(
      '',
      item.attempt.abstained
        ? `Lumen found no answer in the sources${confidence}.`
        : `Lumen answered${confidence}: ${item.attempt.answer}`,
    );
    for (const s of item.attempt.sources) lines.push(`- ${s.title} (${s.location})`);
  }
  if (item.conversation.length > 0) {
    lines.push('', 'Conversation so far:');
    for (const entry of item.conversation.slice(-6))
      lines.push(`- ${entry.role === 'user' ? 'Employee' : 'Lumen'}: ${entry.text}`);
  }
  lines.push(
    '',
    `Reply with \`admin answer ${short} <text>\`, ask for more with \`admin ask ${short} <question>\`, move it with \`admin reassign ${short} <queue>\`.`,
  );
  return plainReply('admin', lines.join('\n'), { actions: queueActions(item) });
}

function queueActions(item: QueueItem): ReplyAction[] {
  return [
    {
      label: 'Claim',
      style: 'primary',
      payload: { name: 'queue', escalationId: item.escalationId, op: 'claim' },
    },
    { label: 'Resolve', payload: { name: 'queue', escalationId: item.escalationId, op: 'resolve' } },
  ];
}
