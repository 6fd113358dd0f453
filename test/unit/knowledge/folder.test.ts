import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LumenError } from '../../../src/core/errors.js';
import type { SourceDocument } from '../../../src/knowledge/document.js';
import { listFolderDocuments } from '../../../src/knowledge/sources/index.js';
import { makeTempDir } from './build-fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;

async function put(relative: string, content: string | Buffer): Promise<void> {
  await mkdir(join(dir, relative, '..'), { recursive: true });
  await writeFile(join(dir, relative), content);
}

function byPath(documents: SourceDocument[]): Record<string, SourceDocument> {
  return Object.fromEntries(documents.map((document) => [document.path, document]));
}

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});

afterEach(async () => {
  await cleanup();
});

describe('sources', () => {
  describe('listFolderDocuments', () => {
    it('lists supported files recursively with ids, relative paths and encoded urls', async () => {
      await put('plain.txt', 'Office hours');
      await put('hr/leave policy é.md', '# Leave');
      await put('hr/benefits/plans.pdf', '%PDF-1.7 not cracked while listing');
      const { documents, skipped } = await listFolderDocuments(dir);
      expect(skipped).toEqual([]);
      expect(
        documents.map((document) => [document.id, document.source, document.path, document.url]),
      ).toEqual([
        [
          'folder:hr/benefits/plans.pdf',
          'folder',
          'hr/benefits/plans.pdf',
          '/knowledge/hr/benefits/plans.pdf',
        ],
        [
          'folder:hr/leave policy é.md',
          'folder',
          'hr/leave policy é.md',
          '/knowledge/hr/leave%20policy%20%C3%A9.md',
        ],
        ['folder:plain.txt', 'folder', 'plain.txt', '/knowledge/plain.txt'],
      ]);
      const plain = byPath(documents)['plain.txt']!;
      expect(plain.acl).toEqual(['everyone']);
      expect(plain.title).toBeUndefined();
      expect(plain.updatedAt).toBe((await stat(join(dir, 'plain.txt'))).mtime.toISOString());
      expect((await plain.read()).toString()).toBe('Office hours');
    });

    it('uses the urlBase option as the link prefix', async () => {
      await put('a/b.md', 'x');
      const { documents } = await listFolderDocuments(dir, { urlBase: 'https://intranet.example.com/kb/' });
      expect(documents[0]!.url).toBe('https://intranet.example.com/kb/a/b.md');
    });

    it('ignores dotfiles, dot folders, node_modules and sidecar files', async () => {
      await put('.secret.md', 'x');
      await put('.git/config.md', 'x');
      await put('node_modules/pkg/readme.md', 'x');
      await put('kept.md', 'x');
      await put('kept.md.meta.yaml', 'acl: everyone');
      const { documents, skipped } = await listFolderDocuments(dir);
      expect(documents.map((document) => document.path)).toEqual(['kept.md']);
      expect(skipped).toEqual([]);
    });

    it('leaves out the company synonyms file at the root, not a file of that name deeper down', async () => {
      await put('synonyms.txt', 'pto, paid time off');
      await put('glossary/synonyms.txt', 'A glossary page that happens to have this name.');
      await put('kept.md', 'x');
      const { documents, skipped } = await listFolderDocuments(dir);
      expect(documents.map((document) => document.path)).toEqual(['glossary/synonyms.txt', 'kept.md']);
      expect(skipped).toEqual([]);
    });

    it('reports a sidecar that belongs to no document, since the permissions it declares protect nothing', async () => {
      await put('guide.docx', 'x');
      await put('handbook.meta.yaml', 'acl: group:hr');
      const { skipped } = await listFolderDocuments(dir);
      expect(skipped).toEqual([
        {
          path: 'handbook.meta.yaml',
          kind: 'permissions',
          reason: expect.stringMatching(/sidecar for no document: no file in its folder is named handbook,/),
        },
      ]);
    });

    it('reports unsupported files as skipped', async () => {
      await put('logo.png', 'png');
      await put('docs/sheet.NUMBERS', 'numbers');
      await put('Makefile', 'all:');
      const { documents, skipped } = await listFolderDocuments(dir);
      expect(documents).toEqual([]);
      expect(skipped).toEqual([
        { path: 'Makefile', reason: 'unsupported file type (no extension)' },
        { path: 'docs/sheet.NUMBERS', reason: 'unsupported file type .numbers' },
        { path: 'logo.png', reason: 'unsupported file type .png' },
      ]);
    });

    it('reads title and acl from a sidecar, from Markdown front matter, and from the HTML meta tag', async () => {
      await put('travel.pdf', '%PDF');
      await put(
        'travel.pdf.meta.yaml',
        'title: Travel policy\nacl:\n  - user:Ann@Example.com\n  - Finance\n',
      );
      await put('handbook.md', '---\ntitle: Handbook\nacl: group:HR, everyone\n---\n# Body');
      await put(
        'page.html',
        '<html><head><meta content="group:legal, bob@example.com" name="lumen-acl"></head></html>',
      );
      const documents = byPath((await listFolderDocuments(dir)).documents);
      expect(documents['travel.pdf']).toMatchObject({
        title: 'Travel policy',
        acl: ['user:ann@example.com', 'group:finance'],
      });
      expect(documents['handbook.md']).toMatchObject({ title: 'Handbook', acl: ['group:hr', 'everyone'] });
      expect(documents['page.html']!.acl).toEqual(['group:legal', 'user:bob@example.com']);
    });

    it('lets the sidecar win over what the file declares', async () => {
      await put('both.md', '---\ntitle: From file\nacl: group:a\n---\nx');
      await put('both.md.meta.yaml', 'acl: group:b');
      const [document] = (await listFolderDocuments(dir)).documents;
      expect(document).toMatchObject({ title: 'From file', acl: ['group:b'] });
    });

    it('skips files whose permissions cannot be read, with the reason', async () => {
      await put('broken.md', '---\nacl: [group:hr\n---\nx');
      await put('role.md', 'x');
      await put('role.md.meta.yaml', 'acl: role:admin');
      await put('nobody.md', 'x');
      await put('nobody.md.meta.yaml', 'acl: []');
      await put('fine.md', 'x');
      const { documents, skipped } = await listFolderDocuments(dir);
      expect(documents.map((document) => document.path)).toEqual(['fine.md']);
      expect(skipped.map((entry) => entry.path)).toEqual(['broken.md', 'nobody.md', 'role.md']);
      expect(skipped[0]!.reason).toMatch(/front matter of broken\.md is not valid YAML/);
      expect(skipped[1]!.reason).toMatch(/lists no principals/);
      expect(skipped[2]!.reason).toMatch(/unknown prefix 'role:'/);
    });

    it('keeps hashes stable and changes them when the file or its sidecar changes', async () => {
      await put('a.md', 'content');
      await put('a.md.meta.yaml', 'acl: group:hr');
      const hashOf = async () => (await listFolderDocuments(dir)).documents[0]!.hash;
      const first = await hashOf();
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      await utimes(join(dir, 'a.md'), new Date(2020, 0, 1), new Date(2020, 0, 1));
      expect(await hashOf()).toBe(first);
      await put('a.md.meta.yaml', 'acl: group:hr, group:finance');
      const afterSidecar = await hashOf();
      expect(afterSidecar).not.toBe(first);
      await put('a.md', 'new content');
      expect(await hashOf()).not.toBe(afterSidecar);
    });

    it('lists and hashes 2,000 files across folders, each with its own ACL', async () => {
      await Promise.all(
        Array.from({ length: 2000 }, (_, i) =>
          put(
            `bulk/${i % 20}/doc-${i}.md`,
            `---\ntitle: Doc ${i}\nacl: group:g${i % 7}\n---\n# Doc ${i}\n${'text '.repeat(100)}`,
          ),
        ),
      );
      const { documents } = await listFolderDocuments(dir);
      expect(documents).toHaveLength(2000);
      expect(new Set(documents.map((d) => d.hash)).size).toBe(2000);
      expect(documents.find((d) => d.path === 'bulk/3/doc-3.md')?.acl).toEqual(['group:g3']);
    });

    it('throws a LumenError naming the folder when it does not exist', async () => {
      await expect(listFolderDocuments(join(dir, 'missing'))).rejects.toThrow(LumenError);
      await expect(listFolderDocuments(join(dir, 'missing'))).rejects.toThrow(/missing/);
    });
  });
});
