import { createLumen, type Lumen } from '../../app/create-lumen.js';
import { type Config, loadConfig, readEnvFile } from '../../config/index.js';
import { createLogger } from '../../observability/logger.js';

/** Loads configuration (with `--data-dir` taking precedence) and opens Lumen for a command. */
export async function openLumen(options: { dataDir?: string; scratchStore?: boolean }): Promise<Lumen> {
  return createLumen(commandConfig(options), {
    log: createLogger('warn'),
    ...(options.scratchStore ? { scratchStore: true } : {}),
  });
}

/** Configuration for a CLI command. */
export function commandConfig(options: { dataDir?: string }): Config {
  readEnvFile();
  return loadConfig({ ...process.env, ...(options.dataDir ? { LUMEN_DATA_DIR: options.dataDir } : {}) });
}

/** Runs a command with Lumen open and always closes it. */
export async function withLumen<T>(
  options: { dataDir?: string; scratchStore?: boolean },
  run: (lumen: Lumen) => Promise<T>,
): Promise<T> {
  const lumen = await openLumen(options);
  try {
    return await run(lumen);
  } finally {
    await lumen.close();
  }
}

/** Fails clearly when the index is empty, instead of abstaining on every question. */
export async function requireIndexed(lumen: Lumen): Promise<void> {
  const { chunks } = await lumen.index.stats();
  if (chunks === 0) {
    throw new Error(
      `the knowledge index in ${lumen.config.dataDir} is empty; run \`npm run --silent lumen -- ingest <folder> --data-dir ${lumen.config.dataDir}\` first`,
    );
  }
}
