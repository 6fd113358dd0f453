import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { exportRecords } from '../src/core/admin/feedback-export.js';
import { openStore } from '../src/store/index.js';
import { seedFeedbackRows } from '../test/helpers/seed-feedback.js';
import { heading, report } from './stats.js';

const ROWS = 100_000;

/**
 * Exports 100,000 rated answers from a SQLite store to a file, as CSV, JSONL and pseudonymized
 * CSV: rows per second and the process's peak memory while exporting. V8 collects lazily, so
 * heap growth here is not a bound; `node --max-old-space-size=32 --import tsx bench/export.ts`
 * shows the export completing in a small fixed heap.
 */
export async function benchExport(): Promise<void> {
  heading(`Feedback export (${ROWS.toLocaleString('en')} rows, SQLite store, to a file)`);
  const dir = mkdtempSync(join(tmpdir(), 'lumen-bench-export-'));
  try {
    const sqlitePath = join(dir, 'lumen.db');
    await seedFeedbackRows(sqlitePath, ROWS);
    const store = await openStore({ sqlitePath });
    try {
      for (const [label, format, pseudonymize] of [
        ['CSV', 'csv', false],
        ['JSONL', 'jsonl', false],
        ['CSV, pseudonymized', 'csv', true],
      ] as const) {
        globalThis.gc?.();
        const baseline = process.memoryUsage().rss;
        const heapBaseline = process.memoryUsage().heapUsed;
        let peak = baseline;
        let heapPeak = heapBaseline;
        const sampler = setInterval(() => {
          const m = process.memoryUsage();
          peak = Math.max(peak, m.rss);
          heapPeak = Math.max(heapPeak, m.heapUsed);
        }, 20);
        const out = join(dir, `export.${format}`);
        const started = performance.now();
        await pipeline(
          Readable.from(
            exportRecords(store, {
              format,
              range: {},
              ...(pseudonymize ? { pseudonymize: { secret: 'bench-secret-0123' } } : {}),
            }),
          ),
          createWriteStream(out),
        );
        const seconds = (performance.now() - started) / 1000;
        clearInterval(sampler);
        const m = process.memoryUsage();
        peak = Math.max(peak, m.rss);
        heapPeak = Math.max(heapPeak, m.heapUsed);
        report(
          label,
          `${Math.round(ROWS / seconds).toLocaleString('en')} rows/s (${seconds.toFixed(2)} s, ${(statSync(out).size / 1e6).toFixed(0)} MB), peak RSS ${(peak / 1e6).toFixed(0)} MB (+${((peak - baseline) / 1e6).toFixed(0)} MB), peak heap ${(heapPeak / 1e6).toFixed(0)} MB (+${((heapPeak - heapBaseline) / 1e6).toFixed(0)} MB)`,
        );
      }
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchExport();
