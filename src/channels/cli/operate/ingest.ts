import { resolve } from 'node:path';
import { ingestFolder } from '../../../knowledge/ingest-folder.js';
import { withLumen } from '../cli-context.js';
import { createIngestProgress, formatIngestSummary } from './progress.js';

/** `lumen ingest <folder>`: index a folder with a progress bar and a summary. */
export async function ingestCommand(
  folder: string,
  options: { dataDir?: string; json?: boolean },
): Promise<void> {
  await withLumen(options, async (lumen) => {
    const progress = createIngestProgress();
    const summary = await ingestFolder(lumen.index, resolve(folder), {
      limits: lumen.config.fileLimits,
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    else process.stdout.write(`${formatIngestSummary(summary)}\n`);
  });
}
