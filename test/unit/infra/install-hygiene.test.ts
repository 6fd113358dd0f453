import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/config/index.js';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
}

const readJson = (name: string) => JSON.parse(readFileSync(join(PACKAGE_ROOT, name), 'utf8'));

describe('installing and checking the project', () => {
  it('installs without engine warnings on the oldest Node the project supports', () => {
    const oldest = semver.minVersion(readJson('package.json').engines.node);
    expect(oldest).not.toBeNull();
    const lock: { packages: Record<string, LockedPackage> } = readJson('package-lock.json');
    const refusing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
      if (range && !semver.satisfies(oldest!, range)) refusing.push(`${path}@${pkg.version} wants ${range}`);
    }
    // These are exactly the packages `npm install` reports with EBADENGINE on that Node.
    expect(refusing).toEqual([]);
  });

  it('states the same oldest Node in the README', () => {
    const oldest = semver.minVersion(readJson('package.json').engines.node)!;
    const readme = readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`needs Node ${oldest.major}.${oldest.minor} or later`);
  });

  it('lints clean: no deprecated settings, no warnings', () => {
    const biome = join(PACKAGE_ROOT, 'node_modules', '.bin', 'biome');
    const run = spawnSync(biome, ['check', '.', '--colors=off'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    const out = `${run.stdout}${run.stderr}`;
    expect(run.status, out).toBe(0);
    expect(out).toMatch(/Checked \d+ files/);
    expect(out).not.toMatch(/deprecat|warning|info|error/i);
  }, 60_000);
});
