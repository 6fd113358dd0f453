import { describeError } from '../../core/errors.js';
import { configuredSources, runSync, SyncBusyError, type SyncDependencies } from './run-sync.js';
import { formatSyncReport } from './sync-report.js';

/** A running schedule. */
export interface SyncSchedule {
  /** Resolves once the sync in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Syncs every configured source every `intervalMinutes`, one after another. A tick that
 * finds another replica syncing skips that source; a failed sync is logged and retried at
 * the next tick, from its checkpoint.
 */
export function startSyncSchedule(deps: SyncDependencies, intervalMinutes: number): SyncSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      for (const source of configuredSources(deps.config)) {
        if (stopped) return;
        try {
          const report = await runSync(deps, source);
          deps.log.info('scheduled sync finished', {
            source,
            summary: formatSyncReport(report).split('\n')[0],
          });
        } catch (error) {
          if (error instanceof SyncBusyError)
            deps.log.info('scheduled sync skipped: another process is syncing', { source });
          else deps.log.error('scheduled sync failed', { source, error: describeError(error) });
        }
      }
    })().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMinutes * 60_000);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
