import type { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SlackAnswerStream } from '../../../src/channels/slack/answer-stream.js';
import { Pacer } from '../../../src/channels/slack/pacer.js';
import type { SlackPlace } from '../../../src/channels/slack/place.js';
import { SlackPoster } from '../../../src/channels/slack/poster.js';
import { silentLogger } from '../../../src/core/ports.js';
import { answerReply } from '../../../src/core/replies.js';

const place: SlackPlace = { teamId: 'T1', channelId: 'D1', threadTs: '1.0', kind: 'direct' };
const citation = {
  n: 1,
  title: 'Leave',
  url: 'https://x.example/leave',
  location: 'leave.md',
  snippet: '',
  sourceSystem: 'folder' as const,
};

/** A Web API client that records the chat methods the stream calls. */
function recordingClient() {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record =
    (method: string) =>
    async (args: Record<string, unknown>): Promise<Record<string, unknown>> => {
      calls.push({ method, args });
      return { ok: true, ts: '2.0' };
    };
  const chat = Object.fromEntries(
    ['postMessage', 'update', 'delete', 'postEphemeral', 'startStream', 'appendStream', 'stopStream'].map(
      (m) => [m, record(m)],
    ),
  );
  return { calls, client: { chat } as unknown as webApi.WebClient };
}

function openStream(
  mode: 'native' | 'update' | 'off',
  options: { progressAfterMs?: number; intervalMs?: number; at?: SlackPlace; assistant?: boolean } = {},
) {
  const { calls, client } = recordingClient();
  const poster = new SlackPoster(client, new Pacer(0), silentLogger);
  const statuses: string[] = [];
  const stream = new SlackAnswerStream(poster, options.at ?? place, {
    mode,
    intervalMs: options.intervalMs ?? 0,
    progressAfterMs: options.progressAfterMs ?? 0,
    ...(options.assistant
      ? {
          setStatus: async (status: string) => {
            statuses.push(status);
            calls.push({ method: 'setStatus', args: { status } });
          },
        }
      : {}),
    userId: 'U1',
    log: silentLogger,
  });
  return { calls, stream, statuses };
}

const topLevel: SlackPlace = { teamId: 'T1', channelId: 'D1', kind: 'direct' };

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SlackAnswerStream', () => {
  describe('native mode', () => {
    it('starts a stream, appends only the new text and stops it with the rest and the buttons', async () => {
      const { calls, stream } = openStream('native');
      stream.partial('Hello');
      await tick();
      stream.partial('Hello world');
      await tick();
      await stream.finish(answerReply('t1', 'Hello world [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['startStream', 'appendStream', 'stopStream']);
      expect(calls[0]!.args).toMatchObject({ channel: 'D1', thread_ts: '1.0', markdown_text: 'Hello' });
      expect(calls[1]!.args).toMatchObject({ ts: '2.0', markdown_text: ' world' });
      expect(calls[2]!.args.markdown_text).toBe(' [1].');
      expect(JSON.stringify(calls[2]!.args.blocks)).toContain('lumen_feedback_helpful');
    });

    it('replaces the message with the full answer when the text was rewritten mid-stream', async () => {
      const { calls, stream } = openStream('native');
      stream.partial('Hello wor');
      stream.partial('Rewritten');
      await stream.finish(answerReply('t1', 'Rewritten answer [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['startStream', 'stopStream', 'update']);
      expect(calls[1]!.args.markdown_text).toBeUndefined();
      expect(JSON.stringify(calls[2]!.args.blocks)).toContain('Rewritten answer [1].');
    });
  });

  describe('update mode', () => {
    it('posts the first partial, then updates that message with the complete answer', async () => {
      const { calls, stream } = openStream('update');
      stream.partial('Hel');
      await tick();
      stream.partial('Hello');
      await tick();
      await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['postMessage', 'update', 'update']);
      expect(JSON.stringify(calls[0]!.args.blocks)).toContain('Writing');
      const final = JSON.stringify(calls.at(-1)!.args.blocks);
      expect(final).toContain('Sources');
      expect(final).not.toContain('Writing');
    });

    it('skips partials still pending when the final reply arrives', async () => {
      const { calls, stream } = openStream('update');
      stream.partial('Hel');
      await tick();
      stream.partial('Hello');
      await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['postMessage', 'update']);
      expect(JSON.stringify(calls[1]!.args.blocks)).toContain('Sources');
    });

    it('posts once when no partial came', async () => {
      const { calls, stream } = openStream('update');
      await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['postMessage']);
    });
  });

  describe('an answer ready before progress shows', () => {
    for (const mode of ['native', 'update', 'off'] as const) {
      for (const [where, at] of [
        ['in a thread', place],
        ["at a DM's top level", topLevel],
      ] as const) {
        it(`is posted whole in one message, with no placeholder, update or status (${mode}, ${where})`, async () => {
          const { calls, stream } = openStream(mode, { progressAfterMs: 60_000, at, assistant: true });
          stream.partial('Hel');
          stream.partial('Hello');
          await tick();
          await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
          await tick();
          expect(calls.map((c) => c.method)).toEqual(['postMessage']);
          const blocks = JSON.stringify(calls[0]!.args.blocks);
          expect(blocks).toContain('Sources');
          expect(blocks).toContain('lumen_feedback_helpful');
          expect(blocks).not.toContain('Writing');
        });
      }
    }
  });

  describe('a slow answer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('shows the thinking status and its partials once it takes longer than progressAfterMs, then the finished answer', async () => {
      vi.useFakeTimers();
      const { calls, stream, statuses } = openStream('update', {
        progressAfterMs: 40,
        at: topLevel,
        assistant: true,
      });
      stream.partial('Hel');
      await vi.advanceTimersByTimeAsync(39);
      expect(calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(statuses).toEqual(['is thinking…']);
      expect(calls.map((c) => c.method)).toEqual(['setStatus', 'postMessage']);
      expect(JSON.stringify(calls[1]!.args.blocks)).toContain('Writing');
      stream.partial('Hello');
      await vi.advanceTimersByTimeAsync(0);
      await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['setStatus', 'postMessage', 'update', 'update']);
      const final = JSON.stringify(calls.at(-1)!.args.blocks);
      expect(final).toContain('Sources');
      expect(final).not.toContain('Writing');
    });

    it('streams natively in a thread once progress shows', async () => {
      vi.useFakeTimers();
      const { calls, stream } = openStream('native', { progressAfterMs: 40, assistant: true });
      stream.partial('Hello');
      await vi.advanceTimersByTimeAsync(40);
      stream.partial('Hello world');
      await vi.advanceTimersByTimeAsync(0);
      await stream.finish(answerReply('t1', 'Hello world [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['setStatus', 'startStream', 'appendStream', 'stopStream']);
    });

    it('posts the finished answer without waiting for the update pace', async () => {
      // With an hour between updates, a finished answer that waited for the pace would time the test out.
      const { calls, stream } = openStream('update', { intervalMs: 3_600_000, at: topLevel });
      stream.partial('Hel');
      await tick();
      stream.partial('Hello');
      await stream.finish(answerReply('t1', 'Hello [1].', [citation]));
      expect(calls.map((c) => c.method)).toEqual(['postMessage', 'update']);
      expect(JSON.stringify(calls[1]!.args.blocks)).toContain('Sources');
    });
  });
});
