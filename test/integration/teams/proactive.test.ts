import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/core/errors.js';
import type { DeliveryTarget } from '../../../src/core/ports.js';
import type { Reply } from '../../../src/core/reply.js';
import {
  channelMention,
  personalMessage,
  startTeamsHarness,
  TENANT,
  type TeamsHarness,
} from './teams-harness.js';
import { wire } from './wire.js';

const humanAnswer: Reply = {
  kind: 'escalation_answer',
  text: 'Dana from Finance: the Toronto per diem is 80 CAD from December.',
  citations: [],
  actions: [],
  aiGenerated: false,
  visibility: 'conversation',
};

const alexChat: DeliveryTarget = {
  channel: 'teams',
  conversationKey: `teams:${TENANT}:a:personal-alex:`,
  userId: 'aad-alex',
};

describe('TeamsMessenger', () => {
  let h: TeamsHarness;
  const sleeps: number[] = [];
  beforeEach(async () => {
    sleeps.length = 0;
    h = await startTeamsHarness({
      streaming: { enabled: false },
      retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, sleep: async (ms) => void sleeps.push(ms) },
    });
  });
  afterEach(async () => h.close());

  async function audit(action: string) {
    return (await h.core.store.audit.list({})).filter((e) => e.action === action);
  }

  describe('deliver', () => {
    it('sends into the conversation from the reference stored when the person last wrote, and records it', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const before = h.connector.activities().length;

      await h.channel.messenger.deliver(alexChat, humanAnswer);

      const calls = h.connector.activities().slice(before);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.conversationId).toBe('a:personal-alex');
      const sent = wire(calls[0]);
      expect(JSON.stringify(sent.attachments)).toContain('the Toronto per diem is 80 CAD from December');
      expect(await audit('teams.delivered')).toEqual([
        expect.objectContaining({
          subject: alexChat.conversationKey,
          details: expect.objectContaining({ messageId: `bot-msg-${before + 1}`, kind: 'escalation_answer' }),
        }),
      ]);
    });

    it('edits a message it sent in place, by the reference deliver returned', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const delivered = await h.channel.messenger.deliver(alexChat, humanAnswer);
      expect(delivered.messageRef).toMatch(/^bot-msg-/);

      const edited = {
        ...humanAnswer,
        text: 'Dana from Finance: the Toronto per diem is 85 CAD from December.',
      };
      expect(await h.channel.messenger.replace(alexChat, delivered.messageRef!, edited)).toBe(true);
      const put = h.connector.calls.at(-1)!;
      expect(put.method).toBe('PUT');
      expect(put.path).toBe(`/v3/conversations/a%3Apersonal-alex/activities/${delivered.messageRef}`);
      expect(put.rawBody).toContain('85 CAD');
      expect(await audit('teams.updated')).toHaveLength(1);
    });

    it('replies in the channel thread the question came from', async () => {
      await h.post(channelMention(h.connector.url, 'What is the per diem in Toronto?'));
      const before = h.connector.activities().length;
      await h.channel.messenger.deliver(
        {
          channel: 'teams',
          conversationKey: `teams:${TENANT}:19:general@thread.tacv2:root-1`,
          userId: 'aad-alex',
        },
        humanAnswer,
      );
      expect(h.connector.activities()[before]!.conversationId).toBe(
        '19:general@thread.tacv2;messageid=root-1',
      );
    });

    it('backs off on 429, honouring Retry-After, then delivers once', async () => {
      await h.post(personalMessage(h.connector.url, 'hello'));
      const before = h.connector.writes().length;
      h.connector.failNext(2, 429, { 'Retry-After': '3' });

      await h.channel.messenger.deliver(alexChat, humanAnswer);

      const attempts = h.connector.writes().slice(before);
      expect(attempts).toHaveLength(3);
      expect(sleeps).toEqual([3000, 3000]);
      expect(await audit('teams.delivered')).toHaveLength(1);
    });

    it('grows the backoff exponentially without Retry-After, gives up after the last try and records the failure', async () => {
      await h.post(personalMessage(h.connector.url, 'hello'));
      const before = h.connector.writes().length;
      h.connector.failNext(10, 429);

      await expect(h.channel.messenger.deliver(alexChat, humanAnswer)).rejects.toMatchObject({
        statusCode: 429,
      });

      expect(h.connector.writes().slice(before)).toHaveLength(4);
      expect(sleeps).toEqual([100, 200, 400]);
      expect(await audit('teams.delivered')).toHaveLength(0);
      expect(await audit('teams.delivery_failed')).toEqual([
        expect.objectContaining({ subject: alexChat.conversationKey }),
      ]);
    });

    it('does not retry a request the connector rejects as bad', async () => {
      await h.post(personalMessage(h.connector.url, 'hello'));
      const before = h.connector.writes().length;
      h.connector.failNext(1, 403);
      await expect(h.channel.messenger.deliver(alexChat, humanAnswer)).rejects.toMatchObject({
        statusCode: 403,
      });
      expect(h.connector.writes().slice(before)).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });

    it('fails with NotFoundError and records it when no reference was ever stored', async () => {
      await expect(
        h.channel.messenger.deliver({ ...alexChat, conversationKey: 'teams:t:unknown:' }, humanAnswer),
      ).rejects.toBeInstanceOf(NotFoundError);
      expect(h.connector.calls).toHaveLength(0);
      expect(await audit('teams.delivery_failed')).toHaveLength(1);
    });
  });

  describe('replies during a turn', () => {
    it('retries a failed reply, then delivers it once', async () => {
      h.connector.failNext(1, 503);
      const response = await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      expect(response.status).toBe(200);
      const messages = h.connector.calls.filter((c) => c.method === 'POST');
      expect(messages).toHaveLength(2);
      expect(wire(messages[1]).text).toContain('75 CAD');
      expect(sleeps).toEqual([100]);
    });

    it('reports a reply that never got through instead of failing silently', async () => {
      h.connector.failNext(10, 503);
      const response = await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      expect(response.status).toBe(200);
      expect(h.connector.writes()).toHaveLength(4);
      expect(await audit('teams.reply_failed')).toHaveLength(1);
    });
  });
});
