import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient } from '../../../src/knowledge/sources/sharepoint/graph-client.js';
import { GraphGroupResolver } from '../../../src/knowledge/sources/sharepoint/group-resolver.js';
import { SharePointSource } from '../../../src/knowledge/sources/sharepoint/sharepoint-source.js';
import { checkConnectors } from '../../../src/knowledge/sync/check-connectors.js';
import { type SharePointSyncOptions, syncSharePoint } from '../../../src/knowledge/sync/sharepoint-sync.js';
import { createTestCore, makeTurn, type TestCore } from '../../helpers/builders.js';
import {
  GRAPH_TEST_TOKEN,
  GraphStandIn,
  groupGrant,
  organizationLink,
  userGrant,
} from '../../helpers/graph-stand-in.js';
import { docxBomb } from '../../helpers/zip-bombs.js';
import { buildPdf } from '../../unit/knowledge/build-fixtures.js';
import { failAfter } from './fail-after.js';

const SITE_URL = 'https://contoso.sharepoint.com/sites/hr';
const FINANCE = '6f1a0c1e-0000-4000-8000-00000000f1a0';
const LEGAL = '6f1a0c1e-0000-4000-8000-0000000001e9';
const ALEX = { id: 'slack-U1', email: 'alex@contoso.com', aadObjectId: 'aad-alex' };

describe('syncSharePoint', () => {
  let graph: GraphStandIn;
  let core: TestCore;
  let waits: number[];
  let drive: string;

  beforeEach(async () => {
    graph = new GraphStandIn();
    await graph.start();
    core = await createTestCore();
    waits = [];
    drive = graph.addDrive('Documents');
  });

  afterEach(async () => {
    await core.close();
    await graph.stop();
  });

  function source(maxFileBytes?: number): SharePointSource {
    const client = createGraphClient({
      baseUrl: graph.graphUrl,
      getToken: async () => GRAPH_TEST_TOKEN,
      retry: { sleep: async (ms) => void waits.push(ms) },
    });
    return new SharePointSource(client, {
      graphUrl: graph.graphUrl,
      retry: { sleep: async (ms) => void waits.push(ms) },
      ...(maxFileBytes ? { maxFileBytes } : {}),
    });
  }

  function sync(extra: Partial<SharePointSyncOptions> = {}) {
    return syncSharePoint({
      source: source(),
      index: core.index,
      state: core.store.sourceSync,
      sites: [SITE_URL],
      clock: core.clock,
      ...extra,
    });
  }

  async function ask(question: string, user: Partial<typeof ALEX> & { groups?: string[] } = ALEX) {
    return core.copilot.handle(makeTurn(question, { user: { name: 'Alex', ...ALEX, ...user } }));
  }

  describe('full crawl', () => {
    it('indexes supported files with their readers and deep links, and reports the rest', async () => {
      graph.putFile(drive, 'expenses.md', '# Expenses\n\nMeals are reimbursed up to 60 euros per day.', [
        organizationLink(),
      ]);
      graph.putFile(drive, 'budget.txt', 'The travel budget for 2027 is 1.2 million euros.', [
        groupGrant(FINANCE, true),
      ]);
      const pdf = await buildPdf([
        [{ heading: 'Security policy' }, { text: 'Laptops lock after five minutes.' }],
        [{ heading: 'Badges' }, { text: 'Visitors wear a red badge at all times inside the building.' }],
      ]);
      graph.putFile(drive, 'security.pdf', pdf, [userGrant('alex@contoso.com', 'aad-alex')], 'Team Policies');
      graph.putFile(drive, 'diagram.vsdx', 'binary', [organizationLink()]);
      graph.putFile(drive, 'huge.md', `# Huge\n\n${'word '.repeat(1000)}`, [organizationLink()]);

      const report = await syncSharePoint({
        source: source(3000),
        index: core.index,
        state: core.store.sourceSync,
        sites: [SITE_URL],
        clock: core.clock,
      });

      expect(report).toMatchObject({ mode: 'full', added: 3, updated: 0, deleted: 0 });
      expect(report.skipped.map((s) => s.path).sort()).toEqual([
        'HR/Documents/diagram.vsdx',
        'HR/Documents/huge.md',
      ]);
      expect(report.skipped.find((s) => s.path.endsWith('.vsdx'))!.reason).toContain(
        'unsupported file type .vsdx',
      );
      expect(report.skipped.find((s) => s.path.endsWith('huge.md'))!.reason).toContain('larger than');

      const docs = await core.index.listDocuments('sharepoint:');
      const byPath = Object.fromEntries(docs.map((d) => [d.path, d.acl]));
      expect(byPath).toEqual({
        'HR/Documents/expenses.md': ['everyone'],
        'HR/Documents/budget.txt': [`group:${FINANCE}`],
        'HR/Documents/Team Policies/security.pdf': ['user:aad-alex', 'user:alex@contoso.com'],
      });

      const hits = await core.index.search({
        text: 'visitors red badge',
        principals: ['everyone', 'user:alex@contoso.com'],
        top: 3,
      });
      expect(hits[0]!.chunk.url).toBe(
        'https://contoso.sharepoint.com/sites/hr/Documents/Team%20Policies/security.pdf#page=2',
      );
      // Content came through the 302 to the download host, which must not see the Graph token.
      expect(graph.downloads).toHaveLength(3);
      expect(graph.downloads.every((d) => d.authorization === undefined)).toBe(true);
      expect(graph.requests.every((r) => r.authorized)).toBe(true);
    });

    it('follows @odata.nextLink pages and stores the delta link', async () => {
      graph.pageSize = 2;
      for (let i = 0; i < 7; i++)
        graph.putFile(drive, `note-${i}.md`, `# Note ${i}\n\nText ${i}.`, [organizationLink()]);

      const report = await sync();

      expect(report.added).toBe(7);
      expect(graph.count(/root\/delta/)).toBe(4);
      const state = await core.store.sourceSync.getState<{ deltaLink?: string; checkpoint?: unknown }>(
        `sharepoint:drive:${drive}`,
      );
      expect(state?.deltaLink).toMatch(/\/root\/delta\?token=\d+&\$select=id,.*sharepointIds$/);
      expect(state?.checkpoint).toBeUndefined();
    });
  });

  describe('permission reads', () => {
    it('reads the permissions of 45 files in three JSON batches', async () => {
      for (let i = 0; i < 45; i++)
        graph.putFile(drive, `memo-${i}.md`, `# Memo ${i}\n\nNote ${i}.`, [groupGrant(FINANCE)]);

      expect((await sync()).added).toBe(45);

      expect(graph.count(/^\/v1\.0\/\$batch$/)).toBe(3);
      const permissionReads = graph.requests.filter((r) => r.path.endsWith('/permissions'));
      expect(permissionReads).toHaveLength(45);
      expect(permissionReads.every((r) => r.batched)).toBe(true);
    });

    it('follows a long permission list past its first page, and skips a file Graph refuses', async () => {
      graph.permissionPageSize = 1;
      graph.putFile(drive, 'shared.md', '# Shared\n\nShared with two groups.', [
        groupGrant(FINANCE),
        groupGrant(LEGAL),
      ]);
      const secret = graph.putFile(drive, 'secret.md', '# Secret\n\nNo access.', [groupGrant(FINANCE)]);
      graph.refused.add(secret);

      const report = await sync();

      expect(await core.index.listDocuments('sharepoint:')).toMatchObject([
        { path: 'HR/Documents/shared.md', acl: [`group:${LEGAL}`, `group:${FINANCE}`].sort() },
      ]);
      expect(report.skipped).toEqual([
        {
          path: 'HR/Documents/secret.md',
          reason: `Microsoft Graph failed when reading permissions of item ${secret}: Access denied.`,
        },
      ]);
    });
  });

  describe('incremental sync', () => {
    it('applies added, changed and deleted files from the delta link and reads nothing else', async () => {
      const keep = graph.putFile(drive, 'keep.md', '# Keep\n\nUnchanged text.', [organizationLink()]);
      graph.putFile(drive, 'change.md', '# Change\n\nThe old parking rule.', [organizationLink()]);
      const gone = graph.putFile(drive, 'gone.md', '# Gone\n\nSoon deleted.', [organizationLink()]);
      await sync();
      const before = graph.requests.length;

      graph.putFile(drive, 'change.md', '# Change\n\nThe new parking rule: park on level minus two.', [
        organizationLink(),
      ]);
      graph.putFile(drive, 'new.md', '# New\n\nA brand new canteen opens in March.', [organizationLink()]);
      graph.deleteFile(drive, gone);
      const report = await sync();

      expect(report).toMatchObject({ mode: 'incremental', added: 1, updated: 1, deleted: 1, unchanged: 0 });
      const paths = (await core.index.listDocuments('sharepoint:')).map((d) => d.path).sort();
      expect(paths).toEqual(['HR/Documents/change.md', 'HR/Documents/keep.md', 'HR/Documents/new.md']);
      const served = graph.requests.slice(before).map((r) => r.path);
      // Only the two changed files had their permissions read; the unchanged one was not touched.
      expect(served.filter((p) => p.includes('/permissions'))).toHaveLength(2);
      expect(served.some((p) => p.includes(keep))).toBe(false);
      const reply = await ask('Where do I park?');
      expect(reply.text).toContain('level minus two');
    });

    it('gives a renamed file its new path and link', async () => {
      const id = graph.putFile(drive, 'draft.md', '# Travel\n\nTrains for trips under four hours.', [
        organizationLink(),
      ]);
      await sync();
      graph.renameFile(drive, id, 'travel-policy.md');

      expect(await sync()).toMatchObject({ updated: 1, added: 0 });

      const [doc] = await core.index.listDocuments('sharepoint:');
      expect(doc!.path).toBe('HR/Documents/travel-policy.md');
      const [hit] = await core.index.search({ text: 'trains four hours', principals: ['everyone'], top: 1 });
      expect(hit!.chunk.url).toBe('https://contoso.sharepoint.com/sites/hr/Documents/travel-policy.md');
    });

    it('falls back to a full crawl that removes vanished files when the delta link expired', async () => {
      graph.putFile(drive, 'a.md', '# A\n\nAlpha.', [organizationLink()]);
      const b = graph.putFile(drive, 'b.md', '# B\n\nBravo.', [organizationLink()]);
      await sync();
      graph.deleteFile(drive, b);
      graph.putFile(drive, 'c.md', '# C\n\nCharlie.', [organizationLink()]);
      graph.expireDeltaTokens();

      const report = await sync();

      expect(report).toMatchObject({ mode: 'full', fullReason: 'delta link expired', added: 1, deleted: 1 });
      expect(graph.requests.some((r) => r.status === 410)).toBe(true);
      const paths = (await core.index.listDocuments('sharepoint:')).map((d) => d.path).sort();
      expect(paths).toEqual(['HR/Documents/a.md', 'HR/Documents/c.md']);
      // The next sync is incremental again from the fresh delta link.
      expect((await sync()).mode).toBe('incremental');
    });
  });

  describe('site pages', () => {
    it('indexes a modern page from its web parts with headings and re-reads it when edited', async () => {
      const pages = graph.addDrive('Site Pages');
      graph.putSitePage(
        pages,
        'Onboarding.aspx',
        'Onboarding',
        [
          '<h2>First week</h2><p>New starters meet their buddy on the first Monday.</p>',
          '<p>Laptops are handed out at reception.</p>',
        ],
        [organizationLink()],
      );
      await sync();

      const [hit] = await core.index.search({ text: 'buddy first Monday', principals: ['everyone'], top: 1 });
      expect(hit!.chunk).toMatchObject({
        title: 'Onboarding',
        location: 'HR/Site Pages/Onboarding.aspx',
        url: 'https://contoso.sharepoint.com/sites/hr/Site%20Pages/Onboarding.aspx',
      });
      expect(hit!.chunk.headingPath).toEqual(['First week']);
      expect(hit!.chunk.text).not.toContain('Page Inherits');
      expect(graph.downloads).toEqual([]);

      graph.putSitePage(
        pages,
        'Onboarding.aspx',
        'Onboarding',
        ['<p>New starters meet their buddy on the first Tuesday.</p>'],
        [organizationLink()],
      );
      expect(await sync()).toMatchObject({ updated: 1 });
      const [edited] = await core.index.search({
        text: 'buddy first Tuesday',
        principals: ['everyone'],
        top: 1,
      });
      expect(edited!.chunk.text).toContain('Tuesday');
    });
  });

  describe('hostile files', () => {
    it('refuses a download that passes the size limit whatever the listing claimed, and a zip bomb', async () => {
      const grown = graph.putFile(drive, 'grown.md', `# Grown\n\n${'word '.repeat(4000)}`, [
        organizationLink(),
      ]);
      graph.claimSize(drive, grown, 100);
      graph.putFile(drive, 'bomb.docx', docxBomb(3), [organizationLink()]);
      graph.putFile(drive, 'fine.md', '# Fine\n\nThe office opens at nine.', [organizationLink()]);

      const report = await sync({
        source: source(16_000),
        limits: { maxFileBytes: 16_000, maxInflatedBytes: 1024 * 1024, maxTextBytes: 1024 * 1024 },
      });

      expect(report.added).toBe(1);
      const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
      expect(reasons['HR/Documents/grown.md']).toMatch(/grown\.md: the file is over the limit of 16 KB/);
      expect(reasons['HR/Documents/bomb.docx']).toMatch(
        /bomb\.docx: the XML it unpacks to is over the limit of 1 MB/,
      );
    });
  });

  describe('checkConnectors', () => {
    it('reports the sites and libraries it reaches and how many are synced, or the failure', async () => {
      graph.addDrive('Archive');
      const config = {
        sharepoint: {
          tenantId: 't',
          clientId: 'c',
          clientSecret: 's',
          sites: [SITE_URL],
          graphUrl: graph.graphUrl,
          maxFileBytes: 1000,
          groupNames: {},
        },
      };
      const checkNow = () => checkConnectors(config, core.store.sourceSync, { sharepoint: source() });
      expect(await checkNow()).toEqual([
        { name: 'sharepoint', ok: true, detail: '1 sites, 2 libraries, 0 synced' },
      ]);
      await sync();
      expect((await checkNow())[0]!.detail).toBe('1 sites, 2 libraries, 2 synced');
      graph.throttleNext(/drives$/, 500, undefined);
      const [failed] = await checkNow();
      expect(failed).toMatchObject({ name: 'sharepoint', ok: false });
      expect(failed!.detail).toContain('Microsoft Graph failed when listing libraries of HR (HTTP 500');
    });
  });

  describe('libraries', () => {
    it('syncs every library of the site and removes the documents of a deleted library', async () => {
      const archive = graph.addDrive('Archive');
      graph.putFile(drive, 'a.md', '# A\n\nAlpha.', [organizationLink()]);
      graph.putFile(archive, 'old.md', '# Old\n\nOld stuff.', [organizationLink()]);
      expect((await sync()).added).toBe(2);

      graph.removeDrive(archive);
      const report = await sync();

      expect(report.deleted).toBe(1);
      expect((await core.index.listDocuments('sharepoint:')).map((d) => d.path)).toEqual([
        'HR/Documents/a.md',
      ]);
    });
  });

  describe('permissions', () => {
    it('removes a file from the index when no permission Lumen can map grants read access any more', async () => {
      const item = graph.putFile(drive, 'board.md', '# Board minutes\n\nThe board approved the merger.', [
        groupGrant(FINANCE),
      ]);
      await sync();
      graph.setPermissions(drive, item, [
        { id: 'p', roles: ['sp.limited access'], grantedToV2: { group: { id: FINANCE } } },
      ]);

      const report = await sync();

      expect(report).toMatchObject({ deleted: 1 });
      expect(report.skipped).toEqual([
        { path: 'HR/Documents/board.md', reason: 'no permission Lumen can map grants read access' },
      ]);
      expect(await core.index.listDocuments('sharepoint:')).toEqual([]);
    });

    it('removes access on the next sync when a group loses its permission', async () => {
      const item = graph.putFile(
        drive,
        'bonus.md',
        '# Bonus plan\n\nThe yearly bonus pool is 8 percent of the base salary for every employee.',
        [groupGrant(FINANCE)],
      );
      graph.setGroups('aad-alex', [FINANCE]);
      const resolver = new GraphGroupResolver(
        createGraphClient({ baseUrl: graph.graphUrl, getToken: async () => GRAPH_TEST_TOKEN }),
        { graphUrl: graph.graphUrl, ttlMs: 0 },
      );
      await core.close();
      core = await createTestCoreWithGroups(resolver);
      await sync();

      const granted = await ask('What is the yearly bonus pool?');
      expect(granted.citations.map((c) => c.title)).toContain('Bonus plan');

      graph.setPermissions(drive, item, [groupGrant(LEGAL)]);
      const report = await sync();
      expect(report).toMatchObject({ updated: 1, permissionChanges: 1 });

      const denied = await ask('What is the yearly bonus pool?');
      expect(denied.citations).toEqual([]);
      expect(denied.text).not.toContain('8 percent');
    });
  });

  describe('folder permissions', () => {
    it('re-reads the readers of every file under a folder whose sharing changed', async () => {
      graph.putFile(
        drive,
        'q1.md',
        '# Q1 forecast\n\nRevenue grows 4 percent in the first quarter.',
        [groupGrant(FINANCE)],
        'Finance',
      );
      graph.putFile(
        drive,
        'q2.md',
        '# Q2 forecast\n\nRevenue grows 6 percent in the second quarter.',
        [groupGrant(FINANCE)],
        'Finance/2027',
      );
      graph.putFile(drive, 'menu.md', '# Menu\n\nSoup on Fridays.', [organizationLink()]);
      await sync();

      graph.setFolderPermissions(drive, 'Finance', [groupGrant(LEGAL)]);
      const report = await sync();

      expect(report).toMatchObject({ updated: 2, permissionChanges: 2, unchanged: 0 });
      expect(await pathsReadableBy(`group:${FINANCE}`)).toEqual([]);
      expect(await pathsReadableBy(`group:${LEGAL}`)).toEqual([
        'HR/Documents/Finance/2027/q2.md',
        'HR/Documents/Finance/q1.md',
      ]);
    });

    async function pathsReadableBy(principal: string): Promise<string[]> {
      return (await core.index.listDocuments('sharepoint:'))
        .filter((d) => d.acl.includes(principal))
        .map((d) => d.path)
        .sort();
    }
  });

  describe('group lookup', () => {
    it("falls back to the channel's groups when Graph cannot be reached for the asker's groups", async () => {
      graph.putFile(
        drive,
        'bonus.md',
        '# Bonus plan\n\nThe yearly bonus pool is 8 percent of the base salary for every employee.',
        [groupGrant(FINANCE)],
      );
      await sync();
      const down = new GraphStandIn();
      await down.start();
      await down.stop();
      const resolver = new GraphGroupResolver(
        createGraphClient({ baseUrl: down.graphUrl, getToken: async () => GRAPH_TEST_TOKEN }),
        { graphUrl: down.graphUrl },
      );
      const index = core.index;
      const withGroups = await createTestCore({ groups: resolver, index });
      try {
        const ask = (groups: string[]) =>
          withGroups.copilot.handle(
            makeTurn('What is the yearly bonus pool?', { user: { ...ALEX, groups } }),
          );
        expect((await ask([FINANCE])).citations.map((c) => c.title)).toEqual(['Bonus plan']);
        expect((await ask([])).citations).toEqual([]);
      } finally {
        // The index is shared with the suite's core, which closes it.
        await withGroups.store.close();
        rmSync(withGroups.dir, { recursive: true, force: true });
      }
    });
  });

  describe('resilience', () => {
    it('resumes from the checkpoint after a crash without duplicating documents', async () => {
      graph.pageSize = 2;
      for (let i = 0; i < 6; i++) {
        graph.putFile(drive, `page-${i}.md`, `# Page ${i}\n\nTopic number ${i} of the handbook.`, [
          organizationLink(),
        ]);
      }
      const crashing = failAfter(core.index, 3);
      await expect(sync({ index: crashing })).rejects.toThrow('disk gone');
      const afterCrash = await core.index.listDocuments('sharepoint:');
      expect(afterCrash.length).toBeGreaterThanOrEqual(2);
      expect(afterCrash.length).toBeLessThan(6);

      const report = await sync();

      expect(report.resumed).toBe(true);
      expect(report.added + afterCrash.length).toBe(6);
      const docs = await core.index.listDocuments('sharepoint:');
      expect(docs).toHaveLength(6);
      expect(new Set(docs.map((d) => d.id)).size).toBe(6);
      expect((await core.index.stats()).chunks).toBe(docs.reduce((n, d) => n + d.chunkCount, 0));
      // Pages before the checkpoint were not read again.
      expect(
        graph.requests.filter((r) => r.path.includes('/root/delta') && !r.path.includes('token=')),
      ).toHaveLength(1);
    });

    it('honours Retry-After on 429 and 503 and finishes the sync', async () => {
      graph.putFile(drive, 'a.md', '# A\n\nAlpha.', [organizationLink()]);
      graph.throttleNext(/root\/delta/, 429, '2');
      graph.throttleNext(/permissions/, 503, '1');

      const report = await sync();

      expect(report.added).toBe(1);
      expect(waits).toEqual([2000, 1000]);
      expect(graph.requests.filter((r) => r.status === 429 || r.status === 503)).toHaveLength(2);
    });

    it('never deletes indexed content when a source call fails', async () => {
      graph.putFile(drive, 'a.md', '# A\n\nAlpha.', [organizationLink()]);
      graph.putFile(drive, 'b.md', '# B\n\nBravo.', [organizationLink()]);
      await sync();
      graph.throttleNext(/root\/delta/, 500, undefined);

      await expect(sync({ full: true })).rejects.toThrow(/Microsoft Graph failed/);

      expect(await core.index.listDocuments('sharepoint:')).toHaveLength(2);
    });
  });

  async function createTestCoreWithGroups(resolver: GraphGroupResolver): Promise<TestCore> {
    return createTestCore({ groups: resolver });
  }
});

describe('GraphGroupResolver', () => {
  it('resolves transitive groups by object id or email and caches them for the TTL', async () => {
    const graph = new GraphStandIn();
    await graph.start();
    try {
      graph.setGroups('aad-alex', [FINANCE, LEGAL]);
      const core = await createTestCore();
      const resolver = new GraphGroupResolver(
        createGraphClient({ baseUrl: graph.graphUrl, getToken: async () => GRAPH_TEST_TOKEN }),
        { graphUrl: graph.graphUrl, ttlMs: 60_000, clock: core.clock },
      );
      expect(await resolver.groupsOf(ALEX)).toEqual([FINANCE, LEGAL]);
      expect(await resolver.groupsOf(ALEX)).toEqual([FINANCE, LEGAL]);
      expect(graph.count(/transitiveMemberOf/)).toBe(1);
      core.clock.advance(61_000);
      await resolver.groupsOf(ALEX);
      expect(graph.count(/transitiveMemberOf/)).toBe(2);
      expect(await resolver.groupsOf({ id: 'u-2', email: 'nobody@contoso.com' })).toEqual([]);
      // A Slack user known by a mail address that is not their sign-in name.
      graph.setGroups('aad-kim', [LEGAL], 'kim.lee@contoso.com');
      expect(await resolver.groupsOf({ id: 'U-SLACK-9', email: 'Kim.Lee@contoso.com' })).toEqual([LEGAL]);
      // Names an admin gave a group by its id are added (a Confluence group provisioned from
      // Entra); a self-service group that merely calls itself "hr" gains nothing by it.
      graph.setGroups('aad-sam', ['0000-hr-id', '0000-selfmade-id'], undefined, {
        '0000-hr-id': 'HR Team',
        '0000-selfmade-id': 'hr',
      });
      const named = new GraphGroupResolver(
        createGraphClient({ baseUrl: graph.graphUrl, getToken: async () => GRAPH_TEST_TOKEN }),
        { graphUrl: graph.graphUrl, namedGroups: { '0000-HR-ID': ['HR-Team'] } },
      );
      expect(await named.groupsOf({ id: 'x', aadObjectId: 'aad-sam' })).toEqual([
        '0000-hr-id',
        'hr-team',
        '0000-selfmade-id',
      ]);
      await core.close();
    } finally {
      await graph.stop();
    }
  });
});
