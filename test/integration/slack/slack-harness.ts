import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webApi } from '@slack/bolt';
import express from 'express';
import { ChannelMessenger } from '../../../src/channels/outbox-messenger.js';
import { createSlackChannel, type SlackChannel, SlackMessenger } from '../../../src/channels/slack/index.js';
import { BUILT_IN_LESSONS_DIR } from '../../../src/config/index.js';
import type { SlackConfig } from '../../../src/config/slack.js';
import { type CopilotCore, createCopilot } from '../../../src/core/index.js';
import { loadLessonCatalog } from '../../../src/core/lessons/lesson-catalog.js';
import type { KnowledgeIndex, LogFields, Logger, Store } from '../../../src/core/ports.js';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { ExtractiveModel } from '../../../src/llm/extractive/index.js';
import { openStore } from '../../../src/store/index.js';
import { indexDocument, makeChunk } from '../../helpers/builders.js';
import { slackSignature } from '../../helpers/slack-signing.js';
import { BOT_USER_ID, FakeSlackApi, TEAM_ID } from './fake-slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

/** A logger that keeps what it was told, so tests can check failures are logged. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; message: string; fields: LogFields }[] = [];
  info(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields: LogFields = {}) {
    this.lines.push({ level: 'error', message, fields });
  }
}

export { slackSignature };

export interface SendOptions {
  retryNum?: number;
  /** Seconds since the epoch the request claims; now when absent. */
  timestamp?: number;
  secret?: string;
}

/** The real Slack channel on a real core, over loopback, with Slack's API stood in for. */
export class SlackHarness {
  channel!: SlackChannel;
  url = '';
  private server: Server | undefined;

  private constructor(
    readonly api: FakeSlackApi,
    readonly store: Store,
    readonly index: LocalIndex,
    readonly copilot: CopilotCore,
    readonly config: SlackConfig,
    readonly log: MemoryLogger,
    private readonly dir: string,
  ) {}

  static async start(overrides: Partial<SlackConfig> = {}): Promise<SlackHarness> {
    const api = new FakeSlackApi();
    await api.start();
    const dir = mkdtempSync(join(tmpdir(), 'lumen-slack-'));
    const store = await openStore({ sqlitePath: join(dir, 'lumen.db') });
    const index = LocalIndex.open(join(dir, 'lumen.db'));
    await indexKnowledge(index);
    const config: SlackConfig = {
      botToken: 'xoxb-test-token',
      signingSecret: SIGNING_SECRET,
      apiUrl: api.url,
      ignoreBots: true,
      streaming: 'update',
      updateIntervalMs: 0,
      postIntervalMs: 0,
      // Partials show as they come, as for a slow model; tests of whole answers raise it.
      progressAfterMs: 0,
      suggestedPrompts: ['How many days of annual leave do I get?', 'How long is parental leave?'],
      channelAudiences: {},
      publicUrl: 'https://lumen.example.com',
      ...overrides,
    };
    const log = new MemoryLogger();
    const client = new webApi.WebClient(config.botToken, { slackApiUrl: api.url, ...fastRetries });
    const copilot = createCopilot({
      index,
      model: new ExtractiveModel(),
      store,
      messenger: new ChannelMessenger({ slack: new SlackMessenger(client, config.publicUrl) }),
      log,
      admins: ['user:harper.quinn@brightwater.example'],
      lessons: loadLessonCatalog([BUILT_IN_LESSONS_DIR]),
    });
    const harness = new SlackHarness(api, store, index, copilot, config, log, dir);
    await harness.restart();
    return harness;
  }

  /** Starts a fresh Bolt app on the same store, as a redeployed process would. */
  async restart(): Promise<void> {
    await this.stopServer();
    this.channel = createSlackChannel({
      config: this.config,
      copilot: this.copilot,
      turns: this.store.turns,
      processedEvents: this.store.processedEvents,
      log: this.log,
      clientOptions: { slackApiUrl: this.api.url, ...fastRetries },
    });
    const app = express();
    app.use(this.channel.router!);
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/slack/events`;
  }

  /** Sends a signed Events API callback; returns the HTTP response. */
  async sendEvent(event: Record<string, unknown>, options: SendOptions & { eventId?: string } = {}) {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: TEAM_ID,
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true }],
      event,
    });
    return this.post(body, 'application/json', options);
  }

  /** Sends a signed interactivity payload (button press, modal submission). */
  async sendInteraction(payload: Record<string, unknown>, options: SendOptions = {}) {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  /** Sends a signed slash command. */
  async sendCommand(fields: Record<string, string>, options: SendOptions = {}) {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  async post(body: string, contentType: string, options: SendOptions = {}) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(options.secret ?? SIGNING_SECRET, timestamp, body),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(this.url, { method: 'POST', headers, body });
  }

  async close(): Promise<void> {
    await this.stopServer();
    await this.api.close();
    await this.index.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async stopServer(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
  }
}

/** Retries that honour Retry-After without long back-off between other failures. */
const fastRetries = { retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 50 } };

let tsSeq = 0;
/** A unique Slack message timestamp. */
export function nextTs(): string {
  tsSeq += 1;
  return `1700000000.${String(tsSeq).padStart(6, '0')}`;
}

/** Indexes the few documents the Slack tests ask about. */
export async function indexKnowledge(index: KnowledgeIndex): Promise<void> {
  await indexDocument(index, [
    makeChunk(
      'folder:hr/annual-leave.md',
      'Every employee gets 25 days of paid annual leave per calendar year. Up to 5 unused days of annual leave carry over to the next year.',
      { title: 'Annual leave policy' },
    ),
  ]);
  await indexDocument(index, [
    makeChunk(
      'folder:hr/parental-leave.md',
      'Birth parents get 16 weeks of paid parental leave. Adoptive parents also get 16 weeks of paid parental leave.',
      { title: 'Parental leave' },
    ),
  ]);
  await indexDocument(index, [
    makeChunk(
      'folder:hr/salary-bands.md',
      'Salary bands for engineers are reviewed every April. The engineering salary band review uses market data.',
      { title: 'Salary bands', acl: ['user:harper.quinn@brightwater.example'] },
    ),
  ]);
  await indexDocument(index, [
    makeChunk(
      'folder:hr/bonus-calendar.md',
      'Bonus letters go out on 15 March. People leads discuss bonus letters with their teams that week.',
      { title: 'Bonus calendar', acl: ['group:people-leads', 'group:former-leads'] },
    ),
  ]);
}

/** Every text in a message's blocks, joined, for assertions. */
export function blocksText(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

/** Buttons of a message's actions block. */
export function buttonsOf(blocks: unknown): { action_id: string; value: string; text: { text: string } }[] {
  const list = (blocks ?? []) as { type: string; elements?: unknown[] }[];
  return list
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []) as { action_id: string; value: string; text: { text: string } }[]);
}
