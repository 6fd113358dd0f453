import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLumen, startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { FakeSlackApi } from './fake-slack-api.js';
import { blocksText, indexKnowledge, nextTs, slackSignature } from './slack-harness.js';

const SECRET = 'server-signing-secret-123';

describe('startLumen with Slack configured', () => {
  let api: FakeSlackApi;
  let running: RunningLumen;
  let dir: string;

  beforeEach(async () => {
    api = new FakeSlackApi();
    await api.start();
    dir = mkdtempSync(join(tmpdir(), 'lumen-slack-server-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: dir,
      LUMEN_INGEST_ON_START: 'false',
      SLACK_BOT_TOKEN: 'xoxb-server',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: api.url,
      SLACK_STREAMING: 'off',
      SLACK_POST_INTERVAL_MS: '0',
    });
    running = await startLumen(config);
    await running.ready;
    await indexKnowledge(running.lumen.index);
  });
  afterEach(async () => {
    await running.close();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(body: string, secret = SECRET) {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${running.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(secret, timestamp, body),
      },
      body,
    });
  }

  it('takes signed Slack events at POST /slack/events on the main server and answers them', async () => {
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'T1',
      event_id: 'EvSERVER1',
      event: {
        type: 'message',
        channel: 'D1',
        channel_type: 'im',
        user: 'U_ALEX',
        text: 'How many days of paid annual leave do I get?',
        ts: nextTs(),
      },
    });
    expect((await post(body, 'wrong-secret-entirely')).status).toBe(401);
    expect((await post(body)).status).toBe(200);
    const answer = await api.waitFor((c) => c.method === 'chat.postMessage');
    expect(answer.args.channel).toBe('D1');
    expect(blocksText(answer.args.blocks), blocksText(answer.args.blocks)).toContain('25 days');
    expect(api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('includes the Slack token check in the health checks doctor prints', async () => {
    const checks = await running.lumen.checks();
    expect(checks.find((c) => c.name === 'slack')).toMatchObject({ ok: true });
  });
});
