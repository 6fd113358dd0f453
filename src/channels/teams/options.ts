import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { TeamsSettings } from '../../config/index.js';
import type { Copilot } from '../../core/copilot.js';
import type { Clock, Logger, Store } from '../../core/ports.js';
import type { TeamsAdapter } from './create-adapter.js';
import type { TeamsStreamingOptions } from './lumen-bot.js';
import type { RetryPolicy } from './send-with-retry.js';

/** Everything the Teams channel needs; only `copilot`, `store` and `settings` are required. */
export interface TeamsChannelOptions {
  copilot: Copilot;
  store: Store;
  settings: TeamsSettings;
  /** Base URL for relative citation links. */
  publicUrl?: string;
  clock?: Clock;
  log?: Logger;
  /** Largest activity accepted, in bytes; larger ones get 413. */
  maxBodyBytes?: number;
  streaming?: Partial<TeamsStreamingOptions>;
  retry?: Partial<RetryPolicy>;
  /** False while Lumen is still indexing: questions get a "starting" notice instead of an answer. */
  isReady?: () => boolean;
  /** Bot Connector signing keys' OpenID metadata (sovereign clouds, tests). */
  openIdMetadataUrl?: string;
  /** Outbound credentials; built from `settings` when absent. */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** An adapter already built (shared with the proactive messenger); built from `settings` when absent. */
  teams?: TeamsAdapter;
}

export const DEFAULT_TEAMS_MAX_BODY_BYTES = 256 * 1024;

export const DEFAULT_STREAMING: TeamsStreamingOptions = {
  enabled: true,
  minIntervalMs: 1500,
  progressAfterMs: 40,
  informativeText: 'Looking through the documents…',
  // A model's first words usually come within a second; shown sooner, the line would hold them back 1.5 s.
  informAfterMs: 1000,
};
