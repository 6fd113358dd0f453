import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LumenError } from '../../errors.js';
import { isSupportedFile } from '../crack/index.js';
import { EVERYONE, type SourceDocument } from '../document.js';
import { COMPANY_SYNONYMS_FILE_NAME } from '../synonyms/company-synonyms.js';
import { readDeclaredMetadata, readSidecar, SIDECAR_SUFFIX } from './folder-metadata.js';
import { normalizeAcl } from './principals.js';

/** Options for listing a knowledge folder. */
export interface FolderOptions {
  /** Prefix of each document's link, usually ending in `/` (default `/knowledge/`). */
  urlBase?: string;
}

/** A file the listing left out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** What a folder holds: documents to index, and files left out. */
export interface FolderListing {
  documents: SourceDocument[];
  skipped: SkippedFile[];
}

const IGNORED_DIRECTORIES = new Set(['node_modules']);
const CONCURRENCY = 32;

/**
 * Lists the documents under a folder, recursively, without cracking them. Dotfiles,
 * `node_modules`, sidecar files and the company synonyms file at the root are ignored; unsupported or unreadable files are
 * reported in `skipped`. Each document's title and ACL come from its sidecar
 * (`<file name>.meta.yaml`), else from the file itself (Markdown front matter, HTML
 * `lumen-acl` meta tag); the ACL defaults to `everyone`. The hash covers the file and its
 * sidecar, so a permission change re-indexes the document.
 */
export async function listFolderDocuments(root: string, options: FolderOptions = {}): Promise<FolderListing> {
  const urlBase = options.urlBase ?? '/knowledge/';
  const files: { relative: string; sidecar?: string }[] = [];
  const skipped: SkippedFile[] = [];
  await walk(root, '', files, skipped);
  files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));

  const results: (SourceDocument | SkippedFile)[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index]!;
      results[index] = await toSourceDocument(root, file.relative, file.sidecar, urlBase).catch(
        (error: unknown) => ({ path: file.relative, reason: messageOf(error) }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));

  const documents: SourceDocument[] = [];
  for (const result of results) {
    if ('read' in result) documents.push(result);
    else skipped.push(result);
  }
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { documents, skipped };
}

async function walk(
  root: string,
  relativeDir: string,
  files: { relative: string; sidecar?: string }[],
  skipped: SkippedFile[],
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, relativeDir), { withFileTypes: true });
  } catch (error) {
    if (relativeDir === '') {
      throw new LumenError(
        'knowledge.folder_unreadable',
        `Cannot list knowledge folder ${root}: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    skipped.push({ path: relativeDir, reason: `cannot list folder: ${messageOf(error)}` });
    return;
  }
  const names = new Set(entries.map((entry) => entry.name));
  const subdirectories: string[] = [];
  for (const entry of entries) {
    const name = entry.name;
    if (name.startsWith('.') || IGNORED_DIRECTORIES.has(name)) continue;
    const relative = relativeDir === '' ? name : `${relativeDir}/${name}`;
    if (entry.isDirectory()) {
      subdirectories.push(relative);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      if (name.toLowerCase().endsWith(SIDECAR_SUFFIX)) continue;
      if (relativeDir === '' && name === COMPANY_SYNONYMS_FILE_NAME) continue;
      if (!isSupportedFile(name)) {
        const extension = extname(name).toLowerCase();
        skipped.push({ path: relative, reason: `unsupported file type ${extension || '(no extension)'}` });
        continue;
      }
      const sidecar = `${name}${SIDECAR_SUFFIX}`;
      files.push(names.has(sidecar) ? { relative, sidecar: `${relative}${SIDECAR_SUFFIX}` } : { relative });
    }
  }
  await Promise.all(subdirectories.map((directory) => walk(root, directory, files, skipped)));
}

async function toSourceDocument(
  root: string,
  relative: string,
  sidecar: string | undefined,
  urlBase: string,
): Promise<SourceDocument> {
  const absolute = join(root, relative);
  const [bytes, info, sidecarBytes] = await Promise.all([
    readFile(absolute),
    stat(absolute),
    sidecar === undefined ? undefined : readFile(join(root, sidecar)),
  ]);
  if (!info.isFile()) throw new Error('not a regular file');

  const hash = createHash('sha256').update(bytes);
  if (sidecarBytes) hash.update('\0sidecar\0').update(sidecarBytes);

  const fromSidecar = sidecarBytes && sidecar ? readSidecar(sidecarBytes, sidecar) : {};
  const fromFile = readDeclaredMetadata(extname(relative).toLowerCase(), bytes, relative);
  const acl = fromSidecar.acl
    ? normalizeAcl(fromSidecar.acl, sidecar ?? relative)
    : normalizeAcl(fromFile.acl ?? [EVERYONE], relative);
  const title = fromSidecar.title ?? fromFile.title;

  return {
    id: `folder:${relative}`,
    source: 'folder',
    path: relative,
    url: `${urlBase}${relative.split('/').map(encodeURIComponent).join('/')}`,
    hash: hash.digest('hex'),
    updatedAt: info.mtime.toISOString(),
    acl,
    ...(title === undefined ? {} : { title }),
    read: () => readFile(absolute),
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
