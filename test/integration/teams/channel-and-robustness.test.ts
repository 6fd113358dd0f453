import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BOT,
  channelMention,
  personalMessage,
  startTeamsHarness,
  TENANT,
  type TeamsHarness,
} from './teams-harness.js';
import { messageEntity, wire } from './wire.js';

describe('Teams channel', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness();
  });
  afterEach(async () => h.close());

  describe('channel mention', () => {
    it('answers in the thread with the mention stripped from the question, as one message', async () => {
      const activity = channelMention(h.connector.url, 'What is the per diem in Toronto?');
      expect((await h.post(activity)).status).toBe(200);

      const calls = h.connector.activities();
      expect(calls).toHaveLength(1);
      expect(calls[0]!.conversationId).toBe('19:general@thread.tacv2;messageid=root-1');
      expect(calls[0]!.replyToId).toBe(activity.id);
      const sent = wire(calls[0]);
      expect(sent.type).toBe('message');
      expect(sent.text).toContain('75 CAD');
      expect(messageEntity(sent)?.citation?.length).toBeGreaterThan(0);

      const [turn] = await h.core.store.turns.list({});
      expect(turn!.question).toBe('What is the per diem in Toronto?');
      expect(turn!.conversationKey).toBe(`teams:${TENANT}:19:general@thread.tacv2:root-1`);
    });

    it('uses only what everyone in the channel may read', async () => {
      await h.post(channelMention(h.connector.url, 'What is the salary band L5 for engineers?'));
      const sent = wire(h.connector.activities()[0]);
      expect(sent.text).not.toContain('98,000');
      expect(messageEntity(sent)?.citation ?? []).toHaveLength(0);
    });

    it('stays quiet when a channel message does not mention Lumen', async () => {
      const activity = channelMention(h.connector.url, 'per diem?', {
        text: 'What is the per diem in Toronto?',
        entities: [],
      });
      expect((await h.post(activity)).status).toBe(200);
      expect(h.connector.activities()).toHaveLength(0);
    });
  });

  describe('replies for the asker only', () => {
    it('sends them to the asker’s personal chat, opening it, instead of the channel', async () => {
      await h.post(channelMention(h.connector.url, 'What is the per diem in Toronto?'));
      const [turn] = await h.core.store.turns.list({});
      const before = h.connector.writes().length;

      const response = await h.post(
        channelMention(h.connector.url, '', {
          text: undefined,
          entities: [],
          value: { lumenAction: { name: 'feedback', turnId: turn!.id, rating: 'not_helpful' } },
        }),
      );
      expect(response.status).toBe(200);

      const [create, send, ...rest] = h.connector.writes().slice(before);
      expect(rest).toHaveLength(0);
      expect(create!.path).toBe('/v3/conversations');
      expect(create!.body).toMatchObject({
        isGroup: false,
        bot: BOT,
        members: [expect.objectContaining({ id: '29:alex', aadObjectId: 'aad-alex' })],
        tenantId: TENANT,
      });
      expect(send!.conversationId).toMatch(/^conv-\d+$/);
      const card = wire(send).attachments?.[0]?.content as { actions: { title: string; data: unknown }[] };
      expect(card.actions.map((a) => a.title)).toContain('Outdated');
      expect(card.actions.find((a) => a.title === 'Outdated')!.data).toEqual({
        lumenAction: { name: 'feedback', turnId: turn!.id, rating: 'not_helpful', reason: 'outdated' },
      });
      const stored = await h.core.store.conversationReferences.get(
        `teams:${TENANT}:${send!.conversationId}:`,
      );
      expect(stored).toMatchObject({
        userId: 'aad-alex',
        reference: { conversation: { id: send!.conversationId } },
      });
    });
  });

  describe('duplicates', () => {
    it('answers a redelivered activity id once', async () => {
      const activity = personalMessage(h.connector.url, 'What is the per diem in Toronto?');
      const responses = await Promise.all([h.post(activity), h.post(activity)]);
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect((await h.post(activity)).status).toBe(200);
      const finals = h.connector.activities().filter((c) => wire(c).type === 'message');
      expect(finals).toHaveLength(1);
      expect(await h.core.store.turns.list({})).toHaveLength(1);
    });
  });

  describe('store trouble', () => {
    it('still answers when the conversation reference cannot be saved, and logs it', async () => {
      await h.close();
      const warnings: string[] = [];
      const log = {
        info: () => undefined,
        warn: (message: string) => void warnings.push(message),
        error: () => undefined,
      };
      h = await startTeamsHarness({ log });
      h.core.store.conversationReferences.save = async () => {
        throw new Error('disk full');
      };
      const response = await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      expect(response.status).toBe(200);
      const final = h.connector.activities().map(wire).at(-1)!;
      expect(final.type).toBe('message');
      expect(final.text).toContain('75 CAD in Toronto');
      expect(warnings).toContain('teams conversation reference not saved');
    });
  });

  describe('feedback loop', () => {
    it('stores a dislike and the typed text against the answered turn', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const answerId = `bot-msg-${h.connector.activities().length}`;
      const [turn] = await h.core.store.turns.list({});

      const response = await h.post(
        personalMessage(h.connector.url, '', {
          type: 'invoke',
          name: 'message/submitAction',
          text: undefined,
          replyToId: answerId,
          value: {
            actionName: 'feedback',
            actionValue: {
              reaction: 'dislike',
              feedback: JSON.stringify({ feedbackText: 'The Toronto rate changed.' }),
            },
          },
        }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});

      const [feedback] = await h.core.store.feedback.list({});
      expect(feedback).toMatchObject({
        turnId: turn!.id,
        channel: 'teams',
        userId: 'aad-alex',
        rating: 'not_helpful',
        comment: 'The Toronto rate changed.',
      });
    });

    it('answers a malformed feedback invoke with 400 and stores nothing', async () => {
      const response = await h.post(
        personalMessage(h.connector.url, '', {
          type: 'invoke',
          name: 'message/submitAction',
          replyToId: 'bot-msg-1',
          value: { actionName: 'feedback', actionValue: { reaction: 'meh' } },
        }),
      );
      expect(response.status).toBe(400);
      expect(await h.core.store.feedback.list({})).toHaveLength(0);
    });
  });

  describe('card actions', () => {
    it('routes a "talk to a human" card submit to the core and shows the escalation as a card', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const [turn] = await h.core.store.turns.list({});
      const before = h.connector.activities().length;
      const response = await h.post(
        personalMessage(h.connector.url, '', {
          text: undefined,
          value: { lumenAction: { name: 'escalate', turnId: turn!.id } },
        }),
      );
      expect(response.status).toBe(200);
      const sent = wire(h.connector.activities()[before]);
      expect(sent.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(sent.attachments?.[0]?.content)).toContain('passed your question to a person');
      const escalations = await h.core.store.escalations.list({});
      expect(escalations).toHaveLength(1);
      expect(escalations[0]).toMatchObject({ turnId: turn!.id, channel: 'teams', userId: 'aad-alex' });
    });

    it('puts "Talk to a human" on an answer as an Adaptive Card button carrying its payload', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const sent = wire(h.connector.activities().at(-1));
      const actions = (sent.attachments?.[0]?.content.actions ?? []) as { title: string; data: unknown }[];
      const [turn] = await h.core.store.turns.list({});
      expect(actions.map((a) => a.title)).toEqual(['Talk to a human']);
      expect(actions[0]!.data).toEqual({ lumenAction: { name: 'escalate', turnId: turn!.id } });
    });
  });

  describe('install', () => {
    it('welcomes once when Lumen is added, and remembers the conversation', async () => {
      const added = personalMessage(h.connector.url, '', {
        type: 'conversationUpdate',
        text: undefined,
        membersAdded: [BOT],
      });
      expect((await h.post(added)).status).toBe(200);
      const installed = personalMessage(h.connector.url, '', {
        type: 'installationUpdate',
        action: 'add',
        text: undefined,
      });
      expect((await h.post(installed)).status).toBe(200);

      const sent = h.connector.activities();
      expect(sent).toHaveLength(1);
      expect(wire(sent[0]).text).toContain("I'm **Lumen**");
      const stored = await h.core.store.conversationReferences.get(`teams:${TENANT}:a:personal-alex:`);
      expect(stored?.reference).toMatchObject({
        serviceUrl: h.connector.url,
        conversation: { id: 'a:personal-alex' },
      });
    });
  });

  describe('unusual input', () => {
    it('says it reads text only when a message has none', async () => {
      const response = await h.post(
        personalMessage(h.connector.url, '', {
          text: undefined,
          attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }],
        }),
      );
      expect(response.status).toBe(200);
      expect(wire(h.connector.activities()[0]).text).toContain('I can only read text');
    });

    it('answers an unknown invoke with 501 and a clear error', async () => {
      const response = await h.post(
        personalMessage(h.connector.url, '', { type: 'invoke', name: 'composeExtension/query', value: {} }),
      );
      expect(response.status).toBe(501);
      expect(await response.json()).toEqual({
        error: {
          code: 'not_implemented',
          message: 'Lumen does not handle the invoke "composeExtension/query".',
        },
      });
    });

    it('refuses an oversized activity with 413 and keeps serving', async () => {
      const huge = personalMessage(h.connector.url, 'x'.repeat(300 * 1024));
      const response = await h.post(huge);
      expect(response.status).toBe(413);
      expect((await response.json()).error.code).toBe('too_large');
      expect(
        (await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'))).status,
      ).toBe(200);
    });

    it('refuses a body that is not JSON or not an activity with 400', async () => {
      const notJson = await fetch(`${h.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type": ',
      });
      expect(notJson.status).toBe(400);
      expect((await h.post({ text: 'no type' })).status).toBe(400);
      const badUrl = await h.post(personalMessage(h.connector.url, 'hi', { serviceUrl: 7 }));
      expect(badUrl.status).toBe(400);
      expect((await badUrl.json()).error.message).toContain(
        "The activity's serviceUrl is missing or malformed",
      );
      const noConversation = await h.post(
        personalMessage(h.connector.url, 'hi', { conversation: undefined }),
      );
      expect((await noConversation.json()).error.message).toContain("The activity's conversation");
      expect(h.connector.calls).toHaveLength(0);
    });

    it('answers an over-long question with the core’s clear limit message', async () => {
      const response = await h.post(personalMessage(h.connector.url, 'why '.repeat(1500)));
      expect(response.status).toBe(200);
      const sent = wire(h.connector.activities().at(-1));
      expect(sent.type).toBe('message');
      expect(sent.text).toContain('That message is too long for me');
      expect(await h.core.store.turns.list({})).toHaveLength(0);
    });
  });
});
