import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfluenceClient } from '../../../src/knowledge/sources/confluence/confluence-client.js';
import { ConfluenceSource } from '../../../src/knowledge/sources/confluence/confluence-source.js';
import { type ConfluenceSyncOptions, syncConfluence } from '../../../src/knowledge/sync/confluence-sync.js';
import { createTestCore, makeTurn, type TestCore } from '../../helpers/builders.js';
import {
  CONFLUENCE_TEST_AUTH,
  CONFLUENCE_TEST_PAT,
  ConfluenceStandIn,
} from '../../helpers/confluence-stand-in.js';
import { docxBomb } from '../../helpers/zip-bombs.js';
import { buildPdf } from '../../unit/knowledge/build-fixtures.js';
import { failAfter } from './fail-after.js';

const HR_PAGE = `<h1>Salary bands</h1><p>Engineers in band four earn between 85,000 and 97,000 euros.</p>
<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">Confidential</ac:parameter>
<ac:rich-text-body><p>Salary bands are reviewed every April by the compensation committee.</p></ac:rich-text-body></ac:structured-macro>`;

describe('syncConfluence', () => {
  let wiki: ConfluenceStandIn;
  let core: TestCore;
  let waits: number[];

  beforeEach(async () => {
    wiki = new ConfluenceStandIn();
    await wiki.start();
    core = await createTestCore();
    waits = [];
    wiki.addGroup('g-staff', 'confluence-users');
    wiki.addUser('acc-harper', 'harper@contoso.com');
    wiki.addSpace('ENG', [
      { type: 'group', id: 'g-staff' },
      { type: 'user', id: 'acc-harper' },
    ]);
  });

  afterEach(async () => {
    await core.close();
    await wiki.stop();
  });

  function source(): ConfluenceSource {
    return new ConfluenceSource(
      new ConfluenceClient({
        baseUrl: wiki.url,
        auth: { kind: 'cloud', ...CONFLUENCE_TEST_AUTH },
        retry: { sleep: async (ms) => void waits.push(ms) },
      }),
    );
  }

  function sync(extra: Partial<ConfluenceSyncOptions> = {}) {
    return syncConfluence({
      source: source(),
      index: core.index,
      state: core.store.sourceSync,
      spaces: ['ENG'],
      clock: core.clock,
      ...extra,
    });
  }

  async function aclByPath(): Promise<Record<string, string[]>> {
    return Object.fromEntries((await core.index.listDocuments('confluence:')).map((d) => [d.path, d.acl]));
  }

  describe('full crawl', () => {
    it('indexes pages and blog posts with space readers, restrictions inherited from ancestors and deep links', async () => {
      wiki.pageSize = 2;
      wiki.putPage(
        'ENG',
        'Deploy guide',
        '<h1>Deploy</h1><h2>Rollback</h2><p>Run the rollback job from the release channel.</p>',
      );
      wiki.putPage(
        'ENG',
        'Build tips',
        `<p>Use the cache.</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[npm run build --cache]]></ac:plain-text-body></ac:structured-macro>`,
      );
      const hr = wiki.putPage('ENG', 'Compensation', HR_PAGE, { groups: ['hr'] });
      wiki.putPage('ENG', 'Band details', '<p>Band five starts at 98,000 euros.</p>', { parentId: hr });
      wiki.putPage('ENG', 'Quarterly update', '<p>We shipped the new search in October.</p>', {
        type: 'blogpost',
      });

      const report = await sync();

      expect(report).toMatchObject({ mode: 'full', fullReason: 'first sync', added: 5, deleted: 0 });
      expect(await aclByPath()).toEqual({
        'ENG/Deploy guide': ['group:confluence-users', 'user:acc-harper', 'user:harper@contoso.com'],
        'ENG/Build tips': ['group:confluence-users', 'user:acc-harper', 'user:harper@contoso.com'],
        'ENG/Compensation': ['group:hr'],
        'ENG/Band details': ['group:hr'],
        'ENG/Quarterly update': ['group:confluence-users', 'user:acc-harper', 'user:harper@contoso.com'],
      });
      const [rollback] = await core.index.search({
        text: 'rollback job',
        principals: ['group:confluence-users'],
        top: 1,
      });
      expect(rollback!.chunk.headingPath).toEqual(['Deploy', 'Rollback']);
      expect(rollback!.chunk.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wiki\/spaces\/ENG\/pages\/\d+$/);
      const [code] = await core.index.search({
        text: 'build cache',
        principals: ['group:confluence-users'],
        top: 1,
      });
      expect(code!.chunk.text).toContain('npm run build --cache');
      expect(code!.chunk.text).not.toContain('bash');
      // The ancestor's restriction was read once through byOperation/read.
      expect(wiki.count(new RegExp(`/content/${hr}/restriction/byOperation/read`))).toBe(1);
      expect(wiki.count(/content\/search/)).toBe(3);
    });
  });

  describe('incremental sync', () => {
    it('asks only for what changed since the last sync', async () => {
      const deploy = wiki.putPage('ENG', 'Deploy guide', '<p>Deploys happen on Tuesdays.</p>');
      wiki.putPage('ENG', 'Build tips', '<p>Use the cache.</p>');
      await sync();

      wiki.putPage('ENG', 'Deploy guide', '<p>Deploys happen on Thursdays after the freeze.</p>', {
        id: deploy,
      });
      wiki.putPage('ENG', 'On-call', '<p>The on-call rotation changes every Monday at 10:00.</p>');
      const before = wiki.requests.length;
      const report = await sync({ idPassIntervalMs: 24 * 3600_000 });

      // The last page of the previous sync falls inside the overlap window and is seen unchanged.
      expect(report).toMatchObject({ mode: 'incremental', added: 1, updated: 1, unchanged: 1, deleted: 0 });
      const searches = wiki.requests.slice(before).filter((r) => r.path.includes('/content/search'));
      expect(searches).toHaveLength(1);
      expect(decodeURIComponent(searches[0]!.path)).toContain('lastmodified >= "2026/11/01 10:');
      const reply = await core.copilot.handle(
        makeTurn('When do deploys happen?', { user: { id: 'u', groups: ['confluence-users'] } }),
      );
      expect(reply.text).toContain('Thursdays');
    });

    it('removes deleted pages and applies restriction changes in the id-only pass', async () => {
      const a = wiki.putPage('ENG', 'Travel policy', '<p>Book trains for trips under four hours.</p>');
      const b = wiki.putPage('ENG', 'Old page', '<p>Outdated.</p>');
      await sync();
      wiki.trash(b);
      wiki.restrict(a, { groups: ['finance'] });

      const skipped = await sync({ idPassIntervalMs: 24 * 3600_000 });
      expect(skipped).toMatchObject({ deleted: 0, permissionChanges: 0 });

      const report = await sync({ idPassIntervalMs: 0 });
      expect(report).toMatchObject({ deleted: 1, updated: 1, permissionChanges: 1 });
      expect(await aclByPath()).toEqual({ 'ENG/Travel policy': ['group:finance'] });
    });
  });

  describe('attachments', () => {
    it('refuses attachments over the file size limit, and zip bombs, with the setting to raise', async () => {
      const page = wiki.putPage('ENG', 'Reports', '<p>See the attached reports.</p>');
      wiki.attach(page, 'long.txt', 'Quarterly numbers. '.repeat(1000));
      wiki.attach(page, 'bomb.docx', docxBomb(3));
      wiki.attach(page, 'short.txt', 'The report is due on Fridays.');

      const report = await sync({
        attachments: true,
        limits: { maxFileBytes: 16 * 1024, maxInflatedBytes: 1024 * 1024, maxTextBytes: 1024 * 1024 },
      });

      const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
      expect(reasons['ENG/Reports/long.txt']).toMatch(/the limit is 16 KB, set by LUMEN_MAX_FILE_MB/);
      expect(reasons['ENG/Reports/bomb.docx']).toMatch(
        /the XML it unpacks to is over the limit of 1 MB.*LUMEN_MAX_INFLATED_MB/,
      );
      expect(Object.keys(await aclByPath()).sort()).toEqual(['ENG/Reports', 'ENG/Reports/short.txt']);
    });

    it('indexes readable attachments with their page readers, follows edits, restrictions and removals', async () => {
      const hr = wiki.putPage('ENG', 'Compensation', '<p>See the attached salary tables.</p>', {
        groups: ['hr'],
      });
      const pdf = await buildPdf([
        [{ text: 'Band four salaries start at 85,000 euros.' }],
        [{ text: 'Band five salaries start at 98,000 euros.' }],
      ]);
      wiki.attach(hr, 'salary-tables.pdf', pdf);
      wiki.attach(hr, 'logo.png', 'binary');
      const open = wiki.putPage('ENG', 'Handbook', '<p>Read the guide.</p>');
      const guide = wiki.attach(open, 'guide.txt', 'The guide says laptops are replaced every three years.');
      wiki.attach(open, 'faq.md', '# FAQ\n\nPasswords expire every 90 days.');

      const first = await sync({ attachments: true });

      expect(first).toMatchObject({ added: 5 });
      expect(first.skipped).toEqual([
        { path: 'ENG/Compensation/logo.png', reason: 'unsupported file type .png' },
      ]);
      expect(await aclByPath()).toMatchObject({
        'ENG/Compensation/salary-tables.pdf': ['group:hr'],
        'ENG/Handbook/guide.txt': ['group:confluence-users', 'user:acc-harper', 'user:harper@contoso.com'],
      });
      const [band] = await core.index.search({
        text: 'band five salaries',
        principals: ['group:hr'],
        top: 1,
      });
      expect(band!.chunk.url).toMatch(
        /\/wiki\/download\/attachments\/\d+\/salary-tables\.pdf\?version=1&api=v2#page=2$/,
      );

      wiki.attach(open, 'guide.txt', 'The guide says laptops are replaced every four years.');
      expect(await sync({ attachments: true, idPassIntervalMs: 24 * 3600_000 })).toMatchObject({
        updated: 1,
        added: 0,
      });

      wiki.restrict(open, { groups: ['it'] });
      wiki.removeAttachment(guide);
      const idPass = await sync({ attachments: true, idPassIntervalMs: 0 });
      expect(idPass).toMatchObject({ deleted: 1, updated: 2, permissionChanges: 2 });
      expect(await aclByPath()).toEqual({
        'ENG/Compensation': ['group:hr'],
        'ENG/Compensation/salary-tables.pdf': ['group:hr'],
        'ENG/Handbook': ['group:it'],
        'ENG/Handbook/faq.md': ['group:it'],
      });
    });
  });

  describe('pages nobody can be named for', () => {
    it('removes an edited page whose restrictions leave nobody Lumen can name', async () => {
      const page = wiki.putPage('ENG', 'Roadmap', '<p>Ship search in March.</p>');
      const child = wiki.putPage('ENG', 'Roadmap details', '<p>Search ships to ten customers first.</p>', {
        parentId: page,
      });
      await sync();
      wiki.restrict(page, { groups: ['leads'] });
      wiki.restrict(child, { users: ['acc-x'] });
      wiki.putPage('ENG', 'Roadmap', '<p>Ship search in April.</p>', { id: page });
      wiki.putPage('ENG', 'Roadmap details', '<p>Search ships to twenty customers first.</p>', { id: child });

      const report = await sync({ idPassIntervalMs: 24 * 3600_000 });

      // The child needs both `leads` and account acc-x: no single principal passes both.
      expect(report).toMatchObject({ updated: 1, deleted: 1, permissionChanges: 1 });
      expect(report.skipped).toEqual([
        { path: 'ENG/Roadmap details', reason: 'no user or group Lumen can name may read it' },
      ]);
      expect(await aclByPath()).toEqual({ 'ENG/Roadmap': ['group:leads'] });
    });
  });

  describe('moves', () => {
    it('follows a page moved to another configured space in the id-only pass', async () => {
      wiki.addSpace('OPS', [{ type: 'group', id: 'g-staff' }]);
      const page = wiki.putPage('ENG', 'Pager duty', '<p>The pager rotates weekly.</p>');
      await sync({ spaces: ['ENG', 'OPS'] });
      wiki.move(page, 'OPS');

      const report = await sync({ spaces: ['ENG', 'OPS'], idPassIntervalMs: 0 });

      expect(report).toMatchObject({ added: 1, deleted: 1 });
      expect((await core.index.listDocuments('confluence:')).map((d) => [d.id, d.path])).toEqual([
        [`confluence:OPS:${page}`, 'OPS/Pager duty'],
      ]);
    });
  });

  describe('permissions through the ask pipeline', () => {
    it('never returns a restricted page to someone outside its group, in direct or shared conversations', async () => {
      wiki.putPage('ENG', 'Compensation', HR_PAGE, { groups: ['hr'] });
      wiki.putPage('ENG', 'Office hours', '<p>The office is open from 8:00 to 19:00 on weekdays.</p>');
      await sync();
      const question = 'What do engineers in band four earn?';

      const hr = await core.copilot.handle(
        makeTurn(question, {
          user: { id: 'harper', email: 'harper@contoso.com', groups: ['hr', 'confluence-users'] },
        }),
      );
      expect(hr.citations.map((c) => c.title)).toEqual(['Compensation']);
      expect(hr.text).toContain('85,000');

      const outsider = await core.copilot.handle(
        makeTurn(question, { user: { id: 'alex', email: 'alex@contoso.com', groups: ['confluence-users'] } }),
      );
      expect(outsider.citations).toEqual([]);
      expect(JSON.stringify(outsider)).not.toMatch(/85,000|Compensation|Salary/);

      const channel = await core.copilot.handle(
        makeTurn(question, {
          user: { id: 'harper', email: 'harper@contoso.com', groups: ['hr'] },
          conversation: { id: 'c-eng', kind: 'channel', audience: ['group:confluence-users'] },
        }),
      );
      expect(channel.citations).toEqual([]);
      expect(channel.text).not.toContain('85,000');
    });
  });

  describe('identity mapping', () => {
    it('lets a person a page is restricted to find it by the email their chat account carries', async () => {
      wiki.putPage(
        'ENG',
        'Review notes',
        '<p>The promotion review for the platform team is on the ninth of December.</p>',
        {
          users: ['acc-harper'],
        },
      );
      await sync();

      expect(await aclByPath()).toEqual({
        'ENG/Review notes': ['user:acc-harper', 'user:harper@contoso.com'],
      });
      const question = 'When is the promotion review for the platform team?';
      const harper = await core.copilot.handle(
        makeTurn(question, { user: { id: 'U-SLACK-1', email: 'Harper@contoso.com' } }),
      );
      expect(harper.citations.map((c) => c.title)).toEqual(['Review notes']);
      const alex = await core.copilot.handle(
        makeTurn(question, { user: { id: 'U-SLACK-2', email: 'alex@contoso.com' } }),
      );
      expect(alex.citations).toEqual([]);
    });
  });

  describe('resilience', () => {
    it('honours Retry-After on 429', async () => {
      wiki.putPage('ENG', 'Deploy guide', '<p>Deploys happen on Tuesdays.</p>');
      wiki.throttleNext(/content\/search/, '3');
      wiki.throttleNext(/api\/v2\/spaces$/, '1');

      const report = await sync();

      expect(report.added).toBe(1);
      expect(waits).toEqual([1000, 3000]);
      expect(wiki.requests.filter((r) => r.status === 429)).toHaveLength(2);
    });

    it('resumes from the cursor checkpoint after a crash without duplicates', async () => {
      wiki.pageSize = 2;
      for (let i = 0; i < 5; i++)
        wiki.putPage('ENG', `Page ${i}`, `<p>Topic ${i} of the engineering handbook.</p>`);
      await expect(sync({ index: failAfter(core.index, 3) })).rejects.toThrow('disk gone');
      const afterCrash = (await core.index.listDocuments('confluence:')).length;
      expect(afterCrash).toBe(3);

      const report = await sync();

      expect(report.resumed).toBe(true);
      expect(report.added + afterCrash).toBe(5);
      const docs = await core.index.listDocuments('confluence:');
      expect(docs.map((d) => d.path).sort()).toEqual([
        'ENG/Page 0',
        'ENG/Page 1',
        'ENG/Page 2',
        'ENG/Page 3',
        'ENG/Page 4',
      ]);
      expect((await core.index.stats()).chunks).toBe(docs.reduce((n, d) => n + d.chunkCount, 0));
    });
  });
});

describe('syncConfluence on Data Center', () => {
  it('signs in with a personal access token and reads space permissions and restrictions through the v1 API', async () => {
    const wiki = new ConfluenceStandIn({ dataCenter: true });
    await wiki.start();
    const core = await createTestCore();
    try {
      wiki.addGroup('g-staff', 'confluence-users');
      wiki.addUser('key-sam', 'sam@corp.example');
      wiki.addSpace('OPS', [
        { type: 'group', id: 'g-staff' },
        { type: 'user', id: 'key-sam' },
      ]);
      wiki.pageSize = 1;
      wiki.putPage('OPS', 'Runbook', '<h1>Failover</h1><p>Promote the replica in the second region.</p>');
      wiki.putPage('OPS', 'Incident pay', '<p>On-call incidents pay a flat 150 euros.</p>', {
        users: ['key-sam'],
      });

      const report = await syncConfluence({
        source: new ConfluenceSource(
          new ConfluenceClient({
            baseUrl: wiki.baseUrl,
            auth: { kind: 'datacenter', token: CONFLUENCE_TEST_PAT },
          }),
        ),
        index: core.index,
        state: core.store.sourceSync,
        spaces: ['OPS'],
        clock: core.clock,
      });

      expect(report).toMatchObject({ added: 2, skipped: [] });
      const acl = Object.fromEntries(
        (await core.index.listDocuments('confluence:')).map((d) => [d.path, d.acl]),
      );
      expect(acl).toEqual({
        'OPS/Runbook': ['group:confluence-users', 'user:sam'],
        'OPS/Incident pay': ['user:sam'],
      });
      const [hit] = await core.index.search({
        text: 'promote replica',
        principals: ['group:confluence-users'],
        top: 1,
      });
      expect(hit!.chunk.url).toBe(
        `${wiki.url}/confluence/spaces/OPS/pages/${hit!.chunk.documentId.split(':')[2]}`,
      );
      expect(wiki.requests.every((r) => r.path.startsWith('/confluence/rest/api/'))).toBe(true);
    } finally {
      await core.close();
      await wiki.stop();
    }
  });
});
