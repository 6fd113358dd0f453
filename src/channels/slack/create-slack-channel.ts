import { App, type Logger as BoltLogger, ExpressReceiver, LogLevel, type webApi } from '@slack/bolt';
import { Router } from 'express';
import { DEFAULT_PROGRESS_AFTER_MS, type SlackConfig } from '../../config/slack.js';
import { type Logger, systemClock } from '../../core/ports.js';
import { SlackAnswerStream } from './answer-stream.js';
import { SlackDirectory } from './directory.js';
import { slackEnvelopeGuard } from './envelope-guard.js';
import { registerActions } from './handle-actions.js';
import { registerCommand } from './handle-command.js';
import { registerHome } from './handle-home.js';
import { logListenerErrors, registerMessages } from './handle-messages.js';
import type { SlackChannelOptions, SlackDeps } from './options.js';
import { Pacer } from './pacer.js';
import { SlackPoster } from './poster.js';
import { ThreadMemory } from './thread-memory.js';

/** Where Slack sends events, interactivity and slash commands in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The running Slack channel. */
export interface SlackChannel {
  app: App;
  /** HTTP mode: mount on the main server; absent in Socket Mode. */
  router?: Router;
  /** Connects Socket Mode (HTTP mode needs nothing: Slack calls us). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Web API client settings: the configured base URL, and retries that honour `Retry-After`
 * on 429 without waiting half an hour.
 */
export function slackClientOptions(config: SlackConfig, logger?: BoltLogger): webApi.WebClientOptions {
  return {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 5, factor: 2, minTimeout: 250, maxTimeout: 30_000, randomize: true },
    ...(logger ? { logger } : {}),
  };
}

/**
 * The Slack channel on the real Bolt app: HTTP mode (signed requests at `POST /slack/events`,
 * acknowledged at once and processed after) or Socket Mode when an app token is configured.
 */
export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const { config } = options;
  const logger = toBoltLogger(options.log);
  const clientOptions = { ...slackClientOptions(config, logger), ...options.clientOptions };
  const clock = options.clock ?? systemClock;
  let router: Router | undefined;
  let app: App;
  if (config.appToken) {
    app = new App({
      token: config.botToken,
      appToken: config.appToken,
      socketMode: true,
      clientOptions,
      // The Socket Mode client opens its connection through the same Web API base.
      installerOptions: { clientOptions },
      logger,
    });
  } else {
    router = Router();
    router.post(
      SLACK_EVENTS_PATH,
      slackEnvelopeGuard(() => clock.now().getTime()),
    );
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret!,
      endpoints: SLACK_EVENTS_PATH,
      processBeforeResponse: false,
      router,
      logger,
    });
    app = new App({ token: config.botToken, receiver, clientOptions, logger });
  }

  const poster = new SlackPoster(app.client, new Pacer(config.postIntervalMs), options.log, config.publicUrl);
  let streaming = config.streaming;
  const deps: SlackDeps = {
    config,
    copilot: options.copilot,
    processedEvents: options.processedEvents,
    log: options.log,
    clock,
    poster,
    directory: new SlackDirectory(app.client, options.log, config.userGroups ?? {}),
    threads: new ThreadMemory(options.turns),
    openStream: (place, userId, hooks) =>
      new SlackAnswerStream(poster, place, {
        mode: streaming,
        intervalMs: config.updateIntervalMs,
        progressAfterMs: config.progressAfterMs ?? DEFAULT_PROGRESS_AFTER_MS,
        ...(hooks ? { setStatus: (status: string) => hooks.setStatus(status) } : {}),
        userId,
        log: options.log,
        onNativeUnavailable: () => {
          streaming = 'update';
        },
      }),
  };
  let started = false;
  registerMessages(app, deps);
  registerActions(app, deps);
  registerCommand(app, deps);
  registerHome(app, deps);
  logListenerErrors(app, options.log);

  return {
    app,
    ...(router ? { router } : {}),
    async start() {
      if (!config.appToken || started) return;
      await app.start();
      started = true;
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}

/** Bolt's logger interface over Lumen's; Bolt's debug chatter is dropped. */
function toBoltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => log.info(msg.map(String).join(' '), { source: 'bolt' }),
    warn: (...msg: unknown[]) => log.warn(msg.map(String).join(' '), { source: 'bolt' }),
    error: (...msg: unknown[]) => log.error(msg.map(String).join(' '), { source: 'bolt' }),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
