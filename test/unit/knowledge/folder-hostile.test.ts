import { execFileSync } from 'node:child_process';
import { mkdir, rename, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../../src/knowledge/document.js';
import { LocalIndex } from '../../../src/knowledge/index/local/index.js';
import { ingestFolder } from '../../../src/knowledge/ingest-folder.js';
import { listFolderDocuments } from '../../../src/knowledge/sources/index.js';
import { buildHostileKnowledge, type HostileKnowledge } from '../../helpers/hostile-knowledge.js';
import { makeTempDir } from './build-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;

async function put(relative: string, content: string | Buffer): Promise<void> {
  await mkdir(join(dir, relative, '..'), { recursive: true });
  await writeFile(join(dir, relative), content);
}

async function listed(): Promise<{ acl: Record<string, string[]>; skipped: Record<string, string> }> {
  const { documents, skipped } = await listFolderDocuments(dir);
  return {
    acl: Object.fromEntries(documents.map((d: SourceDocument) => [d.path, d.acl])),
    skipped: Object.fromEntries(skipped.map((s) => [s.path, `${s.kind ?? 'other'}: ${s.reason}`])),
  };
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await cleanup();
});

describe('listing a knowledge folder that holds links and special files', () => {
  it('refuses and reports a link out of the folder, to a file, to /proc and to a folder', async () => {
    const outside = await makeTempDir();
    try {
      await writeFile(join(outside.dir, 'secret.md'), 'Board minutes');
      await put('kept.md', 'x');
      await symlink(join(outside.dir, 'secret.md'), join(dir, 'outside.md'));
      await symlink('/proc/self/environ', join(dir, 'environment.txt'));
      await symlink('/etc', join(dir, 'system'));
      const { acl, skipped } = await listed();
      expect(Object.keys(acl)).toEqual(['kept.md']);
      expect(skipped['outside.md']).toMatch(
        /^link: Skipped outside\.md: it links to .*secret\.md, outside the knowledge folder/,
      );
      expect(skipped['environment.txt']).toMatch(
        /^link: .*links to \/proc\/(self|\d+)\/environ, outside the knowledge folder/,
      );
      expect(skipped.system).toMatch(/^link: .*links to \/etc, outside the knowledge folder/);
    } finally {
      await outside.cleanup();
    }
  });

  it('reads a link inside the folder with the permissions of its target, from its sidecar or its front matter', async () => {
    await put('hr/review.docx', 'docx bytes');
    await put('hr/review.docx.meta.yaml', 'acl: group:hr');
    await put('hr/salaries.md', '---\nacl: group:hr\n---\nBands');
    await mkdir(join(dir, 'public'));
    await symlink('../hr/review.docx', join(dir, 'public/guide.docx'));
    await symlink('../hr/salaries.md', join(dir, 'public/salaries.md'));
    const { documents } = await listFolderDocuments(dir);
    const guide = documents.find((d) => d.path === 'public/guide.docx')!;
    expect(guide.acl).toEqual(['group:hr']);
    expect(guide.url).toBe('/knowledge/hr/review.docx');
    expect((await guide.read()).toString()).toBe('docx bytes');
    expect(documents.find((d) => d.path === 'public/salaries.md')!.acl).toEqual(['group:hr']);
  });

  it("lets a link's own sidecar narrow its target's permissions, never widen them", async () => {
    await put('hr/plan.md', '---\nacl: group:hr, group:managers\n---\nPlan');
    await symlink('hr/plan.md', join(dir, 'narrow.md'));
    await put('narrow.md.meta.yaml', 'acl: group:hr');
    await symlink('hr/plan.md', join(dir, 'wide.md'));
    await put('wide.md.meta.yaml', 'acl: everyone');
    const { acl, skipped } = await listed();
    expect(acl['narrow.md']).toEqual(['group:hr']);
    expect(acl['wide.md']).toBeUndefined();
    expect(skipped['wide.md']).toMatch(
      /^permissions: Skipped wide\.md: its sidecar lets everyone read it, but its target hr\/plan\.md allows only group:hr, group:managers/,
    );
  });

  it('refuses links to folders inside the folder and links that change the file type', async () => {
    await put('hr/salaries.md', 'x');
    await symlink('hr', join(dir, 'hr-folder'));
    await symlink('hr/salaries.md', join(dir, 'salaries.txt'));
    const { skipped } = await listed();
    expect(skipped['hr-folder']).toMatch(
      /^link: .*links to the folder hr; links to folders are not followed/,
    );
    expect(skipped['salaries.txt']).toMatch(/^link: .*a file of another type/);
  });

  it('refuses to read a listed file once a folder on its way has been swapped for a link out', async () => {
    const outside = await makeTempDir();
    try {
      await put('hr/salaries.md', 'Bands');
      await mkdir(join(outside.dir, 'hr'));
      await writeFile(join(outside.dir, 'hr/salaries.md'), 'Not from the knowledge folder');
      const [document] = (await listFolderDocuments(dir)).documents;
      await rename(join(dir, 'hr'), join(dir, 'hr-old'));
      await symlink(join(outside.dir, 'hr'), join(dir, 'hr'));
      await expect(document!.read()).rejects.toThrow(/hr\/salaries\.md: a folder on its way became a link/);
    } finally {
      await outside.cleanup();
    }
  });

  it('never opens a FIFO (the listing would hang) and reports it', async () => {
    await put('kept.md', 'x');
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    await symlink('pipe.txt', join(dir, 'pipe-link.txt'));
    const { acl, skipped } = await listed();
    expect(Object.keys(acl)).toEqual(['kept.md']);
    expect(skipped['pipe.txt']).toMatch(
      /^special-file: Skipped pipe\.txt: it is a FIFO \(named pipe\), not a regular file/,
    );
    expect(skipped['pipe-link.txt']).toMatch(/^special-file: .*FIFO/);
  });

  it('refuses a file over the size limit without reading it', async () => {
    await put('huge.txt', '');
    await truncate(join(dir, 'huge.txt'), 200 * 1024 * 1024);
    const started = performance.now();
    const { skipped } = await listFolderDocuments(dir, {
      limits: { maxFileBytes: 1024 * 1024, maxInflatedBytes: 1024 * 1024, maxTextBytes: 1024 * 1024 },
    });
    expect(skipped).toEqual([
      {
        path: 'huge.txt',
        kind: 'too-large',
        reason: expect.stringMatching(/huge\.txt: the file is over the limit of 1 MB.*LUMEN_MAX_FILE_MB/),
      },
    ]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('listing a knowledge folder: permission declarations are found however they are written', () => {
  it('finds an HTML lumen-acl meta tag after the first 64 KB', async () => {
    await put(
      'late.html',
      `<p>${'Office plants. '.repeat(6000)}</p><meta name="lumen-acl" content="group:hr"><p>x</p>`,
    );
    expect((await listed()).acl['late.html']).toEqual(['group:hr']);
  });

  it('ignores a commented-out meta tag before the real one, and one left in an open comment', async () => {
    await put(
      'commented.html',
      '<!-- <meta name="lumen-acl" content="everyone"> --><meta name="lumen-acl" content="group:hr">',
    );
    await put(
      'open-comment.html',
      '<meta name="lumen-acl" content="group:hr"><!-- <meta name="lumen-acl" content="everyone">',
    );
    const { acl } = await listed();
    expect(acl['commented.html']).toEqual(['group:hr']);
    expect(acl['open-comment.html']).toEqual(['group:hr']);
  });

  it('refuses HTML whose meta tags disagree or name lumen-acl some other way, but not a page describing it', async () => {
    await put(
      'two.html',
      '<meta name="lumen-acl" content="group:hr"><meta NAME="Lumen-ACL" content="everyone">',
    );
    await put('property.html', '<meta property="lumen-acl" content="group:hr">');
    await put('no-content.html', '<meta name="lumen-acl">');
    await put('entity.html', '<meta name="lumen&#45;acl" content="group:hr">');
    await put(
      'about.html',
      '<meta name="description" content="How to use the lumen-acl meta tag"><p>Guide</p>',
    );
    await put(
      'same-twice.html',
      '<meta name="lumen-acl" content="group:hr"><meta name="lumen-acl" content="group:HR">',
    );
    const { acl, skipped } = await listed();
    expect(skipped['two.html']).toMatch(/^permissions: two\.html has 2 lumen-acl meta tags that disagree/);
    expect(skipped['property.html']).toMatch(
      /^permissions: property\.html has a meta tag about lumen-acl that Lumen cannot read/,
    );
    expect(skipped['no-content.html']).toMatch(/^permissions: no-content\.html/);
    expect(acl['entity.html']).toEqual(['group:hr']);
    expect(acl['about.html']).toEqual(['everyone']);
    expect(acl['same-twice.html']).toEqual(['group:hr']);
  });

  it('reads ACL, Acl or lumen-acl in front matter and sidecars, and refuses two of them', async () => {
    await put('capital.md', '---\nACL: group:hr\n---\nx');
    await put('spelled.md', '---\nLumen-ACL: [group:hr]\n---\nx');
    await put('both.md', '---\nacl: group:hr\nACL: everyone\n---\nx');
    await put('sidecar.pdf', '%PDF');
    await put('sidecar.pdf.meta.yaml', 'Acl: group:finance\nTitle: Budget');
    const { acl, skipped } = await listed();
    expect(acl['capital.md']).toEqual(['group:hr']);
    expect(acl['spelled.md']).toEqual(['group:hr']);
    expect(acl['sidecar.pdf']).toEqual(['group:finance']);
    expect(skipped['both.md']).toMatch(/^permissions: both\.md declares its acl under 2 keys \(acl, ACL\)/);
  });

  it('refuses Markdown whose front matter is TOML, which Lumen does not read', async () => {
    await put('toml.md', '+++\nacl = "group:hr"\n+++\n# Body');
    expect((await listed()).skipped['toml.md']).toMatch(
      /^permissions: toml\.md starts with TOML front matter/,
    );
  });

  it('reads front matter after blank lines and in UTF-16', async () => {
    await put('blank.md', '\n\n---\nacl: group:hr\n---\n# Body');
    await put(
      'utf16.md',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('---\nacl: group:hr\n---\n# Body', 'utf16le')]),
    );
    const { acl } = await listed();
    expect(acl['blank.md']).toEqual(['group:hr']);
    expect(acl['utf16.md']).toEqual(['group:hr']);
  });

  it('finds sidecars whatever their capitalisation, as .meta.yml, or named after the file without its extension', async () => {
    await put('upper.docx', 'x');
    await put('upper.docx.META.YAML', 'acl: group:hr');
    await put('short.docx', 'x');
    await put('short.docx.meta.yml', 'acl: group:hr');
    await put('stem.docx', 'x');
    await put('stem.meta.yaml', 'acl: group:hr');
    const { acl, skipped } = await listed();
    expect(acl).toEqual({
      'short.docx': ['group:hr'],
      'stem.docx': ['group:hr'],
      'upper.docx': ['group:hr'],
    });
    expect(skipped).toEqual({});
  });

  it('refuses a file with two sidecars, and files that could each own one sidecar', async () => {
    await put('a.docx', 'x');
    await put('a.docx.meta.yaml', 'acl: group:hr');
    await put('a.docx.meta.yml', 'acl: everyone');
    await put('plan.docx', 'x');
    await put('plan.pdf', '%PDF');
    await put('plan.meta.yaml', 'acl: everyone');
    const { acl, skipped } = await listed();
    expect(acl).toEqual({});
    expect(skipped['a.docx']).toMatch(/^permissions: Skipped a\.docx: it has 2 sidecars/);
    expect(skipped['plan.docx']).toMatch(/^permissions: .*plan\.meta\.yaml could belong to another file/);
    expect(skipped['plan.pdf']).toMatch(/^permissions: /);
  });
});

describe('ingesting a knowledge folder planted with hostile files', () => {
  let hostile: HostileKnowledge;
  let index: LocalIndex;
  let indexDir: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    hostile = await buildHostileKnowledge();
    indexDir = await makeTempDir();
    index = LocalIndex.open(join(indexDir.dir, 'lumen.db'));
  }, 60_000);

  afterAll(async () => {
    index?.close();
    await indexDir?.cleanup();
    await hostile?.cleanup();
  });

  it('reports every hostile file with its kind, counts them, and indexes restricted files for HR only', async () => {
    const summary = await ingestFolder(index, hostile.root);
    const reported = Object.fromEntries(summary.skipped.map((s) => [s.path, s.kind]));
    expect(reported).toEqual(hostile.refusals);
    const counts: Record<string, number> = {};
    for (const kind of Object.values(hostile.refusals)) counts[kind] = (counts[kind] ?? 0) + 1;
    expect(summary.refused).toEqual({
      link: 0,
      'special-file': 0,
      permissions: 0,
      'too-large': 0,
      'not-text': 0,
      ...counts,
    });
    for (const path of hostile.hrOnly) {
      expect((await index.getDocument(`folder:${path}`))?.acl, path).toEqual(['group:hr']);
    }
    expect((await index.getDocument('folder:public/welcome.md'))?.acl).toEqual(['everyone']);
  }, 60_000);

  it('re-indexes a file whose bytes did not change but whose permissions are now read differently', async () => {
    const listed = (await listFolderDocuments(hostile.root)).documents.find(
      (d) => d.path === 'notes/capital-acl.md',
    )!;
    await index.replaceDocument(
      { id: listed.id, path: listed.path, hash: listed.hash, acl: ['everyone'] },
      [],
    );
    const summary = await ingestFolder(index, hostile.root);
    expect(summary.updated).toBe(1);
    expect((await index.getDocument(listed.id))?.acl).toEqual(['group:hr']);
  }, 60_000);

  it('removes an earlier indexed version of a file now refused for its permissions', async () => {
    await index.replaceDocument(
      { id: 'folder:public/widened.md', path: 'public/widened.md', hash: 'old', acl: ['everyone'] },
      [],
    );
    await ingestFolder(index, hostile.root);
    expect(await index.getDocument('folder:public/widened.md')).toBeUndefined();
  }, 60_000);
});
