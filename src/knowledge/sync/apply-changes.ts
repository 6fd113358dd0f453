import { LumenError } from '../../core/errors.js';
import type { KnowledgeIndex } from '../../core/ports.js';
import type { SourceDocument } from '../document.js';
import type { FileLimits } from '../file-limits.js';
import { indexSourceDocument, reasonFor } from '../ingest.js';
import type { RefusalKind } from '../refused-file.js';
import { sameAcl } from '../sources/principals.js';
import { addSkipped, type SyncReport } from './sync-report.js';

/** Documents whose bytes are fetched at once, ahead of indexing. */
const READ_AHEAD = 8;

/** One batch of changes a source reported: documents to add or refresh, and ids gone. */
export interface ChangeBatch {
  upserts: SourceDocument[];
  /** Document ids the source says were deleted or moved out of scope. */
  deletes: string[];
  /** Items the source listed but Lumen does not index, and why (`kind` when refused on purpose). */
  skipped: { path: string; reason: string; kind?: RefusalKind }[];
}

/** How a sync applies changes: progress after each document, and the limits on each file. */
export interface Applying {
  onDocument?: (path: string) => void;
  limits?: FileLimits;
}

/**
 * Applies a batch of source changes to the index without a full listing: upserts are
 * indexed unless their hash is unchanged, deletes are removed. A document that cannot be
 * read is reported and its earlier version stays. Counts go into `report`.
 */
export async function applyChanges(
  index: KnowledgeIndex,
  batch: ChangeBatch,
  report: SyncReport,
  applying: Applying = {},
): Promise<void> {
  for (const item of batch.skipped) addSkipped(report, item.path, item.reason);
  for (let start = 0; start < batch.upserts.length; start += READ_AHEAD) {
    const window = batch.upserts.slice(start, start + READ_AHEAD);
    const known = await Promise.all(window.map((d) => index.getDocument(d.id)));
    // Downloads of a window run together; cracking and indexing stay one at a time, in order.
    const bytes = window.map((d, i) => {
      if (known[i]?.hash === d.hash) return undefined;
      const read = d.read();
      read.catch(() => undefined);
      return read;
    });
    for (const [i, document] of window.entries()) {
      const previous = known[i];
      const pending = bytes[i];
      if (!pending) {
        report.unchanged++;
      } else {
        try {
          const written = await indexSourceDocument(
            index,
            { ...document, read: () => pending },
            undefined,
            applying.limits,
          );
          report.chunks += written.chunks;
          if (!previous) report.added++;
          else {
            report.updated++;
            if (!sameAcl(previous.acl, document.acl)) report.permissionChanges++;
          }
        } catch (error) {
          // A document that cannot be read or cracked is skipped; an index failure stops the sync.
          if (!(error instanceof LumenError)) throw error;
          addSkipped(report, document.path, reasonFor(error));
        }
      }
      applying.onDocument?.(document.path);
    }
  }
  const present: string[] = [];
  for (const id of new Set(batch.deletes)) {
    if (await index.getDocument(id)) present.push(id);
  }
  if (present.length > 0) {
    await index.deleteDocuments(present);
    report.deleted += present.length;
  }
}

/** Removes the documents under `idPrefix` that a complete listing did not include. */
export async function removeUnlisted(
  index: KnowledgeIndex,
  idPrefix: string,
  listed: ReadonlySet<string>,
  report: SyncReport,
): Promise<void> {
  const gone = (await index.listDocuments(idPrefix)).filter((d) => !listed.has(d.id)).map((d) => d.id);
  if (gone.length === 0) return;
  await index.deleteDocuments(gone);
  report.deleted += gone.length;
}

/** Removes the documents under `sourcePrefix` that belong to none of the `kept` prefixes. */
export async function removeOutside(
  index: KnowledgeIndex,
  sourcePrefix: string,
  kept: readonly string[],
  report: SyncReport,
): Promise<void> {
  const gone = (await index.listDocuments(sourcePrefix))
    .filter((d) => !kept.some((prefix) => d.id.startsWith(prefix)))
    .map((d) => d.id);
  if (gone.length === 0) return;
  await index.deleteDocuments(gone);
  report.deleted += gone.length;
}
