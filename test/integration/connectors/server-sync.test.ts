import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLumen } from '../../../src/app/start-lumen.js';
import { loadConfig } from '../../../src/config/index.js';
import { makeTurn } from '../../helpers/builders.js';
import { CONFLUENCE_TEST_AUTH, ConfluenceStandIn } from '../../helpers/confluence-stand-in.js';

describe('startLumen with LUMEN_SYNC_INTERVAL_MINUTES', () => {
  let wiki: ConfluenceStandIn;
  let dataDir: string;

  beforeEach(async () => {
    wiki = new ConfluenceStandIn();
    await wiki.start();
    wiki.addGroup('g-staff', 'confluence-users');
    wiki.addSpace('ENG', [{ type: 'group', id: 'g-staff' }]);
    wiki.putPage('ENG', 'Parking', '<p>Staff park on level minus two of the north garage.</p>');
    dataDir = await mkdtemp(join(tmpdir(), 'lumen-server-sync-'));
  });

  afterEach(async () => {
    await wiki.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function config(extra: Record<string, string>) {
    return loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: dataDir,
      LUMEN_INGEST_ON_START: 'false',
      CONFLUENCE_BASE_URL: wiki.url,
      CONFLUENCE_EMAIL: CONFLUENCE_TEST_AUTH.email,
      CONFLUENCE_API_TOKEN: CONFLUENCE_TEST_AUTH.apiToken,
      CONFLUENCE_SPACES: 'ENG',
      ...extra,
    });
  }

  it('syncs the configured sources once ready and answers from them', async () => {
    const running = await startLumen(config({ LUMEN_SYNC_INTERVAL_MINUTES: '60' }));
    try {
      await running.ready;
      await expect.poll(async () => (await running.lumen.index.listDocuments('confluence:')).length).toBe(1);
      const reply = await running.lumen.copilot.handle(
        makeTurn('Where do staff park?', { user: { id: 'u', groups: ['confluence-users'] } }),
      );
      expect(reply.text).toContain('level minus two');
    } finally {
      await running.close();
    }
  });

  it('does not sync when the interval is not set', async () => {
    const running = await startLumen(config({}));
    try {
      await running.ready;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(wiki.requests).toEqual([]);
    } finally {
      await running.close();
    }
  });
});
