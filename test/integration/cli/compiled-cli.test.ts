import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/config/index.js';

const SRC = join(PACKAGE_ROOT, 'src');
const DIST = join(PACKAGE_ROOT, 'dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [relative(dir, path)];
  });
}

describe('the compiled command line', () => {
  const linkDir = mkdtempSync(join(tmpdir(), 'lumen-bin-'));

  beforeAll(() => {
    // What `npm install` and `npm start` do: build when dist/ is missing or older than src/.
    const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], {
      cwd: PACKAGE_ROOT,
      encoding: 'utf8',
    });
    expect(build.status, build.stderr).toBe(0);
  }, 120_000);

  afterAll(() => rmSync(linkDir, { recursive: true, force: true }));

  it('compiles every module and brings every other file under src/ along', () => {
    const built = new Set(filesUnder(DIST));
    for (const file of filesUnder(SRC)) {
      expect(built, file).toContain(file.endsWith('.ts') ? file.replace(/\.ts$/, '.js') : file);
    }
  });

  it('runs as `lumen` from a link on the PATH, as npm link and a global install make it', () => {
    const lumen = join(linkDir, 'lumen');
    symlinkSync(join(PACKAGE_ROOT, 'bin', 'lumen.js'), lumen);
    const run = spawnSync(lumen, ['--help'], { cwd: linkDir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Usage: lumen \[options\] \[command\]/);
    expect(run.stdout).toContain('ask [options] <question>');
  });

  it('indexes and answers through the compiled command line', () => {
    const dataDir = join(linkDir, 'data');
    const env = { ...process.env, NODE_OPTIONS: '', LUMEN_DATA_DIR: dataDir };
    const bin = join(PACKAGE_ROOT, 'bin', 'lumen.js');
    const ingest = spawnSync(process.execPath, [bin, 'ingest', join(PACKAGE_ROOT, 'samples/knowledge')], {
      env,
      encoding: 'utf8',
    });
    expect(ingest.status, ingest.stderr).toBe(0);
    const ask = spawnSync(process.execPath, [bin, 'ask', '--json', 'How many vacation days do I get?'], {
      env,
      encoding: 'utf8',
    });
    expect(ask.status, ask.stderr).toBe(0);
    const reply = JSON.parse(ask.stdout) as { abstained: boolean; citations: unknown[] };
    expect(reply.abstained).toBe(false);
    expect(reply.citations.length).toBeGreaterThan(0);
  }, 60_000);
});
