import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
/** Written by `npm run build` when it has finished. */
const BUILT_STAMP = join(ROOT, 'dist', '.built');

function newestChange(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

let built: boolean | undefined;

/** Whether dist/ holds a build of the current sources (`npm test` builds before it runs the suite). */
export function isBuilt(): boolean {
  built ??= existsSync(BUILT_STAMP) && statSync(BUILT_STAMP).mtimeMs >= newestChange(SRC);
  return built;
}

/**
 * Node arguments that run one of Lumen's entry points, `src/<entry>.ts`: its compiled
 * JavaScript in dist/ when that is built from the current sources, as users run it, else
 * the TypeScript through tsx (a test run on its own while the sources are being edited).
 */
export function entryArgs(entry: 'app/main' | 'channels/cli/main'): string[] {
  return isBuilt() ? [join(ROOT, 'dist', `${entry}.js`)] : ['--import', 'tsx', join(SRC, `${entry}.ts`)];
}
