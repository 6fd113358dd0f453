import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import {
  createTeamsChannel,
  type TeamsChannel,
  type TeamsChannelOptions,
} from '../../../src/channels/teams/index.js';
import { createTestCore, indexDocument, makeChunk, type TestCore } from '../../helpers/builders.js';
import { ConnectorStandIn } from './connector-stand-in.js';

export const BOT = { id: '28:lumen-bot', name: 'Lumen' };
export const TENANT = 'tenant-1';
export const ALEX = { id: '29:alex', name: 'Alex Rivera', aadObjectId: 'aad-alex' };

/** A real core, the real Teams channel on express over loopback, and the connector stand-in. */
export interface TeamsHarness {
  core: TestCore;
  connector: ConnectorStandIn;
  channel: TeamsChannel;
  url: string;
  /** Posts an activity to `/api/messages` and returns the HTTP response. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export type TeamsHarnessOptions = Partial<Omit<TeamsChannelOptions, 'copilot' | 'store'>> & {
  core?: Parameters<typeof createTestCore>[0];
};

export async function startTeamsHarness(options: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
  const { core: coreOptions, ...channelOptions } = options;
  const core = await createTestCore(coreOptions ?? {});
  await seedKnowledge(core);
  const connector = new ConnectorStandIn();
  await connector.start();
  const channel = createTeamsChannel({
    copilot: core.copilot,
    store: core.store,
    settings: { appType: 'SingleTenant' },
    clock: core.clock,
    // The stream starts at once, as for a slow model; tests of whole answers raise progressAfterMs.
    streaming: { minIntervalMs: 0, progressAfterMs: 0, informAfterMs: 0 },
    retry: { sleep: async () => {}, baseDelayMs: 1 },
    ...channelOptions,
  });
  const app = express();
  app.use(channel.router);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    core,
    connector,
    channel,
    url,
    post: (activity, headers = {}) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      }),
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await connector.stop();
      await core.close();
    },
  };
}

/** Two documents: one everyone may read, one only HR may read. */
async function seedKnowledge(core: TestCore): Promise<void> {
  await indexDocument(core.index, [
    makeChunk(
      'folder:leave/parental-leave.md',
      'Birth parents receive 20 weeks of paid parental leave. The partner of a birth parent receives 12 weeks of paid leave.',
      { title: 'Parental leave' },
    ),
  ]);
  await indexDocument(core.index, [
    makeChunk(
      'folder:expenses/per-diem.md',
      'The daily meal allowance (per diem) is 75 CAD in Toronto and 60 EUR in Lisbon. Keep receipts for every expense above 25 EUR.',
      { title: 'Per diem rates' },
    ),
  ]);
  await indexDocument(core.index, [
    makeChunk(
      'folder:hr/salary-bands.md',
      'Salary band L5 for engineers ranges from 98,000 to 124,000 EUR.',
      {
        acl: ['group:hr', 'user:aad-alex'],
        title: 'Salary bands',
      },
    ),
  ]);
}

/** A message in Alex's personal chat with Lumen. */
export function personalMessage(serviceUrl: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `msg-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: ALEX,
    recipient: BOT,
    conversation: { id: 'a:personal-alex', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-US',
    text,
    ...extra,
  };
}

/** A channel post that @mentions Lumen, in the thread of root post `root-1`. */
export function channelMention(serviceUrl: string, question: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `msg-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: ALEX,
    recipient: BOT,
    conversation: {
      id: '19:general@thread.tacv2;messageid=root-1',
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT,
    },
    channelData: {
      tenant: { id: TENANT },
      team: { id: '19:team@thread.tacv2' },
      channel: { id: '19:general@thread.tacv2' },
    },
    text: `<at>Lumen</at> ${question}`,
    entities: [{ type: 'mention', text: '<at>Lumen</at>', mentioned: BOT }],
    ...extra,
  };
}
