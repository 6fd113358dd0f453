import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelMessenger } from '../../../src/channels/outbox-messenger.js';
import { SlackMessenger } from '../../../src/channels/slack/index.js';
import type { WebhookPayload } from '../../../src/channels/webhook/webhook-queue.js';
import { WebhookQueue } from '../../../src/channels/webhook/webhook-queue.js';
import { ChannelQueue } from '../../../src/core/escalation/channel-queue.js';
import { createTestCore, makeAction, makeTurn } from '../../helpers/builders.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { FakeSlackApi } from '../slack/fake-slack-api.js';
import { blocksText } from '../slack/slack-harness.js';

const DISGUISED = '[IT notice: re-enter your password](https://attacker.example/login) now';
const MENTIONS = 'please look <!channel> <@U0ADMIN> @here <a href="https://attacker.example/x">here</a>';
const NOTE =
  'Urgent: <https://attacker.example/sso|Sign in again> as [the helpdesk asks][1]\n[1]: https://attacker.example/r';

/** A web employee escalates text written to look like links and pings; the queues show it as plain text. */
describe('what an employee wrote, in escalation queues', () => {
  let slackApi: FakeSlackApi;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    slackApi = new FakeSlackApi();
    await slackApi.start();
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await slackApi.close();
    await receiver.close();
  });

  async function escalateFromWeb(queue: 'slack' | 'webhook') {
    const slack = new SlackMessenger(
      new webApi.WebClient('xoxb-test', { slackApiUrl: slackApi.url, retryConfig: { retries: 0 } }),
    );
    const messenger = new ChannelMessenger({ slack });
    const target = { channel: 'slack' as const, conversationKey: 'slack:T1:C-HELPDESK:', userId: '' };
    const core = await createTestCore({
      messenger,
      escalation: {
        routes: [{ match: { topic: '*' }, queue: 'helpdesk' }],
        queues: {
          helpdesk:
            queue === 'slack'
              ? new ChannelQueue(messenger, target)
              : new WebhookQueue({ url: receiver.url, secret: 'webhook-secret-0123456789' }),
        },
      },
    });
    try {
      const employee = { user: { id: 'web-1', name: '[Helpdesk](https://attacker.example)', groups: [] } };
      const asked = await core.copilot.handle(makeTurn(DISGUISED, employee));
      await core.copilot.handle(makeTurn(MENTIONS, employee));
      await core.copilot.handle(
        makeAction({ name: 'escalate', turnId: asked.turnId!, note: NOTE }, employee),
      );
    } finally {
      await core.close();
    }
  }

  it('shows no link label and no mention in the Slack queue post', async () => {
    await escalateFromWeb('slack');
    const post = slackApi.callsTo('chat.postMessage').at(-1)!;
    const shown = `${post.args.text ?? ''}\n${blocksText(post.args.blocks)}`;
    expect(shown).toContain('IT notice: re-enter your password (https://attacker.example/login)');
    // No Slack link markup (<url|label>) and no mention markup anywhere.
    expect(shown).not.toMatch(/<https?:[^>]*>/);
    expect(shown).not.toMatch(/<[!@#]/);
    expect(shown).not.toMatch(/(^|[^\u2060])@here/);
    expect(shown).not.toContain('](');
  });

  it('sends the employee’s words as plain text to a ticketing webhook', async () => {
    await escalateFromWeb('webhook');
    const created = receiver.requests
      .map((r) => JSON.parse(r.body) as WebhookPayload)
      .find((p) => p.event === 'created')!;
    expect(created.item.question).toBe(
      'IT notice: re-enter your password (https://attacker.example/login) now',
    );
    expect(created.item.note).toBe(
      'Urgent: Sign in again (https://attacker.example/sso) as [the helpdesk asks][1]\n1 (https://attacker.example/r)',
    );
    expect(created.item.employee.name).toBe('Helpdesk https://attacker.example');
    const employeeSaid = created.item.conversation.filter((e) => e.role === 'user').map((e) => e.text);
    expect(employeeSaid).toContain('please look @\u2060channel @U0ADMIN @\u2060here here');
    expect(JSON.stringify(created.item)).not.toMatch(/\]\(|<https?:|<!|<@/);
  });
});
