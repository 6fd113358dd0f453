import type { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
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

function openStream(mode: 'native' | 'update') {
  const { calls, client } = recordingClient();
  const poster = new SlackPoster(client, new Pacer(0), silentLogger);
  const stream = new SlackAnswerStream(poster, place, {
    mode,
    intervalMs: 0,
    userId: 'U1',
    log: silentLogger,
  });
  return { calls, stream };
}

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
});
