import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { entryArgs } from './entry-points.js';
import { findFreePort } from './ports.js';

/** Lumen running as `npm start` runs it, in a process of its own. */
export interface LumenProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** Lines the server logged at level error so far. */
  loggedErrors: string[];
  /** Stops it as an operator would (SIGTERM: finish in-flight turns, then exit). */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash or an out-of-memory kill would. */
  kill(): Promise<void>;
}

/**
 * Starts Lumen's server (compiled, as `npm start` runs it, when built) with `env` on a free loopback port and waits until /healthz is 200.
 * Without a `dataDir` it gets a temporary one, removed when it stops; `nodeFlags` go to Node.
 */
export async function startLumenProcess(
  env: Record<string, string>,
  options: { dataDir?: string; nodeFlags?: string[] } = {},
): Promise<LumenProcess> {
  const port = await findFreePort();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lumen-process-'));
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...entryArgs('app/main')], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LUMEN_DATA_DIR: dataDir,
      LUMEN_LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const loggedErrors: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (stderr.length < 50) stderr.push(line);
    if (line.includes('"level":"error"')) loggedErrors.push(line);
  });
  const url = `http://127.0.0.1:${port}`;
  const cleanUp = () => {
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const end = async (signal: NodeJS.Signals) => {
    if (exitCode === undefined) child.kill(signal);
    await exited;
    cleanUp();
  };
  for (let attempt = 0; ; attempt++) {
    if (exitCode !== undefined) {
      cleanUp();
      throw new Error(`Lumen exited with ${exitCode} while starting:\n${stderr.join('\n')}`);
    }
    const status = await fetch(`${url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (attempt === 600) {
      await end('SIGKILL');
      throw new Error(`Lumen did not become ready at ${url} within 60 s:\n${stderr.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    dataDir,
    loggedErrors,
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
  };
}
