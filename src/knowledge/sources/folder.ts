import type { Dirent } from 'node:fs';
import { readdir, realpath } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LumenError } from '../../core/errors.js';
import { isSupportedFile } from '../crack/index.js';
import type { SourceDocument } from '../document.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../file-limits.js';
import { type RefusalKind, RefusedFileError } from '../refused-file.js';
import { COMPANY_SYNONYMS_FILE_NAME } from '../synonyms/company-synonyms.js';
import { isSidecarName, matchSidecars } from './folder-metadata.js';
import { type Candidate, FolderReader, sidecarsIn } from './folder-reader.js';
import { specialFileError } from './regular-file.js';

/** Options for listing a knowledge folder. */
export interface FolderOptions {
  /** Prefix of each document's link, usually ending in `/` (default `/knowledge/`). */
  urlBase?: string;
  /** Size limits; a file over them is reported and left out. */
  limits?: FileLimits;
}

/** A file the listing left out, and why; `kind` says when it was refused on purpose. */
export interface SkippedFile {
  path: string;
  reason: string;
  kind?: RefusalKind;
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
 * (`<file name>.meta.yaml`, any capitalisation), else from the file itself (Markdown
 * front matter, HTML `lumen-acl` meta tags); the ACL defaults to `everyone`. A declaration
 * that cannot be read without doubt refuses the file. The hash covers the file and its
 * sidecar, so a permission change re-indexes the document.
 *
 * Links are never followed out of the folder, nor to folders; a link to a file inside it
 * is read with its target's permissions (its own sidecar may only narrow them). Devices,
 * FIFOs and sockets are never read. Each refusal is reported with its kind.
 */
export async function listFolderDocuments(root: string, options: FolderOptions = {}): Promise<FolderListing> {
  const urlBase = options.urlBase ?? '/knowledge/';
  const limits = options.limits ?? DEFAULT_FILE_LIMITS;
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch (error) {
    throw unreadableFolder(root, error);
  }
  const candidates: Candidate[] = [];
  const skipped: SkippedFile[] = [];
  await walk(realRoot, '', candidates, skipped);
  candidates.sort((a, b) => compare(a.relative, b.relative));

  const reader = new FolderReader(realRoot, urlBase, limits);
  const results: (SourceDocument | SkippedFile)[] = new Array(candidates.length);
  let next = 0;
  const worker = async () => {
    while (next < candidates.length) {
      const index = next++;
      const candidate = candidates[index]!;
      results[index] = await reader.toSourceDocument(candidate).catch((error: unknown) => ({
        path: candidate.relative,
        reason: messageOf(error),
        ...(error instanceof RefusedFileError ? { kind: error.kind } : {}),
      }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, candidates.length) }, worker));

  const documents: SourceDocument[] = [];
  for (const result of results) {
    if ('read' in result) documents.push(result);
    else skipped.push(result);
  }
  skipped.sort((a, b) => compare(a.path, b.path));
  return { documents, skipped };
}

async function walk(
  root: string,
  relativeDir: string,
  found: Candidate[],
  skipped: SkippedFile[],
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(root, relativeDir), { withFileTypes: true });
  } catch (error) {
    if (relativeDir === '') throw unreadableFolder(root, error);
    skipped.push({ path: relativeDir, reason: `cannot list folder: ${messageOf(error)}` });
    return;
  }
  const inFolder = (name: string) => (relativeDir === '' ? name : `${relativeDir}/${name}`);
  const visible = entries.filter(
    (entry) => !entry.name.startsWith('.') && !IGNORED_DIRECTORIES.has(entry.name),
  );
  const sidecarNames = visible
    .filter((entry) => isSidecarName(entry.name) && (entry.isFile() || entry.isSymbolicLink()))
    .map((entry) => entry.name);
  const files = visible.filter(
    (entry) => (entry.isFile() || entry.isSymbolicLink()) && !sidecarNames.includes(entry.name),
  );
  const match = matchSidecars(
    files.map((entry) => entry.name),
    sidecarNames,
  );
  const subdirectories: string[] = [];
  for (const entry of visible) {
    const relative = inFolder(entry.name);
    if (entry.isDirectory()) {
      subdirectories.push(relative);
    } else if (!entry.isFile() && !entry.isSymbolicLink()) {
      skipped.push({
        path: relative,
        reason: specialFileError(relative, entry).message,
        kind: 'special-file',
      });
    } else if (relativeDir === '' && entry.name === COMPANY_SYNONYMS_FILE_NAME) {
      // The company synonyms file, read by the query expander, not a document.
    } else if (sidecarNames.includes(entry.name)) {
      // Read with the file it belongs to.
    } else if (entry.isSymbolicLink() || isSupportedFile(entry.name)) {
      found.push({
        relative,
        link: entry.isSymbolicLink(),
        sidecars: sidecarsIn(match, entry.name, inFolder),
      });
    } else {
      const extension = extname(entry.name).toLowerCase();
      skipped.push({ path: relative, reason: `unsupported file type ${extension || '(no extension)'}` });
    }
  }
  for (const name of match.orphans) {
    skipped.push({
      path: inFolder(name),
      reason: `sidecar for no document: no file in its folder is named ${name.replace(/\.meta\.ya?ml$/i, '')}, so the permissions it declares protect nothing. Name it <document file name>.meta.yaml.`,
      kind: 'permissions',
    });
  }
  await Promise.all(subdirectories.map((directory) => walk(root, directory, found, skipped)));
}

function unreadableFolder(root: string, error: unknown): LumenError {
  return new LumenError(
    'knowledge.folder_unreadable',
    `Cannot list knowledge folder ${root}: ${messageOf(error)}`,
    {
      cause: error,
    },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
