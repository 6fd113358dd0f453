import type { Clock, KnowledgeIndex, SourceSyncRepository } from '../../core/ports.js';
import type { Principal } from '../document.js';
import type { FileLimits } from '../file-limits.js';
import {
  attachmentChanges,
  attachmentQuery,
  type ConfluenceAttachment,
} from '../sources/confluence/confluence-attachments.js';
import {
  type ConfluenceSource,
  type ConfluenceSpace,
  contentHash,
  spacePrefix,
} from '../sources/confluence/confluence-source.js';
import { type Applying, applyChanges, removeOutside, removeUnlisted } from './apply-changes.js';
import type { SyncProgress } from './sharepoint-sync.js';
import { emptyReport, type SyncReport } from './sync-report.js';

/** What is remembered per space between syncs. */
export interface SpaceSyncState {
  /** Latest last-modified time seen; the next sync asks for what changed since. */
  lastModified?: string;
  /** When deletions and permission changes were last checked over every page id. */
  lastIdPass?: string;
  /** Latest last-modified time of an attachment seen. */
  attachmentsLastModified?: string;
  /** A content pass in progress. */
  checkpoint?: { next: string; full: boolean; lastModified?: string; reason?: string };
}

/** What a Confluence sync needs. */
export interface ConfluenceSyncOptions {
  source: ConfluenceSource;
  index: KnowledgeIndex;
  state: SourceSyncRepository;
  /** Space keys. */
  spaces: readonly string[];
  full?: boolean;
  clock: Clock;
  /** How often the id-only pass runs (default 6 hours); 0 runs it on every sync. */
  idPassIntervalMs?: number;
  /**
   * How far before the last seen change an incremental query starts (default 10 minutes):
   * CQL compares minutes, and a page saved during the last sync must not be missed.
   */
  overlapMs?: number;
  onProgress?: (progress: SyncProgress) => void;
  /** Limits on each file read (defaults when absent). */
  limits?: FileLimits;
  /** Index PDF, DOCX and other readable attachments of the pages, with their page's readers. */
  attachments?: boolean;
}

/**
 * Syncs Confluence spaces. A content pass lists pages and blog posts changed since the last
 * sync (CQL `lastmodified`), or all of them with `--full` and the first time, then removes
 * what a full listing no longer has. Every so often an id-only pass lists each page's id,
 * version and restrictions without bodies: pages gone from the space are removed and pages
 * whose readers changed are re-indexed, since a restriction change does not touch
 * last-modified. Cursors are checkpointed per page of results.
 */
export async function syncConfluence(options: ConfluenceSyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const report = emptyReport('confluence', options.full ? 'full' : 'incremental');
  let done = 0;
  const applying: Applying = {
    onDocument: (current: string) => options.onProgress?.({ done: ++done, current }),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const ancestors = new Map<string, Principal[]>();
  const spaces = await options.source.resolveSpaces(options.spaces);
  for (const space of spaces) {
    const readers = await options.source.spaceReaders(space);
    const ranFull = await contentPass(space, readers, ancestors, options, report, applying);
    const scope = scopeOf(space);
    const state = (await options.state.getState<SpaceSyncState>(scope)) ?? {};
    const interval = options.idPassIntervalMs ?? 6 * 3600_000;
    const last = state.lastIdPass ? Date.parse(state.lastIdPass) : 0;
    if (!ranFull && options.clock.now().getTime() - last >= interval) {
      await idPass(space, readers, ancestors, options, report, applying);
      await options.state.putState(
        scope,
        { ...state, lastIdPass: options.clock.now().toISOString() },
        options.clock.now(),
      );
    }
  }
  // Pages of spaces no longer configured leave the index.
  await removeOutside(options.index, 'confluence:', spaces.map(spacePrefix), report);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

function scopeOf(space: ConfluenceSpace): string {
  return `confluence:space:${space.key}`;
}

/** Lists changed (or all) content and applies it; returns whether it was a full listing. */
async function contentPass(
  space: ConfluenceSpace,
  readers: Principal[],
  ancestors: Map<string, Principal[]>,
  options: ConfluenceSyncOptions,
  report: SyncReport,
  applying: Applying,
): Promise<boolean> {
  const { source, state: repository, clock } = options;
  const scope = scopeOf(space);
  const stored = (await repository.getState<SpaceSyncState>(scope)) ?? {};
  let full: boolean;
  let url: string;
  let lastModified = stored.lastModified;
  if (stored.checkpoint && !(options.full && !stored.checkpoint.full)) {
    ({ full, next: url } = stored.checkpoint);
    lastModified = stored.checkpoint.lastModified ?? lastModified;
    report.resumed = true;
    if (full) markFull(report, stored.checkpoint.reason);
  } else if (options.full || !stored.lastModified) {
    full = true;
    url = source.contentQuery(space, { withBody: true });
    markFull(report, options.full ? undefined : 'first sync');
    await repository.clearSeen(scope);
  } else {
    full = false;
    const since = new Date(Date.parse(stored.lastModified) - (options.overlapMs ?? 10 * 60_000));
    url = source.contentQuery(space, { since, withBody: true });
  }
  const reason = full ? (stored.checkpoint?.reason ?? (options.full ? undefined : 'first sync')) : undefined;

  for (;;) {
    const page = await source.contentPage(url);
    const batch = await source.toChanges(space, readers, page.items, ancestors);
    if (full)
      await repository.addSeen(
        scope,
        page.items.map((item) => source.documentId(space, item.id)),
      );
    await applyChanges(options.index, batch, report, applying);
    for (const item of page.items) {
      const when = item.version?.when;
      if (when && (!lastModified || Date.parse(when) > Date.parse(lastModified))) lastModified = when;
    }
    if (page.next) {
      url = page.next;
      const checkpoint = {
        next: url,
        full,
        ...(lastModified ? { lastModified } : {}),
        ...(reason ? { reason } : {}),
      };
      await repository.putState(scope, { ...stored, checkpoint }, clock.now());
      continue;
    }
    const now = clock.now();
    let attachmentsLastModified = stored.attachmentsLastModified;
    if (options.attachments) {
      // After the pages, whose readers the attachments take from the index.
      const since =
        !full && stored.attachmentsLastModified
          ? new Date(Date.parse(stored.attachmentsLastModified) - (options.overlapMs ?? 10 * 60_000))
          : undefined;
      attachmentsLastModified =
        (await attachmentPass(space, options, report, applying, {
          full,
          scope,
          ...(since ? { since } : {}),
        })) ?? attachmentsLastModified;
    }
    if (full) {
      await removeUnlisted(
        options.index,
        spacePrefix(space),
        new Set(await repository.listSeen(scope)),
        report,
      );
      await repository.clearSeen(scope);
    }
    const { checkpoint: _done, ...rest } = stored;
    await repository.putState(
      scope,
      {
        ...rest,
        lastModified: lastModified ?? now.toISOString(),
        ...(attachmentsLastModified ? { attachmentsLastModified } : {}),
        ...(full ? { lastIdPass: now.toISOString() } : {}),
      },
      now,
    );
    return full;
  }
}

/**
 * Lists every page id with its version and restrictions, no bodies: removes pages that
 * left the space, indexes pages that moved in, and re-indexes those whose readers changed.
 */
async function idPass(
  space: ConfluenceSpace,
  readers: Principal[],
  ancestors: Map<string, Principal[]>,
  options: ConfluenceSyncOptions,
  report: SyncReport,
  applying: Applying,
): Promise<void> {
  const { source, index } = options;
  const listed = new Set<string>();
  const refresh: string[] = [];
  let url: string | undefined = source.contentQuery(space, { withBody: false });
  while (url) {
    const page = await source.contentPage(url);
    for (const item of page.items) {
      const id = source.documentId(space, item.id);
      listed.add(id);
      const known = await index.getDocument(id);
      // A page moved in from elsewhere keeps its last-modified time, so only this pass sees it.
      if (!known) {
        refresh.push(item.id);
        continue;
      }
      const acl = await source.aclOf(item, readers, ancestors);
      if (known.hash !== contentHash(item.version?.number ?? 0, acl)) refresh.push(item.id);
    }
    url = page.next;
  }
  for (const contentId of refresh) {
    const item = await source.content(contentId);
    await applyChanges(index, await source.toChanges(space, readers, [item], ancestors), report, applying);
  }
  if (options.attachments) {
    let attachments: string | undefined = attachmentQuery(space);
    const stale: ConfluenceAttachment[] = [];
    while (attachments) {
      const page = await source.contentPage(attachments);
      for (const item of page.items as unknown as ConfluenceAttachment[]) {
        const pageDoc = item.container
          ? await index.getDocument(source.documentId(space, item.container.id))
          : undefined;
        if (!pageDoc) continue;
        const id = source.documentId(space, item.id);
        listed.add(id);
        const known = await index.getDocument(id);
        if (!known || known.hash !== contentHash(item.version?.number ?? 0, pageDoc.acl)) stale.push(item);
      }
      attachments = page.next;
    }
    await applyChanges(
      index,
      await attachmentChanges(source.client, space, stale, index, applying.limits?.maxFileBytes),
      report,
      applying,
    );
  }
  await removeUnlisted(index, spacePrefix(space), listed, report);
}

/** Lists attachments (changed since `since`, or all) and applies them; returns the latest change seen. */
async function attachmentPass(
  space: ConfluenceSpace,
  options: ConfluenceSyncOptions,
  report: SyncReport,
  applying: Applying,
  pass: { full: boolean; since?: Date; scope: string },
): Promise<string | undefined> {
  const { source, index } = options;
  let latest: string | undefined;
  let url: string | undefined = attachmentQuery(space, pass.since);
  while (url) {
    const page = await source.contentPage(url);
    const items = page.items as unknown as ConfluenceAttachment[];
    const batch = await attachmentChanges(source.client, space, items, index, applying.limits?.maxFileBytes);
    if (pass.full)
      await options.state.addSeen(
        pass.scope,
        batch.upserts.map((d) => d.id),
      );
    await applyChanges(index, batch, report, applying);
    for (const item of items) {
      const when = item.version?.when;
      if (when && (!latest || Date.parse(when) > Date.parse(latest))) latest = when;
    }
    url = page.next;
  }
  return latest;
}

function markFull(report: SyncReport, reason: string | undefined): void {
  report.mode = 'full';
  if (reason && !report.fullReason) report.fullReason = reason;
}
