// Compiles src/ to dist/ with the project's own TypeScript and copies the files the code
// reads next to itself (the web chat's page and scripts). Plain JavaScript so that it runs
// before anything is compiled.
//
//   node scripts/build.mjs              always builds
//   node scripts/build.mjs --if-stale   builds only when dist/ is missing or older than src/
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Written last: its time is when the build finished, and its presence that it did. */
const STAMP = join(DIST, '.built');
const INPUTS = [SRC, join(ROOT, 'tsconfig.json'), join(ROOT, 'tsconfig.build.json')];

function newestChange(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestChange(input) > built);
}

function build() {
  let tsc;
  try {
    const manifest = createRequire(join(ROOT, 'package.json')).resolve('typescript/package.json');
    tsc = join(dirname(manifest), 'bin', 'tsc');
  } catch {
    console.error('lumen: cannot build: TypeScript is not installed (run `npm install`).');
    process.exit(1);
  }
  rmSync(DIST, { recursive: true, force: true });
  const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
  // Everything under src/ that is not TypeScript is read at run time from beside the code.
  cpSync(SRC, DIST, {
    recursive: true,
    filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts'),
  });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.error(`lumen: compiled ${relative(ROOT, SRC)}/ to ${relative(ROOT, DIST)}/`);
}

if (!process.argv.includes('--if-stale') || isStale()) build();
