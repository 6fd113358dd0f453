export { applyChanges, type ChangeBatch, removeOutside, removeUnlisted } from './apply-changes.js';
export { checkConnectors } from './check-connectors.js';
export { type ConfluenceSyncOptions, type SpaceSyncState, syncConfluence } from './confluence-sync.js';
export {
  type ConfluenceConfig,
  type ConnectorConfig,
  loadConnectorConfig,
  type SharePointConfig,
} from './connector-config.js';
export { createConfluenceSource, createGroupResolver, createSharePointSource } from './create-sources.js';
export { type RetryPolicy, realSleep, retryDelayMs, type Sleep } from './retry-after.js';
export { configuredSources, runSync, SyncBusyError, type SyncDependencies } from './run-sync.js';
export {
  type DriveSyncState,
  type SharePointSyncOptions,
  type SyncProgress,
  syncSharePoint,
} from './sharepoint-sync.js';
export { emptyReport, formatSyncReport, type SyncReport, type SyncSourceName } from './sync-report.js';
export { type SyncSchedule, startSyncSchedule } from './sync-schedule.js';
