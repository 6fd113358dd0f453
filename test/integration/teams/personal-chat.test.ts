import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALEX, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { messageEntity, wire } from './wire.js';

describe('Teams channel', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    h = await startTeamsHarness({ streaming: { enabled: false }, publicUrl: 'https://lumen.example' });
  });
  afterEach(async () => h.close());

  describe('personal chat question', () => {
    it('answers with the AI label, citation entities matching the [n] markers and the feedback loop, as sent on the wire', async () => {
      const activity = personalMessage(h.connector.url, 'What is the per diem in Toronto?');
      const response = await h.post(activity);
      expect(response.status).toBe(200);

      const [call, ...others] = h.connector.activities();
      expect(others).toHaveLength(0);
      expect(call!.conversationId).toBe('a:personal-alex');
      expect(call!.replyToId).toBe(activity.id);

      const sent = wire(call);
      expect(sent.type).toBe('message');
      expect(sent.text).toContain('75 CAD in Toronto');
      expect(sent.channelData).toMatchObject({ feedbackLoopEnabled: true });

      const message = messageEntity(sent)!;
      expect(message['@type']).toBe('Message');
      expect(message['@context']).toBe('https://schema.org');
      // The embedded answerer only quotes its sources: labelled as such, not as AI-generated.
      expect(message.additionalType).toBeUndefined();
      expect(sent.text).toContain('_Quoted from sources_');

      const markers = [...new Set([...String(sent.text).matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])))];
      expect(markers.length).toBeGreaterThan(0);
      expect(message.citation!.map((c) => c.position).sort()).toEqual(markers.sort());
      const perDiem = message.citation!.find((c) => c.appearance.name === 'Per diem rates')!;
      expect(perDiem).toMatchObject({
        '@type': 'Claim',
        appearance: {
          '@type': 'DigitalDocument',
          url: expect.stringMatching(
            /^https:\/\/lumen\.example\/knowledge\/expenses\/per-diem\.md\?hl=.+#cited$/,
          ),
          keywords: ['expenses/per-diem.md'],
        },
      });
      expect(perDiem.appearance.abstract!.length).toBeLessThanOrEqual(160);
      expect(perDiem.appearance.abstract).toContain('daily meal allowance');
    });

    it('retrieves as the asker in personal chat, so content only they may read can be cited', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the salary band L5 for engineers?'));
      expect(wire(h.connector.activities()[0]).text).toContain('98,000');
      const turns = await h.core.store.turns.list({});
      expect(turns[0]).toMatchObject({ channel: 'teams', userId: ALEX.aadObjectId, userName: ALEX.name });
    });

    it('answers a follow-up in the same chat with the topic of the previous question', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      await h.post(personalMessage(h.connector.url, 'and in Lisbon?'));
      const followUp = wire(h.connector.activities().at(-1));
      expect(followUp.text).toContain('60 EUR in Lisbon');
      const turns = await h.core.store.turns.list({});
      expect(new Set(turns.map((t) => t.conversationKey))).toEqual(
        new Set(['teams:tenant-1:a:personal-alex:']),
      );
    });

    it('records which turn the sent message answered, by the id the connector gave it', async () => {
      await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
      const [turn] = await h.core.store.turns.list({});
      const sent = await h.core.store.sentMessages.find('teams', 'bot-msg-1');
      expect(sent?.turnId).toBe(turn!.id);
    });
  });
});
