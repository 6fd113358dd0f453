import { benchCoreOverhead } from './core-overhead.js';
import { benchIndexLatency } from './index-latency.js';
import { benchIngest } from './ingest-throughput.js';
import { benchLessons } from './lessons.js';
import { benchQuality } from './quality.js';

/** `npm run bench`: every benchmark in turn, printing its figures. */
const started = performance.now();
console.log(`Lumen benchmarks on Node ${process.version}, ${new Date().toISOString()}`);
await benchIndexLatency();
await benchIngest();
await benchCoreOverhead();
await benchQuality();
await benchLessons();
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
