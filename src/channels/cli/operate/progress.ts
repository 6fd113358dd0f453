import { SingleBar } from 'cli-progress';
import type { IngestProgress, IngestSummary } from '../../../knowledge/ingest.js';
import type { RefusalKind } from '../../../knowledge/refused-file.js';
import type { SyncProgress } from '../../../knowledge/sync/sharepoint-sync.js';

/** Shows ingestion progress: a bar on a terminal, a line every 10% otherwise. */
export function createIngestProgress(out: NodeJS.WriteStream = process.stderr) {
  let bar: SingleBar | undefined;
  let lastDecile = -1;
  return {
    update(progress: IngestProgress) {
      if (out.isTTY) {
        if (!bar) {
          bar = new SingleBar({
            stream: out,
            format: 'Indexing {bar} {value}/{total} documents  {current}',
            hideCursor: true,
            clearOnComplete: true,
          });
          bar.start(progress.total, 0, { current: '' });
        }
        bar.update(progress.done, { current: progress.current.slice(-50) });
        return;
      }
      const decile = Math.floor((progress.done / Math.max(1, progress.total)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        out.write(`Indexing: ${progress.done}/${progress.total} documents\n`);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

const REFUSAL_LABELS: Record<RefusalKind, string> = {
  link: 'links out of the folder or to folders',
  'special-file': 'devices, FIFOs or sockets',
  permissions: 'unclear permission declarations',
  'too-large': 'over a size limit',
  'not-text': 'not text',
};

/** A short human summary of an ingestion run. */
export function formatIngestSummary(summary: IngestSummary): string {
  const lines = [
    `Indexed ${summary.documents} documents in ${(summary.durationMs / 1000).toFixed(1)} s: ` +
      `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} removed; ` +
      `${summary.chunks} chunks written.`,
  ];
  const refused = Object.entries(summary.refused)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} ${REFUSAL_LABELS[kind as RefusalKind]}`);
  if (refused.length > 0) lines.push(`Refused on purpose: ${refused.join(', ')}.`);
  if (summary.skipped.length > 0) {
    lines.push(`Skipped ${summary.skipped.length}:`);
    for (const s of summary.skipped) lines.push(`  - ${s.path}: ${s.reason}`);
  }
  return lines.join('\n');
}

/**
 * Shows sync progress: a source's change count is unknown until it is read, so a terminal
 * gets a running counter and other outputs a line every 100 documents.
 */
export function createSyncProgress(source: string, out: NodeJS.WriteStream = process.stderr) {
  let bar: SingleBar | undefined;
  return {
    update(progress: SyncProgress) {
      if (out.isTTY) {
        if (!bar) {
          bar = new SingleBar({
            stream: out,
            format: `Syncing ${source}: {value} documents  {current}`,
            hideCursor: true,
            clearOnComplete: true,
          });
          bar.start(0, 0, { current: '' });
        }
        bar.setTotal(progress.done);
        bar.update(progress.done, { current: progress.current.slice(-50) });
        return;
      }
      if (progress.done % 100 === 0) out.write(`Syncing ${source}: ${progress.done} documents\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
