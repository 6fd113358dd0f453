import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createTeamsChannel } from '../channels/teams/index.js';
import { createAdminRoutes } from '../channels/web/admin/index.js';
import { OidcSignIn } from '../channels/web/admin/oidc-sign-in.js';
import { secureCookiesFor } from '../channels/web/cookie-security.js';
import { handleErrors, notFound } from '../channels/web/error-handler.js';
import { createWebChannel, type DemoPersona, type WebLog } from '../channels/web/index.js';
import { createLegalRoutes } from '../channels/web/legal-pages.js';
import { createQueueCallbackRoutes } from '../channels/webhook/routes-queue-callback.js';
import type { Config } from '../config/index.js';
import { pseudonymSecret } from '../config/secrets.js';
import { CampaignDesk } from '../core/campaigns/campaign-desk.js';
import { CampaignRunner } from '../core/campaigns/campaign-runner.js';
import { CampaignScheduler } from '../core/campaigns/campaign-scheduler.js';
import { ConfigError, describeError } from '../core/errors.js';
import { createExampleQuestions } from '../core/example-questions.js';
import { AuditTrail } from '../core/governance/audit.js';
import type { Logger } from '../core/ports.js';
import { silentLogger } from '../core/ports.js';
import { apologiseForInterruptedTurns } from '../core/turn-journal.js';
import type { IngestProgress, IngestSummary } from '../knowledge/ingest.js';
import { ingestFolder } from '../knowledge/ingest-folder.js';
import { createLumen, type Lumen } from './create-lumen.js';

/** How often unclaimed escalations are checked against their SLA. */
const SLA_INTERVAL_MS = 60_000;

/** Made-up people for trying permission filtering on the sample knowledge base. */
export const DEMO_PERSONAS: DemoPersona[] = [
  { id: 'alex', name: 'Alex Rivera', email: 'alex.rivera@brightwater.example', groups: [] },
  {
    id: 'morgan',
    name: 'Morgan Lee',
    email: 'morgan.lee@brightwater.example',
    groups: ['managers'],
  },
  {
    id: 'harper',
    name: 'Harper Quinn',
    email: 'harper.quinn@brightwater.example',
    groups: ['hr', 'managers'],
  },
];

export interface StartOptions {
  log?: Logger;
  /** Called as the knowledge folder is indexed at start. */
  onIngestProgress?: (progress: IngestProgress) => void;
  onIngested?: (summary: IngestSummary) => void;
  /** How long closing waits for turns being answered (default 10 s). */
  shutdownGraceMs?: number;
}

/** A running Lumen server. */
export interface RunningLumen {
  url: string;
  lumen: Lumen;
  /** Resolves once the knowledge base is indexed and questions can be taken. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server at once (so `/healthz` can say "starting"), indexes the knowledge
 * folder, then takes questions. `/healthz` answers 200 only when ready.
 */
export async function startLumen(config: Config, options: StartOptions = {}): Promise<RunningLumen> {
  const log = options.log ?? silentLogger;
  const lumen = await createLumen(config, { log });
  let state: 'starting' | 'ready' | 'failed' = 'starting';
  let stopping = false;
  let purgeTimer: NodeJS.Timeout | undefined;
  let slaTimer: NodeJS.Timeout | undefined;
  let interruptedTimer: NodeJS.Timeout | undefined;
  let schedule: { stop(): Promise<void> } | undefined;

  const app = express();
  const webLog: WebLog = (level, message, fields) =>
    level === 'debug' ? undefined : log[level](message, fields);
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy: the client's address and scheme come from the proxies named here only.
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  app.use(secureCookiesFor(config.publicUrl));
  app.get('/healthz', (_req, res) => {
    res.status(state === 'ready' ? 200 : 503).json({ status: state });
  });
  // Liveness: the process answers. Readiness: it can take questions and its backends respond.
  app.get('/livez', (_req, res) => {
    res.json({ status: 'alive' });
  });
  app.get('/readyz', async (_req, res) => {
    if (state !== 'ready' || stopping) {
      res.status(503).json({ status: stopping ? 'stopping' : state });
      return;
    }
    const checks = await lumen.checks();
    const ok = checks.every((check) => check.ok);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'degraded',
      checks: checks.map(({ name, ok: healthy }) => ({ name, ok: healthy })),
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type('text/plain; version=0.0.4').send(await lumen.copilot.metrics.render());
  });
  app.use(
    createLegalRoutes({ ...config.legalPages, retention: config.retention, log: (m, f) => log.warn(m, f) }),
  );
  // Teams is served while indexing too: Bot Framework does not reliably redeliver after a
  // 503, so questions get a "still starting" reply instead, and installs and feedback work.
  app.use(
    createTeamsChannel({
      copilot: lumen.copilot,
      store: lumen.store,
      settings: config.teams ?? { appType: 'SingleTenant' },
      teams: await lumen.teams(),
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      clock: lumen.clock,
      log,
      isReady: () => state === 'ready',
    }).router,
  );
  if (!config.teams?.appId) {
    log.warn(
      'TEAMS ENDPOINT UNAUTHENTICATED: MICROSOFT_APP_ID is not set, so POST /api/messages accepts unsigned requests from this machine only: not relayed by a proxy (Forwarded, X-Forwarded-For, X-Real-IP), with a serviceUrl on this machine, and nobody calling it gets admin rights. Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID before connecting Teams.',
    );
  }
  if (config.databaseUrl && !config.auditKey) {
    log.warn(
      "AUDIT KEY IN DATA DIRECTORY: LUMEN_AUDIT_KEY is not set, so the audit chain is keyed with audit.key in this replica's data directory. Replicas sharing PostgreSQL need the same key: set LUMEN_AUDIT_KEY on every replica (from a secret store).",
    );
  }
  app.use('/api', (_req, res, next) => {
    if (state === 'ready') return next();
    res
      .status(503)
      .json({ error: { code: 'starting', message: 'Lumen is still starting. Try again in a moment.' } });
  });
  const slack = config.slack ? await createSlack(lumen, config.slack, log) : undefined;
  if (slack?.router) {
    // Slack retries a 503 later, so events that arrive while indexing are not lost.
    app.use('/slack', (_req, res, next) => (state === 'ready' ? next() : void res.status(503).end()));
    app.use(slack.router);
  }
  if (config.escalation?.webhookSecret) {
    app.use(
      createQueueCallbackRoutes({
        desk: lumen.copilot.escalations,
        secret: config.escalation.webhookSecret,
        processedEvents: lumen.store.processedEvents,
        clock: lumen.clock,
        log: (message, fields) => log.error(message, fields),
      }),
    );
  }
  app.use(
    createAdminRoutes({
      copilot: lumen.copilot,
      store: lumen.store,
      ...(config.adminToken ? { adminToken: config.adminToken } : {}),
      ...(config.adminOidc ? { oidc: new OidcSignIn(config.adminOidc) } : {}),
      admins: config.admins,
      pseudonymSecret: () => pseudonymSecret(config),
      campaigns: {
        desk: new CampaignDesk(lumen.store, lumen.lessons, lumen.messenger, lumen.clock, log),
        lessons: lumen.lessons,
      },
      clock: lumen.clock,
      log: webLog,
    }),
  );
  app.use(
    createWebChannel({
      copilot: lumen.copilot,
      outbox: lumen.store.outbox,
      knowledgeRoot: config.knowledgeDir,
      findDocument: (path) => lumen.index.getDocument(`folder:${path}`),
      exampleQuestions: createExampleQuestions(lumen.index, lumen.clock),
      findCurated: (id) => lumen.store.curated.get(id),
      identityMode: config.webIdentity,
      demoPersonas: DEMO_PERSONAS,
      clock: lumen.clock,
      log: webLog,
    }),
  );

  // Last: whatever no route took, and errors from any router, answered as JSON.
  app.use(notFound());
  app.use(handleErrors(webLog));

  const nudges = new CampaignScheduler(
    new CampaignRunner({
      store: lumen.store,
      messenger: lumen.messenger,
      lessons: lumen.lessons,
      clock: lumen.clock,
      log,
    }),
    log,
  );
  const server = await listen(app, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  const ready = (async () => {
    if (config.ingestOnStart) {
      const summary = await ingestFolder(lumen.index, config.knowledgeDir, {
        limits: config.fileLimits,
        ...(options.onIngestProgress ? { onProgress: options.onIngestProgress } : {}),
      });
      options.onIngested?.(summary);
    }
    lumen.index.warm?.();
    purgeTimer = scheduleDaily(() =>
      lumen.privacy
        .purge()
        .catch((error) => log.error('retention purge failed', { error: describeError(error) })),
    );
    // Socket Mode connects once questions can be answered (HTTP mode answers 503 until then).
    await slack?.start();
    state = 'ready';
    slaTimer = setInterval(() => {
      lumen.copilot.sla
        .run()
        .catch((error) => log.error('escalation SLA pass failed', { error: describeError(error) }));
    }, SLA_INTERVAL_MS);
    slaTimer.unref();
    const apologise = () =>
      apologiseForInterruptedTurns({
        journal: lumen.store.turnJournal,
        messenger: lumen.messenger,
        audit: new AuditTrail(lumen.store.audit, lumen.clock, log),
        clock: lumen.clock,
        log,
        interruptedAfterMs: config.interruptedTurnSeconds * 1000,
      }).catch((error) => log.error('interrupted-turn pass failed', { error: describeError(error) }));
    void apologise();
    interruptedTimer = setInterval(apologise, Math.min(SLA_INTERVAL_MS, config.interruptedTurnSeconds * 500));
    interruptedTimer.unref();
    if (config.syncIntervalMinutes) {
      const { startSyncSchedule } = await import('../knowledge/sync/sync-schedule.js');
      schedule = startSyncSchedule({ ...lumen, config }, config.syncIntervalMinutes);
    }
    nudges.start();
  })().catch((error) => {
    state = 'failed';
    log.error('start-up indexing failed', { error: describeError(error) });
    throw error;
  });

  return {
    url,
    lumen,
    ready,
    async close() {
      // Stop taking requests, let turns already being answered finish, then close.
      stopping = true;
      clearInterval(purgeTimer);
      clearInterval(slaTimer);
      clearInterval(interruptedTimer);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await lumen.copilot.drain(options.shutdownGraceMs ?? 10_000);
      if (!drained) log.warn('shutting down with turns still in flight', { turns: lumen.copilot.inFlight() });
      server.closeAllConnections();
      await closed;
      await slack?.stop();
      await ready.catch(() => undefined);
      await schedule?.stop();
      await nudges.stop();
      await lumen.close();
    },
  };
}

/** Builds the Slack channel on Lumen's core when configured. */
async function createSlack(lumen: Lumen, slack: NonNullable<Config['slack']>, log: Logger) {
  const { createSlackChannel } = await import('../channels/slack/index.js');
  const channel = createSlackChannel({
    config: slack,
    copilot: lumen.copilot,
    turns: lumen.store.turns,
    processedEvents: lumen.store.processedEvents,
    log,
    clock: lumen.clock,
  });
  return channel;
}

/** Runs `task` now and then every day, without keeping the process alive for it. */
function scheduleDaily(task: () => Promise<unknown>): NodeJS.Timeout {
  void task();
  const timer = setInterval(() => void task(), 24 * 60 * 60 * 1000);
  timer.unref();
  return timer;
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error && 'code' in error ? portError(error, port, host) : error);
    const server = app.listen(port, host, (error?: Error) => (error ? fail(error) : resolve(server)));
    server.once('error', fail);
  });
}

/** A listen failure an operator can act on: which setting moves Lumen to another port. */
function portError(error: Error & { code?: unknown }, port: number, host: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new ConfigError(
      `port ${port} on ${host} is already in use by another program. Stop it, or set PORT to a free port (for example PORT=${port + 1}).`,
      { cause: error },
    );
  }
  if (error.code === 'EACCES') {
    return new ConfigError(
      `port ${port} on ${host} needs privileges this process does not have. Set PORT to a port above 1023.`,
      { cause: error },
    );
  }
  return error;
}
