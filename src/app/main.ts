import { createIngestProgress, formatIngestSummary } from '../channels/cli/operate/progress.js';
import { loadConfig, readEnvFile } from '../config/index.js';
import { describeError, LumenError } from '../core/errors.js';
import { companyRecognizers, createPiiMasker } from '../core/governance/pii.js';
import { createLogger } from '../observability/logger.js';
import { startTracing } from '../observability/tracing.js';
import { startLumen } from './start-lumen.js';

/** `npm start`: index the knowledge folder (first run) and serve the web chat and channels. */
async function main(): Promise<void> {
  readEnvFile();
  const config = loadConfig(process.env);
  const stopTracing = await startTracing();
  const pii = createPiiMasker(companyRecognizers(config.piiPatterns));
  const log = createLogger(config.logLevel, process.stderr, pii.mask);
  const progress = createIngestProgress();
  const running = await startLumen(config, {
    log,
    onIngestProgress: (p) => progress.update(p),
    onIngested: (summary) => {
      progress.stop();
      process.stderr.write(`${formatIngestSummary(summary)}\n`);
    },
  });
  process.stderr.write(`Knowledge: ${config.knowledgeDir}\nData: ${config.dataDir}\n`);
  await running.ready;
  process.stdout.write(`\nLumen is ready. Open the web chat at ${running.url}\n\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await running.close();
    await stopTracing();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof LumenError && error.code === 'config.invalid' ? error.message : describeError(error);
  process.stderr.write(`error when starting Lumen: ${message}\n`);
  process.exit(1);
});
