import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchConnectors } from './connectors.js';
import { benchCoreOverhead } from './core-overhead.js';
import { benchExport } from './export.js';
import { benchIndexLatency } from './index-latency.js';
import { benchIngest } from './ingest-throughput.js';
import { benchLessons } from './lessons.js';
import { benchQuality } from './quality.js';
import { benchStartup } from './startup.js';
import { benchTeams } from './teams.js';

/** Runs a benchmark script on its own, as `npx tsx bench/<name>.ts` would, printing what it prints. */
function runScript(name: string): void {
  console.log('');
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit' });
  if (result.status !== 0) console.log(`  (bench/${name}.ts exited with ${result.status})`);
}

/** `npm run bench`: every benchmark in turn, printing its figures. */
const started = performance.now();
console.log(`Lumen benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
await benchStartup();
await benchIndexLatency();
await benchIngest();
await benchCoreOverhead();
await benchQuality();
runScript('calibrate-evidence');
await benchTeams();
runScript('slack');
runScript('chat-latency');
runScript('azure');
runScript('load');
await benchExport();
await benchConnectors();
await benchLessons();
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
