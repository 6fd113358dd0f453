import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryArgs } from '../../helpers/entry-points.js';

describe('starting on a port that is taken', () => {
  let squatter: Server;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lumen-busy-port-'));
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    port = (squatter.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => squatter.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says the port is in use and that PORT changes it, and exits 1', async () => {
    const child = spawn(process.execPath, entryArgs('app/main'), {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LUMEN_DATA_DIR: dataDir,
        LUMEN_INGEST_ON_START: 'false',
        LUMEN_LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`error when starting Lumen: port ${port} on 127.0.0.1 is already in use`);
    expect(stderr).toContain('set PORT to a free port');
    expect(stderr).not.toContain('[internal]');
  });
});
