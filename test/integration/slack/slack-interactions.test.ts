import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackMessenger } from '../../../src/channels/slack/index.js';
import { POST_FAILED_TEXT } from '../../../src/channels/slack/poster.js';
import { FakeSlackApi, SLACK_USERS, TEAM_ID } from './fake-slack-api.js';
import { blocksText, buttonsOf, nextTs, SlackHarness } from './slack-harness.js';

const QUESTION = 'How many days of paid annual leave do I get?';

/** Asks in a DM and returns the final answer message's buttons. */
async function askInDm(slack: SlackHarness, channel: string) {
  await slack.sendEvent({
    type: 'message',
    channel,
    channel_type: 'im',
    user: 'U_ALEX',
    text: QUESTION,
    ts: nextTs(),
  });
  const final = await slack.api.waitFor(
    (c) =>
      c.method === 'chat.update' &&
      c.args.channel === channel &&
      blocksText(c.args.blocks).includes('Sources'),
  );
  return { final, buttons: buttonsOf(final.args.blocks) };
}

function buttonPayload(
  button: { action_id: string; value: string },
  channel: string,
  messageTs: string,
  responseUrl: string,
) {
  return {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'brightwater' },
    user: { id: 'U_ALEX', username: 'alex', team_id: TEAM_ID },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trigger.123',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'directmessage' },
    message: { type: 'message', ts: messageTs, text: 'answer' },
    response_url: responseUrl,
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: 'lumen_actions',
        value: button.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

describe('Slack channel interactions', () => {
  let slack: SlackHarness;

  beforeEach(async () => {
    slack = await SlackHarness.start();
  });
  afterEach(async () => {
    await slack.close();
  });

  describe('feedback', () => {
    it('records a helpful rating and thanks the person in the conversation', async () => {
      const { final, buttons } = await askInDm(slack, 'D1');
      const helpful = buttons.find((b) => b.action_id === 'lumen_feedback_helpful')!;
      const response = await slack.sendInteraction(
        buttonPayload(helpful, 'D1', String(final.args.ts), slack.api.responseUrl('r1')),
      );
      expect(response.status).toBe(200);
      const thanks = await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'D1' &&
          String(c.args.text).includes('Thanks'),
      );
      expect(thanks.args.thread_ts).toBeUndefined();
      const stored = await slack.store.feedback.list({});
      expect(stored.map((f) => [f.rating, f.userId, f.channel])).toEqual([['helpful', 'U_ALEX', 'slack']]);
    });

    it('opens a modal for "not helpful" and stores the submitted reason and comment', async () => {
      const { final, buttons } = await askInDm(slack, 'D2');
      const notHelpful = buttons.find((b) => b.action_id === 'lumen_feedback_not_helpful')!;
      await slack.sendInteraction(
        buttonPayload(notHelpful, 'D2', String(final.args.ts), slack.api.responseUrl('r2')),
      );
      const opened = await slack.api.waitFor((c) => c.method === 'views.open');
      expect(opened.args.trigger_id).toBe('trigger.123');
      const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown };
      expect(view.callback_id).toBe('lumen_feedback_modal');
      expect(blocksText(view.blocks)).toContain('Outdated');

      const response = await slack.sendInteraction({
        type: 'view_submission',
        team: { id: TEAM_ID },
        user: { id: 'U_ALEX', team_id: TEAM_ID },
        api_app_id: 'A1',
        token: 'legacy',
        trigger_id: 'trigger.456',
        view: {
          id: 'V_OPENED',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: {
            values: {
              reason: { reason: { type: 'static_select', selected_option: { value: 'outdated' } } },
              comment: { comment: { type: 'plain_text_input', value: 'The policy changed in 2026.' } },
            },
          },
        },
      });
      expect(response.status).toBe(200);
      await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'D2' &&
          String(c.args.text).includes('Thanks'),
      );
      const stored = await slack.store.feedback.list({});
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        rating: 'not_helpful',
        reason: 'outdated',
        comment: 'The policy changed in 2026.',
        userId: 'U_ALEX',
      });
      expect(stored[0]!.turn.question).toBe(QUESTION);
    });

    it('offers reason buttons privately when the modal cannot open, and stores the reason picked', async () => {
      const { final, buttons } = await askInDm(slack, 'D4');
      slack.api.failNext('views.open', { error: 'expired_trigger_id' });
      const notHelpful = buttons.find((b) => b.action_id === 'lumen_feedback_not_helpful')!;
      await slack.sendInteraction(
        buttonPayload(notHelpful, 'D4', String(final.args.ts), slack.api.responseUrl('r4')),
      );
      const asked = await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' && c.args.channel === 'D4' && buttonsOf(c.args.blocks).length > 3,
      );
      const outdated = buttonsOf(asked.args.blocks).find(
        (b) => b.action_id === 'lumen_feedback_reason_outdated',
      )!;
      expect(outdated.text.text).toBe('Outdated');
      await slack.sendInteraction(
        buttonPayload(outdated, 'D4', String(asked.result!.ts), slack.api.responseUrl('r5')),
      );
      await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'D4' &&
          String(c.args.text).includes('Thanks'),
      );
      const stored = await slack.store.feedback.list({});
      expect(stored.map((f) => [f.rating, f.reason])).toEqual([['not_helpful', 'outdated']]);
      expect(slack.log.lines.some((l) => l.message.includes('modal failed to open'))).toBe(true);
    });

    it('refuses a modal submission without a reason, keeping the modal open', async () => {
      const response = await slack.sendInteraction({
        type: 'view_submission',
        team: { id: TEAM_ID },
        user: { id: 'U_ALEX', team_id: TEAM_ID },
        api_app_id: 'A1',
        token: 'legacy',
        view: {
          id: 'V1',
          type: 'modal',
          callback_id: 'lumen_feedback_modal',
          private_metadata: JSON.stringify({
            turnId: 't',
            place: { teamId: TEAM_ID, channelId: 'D2', kind: 'direct' },
          }),
          state: { values: { reason: { reason: { type: 'static_select', selected_option: null } } } },
        },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        response_action: 'errors',
        errors: { reason: 'Pick a reason from the list.' },
      });
    });
  });

  describe('lessons', () => {
    it('runs a lesson with its buttons: each has its own id, and pressing one moves the lesson on', async () => {
      await slack.sendEvent({
        type: 'message',
        channel: 'D9',
        channel_type: 'im',
        user: 'U_ALEX',
        text: 'lesson',
        ts: nextTs(),
      });
      const start = await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' && c.args.channel === 'D9' && buttonsOf(c.args.blocks).length > 0,
      );
      const buttons = buttonsOf(start.args.blocks);
      expect(buttons.length).toBeGreaterThanOrEqual(2);
      expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
      const calls = slack.api.calls.length;
      await slack.sendInteraction(
        buttonPayload(buttons[2] ?? buttons[0]!, 'D9', String(start.args.ts), slack.api.responseUrl('r9')),
      );
      const next = await slack.api.waitFor(
        (c) =>
          slack.api.calls.indexOf(c) >= calls &&
          (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
          c.args.channel === 'D9',
      );
      expect(blocksText(next.args.blocks)).not.toMatch(/went wrong|don't know that button/i);
      expect((await slack.store.lessons.listProgress('U_ALEX')).length).toBe(1);
    });
  });

  describe('escalation', () => {
    it('stores an escalation from "talk to a human" and relays the answer into the DM', async () => {
      const { final, buttons } = await askInDm(slack, 'D3');
      const escalate = buttons.find((b) => b.action_id === 'lumen_escalate')!;
      await slack.sendInteraction(
        buttonPayload(escalate, 'D3', String(final.args.ts), slack.api.responseUrl('r3')),
      );
      await slack.api.waitFor(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === 'D3' &&
          String(c.args.text).includes('person'),
      );
      const [escalation] = await slack.store.escalations.list({});
      expect(escalation).toMatchObject({
        channel: 'slack',
        conversationKey: 'slack:T1:D3:',
        userId: 'U_ALEX',
        question: QUESTION,
        status: 'open',
      });

      await slack.copilot.escalations.answer(escalation!.id, 'You also get two volunteering days.', 'Dana');
      const relayed = await slack.api.waitFor(
        (c) => c.method === 'chat.postMessage' && String(c.args.text).includes('volunteering'),
      );
      expect(relayed.args.channel).toBe('D3');
    });
  });

  describe('/lumen', () => {
    it('answers privately, restating the question, with the asker’s own access', async () => {
      const response = await slack.sendCommand({
        token: 'legacy',
        team_id: TEAM_ID,
        channel_id: 'C5',
        channel_name: 'general',
        user_id: 'U_HARPER',
        user_name: 'harper',
        command: '/lumen',
        text: 'When are engineering salary bands reviewed?',
        response_url: slack.api.responseUrl('cmd1'),
        trigger_id: 'trigger.cmd1',
        api_app_id: 'A1',
      });
      expect(response.status).toBe(200);
      const reply = await slack.api.waitForResponse('cmd1');
      expect(reply.body.response_type).toBe('ephemeral');
      const text = blocksText(reply.body.blocks);
      expect(text).toContain('You asked:');
      expect(text).toContain('When are engineering salary bands reviewed?');
      // Private to the asker, so Harper's restricted document may be used.
      expect(text).toContain('April');
      expect(slack.api.callsTo('chat.postMessage')).toHaveLength(0);
    });

    it('relays a person’s answer to an escalation from a private reply as a DM', async () => {
      await slack.sendCommand({
        team_id: TEAM_ID,
        channel_id: 'C6',
        channel_name: 'general',
        user_id: 'U_ALEX',
        command: '/lumen',
        text: QUESTION,
        response_url: slack.api.responseUrl('cmd3'),
        trigger_id: 'trigger.cmd3',
      });
      const reply = await slack.api.waitForResponse('cmd3');
      const escalate = buttonsOf(reply.body.blocks).find((b) => b.action_id === 'lumen_escalate')!;
      await slack.sendInteraction({
        ...buttonPayload(escalate, 'C6', nextTs(), slack.api.responseUrl('cmd3-escalated')),
        container: { type: 'message', channel_id: 'C6', is_ephemeral: true },
      });
      const confirmed = await slack.api.waitForResponse('cmd3-escalated');
      expect(String(confirmed.body.text)).toContain('person');
      const [escalation] = await slack.store.escalations.list({});
      expect(escalation!.conversationKey).toBe('slack:T1:C6:private.U_ALEX');

      await slack.copilot.escalations.answer(escalation!.id, 'Ask HR about carry-over.', 'Dana');
      const relayed = await slack.api.waitFor(
        (c) => c.method === 'chat.postMessage' && String(c.args.text).includes('carry-over'),
      );
      expect(slack.api.callsTo('conversations.open')[0]!.args.users).toBe('U_ALEX');
      expect(relayed.args.channel).toBe('D_U_ALEX');
      expect(relayed.args.thread_ts).toBeUndefined();
    });

    it('shows help, with admin commands for admins', async () => {
      await slack.sendCommand({
        team_id: TEAM_ID,
        channel_id: 'C5',
        channel_name: 'general',
        user_id: 'U_HARPER',
        command: '/lumen',
        text: 'help',
        response_url: slack.api.responseUrl('cmd2'),
        trigger_id: 'trigger.cmd2',
      });
      const reply = await slack.api.waitForResponse('cmd2');
      expect(blocksText(reply.body.blocks)).toContain('admin feedback');
    });

    it('runs `/lumen feedback` for an admin and refuses others', async () => {
      for (const [user, id] of [
        ['U_HARPER', 'fa'],
        ['U_ALEX', 'fb'],
      ] as const) {
        await slack.sendCommand({
          team_id: TEAM_ID,
          channel_id: 'C5',
          channel_name: 'general',
          user_id: user,
          command: '/lumen',
          text: 'feedback',
          response_url: slack.api.responseUrl(id),
          trigger_id: `trigger.${id}`,
        });
      }
      const admin = await slack.api.waitForResponse('fa');
      const other = await slack.api.waitForResponse('fb');
      expect(admin.body.text).not.toEqual(other.body.text);
      expect(String(other.body.text).toLowerCase()).toMatch(/admin/);
    });
  });

  describe('App Home', () => {
    it('publishes the home tab with what Lumen can do and the person’s settings', async () => {
      await slack.sendEvent({
        type: 'app_home_opened',
        user: 'U_ALEX',
        channel: 'D8',
        tab: 'home',
        event_ts: nextTs(),
      });
      const published = await slack.api.waitFor((c) => c.method === 'views.publish');
      expect(published.args.user_id).toBe('U_ALEX');
      const view = published.args.view as { type: string; blocks: unknown };
      expect(view.type).toBe('home');
      const text = blocksText(view.blocks);
      expect(text).toContain('Your lessons');
      expect(text).toMatch(/Your progress:\*? 0 of \d+ lessons completed/);
      expect(text).toContain('What generative AI is');
      expect(text).toContain(SLACK_USERS.U_ALEX!.email);
      expect(text).toContain('talk to a human');
    });
  });

  describe('assistant threads', () => {
    it('greets a new thread with suggested prompts, shows a status, titles it and streams the answer', async () => {
      const slackNative = await SlackHarness.start({ streaming: 'native' });
      try {
        const thread = nextTs();
        await slackNative.sendEvent({
          type: 'assistant_thread_started',
          assistant_thread: { user_id: 'U_ALEX', channel_id: 'D20', thread_ts: thread, context: {} },
          event_ts: nextTs(),
        });
        const greeting = await slackNative.api.waitFor((c) => c.method === 'chat.postMessage');
        expect(greeting.args).toMatchObject({ channel: 'D20', thread_ts: thread });
        const prompts = await slackNative.api.waitFor(
          (c) => c.method === 'assistant.threads.setSuggestedPrompts',
        );
        expect((prompts.args.prompts as unknown[]).length).toBeGreaterThan(0);
        expect((prompts.args.prompts as unknown[]).length).toBeLessThanOrEqual(4);

        await slackNative.sendEvent({
          type: 'message',
          channel: 'D20',
          channel_type: 'im',
          user: 'U_ALEX',
          text: QUESTION,
          ts: nextTs(),
          thread_ts: thread,
        });
        const status = await slackNative.api.waitFor((c) => c.method === 'assistant.threads.setStatus');
        expect(status.args).toMatchObject({ channel_id: 'D20', thread_ts: thread, status: 'is thinking…' });
        const title = await slackNative.api.waitFor((c) => c.method === 'assistant.threads.setTitle');
        expect(title.args.title).toBe(QUESTION);
        const started = await slackNative.api.waitFor((c) => c.method === 'chat.startStream');
        expect(started.args).toMatchObject({ channel: 'D20', thread_ts: thread });
        const stopped = await slackNative.api.waitFor((c) => c.method === 'chat.stopStream');
        expect(stopped.args.ts).toBe(started.result!.ts);
        const blocks = blocksText(stopped.args.blocks);
        expect(blocks).toContain('Sources');
        expect(blocks).toContain('lumen_feedback_helpful');
        const streamed = [started, ...slackNative.api.callsTo('chat.appendStream'), stopped]
          .map((c) => String(c.args.markdown_text ?? ''))
          .join('');
        expect(streamed).toContain('25 days');
        expect(slackNative.api.callsTo('chat.update')).toHaveLength(0);
      } finally {
        await slackNative.close();
      }
    });

    it('answers at once in a thread without a thinking status or a stream, and still titles the thread', async () => {
      const quick = await SlackHarness.start({ streaming: 'native', progressAfterMs: 60_000 });
      try {
        const thread = nextTs();
        await quick.sendEvent({
          type: 'message',
          channel: 'D22',
          channel_type: 'im',
          user: 'U_ALEX',
          text: QUESTION,
          ts: nextTs(),
          thread_ts: thread,
        });
        const posted = await quick.api.waitFor(
          (c) => c.method === 'chat.postMessage' && c.args.channel === 'D22',
        );
        expect(posted.args.thread_ts).toBe(thread);
        expect(blocksText(posted.args.blocks)).toContain('25 days');
        expect(blocksText(posted.args.blocks)).toContain('lumen_feedback_helpful');
        const title = await quick.api.waitFor((c) => c.method === 'assistant.threads.setTitle');
        expect(title.args.title).toBe(QUESTION);
        await new Promise((r) => setTimeout(r, 300));
        const methods = quick.api.calls.map((c) => c.method);
        expect(methods).not.toContain('assistant.threads.setStatus');
        expect(methods.filter((m) => m.startsWith('chat.'))).toEqual(['chat.postMessage']);
      } finally {
        await quick.close();
      }
    });

    it('falls back to post-and-update when the streaming API is unavailable', async () => {
      const slackNative = await SlackHarness.start({ streaming: 'native' });
      try {
        slackNative.api.failNext('chat.startStream', { error: 'unknown_method' });
        const thread = nextTs();
        await slackNative.sendEvent({
          type: 'message',
          channel: 'D21',
          channel_type: 'im',
          user: 'U_ALEX',
          text: QUESTION,
          ts: nextTs(),
          thread_ts: thread,
        });
        const final = await slackNative.api.waitFor(
          (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('Sources'),
        );
        expect(final.args.channel).toBe('D21');
        expect(slackNative.api.callsTo('chat.postMessage')[0]!.args.thread_ts).toBe(thread);
      } finally {
        await slackNative.close();
      }
    });
  });

  describe('rate limits and failures', () => {
    it('waits out a 429 with Retry-After and then posts the answer', async () => {
      slack.api.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      await slack.sendEvent({
        type: 'message',
        channel: 'D30',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      });
      await slack.api.waitFor(
        (c) => c.method === 'chat.update' && blocksText(c.args.blocks).includes('Sources'),
      );
      const posts = slack.api.callsTo('chat.postMessage');
      expect(posts).toHaveLength(2);
      expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    });

    it('tells the asker and logs it when the answer cannot be posted', async () => {
      slack.api.failNext('chat.postMessage', { error: 'channel_not_found' }, { error: 'channel_not_found' });
      await slack.sendEvent({
        type: 'message',
        channel: 'D31',
        channel_type: 'im',
        user: 'U_ALEX',
        text: QUESTION,
        ts: nextTs(),
      });
      const notice = await slack.api.waitFor((c) => c.method === 'chat.postEphemeral');
      expect(notice.args).toMatchObject({ channel: 'D31', user: 'U_ALEX', text: POST_FAILED_TEXT });
      expect(slack.log.lines.some((l) => l.level === 'error' && l.fields.code === 'slack.post_failed')).toBe(
        true,
      );
    });
  });
});

describe('SlackMessenger.check', () => {
  it('reports the bot and workspace when auth.test accepts the token, and a hint when not', async () => {
    const api = new FakeSlackApi();
    await api.start();
    try {
      const messenger = new SlackMessenger(new webApi.WebClient('xoxb-x', { slackApiUrl: api.url }));
      expect(await messenger.check()).toEqual({
        name: 'slack',
        ok: true,
        detail: 'bot @lumen in workspace Brightwater',
      });
      api.failNext('auth.test', { error: 'invalid_auth' });
      const failed = await messenger.check();
      expect(failed.ok).toBe(false);
      expect(failed.detail).toContain('invalid_auth; check SLACK_BOT_TOKEN');
    } finally {
      await api.close();
    }
  });
});
