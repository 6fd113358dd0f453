import type { Activity } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TeamsReplyStream } from '../../../src/channels/teams/teams-stream.js';

function recording(progressAfterMs: number, informAfterMs = 0) {
  const sent: Partial<Activity>[] = [];
  const stream = new TeamsReplyStream(
    async (activity) => {
      sent.push(activity);
      return { id: `sent-${sent.length}` };
    },
    {
      minIntervalMs: 1500,
      progressAfterMs,
      informAfterMs,
      informativeText: 'Looking through the documents…',
    },
  );
  const kinds = () =>
    sent.map((a) => `${a.type}:${(a.channelData as { streamType?: string } | undefined)?.streamType ?? '-'}`);
  return { sent, stream, kinds };
}

const final: Partial<Activity> = { type: 'message', text: 'Done [1].' };

describe('TeamsReplyStream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends an answer finished before progressAfterMs as one plain message', async () => {
    const { sent, stream, kinds } = recording(40);
    stream.partial('Do');
    stream.partial('Done');
    await vi.advanceTimersByTimeAsync(39);
    await stream.finish(final);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(kinds()).toEqual(['message:-']);
    expect(sent[0]).toEqual(final);
  });

  it('starts a slow answer with the text written so far, not the informative line', async () => {
    const { sent, stream, kinds } = recording(40);
    stream.partial('Hello');
    await vi.advanceTimersByTimeAsync(40);
    expect(kinds()).toEqual(['typing:streaming']);
    expect(sent[0]!.text).toBe('Hello');
    expect(sent[0]!.channelData).toEqual({ streamType: 'streaming', streamSequence: 1 });
    await stream.finish(final);
    expect(kinds()).toEqual(['typing:streaming', 'message:final']);
    expect(sent[1]!.channelData).toEqual({ streamType: 'final', streamId: 'sent-1' });
  });

  it('shows no informative line for a slow reply that searches nothing (help, lesson)', async () => {
    const { stream, kinds } = recording(40);
    await vi.advanceTimersByTimeAsync(100);
    expect(kinds()).toEqual([]);
    await stream.finish(final);
    // No stream was started, so the reply goes as one plain message.
    expect(kinds()).toEqual(['message:-']);
  });

  it('shows the informative line when a slow answer has no text yet, then streams at the pace', async () => {
    const { sent, stream, kinds } = recording(40);
    stream.searching();
    await vi.advanceTimersByTimeAsync(40);
    expect(kinds()).toEqual(['typing:informative']);
    stream.partial('Hello');
    await vi.advanceTimersByTimeAsync(1499);
    expect(kinds()).toEqual(['typing:informative']);
    await vi.advanceTimersByTimeAsync(1);
    expect(kinds()).toEqual(['typing:informative', 'typing:streaming']);
    expect(sent[1]!.channelData).toEqual({ streamType: 'streaming', streamSequence: 2, streamId: 'sent-1' });
    await stream.finish(final);
    expect(kinds()).toEqual(['typing:informative', 'typing:streaming', 'message:final']);
  });

  it('shows text that comes within informAfterMs at once, with no informative line holding it back', async () => {
    const { sent, stream, kinds } = recording(40, 1000);
    stream.searching();
    await vi.advanceTimersByTimeAsync(400);
    expect(kinds()).toEqual([]);
    stream.partial('Hello');
    await vi.advanceTimersByTimeAsync(0);
    expect(kinds()).toEqual(['typing:streaming']);
    expect(sent[0]!.text).toBe('Hello');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(kinds()).toEqual(['typing:streaming']);
  });

  it('shows the informative line once no text has come for informAfterMs', async () => {
    const { stream, kinds } = recording(40, 1000);
    stream.searching();
    await vi.advanceTimersByTimeAsync(1039);
    expect(kinds()).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(kinds()).toEqual(['typing:informative']);
    await stream.finish(final);
    expect(kinds()).toEqual(['typing:informative', 'message:final']);
  });
});
