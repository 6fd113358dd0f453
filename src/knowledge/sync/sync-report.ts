/** Which connector a sync ran. */
export type SyncSourceName = 'sharepoint' | 'confluence';

/** What one sync did, for the CLI, logs and the audit trail. */
export interface SyncReport {
  source: SyncSourceName;
  /** `full`: everything listed and what vanished removed; `incremental`: only changes. */
  mode: 'full' | 'incremental';
  /** Why a full crawl ran when an incremental one was asked for (e.g. an expired delta token). */
  fullReason?: string;
  /** Whether the sync continued from a checkpoint a stopped run left. */
  resumed: boolean;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Updated documents whose readers changed. */
  permissionChanges: number;
  chunks: number;
  skipped: { path: string; reason: string }[];
  durationMs: number;
}

/** An empty report to fill as a sync runs. */
export function emptyReport(source: SyncSourceName, mode: SyncReport['mode']): SyncReport {
  return {
    source,
    mode,
    resumed: false,
    added: 0,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    permissionChanges: 0,
    chunks: 0,
    skipped: [],
    durationMs: 0,
  };
}

/** Records a skipped item once per path (a resumed page may list it again). */
export function addSkipped(report: SyncReport, path: string, reason: string): void {
  if (report.skipped.some((s) => s.path === path)) return;
  report.skipped.push({ path, reason });
}

/** A short human summary of a sync. */
export function formatSyncReport(report: SyncReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const how =
    report.mode === 'full' ? `full sync${report.fullReason ? ` (${report.fullReason})` : ''}` : 'sync';
  const lines = [
    `${capitalize(report.source)} ${how}${report.resumed ? ', resumed from a checkpoint,' : ''} in ${seconds} s: ` +
      `${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted; ` +
      `${report.permissionChanges} permission changes; ${report.chunks} chunks written.`,
  ];
  if (report.skipped.length > 0) {
    lines.push(`Skipped ${report.skipped.length}:`);
    for (const s of report.skipped) lines.push(`  - ${s.path}: ${s.reason}`);
  }
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text === 'sharepoint' ? 'SharePoint' : text.charAt(0).toUpperCase() + text.slice(1);
}
