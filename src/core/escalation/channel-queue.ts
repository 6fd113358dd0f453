import type { DeliveryTarget, EscalationStatus, Messenger } from '../ports.js';
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

/** Changes people working the queue should notice, so they get a new message too. */
const NEEDS_ATTENTION: ReadonlySet<QueueEvent> = new Set(['reminder', 'reopened']);

const STATUS_TEXT: Record<EscalationStatus, (who: string) => string> = {
  open: () => 'waiting for someone to claim it',
  claimed: (who) => `claimed by ${who}`,
  waiting_on_employee: (who) => `waiting on the employee, asked by ${who}`,
  answered: (who) => `answered by ${who}`,
  resolved: () => 'resolved',
  closed_no_response: () => 'closed: the employee did not reply',
};

/**
 * A queue that is a conversation on a chat channel (a Slack or Teams channel): each item is
 * posted there through the Messenger with Claim and Resolve buttons, and the post is edited
 * in place as the item moves on (where the channel can edit; otherwise each change is a new
 * message). Admins answer with `admin answer <id> <text>` in the same conversation.
 */
export class ChannelQueue implements EscalationQueue {
  readonly kind = 'channel';

  constructor(
    private readonly messenger: Messenger,
    private readonly target: DeliveryTarget,
  ) {}

  async post(item: QueueItem): Promise<{ externalRef?: string }> {
    const delivered = await this.messenger.deliver(this.target, toQueueReply(item));
    return delivered?.messageRef ? { externalRef: delivered.messageRef } : {};
  }

  async update(item: QueueItem, event: QueueEvent, externalRef?: string): Promise<void> {
    const edited = externalRef !== undefined && (await this.editPost(item, externalRef));
    if (edited && !NEEDS_ATTENTION.has(event)) return;
    const who =
      event === 'claimed' || event === 'info_requested' || event === 'employee_replied'
        ? ` ${item.claimedBy ?? ''}`
        : '';
    const by = event === 'answered' ? ` ${item.claimedBy ?? ''}` : '';
    const text = `\`${item.escalationId.slice(0, 8)}\` ${codeSpan(item.question)}: ${EVENT_TEXT[event]}${who}${by}.`;
    const actions = event === 'reminder' || event === 'reopened' ? queueActions(item) : [];
    await this.messenger.deliver(this.target, plainReply('admin', text.replace(/\s+\./, '.'), { actions }));
  }

  /** Shows the item as it is now in its original post; false when that cannot be done. */
  private async editPost(item: QueueItem, externalRef: string): Promise<boolean> {
    if (!this.messenger.replace) return false;
    try {
      return await this.messenger.replace(this.target, externalRef, toQueueReply(item));
    } catch {
      // The post may have been deleted; the change then goes out as a new message.
      return false;
    }
  }
}

/**
 * The queue post: the question, who asks, Lumen's attempt with sources, topic, confidence,
 * the conversation. What the employee wrote is shown as code, verbatim: nothing in it
 * becomes a link, a mention or formatting.
 */
export function toQueueReply(item: QueueItem): Reply {
  const short = item.escalationId.slice(0, 8);
  const lines = [
    `**Escalation \`${short}\`** from ${item.employee.name ?? item.employee.id} (${item.employee.channel})${item.topic ? `, topic ${item.topic}` : ''}`,
    '',
    codeBlock(item.question),
  ];
  if (item.note) lines.push('', `Note: ${codeSpan(item.note)}`);
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
      lines.push(entry.role === 'user' ? `- Employee: ${codeSpan(entry.text)}` : `- Lumen: ${entry.text}`);
  }
  lines.push('', `**Status:** ${STATUS_TEXT[item.status](item.claimedBy ?? 'someone')}.`);
  lines.push(
    '',
    `Reply with \`admin answer ${short} <text>\`, ask for more with \`admin ask ${short} <question>\`, move it with \`admin reassign ${short} <queue>\`.`,
  );
  return plainReply('admin', lines.join('\n'), { actions: queueActions(item) });
}

/** Claim while nobody has it, Resolve until it is done, nothing after. */
function queueActions(item: QueueItem): ReplyAction[] {
  if (item.status === 'resolved' || item.status === 'closed_no_response') return [];
  const resolve: ReplyAction = {
    label: 'Resolve',
    payload: { name: 'queue', escalationId: item.escalationId, op: 'resolve' },
  };
  if (item.status !== 'open') return [resolve];
  return [
    {
      label: 'Claim',
      style: 'primary',
      payload: { name: 'queue', escalationId: item.escalationId, op: 'claim' },
    },
    resolve,
  ];
}

/** Text as a fenced code block no line of it can close early. */
function codeBlock(text: string): string {
  return ['```', text.replace(/`{3,}/g, (ticks) => ticks.split('').join('\u200b')), '```'].join('\n');
}

/** Text as one inline code span, on one line, with no backtick to end it early. */
function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, 'ˋ').replace(/\s+/g, ' ').trim()}\``;
}
