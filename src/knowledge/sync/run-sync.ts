import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { ConfigError, LumenError } from '../../core/errors.js';
import type { Clock, KnowledgeIndex, Logger, Store } from '../../core/ports.js';
import type { ConfluenceSource } from '../sources/confluence/confluence-source.js';
import type { SharePointSource } from '../sources/sharepoint/sharepoint-source.js';
import { syncConfluence } from './confluence-sync.js';
import type { ConnectorConfig } from './connector-config.js';
import { createConfluenceSource, createSharePointSource } from './create-sources.js';
import { type SyncProgress, syncSharePoint } from './sharepoint-sync.js';
import type { SyncReport, SyncSourceName } from './sync-report.js';

/** Another process holds the sync lease for this source. */
export class SyncBusyError extends LumenError {
  constructor(source: SyncSourceName) {
    super('sync.busy', `A ${source} sync is already running in another process; try again when it finishes.`);
  }
}

/** What running a sync needs; sources default to ones built from the configuration. */
export interface SyncDependencies {
  config: ConnectorConfig;
  index: KnowledgeIndex;
  store: Store;
  clock: Clock;
  log: Logger;
  sharepoint?: SharePointSource;
  confluence?: ConfluenceSource;
  /** How long a lease lasts without renewal (default 10 minutes); renewed at a third of it. */
  leaseMs?: number;
}

/** The sources the configuration enables. */
export function configuredSources(config: ConnectorConfig): SyncSourceName[] {
  return [
    ...(config.sharepoint ? ['sharepoint' as const] : []),
    ...(config.confluence ? ['confluence' as const] : []),
  ];
}

/**
 * Runs one source's sync while holding its lease in the store, so only one process (of
 * several replicas, or a CLI run beside the server) syncs a source at a time. The lease is
 * renewed while the sync runs and released after; a crashed holder's lease expires and
 * the next sync resumes from the checkpoint. The report is written to the audit trail.
 */
export async function runSync(
  deps: SyncDependencies,
  source: SyncSourceName,
  options: { full?: boolean; onProgress?: (progress: SyncProgress) => void } = {},
): Promise<SyncReport> {
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const lease = `sync:${source}`;
  const holder = `${hostname()}:${process.pid}:${randomUUID()}`;
  const repository = deps.store.sourceSync;
  if (!(await repository.acquireLease(lease, holder, deps.clock.now(), leaseMs)))
    throw new SyncBusyError(source);
  const renew = setInterval(() => {
    repository.acquireLease(lease, holder, deps.clock.now(), leaseMs).then(
      (held) => {
        if (!held) deps.log.error('sync lease lost to another process', { source });
      },
      (error: unknown) => deps.log.warn('sync lease renewal failed', { source, error: String(error) }),
    );
  }, leaseMs / 3);
  renew.unref();
  try {
    const report = await runSource(deps, source, options);
    await deps.store.audit.append({
      id: randomUUID(),
      at: deps.clock.now(),
      actor: 'system',
      action: 'knowledge.synced',
      subject: source,
      details: { ...report, skipped: report.skipped.length },
    });
    return report;
  } finally {
    clearInterval(renew);
    await repository.releaseLease(lease, holder);
  }
}

async function runSource(
  deps: SyncDependencies,
  source: SyncSourceName,
  options: { full?: boolean; onProgress?: (progress: SyncProgress) => void },
): Promise<SyncReport> {
  const common = {
    index: deps.index,
    state: deps.store.sourceSync,
    clock: deps.clock,
    ...(options.full ? { full: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(deps.config.fileLimits ? { limits: deps.config.fileLimits } : {}),
  };
  if (source === 'sharepoint') {
    const config = deps.config.sharepoint;
    if (!config)
      throw notConfigured(
        'SharePoint',
        'SHAREPOINT_TENANT_ID, SHAREPOINT_CLIENT_ID, SHAREPOINT_CLIENT_SECRET and SHAREPOINT_SITES',
      );
    return syncSharePoint({
      ...common,
      source: deps.sharepoint ?? createSharePointSource(config),
      sites: config.sites,
    });
  }
  const config = deps.config.confluence;
  if (!config)
    throw notConfigured(
      'Confluence',
      'CONFLUENCE_BASE_URL, CONFLUENCE_SPACES and CONFLUENCE_EMAIL + CONFLUENCE_API_TOKEN or CONFLUENCE_PAT',
    );
  return syncConfluence({
    ...common,
    source: deps.confluence ?? createConfluenceSource(config),
    spaces: config.spaces,
    ...(config.attachments ? { attachments: true } : {}),
  });
}

function notConfigured(name: string, settings: string): ConfigError {
  return new ConfigError(`${name} is not configured. Set ${settings}.`);
}
