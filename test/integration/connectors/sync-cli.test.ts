import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { openStore } from '../../../src/store/index.js';
import { cliEnv, type NodeRun, runNode } from '../../helpers/cli-process.js';
import { CONFLUENCE_TEST_AUTH, ConfluenceStandIn } from '../../helpers/confluence-stand-in.js';
import { entryArgs } from '../../helpers/entry-points.js';

describe('lumen sync', () => {
  let wiki: ConfluenceStandIn;
  let dataDir: string;

  beforeAll(async () => {
    wiki = new ConfluenceStandIn();
    await wiki.start();
    wiki.addGroup('g-staff', 'confluence-users');
    wiki.addSpace('ENG', [{ type: 'group', id: 'g-staff' }]);
    wiki.putPage(
      'ENG',
      'Deploy guide',
      '<h1>Deploys</h1><p>Deploys happen on Tuesdays after the standup.</p>',
    );
    wiki.putPage(
      'ENG',
      'Compensation',
      '<p>Engineers in band four earn between 85,000 and 97,000 euros.</p>',
      {
        groups: ['hr'],
      },
    );
    dataDir = await mkdtemp(join(tmpdir(), 'lumen-sync-cli-'));
  });

  afterAll(async () => {
    await wiki.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The real CLI against the Confluence stand-in; `onSpawn` gets the process (to kill it). */
  function run(
    args: string[],
    onSpawn?: (child: ChildProcessWithoutNullStreams) => void,
    extraEnv: Record<string, string> = {},
  ): Promise<NodeRun> {
    const env = cliEnv({
      CONFLUENCE_BASE_URL: wiki.url,
      CONFLUENCE_EMAIL: CONFLUENCE_TEST_AUTH.email,
      CONFLUENCE_API_TOKEN: CONFLUENCE_TEST_AUTH.apiToken,
      CONFLUENCE_SPACES: 'ENG',
      ...extraEnv,
    });
    for (const name of Object.keys(env)) if (name.startsWith('SHAREPOINT_')) delete env[name];
    return runNode([...entryArgs('channels/cli/main'), ...args], { env, ...(onSpawn ? { onSpawn } : {}) });
  }

  it('syncs Confluence, prints the report, and answers only within permissions', async () => {
    const synced = await run(['sync', 'confluence', '--data-dir', dataDir]);
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(synced.stdout).toMatch(
      /^Confluence full sync \(first sync\) in [\d.]+ s: 2 added, 0 updated, 0 unchanged, 0 deleted; 0 permission changes;/,
    );

    const again = await run(['sync', 'confluence', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ source: 'confluence', mode: 'incremental', added: 0 });

    const outsider = await run([
      'ask',
      'What do engineers in band four earn?',
      '--data-dir',
      dataDir,
      '--as',
      'alex@contoso.com',
      '--groups',
      'confluence-users',
      '--json',
    ]);
    expect(JSON.parse(outsider.stdout)).toMatchObject({ abstained: true, citations: [] });
    const member = await run([
      'ask',
      'What do engineers in band four earn?',
      '--data-dir',
      dataDir,
      '--as',
      'harper@contoso.com',
      '--groups',
      'hr',
      '--json',
    ]);
    expect(JSON.parse(member.stdout).answer).toContain('85,000');
  });

  it('resumes after the process is killed mid-sync, without duplicates, once the lease expires', async () => {
    const crashDir = await mkdtemp(join(tmpdir(), 'lumen-sync-crash-'));
    try {
      wiki.addSpace('HAND', [{ type: 'group', id: 'g-staff' }]);
      for (let i = 0; i < 60; i++)
        wiki.putPage('HAND', `Handbook ${i}`, `<p>Chapter ${i} of the handbook.</p>`);
      // The second page of results (the first was indexed and checkpointed) never answers.
      const secondPage = wiki.holdRequest(/content\/search.*HAND.*cursor=/);
      const killed = await run(
        ['sync', 'confluence', '--data-dir', crashDir],
        (child) => {
          void secondPage.then(() => child.kill('SIGKILL'));
        },
        { CONFLUENCE_SPACES: 'HAND' },
      );
      wiki.releaseHeld();
      expect(killed.signal).toBe('SIGKILL');

      const store = await openStore({ sqlitePath: join(crashDir, 'lumen.db') });
      try {
        const state = await store.sourceSync.getState<{ checkpoint?: { next: string } }>(
          'confluence:space:HAND',
        );
        expect(state?.checkpoint?.next).toContain('cursor=25');
        // The killed process still holds the lease.
        const busy = await run(['sync', 'confluence', '--data-dir', crashDir], undefined, {
          CONFLUENCE_SPACES: 'HAND',
        });
        expect(busy.stderr).toContain('already running');
        // Ten minutes later the lease has expired; take it over and let it go, as a replica would.
        const later = new Date(Date.now() + 11 * 60_000);
        expect(await store.sourceSync.acquireLease('sync:confluence', 'later', later, 1)).toBe(true);
        await store.sourceSync.releaseLease('sync:confluence', 'later');
      } finally {
        await store.close();
      }

      const resumed = await run(['sync', 'confluence', '--data-dir', crashDir, '--json'], undefined, {
        CONFLUENCE_SPACES: 'HAND',
      });
      expect(resumed.stderr).toBe('');
      const report = JSON.parse(resumed.stdout);
      expect(report).toMatchObject({ resumed: true, mode: 'full', added: 35, deleted: 0 });

      const index = LocalIndex.open(join(crashDir, 'lumen.db'));
      try {
        const docs = await index.listDocuments('confluence:HAND:');
        expect(docs).toHaveLength(60);
        expect(new Set(docs.map((d) => d.path)).size).toBe(60);
        expect((await index.stats()).chunks).toBe(docs.reduce((n, d) => n + d.chunkCount, 0));
      } finally {
        await index.close();
      }
    } finally {
      await rm(crashDir, { recursive: true, force: true });
    }
  });

  it('doctor checks the configured connector and says how far it has synced', async () => {
    const ok = await run(['doctor', '--data-dir', dataDir]);
    expect(ok.stdout).toMatch(/confluence\s+http:\/\/127\.0\.0\.1:\d+, spaces ENG/);
    expect(ok.stdout).toMatch(
      /ok {4}confluence\s+1 spaces, latest change synced 2026-11-01T\d\d:00:00\.000Z/,
    );
    expect(ok.code).toBe(0);

    const broken = await run(['doctor', '--data-dir', dataDir], undefined, { CONFLUENCE_SPACES: 'ENG,NOPE' });
    expect(broken.stdout).toMatch(/FAIL {2}confluence\s+Confluence has no space with key NOPE/);
    expect(broken.code).toBe(1);
  });

  it('refuses to run while another process holds the sync lease', async () => {
    const store = await openStore({ sqlitePath: join(dataDir, 'lumen.db') });
    try {
      expect(await store.sourceSync.acquireLease('sync:confluence', 'replica-2', new Date(), 60_000)).toBe(
        true,
      );
      const busy = await run(['sync', 'confluence', '--data-dir', dataDir]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(
        'error when syncing: A confluence sync is already running in another process',
      );
    } finally {
      await store.sourceSync.releaseLease('sync:confluence', 'replica-2');
      await store.close();
    }
  });

  it('names the settings to set when a source is not configured', async () => {
    const result = await run(['sync', 'sharepoint', '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SharePoint is not configured. Set SHAREPOINT_TENANT_ID');
  });
});
