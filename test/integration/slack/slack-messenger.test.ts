import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../../src/channels/slack/index.js';
import type { DeliveryTarget } from '../../../src/core/ports.js';
import { plainReply } from '../../../src/core/replies.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { blocksText } from './slack-harness.js';

/** An escalation queue in a Slack channel. */
const HR_QUEUE: DeliveryTarget = { channel: 'slack', conversationKey: 'slack:T1:C-HR:', userId: '' };

describe('SlackMessenger', () => {
  let api: FakeSlackApi;
  let messenger: SlackMessenger;

  beforeAll(async () => {
    api = new FakeSlackApi();
    await api.start();
    messenger = new SlackMessenger(
      new webApi.WebClient('xoxb-test', { slackApiUrl: api.url, retryConfig: { retries: 0 } }),
    );
  });
  afterAll(async () => api.close());

  it('edits a message it posted in place with chat.update, by the reference deliver returned', async () => {
    const delivered = await messenger.deliver(
      HR_QUEUE,
      plainReply('admin', 'Escalation `ab12cd34`: **Status:** open.'),
    );
    const posted = api.callsTo('chat.postMessage').at(-1)!;
    expect(posted.args.channel).toBe('C-HR');
    expect(delivered.messageRef).toMatch(/^C-HR:\d+\.\d+$/);

    const edited = await messenger.replace(
      HR_QUEUE,
      delivered.messageRef!,
      plainReply('admin', 'Escalation `ab12cd34`: **Status:** claimed by Dana.'),
    );
    expect(edited).toBe(true);
    const update = api.callsTo('chat.update').at(-1)!;
    expect(update.args).toMatchObject({ channel: 'C-HR', ts: delivered.messageRef!.split(':')[1] });
    expect(blocksText(update.args.blocks)).toContain('claimed by Dana');
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  // Over 50 blocks of 3,000 characters: Slack needs more than one message for it.
  it('sends anew what does not fit one message, rather than editing', async () => {
    const delivered = await messenger.deliver(HR_QUEUE, plainReply('admin', 'Short.'));
    const long = plainReply(
      'admin',
      Array.from({ length: 5000 }, (_, i) => `Line ${i} of a very long queue post.`).join('\n'),
    );
    expect(await messenger.replace(HR_QUEUE, delivered.messageRef!, long)).toBe(false);
  });
});
