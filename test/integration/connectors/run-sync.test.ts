import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/ports.js';
import { ConfluenceClient } from '../../../src/knowledge/sources/confluence/confluence-client.js';
import { ConfluenceSource } from '../../../src/knowledge/sources/confluence/confluence-source.js';
import { runSync, SyncBusyError, type SyncDependencies } from '../../../src/knowledge/sync/run-sync.js';
import { startSyncSchedule } from '../../../src/knowledge/sync/sync-schedule.js';
import { createTestCore, type TestCore } from '../../helpers/builders.js';
import { CONFLUENCE_TEST_AUTH, ConfluenceStandIn } from '../../helpers/confluence-stand-in.js';

describe('runSync', () => {
  let wiki: ConfluenceStandIn;
  let core: TestCore;
  let deps: SyncDependencies;

  beforeEach(async () => {
    wiki = new ConfluenceStandIn();
    await wiki.start();
    wiki.addGroup('g-staff', 'confluence-users');
    wiki.addSpace('ENG', [{ type: 'group', id: 'g-staff' }]);
    for (let i = 0; i < 3; i++) wiki.putPage('ENG', `Page ${i}`, `<p>Topic ${i}.</p>`);
    core = await createTestCore();
    const config = {
      confluence: {
        baseUrl: wiki.url,
        auth: { kind: 'cloud' as const, ...CONFLUENCE_TEST_AUTH },
        spaces: ['ENG'],
        attachments: false,
      },
    };
    deps = {
      config,
      index: core.index,
      store: core.store,
      clock: core.clock,
      log: silentLogger,
      confluence: new ConfluenceSource(
        new ConfluenceClient({ baseUrl: wiki.url, auth: config.confluence.auth }),
      ),
    };
  });

  afterEach(async () => {
    await core.close();
    await wiki.stop();
  });

  it('lets one of two overlapping syncs run and records the report in the audit trail', async () => {
    const results = await Promise.allSettled([runSync(deps, 'confluence'), runSync(deps, 'confluence')]);

    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected');
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(SyncBusyError);
    const audit = await core.store.audit.list({});
    expect(audit.map((e) => [e.action, e.subject, e.details.added])).toEqual([
      ['knowledge.synced', 'confluence', 3],
    ]);
    // The lease was released: the next sync runs.
    expect((await runSync(deps, 'confluence')).mode).toBe('incremental');
  });

  it('takes over the lease of a crashed holder once it expires', async () => {
    expect(
      await core.store.sourceSync.acquireLease('sync:confluence', 'crashed', core.clock.now(), 60_000),
    ).toBe(true);
    await expect(runSync(deps, 'confluence')).rejects.toBeInstanceOf(SyncBusyError);
    core.clock.advance(61_000);
    expect((await runSync(deps, 'confluence')).added).toBe(3);
  });
});

describe('startSyncSchedule', () => {
  it('syncs the configured sources at once and stops after the sync in progress', async () => {
    const wiki = new ConfluenceStandIn();
    await wiki.start();
    const core = await createTestCore();
    try {
      wiki.addGroup('g-staff', 'confluence-users');
      wiki.addSpace('ENG', [{ type: 'group', id: 'g-staff' }]);
      wiki.putPage('ENG', 'Page', '<p>Topic.</p>');
      const logged: string[] = [];
      const log = { ...silentLogger, info: (message: string) => void logged.push(message) };
      const auth = { kind: 'cloud' as const, ...CONFLUENCE_TEST_AUTH };
      const schedule = startSyncSchedule(
        {
          config: { confluence: { baseUrl: wiki.url, auth, spaces: ['ENG'], attachments: false } },
          index: core.index,
          store: core.store,
          clock: core.clock,
          log,
          confluence: new ConfluenceSource(new ConfluenceClient({ baseUrl: wiki.url, auth })),
        },
        60,
      );
      await schedule.stop();
      expect(logged).toEqual(['scheduled sync finished']);
      expect(await core.index.listDocuments('confluence:')).toHaveLength(1);
    } finally {
      await core.close();
      await wiki.stop();
    }
  });
});
