/**
 * Lumen against a bare app on the same SDK, side by side in one run: how much later the
 * finished answer reaches Slack or Teams than a handler that posts at once.
 *
 * - Slack: a bare `@slack/bolt` app (HTTP receiver, a `message` listener that posts at once)
 *   and Lumen (`startLumen`, sample knowledge, extractive answerer) in each streaming mode,
 *   given the same signed top-level DM events, one at a time, posting through one local
 *   stand-in for the Slack Web API.
 * - Teams: a bare botbuilder `CloudAdapter` echo bot and Lumen's `/api/messages`, personal
 *   chat and channel mention, through one local Bot Connector stand-in.
 * - A streaming model: Lumen on Azure OpenAI (a local stand-in streaming its first token after
 *   a pause), timed from the model's first token to the first answer text on Slack and Teams.
 *
 * Every round sends one event to each contestant in turn, so load from the rest of the
 * machine falls on all of them alike. Figures are from the stand-ins' clocks.
 *
 *   npx tsx bench/chat-latency.ts [--events 60] [--streamed 15]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import express from 'express';
import { type RunningLumen, startLumen } from '../src/app/start-lumen.js';
import { createSlackChannel } from '../src/channels/slack/index.js';
import { loadConfig } from '../src/config/index.js';
import { AzureOpenAIStandIn } from '../test/helpers/azure-openai-stand-in.js';
import { signedSlackHeaders } from '../test/helpers/slack-signing.js';
import { percentile } from './stats.js';

const SECRET = 'bench-signing-secret-0123456789';
const QUESTIONS = [
  'How many days of parental leave do I get?',
  'What is the per diem in Toronto?',
  'How do I reset my password?',
  'Can I keep airline loyalty points?',
  'What is the home office allowance?',
  'How do I request a shared mailbox?',
];
/** What the streaming model writes, a word at a time. */
const STREAMED_ANSWER =
  'You can find this in the policy [1]. Ask your manager when something is unclear, and check the intranet for updates [1].';
const FIRST_TOKEN_MS = 400;
const TOKEN_INTERVAL_MS = 15;

/** When each answer reached the platform, by conversation. */
interface Arrival {
  /** The first message or stream activity (for Lumen on Teams, also the informative line). */
  first: number;
  /** The first text of the answer people can read. */
  text: number;
  /** The finished answer (the bare apps: their one post). */
  final: number;
}

type Waiter = { started: number; arrival: Partial<Arrival>; done: (a: Arrival) => void };

/** A Slack Web API stand-in noting when each channel saw its first post, text and finished answer. */
async function slackStandIn() {
  const waiters = new Map<string, Waiter>();
  let ts = 0;
  const app = express();
  app.use(express.urlencoded({ extended: false }), express.json());
  app.post('/api/:method', (req, res) => {
    const at = performance.now();
    const method = req.params.method;
    const args = req.body as Record<string, unknown>;
    const channel = String(args.channel ?? args.channel_id ?? '');
    const waiter = waiters.get(channel);
    if (waiter) {
      const posts = [
        'chat.postMessage',
        'chat.update',
        'chat.startStream',
        'chat.appendStream',
        'chat.stopStream',
      ];
      if (posts.includes(method)) {
        waiter.arrival.first ??= at;
        const blocks = typeof args.blocks === 'string' ? args.blocks : JSON.stringify(args.blocks ?? '');
        if (args.text || args.markdown_text) waiter.arrival.text ??= at;
        const bare = String(args.text ?? '').startsWith('echo:');
        // Every finished reply ends with its buttons (feedback, or the offer to ask a person).
        if (bare || blocks.includes('lumen_actions')) {
          waiter.arrival.final = at;
          waiter.arrival.text ??= at;
          waiters.delete(channel);
          waiter.done(waiter.arrival as Arrival);
        }
      }
    }
    switch (method) {
      case 'auth.test':
        res.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
        return;
      case 'users.info':
        res.json({
          ok: true,
          user: { id: args.user, profile: { email: 'alex.rivera@brightwater.example' } },
        });
        return;
      case 'usergroups.list':
        res.json({ ok: true, usergroups: [] });
        return;
      default:
        ts += 1;
        res.json({ ok: true, channel, ts: `1800000000.${String(ts).padStart(6, '0')}` });
    }
  });
  const server = await listen(app);
  return {
    url: `${urlOf(server)}/api/`,
    expect(channel: string): Promise<Arrival> {
      return expectArrival(waiters, channel);
    },
    close: () => closeServer(server),
  };
}

/** A Bot Connector stand-in noting when each conversation saw its first activity, text and final message. */
async function connectorStandIn() {
  const waiters = new Map<string, Waiter>();
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/v3/conversations/:conversation/activities{/:reply}', (req, res) => {
    const at = performance.now();
    const conversation = String(req.params.conversation);
    const activity = req.body as { type?: string; text?: string; channelData?: { streamType?: string } };
    res.status(201).json({ id: randomUUID() });
    const waiter = waiters.get(conversation);
    if (!waiter) return;
    waiter.arrival.first ??= at;
    if (activity.text && activity.channelData?.streamType !== 'informative') waiter.arrival.text ??= at;
    if (activity.type === 'message') {
      waiter.arrival.final = at;
      waiters.delete(conversation);
      waiter.done(waiter.arrival as Arrival);
    }
  });
  const server = await listen(app);
  return {
    url: `${urlOf(server)}/`,
    expect(conversation: string): Promise<Arrival> {
      return expectArrival(waiters, conversation);
    },
    close: () => closeServer(server),
  };
}

function expectArrival(waiters: Map<string, Waiter>, key: string): Promise<Arrival> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(key);
      reject(new Error(`no finished answer in ${key} within 15 s`));
    }, 15_000);
    waiters.set(key, {
      started: performance.now(),
      arrival: {},
      done: (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      },
    });
  });
}

/** The bare Bolt app: verifies the signature, acknowledges, and posts at once. */
async function bareBolt(apiUrl: string) {
  const receiver = new ExpressReceiver({
    signingSecret: SECRET,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    token: 'xoxb-bare',
    receiver,
    clientOptions: { slackApiUrl: apiUrl },
    logLevel: LogLevel.ERROR,
  });
  app.event('message', async ({ event, client }) => {
    const message = event as { channel: string; text?: string };
    await client.chat.postMessage({ channel: message.channel, text: `echo: ${message.text ?? ''}` });
  });
  const server = await listen(receiver.app);
  return { url: `${urlOf(server)}/slack/events`, close: () => closeServer(server) };
}

/** The bare botbuilder bot: the CloudAdapter and a handler that echoes at once. */
async function bareTeams() {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const app = express();
  app.use(express.json());
  app.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
    });
  });
  const server = await listen(app);
  return { url: `${urlOf(server)}/api/messages`, close: () => closeServer(server) };
}

async function startLumenWith(env: Record<string, string>): Promise<{ running: RunningLumen; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-chat-'));
  const running = await startLumen(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: dir,
      LUMEN_RATE_LIMIT_PER_MINUTE: '0',
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      ...env,
    }),
  );
  await running.ready;
  return { running, dir };
}

async function stopLumen(lumen: { running: RunningLumen; dir: string; stopped?: boolean }): Promise<void> {
  if (lumen.stopped) return;
  lumen.stopped = true;
  await lumen.running.close();
  rmSync(lumen.dir, { recursive: true, force: true });
}

/** Another Slack channel on a running Lumen's core, in the given streaming mode, on its own port. */
async function slackChannelOn(running: RunningLumen, streaming: 'update' | 'off') {
  const { lumen } = running;
  const channel = createSlackChannel({
    config: { ...lumen.config.slack!, streaming },
    copilot: lumen.copilot,
    turns: lumen.store.turns,
    processedEvents: lumen.store.processedEvents,
    log: lumen.log,
    clock: lumen.clock,
  });
  const app = express();
  app.use(channel.router!);
  const server = await listen(app);
  let closed = false;
  return {
    url: `${urlOf(server)}/slack/events`,
    async close() {
      if (closed) return;
      closed = true;
      await closeServer(server);
    },
  };
}

let sequence = 0;

/** Sends one signed top-level DM event and resolves when its answer is finished. */
async function slackDm(url: string, api: { expect(channel: string): Promise<Arrival> }, text: string) {
  const channel = `D${++sequence}`;
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `Ev${randomUUID()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel,
      channel_type: 'im',
      user: `U${sequence % 20}`,
      text,
      ts: `${1700000000 + sequence}.000100`,
    },
  });
  const arrival = api.expect(channel);
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: signedSlackHeaders(SECRET, body),
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`Slack endpoint answered ${response.status}`);
  return relative(await arrival, sent);
}

/** Posts one Teams activity (personal chat or channel mention) and resolves when its answer is finished. */
async function teamsMessage(
  url: string,
  connector: { url: string; expect(conversation: string): Promise<Arrival> },
  kind: 'personal' | 'channel',
  text: string,
) {
  const n = ++sequence;
  const conversationId = kind === 'personal' ? `a:bench-${n}` : `19:bench-${n}@thread.tacv2`;
  const activity = {
    type: 'message',
    id: `activity-${n}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: `29:user-${n % 20}`, name: 'Bench User', aadObjectId: `aad-${n % 20}` },
    recipient: { id: '28:lumen', name: 'Lumen' },
    conversation: { id: conversationId, conversationType: kind, tenantId: 't' },
    text: kind === 'personal' ? text : `<at>Lumen</at> ${text}`,
    ...(kind === 'channel'
      ? {
          entities: [
            { type: 'mention', text: '<at>Lumen</at>', mentioned: { id: '28:lumen', name: 'Lumen' } },
          ],
        }
      : {}),
  };
  const arrival = connector.expect(conversationId);
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`Teams endpoint answered ${response.status}`);
  return relative(await arrival, sent);
}

function relative(arrival: Arrival, sent: number): Arrival {
  return { first: arrival.first - sent, text: arrival.text - sent, final: arrival.final - sent };
}

export interface ChatLatencyRow {
  label: string;
  first: number[];
  final: number[];
  /** The bare app this row is compared with. */
  bare?: string;
}

/** Runs the comparison and prints the table. */
export async function benchChatLatency(events = 60, streamed = 15): Promise<ChatLatencyRow[]> {
  const api = await slackStandIn();
  const connector = await connectorStandIn();
  const azure = await new AzureOpenAIStandIn(() => ({ kind: 'stream', deltas: [] })).start();
  const bolt = await bareBolt(api.url);
  const bot = await bareTeams();
  // One Lumen (`npm start` with Slack configured, default SLACK_STREAMING=native) answering on
  // Slack and Teams; the other streaming modes are further Slack channels on the same core.
  const lumen = await startLumenWith({ SLACK_API_URL: api.url });
  const modes = await Promise.all(
    (['update', 'off'] as const).map((streaming) => slackChannelOn(lumen.running, streaming)),
  );
  const slackUrl = `${lumen.running.url}/slack/events`;
  const teamsUrl = `${lumen.running.url}/api/messages`;

  const contestants: [string, (q: string) => Promise<Arrival>, string?][] = [
    ['Slack: bare Bolt app', (q) => slackDm(bolt.url, api, q)],
    [
      'Slack: Lumen, SLACK_STREAMING=native (default)',
      (q) => slackDm(slackUrl, api, q),
      'Slack: bare Bolt app',
    ],
    ['Slack: Lumen, SLACK_STREAMING=update', (q) => slackDm(modes[0]!.url, api, q), 'Slack: bare Bolt app'],
    ['Slack: Lumen, SLACK_STREAMING=off', (q) => slackDm(modes[1]!.url, api, q), 'Slack: bare Bolt app'],
    ['Teams personal: bare CloudAdapter bot', (q) => teamsMessage(bot.url, connector, 'personal', q)],
    [
      'Teams personal: Lumen (streaming on)',
      (q) => teamsMessage(teamsUrl, connector, 'personal', q),
      'Teams personal: bare CloudAdapter bot',
    ],
    ['Teams channel: bare CloudAdapter bot', (q) => teamsMessage(bot.url, connector, 'channel', q)],
    [
      'Teams channel: Lumen',
      (q) => teamsMessage(teamsUrl, connector, 'channel', q),
      'Teams channel: bare CloudAdapter bot',
    ],
  ];
  const rows: ChatLatencyRow[] = contestants.map(([label, , bare]) => ({
    label,
    first: [],
    final: [],
    ...(bare ? { bare } : {}),
  }));

  let modelLumen: { running: RunningLumen; dir: string } | undefined;
  try {
    // Warm-up: JIT, SQLite page cache, Slack's auth.test, directory caches.
    for (let i = 0; i < 10; i++)
      for (const [, send] of contestants) await send(QUESTIONS[i % QUESTIONS.length]!);
    for (let i = 0; i < events; i++) {
      for (const [n, [, send]] of contestants.entries()) {
        const arrival = await send(QUESTIONS[i % QUESTIONS.length]!);
        rows[n]!.first.push(arrival.first);
        rows[n]!.final.push(arrival.final);
      }
    }

    for (const mode of modes) await mode.close();
    await stopLumen(lumen);

    // A streaming model: how long after its first token the first answer text is readable.
    let firstToken = 0;
    azure.script = () => ({
      kind: 'stream',
      deltas: STREAMED_ANSWER.match(/\S+\s*/g)!,
      firstDelayMs: FIRST_TOKEN_MS,
      delayMs: TOKEN_INTERVAL_MS,
      onDelta: (i) => {
        if (i === 0) firstToken = performance.now();
      },
    });
    const streamedRows: { label: string; afterFirstToken: number[]; final: number[] }[] = [
      { label: 'Slack DM (native, default)', afterFirstToken: [], final: [] },
      { label: 'Teams personal chat', afterFirstToken: [], final: [] },
    ];
    modelLumen = await startLumenWith({
      SLACK_API_URL: api.url,
      AZURE_OPENAI_ENDPOINT: azure.url,
      AZURE_OPENAI_API_KEY: 'bench',
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o',
      AZURE_OPENAI_CACHE_SIZE: '0',
    });
    const modelSlack = `${modelLumen.running.url}/slack/events`;
    const modelTeams = `${modelLumen.running.url}/api/messages`;
    for (let i = 0; i < streamed; i++) {
      const question = QUESTIONS[i % QUESTIONS.length]!;
      for (const [n, send] of [
        () => slackDm(modelSlack, api, question),
        () => teamsMessage(modelTeams, connector, 'personal', question),
      ].entries()) {
        firstToken = Number.NaN;
        const sent = performance.now();
        const arrival = await send();
        // A question refused before any model call has no first token to time from.
        if (!Number.isNaN(firstToken))
          streamedRows[n]!.afterFirstToken.push(arrival.text - (firstToken - sent));
        streamedRows[n]!.final.push(arrival.final);
      }
    }
    printTable(rows, events, streamedRows, streamed);
    return rows;
  } finally {
    for (const mode of modes) await mode.close();
    await stopLumen(lumen);
    if (modelLumen) await stopLumen(modelLumen);
    await bolt.close();
    await bot.close();
    await azure.stop();
    await api.close();
    await connector.close();
  }
}

function printTable(
  rows: ChatLatencyRow[],
  events: number,
  streamedRows: { label: string; afterFirstToken: number[]; final: number[] }[],
  streamed: number,
): void {
  const f = (v: number) => v.toFixed(1);
  const p = (values: number[]) => `${f(percentile(values, 0.5))} / ${f(percentile(values, 0.95))}`;
  console.log(
    `\nChat answer latency, Lumen beside a bare app on the same SDK (${events} events each, interleaved; sample knowledge, extractive answerer; ms)`,
  );
  console.log(
    '| | first post p50 / p95 | finished answer p50 / p95 | finished p95 − bare first-post p95 | same-round difference p50 / p95 |',
  );
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    const bare = rows.find((r) => r.label === row.bare);
    const over = bare ? f(percentile(row.final, 0.95) - percentile(bare.first, 0.95)) : '(the bare app)';
    const paired = bare ? p(row.final.map((v, i) => v - bare.first[i]!)) : '';
    console.log(`| ${row.label} | ${p(row.first)} | ${p(row.final)} | ${over} | ${paired} |`);
  }
  console.log(
    `\nStreaming model (Azure OpenAI stand-in, first token after ${FIRST_TOKEN_MS} ms, then every ${TOKEN_INTERVAL_MS} ms; ${streamed} questions; ms)`,
  );
  console.log('| | first answer text after the first token p50 / p95 | finished answer p50 / p95 |');
  console.log('|---|---|---|');
  for (const row of streamedRows)
    console.log(`| ${row.label} | ${p(row.afterFirstToken)} | ${p(row.final)} |`);
}

function listen(app: express.Express | express.Application): Promise<Server> {
  return new Promise((resolve) => {
    const server = (app as express.Express).listen(0, '127.0.0.1', () => resolve(server));
  });
}

function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await benchChatLatency(flag('events', 60), flag('streamed', 15));
}
