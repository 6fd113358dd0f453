import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLumen, type Lumen } from './app.js';
import { createWebChannel, type DemoPersona } from './channels/web/index.js';
import type { Config } from './config.js';
import { CampaignRunner } from './core/campaigns/campaign-runner.js';
import { CampaignScheduler } from './core/campaigns/campaign-scheduler.js';
import type { Logger } from './core/ports.js';
import { silentLogger } from './core/ports.js';
import { describeError } from './errors.js';
import type { IngestProgress, IngestSummary } from './knowledge/ingest.js';
import { ingestFolder } from './knowledge/ingest-folder.js';

/** Made-up people for trying permission filtering on the sample knowledge base. */
export const DEMO_PERSONAS: DemoPersona[] = [
  { id: 'alex', name: 'Alex Rivera (employee)', email: 'alex.rivera@brightwater.example', groups: [] },
  {
    id: 'morgan',
    name: 'Morgan Lee (manager)',
    email: 'morgan.lee@brightwater.example',
    groups: ['managers'],
  },
  {
    id: 'harper',
    name: 'Harper Quinn (HR)',
    email: 'harper.quinn@brightwater.example',
    groups: ['hr', 'managers'],
  },
];

export interface StartOptions {
  log?: Logger;
  /** Called as the knowledge folder is indexed at start. */
  onIngestProgress?: (progress: IngestProgress) => void;
  onIngested?: (summary: IngestSummary) => void;
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

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.status(state === 'ready' ? 200 : 503).json({ status: state });
  });
  app.use('/api', (_req, res, next) => {
    if (state === 'ready') return next();
    res
      .status(503)
      .json({ error: { code: 'starting', message: 'Lumen is still starting. Try again in a moment.' } });
  });
  app.use(
    createWebChannel({
      copilot: lumen.copilot,
      outbox: lumen.store.outbox,
      knowledgeRoot: config.knowledgeDir,
      findDocument: (path) => lumen.index.getDocument(`folder:${path}`),
      identityMode: config.webIdentity,
      demoPersonas: DEMO_PERSONAS,
      clock: lumen.clock,
      log: (level, message, fields) => (level === 'debug' ? undefined : log[level](message, fields)),
    }),
  );

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
        ...(options.onIngestProgress ? { onProgress: options.onIngestProgress } : {}),
      });
      options.onIngested?.(summary);
    }
    lumen.index.warm();
    state = 'ready';
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await ready.catch(() => undefined);
      await nudges.stop();
      await lumen.close();
    },
  };
}

function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    server.once('error', reject);
  });
}
