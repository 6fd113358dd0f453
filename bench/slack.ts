/**
 * Slack channel speed over loopback: the real Bolt app and receiver on an express server,
 * signed Events API requests, the real Web API client against a local stand-in for Slack,
 * and the real core with the extractive (zero-latency) model on a SQLite store.
 *
 * Measures event -> HTTP ack (Slack wants it within 3 s; target p99 under 50 ms),
 * event -> first visible post (chat.postMessage reaching "Slack"), and how many events per
 * second one process answers completely. Posting pace is disabled: the stand-in has no
 * rate limits, so this measures Lumen, not Slack's limits.
 *
 *   npx tsx bench/slack.ts [--events 300] [--load 1000] [--concurrency 32]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { ChannelMessenger } from '../src/channels/outbox-messenger.js';
import { createSlackChannel } from '../src/channels/slack/index.js';
import { createCopilot } from '../src/core/index.js';
import { silentLogger } from '../src/core/ports.js';
import { LocalIndex } from '../src/knowledge/index/local/index.js';
import { ExtractiveModel } from '../src/llm/extractive/index.js';
import { openStore } from '../src/store/index.js';
import { signedSlackHeaders } from '../test/helpers/slack-signing.js';

export interface SlackBenchOptions {
  /** Events sent one at a time for the latency figures. */
  events: number;
  /** Events sent for the throughput figure. */
  load: number;
  concurrency: number;
}

export interface SlackBenchResult {
  ackMs: { p50: number; p95: number; p99: number };
  firstPostMs: { p50: number; p95: number };
  eventsPerSecond: number;
  events: number;
  load: number;
  concurrency: number;
}

const SECRET = 'bench-signing-secret-0123456789';
const QUESTIONS = [
  'How many days of paid annual leave do I get?',
  'How many weeks of parental leave do adoptive parents get?',
  'How do I reset my password?',
  'What is the daily meal allowance when travelling?',
];

/** Runs the benchmark and returns its figures. */
export async function runSlackBench(options: SlackBenchOptions): Promise<SlackBenchResult> {
  const api = await startStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'lumen-slack-bench-'));
  const store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
  const index = LocalIndex.open(join(dir, 'lumen.db'));
  await indexKnowledge(index);
  index.warm();
  const copilot = createCopilot({
    index,
    model: new ExtractiveModel(),
    store,
    messenger: new ChannelMessenger({}),
    // The benchmark measures Lumen, not the per-person limits.
    limits: { questionsPerMinute: 0, dailyTokens: 0 },
  });
  const channel = createSlackChannel({
    config: {
      botToken: 'xoxb-bench',
      signingSecret: SECRET,
      apiUrl: api.url,
      ignoreBots: true,
      streaming: 'update',
      updateIntervalMs: 0,
      postIntervalMs: 0,
      suggestedPrompts: [],
      channelAudiences: {},
    },
    copilot,
    turns: store.turns,
    processedEvents: store.processedEvents,
    log: silentLogger,
  });
  const app = express();
  app.use(channel.router!);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

  try {
    // Warm-up: first requests pay for auth.test, JIT and SQLite page cache.
    for (let i = 0; i < 20; i++) await ask(url, api, `DW${i}`, i);

    const acks: number[] = [];
    const firstPosts: number[] = [];
    for (let i = 0; i < options.events; i++) {
      const { ackMs, firstPostMs } = await ask(url, api, `DL${i}`, i, true);
      acks.push(ackMs);
      firstPosts.push(firstPostMs);
    }

    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < options.load) {
        const i = next++;
        await ask(url, api, `DT${i}`, i, true);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;

    return {
      ackMs: { p50: pct(acks, 50), p95: pct(acks, 95), p99: pct(acks, 99) },
      firstPostMs: { p50: pct(firstPosts, 50), p95: pct(firstPosts, 95) },
      eventsPerSecond: Math.round(options.load / seconds),
      ...options,
    };
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await api.close();
    await index.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends one signed DM event; resolves when the answer is complete (or first posted). */
async function ask(url: string, api: StandIn, channel: string, i: number, waitForFinal = false) {
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
      user: 'U1',
      text: QUESTIONS[i % QUESTIONS.length],
      ts: `${1700000000 + i}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
    },
  });
  const firstPost = api.waitFor(channel, 'first');
  const final = waitForFinal ? api.waitFor(channel, 'final') : undefined;
  const sent = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: signedSlackHeaders(SECRET, body),
    body,
  });
  const ackMs = performance.now() - sent;
  if (response.status !== 200) throw new Error(`Slack endpoint answered ${response.status}`);
  await response.arrayBuffer();
  const postedAt = await firstPost;
  if (final) await final;
  return { ackMs, firstPostMs: postedAt - sent };
}

interface StandIn {
  url: string;
  /** Resolves with the time the channel's first post, or its final answer, arrived. */
  waitFor(channel: string, what: 'first' | 'final'): Promise<number>;
  close(): Promise<void>;
}

/** A minimal Slack Web API stand-in that notes when each channel got its posts. */
async function startStandIn(): Promise<StandIn> {
  const waiters = new Map<string, (at: number) => void>();
  let ts = 0;
  const app = express();
  app.use(express.urlencoded({ extended: false }), express.json());
  app.post('/api/:method', (req, res) => {
    const method = req.params.method;
    const args = req.body as Record<string, string>;
    const at = performance.now();
    if (method === 'chat.postMessage') waiters.get(`${args.channel}:first`)?.(at);
    if (
      (method === 'chat.update' || method === 'chat.postMessage') &&
      String(args.blocks).includes('lumen_')
    ) {
      waiters.get(`${args.channel}:final`)?.(at);
    }
    switch (method) {
      case 'auth.test':
        res.json({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
        return;
      case 'users.info':
        res.json({ ok: true, user: { id: args.user, profile: { email: 'alex@example.com' } } });
        return;
      default:
        ts += 1;
        res.json({ ok: true, channel: args.channel, ts: `1800000000.${ts}` });
    }
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    waitFor(channel, what) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} post in ${channel}`)), 30_000);
        waiters.set(`${channel}:${what}`, (at) => {
          clearTimeout(timer);
          waiters.delete(`${channel}:${what}`);
          resolve(at);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}

async function indexKnowledge(index: LocalIndex): Promise<void> {
  const docs: [string, string, string][] = [
    [
      'hr/annual-leave.md',
      'Annual leave',
      'Every employee gets 25 days of paid annual leave per calendar year. Up to 5 unused days carry over.',
    ],
    [
      'hr/parental-leave.md',
      'Parental leave',
      'Birth parents get 16 weeks of paid parental leave. Adoptive parents also get 16 weeks of paid parental leave.',
    ],
    [
      'it/passwords.md',
      'Passwords',
      'Reset your password in the self-service portal. Passwords must be at least 14 characters long.',
    ],
    [
      'finance/travel.md',
      'Travel expenses',
      'The daily meal allowance when travelling is 60 euros. Book trains for journeys under four hours.',
    ],
  ];
  for (const [path, title, text] of docs) {
    const id = `folder:${path}`;
    await index.replaceDocument({ id, path, hash: path, acl: ['everyone'] }, [
      {
        id: `${id}#0`,
        documentId: id,
        source: 'folder',
        title,
        url: `/knowledge/${path}`,
        location: path,
        headingPath: [],
        text,
        updatedAt: '2026-01-01T00:00:00.000Z',
        contentHash: path,
        acl: ['everyone'],
      },
    ]);
  }
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, at)] ?? 0) * 10) / 10;
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = {
    events: flag('events', 300),
    load: flag('load', 1000),
    concurrency: flag('concurrency', 32),
  };
  runSlackBench(options).then(
    (r) => {
      process.stdout.write(
        [
          `Slack channel over loopback (real Bolt + Web API client, extractive model, SQLite)`,
          `  event -> ack          p50 ${r.ackMs.p50} ms  p95 ${r.ackMs.p95} ms  p99 ${r.ackMs.p99} ms  (target p99 < 50 ms; ${r.events} events)`,
          `  event -> first post   p50 ${r.firstPostMs.p50} ms  p95 ${r.firstPostMs.p95} ms`,
          `  throughput            ${r.eventsPerSecond} events/s answered completely (${r.load} events, ${r.concurrency} concurrent)`,
          '',
        ].join('\n'),
      );
    },
    (error: unknown) => {
      process.stderr.write(
        `error when running the Slack benchmark: ${(error as Error).stack ?? String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
