import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelMessenger } from '../../../src/channels/outbox-messenger.js';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/index.js';
import { createCopilot } from '../../../src/core/index.js';
import type { Store } from '../../../src/core/ports.js';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import { openStore } from '../../../src/store/index.js';
import { FakeSlackApi, TEAM_ID } from './fake-slack-api.js';
import { FakeSocketMode } from './fake-socket-mode.js';
import { blocksText, indexKnowledge, MemoryLogger, nextTs } from './slack-harness.js';

describe('Slack channel in Socket Mode', () => {
  let api: FakeSlackApi;
  let socket: FakeSocketMode;
  let store: Store;
  let index: LocalIndex;
  let channel: SlackChannel;
  let dir: string;

  beforeEach(async () => {
    api = new FakeSlackApi();
    await api.start();
    socket = new FakeSocketMode();
    await socket.start();
    api.socketUrl = socket.url;
    dir = mkdtempSync(join(tmpdir(), 'lumen-slack-socket-'));
    store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
    index = LocalIndex.open(join(dir, 'lumen.db'));
    await indexKnowledge(index);
    const log = new MemoryLogger();
    channel = createSlackChannel({
      config: {
        botToken: 'xoxb-socket',
        appToken: 'xapp-socket',
        apiUrl: api.url,
        ignoreBots: true,
        streaming: 'off',
        updateIntervalMs: 0,
        postIntervalMs: 0,
        suggestedPrompts: [],
        channelAudiences: {},
      },
      copilot: createCopilot({
        index,
        model: new ExtractiveModel(),
        store,
        messenger: new ChannelMessenger({}),
        log,
      }),
      turns: store.turns,
      processedEvents: store.processedEvents,
      log,
    });
  });
  afterEach(async () => {
    await channel.stop();
    await socket.close();
    await api.close();
    await index.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects with the app token, acknowledges an event envelope and answers it', async () => {
    expect(channel.router).toBeUndefined();
    await channel.start();
    await socket.ready;
    const open = api.callsTo('apps.connections.open')[0]!;
    expect(open.token).toBe('xapp-socket');

    socket.send({
      envelope_id: 'env-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        type: 'event_callback',
        team_id: TEAM_ID,
        event_id: 'EvSOCKET1',
        event: {
          type: 'message',
          channel: 'D1',
          channel_type: 'im',
          user: 'U_ALEX',
          text: 'How many days of paid annual leave do I get?',
          ts: nextTs(),
        },
      },
    });
    await socket.waitForAck('env-1');
    const answer = await api.waitFor((c) => c.method === 'chat.postMessage');
    expect(answer.args.channel).toBe('D1');
    expect(answer.token).toBe('xoxb-socket');
    expect(blocksText(answer.args.blocks)).toContain('25 days');
  });
});
