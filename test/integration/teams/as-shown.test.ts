import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { channelMention, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { wire } from './wire.js';

describe('Teams messages as the client shows them', () => {
  let h: TeamsHarness;
  beforeEach(async () => {
    // The stream starts at once, as it does for an answer that takes a while.
    h = await startTeamsHarness({
      streaming: { enabled: true, minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    });
  });
  afterEach(async () => h.close());

  it.each(['help', 'lesson', 'my progress', 'talk to a human'])(
    'sends no "Looking through the documents…" line before "%s"',
    async (text) => {
      expect((await h.post(personalMessage(h.connector.url, text))).status).toBe(200);
      const sent = h.connector.activities().map(wire);
      expect(sent.filter((a) => a.type === 'typing')).toHaveLength(0);
      expect(sent).toHaveLength(1);
      expect(sent[0]!.type).toBe('message');
    },
  );

  it('still shows it before searching for an answer', async () => {
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    const [first] = h.connector.activities().map(wire);
    expect(first).toMatchObject({ type: 'typing', text: 'Looking through the documents…' });
  });

  it('shows a hand-off once, in its card, with no repeated text', async () => {
    await h.post(personalMessage(h.connector.url, 'talk to a human'));
    const [sent] = h.connector.activities().map(wire);
    expect(sent!.text).toBeUndefined();
    const card = JSON.stringify(sent!.attachments?.[0]?.content);
    expect(card.match(/passed your question to a person/g)).toHaveLength(1);
  });

  it('gives each lesson of "my progress" its own paragraph', async () => {
    await h.post(personalMessage(h.connector.url, 'my progress'));
    const progress = wire(h.connector.activities()[0]).text!;
    const lines = progress.split('\n\n');
    expect(lines.filter((l) => /^(✅|▶️|▫️) /.test(l)).length).toBeGreaterThan(1);
  });

  it('tells the person in the channel where a lesson asked for there went', async () => {
    expect((await h.post(channelMention(h.connector.url, 'lesson'))).status).toBe(200);
    const writes = h.connector.writes();
    const created = writes.find((c) => c.path === '/v3/conversations');
    expect(created).toBeDefined();
    const personal = writes.filter((c) => c.conversationId?.startsWith('conv-'));
    expect(personal).toHaveLength(1);
    const inChannel = writes.filter((c) => c.conversationId === '19:general@thread.tacv2;messageid=root-1');
    expect(inChannel).toHaveLength(1);
    expect(wire(inChannel[0]).text).toMatch(/^Alex, I've sent you that in our personal chat/);
  });
});
