/**
 * Teams activity -> response latency over loopback: the real Lumen server (CloudAdapter,
 * sample knowledge base, extractive model) answering activities posted to /api/messages,
 * timed from the POST until the final message reaches a local connector stand-in.
 *
 * Run: npx tsx bench/teams.ts [rounds] (also part of `npm run bench`)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLumen } from '../src/app/start-lumen.js';
import { loadConfig } from '../src/config/index.js';
import { heading, ms, percentile, report } from './stats.js';

const QUESTIONS = [
  'How many days of parental leave do I get?',
  'What is the per diem in Toronto?',
  'How do I reset my password?',
  'Can I keep airline loyalty points?',
  'What is the home office allowance?',
  'Are Airbnb stays allowed on business trips?',
  'How do I request a shared mailbox?',
  'When do I get my laptop as a new joiner?',
];

/** A Bot Connector stand-in: resolves each pending wait when a final `message` for its conversation arrives. */
export class Connector {
  private waiters = new Map<string, () => void>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        const activity = JSON.parse(body || '{}') as { type?: string; conversation?: { id?: string } };
        const match = /\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        const conversation = match ? decodeURIComponent(match[1]!) : '';
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
        if (activity.type === 'message') {
          this.waiters.get(conversation)?.();
          this.waiters.delete(conversation);
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Resolves when the conversation's final message arrives; fails after 15 s rather than hang. */
  finalMessage(conversationId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(conversationId);
        reject(new Error(`no final message in ${conversationId} within 15 s`));
      }, 15_000);
      this.waiters.set(conversationId, () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

/** Activity -> final message latency for personal-chat questions and channel mentions. */
export async function benchTeams(rounds = 200): Promise<void> {
  heading(`Teams activity -> final message over loopback (${rounds} each, sample knowledge, extractive)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-bench-teams-'));
  const connector = new Connector();
  await connector.start();
  const running = await startLumen(
    loadConfig({ PORT: '0', HOST: '127.0.0.1', LUMEN_DATA_DIR: dataDir, LUMEN_RATE_LIMIT_PER_MINUTE: '0' }),
  );
  await running.ready;

  async function timeOne(kind: 'personal' | 'channel', i: number): Promise<number> {
    const question = QUESTIONS[i % QUESTIONS.length]!;
    const conversationId = kind === 'personal' ? `a:bench-${i}` : `19:bench@thread.tacv2;messageid=root-${i}`;
    const activity = {
      type: 'message',
      id: `bench-${kind}-${i}`,
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: `29:user-${i % 20}`, name: 'Bench User', aadObjectId: `aad-${i % 20}` },
      recipient: { id: '28:lumen', name: 'Lumen' },
      conversation: {
        id: conversationId,
        conversationType: kind === 'personal' ? 'personal' : 'channel',
        tenantId: 't',
      },
      text: kind === 'personal' ? question : `<at>Lumen</at> ${question}`,
      ...(kind === 'channel'
        ? {
            entities: [
              { type: 'mention', text: '<at>Lumen</at>', mentioned: { id: '28:lumen', name: 'Lumen' } },
            ],
          }
        : {}),
    };
    const started = performance.now();
    const arrived = connector.finalMessage(conversationId);
    const response = await fetch(`${running.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (response.status !== 200) throw new Error(`unexpected status ${response.status}`);
    await arrived;
    return performance.now() - started;
  }

  for (let i = 0; i < 20; i++) await timeOne('personal', 10_000 + i); // warm-up
  for (const kind of ['personal', 'channel'] as const) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) times.push(await timeOne(kind, i));
    const label = kind === 'personal' ? 'personal chat question p50 / p95' : 'channel mention p50 / p95';
    report(label, `${ms(percentile(times, 0.5))} / ${ms(percentile(times, 0.95))}`);
  }
  await running.close();
  await connector.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTeams(Number(process.argv[2] ?? 200));
