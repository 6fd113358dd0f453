/**
 * Start-up benchmark: `npx tsx bench/startup.ts [runs]` (also part of `npm run bench`).
 *
 * Side by side in one run, each a fresh process as a person or a scheduler starts it: bare
 * `node -e 0`, `lumen --help`, a one-shot `lumen ask` on the sample index, and the server
 * from its start to /healthz = 200 with that index already built. All run the compiled
 * output (`bin/lumen.js`, `dist/bundle/main.js`), built first when the sources are newer. The
 * runs are interleaved so that a busy moment on the machine hits every command alike;
 * each figure is the median of the runs. Last, the time a one-shot `ask` takes to reach
 * its extractive fallback while an Azure OpenAI stand-in answers every call with 429.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT, SAMPLE_KNOWLEDGE_DIR } from '../src/config/index.js';
import { FALLBACK_NOTICE } from '../src/llm/azure-openai/index.js';
import { AzureOpenAIStandIn, THROTTLED_BODY } from '../test/helpers/azure-openai-stand-in.js';
import { runNode } from '../test/helpers/cli-process.js';
import { findFreePort } from '../test/helpers/ports.js';
import { heading, median, report } from './stats.js';

const LUMEN = join(PACKAGE_ROOT, 'bin', 'lumen.js');
const SERVER = join(PACKAGE_ROOT, 'dist', 'bundle', 'main.js');
const QUESTION = 'How many vacation days do I get?';

function timed(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8', cwd: PACKAGE_ROOT });
  const elapsed = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.status}:\n${run.stderr}`);
  return elapsed;
}

async function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

/** Milliseconds from spawning the server to its first /healthz = 200. */
async function serverReady(env: NodeJS.ProcessEnv): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LUMEN_LOG_LEVEL: 'error' },
    stdio: 'ignore',
    cwd: PACKAGE_ROOT,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('the server was not ready within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    await stopped(child);
  }
}

/** Runs `node args` without blocking this process (a stand-in here answers it); resolves with its time and output. */
async function timedAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  const run = await runNode(args, { env, cwd: PACKAGE_ROOT });
  if (run.code !== 0) throw new Error(`node ${args.join(' ')} exited with ${run.code}:\n${run.stderr}`);
  return { ms: performance.now() - started, stdout: run.stdout };
}

/**
 * A one-shot `lumen ask` while Azure OpenAI answers every call with 429 and `retry-after: 1`:
 * milliseconds from starting the command to its extractive fallback answer, start-up included.
 */
async function timeToFallback(env: NodeJS.ProcessEnv, runs: number): Promise<{ ms: number; calls: number }> {
  const azure = await new AzureOpenAIStandIn(() => ({
    kind: 'status',
    status: 429,
    headers: { 'retry-after': '1' },
    body: THROTTLED_BODY,
  })).start();
  try {
    const throttled = {
      ...env,
      AZURE_OPENAI_ENDPOINT: azure.url,
      AZURE_OPENAI_API_KEY: 'bench',
      AZURE_OPENAI_CHAT_DEPLOYMENT: 'gpt-4o',
    };
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { ms, stdout } = await timedAsync([LUMEN, 'ask', QUESTION], throttled);
      if (!stdout.includes(FALLBACK_NOTICE)) throw new Error(`no fallback answer:\n${stdout}`);
      times.push(ms);
    }
    return { ms: median(times), calls: azure.chatRequests().length / runs };
  } finally {
    await azure.stop();
  }
}

export interface StartupFigures {
  node: number;
  help: number;
  ask: number;
  server: number;
  fallback: number;
}

export async function benchStartup(runs = 7): Promise<StartupFigures> {
  heading(`Start-up, compiled output (median of ${runs} runs each, interleaved)`);
  const build = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('the build failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'lumen-bench-startup-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    NODE_ENV: 'production',
    LUMEN_DATA_DIR: dataDir,
    LUMEN_KNOWLEDGE_DIR: SAMPLE_KNOWLEDGE_DIR,
  };
  try {
    timed([LUMEN, 'ingest', SAMPLE_KNOWLEDGE_DIR], env);
    // One unmeasured round warms the file system cache, as a machine that has run Lumen before has it.
    timed(['-e', '0'], env);
    timed([LUMEN, '--help'], env);
    timed([LUMEN, 'ask', QUESTION], env);
    const times: Record<'node' | 'help' | 'ask' | 'server', number[]> = {
      node: [],
      help: [],
      ask: [],
      server: [],
    };
    for (let run = 0; run < runs; run++) {
      times.node.push(timed(['-e', '0'], env));
      times.help.push(timed([LUMEN, '--help'], env));
      times.ask.push(timed([LUMEN, 'ask', QUESTION], env));
      times.server.push(await serverReady(env));
    }
    const figures: StartupFigures = {
      node: median(times.node),
      help: median(times.help),
      ask: median(times.ask),
      server: median(times.server),
      fallback: 0,
    };
    const ratio = (value: number) => `${(value / figures.node).toFixed(2)}× node -e 0`;
    report('node -e 0', `${figures.node.toFixed(0)} ms`);
    report('lumen --help', `${figures.help.toFixed(0)} ms, ${ratio(figures.help)} (target ≤ 1.5×)`);
    report('lumen ask, sample index', `${figures.ask.toFixed(0)} ms, ${ratio(figures.ask)} (target ≤ 3×)`);
    report(
      'server start to /healthz 200, built index',
      `${figures.server.toFixed(0)} ms, ${ratio(figures.server)} (target ≤ 2,000 ms)`,
    );
    const fallbackRuns = Math.min(runs, 3);
    const fallback = await timeToFallback(env, fallbackRuns);
    figures.fallback = fallback.ms;
    report(
      'lumen ask to fallback, every model call 429',
      `${(fallback.ms / 1000).toFixed(2)} s, ${fallback.calls} calls (target ≤ 10 s; median of ${fallbackRuns})`,
    );
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStartup(Number(process.argv[2] ?? 7));
