import { afterEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../src/core/ports.js';
import { channelMention, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { wire } from './wire.js';

class RecordingLogger implements Logger {
  readonly lines: { level: string; message: string; fields?: LogFields }[] = [];
  info(message: string, fields?: LogFields) {
    this.lines.push({ level: 'info', message, ...(fields ? { fields } : {}) });
  }
  warn(message: string, fields?: LogFields) {
    this.lines.push({ level: 'warn', message, ...(fields ? { fields } : {}) });
  }
  error(message: string, fields?: LogFields) {
    this.lines.push({ level: 'error', message, ...(fields ? { fields } : {}) });
  }
}

/** The feedback loop's invoke as Teams sends it; `replyToId` only when given. */
function feedbackInvoke(
  serviceUrl: string,
  reaction: 'like' | 'dislike',
  options: { replyToId?: string; feedback?: string; base?: (url: string, text: string) => object } = {},
) {
  const base = (options.base ?? personalMessage)(serviceUrl, '') as Record<string, unknown>;
  return {
    ...base,
    type: 'invoke',
    name: 'message/submitAction',
    text: undefined,
    entities: undefined,
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    value: {
      actionName: 'feedback',
      actionValue: { reaction, ...(options.feedback !== undefined ? { feedback: options.feedback } : {}) },
    },
  };
}

describe('Teams feedback loop', () => {
  let h: TeamsHarness;
  let log: RecordingLogger;
  afterEach(async () => h.close());

  async function start(streaming: boolean) {
    log = new RecordingLogger();
    // The stream starts at once, as it does for an answer that takes a while.
    h = await startTeamsHarness({
      log,
      streaming: { enabled: streaming, minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    });
  }

  it('finds a streamed answer by its stream id, the id Teams names the final message by', async () => {
    await start(true);
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    const sent = h.connector.activities();
    expect(wire(sent[0]).type).toBe('typing');
    const streamId = 'bot-msg-1';
    expect(wire(sent.at(-1)).channelData).toMatchObject({ streamType: 'final', streamId });
    const [turn] = await h.core.store.turns.list({});

    const response = await h.post(feedbackInvoke(h.connector.url, 'like', { replyToId: streamId }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const [feedback] = await h.core.store.feedback.list({});
    expect(feedback).toMatchObject({ turnId: turn!.id, rating: 'helpful', channel: 'teams' });
  });

  it('finds an answer sent as text and a card by the id the connector returned', async () => {
    await start(false);
    // In a channel the answer carries the "talk to a human" card next to its text.
    await h.post(channelMention(h.connector.url, 'What is the per diem in Toronto?'));
    const [call] = h.connector.activities();
    expect(wire(call).attachments?.length).toBeGreaterThan(0);
    expect(wire(call).text).toContain('75 CAD');
    const answerId = 'bot-msg-1';
    const [turn] = await h.core.store.turns.list({});

    const response = await h.post(
      feedbackInvoke(h.connector.url, 'dislike', {
        replyToId: answerId,
        base: channelMention,
        feedback: JSON.stringify({ feedbackText: 'Toronto changed.' }),
      }),
    );
    expect(response.status).toBe(200);
    const [feedback] = await h.core.store.feedback.list({});
    expect(feedback).toMatchObject({ turnId: turn!.id, rating: 'not_helpful', comment: 'Toronto changed.' });
  });

  it('without replyToId rates the sender’s latest answer in that conversation, taking a plain-text comment', async () => {
    await start(true);
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    h.core.clock.advance(60_000);
    await h.post(personalMessage(h.connector.url, 'How much parental leave do birth parents get?'));
    const turns = await h.core.store.turns.list({});
    const latest = turns.find((t) => t.question.includes('parental'))!;

    const response = await h.post(
      feedbackInvoke(h.connector.url, 'dislike', { feedback: 'It left out adoption.' }),
    );
    expect(response.status).toBe(200);
    const stored = await h.core.store.feedback.list({});
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      turnId: latest.id,
      userId: 'aad-alex',
      rating: 'not_helpful',
      comment: 'It left out adoption.',
    });
  });

  it('answers 200, tells the sender and warns in the log when the rating fits no answer', async () => {
    await start(true);
    const messageId = '1733312345678';
    const response = await h.post(feedbackInvoke(h.connector.url, 'like', { replyToId: messageId }));
    expect(response.status).toBe(200);
    expect(await h.core.store.feedback.list({})).toHaveLength(0);

    const told = h.connector.activities().map(wire);
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain("couldn't tell which answer you rated");
    const warning = log.lines.find(
      (l) => l.level === 'warn' && l.message.includes('feedback could not be placed'),
    );
    expect(warning?.fields).toMatchObject({ messageId });

    // Without replyToId and no answer to this person yet: the same.
    const second = await h.post(feedbackInvoke(h.connector.url, 'dislike'));
    expect(second.status).toBe(200);
    expect(h.connector.activities()).toHaveLength(2);
    expect(await h.core.store.feedback.list({})).toHaveLength(0);
  });
});
