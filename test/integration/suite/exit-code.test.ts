import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
const VITEST = join(REPO, 'node_modules/vitest/vitest.mjs');

/**
 * Runs vitest, with the integration project's PostgreSQL global setup, on one test file in
 * a temporary folder; the setup's server port is written down so the test can check that
 * nothing is left listening afterwards.
 */
async function runIntegrationFile(folder: string, body: string) {
  const portFile = join(folder, 'port.txt');
  await writeFile(join(folder, 'case.test.ts'), `import { expect, it } from 'vitest';\n${body}\n`);
  await writeFile(
    join(folder, 'setup.ts'),
    `import { writeFileSync } from 'node:fs';
import setup from ${JSON.stringify(join(REPO, 'test/helpers/postgres-global-setup.ts'))};
export default async function (project) {
  const teardown = await setup({ provide: (key, url) => writeFileSync(${JSON.stringify(portFile)}, new URL(url).port) });
  return teardown;
}
`,
  );
  await writeFile(
    join(folder, 'vitest.config.ts'),
    `export default { test: { include: ['case.test.ts'], globalSetup: ['setup.ts'] } };\n`,
  );
  const env = { ...process.env };
  delete env.TEST_DATABASE_URL;
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  const child = spawn(process.execPath, [VITEST, 'run', '--root', folder], { cwd: folder, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const port = Number(await readFile(portFile, 'utf8'));
  return { code, output, port };
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

describe('the integration test run', () => {
  let failing: string;
  let passing: string;
  beforeAll(async () => {
    failing = await mkdtemp(join(tmpdir(), 'lumen-failing-suite-'));
    passing = await mkdtemp(join(tmpdir(), 'lumen-passing-suite-'));
  });
  afterAll(async () => {
    await rm(failing, { recursive: true, force: true });
    await rm(passing, { recursive: true, force: true });
  });

  it('exits non-zero when a test fails, exits 0 when all pass, and leaves no PostgreSQL running', async () => {
    const [bad, good] = await Promise.all([
      runIntegrationFile(failing, `it('fails', () => expect(1).toBe(2));`),
      runIntegrationFile(passing, `it('passes', () => expect(1).toBe(1));`),
    ]);
    expect(bad.output).toMatch(/1 failed/);
    expect(bad.code).not.toBe(0);
    expect(good.output).toMatch(/1 passed/);
    expect(good.code).toBe(0);
    expect(await listening(bad.port)).toBe(false);
    expect(await listening(good.port)).toBe(false);
  });
});
