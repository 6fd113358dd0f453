import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnswerRequest, ChatModel, ModelAnswer } from '../../../src/core/ports.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import type { ConnectorStandIn } from './connector-stand-in.js';
import { channelMention, personalMessage, startTeamsHarness, type TeamsHarness } from './teams-harness.js';
import { messageEntity, type WireActivity, wire } from './wire.js';

/** The extractive model, streamed word by word with a pause between words like a generative model. */
class WordByWordModel implements ChatModel {
  readonly name = 'word-by-word';
  private readonly inner = new ExtractiveModel();

  async answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer> {
    const answer = await this.inner.answer(request);
    const words = answer.text.split(' ');
    for (let i = 1; i <= words.length; i++) {
      await sleep(3);
      onPartial?.(words.slice(0, i).join(' '));
    }
    // Stands in for a model that writes its answers, so they carry the AI label.
    return { ...answer, quoted: false };
  }

  check = () => this.inner.check();
}

/**
 * A slow model the test paces: before writing, and again before finishing, it waits until
 * the connector has received what the test expects by then.
 */
class SlowModel implements ChatModel {
  readonly name = 'slow';
  private readonly inner = new ExtractiveModel();

  constructor(
    private readonly connector: () => ConnectorStandIn,
    private readonly beforeWriting: (sent: WireActivity[]) => boolean,
    private readonly beforeFinishing: (sent: WireActivity[]) => boolean,
  ) {}

  async answer(request: AnswerRequest, onPartial?: (textSoFar: string) => void): Promise<ModelAnswer> {
    const answer = await this.inner.answer(request);
    await this.until(this.beforeWriting);
    onPartial?.(answer.text.split(' ').slice(0, 3).join(' '));
    await this.until(this.beforeFinishing);
    return answer;
  }

  private async until(ready: (sent: WireActivity[]) => boolean): Promise<void> {
    while (!ready(this.connector().activities().map(wire))) await sleep(2);
  }

  check = () => this.inner.check();
}

const streamType = (a: WireActivity) => (a.channelData as { streamType?: string } | undefined)?.streamType;

function streamInfo(activity: WireActivity) {
  return activity.entities?.find((e) => e.type === 'streaminfo');
}

describe('Teams streaming', () => {
  let h: TeamsHarness;
  afterEach(async () => h.close());

  it('streams a personal-chat answer: informative update, growing chunks, then a final message with the AI entities', async () => {
    h = await startTeamsHarness({
      core: { model: new WordByWordModel() },
      streaming: { minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    });
    expect((await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'))).status).toBe(
      200,
    );

    const sent = h.connector.activities().map(wire);
    const [informative, ...rest] = sent;
    const final = rest.pop()!;
    const chunks = rest;

    expect(informative!.type).toBe('typing');
    expect(informative!.text).toBe('Looking through the documents…');
    expect(informative!.channelData).toEqual({ streamType: 'informative', streamSequence: 1 });
    expect(streamInfo(informative!)).toEqual({
      type: 'streaminfo',
      streamType: 'informative',
      streamSequence: 1,
    });

    const streamId = 'bot-msg-1';
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    chunks.forEach((chunk, i) => {
      expect(chunk.type).toBe('typing');
      const expected = { streamType: 'streaming', streamSequence: i + 2, streamId };
      expect(chunk.channelData).toEqual(expected);
      expect(streamInfo(chunk)).toEqual({ type: 'streaminfo', ...expected });
    });
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]!.text!.startsWith(chunks[i - 1]!.text!)).toBe(true);
      expect(chunks[i]!.text!.length).toBeGreaterThan(chunks[i - 1]!.text!.length);
    }

    expect(final.type).toBe('message');
    expect(final.channelData).toMatchObject({ streamType: 'final', streamId, feedbackLoopEnabled: true });
    expect(final.channelData).not.toHaveProperty('streamSequence');
    expect(streamInfo(final)).toEqual({ type: 'streaminfo', streamType: 'final', streamId });
    expect(final.text).toContain('75 CAD in Toronto');
    expect(messageEntity(final)?.additionalType).toEqual(['AIGeneratedContent']);
    expect(messageEntity(final)?.citation?.length).toBeGreaterThan(0);
  });

  it('sends no more chunks than the minimum interval allows, the final message still complete', async () => {
    h = await startTeamsHarness({
      core: { model: new WordByWordModel() },
      streaming: { minIntervalMs: 60_000, progressAfterMs: 0, informAfterMs: 0 },
    });
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    const sent = h.connector.activities().map(wire);
    expect(sent.map((a) => a.type)).toEqual(['typing', 'message']);
    expect(sent[1]!.channelData).toMatchObject({ streamType: 'final', streamId: 'bot-msg-1' });
    expect(sent[1]!.text).toContain('75 CAD in Toronto');
  });

  it('stops streaming when Teams refuses a chunk (the person pressed stop) and still sends the final message', async () => {
    h = await startTeamsHarness({
      core: { model: new WordByWordModel() },
      streaming: { minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    });
    h.connector.failFirst(
      (body) => (body.channelData as { streamType?: string } | undefined)?.streamType === 'streaming',
      403,
    );
    expect((await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'))).status).toBe(
      200,
    );

    const types = h.connector.writes().map((c) => {
      const data = wire(c).channelData as { streamType?: string } | undefined;
      return `${wire(c).type}:${data?.streamType ?? '-'}`;
    });
    expect(types).toEqual(['typing:informative', 'typing:streaming', 'message:final']);
    expect(wire(h.connector.writes().at(-1)).text).toContain('75 CAD in Toronto');
  });

  it('does not stream in a channel: one final message only', async () => {
    h = await startTeamsHarness({
      core: { model: new WordByWordModel() },
      streaming: { minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    });
    await h.post(channelMention(h.connector.url, 'What is the per diem in Toronto?'));
    const sent = h.connector.activities().map(wire);
    expect(sent.map((a) => a.type)).toEqual(['message']);
    expect(sent[0]!.channelData ?? {}).not.toHaveProperty('streamType');
  });

  it('sends an answer that is ready at once as one message: no informative line, no chunks', async () => {
    h = await startTeamsHarness({ streaming: { minIntervalMs: 0, progressAfterMs: 60_000 } });
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    const sent = h.connector.activities().map(wire);
    expect(sent.map((a) => a.type)).toEqual(['message']);
    expect(sent[0]!.channelData ?? {}).not.toHaveProperty('streamType');
    expect(sent[0]!.text).toContain('75 CAD in Toronto');
    expect(messageEntity(sent[0]!)?.citation?.length).toBeGreaterThan(0);
  });

  it('shows a slow answer: the informative line while nothing is written, then the text, then the final message', async () => {
    h = await startTeamsHarness({
      core: {
        model: new SlowModel(
          () => h.connector,
          (sent) => sent.some((a) => streamType(a) === 'informative'),
          (sent) => sent.some((a) => streamType(a) === 'streaming'),
        ),
      },
      streaming: { minIntervalMs: 0, progressAfterMs: 1, informAfterMs: 0 },
    });
    await h.post(personalMessage(h.connector.url, 'What is the per diem in Toronto?'));
    const sent = h.connector.activities().map(wire);
    expect(sent.map((a) => `${a.type}:${streamType(a) ?? '-'}`)).toEqual([
      'typing:informative',
      'typing:streaming',
      'message:final',
    ]);
    expect(sent[2]!.text).toContain('75 CAD in Toronto');
  });
});
