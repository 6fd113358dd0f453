import type { Clock, KnowledgeIndex, SourceSyncRepository } from '../../core/ports.js';
import type { FileLimits } from '../file-limits.js';
import {
  DeltaExpiredError,
  drivePrefix,
  type SharePointDrive,
  type SharePointSource,
} from '../sources/sharepoint/sharepoint-source.js';
import { type Applying, applyChanges, removeOutside, removeUnlisted } from './apply-changes.js';
import { emptyReport, type SyncReport } from './sync-report.js';

/** What is remembered per library between syncs. */
export interface DriveSyncState {
  /** Where the next incremental sync starts. */
  deltaLink?: string;
  /** A sync in progress: the next page to read, and whether it is a full crawl. */
  checkpoint?: { link: string; full: boolean; reason?: string };
}

/** Progress of a sync: documents handled so far and the one just handled. */
export interface SyncProgress {
  done: number;
  current: string;
}

/** What a SharePoint sync needs. */
export interface SharePointSyncOptions {
  source: SharePointSource;
  index: KnowledgeIndex;
  state: SourceSyncRepository;
  /** Sites by URL or Graph id. */
  sites: readonly string[];
  /** Crawl everything and remove what vanished, ignoring stored delta links. */
  full?: boolean;
  clock: Clock;
  onProgress?: (progress: SyncProgress) => void;
  /** Limits on each file read (defaults when absent). */
  limits?: FileLimits;
}

/**
 * Syncs the configured sites' document libraries into the index. Each library reads its
 * stored delta link (changes only) or, the first time, with `--full` or when the link has
 * expired, crawls everything and then removes what it no longer lists. After each page the
 * next link is checkpointed, so a stopped sync resumes where it was; re-reading a page is
 * harmless since unchanged hashes are skipped. A failed call stops the sync with the
 * checkpoint kept and nothing deleted.
 */
export async function syncSharePoint(options: SharePointSyncOptions): Promise<SyncReport> {
  const started = performance.now();
  const report = emptyReport('sharepoint', options.full ? 'full' : 'incremental');
  let done = 0;
  const applying: Applying = {
    onDocument: (current: string) => options.onProgress?.({ done: ++done, current }),
    ...(options.limits ? { limits: options.limits } : {}),
  };
  const synced: string[] = [];
  for (const siteRef of options.sites) {
    const site = await options.source.resolveSite(siteRef);
    for (const drive of await options.source.listDrives(site)) {
      await syncDrive(drive, options, report, applying);
      synced.push(drivePrefix(drive));
    }
  }
  // Every site and library was listed: documents of libraries no longer there (deleted, or
  // their site no longer configured) go too.
  await removeOutside(options.index, 'sharepoint:', synced, report);
  report.durationMs = Math.round(performance.now() - started);
  return report;
}

async function syncDrive(
  drive: SharePointDrive,
  options: SharePointSyncOptions,
  report: SyncReport,
  applying: Applying,
): Promise<void> {
  const { source, index, state: repository, clock } = options;
  const scope = `sharepoint:drive:${drive.id}`;
  const stored = (await repository.getState<DriveSyncState>(scope)) ?? {};
  let full: boolean;
  let link: string;
  if (stored.checkpoint && !(options.full && !stored.checkpoint.full)) {
    ({ full, link } = stored.checkpoint);
    report.resumed = true;
    if (full) markFull(report, stored.checkpoint.reason);
  } else if (options.full || !stored.deltaLink) {
    full = true;
    link = source.initialDeltaLink(drive);
    markFull(report, options.full ? undefined : 'first sync');
    await repository.clearSeen(scope);
  } else {
    full = false;
    link = stored.deltaLink;
  }
  let reason = stored.checkpoint?.reason ?? (stored.deltaLink ? undefined : 'first sync');

  for (;;) {
    let page: Awaited<ReturnType<SharePointSource['deltaPage']>>;
    try {
      page = await source.deltaPage(drive, link);
    } catch (error) {
      if (!(error instanceof DeltaExpiredError) || full) throw error;
      // The token expired: crawl the whole library, then remove what it no longer lists.
      full = true;
      reason = 'delta link expired';
      markFull(report, reason);
      link = source.initialDeltaLink(drive);
      await repository.clearSeen(scope);
      continue;
    }
    const batch = await source.toChanges(drive, page.items, clock.now());
    if (full) {
      // Skipped items count as listed: a file that could not be read keeps its older version.
      const listed = page.items
        .filter((item) => !item.deleted)
        .map((item) => source.documentId(drive, item.id));
      await repository.addSeen(scope, listed);
    }
    await applyChanges(index, batch, report, applying);
    if (page.nextLink) {
      link = page.nextLink;
      const checkpoint = { link, full, ...(reason ? { reason } : {}) };
      await repository.putState(scope, { ...stored, checkpoint }, clock.now());
      continue;
    }
    if (full) {
      const seen = new Set(await repository.listSeen(scope));
      await removeUnlisted(index, drivePrefix(drive), seen, report);
      await repository.clearSeen(scope);
    }
    await repository.putState(scope, page.deltaLink ? { deltaLink: page.deltaLink } : {}, clock.now());
    return;
  }
}

function markFull(report: SyncReport, reason: string | undefined): void {
  report.mode = 'full';
  if (reason && !report.fullReason) report.fullReason = reason;
}
