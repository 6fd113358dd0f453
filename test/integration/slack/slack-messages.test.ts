import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOT_ID, BOT_USER_ID, type RecordedCall } from './fake-slack-api.js';
import { blocksText, buttonsOf, nextTs, SlackHarness } from './slack-harness.js';

const QUESTION = 'How many days of paid annual leave do I get?';

/** The final state of the answer posted into a channel: the last post or update there. */
function finalMessage(calls: RecordedCall[], channel: string): RecordedCall | undefined {
  return calls
    .filter(
      (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === channel,
    )
    .at(-1);
}

async function settle(ms = 300): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe('Slack channel', () => {
  let slack: SlackHarness;

  beforeEach(async () => {
    slack = await SlackHarness.start();
  });
  afterEach(async () => {
    await slack.close();
  });

  describe('direct messages', () => {
    it('answers a DM question with sources, the AI notice and feedback and escalation buttons', async () => {
      const ts = nextTs();
      const response = await slack.sendEvent({
        type: 'message',
        channel: 'D1',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts,
      });
      expect(response.status).toBe(200);

      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('Sources'),
      );
      const final = finalMessage(slack.api.calls, 'D1')!;
      const text = blocksText(final.args.blocks);
      expect(text).toContain('25 days');
      expect(text).toContain('<https://lumen.example.com/knowledge/hr/annual-leave.md|Annual leave policy>');
      expect(text).toContain('Quoted from company sources');
      expect(text).not.toContain('AI-generated');
      expect(buttonsOf(final.args.blocks).map((b) => b.text.text)).toEqual([
        'Helpful',
        'Not helpful',
        'Talk to a human',
      ]);
      // A DM's top level is answered at the top level, after the first partial was posted.
      const first = slack.api.callsTo('chat.postMessage')[0]!;
      expect(first.args.thread_ts).toBeUndefined();
      expect(final.method).toBe('chat.update');
      expect(final.args.ts).toBe(first.result!.ts);
      expect(first.token).toBe('xoxb-test-token');

      const recorded = await slack.store.turns.recent(`slack:T1:D1:`, 5);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]!.userId).toBe('U_ALEX');
      expect(recorded[0]!.citations[0]!.location).toBe('hr/annual-leave.md');
    });

    it('posts an answer that is ready at once whole: one message, no placeholder and no update', async () => {
      const quick = await SlackHarness.start({ streaming: 'native', progressAfterMs: 60_000 });
      try {
        await quick.sendEvent({
          type: 'message',
          channel: 'D9',
          channel_type: 'im',
          user: 'U_ALEX',
          text: QUESTION,
          ts: nextTs(),
        });
        const posted = await quick.api.waitFor(
          (c) => c.method === 'chat.postMessage' && c.args.channel === 'D9',
        );
        const text = blocksText(posted.args.blocks);
        expect(text).toContain('25 days');
        expect(text).toContain('Sources');
        expect(text).not.toContain('Writing');
        expect(buttonsOf(posted.args.blocks).map((b) => b.text.text)).toContain('Helpful');
        expect(posted.args.thread_ts).toBeUndefined();
        await settle();
        const chat = quick.api.calls.filter((c) => c.method.startsWith('chat.'));
        expect(chat.map((c) => c.method)).toEqual(['chat.postMessage']);
      } finally {
        await quick.close();
      }
    });

    it('retrieves as the asker in a DM, using the email users.info reports, looked up once', async () => {
      await slack.sendEvent({
        type: 'message',
        channel: 'D2',
        channel_type: 'im',
        user: 'U_HARPER',
        text: 'When are engineering salary bands reviewed?',
        ts: nextTs(),
      });
      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('Sources'),
      );
      expect(blocksText(finalMessage(slack.api.calls, 'D2')!.args.blocks)).toContain('April');

      await slack.sendEvent({
        type: 'message',
        channel: 'D2',
        channel_type: 'im',
        user: 'U_HARPER',
        text: QUESTION,
        ts: nextTs(),
      });
      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('annual-leave.md'),
      );
      expect(slack.api.callsTo('users.info')).toHaveLength(1);
    });

    it('does not show restricted content to someone whose identity does not allow it', async () => {
      await slack.sendEvent({
        type: 'message',
        channel: 'D3',
        channel_type: 'im',
        user: 'U_ALEX',
        text: 'When are engineering salary bands reviewed?',
        ts: nextTs(),
      });
      const reply = await slack.api.waitFor(
        (c) => c.method === 'chat.postMessage' && c.args.channel === 'D3',
      );
      expect(blocksText(reply.args.blocks)).not.toContain('April');
      expect(blocksText(reply.args.blocks)).toContain("couldn't find this");
    });
  });

  describe('Slack user groups', () => {
    const askAbout = (harness: SlackHarness) => async (user: string, channel: string) => {
      await harness.sendEvent({
        type: 'message',
        channel,
        channel_type: 'im',
        user,
        text: 'When do bonus letters go out?',
        ts: nextTs(),
      });
      const reply = await harness.api.waitFor(
        (c) => c.method === 'chat.postMessage' && c.args.channel === channel,
      );
      return blocksText(reply.args.blocks);
    };

    it('gives a Slack user group no permissions unless an admin mapped it, whatever its handle', async () => {
      // Harper is in @people-leads; the document is shared with group:people-leads.
      expect(await askAbout(slack)('U_HARPER', 'D20')).not.toContain('15 March');
      expect(slack.api.callsTo('usergroups.list')).toHaveLength(0);
    });

    it('lets members of a mapped Slack user group read what the mapping names, and no one else', async () => {
      const mapped = await SlackHarness.start({
        userGroups: { S_LEADS: ['people-leads'], S_OLD: ['former-leads'] },
      });
      try {
        const ask = askAbout(mapped);
        expect(await ask('U_HARPER', 'D21')).toContain('15 March');
        // Alex was in a user group that has since been deleted.
        expect(await ask('U_ALEX', 'D22')).not.toContain('15 March');
        expect(mapped.api.callsTo('usergroups.list')).toHaveLength(1);
      } finally {
        await mapped.close();
      }
    });
  });

  describe('mentions and threads', () => {
    it('answers a mention once in a thread under it, though Slack sends app_mention and message', async () => {
      const ts = nextTs();
      const text = `<@${BOT_USER_ID}> ${QUESTION}`;
      const base = { channel: 'C1', user: 'U_ALEX', text, ts };
      await slack.sendEvent({ type: 'app_mention', ...base });
      await slack.sendEvent({ type: 'message', channel_type: 'channel', ...base });

      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('Sources'),
      );
      await settle();
      const posts = slack.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C1');
      expect(posts).toHaveLength(1);
      expect(posts[0]!.args.thread_ts).toBe(ts);
      expect(await slack.store.turns.recent(`slack:T1:C1:${ts}`, 5)).toHaveLength(1);
    });

    it('answers follow-ups in its thread without a new mention, and ignores other threads', async () => {
      const root = nextTs();
      await slack.sendEvent({
        type: 'app_mention',
        channel: 'C2',
        user: 'U_ALEX',
        text: `<@${BOT_USER_ID}> ${QUESTION}`,
        ts: root,
      });
      await slack.api.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C2');

      await slack.sendEvent({
        type: 'message',
        channel: 'C2',
        channel_type: 'channel',
        user: 'U_ALEX',
        text: 'Something unrelated in another thread',
        ts: nextTs(),
        thread_ts: nextTs(),
      });
      await slack.sendEvent({
        type: 'message',
        channel: 'C2',
        channel_type: 'channel',
        user: 'U_ALEX',
        text: 'How many weeks of paid parental leave do adoptive parents get?',
        ts: nextTs(),
        thread_ts: root,
      });
      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('parental-leave.md'),
      );
      await settle();
      const threads = new Set(
        slack.api.callsTo('chat.postMessage').map((c) => `${c.args.channel}/${String(c.args.thread_ts)}`),
      );
      expect([...threads]).toEqual([`C2/${root}`]);
      expect(await slack.store.turns.recent(`slack:T1:C2:${root}`, 5)).toHaveLength(2);
    });

    it('uses only public content in a channel and says a DM could tell more', async () => {
      await slack.sendEvent({
        type: 'app_mention',
        channel: 'C3',
        user: 'U_HARPER',
        text: `<@${BOT_USER_ID}> When are engineering salary bands reviewed?`,
        ts: nextTs(),
      });
      const reply = await slack.api.waitFor(
        (c) => c.method === 'chat.postMessage' && c.args.channel === 'C3',
      );
      const text = blocksText(reply.args.blocks);
      expect(text).not.toContain('April');
      expect(text).toContain('direct message');
    });

    it('uses what a configured channel audience may read, without the DM notice', async () => {
      const hr = await SlackHarness.start({
        channelAudiences: { C_HR: ['user:harper.quinn@brightwater.example'] },
      });
      try {
        await hr.sendEvent({
          type: 'app_mention',
          channel: 'C_HR',
          user: 'U_HARPER',
          text: `<@${BOT_USER_ID}> When are engineering salary bands reviewed?`,
          ts: nextTs(),
        });
        const reply = await hr.api.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C_HR');
        expect(blocksText(reply.args.blocks)).toContain('April');
        expect(blocksText(reply.args.blocks)).not.toContain('direct message');
      } finally {
        await hr.close();
      }
    });

    it('ignores its own messages, other bots, edits, joins and channel chatter without a mention', async () => {
      const events = [
        {
          type: 'message',
          channel: 'D9',
          channel_type: 'im',
          user: BOT_USER_ID,
          text: QUESTION,
          ts: nextTs(),
        },
        { type: 'message', channel: 'D9', channel_type: 'im', bot_id: BOT_ID, text: QUESTION, ts: nextTs() },
        {
          type: 'message',
          subtype: 'bot_message',
          channel: 'D9',
          channel_type: 'im',
          bot_id: 'BOTHER',
          text: QUESTION,
          ts: nextTs(),
        },
        {
          type: 'message',
          subtype: 'message_changed',
          channel: 'D9',
          channel_type: 'im',
          message: { text: QUESTION },
          ts: nextTs(),
        },
        {
          type: 'message',
          subtype: 'channel_join',
          channel: 'C9',
          user: 'U_ALEX',
          text: 'joined',
          ts: nextTs(),
        },
        {
          type: 'message',
          channel: 'C9',
          channel_type: 'channel',
          user: 'U_ALEX',
          text: QUESTION,
          ts: nextTs(),
        },
      ];
      for (const event of events) expect((await slack.sendEvent(event)).status).toBe(200);
      // A question sent after them is answered, so they were processed by then.
      await slack.sendEvent({
        type: 'message',
        channel: 'D10',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      });
      await slack.api.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'D10');
      await settle();
      const channels = new Set(slack.api.callsTo('chat.postMessage').map((c) => c.args.channel));
      expect([...channels]).toEqual(['D10']);
    });
  });

  describe('redelivery', () => {
    it('answers a retried event once, also after a restart', async () => {
      const ts = nextTs();
      const event = {
        type: 'message',
        channel: 'D4',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts,
      };
      await slack.sendEvent(event, { eventId: 'EvRETRY1' });
      await slack.api.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'D4');

      expect((await slack.sendEvent(event, { eventId: 'EvRETRY1', retryNum: 1 })).status).toBe(200);
      await slack.restart();
      expect((await slack.sendEvent(event, { eventId: 'EvRETRY1', retryNum: 2 })).status).toBe(200);
      // Something answered after the retries shows they were processed by then.
      await slack.sendEvent({ ...event, channel: 'D5', ts: nextTs() });
      await slack.api.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'D5');
      await settle();
      expect(slack.api.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D4')).toHaveLength(1);
      expect(await slack.store.turns.recent('slack:T1:D4:', 5)).toHaveLength(1);
    });
  });

  describe('acknowledgement', () => {
    it('acknowledges an event before doing the work, then answers', async () => {
      slack.api.delay('users.info', 1500);
      const response = await slack.sendEvent({
        type: 'message',
        channel: 'D11',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      });
      expect(response.status).toBe(200);
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(0);
      await slack.api.waitFor((c) => c.method === 'chat.postMessage' && c.args.channel === 'D11');
    });

    it('acknowledges a slash command before answering it', async () => {
      slack.api.delay('users.info', 1500);
      const response = await slack.sendCommand({
        team_id: 'T1',
        channel_id: 'C12',
        channel_name: 'general',
        user_id: 'U_ALEX',
        command: '/lumen',
        text: QUESTION,
        response_url: slack.api.responseUrl('ack1'),
        trigger_id: 'trigger.ack1',
      });
      expect(response.status).toBe(200);
      expect(slack.api.responses).toHaveLength(0);
      await slack.api.waitForResponse('ack1');
    });
  });

  describe('request verification', () => {
    it('refuses a request with a bad signature with 401 and does nothing', async () => {
      const event = {
        type: 'message',
        channel: 'D6',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      };
      const response = await slack.sendEvent(event, { secret: 'not-the-secret-at-all' });
      expect(response.status).toBe(401);
      await settle();
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(0);
    });

    it('refuses a correctly signed request older than five minutes', async () => {
      const event = {
        type: 'message',
        channel: 'D7',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      };
      const stale = Math.floor(Date.now() / 1000) - 6 * 60;
      const response = await slack.sendEvent(event, { timestamp: stale });
      expect(response.status).toBe(401);
      await settle();
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(0);
    });

    it('refuses a correctly signed request stamped more than five minutes in the future', async () => {
      const event = {
        type: 'message',
        channel: 'D8',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      };
      const future = Math.floor(Date.now() / 1000) + 6 * 60;
      const response = await slack.sendEvent(event, { timestamp: future });
      expect(response.status).toBe(401);
      await settle();
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(0);
    });

    it('answers Slack URL verification with the challenge', async () => {
      const body = JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' });
      const response = await slack.post(body, 'application/json');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('abc123');
    });
  });
});
