import { describeError, LumenError } from '../core/errors.js';
import type { IndexedDocument, KnowledgeIndex } from '../core/ports.js';
import { chunkDocument } from './chunk.js';
import { crackFile } from './crack/index.js';
import type { SourceDocument } from './document.js';
import type { FileLimits } from './file-limits.js';
import { REFUSAL_KINDS, type RefusalKind, RefusedFileError } from './refused-file.js';
import { sameAcl } from './sources/principals.js';

/** Refusals that remove an earlier indexed version of the file. */
const UNSAFE = new Set<RefusalKind>(['link', 'special-file', 'permissions']);

/** Progress of an ingestion run, reported after each document. */
export interface IngestProgress {
  done: number;
  total: number;
  /** The document just handled (relative path). */
  current: string;
}

/** What an ingestion run did. */
export interface IngestSummary {
  /** Documents the source listed (supported types). */
  documents: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Chunks written in this run. */
  chunks: number;
  /** PDF pages cracked in this run. */
  pages: number;
  skipped: SkippedDocument[];
  /** Of the skipped files, how many were refused on purpose, by reason (links, special files, permissions, limits, noise). */
  refused: Record<RefusalKind, number>;
  durationMs: number;
}

/** A file left out of the index, and why; `kind` says when it was refused on purpose. */
export interface SkippedDocument {
  path: string;
  reason: string;
  kind?: RefusalKind;
}

export interface IngestOptions {
  /** Only documents whose id starts with this belong to the source; others are left alone. */
  idPrefix: string;
  onProgress?: (progress: IngestProgress) => void;
  chunking?: { maxChars?: number; overlapChars?: number };
  /** Limits on each file's size, what it unpacks to and its text (defaults when absent). */
  limits?: FileLimits;
}

/**
 * Brings an index in line with what a source lists: new and changed documents are
 * cracked, chunked and indexed; unchanged ones (same hash) are skipped without reading;
 * documents the source no longer lists are removed. A file that cannot be read is
 * reported and skipped, and its previously indexed version (if any) stays searchable.
 */
export async function ingestDocuments(
  index: KnowledgeIndex,
  listed: { documents: SourceDocument[]; skipped: SkippedDocument[] },
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const existing = new Map<string, IndexedDocument>(
    (await index.listDocuments(options.idPrefix)).map((d) => [d.id, d]),
  );
  const summary: IngestSummary = {
    documents: listed.documents.length,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    chunks: 0,
    pages: 0,
    skipped: [...listed.skipped],
    refused: countRefusals([]),
    durationMs: 0,
  };
  const total = listed.documents.length;
  let done = 0;
  for (const document of listed.documents) {
    const known = existing.get(document.id);
    // Same bytes read with other permissions (a declaration Lumen now reads differently) is a change too.
    if (known && known.hash === document.hash && sameAcl(known.acl, document.acl)) {
      summary.unchanged++;
    } else {
      try {
        const written = await indexSourceDocument(index, document, options.chunking, options.limits);
        summary.chunks += written.chunks;
        summary.pages += written.pages;
        if (known) summary.updated++;
        else summary.added++;
      } catch (error) {
        summary.skipped.push({
          path: document.path,
          reason: reasonFor(error),
          ...(error instanceof RefusedFileError ? { kind: error.kind } : {}),
        });
      }
    }
    done++;
    options.onProgress?.({ done, total, current: document.path });
  }
  const listedIds = new Set(listed.documents.map((d) => d.id));
  // A file that vanished only because it could not be listed this time is kept, unless it
  // was refused for what it is (a link, a special file, unclear permissions): an earlier
  // version must not stay readable by whoever could read it before.
  const skippedPaths = new Set(
    listed.skipped.filter((s) => !s.kind || !UNSAFE.has(s.kind)).map((s) => s.path),
  );
  const gone = [...existing.values()].filter((d) => !listedIds.has(d.id) && !skippedPaths.has(d.path));
  if (gone.length > 0) {
    await index.deleteDocuments(gone.map((d) => d.id));
    summary.deleted = gone.length;
  }
  summary.refused = countRefusals(summary.skipped);
  summary.durationMs = Math.round(performance.now() - started);
  return summary;
}

function countRefusals(skipped: readonly SkippedDocument[]): Record<RefusalKind, number> {
  const counts = Object.fromEntries(REFUSAL_KINDS.map((kind) => [kind, 0])) as Record<RefusalKind, number>;
  for (const { kind } of skipped) if (kind) counts[kind]++;
  return counts;
}

/**
 * Reads, cracks, chunks and indexes one document, replacing its earlier chunks. Throws when
 * the document cannot be read or cracked; the index then still holds the earlier version.
 */
export async function indexSourceDocument(
  index: KnowledgeIndex,
  document: SourceDocument,
  chunking?: IngestOptions['chunking'],
  limits?: FileLimits,
): Promise<{ chunks: number; pages: number }> {
  const crackPath = document.crackAs ? `${document.path}${document.crackAs}` : document.path;
  const cracked = await crackFile(crackPath, await document.read(), limits);
  const title = document.title ?? cracked.title;
  const chunks = chunkDocument({ ...document, title }, cracked, chunking);
  await index.replaceDocument(
    { id: document.id, path: document.path, hash: document.hash, acl: document.acl },
    chunks,
  );
  return {
    chunks: chunks.length,
    pages: cracked.sections.reduce((max, s) => Math.max(max, s.page ?? 0), 0),
  };
}

/** Why a document could not be indexed, for a sync or ingest report. */
export function reasonFor(error: unknown): string {
  if (error instanceof LumenError) return error.message;
  return describeError(error);
}
