import type { Router } from 'express';
import { silentLogger, systemClock } from '../../core/ports.js';
import { createTeamsAdapter, type TeamsAdapter } from './create-adapter.js';
import { LumenTeamsBot } from './lumen-bot.js';
import { TeamsMemberDirectory } from './member-directory.js';
import { DEFAULT_STREAMING, DEFAULT_TEAMS_MAX_BODY_BYTES, type TeamsChannelOptions } from './options.js';
import { createTeamsRoutes } from './routes.js';
import { DEFAULT_RETRY_POLICY } from './send-with-retry.js';
import { TeamsMessenger } from './teams-messenger.js';

/** The Teams channel: its HTTP route, the proactive messenger and the adapter under both. */
export interface TeamsChannel {
  router: Router;
  messenger: TeamsMessenger;
  teams: TeamsAdapter;
}

/** Wires the CloudAdapter, the bot and the messenger from one set of options. */
export function createTeamsChannel(options: TeamsChannelOptions): TeamsChannel {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const render = options.publicUrl ? { publicUrl: options.publicUrl } : {};
  const teams =
    options.teams ??
    createTeamsAdapter({
      settings: options.settings,
      ...(options.openIdMetadataUrl ? { openIdMetadataUrl: options.openIdMetadataUrl } : {}),
      ...(options.credentialsFactory ? { credentialsFactory: options.credentialsFactory } : {}),
    });
  const bot = new LumenTeamsBot({
    copilot: options.copilot,
    store: options.store,
    clock,
    log,
    render,
    streaming: { ...DEFAULT_STREAMING, ...options.streaming },
    retry,
    isReady: options.isReady ?? (() => true),
    appId: options.settings.appId ?? '',
    members: new TeamsMemberDirectory(clock, log),
  });
  const messenger = new TeamsMessenger({
    adapter: teams.adapter,
    appId: options.settings.appId ?? '',
    store: options.store,
    clock,
    log,
    render,
    retry,
  });
  const router = createTeamsRoutes({
    teams,
    bot,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_TEAMS_MAX_BODY_BYTES,
    log,
    ...(options.settings.tenantId ? { tenantId: options.settings.tenantId } : {}),
  });
  return { router, messenger, teams };
}
