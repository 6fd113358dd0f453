import { runSync } from '../../../knowledge/sync/run-sync.js';
import { formatSyncReport, type SyncSourceName } from '../../../knowledge/sync/sync-report.js';
import { withLumen } from '../cli-context.js';
import { createSyncProgress } from './progress.js';

/** `lumen sync sharepoint|confluence [--full]`: one sync with a progress bar and a report. */
export async function syncCommand(
  source: SyncSourceName,
  options: { dataDir?: string; full?: boolean; json?: boolean },
): Promise<void> {
  await withLumen(options, async (lumen) => {
    const { config } = lumen;
    const progress = createSyncProgress(source);
    try {
      const report = await runSync({ ...lumen, config }, source, {
        ...(options.full ? { full: true } : {}),
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      process.stdout.write(
        options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatSyncReport(report)}\n`,
      );
    } finally {
      progress.stop();
    }
  });
}
