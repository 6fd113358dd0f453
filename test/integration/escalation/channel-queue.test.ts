import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelMessenger } from '../../../src/channels/outbox-messenger.js';
import { ChannelQueue } from '../../../src/core/escalation/channel-queue.js';
import type { Delivered, DeliveryTarget } from '../../../src/core/ports.js';
import type { Reply } from '../../../src/core/reply.js';
import type { Turn } from '../../../src/core/turn.js';
import { conversationKey } from '../../../src/core/turn.js';
import {
  createTestCore,
  makeAction,
  makeTurn,
  RecordingMessenger,
  type TestCore,
} from '../../helpers/builders.js';

/** The HR queue: a Slack channel, where escalation posts go and admins press buttons. */
const SLACK_QUEUE = { channel: 'slack' as const, conversationKey: 'slack:T1:C-HR:', userId: '' };

const employeeOnTeams: Pick<Turn, 'channel' | 'user' | 'conversation'> = {
  channel: 'teams',
  user: { id: 'aad-alex', name: 'Alex', email: 'alex@brightwater.example', groups: [] },
  conversation: { id: 'a:1-personal-chat', kind: 'direct', tenantId: 'tenant-1' },
};
const adminOnSlack: Pick<Turn, 'channel' | 'user' | 'conversation'> = {
  channel: 'slack',
  user: { id: 'U-DANA', name: 'Dana', email: 'dana@brightwater.example', groups: ['hr'] },
  conversation: { id: 'C-HR', kind: 'channel', tenantId: 'T1' },
};

/** A channel that can edit what it posted, as Slack and Teams can: posts get refs, edits are recorded. */
class EditingMessenger extends RecordingMessenger {
  readonly edits: { messageRef: string; reply: Reply }[] = [];
  override async deliver(target: DeliveryTarget, reply: Reply): Promise<Delivered> {
    await super.deliver(target, reply);
    return { messageRef: `msg-${this.deliveries.length}` };
  }
  async replace(_target: DeliveryTarget, messageRef: string, reply: Reply): Promise<boolean> {
    this.edits.push({ messageRef, reply });
    return true;
  }
}

describe('escalation round trip through Slack and Teams stand-ins', () => {
  let slack: RecordingMessenger;
  let teams: RecordingMessenger;
  let core: TestCore;

  beforeEach(async () => {
    slack = new RecordingMessenger();
    teams = new RecordingMessenger();
    const messenger = new ChannelMessenger({ slack, teams });
    core = await createTestCore({
      admins: ['group:hr'],
      messenger,
      escalation: {
        routes: [{ match: { topic: '*' }, queue: 'hr' }],
        queues: { hr: new ChannelQueue(messenger, SLACK_QUEUE) },
      },
    });
  });
  afterEach(async () => core.close());

  it('posts to the Slack queue, is claimed there, answers the employee in Teams and resolves', async () => {
    const asked = await core.copilot.handle(
      makeTurn('Can I carry over unused vacation days?', employeeOnTeams),
    );
    expect(asked.kind).toBe('abstain');
    await core.copilot.handle(makeAction({ name: 'escalate', turnId: asked.turnId! }, employeeOnTeams));
    const [escalation] = await core.copilot.escalations.list();
    const id = escalation!.id;

    const [post] = slack.deliveries;
    expect(post?.target).toEqual(SLACK_QUEUE);
    expect(post?.reply.text).toContain('\n```\nCan I carry over unused vacation days?\n```\n');
    expect(post?.reply.text).toContain('Lumen found no answer in the sources (confidence 0%)');
    expect(post?.reply.text).toContain('topic hr');
    expect(post?.reply.actions.map((a) => a.payload)).toEqual([
      { name: 'queue', escalationId: id, op: 'claim' },
      { name: 'queue', escalationId: id, op: 'resolve' },
    ]);

    // Someone in the channel who is not an admin cannot take it.
    const stranger = { ...adminOnSlack, user: { id: 'U-SAM', name: 'Sam', groups: [] } };
    const refused = await core.copilot.handle(makeAction(post!.reply.actions[0]!.payload, stranger));
    expect(refused.kind).toBe('error');
    expect((await core.copilot.escalations.get(id)).status).toBe('open');

    const claimed = await core.copilot.handle(makeAction(post!.reply.actions[0]!.payload, adminOnSlack));
    expect(claimed.text).toContain('claimed');
    expect(slack.deliveries.at(-1)?.reply.text).toContain('claimed by Dana');

    await core.copilot.handle(
      makeTurn(`admin answer ${id.slice(0, 8)} Up to five days carry over to March.`, adminOnSlack),
    );
    const delivered = teams.deliveries.at(-1)!;
    expect(delivered.target).toEqual({
      channel: 'teams',
      conversationKey: conversationKey(employeeOnTeams),
      userId: 'aad-alex',
    });
    expect(delivered.reply.text).toContain('Up to five days carry over to March.');

    await core.copilot.handle(makeAction(post!.reply.actions[1]!.payload, adminOnSlack));
    expect(teams.deliveries.at(-1)?.reply.text).toContain('Did this help?');
    expect(slack.deliveries.map((d) => d.reply.text.split(': ').at(-1))).toEqual([
      expect.any(String),
      'claimed by Dana.',
      'answered by Dana.',
      'resolved.',
    ]);
    expect(await core.copilot.escalations.get(id)).toMatchObject({ status: 'resolved', claimedBy: 'Dana' });
    expect(teams.deliveries.every((d) => d.target.channel === 'teams')).toBe(true);
  });
});

describe('a queue on a channel that can edit its posts', () => {
  it('keeps one post per escalation up to date: status and buttons change in place', async () => {
    const slack = new EditingMessenger();
    const teams = new RecordingMessenger();
    const messenger = new ChannelMessenger({ slack, teams });
    const core = await createTestCore({
      admins: ['group:hr'],
      messenger,
      escalation: {
        routes: [{ match: { topic: '*' }, queue: 'hr' }],
        queues: { hr: new ChannelQueue(messenger, SLACK_QUEUE) },
      },
    });
    try {
      const asked = await core.copilot.handle(
        makeTurn('Can I carry over unused vacation days?', employeeOnTeams),
      );
      await core.copilot.handle(makeAction({ name: 'escalate', turnId: asked.turnId! }, employeeOnTeams));
      const [post] = slack.deliveries;
      expect(post?.reply.text).toContain('**Status:** waiting for someone to claim it.');

      await core.copilot.handle(makeAction(post!.reply.actions[0]!.payload, adminOnSlack));
      const [id] = (await core.copilot.escalations.list()).map((e) => e.id);
      await core.copilot.handle(
        makeTurn(`admin answer ${id!.slice(0, 8)} Five days carry over.`, adminOnSlack),
      );
      await core.copilot.handle(
        makeAction({ name: 'queue', escalationId: id!, op: 'resolve' }, adminOnSlack),
      );

      // One post only; each change edited it.
      expect(slack.deliveries).toHaveLength(1);
      expect(slack.edits.map((e) => e.messageRef)).toEqual(['msg-1', 'msg-1', 'msg-1']);
      const [claimed, answered, resolved] = slack.edits.map((e) => e.reply);
      expect(claimed!.text).toContain('**Status:** claimed by Dana.');
      expect(claimed!.actions.map((a) => a.label)).toEqual(['Resolve']);
      expect(answered!.text).toContain('**Status:** answered by Dana.');
      expect(resolved!.text).toContain('**Status:** resolved.');
      expect(resolved!.actions).toEqual([]);
      expect((await core.copilot.escalations.get(id!)).externalRef).toBe('msg-1');
    } finally {
      await core.close();
    }
  });
});
